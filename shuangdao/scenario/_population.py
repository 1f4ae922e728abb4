"""Populations and their partitions: villages with their households, read where they are run.

A whole-round run never holds a province as Python objects. It works on **partitions**: a
range of villages with all their households. Each partition is read (or, for the built-in
synthetic province, generated) by the task that runs it — on this machine or on a Dask
worker — so memory is bounded by the partition, not by the province. A :class:`Reader`
knows how to cut a population into :class:`Part` objects (small and picklable) and how to
read one:

* :class:`SyntheticReader` — the built-in province (``population=None``), generated block by
  block (:meth:`shuangdao.synth.SyntheticBlocks.block`) with only the income years the round
  needs: the identification year for every household first, the later years for the
  assisted villages and households only;
* :class:`TableReader` — tables in memory (Arrow, pandas, polars; a
  :class:`~shuangdao.synth.SyntheticProvince`), cut by village;
* :class:`ParquetReader` — Parquet files, read row group by row group (households stored
  village by village, as :func:`shuangdao.synth.write_parquet` writes them);
* :class:`PathReader` — CSV files (and anything not cut by village: duplicated ids, a
  household of an unknown village), identified as one piece.

Households follow their village: within a partition, rows keep their input order. Every
record keeps its **position in the population** (its input row; its place in the synthetic
province), which keys its random draws (:mod:`shuangdao.scenario._draws`) and numbers its
rejected rows, so the partitioning never changes a result.

Tables may carry the round's inputs under the identify contract's names (``income``,
``per_capita_income``, ``collective_income``) or by year (``income_2011``...,
``per_capita_income_<year>``, ``collective_income_<year>``, the layout of the synthetic
province): then the round's identification year is read for identification, and the later
years are the baseline incomes of the growth model (:mod:`shuangdao.scenario._growth`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.ingest import CONTRACTS

if TYPE_CHECKING:
    from shuangdao.synth import SyntheticBlocks

__all__ = [
    "PART_HOUSEHOLDS",
    "DuplicatesFound",
    "Later",
    "MONEY_TYPE",
    "Part",
    "PartInput",
    "ParquetReader",
    "PathReader",
    "Population",
    "Reader",
    "SyntheticReader",
    "TableReader",
    "reader_for",
]

PART_HOUSEHOLDS: Final = 200_000
"""About how many households a partition of tables or Parquet files holds."""

_VILLAGE_COLUMNS: Final = tuple(c.name for c in CONTRACTS["villages"].columns)
_HOUSEHOLD_COLUMNS: Final = tuple(c.name for c in CONTRACTS["households"].columns)
_AREAS: Final = ("county_id", "township_id", "city_id")
MONEY_TYPE: Final = pa.decimal128(15, 2)
"""The money columns the runner reads and writes: yuan with fen (as the synthetic province's)."""


@dataclass(slots=True)
class Population:
    """A population to run: the identify-contract tables plus what the runner can use.

    Attributes:
        villages: Villages (table, DataFrame or path) with the identify columns of the round
            (or their yearly columns, ``per_capita_income_<year>``...).
        households: Households, likewise.
        units: Assisting units (``unit_id``, ``kind``, ``level``, ``home_city_id``,
            ``capacity_villages``, ``capacity_cadres``) or ``None``.
        cadres: Cadres (``cadre_id``, ``unit_id``) or ``None``.
        village_years: Full village table with ``per_capita_income_<year>`` /
            ``collective_income_<year>`` columns, or ``None`` (when ``villages`` has them).
        household_years: Full household table with ``income_<year>`` columns, or ``None``.
        source: Description of the population.
        blocks: The built-in synthetic province, generated partition by partition (then
            ``villages`` and ``households`` are ``None``).
    """

    villages: Any
    households: Any
    units: Any = None
    cadres: Any = None
    village_years: Any = None
    household_years: Any = None
    source: str = "user data"
    blocks: SyntheticBlocks | None = None


@dataclass(frozen=True, slots=True)
class Part:
    """One partition: a range of villages with their households (small, picklable).

    Attributes:
        index: Position of the partition in the run.
        villages: ``(start, stop)`` positions of its villages in the population.
        payload: What the reader needs to read it (a block number, row groups, rows...).
    """

    index: int
    villages: tuple[int, int]
    payload: Any = None


@dataclass(slots=True)
class PartInput:
    """The identification inputs of one partition, as read.

    Attributes:
        villages: Villages (identify columns), a table or a path.
        households: Households (identify columns), a table or a path.
        village_rows: Each village row's position in the population (``None``: as read).
        household_rows: Each household row's position in the population.
        areas: ``county_id``, ``township_id`` and ``city_id`` of each village row, where the
            population has them.
        handle: What the reader keeps to read more of the partition (:meth:`Reader.later`).
    """

    villages: Any
    households: Any
    village_rows: np.ndarray[Any, Any] | None = None
    household_rows: np.ndarray[Any, Any] | None = None
    areas: dict[str, pa.Array] = field(default_factory=dict)
    handle: Any = None


@dataclass(slots=True)
class Later:
    """Baseline incomes of the later years (integer fen), where the population has them.

    Attributes:
        years: The years the population has household incomes for (of those asked).
        households: Year → income of each household asked for.
        per_capita: Year → per-capita income of each village asked for.
        collective: Year → collective income of each village asked for.
    """

    years: tuple[int, ...] = ()
    households: dict[int, np.ndarray[Any, Any]] = field(default_factory=dict)
    per_capita: dict[int, np.ndarray[Any, Any]] = field(default_factory=dict)
    collective: dict[int, np.ndarray[Any, Any]] = field(default_factory=dict)


class Reader:
    """Cuts a population into partitions and reads them (see the module docstring)."""

    round: int
    income_year: int
    source: str = "user data"

    def parts(self) -> list[Part]:
        """The partitions, in village order."""
        raise NotImplementedError

    def read(self, part: Part) -> PartInput:
        """The identification inputs of ``part``."""
        raise NotImplementedError

    def later(
        self,
        part: Part,
        inp: PartInput,
        *,
        villages: np.ndarray[Any, Any],
        households: np.ndarray[Any, Any],
        household_villages: np.ndarray[Any, Any],
        years: Sequence[int],
    ) -> Later:
        """Baseline incomes of ``years`` for some villages and households of ``part``.

        Args:
            part: The partition.
            inp: What :meth:`read` returned for it.
            villages: Positions (in the population) of the villages asked for, increasing.
            households: Positions (in the population) of the households asked for,
                increasing.
            household_villages: The position of each of these households' village.
            years: The years.
        """
        return Later()


# ------------------------------------------------------------------------------ helpers
def fen(column: Any) -> np.ndarray[Any, Any]:
    """A decimal (yuan) Arrow column as integer fen, exactly.

    Raises:
        InvalidRecordError: The column is not a decimal or integer number of yuan with at
            most two decimals.
    """
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    if not (pa.types.is_decimal(kind) or pa.types.is_integer(kind)):
        raise InvalidRecordError(
            f"must be a decimal or integer column of yuan, not {kind}", field=str(kind)
        )
    try:
        exact = pc.cast(column, MONEY_TYPE)
    except pa.ArrowInvalid as error:
        raise InvalidRecordError(f"is not an amount of yuan in fen: {error}") from None
    scaled = pc.multiply(exact, pa.scalar(100, pa.decimal128(5, 0)))
    return np.asarray(pc.cast(scaled, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _as_table(value: Any, name: str) -> pa.Table:
    """An Arrow table from an Arrow table, a pandas or polars DataFrame."""
    if isinstance(value, pa.Table):
        return value
    to_arrow = getattr(value, "to_arrow", None)
    if callable(to_arrow):
        table = to_arrow()
        if isinstance(table, pa.Table):
            return table
    if type(value).__module__.startswith("pandas"):
        return pa.Table.from_pandas(value, preserve_index=False)
    if hasattr(value, "__arrow_c_stream__"):
        return pa.table(value)
    raise InvalidTypeError(
        "must be a table, a DataFrame or a .csv/.parquet path",
        field=name,
        value=type(value).__name__,
    )


def _renamed(table: pa.Table, wanted: Sequence[str], year: int) -> pa.Table:
    """The identify columns of ``table``, read from their ``<name>_<year>`` form if need be."""
    names = set(table.column_names)
    columns: dict[str, Any] = {}
    for name in wanted:
        if name in names:
            columns[name] = table.column(name)
        elif f"{name}_{year}" in names:
            columns[name] = table.column(f"{name}_{year}")
    return pa.table(columns) if columns else table.select([])


def _areas(table: pa.Table) -> dict[str, pa.Array]:
    return {
        name: pc.cast(table.column(name), pa.string()).combine_chunks()
        for name in _AREAS
        if name in table.column_names
    }


def _village_ids(table: pa.Table) -> pa.Array:
    """Village ids as text, stripped (the grammar of ids), for routing households."""
    column = table.column("village_id")
    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, column.type.value_type)
    return pc.utf8_trim_whitespace(pc.cast(column, pa.string())).combine_chunks()


class _Lookup:
    """Village id → position, for looking up the few distinct ids of a dictionary column."""

    def __init__(self, ids: pa.Array) -> None:
        self.ids = ids
        self._positions: dict[str, int] | None = None

    def of(self, values: list[Any]) -> np.ndarray[Any, Any]:
        """Positions of ``values`` (``-1`` where unknown)."""
        if self._positions is None:
            self._positions = {v: i for i, v in enumerate(self.ids.to_pylist())}
        get = self._positions.get
        return np.asarray([get(v, -1) if v is not None else -1 for v in values], np.int64)


def _positions_of(column: Any, ids: pa.Array, lookup: _Lookup) -> np.ndarray[Any, Any] | None:
    """Each row's village position among ``ids`` (``None`` if one is unknown or missing).

    A dictionary column is looked up through its dictionary (its distinct values) only.
    """
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    out: list[np.ndarray[Any, Any]] = []
    for chunk in chunks:
        if chunk.null_count:
            return None
        if pa.types.is_dictionary(chunk.type):
            values = pc.utf8_trim_whitespace(pc.cast(chunk.dictionary, pa.string()))
            found = lookup.of(values.to_pylist())
            positions = found[chunk.indices.to_numpy(zero_copy_only=False)]
            if (positions < 0).any():
                return None
            out.append(positions)
        else:
            found_array = pc.index_in(
                pc.utf8_trim_whitespace(pc.cast(chunk, pa.string())), value_set=ids
            )
            if found_array.null_count:
                return None
            out.append(np.asarray(found_array.to_numpy(zero_copy_only=False), dtype=np.int64))
    return np.concatenate(out) if out else np.zeros(0, np.int64)


def _increasing_ranges(file: Any, column: str) -> bool:
    """Whether the row groups' statistics give strictly increasing, disjoint ranges."""
    metadata = file.metadata
    index = file.schema_arrow.get_field_index(column)
    previous: Any = None
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        if group.num_rows == 0:
            continue
        stats = group.column(index).statistics
        if stats is None or not stats.has_min_max or stats.null_count:
            return False
        low, high = stats.min, stats.max
        if isinstance(low, bytes) or isinstance(high, bytes):
            return False
        if previous is not None and not previous < low:
            return False
        previous = high
    return True


def _year_columns(
    table: pa.Table, rows: np.ndarray[Any, Any], prefix: str, years: Sequence[int]
) -> dict[int, np.ndarray[Any, Any]]:
    names = set(table.column_names)
    present = [y for y in years if f"{prefix}{y}" in names]
    if not present or not len(rows):
        return {y: np.zeros(0, np.int64) for y in present}
    taken = table.select([f"{prefix}{y}" for y in present]).take(pa.array(rows, pa.int64()))
    return {y: fen(taken.column(f"{prefix}{y}")) for y in present}


# ------------------------------------------------------------------------------ synthetic
class SyntheticReader(Reader):
    """The built-in synthetic province, one partition per generation block."""

    def __init__(self, blocks: SyntheticBlocks, *, round: int, income_year: int) -> None:
        self.blocks = blocks
        self.round = round
        self.income_year = income_year
        self.source = f"synthetic province, seed {blocks.seed}, scale {blocks.scale:g}"
        counts = [blocks.households_in(b) for b in range(blocks.n_blocks)]
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def parts(self) -> list[Part]:
        return [
            Part(b, (r.start, r.stop), b)
            for b, r in enumerate(
                self.blocks.block_villages(b) for b in range(self.blocks.n_blocks)
            )
        ]

    def read(self, part: Part) -> PartInput:
        generator = self.blocks.generator(part.payload)
        villages, households = generator.block(years=(self.income_year,))
        start, stop = part.villages
        return PartInput(
            villages=_renamed(villages, _VILLAGE_COLUMNS, self.income_year),
            households=_renamed(households, _HOUSEHOLD_COLUMNS, self.income_year),
            village_rows=np.arange(start, stop, dtype=np.int64),
            household_rows=np.arange(
                self.offsets[part.payload], self.offsets[part.payload + 1], dtype=np.int64
            ),
            areas=_areas(villages),
            handle=generator,
        )

    def later(
        self,
        part: Part,
        inp: PartInput,
        *,
        villages: np.ndarray[Any, Any],
        households: np.ndarray[Any, Any],
        household_villages: np.ndarray[Any, Any],
        years: Sequence[int],
    ) -> Later:
        block = part.payload
        wanted = sorted({y for y in years if y in _synth_years()})
        if not wanted or not (len(villages) or len(households)):
            return Later(years=tuple(wanted))
        generate = np.union1d(villages, household_villages).astype(np.int64)
        generator = inp.handle if inp.handle is not None else self.blocks.generator(block)
        # in fen, straight from the generator (the values of its tables' money columns)
        amounts = generator.amounts(years=wanted, villages=generate.tolist())
        # positions in the population of the generated households: their villages' ranges
        sizes = self.blocks.village_sizes(block)
        starts = self.offsets[block] + np.concatenate([[0], np.cumsum(sizes)[:-1]])
        local = generate - part.villages[0]
        generated = np.concatenate(
            [np.arange(starts[v], starts[v] + sizes[v]) for v in local.tolist()]
        ).astype(np.int64)
        rows = np.searchsorted(generated, households)
        village_rows = np.searchsorted(generate, villages)
        return Later(
            years=tuple(wanted),
            households={y: amounts["income"][y][rows] for y in wanted},
            per_capita={y: amounts["per_capita_income"][y][village_rows] for y in wanted},
            collective={y: amounts["collective_income"][y][village_rows] for y in wanted},
        )


def _synth_years() -> tuple[int, ...]:
    from shuangdao.synth import INCOME_YEARS

    return tuple(INCOME_YEARS)


# ------------------------------------------------------------------------------ tables
class TableReader(Reader):
    """Tables in memory, cut by village (households routed to their village's partition).

    When the households cannot be routed safely — a household id given twice, a village id
    given twice, a household whose village is not in the villages table — the population is
    one partition, identified exactly as :func:`shuangdao.batch.identify` would.
    """

    def __init__(
        self,
        villages: Any,
        households: Any,
        *,
        round: int,
        income_year: int,
        village_years: Any = None,
        household_years: Any = None,
        part_households: int = PART_HOUSEHOLDS,
    ) -> None:
        self.round = round
        self.income_year = income_year
        self.villages = _as_table(villages, "villages")
        self.households = _as_table(households, "households")
        self.village_years = (
            _as_table(village_years, "village_years") if village_years is not None else None
        )
        self.household_years = (
            _as_table(household_years, "household_years") if household_years is not None else None
        )
        self._parts, self._order = self._cut(part_households)

    def _cut(self, part_households: int) -> tuple[list[Part], np.ndarray[Any, Any] | None]:
        v, h = self.villages, self.households
        n_v, n_h = v.num_rows, h.num_rows
        one = [Part(0, (0, n_v), None)]
        if "village_id" not in v.column_names or "village_id" not in h.column_names:
            return one, None
        village_ids = _village_ids(v)
        if pc.count_distinct(village_ids).as_py() != n_v or village_ids.null_count:
            return one, None
        if "household_id" in h.column_names:
            ids = h.column("household_id")
            if ids.null_count or pc.count_distinct(ids).as_py() != n_h:
                return one, None
        position = pc.index_in(_village_ids(h), value_set=village_ids)
        if position.null_count:
            return one, None
        village_of = np.asarray(position.to_numpy(zero_copy_only=False), dtype=np.int64)
        grouped = bool(np.all(np.diff(village_of) >= 0)) if n_h else True
        order = None if grouped else np.argsort(village_of, kind="stable").astype(np.int64)
        counts = np.bincount(village_of, minlength=n_v)
        ends = np.cumsum(counts)
        parts: list[Part] = []
        start_v = 0
        while start_v < n_v:
            first = ends[start_v - 1] if start_v else 0
            stop_v = int(np.searchsorted(ends, first + part_households, side="right"))
            stop_v = max(stop_v, start_v + 1)
            stop_v = min(stop_v, n_v)
            rows = (int(first), int(ends[stop_v - 1]))
            parts.append(Part(len(parts), (start_v, stop_v), rows))
            start_v = stop_v
        return parts, order

    def parts(self) -> list[Part]:
        return list(self._parts)

    def _household_rows(self, part: Part) -> np.ndarray[Any, Any] | None:
        if part.payload is None:
            return None
        start, stop = part.payload
        if self._order is None:
            return np.arange(start, stop, dtype=np.int64)
        return self._order[start:stop]

    def read(self, part: Part) -> PartInput:
        start, stop = part.villages
        if part.payload is None:
            villages, households = self.villages, self.households
            village_rows = household_rows = None
        else:
            villages = self.villages.slice(start, stop - start)
            household_rows = self._household_rows(part)
            assert household_rows is not None
            households = (
                self.households.slice(int(household_rows[0]), len(household_rows))
                if self._order is None and len(household_rows)
                else self.households.take(pa.array(household_rows, pa.int64()))
            )
            village_rows = np.arange(start, stop, dtype=np.int64)
        return PartInput(
            villages=_renamed(villages, _VILLAGE_COLUMNS, self.income_year),
            households=_renamed(households, _HOUSEHOLD_COLUMNS, self.income_year),
            village_rows=village_rows,
            household_rows=household_rows,
            areas=_areas(villages),
        )

    def later(
        self,
        part: Part,
        inp: PartInput,
        *,
        villages: np.ndarray[Any, Any],
        households: np.ndarray[Any, Any],
        household_villages: np.ndarray[Any, Any],
        years: Sequence[int],
    ) -> Later:
        v = self.village_years if self.village_years is not None else self.villages
        h = self.household_years if self.household_years is not None else self.households
        return Later(
            years=tuple(y for y in years if f"income_{y}" in h.column_names),
            households=_year_columns(h, households, "income_", years),
            per_capita=_year_columns(v, villages, "per_capita_income_", years),
            collective=_year_columns(v, villages, "collective_income_", years),
        )


# ------------------------------------------------------------------------------ Parquet
class DuplicatesFound(Exception):
    """A partition holds a household id given twice (the run falls back to one piece)."""


class ParquetReader(Reader):
    """Parquet files read row group by row group (households stored village by village).

    The households file is scanned once, cheaply: its ``village_id`` column (read as a
    dictionary: only each row group's distinct ids are looked up) must put every household in
    a known village, the villages in the villages file's order; and the row groups' statistics
    must show strictly increasing, disjoint ranges of ``household_id``, so that an id given
    twice can only be within one row group — which the partition's identification finds (the
    run then reads the files whole, :exc:`DuplicatesFound`). Partitions are runs of whole row
    groups, cut where the village changes. When a check fails the files are read whole
    (:class:`TableReader`).
    """

    def __init__(
        self,
        villages: str | Path,
        households: str | Path,
        *,
        round: int,
        income_year: int,
        part_households: int = PART_HOUSEHOLDS,
        whole: bool = False,
    ) -> None:
        import pyarrow.parquet as pq

        self.round = round
        self.income_year = income_year
        self.villages_path = str(villages)
        self.households_path = str(households)
        self.villages = pq.read_table(villages)
        self.fallback: TableReader | None = None
        file = pq.ParquetFile(households, read_dictionary=["village_id"])
        self.columns = set(file.schema_arrow.names)
        groups = None if whole else self._scan(file)
        if groups is None:
            self.fallback = TableReader(
                self.villages,
                pq.read_table(households),
                round=round,
                income_year=income_year,
                part_households=part_households,
            )
            self._parts = self.fallback.parts()
        else:
            self._parts = self._cut(groups, part_households)

    def _scan(self, file: Any) -> list[tuple[int, int, int, int]] | None:
        """Per row group: (rows, first village, last village, first row), or None."""
        ids = _village_ids(self.villages)
        if pc.count_distinct(ids).as_py() != len(ids) or ids.null_count:
            return None
        if "household_id" not in self.columns or "village_id" not in self.columns:
            return None
        if not _increasing_ranges(file, "household_id"):
            return None
        groups: list[tuple[int, int, int, int]] = []
        last_village = -1
        row = 0
        lookup = _Lookup(ids)
        for g in range(file.num_row_groups):
            column = file.read_row_group(g, columns=["village_id"]).column("village_id")
            n = len(column)
            if not n:
                continue
            village = _positions_of(column, ids, lookup)
            if village is None or village[0] < last_village or (np.diff(village) < 0).any():
                return None
            groups.append((n, int(village[0]), int(village[-1]), row))
            last_village = int(village[-1])
            row += n
        return groups

    def _cut(self, groups: list[tuple[int, int, int, int]], part_households: int) -> list[Part]:
        """Runs of row groups, cut only where the village changes between two groups."""
        n_v = self.villages.num_rows
        parts: list[Part] = []
        run: list[int] = []
        held = 0
        start_v = 0
        for g, (n, _first, last, _row) in enumerate(groups):
            run.append(g)
            held += n
            following = groups[g + 1][1] if g + 1 < len(groups) else None
            if held >= part_households and following != last:
                stop_v = n_v if following is None else following
                parts.append(Part(len(parts), (start_v, stop_v), (tuple(run), groups[run[0]][3])))
                start_v, run, held = stop_v, [], 0
        if run or start_v < n_v or not parts:
            first_row = groups[run[0]][3] if run else 0
            parts.append(Part(len(parts), (start_v, n_v), (tuple(run), first_row)))
        return parts

    def parts(self) -> list[Part]:
        return list(self._parts)

    @property
    def partitioned(self) -> bool:
        """Whether the files are read by row groups (not whole)."""
        return self.fallback is None

    def check(self, rejected: pa.Table) -> None:
        """Raise :exc:`DuplicatesFound` if a partition rejected a household id given twice."""
        if not self.partitioned or not rejected.num_rows:
            return
        found = pc.and_(
            pc.equal(rejected.column("field"), "household_id"),
            pc.match_substring(rejected.column("error"), "is a duplicate of"),
        )
        if pc.any(found).as_py():
            raise DuplicatesFound

    def _households(self, part: Part, columns: Sequence[str]) -> pa.Table:
        import pyarrow.parquet as pq

        run, _ = part.payload
        file = pq.ParquetFile(self.households_path, read_dictionary=["village_id"])
        wanted = [c for c in columns if c in self.columns]
        if not run:
            return file.schema_arrow.empty_table().select(wanted)
        return file.read_row_groups(list(run), columns=wanted)

    def read(self, part: Part) -> PartInput:
        if self.fallback is not None:
            return self.fallback.read(part)
        start, stop = part.villages
        villages = self.villages.slice(start, stop - start)
        wanted = [*_HOUSEHOLD_COLUMNS, *(f"{c}_{self.income_year}" for c in _HOUSEHOLD_COLUMNS)]
        households = self._households(part, wanted)
        _, first_row = part.payload
        return PartInput(
            villages=_renamed(villages, _VILLAGE_COLUMNS, self.income_year),
            households=_renamed(households, _HOUSEHOLD_COLUMNS, self.income_year),
            village_rows=np.arange(start, stop, dtype=np.int64),
            household_rows=np.arange(first_row, first_row + households.num_rows, dtype=np.int64),
            areas=_areas(villages),
        )

    def later(
        self,
        part: Part,
        inp: PartInput,
        *,
        villages: np.ndarray[Any, Any],
        households: np.ndarray[Any, Any],
        household_villages: np.ndarray[Any, Any],
        years: Sequence[int],
    ) -> Later:
        if self.fallback is not None:
            return self.fallback.later(
                part,
                inp,
                villages=villages,
                households=households,
                household_villages=household_villages,
                years=years,
            )
        _, first_row = part.payload
        table = self._households(part, [f"income_{y}" for y in years])
        return Later(
            years=tuple(y for y in years if f"income_{y}" in self.columns),
            households=_year_columns(table, households - first_row, "income_", years),
            per_capita=_year_columns(self.villages, villages, "per_capita_income_", years),
            collective=_year_columns(self.villages, villages, "collective_income_", years),
        )


# ------------------------------------------------------------------------------ CSV
class PathReader(Reader):
    """Files identified as one piece by :func:`shuangdao.batch.identify` (CSV above all)."""

    def __init__(self, villages: Any, households: Any, *, round: int, income_year: int) -> None:
        self.villages = villages
        self.households = households
        self.round = round
        self.income_year = income_year

    def parts(self) -> list[Part]:
        return [Part(0, (0, -1), None)]

    def read(self, part: Part) -> PartInput:
        return PartInput(villages=self.villages, households=self.households)


def _is_path(value: Any) -> bool:
    return isinstance(value, str | Path)


def reader_for(
    pop: Population, *, round: int, income_year: int, part_households: int | None = None
) -> Reader:
    """The reader of a population (see the module docstring).

    ``part_households``: about how many households a partition of tables or Parquet files
    holds (default :data:`PART_HOUSEHOLDS`; the synthetic province is cut by its blocks).
    """
    size = PART_HOUSEHOLDS if part_households is None else max(1, int(part_households))
    if pop.blocks is not None:
        return SyntheticReader(pop.blocks, round=round, income_year=income_year)
    villages, households = pop.villages, pop.households
    if _is_path(villages) or _is_path(households):
        both_parquet = all(
            _is_path(x) and Path(x).suffix.lower() == ".parquet" for x in (villages, households)
        )
        if both_parquet:
            return ParquetReader(
                villages,
                households,
                round=round,
                income_year=income_year,
                part_households=size,
            )
        return PathReader(villages, households, round=round, income_year=income_year)
    return TableReader(
        villages,
        households,
        round=round,
        income_year=income_year,
        village_years=pop.village_years,
        household_years=pop.household_years,
        part_households=size,
    )
