"""The result of a batch run: Arrow tables, summaries, single-record expansion, CSV output."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao._decimals import decimal_array
from shuangdao._frames import TableAccess, TableMapping
from shuangdao.errors import InvalidRecordError, ShuangdaoError, UnknownReferenceError
from shuangdao.ingest import REJECTED_COLUMNS, rejected_rows, row_problems
from shuangdao.quantities import from_fen

if TYPE_CHECKING:
    from shuangdao.batch._identify import Decided
    from shuangdao.batch._load import Loaded
    from shuangdao.explain import Decision
    from shuangdao.model import Household, Village
    from shuangdao.standards import Standards

__all__ = [
    "CERTAINTY_TYPE",
    "HOUSEHOLD_CLASS_TYPE",
    "BatchInputs",
    "BatchResult",
    "BatchSummary",
    "BatchTables",
    "HOUSEHOLD_SCHEMA",
    "InternalConsistencyError",
    "MARGIN_TYPE",
    "REASON_TYPE",
    "REJECTED_SCHEMA",
    "VILLAGE_SCHEMA",
    "margin_array",
    "was_rejected",
]

MARGIN_TYPE = pa.decimal128(20, 4)
"""Arrow type of household margins: yuan per person with 4 decimals (0.0001 yuan)."""

REASON_TYPE = pa.dictionary(pa.int32(), pa.string())
"""Arrow type of reason codes (dictionary-encoded strings)."""

CERTAINTY_TYPE = pa.dictionary(pa.int32(), pa.string())
"""Arrow type of certainty columns (``confirmed``, ``derived``, ``recalled``, ``assumed``)."""

HOUSEHOLD_CLASS_TYPE = pa.dictionary(pa.int32(), pa.string())
"""Arrow type of round 1's ``household_class`` column (``welfare``, ``development``)."""

VILLAGE_SCHEMA = pa.schema(
    [
        ("village_id", pa.large_string()),
        ("selected", pa.bool_()),
        ("reason", REASON_TYPE),
        ("certainty", CERTAINTY_TYPE),
    ]
)
"""Columns of :attr:`BatchResult.villages`."""

HOUSEHOLD_SCHEMA = pa.schema(
    [
        ("household_id", pa.large_string()),
        ("poor", pa.bool_()),
        ("reason", REASON_TYPE),
        ("margin", MARGIN_TYPE),
        ("certainty", CERTAINTY_TYPE),
    ]
)
"""Columns of :attr:`BatchResult.households`."""

REJECTED_SCHEMA = pa.schema(
    list(
        zip(
            REJECTED_COLUMNS,
            (pa.string(), pa.int64(), pa.string(), pa.string(), pa.string()),
            strict=True,
        )
    )
)
"""Columns of :attr:`BatchResult.rejected`."""


def was_rejected(rejected: Any, record_id: str, name: str) -> UnknownReferenceError | None:
    """The error for asking about a rejected record: its row and every problem of that row.

    ``rejected``: rejections or a ``rejected`` table; ``None`` when no rejected row has the id.
    """
    problems = row_problems(rejected, record_id)
    if not problems:
        return None
    return UnknownReferenceError(
        f"was rejected (row {problems[0].row}: {'; '.join(p.error for p in problems)})",
        field=name,
        value=record_id,
    )


class InternalConsistencyError(ShuangdaoError, RuntimeError):
    """Decided + rejected rows do not add up to the input (a bug; please report it)."""


def margin_array(units: np.ndarray[Any, Any]) -> pa.Array:
    """Build a ``decimal128(20, 4)`` array from integer 0.0001-yuan units (exact).

    ``units`` may also be the ``(n, 2)`` int64 (low, high) words of the values, as
    :func:`shuangdao.batch._identify.decide_households` writes them: used as they are.
    """
    return decimal_array(units, MARGIN_TYPE)


class BatchTables(NamedTuple):
    """The three result tables in one frame library (pandas or polars).

    A named tuple (``villages, households, rejected = result.to_pandas()``) that can also be
    read by name like the other results' dicts (``frames["households"]``, ``frames.keys()``).

    .. versionchanged:: 0.2.0 Read by name.
    """

    villages: Any
    households: Any
    rejected: Any

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            if key not in self._fields:
                raise UnknownReferenceError(
                    f"is not a result table ({', '.join(self._fields)})", field="table", value=key
                )
            return getattr(self, key)
        return tuple.__getitem__(self, key)

    def keys(self) -> tuple[str, ...]:
        """The table names, as a dict's keys."""
        return self._fields

    def items(self) -> list[tuple[str, Any]]:
        """``(name, frame)`` pairs, as a dict's items."""
        return list(zip(self._fields, self, strict=True))


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Counts of one batch run.

    Attributes:
        round: The round.
        villages: Villages decided.
        villages_selected: Villages selected.
        households: Households decided.
        households_selected: Households selected (poor).
        persons_selected: Members of the selected households.
        rejected: Rejected input rows (villages and households): rows, not problems (the
            ``rejected`` table has one line per problem, so a row can appear several
            times; see :func:`shuangdao.ingest.rejected_rows`).
        village_reasons: Decided villages per reason code.
        household_reasons: Decided households per reason code.
        by_county: Per ``county_id`` (when the villages have one): villages, villages
            selected, households, households selected, persons selected; else ``None``.
    """

    round: int
    villages: int
    villages_selected: int
    households: int
    households_selected: int
    persons_selected: int
    rejected: int
    village_reasons: dict[str, int] = field(default_factory=dict)
    household_reasons: dict[str, int] = field(default_factory=dict)
    by_county: pa.Table | None = None


class BatchInputs(NamedTuple):
    """The validated inputs of the decided rows of a :class:`BatchResult`.

    For callers that carry on from identification over columns (the whole-round runner):
    the values the rules read, exactly as validated (money in integer fen).

    Attributes:
        village_rows: 0-based positions in the villages input of the decided villages, in
            the order of :attr:`BatchResult.villages`.
        household_rows: Likewise for the households.
        villages: Validated village columns (``per_capita_income``, ``collective_income``
            in fen; ``designated``, ``registered_population`` where the round reads them).
        households: Validated household columns: ``members``, ``income`` (fen),
            ``has_labour_capacity``.
        household_village: Each decided household's village, as a position among the
            decided villages.
        village_county: The decided villages' validated ``county_id`` (``None`` when the
            input has no such column).

    .. versionadded:: 0.2.0
    """

    village_rows: np.ndarray[Any, Any]
    household_rows: np.ndarray[Any, Any]
    villages: dict[str, np.ndarray[Any, Any]]
    households: dict[str, np.ndarray[Any, Any]]
    household_village: np.ndarray[Any, Any]
    village_county: pa.Array | None


@dataclass(slots=True)
class BatchResult(TableAccess):
    """Decisions of one identification round over whole tables.

    Its tables (``villages``, ``households``, ``rejected``) are read like every result's:
    ``table_names``, ``tables``, ``table(name)``, ``to_arrow()``, ``to_pandas()``,
    ``to_polars()`` (``money="decimal"|"float"|"fen"``: see *Results as tables*).

    Attributes:
        round: The round (1, 2 or 3).
        villages: ``village_id``, ``selected``, ``reason``, ``certainty`` (one row per
            decided village, in input order).
        households: ``household_id``, ``poor``, ``reason``, ``margin`` (per-capita margin to
            the household line, ``decimal128(20, 4)`` yuan, rounded half-even to 0.0001 as the
            object path reports it), ``certainty`` (the weakest certainty among the values the
            decision read, as :attr:`~shuangdao.explain.Decision.certainty`), one row per
            decided household, in input order. Round 1 appends ``household_class``:
            ``welfare`` (低保户, below ``round1.welfare_line``) or ``development``
            (开发式扶贫户) for a poor household, null otherwise, as
            :func:`~shuangdao.rules.identification.classify_household_round1` decides (its
            certainty is at most the row's: the welfare comparator is recalled).

    .. versionchanged:: 0.2.0 ``certainty`` columns added (issue 15).
        rejected: ``file``, ``row``, ``id``, ``field``, ``error``: every input row that was
            not decided, with every independent problem found, one line each (villages
            first, then households; by row, then in the contract's column order; count
            rows with :func:`shuangdao.ingest.rejected_rows`).
        standards: The standards the run used.
        as_of: The date decisions speak for, if given.
    """

    round: int
    villages: pa.Table
    households: pa.Table
    rejected: pa.Table
    standards: Standards
    as_of: dt.date | None
    _villages: Loaded
    _households: Loaded
    _household_village: np.ndarray[Any, Any]
    _decided: Decided

    def inputs(self) -> BatchInputs:
        """The validated inputs of the decided rows (see :class:`BatchInputs`).

        Example:
            >>> import pyarrow as pa
            >>> from shuangdao.batch import identify
            >>> villages = pa.table({"village_id": ["v1"], "per_capita_income": ["5000"],
            ...                      "collective_income": ["100"]})
            >>> households = pa.table({"household_id": ["h1"], "village_id": ["v1"],
            ...                        "members": [2], "income": ["6000.50"],
            ...                        "has_labour_capacity": [True]})
            >>> identify(villages, households, round=2).inputs().households["income"].tolist()
            [600050]
        """
        villages = {
            name: np.asarray(values)
            for name, values in self._villages.columns.items()
            if not name.endswith("?")
        }
        households = {
            name: np.asarray(self._households.columns[name])
            for name in ("members", "income", "has_labour_capacity")
        }
        return BatchInputs(
            village_rows=np.asarray(self._villages.index, dtype=np.int64),
            household_rows=np.asarray(self._households.index, dtype=np.int64),
            villages=villages,
            households=households,
            household_village=np.asarray(self._household_village, dtype=np.int64),
            village_county=self._villages.extra.get("county_id"),
        )

    # ------------------------------------------------------------ frames
    def _table_map(self) -> dict[str, pa.Table]:
        return {"villages": self.villages, "households": self.households, "rejected": self.rejected}

    def _all_frames(self, frames: dict[str, Any]) -> BatchTables:
        return BatchTables(**frames)

    @property
    def tables(self) -> TableMapping:
        """The result's tables by name: ``villages``, ``households``, ``rejected``."""
        return TableMapping(self._table_map(), "BatchResult")

    # ------------------------------------------------------------ summary
    def summary(self) -> BatchSummary:
        """Counts per outcome and reason (and per county when villages carry ``county_id``)."""
        members = self._households.columns["members"]
        poor = self._decided.household_selected
        persons = int(members[poor].sum()) if len(members) else 0
        village_reasons = Counter(self.villages.column("reason").to_pylist())
        household_reasons = Counter(self.households.column("reason").to_pylist())
        by_county = None
        county = self._villages.extra.get("county_id")
        if county is not None:
            village_county = county
            household_county = county.take(
                pa.array(np.asarray(self._household_village, dtype=np.int64), pa.int64())
            )
            villages = pa.table(
                {"county_id": village_county, "selected": pa.array(self._decided.village_selected)}
            )
            households = pa.table(
                {
                    "county_id": household_county,
                    "poor": pa.array(poor),
                    "persons": pa.array(np.where(poor, members, 0)),
                }
            )
            v = villages.group_by("county_id").aggregate(
                [("selected", "count"), ("selected", "sum")]
            )
            h = households.group_by("county_id").aggregate(
                [("poor", "count"), ("poor", "sum"), ("persons", "sum")]
            )
            joined = v.join(h, "county_id", join_type="full outer")
            by_county = pa.table(
                {
                    "county_id": joined.column("county_id"),
                    "villages": pc.fill_null(joined.column("selected_count"), 0),
                    "villages_selected": pc.fill_null(joined.column("selected_sum"), 0),
                    "households": pc.fill_null(joined.column("poor_count"), 0),
                    "households_selected": pc.fill_null(joined.column("poor_sum"), 0),
                    "persons_selected": pc.fill_null(joined.column("persons_sum"), 0),
                }
            ).sort_by("county_id")
        return BatchSummary(
            round=self.round,
            villages=self.villages.num_rows,
            villages_selected=int(self._decided.village_selected.sum()),
            households=self.households.num_rows,
            households_selected=int(poor.sum()),
            persons_selected=persons,
            rejected=rejected_rows(self.rejected),
            village_reasons=dict(sorted(village_reasons.items())),
            household_reasons=dict(sorted(household_reasons.items())),
            by_county=by_county,
        )

    # ------------------------------------------------------------ one record
    def decision(
        self, *, household_id: str | None = None, village_id: str | None = None
    ) -> Decision:
        """Expand one decided record into its full :class:`~shuangdao.explain.Decision`.

        The record is rebuilt as a model object and decided by the object path
        (:mod:`shuangdao.rules.identification`) under the same standards, so the decision
        carries every reason, citation and the explanation.

        Raises:
            UnknownReferenceError: No decided record has this id (rejected rows say why).
            InvalidRecordError: Neither or both ids were given.
        """
        from shuangdao.rules import identification as rules

        if (household_id is None) == (village_id is None):
            raise InvalidRecordError("give exactly one of household_id or village_id")
        if village_id is not None:
            return self._village_decision(self._find(self._villages, village_id, "village_id"))
        assert household_id is not None
        position = self._find(self._households, household_id, "household_id")
        household = self._household(position)
        village_position = int(self._household_village[position])
        if self.round == 1:
            return rules.identify_household_round1(
                household,
                village=self._village(village_position),
                standards=self.standards,
                as_of=self.as_of,
            )
        if self.round == 2:
            return rules.identify_household_round2(
                household,
                in_key_village=self._village_decision(village_position),
                standards=self.standards,
                as_of=self.as_of,
            )
        return rules.identify_household_round3(
            household, standards=self.standards, as_of=self.as_of
        )

    def _village_decision(self, position: int) -> Decision:
        from shuangdao.rules import identification as rules

        village = self._village(position)
        if self.round == 1:
            return rules.identify_village_round1(
                village, standards=self.standards, as_of=self.as_of
            )
        if self.round == 2:
            return rules.identify_village_round2(
                village, standards=self.standards, as_of=self.as_of
            )
        assert self._decided.poor_persons is not None
        return rules.identify_village_round3(
            village,
            relatively_poor_persons=int(self._decided.poor_persons[position]),
            standards=self.standards,
            as_of=self.as_of,
        )

    def _find(self, loaded: Loaded, subject_id: str, name: str) -> int:
        position = pc.index(loaded.ids, subject_id).as_py()
        if position is None or position < 0:
            rejected = was_rejected(loaded.rejected, subject_id, name)
            if rejected is not None:
                raise rejected
            raise UnknownReferenceError("is not in this result", field=name, value=subject_id)
        return int(position)

    def _village(self, position: int) -> Village:
        from shuangdao.model import Village

        columns = self._villages.columns

        def money(name: str) -> Decimal | None:
            if not columns[name + "?"][position]:
                return None
            return from_fen(int(columns[name][position]))

        present = columns["designated?"][position]
        population = columns["registered_population"][position]
        return Village(
            village_id=self._villages.ids[position].as_py(),
            per_capita_income=money("per_capita_income"),
            collective_income=money("collective_income"),
            registered_population=int(population)
            if columns["registered_population?"][position]
            else None,
            designated=bool(columns["designated"][position]) if present else None,
            income_measure=self.standards.round(self.round).income_measure,
        )

    def _household(self, position: int) -> Household:
        from shuangdao.model import Household

        columns = self._households.columns
        return Household(
            household_id=self._households.ids[position].as_py(),
            village_id=self._households.extra["village_id"][position].as_py(),
            members=int(columns["members"][position]),
            income=from_fen(int(columns["income"][position])),
            has_labour_capacity=bool(columns["has_labour_capacity"][position]),
            income_measure=self.standards.round(self.round).income_measure,
        )

    # ------------------------------------------------------------ output
    def write(self, directory: str | Path) -> tuple[Path, Path, Path]:
        """Write ``villages.csv``, ``households.csv`` and ``rejected.csv`` exactly as the CLI.

        Same columns, encoding, line endings and atomic replacement as
        :func:`shuangdao.io.write_identification`: ``village_id,selected,reason,certainty``
        and ``household_id,poor,reason,certainty`` (households without the margin column).

        .. versionchanged:: 0.2.0 ``certainty`` appended as the last column (issue 15).

        Returns:
            The three paths.
        """
        from shuangdao import io

        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = (folder / "villages.csv", folder / "households.csv", folder / "rejected.csv")
        v, h, r = self.villages, self.households, self.rejected
        village_columns, household_columns = io.VILLAGE_OUTPUT_COLUMNS, io.HOUSEHOLD_OUTPUT_COLUMNS
        io._write_all(
            [
                (paths[0], village_columns, _rows(v, village_columns)),
                (paths[1], household_columns, _rows(h, household_columns)),
                (paths[2], REJECTED_COLUMNS, _rows(r, r.column_names)),
            ]
        )
        return paths

    def _repr_html_(self) -> str:
        s = self.summary()
        rows = "".join(
            f"<tr><td>{html.escape(k)}</td><td>{v:,}</td></tr>"
            for k, v in s.household_reasons.items()
        )
        vrows = "".join(
            f"<tr><td>{html.escape(k)}</td><td>{v:,}</td></tr>"
            for k, v in s.village_reasons.items()
        )
        return (
            f"<div><strong>shuangdao batch identification, round {s.round}</strong>"
            f"<p>{s.villages_selected:,} of {s.villages:,} villages selected; "
            f"{s.households_selected:,} of {s.households:,} households "
            f"({s.persons_selected:,} persons) selected; {s.rejected:,} rows rejected"
            f"{_problems(self.rejected, s.rejected)}.</p>"
            f"<table><tr><th>village reason</th><th>count</th></tr>{vrows}</table>"
            f"<table><tr><th>household reason</th><th>count</th></tr>{rows}</table></div>"
        )

    def __repr__(self) -> str:
        return (
            f"BatchResult(round={self.round}, villages={self.villages.num_rows}, "
            f"households={self.households.num_rows}, "
            f"rejected={rejected_rows(self.rejected)})"
        )


def _problems(table: pa.Table, rows: int) -> str:
    """`` (5 problems)`` when the rejected rows have more problems than rows, else ``""``."""
    return f" ({table.num_rows:,} problems)" if table.num_rows > rows else ""


def _rows(table: pa.Table, names: Any) -> list[list[str]]:
    columns = [table.column(name).to_pylist() for name in names]
    return [[_cell(value) for value in row] for row in zip(*columns, strict=True)]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
