"""Stage 5, per partition: the yearly village assessment (年度考核), scored over columns.

Each identified village is scored every assessment year by the round's village scoring model
(:func:`shuangdao.rules.assessment.score_columns`, the columnar evaluator of
:func:`~shuangdao.rules.assessment.assess`). What each indicator achieved is the scenario's
measurement, in thousandths:

* ``household_income`` / ``household_exit`` — the share of the village's counted persons
  out of poverty that year (the declared exit rule), over the share the round must reach
  (round 3: the cumulative planned share of the year, ``scenario.round3_planned_exits``);
* ``village_income`` — the village's per-capita income over the line of the round's declared
  village target (round 2: 60 % of the year's provincial average);
* ``collective_income`` — collective income over the declared collective target;
* any other indicator — seeded evidence (``scenario.indicator_progress``,
  ``indicator_spread``, ``mandated_indicator_met_share``; keyed by village).

Every ratio is rounded half up to the thousandth, exactly, in integers; a target of zero
(a scenario that requires nothing) is fully achieved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from shuangdao.declare import BoundCompare, kernel
from shuangdao.rules.assessment import score_columns
from shuangdao.rules.progress import VILLAGE_TARGETS
from shuangdao.scenario._draws import EVIDENCE, uniforms

if TYPE_CHECKING:
    from shuangdao.scenario._context import RoundContext
    from shuangdao.scenario._identification import Identified
    from shuangdao.scenario._incomes import Incomes

__all__ = ["SCALE", "Assessed", "assess_part", "target_line"]

SCALE = 3
"""Achievements are integers of 0.001."""

_HOUSEHOLD_SHARE = ("household_income", "household_exit")


def target_line(ctx: RoundContext, year: int, criterion: str) -> Decimal | None:
    """The line of one of the round's declared village targets in ``year`` (if it has it)."""
    rule = VILLAGE_TARGETS[ctx.round]
    if criterion not in rule.names:
        return None
    bound = rule.bind(ctx.standards, year=year).criterion(criterion)
    assert isinstance(bound, BoundCompare)
    line: Decimal = bound.line.value
    return line


def _ratio(num: np.ndarray[Any, Any], den: int) -> np.ndarray[Any, Any]:
    """``num / den`` rounded half up (non-negative integers; Python ints when large)."""
    top = int(np.abs(num).max(initial=0))
    values = num.astype(object) if (2 * top + den) >= kernel.SAFE else num
    return (2 * values + den) // (2 * den)


def _over_line(fen: np.ndarray[Any, Any], line: Decimal) -> np.ndarray[Any, Any]:
    """``fen / 100 / line`` in thousandths, half up (a line of zero is always reached)."""
    n, k = kernel.scaled(line, 0)
    if n == 0:
        return np.full(len(fen), 10**SCALE, dtype=np.int64)
    values = np.asarray(fen, dtype=np.int64).astype(object) * (10**SCALE * 10**k)
    out = (2 * values + 100 * n) // (2 * 100 * n)
    return np.asarray(out.astype(np.int64) if len(out) else np.zeros(0, np.int64))


def _share(above: np.ndarray[Any, Any], persons: np.ndarray[Any, Any], share: Decimal) -> Any:
    """``above / persons / share`` in thousandths, half up.

    1000 (reached) where nobody is counted or the share required is zero.
    """
    p, q = share.as_integer_ratio()
    if p == 0:
        return np.full(len(above), 10**SCALE, dtype=np.int64)
    num = above.astype(object) * q * 10**SCALE
    den = persons.astype(object) * p
    safe = np.where(persons > 0, den, 1)
    out = np.where(persons > 0, (2 * num + safe) // (2 * safe), 10**SCALE)
    return np.asarray(out.astype(np.int64) if len(out) else np.zeros(0, np.int64))


def _evidence(ctx: RoundContext, part: Identified) -> dict[tuple[int, str], np.ndarray[Any, Any]]:
    """Seeded achievements (thousandths) of the indicators not measured from incomes."""
    scenario = ctx.standards.params.scenario
    progress = scenario.indicator_progress
    spread = float(scenario.indicator_spread)
    met_share = scenario.mandated_indicator_met_share
    indicators = [i.id for i in ctx.scoring.indicators]
    mandated = {i.id for i in ctx.scoring.indicators if i.kind.value == "mandated"}
    numbers = list(ctx.calendar.numbers)
    draws = uniforms(ctx.seed, EVIDENCE, part.key_rows, len(numbers) * len(indicators))
    result: dict[tuple[int, str], np.ndarray[Any, Any]] = {}
    for a, number in enumerate(numbers):
        level = float(progress.get(str(number), progress[max(progress, key=int)]))
        met = float(met_share.get(str(number), met_share[max(met_share, key=int)]))
        for j, indicator in enumerate(indicators):
            u = draws[:, a * len(indicators) + j]
            if indicator in mandated:
                # all-or-nothing 民生 indicator: met (100 %) or not (the drawn level)
                value = np.where(u < met, 100, np.rint((level - spread * u) * 100).clip(0, 99))
            else:
                value = np.rint((level + spread * (2 * u - 1)) * 100)
            result[number, indicator] = np.maximum(value, 0).astype(np.int64) * 10
    return result


@dataclass(slots=True)
class Assessed:
    """The assessments of a partition's identified villages.

    Attributes:
        passed: Year → whether each village passed.
        achieved: Year → indicator → achievement in thousandths (for explanations).
    """

    passed: dict[int, np.ndarray[Any, Any]] = field(default_factory=dict)
    achieved: dict[int, dict[str, np.ndarray[Any, Any]]] = field(default_factory=dict)


def assess_part(
    ctx: RoundContext,
    part: Identified,
    incomes: Incomes,
    exited: dict[int, np.ndarray[Any, Any]],
    counted: np.ndarray[Any, Any],
) -> tuple[pa.Table, Assessed]:
    """Score every identified village of a partition in every assessment year."""
    cal = ctx.calendar
    evidence = _evidence(ctx, part)
    share = ctx.target_share()
    plan = ctx.exit_plan()
    collective_target = target_line(ctx, cal.assessment_years[0], "collective_income")
    mask = counted & (part.poor_village >= 0)
    village = part.poor_village[mask]
    members = part.members[mask]
    persons = np.bincount(village, weights=members, minlength=part.n_key).astype(np.int64)
    assessed = Assessed()
    pieces: list[pa.Table] = []
    for number, year in zip(cal.numbers, cal.assessment_years, strict=True):
        out = exited[year][mask]
        above = np.bincount(village[out], weights=members[out], minlength=part.n_key).astype(
            np.int64
        )
        line = target_line(ctx, year, "village_income")
        achieved: dict[str, np.ndarray[Any, Any]] = {}
        for indicator in ctx.scoring.indicators:
            if indicator.id in _HOUSEHOLD_SHARE:
                achieved[indicator.id] = _share(above, persons, plan.get(year, share))
            elif indicator.id == "village_income" and line is not None:
                achieved[indicator.id] = _over_line(incomes.per_capita[year], line)
            elif indicator.id == "collective_income" and collective_target is not None:
                achieved[indicator.id] = _over_line(incomes.collective[year], collective_target)
            else:
                achieved[indicator.id] = evidence[number, indicator.id]
        scored = score_columns(ctx.scoring, achieved, scale=SCALE)
        assessed.passed[year] = np.asarray(scored.passed, dtype=bool)
        assessed.achieved[year] = achieved
        pieces.append(
            pa.table(
                {
                    "village_id": part.key_ids,
                    "county_id": part.key_county,
                    "year": pa.array([year] * part.n_key, pa.int64()),
                    "assessment_number": pa.array([number] * part.n_key, pa.int64()),
                    "score": pa.array(scored.totals(), pa.decimal128(12, 3)),
                    "grade": pa.array(scored.codes(), pa.string()),
                    "passed": pa.array(assessed.passed[year]),
                }
            )
        )
    # village by village, each in year order: the same for any partitioning
    n_years = len(pieces)
    order = (np.arange(n_years)[None, :] * part.n_key + np.arange(part.n_key)[:, None]).ravel()
    return pa.concat_tables(pieces).take(pa.array(order, pa.int64())), assessed
