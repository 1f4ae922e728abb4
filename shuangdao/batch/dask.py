"""Identification over Dask DataFrames, on one machine or a cluster (extra ``dask``).

:func:`identify` returns exactly what :func:`shuangdao.batch.identify` returns for the same
rows, whatever the partitioning — including partitions that split a village's households —
in a few passes:

1. **Villages** are small (tens of thousands of rows): they are computed into memory and
   validated once, and the validated columns are sent to every task.
2. **Scan**: each household partition is validated (rows numbered from its global offset)
   and returns the ids of its accepted rows. Duplicate ids are found on the client over the
   whole id column — the first accepted occurrence is kept, as in memory.
3. **Round 3 only**: round-3 households do not depend on their village, so each partition
   decides its households and returns the relatively poor persons per village; the sums are
   added across partitions and the villages decided.
4. **Decide**: the village outcomes are broadcast and each partition decides its
   households; the pieces are concatenated in partition order into one
   :class:`~shuangdao.batch.BatchResult` (held in memory, like the in-memory path's).

On a real cluster, with ``shuangdao[frame]`` installed on every worker::

    from distributed import Client
    import dask.dataframe as dd
    from shuangdao.batch import dask as batch_dask

    client = Client("tcp://scheduler:8786")
    villages = dd.read_parquet("s3://bucket/villages.parquet")
    households = dd.read_parquet("s3://bucket/households/*.parquet")
    result = batch_dask.identify(villages, households, round=2)
    result.summary()

The result tables must fit in the client's memory (about 40 bytes per household plus ids);
for national registers, write partitions out from the per-partition pieces instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

try:
    import dask.dataframe as dd
    from dask.base import compute as _compute
    from dask.delayed import delayed
except ImportError as _error:  # pragma: no cover - depends on the environment
    raise ImportError("shuangdao.batch.dask needs dask: pip install 'shuangdao[dask]'") from _error

from shuangdao.batch import BatchResult, _assemble
from shuangdao.batch._identify import (
    Decided,
    bound_rules,
    evaluate_households,
    evaluate_villages,
    poor_persons_by_village,
)
from shuangdao.batch._load import Loaded, load_households, load_villages
from shuangdao.citations import Certainty
from shuangdao.declare import Evaluated
from shuangdao.errors import UnknownReferenceError
from shuangdao.rules.identification import IDENTIFICATION
from shuangdao.standards import Standards, default_standards

__all__ = ["identify"]


def compute(*tasks: Any) -> tuple[Any, ...]:
    """Run delayed tasks on the current scheduler (typed wrapper of :func:`dask.compute`)."""
    results: tuple[Any, ...] = _compute(*tasks)  # type: ignore[no-untyped-call]
    return results


def _load(
    partition: Any,
    villages: Loaded,
    round: int,
    offset: int,
    duplicates: dict[int, int] | None,
) -> tuple[Loaded, np.ndarray[Any, Any]]:
    rows = np.arange(offset + 1, offset + len(partition) + 1, dtype=np.int64)
    loaded, position = load_households(
        partition,
        villages=villages,
        round=round,
        rows=rows,
        check_duplicates=False,
        duplicates=duplicates,
    )
    loaded.index = loaded.index + offset
    return loaded, position


def _scan(partition: Any, villages: Loaded, round: int, offset: int) -> tuple[list[str], Any]:
    loaded, _ = _load(partition, villages, round, offset, None)
    return loaded.ids.to_pylist(), loaded.index


def _poor(
    partition: Any,
    villages: Loaded,
    standards: Standards,
    offset: int,
    duplicates: dict[int, int],
) -> np.ndarray[Any, Any]:
    loaded, position = _load(partition, villages, 3, offset, duplicates)
    spec, _, rule = bound_rules(3, standards)
    evaluated = evaluate_households(
        spec, rule, {**loaded.columns, "village": position}, None, Certainty.CONFIRMED
    )
    return poor_persons_by_village(
        loaded.columns["members"], evaluated.outcome, position, len(villages.index)
    )


def _decide(  # noqa: PLR0917 - a task function; dask passes arguments positionally
    partition: Any,
    villages: Loaded,
    round: int,
    standards: Standards,
    village_selected: np.ndarray[Any, Any],
    offset: int,
    duplicates: dict[int, int],
) -> tuple[Loaded, np.ndarray[Any, Any], Evaluated, np.ndarray[Any, Any]]:
    loaded, position = _load(partition, villages, round, offset, duplicates)
    spec, village_rule, rule = bound_rules(round, standards)
    piece = {**loaded.columns, "village": position}
    evaluated = evaluate_households(
        spec, rule, piece, village_selected, village_rule.certainty, margin=True
    )
    assert evaluated.margin is not None
    return loaded, position, evaluated, evaluated.margin


def identify(
    villages: Any,
    households: Any,
    *,
    round: int,
    standards: Standards | None = None,
) -> BatchResult:
    """Decide one round over Dask DataFrames; identical to :func:`shuangdao.batch.identify`.

    Args:
        villages: Villages (Dask or pandas DataFrame, or anything
            :func:`shuangdao.batch.identify` accepts); computed into memory.
        households: Households (a Dask DataFrame, any partitioning; a pandas DataFrame is
            treated as one partition).
        round: 1, 2 or 3.
        standards: Standards (``None``: the defaults).

    Returns:
        A :class:`~shuangdao.batch.BatchResult`, equal to the in-memory path's.

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.

    Policy: S1, S3, S5, S18, S19 (see :mod:`shuangdao.rules.identification`).
    """
    if isinstance(round, bool) or round not in (1, 2, 3):
        raise UnknownReferenceError(
            "is not a round with identification rules (1, 2, 3)", field="round", value=round
        )
    std = default_standards() if standards is None else standards
    if isinstance(villages, dd.DataFrame):
        villages = villages.compute()  # type: ignore[no-untyped-call]
    village_rows = load_villages(
        villages, round=round, rule=IDENTIFICATION[round].village(std), standards=std
    )
    if not isinstance(households, dd.DataFrame):
        households = dd.from_pandas(households, npartitions=1)  # type: ignore[no-untyped-call]
    parts = households.to_delayed()
    lengths = [int(n) for n in households.map_partitions(len).compute()]
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(int).tolist()
    # Pass 1: accepted ids of every partition → duplicates across partitions.
    scans = compute(
        *[delayed(_scan)(p, village_rows, round, o) for p, o in zip(parts, offsets, strict=True)]
    )
    seen: dict[str, int] = {}
    duplicates: list[dict[int, int]] = [{} for _ in parts]
    for k, (ids, index) in enumerate(scans):
        for household_id, position in zip(ids, index.tolist(), strict=True):
            first = seen.setdefault(household_id, position)
            if first != position:
                duplicates[k][position - offsets[k]] = first
    poor_persons = None
    if round == 3:
        sums = compute(
            *[
                delayed(_poor)(p, village_rows, std, o, d)
                for p, o, d in zip(parts, offsets, duplicates, strict=True)
            ]
        )
        poor_persons = np.zeros(len(village_rows.index), dtype=np.int64)
        for part in sums:
            poor_persons = poor_persons + part
    spec, village_rule, household_rule = bound_rules(round, std)
    villages_evaluated = evaluate_villages(
        spec,
        village_rule,
        village_rows.columns,
        poor_persons=poor_persons,
        household_certainty=household_rule.certainty,
    )
    village_selected = villages_evaluated.outcome
    pieces = compute(
        *[
            delayed(_decide)(p, village_rows, round, std, village_selected, o, d)
            for p, o, d in zip(parts, offsets, duplicates, strict=True)
        ]
    )
    loaded = [piece[0] for piece in pieces]
    household_rows = Loaded(
        file="households",
        n_rows=sum(part.n_rows for part in loaded),
        index=np.concatenate([part.index for part in loaded]) if loaded else np.zeros(0, np.int64),
        ids=pa.concat_arrays([part.ids for part in loaded])
        if loaded
        else pa.array([], pa.large_string()),
        columns={
            name: np.concatenate([part.columns[name] for part in loaded])
            for name in (loaded[0].columns if loaded else {})
        },
        extra={
            name: pa.concat_arrays([part.extra[name] for part in loaded])
            for name in (loaded[0].extra if loaded else {})
        },
        rejected=[r for part in loaded for r in part.rejected],
    )
    position = np.concatenate([piece[1] for piece in pieces]) if pieces else np.zeros(0, np.int64)
    empty = np.zeros(0, np.int64)
    certainty = Certainty.weakest(household_rule.certainty, village_rule.certainty)
    decided = Decided(
        village_selected=village_selected,
        village_bits=villages_evaluated.bits,
        household_selected=np.concatenate([p[2].outcome for p in pieces]) if pieces else empty,
        household_bits=np.concatenate([p[2].bits for p in pieces]) if pieces else empty,
        margin=np.concatenate([piece[3] for piece in pieces]) if pieces else empty,
        poor_persons=poor_persons,
        village_certainty=villages_evaluated.certainty,
        household_certainty=certainty if spec.village_outcome else household_rule.certainty,
        village_names=village_rule.rule.names,
        household_names=household_rule.rule.names,
    )
    return _assemble(round, std, None, village_rows, household_rows, position, decided)
