"""Stage 4, per partition: incomes over the round (the growth model) and exits per year.

Incomes follow :mod:`shuangdao.scenario._growth`: the population's baseline of the year (or
the latest earlier one grown, or the identification-year income grown), the plan measures on
their ramp and the labour transfers. Whether a household is out of poverty in a year is the
round's declared exit rule (:data:`shuangdao.rules.progress.EXIT`) evaluated over the columns;
the partition writes its rows of the ``progress`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from shuangdao._decimals import decimal_array
from shuangdao.rules.progress import exit_rule
from shuangdao.scenario._growth import fen_times, growth_factor, ramp_fraction
from shuangdao.scenario._population import MONEY_TYPE

if TYPE_CHECKING:
    from collections import Counter

    from shuangdao.scenario._context import RoundContext
    from shuangdao.scenario._identification import Identified
    from shuangdao.scenario._plans import Plans
    from shuangdao.scenario._population import Later

__all__ = ["Incomes", "exits_part", "incomes_part"]


def _half_up_div(num: np.ndarray[Any, Any], den: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``num / den`` rounded half up, for non-negative integer arrays."""
    return np.asarray((2 * num + den) // (2 * den), dtype=np.int64)


@dataclass(slots=True)
class Incomes:
    """Income paths of a partition (integer fen) for every year the run follows.

    Attributes:
        household: Year → income of each identified household.
        per_capita: Year → per-capita income of each identified village.
        collective: Year → collective income of each identified village.
        grown: Years with no baseline column in the population (grown instead).
    """

    household: dict[int, np.ndarray[Any, Any]] = field(default_factory=dict)
    per_capita: dict[int, np.ndarray[Any, Any]] = field(default_factory=dict)
    collective: dict[int, np.ndarray[Any, Any]] = field(default_factory=dict)
    grown: tuple[int, ...] = ()


def _grown_from(
    columns: dict[int, np.ndarray[Any, Any]],
    first: np.ndarray[Any, Any],
    year: int,
    *,
    income_year: int,
    growth: Any,
) -> np.ndarray[Any, Any]:
    """The baseline of ``year``: its column, else the latest earlier one (or ``first``) grown."""
    if year in columns:
        return columns[year]
    start = max((y for y in columns if y < year), default=None)
    if start is None:
        return fen_times(first, growth_factor(growth, year - income_year))
    return fen_times(columns[start], growth_factor(growth, year - start))


def incomes_part(ctx: RoundContext, part: Identified, plans: Plans, later: Later) -> Incomes:
    """Income of every identified household and village of a partition, year by year."""
    m = ctx.model
    first = ctx.calendar.assessment_years[0]
    in_key = part.poor_village >= 0
    population = np.maximum(part.key_population, 1)
    incomes = Incomes(grown=tuple(y for y in ctx.years if y not in later.years))
    for y in ctx.years:
        base = _grown_from(
            later.households, part.income, y, income_year=ctx.income_year, growth=m.baseline_growth
        )
        k = y - first + 1
        uplift = fen_times(plans.full_effect, ramp_fraction(k, m.measure_ramp_years))
        wage_fen = int(m.wage(y) * 100)
        transfer = np.where((plans.transfer > 0) & (plans.transfer <= y), wage_fen, 0)
        added = np.asarray(uplift, dtype=np.int64) + transfer
        incomes.household[y] = np.asarray(base, dtype=np.int64) + added
        village_added = np.bincount(
            part.poor_village[in_key], weights=added[in_key], minlength=part.n_key
        )
        v_base = _grown_from(
            later.per_capita,
            part.key_per_capita,
            y,
            income_year=ctx.income_year,
            growth=m.baseline_growth,
        )
        incomes.per_capita[y] = np.asarray(v_base, dtype=np.int64) + _half_up_div(
            np.rint(village_added).astype(np.int64), population
        )
        c_base = _grown_from(
            later.collective,
            part.key_collective,
            y,
            income_year=ctx.income_year,
            growth=m.baseline_growth,
        )
        incomes.collective[y] = np.asarray(c_base, dtype=np.int64) + np.asarray(
            fen_times(plans.collective_effect, ramp_fraction(k, m.measure_ramp_years)),
            dtype=np.int64,
        )
    return incomes


def exits_part(
    ctx: RoundContext, part: Identified, incomes: Incomes, certainty: Counter[str]
) -> tuple[pa.Table, dict[int, np.ndarray[Any, Any]]]:
    """Exit per year by the declared rule: the ``progress`` piece and the exit flags.

    Exit lines exist up to the settlement year (round 3 has none after 2018) and for every
    assessment year; the follow-up compares with its own declared rule instead.
    """
    members = part.members
    exited: dict[int, np.ndarray[Any, Any]] = {}
    for y in ctx.years:
        if y > ctx.settlement_year and y not in ctx.calendar.assessment_years:
            continue
        evaluated = exit_rule(ctx.round, y, ctx.standards).evaluate(
            {"income": incomes.household[y], "members": members}
        )
        exited[y] = np.asarray(evaluated.outcome, dtype=bool)
        if y in ctx.calendar.assessment_years:
            certainty[evaluated.certainty.value] += part.n_poor
    columns: dict[str, Any] = {
        "household_id": part.poor_ids,
        "village_id": part.poor_village_ids,
        "county_id": part.poor_county,
        "members": pa.array(members, pa.int64()),
        "has_labour_capacity": pa.array(part.labour),
    }
    first_exit = np.zeros(part.n_poor, dtype=np.int64)
    for y in ctx.calendar.assessment_years:
        columns[f"income_{y}"] = decimal_array(incomes.household[y], MONEY_TYPE)
        columns[f"exited_{y}"] = pa.array(exited[y])
        first_exit[(first_exit == 0) & exited[y]] = y
    columns["first_exit_year"] = pa.array(first_exit, pa.int64(), mask=first_exit == 0)
    for y in ctx.follow_years:
        columns[f"income_{y}"] = decimal_array(incomes.household[y], MONEY_TYPE)
    return pa.table(columns), exited
