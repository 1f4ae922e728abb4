"""Compare identification under two standard sets on the same population, record by record.

Partition by partition (as the whole-round runner reads the population): each partition is
identified under both standard sets by the batch path, and its households and villages whose
outcome differs are kept; the counts per county and per pair of reasons are added up.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc

from shuangdao import _i18n as i18n
from shuangdao import _runtext as runtext
from shuangdao._frames import TableAccess, TableMapping
from shuangdao.batch import BatchResult, identify
from shuangdao.errors import InvalidTypeError, UnknownReferenceError
from shuangdao.scenario._engine import LocalEngine
from shuangdao.scenario._identification import NO_COUNTY
from shuangdao.scenario._population import Part, Reader, reader_for
from shuangdao.scenario._result import html_table, write_tables
from shuangdao.scenario._runner import load_population
from shuangdao.standards import Standards, default_standards, load_overrides

__all__ = ["COMPARE_TABLES", "Comparison", "compare", "standards_from"]

COMPARE_TABLES: Final = (
    "compare_entered",
    "compare_left",
    "compare_villages_entered",
    "compare_villages_left",
    "compare_by_county",
    "compare_by_reason",
)
"""Names of the tables of a :class:`Comparison` (``Comparison.table_names``), in order."""


def standards_from(value: Standards | Mapping[str, Any] | str | Path | None) -> Standards:
    """Standards from a :class:`Standards`, a mapping of overrides or an overrides TOML path.

    Raises:
        OverrideError: An unknown key or a value of the wrong type (the message names the key).
    """
    if value is None:
        return default_standards()
    if isinstance(value, Standards):
        return value
    if isinstance(value, Mapping):
        return default_standards().with_overrides(value)
    if isinstance(value, str | Path):
        return default_standards().with_overrides(load_overrides(value))
    raise InvalidTypeError(
        "must be Standards, a mapping of overrides or a TOML path",
        field="scenario",
        value=type(value).__name__,
    )


@dataclass(frozen=True, slots=True)
class _Counts:
    """Households, persons and villages selected under one standard set."""

    households: int = 0
    persons: int = 0
    villages: int = 0

    def __add__(self, other: _Counts) -> _Counts:
        return _Counts(
            self.households + other.households,
            self.persons + other.persons,
            self.villages + other.villages,
        )


class Comparison(TableAccess):
    """Who enters and who leaves identification when the standards change.

    Its tables (:data:`COMPARE_TABLES`) are read like every result's: ``table_names``,
    ``tables``, ``table(name)``, ``to_arrow(name)``, ``to_pandas(name)``,
    ``to_polars(name)`` (``money="decimal"|"float"|"fen"``: see *Results as tables*).

    .. versionchanged:: 0.2.0 ``tables`` is a mapping; calling it (``tables()``) warns.

    Attributes:
        round: The round.
        baseline: The baseline standards.
        scenario: The scenario standards.
        entered: Households poor under the scenario only: ``household_id``, ``village_id``,
            ``county_id``, ``members``, ``baseline_reason``, ``scenario_reason``,
            ``baseline_margin``, ``scenario_margin`` (by ``household_id``).
        left: Households poor under the baseline only (same columns).
        villages_entered: Villages selected under the scenario only (``village_id``,
            ``county_id``, ``baseline_reason``, ``scenario_reason``).
        villages_left: Villages selected under the baseline only.
        by_county: Per county: households and persons entering and leaving, villages entering
            and leaving, and the net change in households.
        by_reason: Households whose decision changed, counted per (baseline reason,
            scenario reason).
        baseline_result: The baseline batch result of the whole population
            (``.decision(household_id=...)``), computed on first access.
        scenario_result: The scenario batch result, likewise.
    """

    __slots__ = (
        "_base_counts",
        "_population",
        "_results",
        "_scenario_counts",
        "baseline",
        "by_county",
        "by_reason",
        "entered",
        "left",
        "round",
        "scenario",
        "villages_entered",
        "villages_left",
    )

    def __init__(
        self,
        *,
        round: int,
        baseline: Standards,
        scenario: Standards,
        entered: pa.Table,
        left: pa.Table,
        villages_entered: pa.Table,
        villages_left: pa.Table,
        by_county: pa.Table,
        by_reason: pa.Table,
        counts: tuple[_Counts, _Counts] = (_Counts(), _Counts()),
        population: Callable[[], tuple[Any, Any]] | None = None,
    ) -> None:
        self.round = round
        self.baseline = baseline
        self.scenario = scenario
        self.entered = entered
        self.left = left
        self.villages_entered = villages_entered
        self.villages_left = villages_left
        self.by_county = by_county
        self.by_reason = by_reason
        self._base_counts, self._scenario_counts = counts
        self._population = population
        self._results: dict[str, BatchResult] = {}

    def _result(self, which: str) -> BatchResult:
        if which not in self._results:
            if self._population is None:
                raise UnknownReferenceError(
                    "is not available for this comparison", field=f"{which}_result"
                )
            villages, households = self._population()
            standards = self.baseline if which == "baseline" else self.scenario
            self._results[which] = identify(
                villages, households, round=self.round, standards=standards
            )
        return self._results[which]

    @property
    def baseline_result(self) -> BatchResult:
        """The baseline batch result of the whole population (computed on first access)."""
        return self._result("baseline")

    @property
    def scenario_result(self) -> BatchResult:
        """The scenario batch result of the whole population (computed on first access)."""
        return self._result("scenario")

    @property
    def unchanged(self) -> bool:
        """True when nobody enters or leaves (households and villages)."""
        return not (
            self.entered.num_rows
            or self.left.num_rows
            or self.villages_entered.num_rows
            or self.villages_left.num_rows
        )

    def summary(self) -> dict[str, Any]:
        """Counts: households and persons entering and leaving, villages entering and leaving.

        ``overrides`` lists the scenario's overrides as plain records: ``key``, ``before`` and
        ``after`` (canonical JSON values: a decimal as a string, a list as a list) and
        ``derived`` (recomputed because an input of its derivation was overridden).

        .. versionchanged:: 0.2.0 ``overrides`` holds records, not their ``str()`` (issue 16).
        """
        b, s = self._base_counts, self._scenario_counts
        return {
            "round": self.round,
            "baseline_households": b.households,
            "scenario_households": s.households,
            "baseline_persons": b.persons,
            "scenario_persons": s.persons,
            "baseline_villages": b.villages,
            "scenario_villages": s.villages,
            "households_entered": self.entered.num_rows,
            "households_left": self.left.num_rows,
            "persons_entered": _sum(self.entered, "members"),
            "persons_left": _sum(self.left, "members"),
            "villages_entered": self.villages_entered.num_rows,
            "villages_left": self.villages_left.num_rows,
            "overrides": [
                {
                    "key": o["key"],
                    "before": _decoded(o["before"]),
                    "after": _decoded(o["after"]),
                    "derived": o["derived"],
                }
                for o in self.scenario.provenance().get("overrides", [])
            ],
        }

    def text(self, lang: str = "en") -> str:
        """The summary in words (``"en"`` or ``"zh"``), then the overrides as an aligned table.

        .. versionchanged:: 0.2.0 the overrides table (issue 16).
        """
        headline = self._headline(lang)
        overrides = self.summary()["overrides"]
        if not overrides:
            return headline
        table = i18n.text_table(*runtext.override_rows(overrides, lang), indent="  ")
        return f"{headline}\n{'情景调整：' if lang == 'zh' else 'Overrides:'}\n{table}"

    def markdown(self, lang: str = "en") -> str:
        """The summary in words, then the overrides as a Markdown table (for reports).

        .. versionadded:: 0.2.0 (issue 16)
        """
        headline = self._headline(lang)
        overrides = self.summary()["overrides"]
        if not overrides:
            return headline
        table = i18n.markdown_table(*runtext.override_rows(overrides, lang))
        return f"{headline}\n\n{'情景调整：' if lang == 'zh' else 'Overrides:'}\n\n{table}"

    def _headline(self, lang: str) -> str:
        d = self.summary()
        if lang == "zh":
            return (
                f"第{self.round}轮标准比较：贫困户由{d['baseline_households']:,}户变为"
                f"{d['scenario_households']:,}户（新进入{d['households_entered']:,}户"
                f"{d['persons_entered']:,}人，退出{d['households_left']:,}户"
                f"{d['persons_left']:,}人）；村由{d['baseline_villages']:,}个变为"
                f"{d['scenario_villages']:,}个（新进入{d['villages_entered']:,}个，"
                f"退出{d['villages_left']:,}个）"
            )
        return (
            f"Round {self.round} comparison: poor households {d['baseline_households']:,} → "
            f"{d['scenario_households']:,} ({d['households_entered']:,} households / "
            f"{d['persons_entered']:,} persons enter, {d['households_left']:,} / "
            f"{d['persons_left']:,} leave); villages {d['baseline_villages']:,} → "
            f"{d['scenario_villages']:,} ({d['villages_entered']:,} enter, "
            f"{d['villages_left']:,} leave)"
        )

    def _table_map(self) -> dict[str, pa.Table]:
        tables = (
            self.entered,
            self.left,
            self.villages_entered,
            self.villages_left,
            self.by_county,
            self.by_reason,
        )
        return dict(zip(COMPARE_TABLES, tables, strict=True))

    @property
    def tables(self) -> TableMapping:
        """The comparison tables by name (``compare_entered``, ``compare_left``...).

        .. versionchanged:: 0.2.0 A mapping (it was a method; ``tables()`` warns).
        """
        return TableMapping(self._table_map(), "Comparison")

    def write(self, out_dir: str | Path, *, format: str = "csv", lang: str = "en") -> Path:
        """Write the comparison tables and ``comparison.md`` to ``out_dir``."""
        folder = Path(out_dir)
        write_tables(self._table_map(), folder, format, "")
        (folder / "report.md").unlink()
        (folder / "comparison.md").write_text(
            f"# shuangdao comparison\n\n{self.markdown(lang)}\n", encoding="utf-8"
        )
        return folder

    def __repr__(self) -> str:
        d = self.summary()
        return (
            f"Comparison(round={self.round}, households +{d['households_entered']:,}"
            f"/-{d['households_left']:,}, villages +{d['villages_entered']:,}"
            f"/-{d['villages_left']:,}, overrides={len(d['overrides'])})"
        )

    def _repr_html_(self) -> str:
        return (
            f"<div><strong>{html.escape(self._headline('en'))}</strong>"
            + html_table(self.by_county, "by county")
            + html_table(self.by_reason, "by reason")
            + html_table(self.entered, "households entering", limit=10)
            + html_table(self.left, "households leaving", limit=10)
            + "</div>"
        )


def _decoded(text: str) -> Any:
    """A canonical value (JSON text) as JSON data, numbers as written; other text as it is."""
    try:
        return json.loads(text, parse_float=str, parse_int=str)
    except ValueError:
        return text


def _sum(table: pa.Table, column: str) -> int:
    if table.num_rows == 0:
        return 0
    return int(pc.sum(table.column(column)).as_py() or 0)


def _counties(result: BatchResult) -> pa.Array:
    county = result.inputs().village_county
    if county is None:
        return pa.array([NO_COUNTY] * result.villages.num_rows, pa.string())
    return pc.fill_null(pc.cast(county, pa.string()), NO_COUNTY)


def _household_frame(result: BatchResult) -> pa.Table:
    counties = _counties(result)
    x = result.inputs()
    hv = pa.array(x.household_village, pa.int64())
    h = result.households
    return pa.table(
        {
            "household_id": pc.cast(h.column("household_id"), pa.string()),
            "village_id": pc.cast(result.villages.column("village_id"), pa.string()).take(hv),
            "county_id": counties.take(hv),
            "members": pa.array(x.households["members"], pa.int64()),
            "poor": h.column("poor"),
            "reason": h.column("reason"),
            "margin": h.column("margin"),
        }
    )


def _village_frame(result: BatchResult) -> pa.Table:
    return pa.table(
        {
            "village_id": pc.cast(result.villages.column("village_id"), pa.string()),
            "county_id": _counties(result),
            "selected": result.villages.column("selected"),
            "reason": result.villages.column("reason"),
        }
    )


def _counts(result: BatchResult) -> _Counts:
    s = result.summary()
    return _Counts(s.households_selected, s.persons_selected, s.villages_selected)


@dataclass(slots=True)
class _Changes:
    """One partition's changes (tables) and counts."""

    entered: pa.Table
    left: pa.Table
    villages_entered: pa.Table
    villages_left: pa.Table
    counts: tuple[_Counts, _Counts]


def _household_changes(first: BatchResult, second: BatchResult) -> tuple[pa.Table, pa.Table]:
    """Households entering and leaving, with both reasons and margins."""
    joined = _household_frame(first).join(
        _household_frame(second).select(["household_id", "poor", "reason", "margin"]),
        "household_id",
        join_type="inner",
        left_suffix="_baseline",
        right_suffix="_scenario",
    )

    def changes(mask: Any) -> pa.Table:
        t = joined.filter(mask)
        return pa.table(
            {
                "household_id": t.column("household_id"),
                "village_id": t.column("village_id"),
                "county_id": t.column("county_id"),
                "members": t.column("members"),
                "baseline_reason": t.column("reason_baseline"),
                "scenario_reason": t.column("reason_scenario"),
                "baseline_margin": t.column("margin_baseline"),
                "scenario_margin": t.column("margin_scenario"),
            }
        )

    before, after = joined.column("poor_baseline"), joined.column("poor_scenario")
    return (
        changes(pc.and_(pc.invert(before), after)),
        changes(pc.and_(before, pc.invert(after))),
    )


def _village_changes(first: BatchResult, second: BatchResult) -> tuple[pa.Table, pa.Table]:
    """Villages entering and leaving, with both reasons."""
    joined = _village_frame(first).join(
        _village_frame(second).select(["village_id", "selected", "reason"]),
        "village_id",
        join_type="inner",
        left_suffix="_baseline",
        right_suffix="_scenario",
    )

    def changes(mask: Any) -> pa.Table:
        t = joined.filter(mask)
        return pa.table(
            {
                "village_id": t.column("village_id"),
                "county_id": t.column("county_id"),
                "baseline_reason": t.column("reason_baseline"),
                "scenario_reason": t.column("reason_scenario"),
            }
        )

    before, after = joined.column("selected_baseline"), joined.column("selected_scenario")
    return (
        changes(pc.and_(pc.invert(before), after)),
        changes(pc.and_(before, pc.invert(after))),
    )


def _compare_part(
    part: Part, reader: Reader, round: int, standards: tuple[Standards, Standards]
) -> _Changes:
    """Step 1, per partition: identify under both sets and keep what changed."""
    inp = reader.read(part)
    first = identify(inp.villages, inp.households, round=round, standards=standards[0])
    second = identify(inp.villages, inp.households, round=round, standards=standards[1])
    entered, left = _household_changes(first, second)
    villages_entered, villages_left = _village_changes(first, second)
    return _Changes(
        entered, left, villages_entered, villages_left, (_counts(first), _counts(second))
    )


def _per_county(table: pa.Table, column: str | None) -> dict[str, int]:
    out: dict[str, int] = {}
    ids = table.column("county_id").to_pylist()
    values = table.column(column).to_pylist() if column else [1] * len(ids)
    for c, v in zip(ids, values, strict=True):
        out[c] = out.get(c, 0) + int(v)
    return out


def _by_county(
    entered: pa.Table, left: pa.Table, villages_entered: pa.Table, villages_left: pa.Table
) -> pa.Table:
    """Step 3: households, persons and villages entering and leaving, per county."""
    counties = sorted(
        set(entered.column("county_id").to_pylist())
        | set(left.column("county_id").to_pylist())
        | set(villages_entered.column("county_id").to_pylist())
        | set(villages_left.column("county_id").to_pylist())
    )
    he, hl = _per_county(entered, None), _per_county(left, None)
    pe, pl = _per_county(entered, "members"), _per_county(left, "members")
    ve, vl = _per_county(villages_entered, None), _per_county(villages_left, None)
    return pa.table(
        {
            "county_id": pa.array(counties, pa.string()),
            "households_entered": pa.array([he.get(c, 0) for c in counties], pa.int64()),
            "households_left": pa.array([hl.get(c, 0) for c in counties], pa.int64()),
            "persons_entered": pa.array([pe.get(c, 0) for c in counties], pa.int64()),
            "persons_left": pa.array([pl.get(c, 0) for c in counties], pa.int64()),
            "villages_entered": pa.array([ve.get(c, 0) for c in counties], pa.int64()),
            "villages_left": pa.array([vl.get(c, 0) for c in counties], pa.int64()),
            "net_households": pa.array([he.get(c, 0) - hl.get(c, 0) for c in counties], pa.int64()),
        }
    )


def _by_reason(entered: pa.Table, left: pa.Table) -> pa.Table:
    """Step 4: households whose decision changed, per (baseline, scenario) reason."""
    changed = pa.concat_tables([entered, left])
    pairs: dict[tuple[str, str], list[int]] = {}
    for b, s, m in zip(
        changed.column("baseline_reason").to_pylist(),
        changed.column("scenario_reason").to_pylist(),
        changed.column("members").to_pylist(),
        strict=True,
    ):
        entry = pairs.setdefault((b, s), [0, 0])
        entry[0] += 1
        entry[1] += int(m)
    keys = sorted(pairs)
    return pa.table(
        {
            "baseline_reason": pa.array([k[0] for k in keys], pa.string()),
            "scenario_reason": pa.array([k[1] for k in keys], pa.string()),
            "households": pa.array([pairs[k][0] for k in keys], pa.int64()),
            "persons": pa.array([pairs[k][1] for k in keys], pa.int64()),
        }
    )


def compare(
    population: Any = None,
    *,
    round: int = 2,
    baseline: Standards | Mapping[str, Any] | str | Path | None = None,
    scenario: Standards | Mapping[str, Any] | str | Path,
    scale: float = 1.0,
    seed: int | None = None,
) -> Comparison:
    """Identify the same population under two standard sets and list every change.

    Both runs use the batch path (:func:`shuangdao.batch.identify`), partition by partition;
    records are matched by id, so a household is *entering* when it is poor under
    ``scenario`` and not under ``baseline``, and *leaving* in the opposite case. Each changed
    record carries both reason codes and both per-capita margins, so the cause of the change
    can be read off the row.

    Policy: S1, S3, S5, S18, S19 (the identification rules of both standard sets).

    Args:
        population: As for :func:`~shuangdao.scenario.run_round` (``None``: the built-in
            synthetic province with ``seed`` and ``scale``).
        round: 1, 2 or 3.
        baseline: The baseline (``None``: the shipped standards).
        scenario: The scenario: :class:`Standards`, a mapping of overrides (``{"round2.
            household_ratio": "0.40"}``) or an overrides TOML path.
        scale: Size of the generated province (only when ``population`` is ``None``).
        seed: Seed of the generated province.

    Returns:
        A :class:`Comparison`.

    Raises:
        OverrideError: An override names an unknown key or has the wrong type.

    Example:
        >>> c = compare(scale=0.01, scenario={"round2.household_ratio": "0.40"})
        >>> c.summary()["households_left"], c.summary()["households_entered"] > 0
        (0, True)
    """
    from shuangdao.synth import DEFAULT_SEED, ROUND_INCOME_YEAR

    if isinstance(round, bool) or round not in (1, 2, 3):
        raise UnknownReferenceError("must be 1, 2 or 3", field="round", value=round)
    standards = (standards_from(baseline), standards_from(scenario))
    pop = load_population(
        population, round=round, scale=scale, seed=DEFAULT_SEED if seed is None else seed
    )
    reader = reader_for(pop, round=round, income_year=int(ROUND_INCOME_YEAR[round]))
    engine = LocalEngine()
    try:
        parts = list(
            engine.ordered(
                lambda part: _compare_part(part, reader, round, standards), reader.parts()
            )
        )
    finally:
        engine.close()
    entered = pa.concat_tables([p.entered for p in parts]).sort_by("household_id")
    left = pa.concat_tables([p.left for p in parts]).sort_by("household_id")
    villages_entered = pa.concat_tables([p.villages_entered for p in parts]).sort_by("village_id")
    villages_left = pa.concat_tables([p.villages_left for p in parts]).sort_by("village_id")
    counts = (
        sum((p.counts[0] for p in parts), _Counts()),
        sum((p.counts[1] for p in parts), _Counts()),
    )
    return Comparison(
        round=round,
        baseline=standards[0],
        scenario=standards[1],
        entered=entered,
        left=left,
        villages_entered=villages_entered,
        villages_left=villages_left,
        by_county=_by_county(entered, left, villages_entered, villages_left),
        by_reason=_by_reason(entered, left),
        counts=counts,
        population=_whole(pop, reader, round),
    )


def _whole(pop: Any, reader: Reader, round: int) -> Callable[[], tuple[Any, Any]]:
    """The population as identify inputs in one piece (for the whole-population results)."""

    def read() -> tuple[Any, Any]:
        if pop.blocks is not None:
            from shuangdao.synth import generate_province

            province = generate_province(seed=pop.blocks.seed, scale=pop.blocks.scale)
            villages, households = province.round_inputs(round)
            return villages, households
        if len(reader.parts()) == 1:
            inp = reader.read(reader.parts()[0])
            return inp.villages, inp.households
        return pop.villages, pop.households

    return read
