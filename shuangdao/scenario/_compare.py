"""Compare identification under two standard sets on the same population, record by record."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.batch import BatchResult, identify
from shuangdao.errors import InvalidTypeError, UnknownReferenceError
from shuangdao.scenario._result import count_true, html_table, write_tables
from shuangdao.scenario._runner import _NO_COUNTY, load_population
from shuangdao.standards import Standards, default_standards, load_overrides

__all__ = ["Comparison", "compare", "standards_from"]


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
class Comparison:
    """Who enters and who leaves identification when the standards change.

    Attributes:
        round: The round.
        baseline: The baseline standards.
        scenario: The scenario standards.
        entered: Households poor under the scenario only: ``household_id``, ``village_id``,
            ``county_id``, ``members``, ``baseline_reason``, ``scenario_reason``,
            ``baseline_margin``, ``scenario_margin``.
        left: Households poor under the baseline only (same columns).
        villages_entered: Villages selected under the scenario only (``village_id``,
            ``county_id``, ``baseline_reason``, ``scenario_reason``).
        villages_left: Villages selected under the baseline only.
        by_county: Per county: households and persons entering and leaving, villages entering
            and leaving, and the net change in households.
        by_reason: Households whose decision changed, counted per (baseline reason,
            scenario reason).
        baseline_result: The baseline batch result (``.decision(household_id=...)``).
        scenario_result: The scenario batch result.
    """

    round: int
    baseline: Standards
    scenario: Standards
    entered: pa.Table
    left: pa.Table
    villages_entered: pa.Table
    villages_left: pa.Table
    by_county: pa.Table
    by_reason: pa.Table
    baseline_result: BatchResult
    scenario_result: BatchResult

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
        """Counts: households and persons entering and leaving, villages entering and leaving."""
        b = self.baseline_result.summary()
        s = self.scenario_result.summary()
        return {
            "round": self.round,
            "baseline_households": b.households_selected,
            "scenario_households": s.households_selected,
            "baseline_persons": b.persons_selected,
            "scenario_persons": s.persons_selected,
            "baseline_villages": b.villages_selected,
            "scenario_villages": s.villages_selected,
            "households_entered": self.entered.num_rows,
            "households_left": self.left.num_rows,
            "persons_entered": _sum(self.entered, "members"),
            "persons_left": _sum(self.left, "members"),
            "villages_entered": self.villages_entered.num_rows,
            "villages_left": self.villages_left.num_rows,
            "overrides": [str(o) for o in self.scenario.provenance().get("overrides", [])],
        }

    def text(self, lang: str = "en") -> str:
        """The summary in words (``"en"`` or ``"zh"``)."""
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

    def tables(self) -> dict[str, pa.Table]:
        """The comparison tables by name (``compare_entered``, ``compare_left``...)."""
        return {
            "compare_entered": self.entered,
            "compare_left": self.left,
            "compare_villages_entered": self.villages_entered,
            "compare_villages_left": self.villages_left,
            "compare_by_county": self.by_county,
            "compare_by_reason": self.by_reason,
        }

    def write(self, out_dir: str | Path, *, format: str = "csv", lang: str = "en") -> Path:
        """Write the comparison tables and ``comparison.md`` to ``out_dir``."""
        folder = Path(out_dir)
        write_tables(self.tables(), folder, format, "")
        (folder / "report.md").unlink()
        (folder / "comparison.md").write_text(
            f"# shuangdao comparison\n\n{self.text(lang)}\n", encoding="utf-8"
        )
        return folder

    def _repr_html_(self) -> str:
        return (
            f"<div><strong>{html.escape(self.text('en'))}</strong>"
            + html_table(self.by_county, "by county")
            + html_table(self.by_reason, "by reason")
            + html_table(self.entered, "households entering", limit=10)
            + html_table(self.left, "households leaving", limit=10)
            + "</div>"
        )


def _sum(table: pa.Table, column: str) -> int:
    if table.num_rows == 0:
        return 0
    return int(pc.sum(table.column(column)).as_py() or 0)


def _household_frame(result: BatchResult) -> pa.Table:
    villages = result._villages
    county = villages.extra.get("county_id")
    hv = pa.array(np.asarray(result._household_village, dtype=np.int64), pa.int64())
    village_ids = pc.cast(villages.ids, pa.string()).take(hv)
    if county is None:
        counties = pa.array([_NO_COUNTY] * len(hv), pa.string())
    else:
        counties = pc.fill_null(pc.cast(county, pa.string()), _NO_COUNTY).take(hv)
    h = result.households
    return pa.table(
        {
            "household_id": pc.cast(h.column("household_id"), pa.string()),
            "village_id": village_ids,
            "county_id": counties,
            "members": pa.array(result._households.columns["members"], pa.int64()),
            "poor": h.column("poor"),
            "reason": h.column("reason"),
            "margin": h.column("margin"),
        }
    )


def _village_frame(result: BatchResult) -> pa.Table:
    villages = result._villages
    county = villages.extra.get("county_id")
    n = len(villages.ids)
    counties = (
        pa.array([_NO_COUNTY] * n, pa.string())
        if county is None
        else pc.fill_null(pc.cast(county, pa.string()), _NO_COUNTY)
    )
    return pa.table(
        {
            "village_id": pc.cast(result.villages.column("village_id"), pa.string()),
            "county_id": counties,
            "selected": result.villages.column("selected"),
            "reason": result.villages.column("reason"),
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

    Both runs use the batch path (:func:`shuangdao.batch.identify`); records are matched by
    id, so a household is *entering* when it is poor under ``scenario`` and not under
    ``baseline``, and *leaving* in the opposite case. Each changed record carries both reason
    codes and both per-capita margins, so the cause of the change can be read off the row.

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
    from shuangdao.synth import DEFAULT_SEED

    if isinstance(round, bool) or round not in (1, 2, 3):
        raise UnknownReferenceError("must be 1, 2 or 3", field="round", value=round)
    base = standards_from(baseline)
    alt = standards_from(scenario)
    pop = load_population(
        population, round=round, scale=scale, seed=DEFAULT_SEED if seed is None else seed
    )
    first = identify(pop.villages, pop.households, round=round, standards=base)
    second = identify(pop.villages, pop.households, round=round, standards=alt)
    hb = _household_frame(first)
    hs = _household_frame(second)
    joined = hb.join(
        hs.select(["household_id", "poor", "reason", "margin"]),
        "household_id",
        join_type="inner",
        left_suffix="_baseline",
        right_suffix="_scenario",
    )
    # keep the baseline order
    joined = joined.sort_by("household_id")
    entered_mask = pc.and_(
        pc.invert(joined.column("poor_baseline")), joined.column("poor_scenario")
    )
    left_mask = pc.and_(joined.column("poor_baseline"), pc.invert(joined.column("poor_scenario")))

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

    entered = changes(entered_mask)
    left = changes(left_mask)
    vb = _village_frame(first)
    vs = _village_frame(second)
    vj = vb.join(
        vs.select(["village_id", "selected", "reason"]),
        "village_id",
        join_type="inner",
        left_suffix="_baseline",
        right_suffix="_scenario",
    ).sort_by("village_id")

    def village_changes(mask: Any) -> pa.Table:
        t = vj.filter(mask)
        return pa.table(
            {
                "village_id": t.column("village_id"),
                "county_id": t.column("county_id"),
                "baseline_reason": t.column("reason_baseline"),
                "scenario_reason": t.column("reason_scenario"),
            }
        )

    villages_entered = village_changes(
        pc.and_(pc.invert(vj.column("selected_baseline")), vj.column("selected_scenario"))
    )
    villages_left = village_changes(
        pc.and_(vj.column("selected_baseline"), pc.invert(vj.column("selected_scenario")))
    )
    counties = sorted(
        set(entered.column("county_id").to_pylist())
        | set(left.column("county_id").to_pylist())
        | set(villages_entered.column("county_id").to_pylist())
        | set(villages_left.column("county_id").to_pylist())
    )

    def per_county(table: pa.Table, column: str | None) -> dict[str, int]:
        out: dict[str, int] = {}
        ids = table.column("county_id").to_pylist()
        values = table.column(column).to_pylist() if column else [1] * len(ids)
        for c, v in zip(ids, values, strict=True):
            out[c] = out.get(c, 0) + int(v)
        return out

    he, hl = per_county(entered, None), per_county(left, None)
    pe, pl = per_county(entered, "members"), per_county(left, "members")
    ve, vl = per_county(villages_entered, None), per_county(villages_left, None)
    by_county = pa.table(
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
    by_reason = pa.table(
        {
            "baseline_reason": pa.array([k[0] for k in keys], pa.string()),
            "scenario_reason": pa.array([k[1] for k in keys], pa.string()),
            "households": pa.array([pairs[k][0] for k in keys], pa.int64()),
            "persons": pa.array([pairs[k][1] for k in keys], pa.int64()),
        }
    )
    _ = count_true
    return Comparison(
        round=round,
        baseline=base,
        scenario=alt,
        entered=entered,
        left=left,
        villages_entered=villages_entered,
        villages_left=villages_left,
        by_county=by_county,
        by_reason=by_reason,
        baseline_result=first,
        scenario_result=second,
    )
