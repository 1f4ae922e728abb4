"""The block's village and household tables: collective income, per-capita income, ids."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from shuangdao._decimals import decimal_array
from shuangdao.synth._arrow import _ids_in, _repeated
from shuangdao.synth._assumptions import _D1, _D1_COLLECTIVE_EXTRA_FEN, _K2, MONEY_TYPE, STRATA
from shuangdao.synth._calibration import _CAL, INCOME_YEARS
from shuangdao.synth._geography import _Plan
from shuangdao.synth._households import _BlockDraws, _Households, _select
from shuangdao.synth._income_model import _Incomes
from shuangdao.synth._numeric import IntArray


def _collective(plan: _Plan, hh: _Households, incomes: _Incomes) -> Callable[[int], IntArray]:
    """Step 4: village collective income (fen) by year, from the plan's levels and paths."""
    years = np.asarray(INCOME_YEARS, dtype=np.float64)
    y1, y2 = _CAL.income_year[1], _CAL.income_year[2]
    settled1, settled2 = _CAL.settlement_year[1], _CAL.settlement_year[2]
    gv = hh.villages
    stratum = hh.stratum
    c_ref = plan.collective_2011[gv].copy()
    c_first = c_ref.copy()  # the early path of designated villages is left as it was
    d1 = stratum == _D1
    k2m = stratum == _K2
    c_ref[d1] += _D1_COLLECTIVE_EXTRA_FEN[0]  # stays at or above the line: never a key village
    # a non-key village that round 2's rule would select by its income is given a collective
    # income at or above the collective line
    fallback = (stratum != _K2) & _CAL.collective.holds(c_ref)
    if fallback.any():
        fallback[fallback] = _CAL.key_village.holds(incomes.village_pc_of(y2, fallback))
    c_ref[fallback] = plan.collective_fallback[gv][fallback]
    growth = plan.collective_growth[gv]
    collective = c_ref[None, :] * (1.0 + growth)[None, :] ** (years[:, None] - y2)
    ratio = plan.collective_2009_ratio[gv][d1]
    collective[0, d1] = c_first[d1] / ratio
    collective[1, d1] = c_first[d1] / np.sqrt(ratio)
    target = plan.collective_2015_target[gv][k2m]
    span = settled2 - y2
    for y in range(y2 + 1, settled2 + 1):
        collective[y - y1, k2m] = c_ref[k2m] + (target - c_ref[k2m]) * (y - y2) / span
    for y in range(settled2 + 1, INCOME_YEARS[-1] + 1):
        collective[y - y1, k2m] = target * (1.0 + growth[k2m]) ** (y - settled2)
    for y in range(settled1, INCOME_YEARS[-1] + 1):
        collective[y - y1, d1] += _D1_COLLECTIVE_EXTRA_FEN[1] * (1.0 + growth[d1]) ** (y - settled1)
    collective_fen = np.rint(collective).astype(np.int64)
    collective_fen[y2 - y1] = c_ref
    return lambda year: collective_fen[year - y1]


def _amounts(
    plan: _Plan, hh: _Households, incomes: _Incomes, years: Sequence[int]
) -> dict[str, dict[int, IntArray]]:
    """The money columns of :func:`_tables` in integer fen, by name and year."""
    income = {y: incomes.final(y) for y in years}  # first: the collective step may reuse them
    if "collective" not in incomes._cache:
        incomes._cache["collective"] = _collective(plan, hh, incomes)
    collective = incomes._cache["collective"]
    return {
        "income": income,
        "per_capita_income": {y: incomes.village_pc(income[y]) for y in years},
        "collective_income": {y: collective(y) for y in years},
    }


def _tables(
    plan: _Plan, hh: _Households, incomes: _Incomes, years: Sequence[int]
) -> tuple[pa.Table, pa.Table]:
    """Step 5: the block's village and household tables for ``years``."""
    gv = pa.array(hh.villages, pa.int64())
    amounts = _amounts(plan, hh, incomes, years)
    village_cols: dict[str, Any] = {
        "village_id": plan.village_ids.take(gv),
        "township_id": plan.township_ids.take(gv),
        "county_id": plan.county_ids.take(gv),
        "city_id": plan.city_ids.take(gv),
        "stratum": pa.array(np.asarray(STRATA, dtype=object)[hh.stratum], type=pa.string()),
        "designated": pa.array(hh.stratum == _D1, type=pa.bool_()),
        "households": pa.array(hh.size, type=pa.int64()),
        "registered_population": pa.array(hh.member_sum, type=pa.int64()),
    }
    for name in ("per_capita_income", "collective_income"):
        for y in years:
            village_cols[f"{name}_{y}"] = decimal_array(amounts[name][y], MONEY_TYPE)
    village_ids = village_cols["village_id"]
    household_cols: dict[str, Any] = {
        "household_id": _ids_in(village_ids, hh.vix, "H", hh.pos + 1, plan.household_width),
        "village_id": _repeated(village_ids, hh.vix),
        "members": pa.array(hh.members, type=pa.int64()),
        "has_labour_capacity": pa.array(hh.labour, type=pa.bool_()),
    }
    for y in years:
        household_cols[f"income_{y}"] = decimal_array(amounts["income"][y], MONEY_TYPE)
    return pa.table(village_cols), pa.table(household_cols)


def _block(
    plan: _Plan, b: int, years: Sequence[int] = INCOME_YEARS, villages: IntArray | None = None
) -> tuple[pa.Table, pa.Table]:
    """Generate block ``b`` (or some of its ``villages``) for ``years``: (villages, households).

    The steps: draw the households (:func:`_draw_households`), compute each year's incomes by
    the income and outcome models (:class:`_Incomes`), derive the villages' per-capita and
    collective incomes and build the tables (:func:`_tables`).
    """
    draws = _BlockDraws(plan, b)
    hh = _select(draws.households, villages)
    return _tables(plan, hh, _Incomes(draws, hh), years)
