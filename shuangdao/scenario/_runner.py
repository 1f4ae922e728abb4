"""The whole-round runner: the stages in order, partition by partition, on an engine.

Orchestration only — the order of the stages, the scenario model's draws, the tables and the
report. Every decision is a declared rule evaluated over columns by the stage modules:

1. **identify** (per partition, :mod:`~shuangdao.scenario._identification`);
2. **pair** (on the small tables, :mod:`~shuangdao.scenario._pairing`);
3. per partition: **pairing** of the households, **plans** (:mod:`~shuangdao.scenario._plans`),
   **incomes** and **exits** (:mod:`~shuangdao.scenario._incomes`), **assessments**
   (:mod:`~shuangdao.scenario._assessment`), **follow-up** (:mod:`~shuangdao.scenario._follow_up`)
   and the partition's **settlement** counts (:mod:`~shuangdao.scenario._settlement`);
4. **accountability** (:mod:`~shuangdao.scenario._accountability`) and the **settlement** of
   each county and of the round, on the gathered counts;
5. the summary and report (:mod:`~shuangdao.scenario._result`).

Partitions (:mod:`~shuangdao.scenario._population`) run on an engine
(:mod:`~shuangdao.scenario._engine`): threads here, or Dask; tables go to a sink
(:mod:`~shuangdao.scenario._sink`) as they come.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pyarrow as pa

from shuangdao import _output
from shuangdao._cputime import thread_cpu
from shuangdao.errors import InvalidTypeError, ShuangdaoError, UnknownReferenceError
from shuangdao.ingest import rejected_rows
from shuangdao.scenario._accountability import VillageAreas, accountability
from shuangdao.scenario._assessment import Assessed, assess_part
from shuangdao.scenario._context import RoundContext
from shuangdao.scenario._engine import Engine, engine_for
from shuangdao.scenario._follow_up import follow_up_part
from shuangdao.scenario._growth import GrowthModel
from shuangdao.scenario._identification import Brief, Identified, identify_part
from shuangdao.scenario._incomes import Incomes, exits_part, incomes_part
from shuangdao.scenario._pairing import (
    KeyVillages,
    Pairing,
    pair_part,
    plan_pairing,
    staff,
    village_table,
)
from shuangdao.scenario._plans import catalogues, plan_part
from shuangdao.scenario._population import (
    DuplicatesFound,
    ParquetReader,
    Population,
    Reader,
    reader_for,
)
from shuangdao.scenario._result import TABLES, RoundResult, RoundSummary, Tables
from shuangdao.scenario._settlement import SettlementCounts, settlement_part, settlement_table
from shuangdao.scenario._sink import FileSink, MemorySink, Sink
from shuangdao.standards import Standards, default_standards

__all__ = ["Population", "Progress", "load_population", "run_round"]

Progress = Callable[[str, int, int], None]
"""Progress callback: ``progress(stage, done, total)``, called as each step of a stage ends."""


# ------------------------------------------------------------------------------ population
def _units_rows(value: Any, contract: str) -> list[dict[str, Any]] | None:
    """Units or cadres as validated rows (read once; every bad row named at once)."""
    from shuangdao.ingest import CONTRACTS, read_rows

    if value is None or isinstance(value, list):
        return value
    return read_rows(value, CONTRACTS[contract])


def load_population(
    population: Any, *, round: int, scale: float, seed: int, progress: Progress | None = None
) -> Population:
    """Turn ``run_round``'s ``population`` argument into a :class:`Population`.

    ``None`` plans the built-in synthetic province (generated partition by partition when
    the run reads it); ``progress`` is kept for compatibility and not called.
    """
    from shuangdao.synth import SyntheticProvince, province_blocks

    _ = progress
    if population is None:
        blocks = province_blocks(seed=seed, scale=scale)
        units, cadres = blocks.units()
        return Population(
            villages=None,
            households=None,
            units=units,
            cadres=cadres,
            source=f"synthetic province, seed {seed}, scale {scale:g}",
            blocks=blocks,
        )
    if isinstance(population, Population):
        return population
    if isinstance(population, SyntheticProvince):
        return Population(
            villages=population.villages,
            households=population.households,
            units=population.units,
            cadres=population.cadres,
            source=f"synthetic province, seed {population.seed}, scale {population.scale:g}",
        )
    if isinstance(population, tuple | list) and len(population) in (2, 4):
        parts = list(population)
        return Population(
            villages=parts[0],
            households=parts[1],
            units=_units_rows(parts[2], "units") if len(parts) == 4 else None,
            cadres=_units_rows(parts[3], "cadres") if len(parts) == 4 else None,
            source="user data",
        )
    raise InvalidTypeError(
        "must be None, a SyntheticProvince, or (villages, households[, units, cadres])",
        field="population",
        value=type(population).__name__,
    )


# ------------------------------------------------------------------------------ the tasks
@dataclass(slots=True)
class _Timed:
    """CPU seconds per stage of a task: the thread's own, and its batch-pool work (lent)."""

    seconds: dict[str, float] = field(default_factory=dict)
    _last: float = field(default_factory=thread_cpu)

    def lap(self, stage: str) -> None:
        now = thread_cpu()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def _first(part: Any, reader: Reader, ctx: RoundContext) -> tuple[dict[str, pa.Table], Identified]:
    """Pass 1 (per partition): read or generate, identify, read the later years' baselines."""
    timed = _Timed()
    reading = "generate" if reader.source.startswith("synthetic") else "read"
    inp = reader.read(part)
    timed.lap(reading)
    pieces, identified = identify_part(inp, part, round=ctx.round, standards=ctx.standards)
    if isinstance(reader, ParquetReader):
        reader.check(pieces["rejected"])
    timed.lap("identify")
    identified.later = reader.later(
        part,
        inp,
        villages=identified.key_rows,
        households=identified.poor_rows,
        household_villages=identified.poor_village_rows,
        years=ctx.years,
    )
    timed.lap(reading)
    identified.timings = timed.seconds
    return pieces, identified


@dataclass(slots=True)
class PartResult:
    """What pass 2 returns for one partition: table pieces and small aggregates."""

    pieces: dict[str, pa.Table]
    passed: dict[int, np.ndarray[Any, Any]]
    exits: dict[int, tuple[int, int]]
    settlement: SettlementCounts
    certainty: dict[str, Counter[str]]
    timings: dict[str, float]
    grown: tuple[int, ...]
    explain: dict[str, Any]
    followed: tuple[int, int]


def _second(part: Identified, ctx: RoundContext) -> PartResult:
    """Pass 2 (per partition): pairing, plans, incomes, exits, assessments, follow-up."""
    timed = _Timed()
    assert ctx.pairing is not None
    pieces: dict[str, pa.Table] = {"pairing_households": pair_part(ctx.pairing, part)}
    units = ctx.pairing.village_units(part.key_ids.to_pylist())
    timed.lap("pair")
    pieces["plans"], plans = plan_part(ctx, part)
    timed.lap("plan")
    incomes = incomes_part(ctx, part, plans, part.later)
    certainty: dict[str, Counter[str]] = {"exit": Counter(), "follow_up": Counter()}
    pieces["progress"], exited = exits_part(ctx, part, incomes, certainty["exit"])
    timed.lap("incomes and exits")
    counted = np.asarray(
        ctx.counted_rule().evaluate({"has_labour_capacity": part.labour}).outcome, dtype=bool
    )
    pieces["assessments"], assessed = assess_part(ctx, part, incomes, exited, counted)
    timed.lap("assess")
    follow = follow_up_part(ctx, part, incomes, exited, units, certainty=certainty["follow_up"])
    pieces["follow_up"] = follow
    timed.lap("follow-up")
    counts = settlement_part(ctx, part, incomes, exited, counted)
    timed.lap("settle")
    return PartResult(
        pieces=pieces,
        passed=assessed.passed,
        exits={
            y: (int(exited[y].sum()), int(part.members[exited[y]].sum()))
            for y in ctx.calendar.assessment_years
        },
        settlement=counts,
        certainty=certainty,
        timings=timed.seconds,
        grown=incomes.grown,
        explain=_explain_data(ctx, part, incomes, assessed),
        followed=(
            int(np.count_nonzero(follow.column("households_followed").to_numpy() > 0)),
            int(np.count_nonzero(follow.column("households_relapsed").to_numpy() > 0)),
        ),
    )


def _explain_data(
    ctx: RoundContext, part: Identified, incomes: Incomes, assessed: Assessed
) -> dict[str, Any]:
    """What explanations need beyond the tables: village incomes and achievements."""
    return {
        "key_ids": part.key_ids.to_pylist(),
        "per_capita": {y: incomes.per_capita[y] for y in ctx.years},
        "collective": {y: incomes.collective[y] for y in ctx.years},
        "achieved": assessed.achieved,
    }


# ------------------------------------------------------------------------------ the run
def _model(standards: Standards, growth: GrowthModel | Mapping[str, Any] | None) -> GrowthModel:
    if growth is None:
        return GrowthModel.from_standards(standards)
    if isinstance(growth, GrowthModel):
        return growth
    if isinstance(growth, Mapping):
        return attrs.evolve(GrowthModel.from_standards(standards), **dict(growth))
    raise InvalidTypeError(
        "must be a GrowthModel or a mapping", field="growth", value=type(growth).__name__
    )


def run_round(
    population: Any = None,
    *,
    round: int = 2,
    scale: float = 1.0,
    seed: int | None = None,
    standards: Standards | None = None,
    growth: GrowthModel | Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    engine: str | Engine = "local",
    scheduler: str | None = None,
    out: str | Path | None = None,
    format: str = "parquet",
    lang: str = "en",
    extra_tables: Mapping[str, pa.Table] | None = None,
    extra_report: str = "",
    partition_households: int | None = None,
) -> RoundResult:
    """Run a whole round over a population, partition by partition, through the declared rules.

    Stages: identification (:func:`shuangdao.batch.identify`, per partition); pairing of
    units with villages and cadres with households (:func:`shuangdao.assignment.plan_assignment`
    on the small tables — up to ``scenario.max_units_per_village`` units per village: 4 in
    round 1 — then each household's cadre by its rank in its village), and in round 3 of the
    households outside the relatively poor villages with local county-level cadres
    (:func:`shuangdao.assignment.plan_scattered`, ``scenario.pair_scattered_households``;
    synthetic local pools for the built-in province only); a seeded plan per identified
    household and village (measures from ``pairing.measure_catalogue``); incomes over the round
    from the :class:`GrowthModel`; household exit per year (the round's declared exit rule,
    :data:`~shuangdao.rules.progress.EXIT`, over columns); the yearly village assessment
    (:func:`~shuangdao.rules.assessment.score_columns`); accountability per city, county and
    township and assessment (the 2010 measures' fail-share situation,
    :func:`~shuangdao.rules.accountability.fail_share_columns` and
    :func:`~shuangdao.rules.accountability.measures_sanctions`); the settlement per county and
    for the round (:data:`~shuangdao.rules.settlement.SETTLEMENT`, over columns); and the
    follow-up of every settled village by its original unit (the declared follow-up rule,
    over columns). Every row can be expanded with :meth:`RoundResult.decision`, which reruns
    the object-path rule; tests hold the two together.

    The population is cut into partitions (villages with their households) that run on
    ``engine``: memory is bounded by a partition, not by the province (the built-in province
    is generated partition by partition; Parquet files are read row group by row group).
    With ``out`` every table is written as it comes (nothing is held whole) and the result's
    tables are read back from the files on demand.

    Policy: S1, S3, S4, S5, S9, S11, S18, S20, SEED p. 5 (through the rules named above).

    Args:
        population: ``None`` (the built-in synthetic province with ``seed`` and ``scale``), a
            :class:`~shuangdao.synth.SyntheticProvince`, or ``(villages, households)`` /
            ``(villages, households, units, cadres)`` as tables, DataFrames or
            ``.csv``/``.parquet`` paths in the identify contract (or with yearly columns
            ``income_<year>``..., the layout of :func:`shuangdao.synth.write_parquet`).
            Without units and cadres pairing is skipped (said in the summary's notes), never
            invented.
        round: 1, 2 or 3.
        scale: Size of the generated province (only when ``population`` is ``None``).
        seed: Seed of the generated province and of the run's draws (default
            :data:`shuangdao.synth.DEFAULT_SEED`).
        standards: Standards to apply (``None``: the shipped defaults).
        growth: A :class:`GrowthModel`, a mapping of its fields to change, or ``None`` (read
            from ``scenario.*`` in ``standards``).
        progress: Optional callback ``progress(stage, done, total)``.
        engine: ``"local"`` (threads on this machine), ``"dask"`` (a Dask ``LocalCluster``,
            or the scheduler at ``scheduler``) or an engine object.
        scheduler: A Dask scheduler address (``tcp://host:8786``) for ``engine="dask"``.
        out: A folder to write every table (``<name>.<format>``) and ``report.md`` to, as
            the run goes; replaced as one set when the run ends.
        format: ``"parquet"`` or ``"csv"`` (with ``out``).
        lang: Language of ``report.md`` (with ``out``).
        extra_tables: More tables written in the same set (with ``out``).
        extra_report: Text appended to ``report.md`` (with ``out``).
        partition_households: About how many households a partition of tables or Parquet
            files holds (default 200,000); the built-in province is cut by its generation
            blocks of 1,024 villages. Any partitioning gives the same tables.

    Returns:
        A :class:`RoundResult`.

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.
        InvalidTypeError: ``population`` is not usable.
        InvalidRecordError: An unknown engine or format; Dask missing or unreachable.
        MissingParameterError: A parameter the run needs has no value (e.g. round 1's
            village selection rule when the villages have no ``designated`` column).

    Example:
        >>> result = run_round(scale=0.01)
        >>> s = result.summary()
        >>> (s.villages_selected, s.households_selected)
        (26, 2090)
    """
    ctx = _context(round, seed, standards, growth)
    started = time.perf_counter()
    where = _Where(_inputs(population), stage="read")
    output = _Output(None if out is None else Path(out), format)
    try:
        pop = load_population(population, round=round, scale=scale, seed=ctx.seed)
        reader = reader_for(
            pop, round=round, income_year=ctx.income_year, part_households=partition_households
        )
        output.open()
        where.stage = "starting"
        with engine_for(engine, scheduler=scheduler) as runner:
            result = _execute(pop, reader, ctx, runner, output, progress, where, started)
        where.stage = "writing"
        output.finish(result, lang=lang, extra_tables=extra_tables, extra_report=extra_report)
    except BaseException as error:
        output.abort()
        if isinstance(error, Exception) and not isinstance(error, ShuangdaoError):
            # not a decision on the data: say where the run was, for the CLI and the log
            error.add_note(where.text(output.sink))
        raise
    return result


def _context(
    round: int,
    seed: int | None,
    standards: Standards | None,
    growth: GrowthModel | Mapping[str, Any] | None,
) -> RoundContext:
    """The round's context: its seed, standards, growth model and identification year."""
    from shuangdao.synth import DEFAULT_SEED, ROUND_INCOME_YEAR

    if isinstance(round, bool) or round not in (1, 2, 3):
        raise UnknownReferenceError("must be 1, 2 or 3", field="round", value=round)
    s = default_standards() if standards is None else standards
    return RoundContext(
        round=round,
        seed=DEFAULT_SEED if seed is None else int(seed),
        standards=s,
        model=_model(s, growth),
        income_year=int(ROUND_INCOME_YEAR[round]),
    )


@dataclass(slots=True)
class _Output:
    """Where the run's tables go: memory, or a folder written as one set at the end."""

    folder: Path | None
    format: str
    sink: Sink | None = None

    def open(self) -> Sink:
        """A fresh sink (the previous one's files removed)."""
        self.abort()
        self.sink = MemorySink() if self.folder is None else FileSink(self.folder, self.format)
        return self.sink

    def abort(self) -> None:
        """Remove what a file sink has written so far."""
        if isinstance(self.sink, FileSink):
            self.sink.abort()

    def finish(
        self,
        result: RoundResult,
        *,
        lang: str,
        extra_tables: Mapping[str, pa.Table] | None,
        extra_report: str,
    ) -> None:
        """Replace the folder's outputs as one set: the tables, the extra ones, the report."""
        sink = self.sink
        if not isinstance(sink, FileSink):
            return
        files = sink.files(list(TABLES))
        extra = dict(extra_tables or {})
        files.extend(_output.table_files(extra, sink.folder, self.format))
        report = result.report(lang=lang) + extra_report
        files.append((sink.folder / "report.md", _output.text_file(report)))
        _output.write_files(files)
        for name, table in extra.items():
            result.tables.add(name, sink.target(name), table)


def _execute(  # noqa: PLR0917 - private, called once
    pop: Population,
    reader: Reader,
    ctx: RoundContext,
    engine: Engine,
    output: _Output,
    progress: Progress | None,
    where: _Where,
    started: float,
) -> RoundResult:
    """The run on ``engine``; again from files read whole if a Parquet id is given twice."""
    assert output.sink is not None
    try:
        return _Run(pop, reader, ctx, engine, output.sink, progress, where).run(started)
    except DuplicatesFound:
        # a household id given twice in a Parquet file: read the files whole, so that the
        # first occurrence is kept and the others rejected as in one piece
        assert isinstance(reader, ParquetReader)
        whole = ParquetReader(
            reader.villages_path,
            reader.households_path,
            round=ctx.round,
            income_year=ctx.income_year,
            whole=True,
        )
        sink = output.open()
        return _Run(pop, whole, ctx, engine, sink, progress, where).run(started)


@dataclass(slots=True)
class _Where:
    """Where a run is: its stage and partition, and the files it reads (for error notes)."""

    inputs: str
    stage: str = "starting"
    part: tuple[int, int] | None = None

    def at(self, stage: str, part: tuple[int, int] | None = None) -> None:
        self.stage, self.part = stage, part

    def text(self, sink: Sink | None) -> str:
        """``shuangdao run: stage identify, 2 of 17 partitions done (reading a.parquet, ...)``."""
        where = f"stage {self.stage}"
        if self.part is not None:
            where += f", {self.part[0]:,} of {self.part[1]:,} partitions done"
        if self.stage == "writing" and isinstance(sink, FileSink):
            where += f" (to {sink.folder})"
        elif self.inputs and self.stage in ("read", "identify", "assess"):
            where += f" ({self.inputs})"
        return f"shuangdao run: {where}"


def _inputs(population: Any) -> str:
    """The files ``run_round``'s population is read from, in words (or what it is)."""
    if population is None:
        return "the built-in synthetic province"
    parts = list(population) if isinstance(population, tuple | list) else []
    files = [str(value) for value in parts if isinstance(value, str | Path)]
    return "reading " + ", ".join(files) if files else ""


_PASS_TWO = ("pairing_households", "plans", "progress", "assessments", "follow_up")
"""The tables pass 2 writes, partition by partition."""


@dataclass(slots=True)
class _Gathered:
    """What pass 2 gathers from the partitions for the stages on the whole round."""

    areas: VillageAreas
    exits: dict[int, list[int]]
    counts: SettlementCounts = field(default_factory=SettlementCounts)
    grown: set[int] = field(default_factory=set)
    explain: list[dict[str, Any]] = field(default_factory=list)
    followed: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, result: PartResult) -> None:
        """Add one partition's assessments, exits, settlement counts and follow-up."""
        for year, flags in result.passed.items():
            self.areas.passed.setdefault(year, []).append(flags)
        for year, (households, persons) in result.exits.items():
            self.exits[year][0] += households
            self.exits[year][1] += persons
        self.counts.add(result.settlement)
        self.grown.update(result.grown)
        self.explain.append(result.explain)
        self.followed[0] += result.followed[0]
        self.followed[1] += result.followed[1]


class _Run:
    """One run: the passes over the partitions and the stages on the gathered tables."""

    def __init__(  # noqa: PLR0917 - private, called once
        self,
        pop: Population,
        reader: Reader,
        ctx: RoundContext,
        engine: Engine,
        sink: Sink,
        progress: Progress | None,
        where: _Where,
    ) -> None:
        self.where = where
        self.pop = pop
        self.reader = reader
        self.ctx = ctx
        self.engine = engine
        self.sink = sink
        self.progress = progress
        self.notes: list[str] = []
        self.timings: dict[str, float] = {}
        self.certainty: dict[str, Counter[str]] = {}
        self.rejected_rows = 0

    def _write(self, name: str, piece: pa.Table) -> None:
        t0 = thread_cpu()
        self.sink.add(name, piece)
        self.timings["write"] = self.timings.get("write", 0.0) + thread_cpu() - t0

    def _tick(self, stage: str, done: int, total: int) -> None:
        self.where.at(stage, (done, total) if total > 1 and done < total else None)
        if self.progress is not None:
            self.progress(stage, done, total)

    def _busy(self, seconds: Mapping[str, float]) -> None:
        for stage, value in seconds.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + value

    def _count(self, stage: str, counts: Mapping[str, int]) -> None:
        self.certainty.setdefault(stage, Counter()).update(counts)

    def run(self, started: float) -> RoundResult:
        """The stages in order: identify, pair, follow each partition through, settle."""
        parts = self.reader.parts()
        briefs, handles = self._identify(parts)
        villages, pairing = self._pair(briefs)
        gathered = self._follow_through(handles, villages, briefs, len(parts))
        held, settlement = self._account_and_settle(gathered)
        self.timings["total"] = time.perf_counter() - started
        return self._result(briefs, pairing, villages, gathered, settlement, held)

    def _identify(self, parts: list[Any]) -> tuple[list[Brief], list[Any]]:
        """Pass 1: every partition read (or generated) and identified, its tables written."""
        reader = self.engine.share(self.reader)
        shared_ctx = self.engine.share(self.ctx)
        briefs: list[Brief] = []
        handles: list[Any] = []
        rejected: list[pa.Table] = []
        self._tick("identify", 0, len(parts))
        for k, (pieces, brief, handle) in enumerate(
            self.engine.first(_first, parts, reader, shared_ctx), 1
        ):
            for name in ("identification_villages", "identification_households"):
                self._write(name, pieces[name])
            rejected.append(pieces["rejected"])
            briefs.append(brief)
            handles.append(handle)
            self._busy(brief.timings)
            self._count("identification", brief.certainty)
            self._tick("identify", k, len(parts))
        table = _sorted_rejected(rejected)
        self.rejected_rows = rejected_rows(table)  # rows, not lines: one line per problem
        self._write("rejected", table)
        self.sink.finish(("identification_villages", "identification_households", "rejected"))
        return briefs, handles

    def _pair(self, briefs: list[Brief]) -> tuple[KeyVillages, Pairing]:
        """Units with the identified villages and cadres with households (the small tables)."""
        ctx = self.ctx
        t0 = thread_cpu()
        self._tick("pair", 0, 1)
        villages = KeyVillages(
            ids=[v for b in briefs for v in b.key_ids],
            counties=[c for b in briefs for c in b.key_counties],
            households=np.concatenate([b.key_households for b in briefs])
            if briefs
            else np.zeros(0, np.int64),
        )
        scattered: dict[str, dict[str, int]] = {}
        for b in briefs:
            for county, group in b.scattered.items():
                scattered.setdefault(county, {}).update(group)
        synthetic = self.pop.source.startswith("synthetic province")
        people = (
            staff(self.pop.units, self.pop.cadres)
            if synthetic  # the generator's own tables: valid by construction
            else staff(_rows(self.pop.units, "units"), _rows(self.pop.cadres, "cadres"))
        )
        pairing = plan_pairing(
            people,
            villages,
            scattered,
            round=ctx.round,
            on=ctx.calendar.period_start,
            standards=ctx.standards,
            synthetic=synthetic,
        )
        self.notes.extend(pairing.notes)
        _, _, unknown = catalogues(ctx)
        if unknown:
            self.notes.append(
                "measures not in pairing.measure_catalogue are never planned: " + ", ".join(unknown)
            )
        self._write("pairing_villages", village_table(pairing, villages))
        ctx.pairing = pairing
        self.timings["pair"] = self.timings.get("pair", 0.0) + thread_cpu() - t0
        self._tick("pair", 1, 1)
        return villages, pairing

    def _follow_through(
        self, handles: list[Any], villages: KeyVillages, briefs: list[Brief], n_parts: int
    ) -> _Gathered:
        """Pass 2: plans, incomes, exits, assessments and follow-up, partition by partition."""
        ctx = self.ctx
        gathered = _Gathered(
            areas=VillageAreas(
                county=villages.counties,
                township=_area(briefs, "township_id"),
                city=_area(briefs, "city_id"),
            ),
            exits={y: [0, 0] for y in ctx.calendar.assessment_years},
        )
        shared_ctx = self.engine.share(ctx)
        self._tick("assess", 0, n_parts)
        for k, result in enumerate(self.engine.second(_second, handles, shared_ctx), 1):
            for name in _PASS_TWO:
                self._write(name, result.pieces[name])
            gathered.add(result)
            for name, values in result.certainty.items():
                self._count(name, values)
            self._busy(result.timings)
            self._tick("assess", k, n_parts)
        self.sink.finish(_PASS_TWO)
        if gathered.grown:
            self._note_grown(sorted(gathered.grown))
        return gathered

    def _account_and_settle(self, gathered: _Gathered) -> tuple[Any, pa.Table]:
        """Accountability and the settlement, on the gathered counts."""
        ctx = self.ctx
        t0 = thread_cpu()
        self._tick("accountability", 0, 1)
        held = accountability(
            ctx, gathered.areas, self.certainty.setdefault("accountability", Counter())
        )
        self.notes.extend(held.notes)
        self._write("accountability", held.table)
        self._write("accountability_actions", held.actions)
        self.timings["accountability"] = thread_cpu() - t0
        self._tick("accountability", 1, 1)
        t0 = thread_cpu()
        self._tick("settle", 0, 1)
        settlement = settlement_table(
            ctx, gathered.counts, self.certainty.setdefault("settlement", Counter())
        )
        self._write("settlement", settlement)
        self.timings["settle"] = self.timings.get("settle", 0.0) + thread_cpu() - t0
        self._tick("settle", 1, 1)
        return held, settlement

    def _result(  # noqa: PLR0917 - private, called once
        self,
        briefs: list[Brief],
        pairing: Pairing,
        villages: KeyVillages,
        gathered: _Gathered,
        settlement: pa.Table,
        held: Any,
    ) -> RoundResult:
        """The summary, the explainer and the result over the sink's tables."""
        ctx = self.ctx
        summary = _summary(
            self,
            briefs,
            pairing,
            villages,
            gathered.areas,
            gathered.exits,
            settlement,
            held,
            gathered.followed,
        )
        from shuangdao.scenario._explain import Explainer

        explainer = Explainer(
            ctx=ctx,
            pop=self.pop,
            reader=self.reader,
            briefs=briefs,
            pairing=pairing,
            records=held.records,
            data=gathered.explain,
        )
        result = RoundResult(
            round=ctx.round,
            source=self.reader.source if self.pop.blocks is not None else self.pop.source,
            standards=ctx.standards,
            growth=ctx.model,
            seed=ctx.seed,
            tables=Tables(
                self.sink.tables(),
                {
                    name: (self.sink.rows[name], list(self.sink.schemas[name].names))
                    for name in self.sink.rows
                },
            ),
            notes=tuple(self.notes),
            _summary=summary,
            _explain=explainer.explain,
            _identification=explainer.identification,
        )
        explainer.result = result
        return result

    def _note_grown(self, years: list[int]) -> None:
        m = self.ctx.model
        present = [y for y in self.ctx.years if y not in years]
        start = max((y for y in present if y < years[0]), default=self.ctx.income_year)
        self.notes.append(
            "baseline incomes for "
            + ", ".join(str(y) for y in years)
            + f" grown from {start} at {m.baseline_growth:%} a year (scenario.baseline_growth)"
        )


def _rows(value: Any, contract: str) -> Any:
    return _units_rows(value, contract)


def _area(briefs: list[Brief], name: str) -> list[str | None] | None:
    if not briefs or any(name not in b.key_areas for b in briefs):
        return None
    return [a for b in briefs for a in b.key_areas[name]]


def _sorted_rejected(pieces: list[pa.Table]) -> pa.Table:
    """Every partition's rejected rows: villages first, then households, each by row."""
    table = pa.concat_tables(pieces) if pieces else None
    if table is None or table.num_rows == 0:
        return pieces[0] if pieces else pa.table({})
    order = pa.table(
        {
            "f": pa.array([0 if f == "villages" else 1 for f in table.column("file").to_pylist()]),
            "r": table.column("row"),
        }
    )
    import pyarrow.compute as pc

    return table.take(pc.sort_indices(order, sort_keys=[("f", "ascending"), ("r", "ascending")]))


def _summary(  # noqa: PLR0917 - private
    run: _Run,
    briefs: list[Brief],
    pairing: Pairing,
    villages: KeyVillages,
    areas: VillageAreas,
    exits: dict[int, list[int]],
    settlement: pa.Table,
    held: Any,
    followed: list[int],
) -> RoundSummary:
    import pyarrow.compute as pc

    ctx = run.ctx
    assessments = []
    for y in ctx.calendar.assessment_years:
        passed = areas.flags(y)
        assessments.append(
            {
                "year": y,
                "villages": len(villages.ids),
                "passed": int(passed.sum()),
                "failed": int((~passed).sum()),
                "households_exited": exits[y][0],
                "persons_exited": exits[y][1],
            }
        )
    counties = settlement.filter(pc.equal(settlement.column("level"), "county"))
    paired = pairing.plan is not None
    return RoundSummary(
        round=ctx.round,
        source=run.reader.source if run.pop.blocks is not None else run.pop.source,
        villages=sum(b.villages for b in briefs),
        villages_selected=sum(b.villages_selected for b in briefs),
        households=sum(b.households for b in briefs),
        households_selected=sum(b.households_selected for b in briefs),
        persons_selected=sum(b.persons_selected for b in briefs),
        rejected=run.rejected_rows,
        villages_paired=len(pairing.plan.village_teams) if pairing.plan is not None else None,
        households_paired=_paired(pairing) if paired else None,
        max_load=pairing.max_load if paired else None,
        assessments=tuple(assessments),
        settlement_passed=settlement.column("passed")[0].as_py(),
        settlement_share=settlement.column("share")[0].as_py(),
        counties_settled=int(pc.sum(pc.fill_null(counties.column("passed"), False)).as_py() or 0),
        counties=counties.num_rows,
        escalations=dict(held.escalations),
        triggered={level: dict(years) for level, years in held.triggered.items()},
        follow_up_villages=followed[0],
        follow_up_relapsed=followed[1],
        notes=tuple(run.notes),
        timings={k: round(v, 3) for k, v in run.timings.items()},
        certainty={k: dict(v) for k, v in run.certainty.items()},
    )


def _paired(pairing: Pairing) -> int:
    total = 0
    for plan in (pairing.plan, pairing.scattered):
        if plan is not None:
            total += sum(plan.unit_households.values())
    return total
