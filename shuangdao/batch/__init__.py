"""The identification rules over whole tables: pandas, polars, Arrow, CSV and Parquet.

The object path (:mod:`shuangdao.rules.identification`) decides one record at a time, for
casework. This module decides a whole register at once — hundreds of thousands to tens of
millions of households — with **exactly the same answers**: the same standards, the same
comparators, the same reason codes (``"selected"`` or ``"not:" + "+".join(failing
criteria)``) and the same per-capita margins. A property test holds the two paths together
record for record, in every round.

* **Inputs**: pandas or polars DataFrames, :class:`pyarrow.Table`, anything with
  ``__arrow_c_stream__``, or paths to ``.csv`` (read as text, validated like the CLI) and
  ``.parquet`` files, with the columns of the ``identify`` CLI contract: villages
  ``village_id``, ``per_capita_income``, ``collective_income`` (+ ``designated`` in round 1,
  ``registered_population`` in round 3, optional ``county_id`` for summaries); households
  ``household_id``, ``village_id``, ``members``, ``income`` (total yuan),
  ``has_labour_capacity``.
* **Exact money**: amounts become integer fen after validation; a value with more than two
  decimals, NaN, an infinity, a negative or a non-number is a rejected row, never rounded
  (floats are read through their shortest ``repr``, as :func:`shuangdao.quantities.money`
  does). Thresholds come from the standards as ``Decimal`` and are compared in integers (see
  :mod:`shuangdao.batch._identify`); no float decides anything.
* **Nothing dropped**: every input row is decided or listed in ``rejected`` with its file,
  row, id, field and error; decided + rejected = input is checked on every run.
* **Any record, explained**: :meth:`BatchResult.decision` rebuilds one record and decides it
  with the object path, giving the full :class:`~shuangdao.explain.Decision`.

Requires the ``frame`` extra (``pip install 'shuangdao[frame]'``); the Dask adapter is
:mod:`shuangdao.batch.dask` (``pip install 'shuangdao[dask]'``).

Example:
    >>> import pyarrow as pa
    >>> villages = pa.table({"village_id": ["v1"], "per_capita_income": ["5622.99"],
    ...                      "collective_income": ["29999.99"]})
    >>> households = pa.table({"household_id": ["h1", "h2"], "village_id": ["v1", "v1"],
    ...                        "members": [4, 0], "income": ["12371.99", "100"],
    ...                        "has_labour_capacity": [True, True]})
    >>> result = identify(villages, households, round=2)
    >>> result.households.column("reason").to_pylist(), result.rejected.num_rows
    (['selected'], 1)
    >>> result.decision(household_id="h1").outcome
    True
"""

from __future__ import annotations

try:
    import numpy as np
    import pyarrow as pa
except ImportError as _error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "shuangdao.batch needs numpy and pyarrow: pip install 'shuangdao[frame]'"
    ) from _error

import datetime as dt
from typing import Any

from shuangdao import ingest
from shuangdao.batch._exit import ExitResult, exit_status
from shuangdao.batch._identify import (
    Decided,
    certainty_column,
    flag_column,
    household_class_column,
    identify_columns,
    reason_codes,
)
from shuangdao.batch._load import Loaded, load_households, load_villages
from shuangdao.batch._result import (
    HOUSEHOLD_CLASS_TYPE,
    HOUSEHOLD_SCHEMA,
    MARGIN_TYPE,
    REASON_TYPE,
    REJECTED_SCHEMA,
    VILLAGE_SCHEMA,
    BatchInputs,
    BatchResult,
    BatchSummary,
    BatchTables,
    InternalConsistencyError,
    margin_array,
)
from shuangdao.batch._settlement import SettlementResult, settlement
from shuangdao.errors import (
    InvalidTypeError,
    UnknownReferenceError,
)
from shuangdao.rules.identification import IDENTIFICATION
from shuangdao.standards import Standards, default_standards

__all__ = [
    "BatchInputs",
    "BatchResult",
    "BatchSummary",
    "BatchTables",
    "ExitResult",
    "HOUSEHOLD_CLASS_TYPE",
    "HOUSEHOLD_SCHEMA",
    "InternalConsistencyError",
    "MARGIN_TYPE",
    "REASON_TYPE",
    "REJECTED_SCHEMA",
    "SettlementResult",
    "VILLAGE_SCHEMA",
    "exit_status",
    "identify",
    "settlement",
]


def _rejected_table(villages: Loaded, households: Loaded) -> pa.Table:
    rows = villages.rejected + households.rejected
    return pa.table(
        {
            "file": pa.array([r.file for r in rows], pa.string()),
            "row": pa.array([r.row for r in rows], pa.int64()),
            "id": pa.array([r.id for r in rows], pa.string()),
            "field": pa.array([r.field for r in rows], pa.string()),
            "error": pa.array([r.error for r in rows], pa.string()),
        },
        schema=REJECTED_SCHEMA,
    )


def identify(
    villages: Any,
    households: Any,
    *,
    round: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> BatchResult:
    """Decide every village and household of one round over whole tables.

    The same rules as :func:`shuangdao.rules.identification.identify` (round 1: designated
    villages, households at or below the line; round 2: key villages, poor households with
    labour capacity; round 3: relatively poor households, then villages by income and the
    share of relatively poor persons), vectorised, with bad rows rejected instead of raised.

    Policy: S1, S3, S5, S18, S19 (see :mod:`shuangdao.rules.identification`).

    Args:
        villages: Villages (DataFrame, Arrow table, Arrow stream, or ``.csv``/``.parquet``
            path) with the ``identify`` CLI columns for ``round``.
        households: Households, likewise.
        round: 1, 2 or 3.
        standards: Standards to apply (``None``: :func:`default_standards`).
        as_of: The date decisions speak for (recorded on expanded decisions).

    Returns:
        A :class:`BatchResult` with ``villages``, ``households`` and ``rejected`` tables.

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.
        InvalidTypeError: An input is not a supported table or path.
        InvalidRecordError: A file cannot be read.
        InternalConsistencyError: Decided + rejected rows do not add up (a bug).

    Example:
        >>> import pandas as pd
        >>> v = pd.DataFrame({"village_id": ["v1"], "per_capita_income": [8000.0],
        ...                   "collective_income": [0], "registered_population": [20]})
        >>> h = pd.DataFrame({"household_id": ["h1"], "village_id": ["v1"], "members": [1],
        ...                   "income": [3999.99], "has_labour_capacity": [False]})
        >>> identify(v, h, round=3).villages.column("reason").to_pylist()
        ['selected']
    """
    if isinstance(round, bool) or round not in (1, 2, 3):
        raise UnknownReferenceError(
            "is not a round with identification rules (1, 2, 3)", field="round", value=round
        )
    if standards is None:
        standards = default_standards()
    elif not isinstance(standards, Standards):
        raise InvalidTypeError(
            f"must be a Standards object, not {type(standards).__name__}", field="standards"
        )
    village_rows = load_villages(
        villages,
        round=round,
        rule=IDENTIFICATION[round].village(standards),
        standards=standards,
    )
    household_rows, household_village = load_households(
        households, villages=village_rows, round=round
    )
    decided = identify_columns(
        round,
        standards,
        village_rows.columns,
        household_rows.columns,
        None if household_rows.chunks is not None else household_village,
        household_chunks=household_rows.chunks,
    )
    return _assemble(
        round, standards, as_of, village_rows, household_rows, household_village, decided
    )


def _assemble(  # noqa: PLR0917 - private; shared with shuangdao.batch.dask
    round: int,
    standards: Standards,
    as_of: dt.date | None,
    village_rows: Loaded,
    household_rows: Loaded,
    household_village: np.ndarray[Any, Any],
    decided: Decided,
) -> BatchResult:
    """Build the result tables and check that decided + rejected = input."""
    village_table = pa.table(
        {
            "village_id": village_rows.ids,
            "selected": flag_column(decided.village_selected),
            "reason": reason_codes(decided.village_bits, decided.village_names),
            "certainty": certainty_column(len(village_rows.ids), decided.village_certainty),
        },
        schema=VILLAGE_SCHEMA,
    )
    household_table = pa.table(
        {
            "household_id": household_rows.ids,
            "poor": flag_column(decided.household_selected),
            "reason": reason_codes(decided.household_bits, decided.household_names),
            "margin": margin_array(decided.margin),
            "certainty": certainty_column(len(household_rows.ids), decided.household_certainty),
        },
        schema=HOUSEHOLD_SCHEMA,
    )
    classes = IDENTIFICATION[round].household_class
    if classes is not None:  # round 1: welfare or development household (S5)
        chunks = household_rows.chunks or [household_rows.columns]
        household_table = household_table.append_column(
            pa.field("household_class", HOUSEHOLD_CLASS_TYPE),
            household_class_column(classes.bind(standards), chunks, decided.household_selected),
        )
    _check_counts(village_rows, village_table.num_rows, "villages")
    _check_counts(household_rows, household_table.num_rows, "households")
    return BatchResult(
        round=round,
        villages=village_table,
        households=household_table,
        rejected=_rejected_table(village_rows, household_rows),
        standards=standards,
        as_of=as_of,
        _villages=village_rows,
        _households=household_rows,
        _household_village=household_village,
        _decided=decided,
    )


def _check_counts(rows: Loaded, decided: int, what: str) -> None:
    rejected = ingest.rejected_rows(rows.rejected)  # rows, not problems
    if decided + rejected != rows.n_rows:
        raise InternalConsistencyError(
            f"{decided} decided + {rejected} rejected != {rows.n_rows} input rows",
            field=what,
        )
