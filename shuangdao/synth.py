"""A seeded, deterministic synthetic Guangdong-like province (合成省份).

The built-in default data of shuangdao: cities → counties → townships → villages → households,
with household members, labour capacity and income by year (2009–2018), village collective income
and registered population by year, and the assisting units (帮扶单位) and resident cadres (驻村干部)
of round 1. Every table is a :class:`pyarrow.Table`; money is Arrow ``decimal128(15, 2)`` yuan.

Requires the optional ``frame`` extra (numpy, pyarrow). The core package never imports this
module at import time.

Calibration (the core requirement)
----------------------------------
At ``scale=1`` applying the published identification rules to :meth:`SyntheticProvince.round_inputs`
gives, by construction (not by luck):

============  =========================  ====================  =================  ==================
round, year   rule (source)              villages              households         people
============  =========================  ====================  =================  ==================
1, 2009       S5: designated village;    3,407 (exact)         367,000 (exact)    ≈1,586,000
              per-capita ≤ 1500
2, 2011       S1: village per-capita     2,571 (exact)         209,000 (exact)    ≈906,000
              < 5623 AND collective
              < 30000; household < 3093
              AND labour capacity
3, 2014       S18: household < 4000;     2,277 (exact)         708,000 (exact)    ≈1,765,000
              village ≤ 8000 AND poor
              persons ≥ 5 % registered
============  =========================  ====================  =================  ==================

Household counts are exact because each village receives integer quotas of "profile" households
(apportioned by largest remainder); people counts land in expectation (members are
``1 + Poisson(λ)`` with λ chosen per profile so the mean equals the published people per
household: 1,586,000 / 367,000, 906,000 / 209,000 and 1,765,000 / 708,000), i.e. within a few
tenths of a percent. Village counts are exact because the village strata are chosen first and every
threshold is then enforced in integer fen (see *Exactness* below). Targets scale with ``scale``
(``round(target × scale)``).

The province
------------
* 21 cities (``C01``–``C21``): ``C01``–``C07`` the Pearl River Delta (region ``pearl_river_delta``,
  the assisting side), ``C08``–``C21`` the 14
  less-developed cities (``east``: C08–C11, ``west``: C12–C14, ``north``: C15–C21).
* 19,000 administrative villages at scale 1 (assumed [R]: Guangdong has on the order of 20,000
  village committees name 8,255 poverty villages over three rounds, all in the
  less-developed cities): 16,500 in the 14 less-developed cities, 2,500 in the PRD cities (which
  had no designated villages in rounds 1–2). Five strata (column ``stratum`` of ``villages``; a
  generator label, never an input of a rule):

  - ``r1_designated`` — 3,407 round-1 designated villages (the designation rule was not
    found [N], so designation is an input flag),
  - ``r2_key`` — 2,571 round-2 key villages,
  - ``r3_relative_poor`` — 2,277 round-3 relative-poor villages,
  - ``less_developed_other`` — the other 8,245 villages of the less-developed cities,
  - ``developed`` — the 2,500 PRD villages.

  The three target strata are disjoint (assumed [R]: a round-1 village had raised its collective
  income to ≥ 30000 by 2011 target, so it is not a round-2 key village). They are drawn
  by weighted sampling without replacement; each county has a gamma-distributed poverty propensity,
  so poor villages cluster in poor counties.
* About 190 villages per county and 15 per township (Guangdong: ~83–97 assisted counties and 1,112
  townships with poor villages): 112 counties and ~1,270 townships at scale 1.
* Village sizes (households) are lognormal (σ = 0.35) with stratum means 300 / 250 / 200 / 110 / 90
  (round-1, round-2, round-3, other, PRD). **The province is thin**: real Guangdong villages hold
  several hundred households each; ours keep the published poor counts but fewer non-poor households
  (≈3.2 M households, ≈11 M people at scale 1), so poor shares are higher than in reality and the
  generation stays within a few seconds. Target villages are larger because the designation favoured
  villages with many poor households (assumed [R]).

The income model
----------------
Each household has ``members = 1 + Poisson(λ)`` and a labour-capacity flag, both drawn by profile:

* ``P1`` round-1 poor: in a designated village, 2009 per-capita net income ≤ 1500; lifted above the
  round-3 line by 2014 (round-1 assistance); λ = 3.3215, labour 86 %
  (137万 of 158.6万 people able-bodied);
* ``P2`` round-2 poor: in a key village, 2011 per-capita < 3093, with labour capacity; above the
  round-3 line in 2014; λ = 3.3349;
* ``P3`` round-3 relative poor: 2014 per-capita disposable income < 4000; small households
  (λ = 1.4929, labour 45 %: many elderly, 低保/五保); in key villages also < 3093 in 2011 without
  labour capacity (the non-able poor are not round-2 households);
* ``N`` the rest: λ = 2.3, labour 92 %.

Per-capita income of household *i* in village *v* and year *y* is lognormal:
``exp(μ[v, y] + σ[v, y] · s[i, y])`` yuan, where ``s`` is a standard-normal score. In the *anchor
years* of a village (2009 for designated villages, 2011 for key villages, 2014 for all) the score
is drawn by stratified sampling: with ``p`` the village's share of households below the line, a
below-line household gets ``s = Φ⁻¹(p·u)`` and the others ``s = Φ⁻¹(p + (1−p)·u)``, so the
village's income is exactly lognormal while the count below the line is exactly its quota; the
village level follows from the quota, ``μ = ln(line) − σ·Φ⁻¹(p)``. The uniform ``u`` is
``Φ(0.8·z + 0.6·e)`` with a persistent household factor ``z``, so positions persist across years.
Between anchors, ``μ`` and ``s`` are interpolated linearly; outside them ``μ`` follows the
provincial rural per-capita income series (``statistics.provincial_rural_income``; net 2009–2013,
disposable from 2014; 2016–2017 interpolated at 7 % a year [D]) and ``s`` stays at the nearest
anchor; every non-anchor year adds noise ``N(0, 0.15²)`` to ``s``. Dispersion σ: designated
villages 0.8 (2009) / 0.75 (2014), key villages 0.55 (2011) / 0.75 (2014), round-3 villages 0.6,
other less-developed villages 0.9, PRD 0.8. Shares of round-3 relative-poor households: 20 % in
former designated villages, 18 % in former key villages (the non-able poor), 37–62 % in round-3
villages, 3 % in the PRD, the rest (≈17 %) in the other less-developed villages; round-1 and
round-2 shares vary from village to village by a factor 0.5–1.5 around the mean ("poverty depth").

``income_<year>`` is the household's **total** annual income (per-capita × members, rounded to the
fen): net income in 2009–2013, disposable income from 2014 (caliber break), in current
prices; round 3 uses 2014, which is at 2014 prices by definition (the policy's deflator is [N]).

Village ``per_capita_income_<year>`` is **exactly** the sum of its households' incomes divided by
the sum of their members, rounded half-up to the fen; ``registered_population`` is the sum of
members (the household table is the full register; constant over the years). Collective income
(``collective_income_<year>``): designated villages 3万–9万 in 2011 (≥ 30000, round-1 target,
S3) from a level 2–4 times lower in 2009; key villages uniform in [0, 30000) in 2011
rising linearly to 5万–15万 by 2015 (round-2 target ≥ 5万); other villages lognormal (median 4万,
PRD 80万) growing 3–12 % a year; a non-key village whose 2011 per-capita income is below 5623 is
given a 2011 collective income ≥ 30000, so the key-village rule selects exactly the key stratum.

The outcome model
-----------------
After each round's reference year the incomes of its assisted households follow a calibrated
path instead of the noisy interpolation above, drawn from a separate random stream
(``SeedSequence(seed, spawn_key=(3, i))``), so identification is untouched: the years written are
2010, 2012, 2013 and 2015–2018, plus 2011 for round-1 households (their villages keep a 2011
collective income ≥ 30000, so they are never key villages and round 2 selects exactly the same
villages and households). These columns are the **baseline without the round's modelled
assistance**: the scenario runner (:func:`shuangdao.scenario.run_round`) adds the plan measures
and labour transfers of ``scenario.toml`` on top, and baseline + default assistance reproduces the
published record (the tests hold both sides):

* round 1 (P1): per capita ``median × exp(σ·s)`` with ``s = 0.8·z + 0.6·e`` — 2010: 1,900 / 0.30,
  2011: 4,780 / 0.45, 2012: 6,300 / 0.35; 2013 = 2012 × provincial growth. With the runner:
  2010 average ≈ 2,410 and ≈ 41 % of households ≥ 2500 (S6: 2,410, 42.19 %); 2011 ≈ 6,100 and
  ≈ 97 % of able households ≥ 2500 (S7: 6,111, 96.6 %); 2012 ≈ 7,750 (SEED p. 5: 7,762), and
  99.9 % of persons ≥ 2500 (S11 needs 80 %). Designated villages' collective income: +6,000 yuan
  in 2011 and +20,000 (growing) from 2012, so that with the runner's village measures (20,000) the
  2012 average is ≈ 110,900, all ≥ 30,000 (SEED p. 5; S7: 8.6万 in 2011).
* round 2 (P2): 2015 per capita = 45 % × 13,360 × 1.015 + ``1,371 × exp(0.7·s)``, so every
  household is at or above the 2015 line on the baseline alone (S1, the settlement needs all of
  them) and the runner's average is ≈ 9,260 (S21: 9,220; disposable income: a caliber change, the
  targets were net income); 2016–2018 grow 7 % a year (the line's growth). Key villages whose
  per-capita income would not exceed 1.03 × 60 % of the provincial average in 2015–2018 (S1)
  have their non-poor households raised proportionally. 2012–2014 are unchanged (2014 is
  round 3's reference year), so 2014 stays high (≈ 13,300 on average) before the 2015 level.
* round 3 (P3): each household has a planned exit year by rank (``Φ(0.8·z + 0.6·e)``): from it
  on, per capita = line × 1.015 + line × 0.2 × lognormal(0.5); before it, line × (0.55 + 0.35 ×
  rank) (below the line). Baseline shares 21 % / 55 % / 100 %; with the runner's transfers the
  persons out are ≈ 50万 (2016), 110万 (2017) and all 176.5万 (2018): S37's 50万 / 60万 /
  66.5万 are read as yearly numbers (they add up to the 176.5万 identified, S18). 2015 is the
  geometric mean of 2014 and 2016.
* relapse at follow-up (assumed: no figure was published): in 4 % of the designated villages
  (2013) and of the key villages (2017), 15 % of the assisted households fall to 30 % of the
  year's line for one year; the runner's assistance keeps some of them above it, so ≈ 4 % of
  villages show a relapsed household. Round 3 has no follow-up incomes (the columns end in
  2018); the runner grows 2018 at ``scenario.baseline_growth``.

Exactness
---------
No float decides a threshold. After rounding to the fen, each anchor-year income is clipped in
integer fen to its side of the line (``total ≤ 150000·members`` for round 1's inclusive 以下;
``total < 309300·members`` and ``< 400000·members`` for the strict 低于 lines). Village conditions
(key villages < 5623 in 2011; round-3 villages ≤ 8000 in 2014; all other villages > 8000 in 2014)
are checked in integer fen and, in the rare village that misses, corrected by moving the above-line
households' incomes proportionally (never across their line); with the default parameters no
village at scale 1 needs it.

Scale, ids and determinism
--------------------------
``scale`` multiplies the number of villages (and with them counties, townships, households, units
and cadres); the 21 cities are fixed. Ids are hierarchical strings: city ``C01``, county
``C01-K03``, township ``C01-K03-T02``, village ``C01-K03-T02-V0005``, household
``C01-K03-T02-V0005-H0012``, unit ``U0001``, cadre ``U0001-P001``; widths are fixed for a given
province (a wider number only when the count needs it), so ids sort in table order. Villages are
generated in blocks of :data:`BLOCK_VILLAGES`; block *i* draws from
``SeedSequence(seed, spawn_key=(1, i))`` (the *i*-th spawned child), the village plan from
``spawn_key=(0,)`` and units from ``spawn_key=(2,)``, so the output depends only on
``(seed, scale)`` — not on chunking — and :func:`write_parquet` writes one row group per block.
National size (30–40 M households) is ``scale`` ≈ 10–12.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = [
    "BLOCK_VILLAGES",
    "DEFAULT_SEED",
    "INCOME_YEARS",
    "MONEY_TYPE",
    "PUBLISHED_TARGETS",
    "ROUND_INCOME_YEAR",
    "STRATA",
    "SyntheticProvince",
    "generate_province",
    "write_parquet",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_SEED: Final = 20090601
"""Default seed 2009-06-01: round 1 began in June 2009 (teleconference 2009-06-25)."""

BLOCK_VILLAGES: Final = 1024
"""Villages per generation block; block *i* is drawn from a seed derived only from ``(seed, i)``."""

INCOME_YEARS: Final = tuple(range(2009, 2019))
"""Years carried by the ``income_<year>``, ``per_capita_income_<year>`` and
``collective_income_<year>`` columns: round 1 (2009) to the end of round 3 (2018)."""

ROUND_INCOME_YEAR: Final[Mapping[int, int]] = {1: 2009, 2: 2011, 3: 2014}
"""Income year used by each round's identification.

2009 for round 1 (the income base year was not published), end of 2011 for round 2 (S1), 2014
prices for round 3 (S18).
"""

MONEY_TYPE: Final = pa.decimal128(15, 2)
"""Arrow type of every money column: yuan with fen precision (design.md, "Exactness")."""

STRATA: Final = (
    "r1_designated",
    "r2_key",
    "r3_relative_poor",
    "less_developed_other",
    "developed",
)
"""Village strata of the generator (column ``villages.stratum``); see the module docstring."""

PUBLISHED_TARGETS: Final[Mapping[int, Mapping[str, int]]] = {
    1: {"villages": 3407, "households": 367_000, "people": 1_586_000},
    2: {"villages": 2571, "households": 209_000, "people": 906_000},
    3: {"villages": 2277, "households": 708_000, "people": 1_765_000},
}
"""Published identification aggregates the province is calibrated to at scale 1.

Round 1: 3407 villages at acceptance (S11), ~37万 households (S6, S7) and 158.6万 people
(one of 155.8/158.6/159.8万); round 2: 2571 / 20.9万 / 90.6万 (S1); round 3:
2277 / 70.8万 / 176.5万 (S18).
"""

# --- internal calibration constants (documented in the module docstring) -------------------------

_D1, _K2, _R3, _OTHER, _PRD = range(5)
_N_LESS_DEVELOPED: Final = 16_500
_N_DEVELOPED: Final = 2_500
_VILLAGES_PER_COUNTY: Final = 190
_VILLAGES_PER_TOWNSHIP: Final = 15
_SIZE_MEAN: Final = (300.0, 250.0, 200.0, 110.0, 90.0)
_SIZE_SIGMA: Final = 0.35
_SIZE_MIN: Final = (60, 60, 40, 10, 10)
# share of households that are round-3 relative poor, per stratum (the "other" stratum takes the
# rest)
_P3_SHARE: Final = (0.20, 0.18, 0.50, 0.0, 0.03)
_LAMBDA: Final = {
    1: 1_586_000 / 367_000 - 1,
    2: 906_000 / 209_000 - 1,
    3: 1_765_000 / 708_000 - 1,
    0: 2.3,
}
_LABOUR_P: Final = {1: 0.86, 2: 1.0, 3: 0.45, 0: 0.92}
_SIGMA: Final = {
    (_D1, 2009): 0.8,
    (_D1, 2014): 0.75,
    (_K2, 2011): 0.55,
    (_K2, 2014): 0.75,
    (_R3, 2014): 0.6,
    (_OTHER, 2014): 0.9,
    (_PRD, 2014): 0.8,
}
_ANCHORS: Final = {
    _D1: (2009, 2014),
    _K2: (2011, 2014),
    _R3: (2014,),
    _OTHER: (2014,),
    _PRD: (2014,),
}
_RHO: Final = 0.8
_TAU: Final = 0.15
# lines in fen, and whether "below" is inclusive (以下) or strict (低于)
_LINE_FEN: Final = {2009: 150_000, 2011: 309_300, 2014: 400_000}
_LINE_INCLUSIVE: Final = {2009: True, 2011: False, 2014: False}
_KEY_VILLAGE_LT_FEN: Final = 562_300
_COLLECTIVE_LT_FEN: Final = 3_000_000
_R3_VILLAGE_LE_FEN: Final = 800_000
# Provincial rural per-capita income.
_PROVINCIAL: Final = {
    2009: 6907.0,
    2010: 7890.3,
    2011: 9372.0,
    2012: 10542.8,
    2013: 11669.0,
    2014: 12246.0,
    2015: 13360.0,
    2016: 13360.0 * 1.07,
    2017: 13360.0 * 1.07**2,
    2018: 16367.0,
}
_LD_CITY_WEIGHTS: Final = (1.0, 0.9, 1.2, 0.8, 1.5, 1.4, 0.9, 1.3, 1.1, 1.6, 1.2, 1.0, 1.1, 0.9)
_PRD_CITY_WEIGHTS: Final = (1.2, 0.3, 1.0, 0.6, 0.5, 0.4, 1.0)
_REGIONS: Final = ("pearl_river_delta",) * 7 + ("east",) * 4 + ("west",) * 3 + ("north",) * 7
_UNITS: Final = 5000
_CADRES: Final = 11_524
_UNIT_KINDS: Final = (
    "party_government_organ",
    "state_owned_enterprise",
    "public_institution",
    "social_organisation",
    "developed_region_city",
)
_UNIT_LEVELS: Final = ("central", "provincial", "city", "county")
_SPAWN_PLAN, _SPAWN_BLOCK, _SPAWN_UNITS, _SPAWN_OUTCOME = 0, 1, 2, 3

# --- outcome model: the assisted households' baseline after their round's reference year ---------
# Per-capita baseline yuan = median × exp(sigma × s), s = ρ·z + √(1−ρ²)·e (z the household's
# persistent factor, e a fresh draw per year). The scenario runner adds the plan measures and
# labour transfers of scenario.toml on top; baseline + default assistance gives the published
# outcomes (see "The outcome model" in the module docstring).
_R1_BASELINE: Final = {2010: (1900.0, 0.30), 2011: (4780.0, 0.45), 2012: (6300.0, 0.35)}
_R1_GROWTH_2013: Final = _PROVINCIAL[2013] / _PROVINCIAL[2012]
# round 2: 2015 per capita = line × (1 + margin) + excess, excess = median × exp(sigma × s)
_R2_LINE_RATIO: Final = 0.45
_R2_EXCESS: Final = (1371.0, 0.70)
_R2_GROWTH: Final = 0.07
_FLOOR_MARGIN: Final = 0.015
# round 3: exit lines (S20) and the household's planned exit year by rank (person shares)
_R3_LINES: Final = {2016: 6433.0, 2017: 6883.0, 2018: 7365.0}
_R3_EXIT_SHARE: Final = {2016: 0.21, 2017: 0.55, 2018: 1.0}
_R3_EXCESS: Final = (0.20, 0.50)
_R3_BELOW: Final = (0.55, 0.35)
# round-2 key villages: per-capita above this multiple of the 60 % village target (S1), 2015-18
_R2_VILLAGE_MARGIN: Final = 1.03
# round-1 designated villages' collective income: +6,000 yuan in 2011 and +20,000 from 2012
_D1_COLLECTIVE_2011_EXTRA: Final = 600_000
_D1_COLLECTIVE_2012_EXTRA: Final = 2_000_000
# follow-up relapse (assumed, no published figure): shocked villages, households, depth, year
_RELAPSE_VILLAGE_SHARE: Final = 0.04
_RELAPSE_HOUSEHOLD_SHARE: Final = 0.15
_RELAPSE_DEPTH: Final = 0.30
_RELAPSE_YEAR: Final = {1: 2013, 2: 2017}


# --- small numeric helpers ----------------------------------------------------------------------


def _norm_cdf(x: FloatArray) -> FloatArray:
    """Standard normal CDF (Abramowitz & Stegun 7.1.26; |error| < 1.5e-7, ample for a copula)."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-z * z)
    out: FloatArray = 0.5 * (1.0 + np.where(x >= 0, erf, -erf))
    return out


_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_DD = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)


def _tail(q: FloatArray) -> FloatArray:
    num = ((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]
    den = (((_DD[0] * q + _DD[1]) * q + _DD[2]) * q + _DD[3]) * q + 1.0
    out: FloatArray = num / den
    return out


def _norm_ppf(p: FloatArray) -> FloatArray:
    """Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9)."""
    p = np.clip(p, 1e-15, 1.0 - 1e-15)
    low = 0.02425
    q = p - 0.5
    r = q * q
    num = (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * q
    den = ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0
    x: FloatArray = num / den
    lo = p < low
    if lo.any():
        x[lo] = _tail(np.sqrt(-2.0 * np.log(p[lo])))
    hi = p > 1.0 - low
    if hi.any():
        x[hi] = -_tail(np.sqrt(-2.0 * np.log(1.0 - p[hi])))
    return x


def _apportion(total: int, weights: FloatArray) -> IntArray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    out = np.zeros(len(weights), dtype=np.int64)
    wsum = float(weights.sum())
    if total <= 0 or len(weights) == 0 or wsum <= 0:
        return out
    raw = weights * (total / wsum)
    out = np.floor(raw).astype(np.int64)
    rest = total - int(out.sum())
    if rest > 0:
        order = np.argsort(-(raw - out), kind="stable")
        out[order[:rest]] += 1
    return out


def _weighted_choice(rng: np.random.Generator, weights: FloatArray, k: int) -> IntArray:
    """Indices of ``k`` items drawn without replacement, probability ∝ weights (A-ES keys)."""
    keys = np.log(rng.random(len(weights))) / weights
    chosen: IntArray = np.sort(np.argsort(-keys, kind="stable")[:k]).astype(np.int64)
    return chosen


def _width(default: int, largest: int) -> int:
    return max(default, len(str(max(largest, 1))))


def _seq_in_groups(sizes: IntArray) -> IntArray:
    """``[0, 1, …, sizes[0]-1, 0, 1, …]``: the position of each element inside its group."""
    total = int(sizes.sum())
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    out: IntArray = np.arange(total, dtype=np.int64) - starts
    return out


def _padded(numbers: IntArray, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), width, "0")


def _join(prefixes: pa.Array, tag: str, numbers: IntArray, width: int) -> pa.Array:
    """Ids ``<prefix>-<tag><number padded to width>`` (e.g. ``C01-K03`` from ``C01``, ``K``, 3)."""
    return pc.binary_join_element_wise(prefixes, _padded(numbers, width), f"-{tag}")


def _money(fen: IntArray) -> pa.Array:
    """An Arrow ``decimal128(15, 2)`` array from integer fen, without any float step."""
    fen = np.ascontiguousarray(fen, dtype=np.int64)
    if sys.byteorder != "little":  # pragma: no cover - decimal128 buffers are little-endian
        return pa.array([None if v is None else int(v) for v in fen], type=pa.int64()).cast(
            MONEY_TYPE
        )
    words = np.empty((len(fen), 2), dtype=np.int64)
    words[:, 0] = fen
    words[:, 1] = fen >> 63
    return pa.Array.from_buffers(MONEY_TYPE, len(fen), [None, pa.py_buffer(words)])


def _round_half_up_div(num: IntArray, den: IntArray) -> IntArray:
    """``num / den`` rounded half-up, exactly in integers (num ≥ 0, den > 0)."""
    out: IntArray = (2 * num + den) // (2 * den)
    return out


# --- the village plan (global, O(villages)) -----------------------------------------------------


@attrs.frozen(eq=False)
class _Plan:
    """Everything decided at village level before any household is drawn."""

    seed: int
    scale: float
    cities: Any
    counties: Any
    townships: Any
    village_ids: Any
    township_ids: Any
    county_ids: Any
    city_ids: Any
    stratum: IntArray
    size: IntArray
    k1: IntArray
    k2: IntArray
    k3: IntArray
    collective_2011: IntArray
    collective_fallback: IntArray
    collective_growth: FloatArray
    collective_2009_ratio: FloatArray
    collective_2015_target: IntArray
    household_width: int

    @property
    def n_villages(self) -> int:
        return len(self.stratum)

    @property
    def n_blocks(self) -> int:
        return -(-self.n_villages // BLOCK_VILLAGES)


def _check_args(seed: int, scale: float) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        msg = f"seed={seed!r} must be a non-negative int"
        raise ValueError(msg)
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not math.isfinite(scale):
        msg = f"scale={scale!r} must be a finite number"
        raise ValueError(msg)
    if not 0.001 <= scale <= 1000:
        msg = f"scale={scale!r} must be between 0.001 and 1000"
        raise ValueError(msg)


def _make_plan(seed: int, scale: float) -> _Plan:
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(_SPAWN_PLAN,)))
    n_target = [round(t["villages"] * scale) for t in PUBLISHED_TARGETS.values()]
    n_ld = max(round(_N_LESS_DEVELOPED * scale), sum(n_target))
    n_prd = round(_N_DEVELOPED * scale)
    per_city = np.concatenate(
        [
            _apportion(n_ld, np.asarray(_LD_CITY_WEIGHTS)),
            _apportion(n_prd, np.asarray(_PRD_CITY_WEIGHTS)),
        ]
    )
    per_city = np.concatenate([per_city[14:], per_city[:14]])  # PRD cities are C01-C07
    # hierarchy: counties per city, townships per county, villages per township
    county_sizes: list[IntArray] = []
    for n in per_city:
        n_c = max(1, round(int(n) / _VILLAGES_PER_COUNTY)) if n > 0 else 0
        sizes = np.ones(n_c, dtype=np.int64) + _apportion(int(n) - n_c, rng.gamma(4.0, 1.0, n_c))
        county_sizes.append(sizes)
    counties_per_city = np.array([len(s) for s in county_sizes], dtype=np.int64)
    village_per_county = np.concatenate(county_sizes)
    township_sizes: list[IntArray] = []
    for n in village_per_county:
        n_t = max(1, round(int(n) / _VILLAGES_PER_TOWNSHIP))
        township_sizes.append(
            np.ones(n_t, dtype=np.int64) + _apportion(int(n) - n_t, rng.gamma(4.0, 1.0, n_t))
        )
    townships_per_county = np.array([len(s) for s in township_sizes], dtype=np.int64)
    village_per_township = np.concatenate(township_sizes)

    city_width = _width(2, 21)
    county_width = _width(2, int(counties_per_city.max()))
    township_width = _width(2, int(townships_per_county.max()))
    village_width = _width(4, int(village_per_township.max()))
    city_ids = pa.array([f"C{i:0{city_width}d}" for i in range(1, 22)], type=pa.string())
    city_of_county = np.repeat(np.arange(21), counties_per_city)
    county_ids = _join(
        city_ids.take(city_of_county), "K", _seq_in_groups(counties_per_city) + 1, county_width
    )
    county_of_township = np.repeat(np.arange(len(townships_per_county)), townships_per_county)
    township_ids = _join(
        county_ids.take(county_of_township),
        "T",
        _seq_in_groups(townships_per_county) + 1,
        township_width,
    )
    township_of_village = np.repeat(np.arange(len(village_per_township)), village_per_township)
    village_ids = _join(
        township_ids.take(township_of_village),
        "V",
        _seq_in_groups(village_per_township) + 1,
        village_width,
    )
    county_of_village = county_of_township[township_of_village]
    city_of_village = city_of_county[county_of_village]
    n_villages = len(township_of_village)

    # strata: the three target strata among less-developed villages, clustered by county propensity
    propensity = rng.gamma(1.5, 1.0, len(village_per_county))
    stratum = np.full(n_villages, _OTHER, dtype=np.int64)
    stratum[city_of_village < 7] = _PRD
    free = np.flatnonzero(stratum == _OTHER)
    for code, k, power in (
        (_D1, n_target[0], 1.0),
        (_K2, n_target[1], 1.5),
        (_R3, n_target[2], 1.0),
    ):
        weights = propensity[county_of_village[free]] ** power + 1e-9
        pick = free[_weighted_choice(rng, weights, k)]
        stratum[pick] = code
        free = np.setdiff1d(free, pick, assume_unique=True)

    # village sizes (households)
    mean = np.asarray(_SIZE_MEAN)[stratum]
    draw = mean * np.exp(_SIZE_SIGMA * rng.standard_normal(n_villages) - _SIZE_SIGMA**2 / 2)
    size = np.maximum(np.asarray(_SIZE_MIN)[stratum], np.rint(draw).astype(np.int64))

    # quotas of profile households: P1 (round 1), P2 (round 2), P3 (round 3)
    depth = rng.uniform(0.5, 1.5, n_villages)
    k1 = np.zeros(n_villages, dtype=np.int64)
    k2 = np.zeros(n_villages, dtype=np.int64)
    k3 = np.zeros(n_villages, dtype=np.int64)
    d1 = stratum == _D1
    k2m = stratum == _K2
    k1[d1] = _apportion(round(PUBLISHED_TARGETS[1]["households"] * scale), size[d1] * depth[d1])
    k2[k2m] = _apportion(round(PUBLISHED_TARGETS[2]["households"] * scale), size[k2m] * depth[k2m])
    t3 = round(PUBLISHED_TARGETS[3]["households"] * scale)
    assigned = 0
    for code in (_D1, _K2, _R3, _PRD):
        m = stratum == code
        share_total = round(_P3_SHARE[code] * int(size[m].sum()))
        k3[m] = _apportion(share_total, size[m] * (0.5 + depth[m] / 2 if code == _R3 else 1.0))
        assigned += share_total
    m = stratum == _OTHER
    k3[m] = _apportion(max(t3 - assigned, 0), size[m] * depth[m])
    k1 = np.minimum(k1, size - k3 - 1)
    k2 = np.minimum(k2, size - k3 - 1)

    # collective income (fen): 2011 level, fallbacks and growth
    collective_2011 = np.rint(40_000_00 * np.exp(0.9 * rng.standard_normal(n_villages))).astype(
        np.int64
    )
    prd = stratum == _PRD
    collective_2011[prd] = np.rint(
        800_000_00 * np.exp(1.0 * rng.standard_normal(int(prd.sum())))
    ).astype(np.int64)
    collective_2011[d1] = rng.integers(3_000_000, 9_000_001, int(d1.sum()))
    collective_2011[k2m] = rng.integers(0, _COLLECTIVE_LT_FEN, int(k2m.sum()))
    return _Plan(
        seed=seed,
        scale=float(scale),
        cities=pa.table(
            {
                "city_id": city_ids,
                "region": pa.array(list(_REGIONS), type=pa.string()),
                "less_developed": pa.array([i >= 7 for i in range(21)], type=pa.bool_()),
            }
        ),
        counties=pa.table({"county_id": county_ids, "city_id": city_ids.take(city_of_county)}),
        townships=pa.table(
            {"township_id": township_ids, "county_id": county_ids.take(county_of_township)}
        ),
        village_ids=village_ids,
        township_ids=township_ids.take(township_of_village),
        county_ids=county_ids.take(county_of_village),
        city_ids=city_ids.take(city_of_village),
        stratum=stratum,
        size=size,
        k1=k1,
        k2=k2,
        k3=k3,
        collective_2011=collective_2011,
        collective_fallback=rng.integers(3_000_000, 6_000_001, n_villages),
        collective_growth=rng.uniform(0.03, 0.12, n_villages),
        collective_2009_ratio=rng.uniform(2.0, 4.0, n_villages),
        collective_2015_target=rng.integers(5_000_000, 15_000_001, n_villages),
        household_width=_width(4, int(size.max())),
    )


# --- households, one block of villages at a time ------------------------------------------------


def _interp(
    years: tuple[int, ...], values: list[FloatArray], year: int, *, log_growth: bool
) -> FloatArray:
    """Value at ``year`` from anchors: linear between them, flat or provincial growth outside."""
    if year in years:
        return values[years.index(year)]
    if year < years[0] or year > years[-1]:
        near = 0 if year < years[0] else len(years) - 1
        if log_growth:
            out: FloatArray = values[near] + math.log(_PROVINCIAL[year] / _PROVINCIAL[years[near]])
            return out
        return values[near]
    j = next(i for i, a in enumerate(years) if a > year)
    t = (year - years[j - 1]) / (years[j] - years[j - 1])
    return values[j - 1] + t * (values[j] - values[j - 1])


def _anchor_bounds(year: int, members: IntArray) -> tuple[IntArray, IntArray]:
    """Largest total (fen) still below the line and smallest total above it, for each household."""
    line = _LINE_FEN[year] * members
    if _LINE_INCLUSIVE[year]:
        return line, line + 1
    return line - 1, line


def _shift_village(income: IntArray, floor: IntArray, movable: BoolArray, delta: int) -> None:
    """Add ``delta`` fen (may be negative) to the movable households of one village, proportionally.

    Raising spreads ``delta`` in proportion to income; lowering in proportion to the headroom above
    each household's ``floor`` (the smallest total that keeps it above its line).
    """
    idx = np.flatnonzero(movable)
    if delta > 0:
        base = income[idx].astype(np.float64)
    else:
        base = (income[idx] - floor[idx]).astype(np.float64)
    total = float(base.sum())
    if total <= 0 or (delta < 0 and -delta > int((income[idx] - floor[idx]).sum())):
        msg = "synthetic village cannot be corrected; report this seed and scale as a bug"
        raise RuntimeError(msg)
    part = np.floor(base * (abs(delta) / total)).astype(np.int64)
    rest = abs(delta) - int(part.sum())
    part[int(np.argmax(base))] += rest
    income[idx] += part if delta > 0 else -part


def _outcomes(  # noqa: PLR0917 - private, called once per block
    rng: np.random.Generator,
    income: IntArray,
    members: IntArray,
    profile: IntArray,
    z: FloatArray,
    vix: IntArray,
    stratum: IntArray,
    starts: IntArray,
    member_sum: IntArray,
) -> None:
    """Overwrite the assisted households' incomes after their round's reference year (in place).

    Only years that no identification reads are written (2010, 2012, 2013, 2015–2018, and 2011
    for round-1 households, whose villages are never key villages: their collective income is
    ≥ 30000 in 2011), so every round identifies exactly the same households and villages. See
    "The outcome model" in the module docstring.
    """
    n = len(members)
    # draws only for the assisted households, one row per year written (keeps generation fast)
    drawn = (2010, 2011, 2012, 2015, 2016, 2017, 2018)
    assisted = profile > 0
    fresh = np.zeros((len(INCOME_YEARS), n))
    rows = rng.standard_normal((len(drawn), int(assisted.sum())))
    for j, year in enumerate(drawn):
        fresh[year - 2009, assisted] = rows[j]
    exit_draw = np.zeros(n)
    exit_draw[assisted] = rng.standard_normal(int(assisted.sum()))
    village_shock = rng.random(len(starts))
    household_shock = np.ones(n)
    household_shock[assisted] = rng.random(int(assisted.sum()))
    mix = math.sqrt(1 - _RHO**2)
    m = members.astype(np.float64)

    def score(year: int) -> FloatArray:
        out: FloatArray = _RHO * z + mix * fresh[year - 2009]
        return out

    def fen_of(per_capita: FloatArray, mask: BoolArray) -> IntArray:
        out: IntArray = np.ceil(per_capita[mask] * 100.0 * m[mask]).astype(np.int64)
        return out

    # round 1: designated-village poor households, 2010-2013 (2011 too: see the docstring)
    p1 = profile == 1
    for year, (median, sigma) in _R1_BASELINE.items():
        income[year - 2009, p1] = fen_of(median * np.exp(sigma * score(year)), p1)
    income[2013 - 2009, p1] = np.rint(income[2012 - 2009, p1] * _R1_GROWTH_2013).astype(np.int64)

    # round 2: key-village poor households, 2015 at or above 45 % of the provincial average
    p2 = profile == 2
    line15 = _R2_LINE_RATIO * _PROVINCIAL[2015]
    median, sigma = _R2_EXCESS
    pc15 = line15 * (1 + _FLOOR_MARGIN) + median * np.exp(sigma * score(2015))
    income[2015 - 2009, p2] = fen_of(pc15, p2)
    for year in (2016, 2017, 2018):
        grow = (1 + _R2_GROWTH) ** (year - 2015)
        income[year - 2009, p2] = np.ceil(income[2015 - 2009, p2] * grow).astype(np.int64)

    # round 3: relative-poor households reach the exit line in their planned exit year
    p3 = profile == 3
    u = _norm_cdf(_RHO * z + mix * exit_draw)
    excess_ratio, excess_sigma = _R3_EXCESS
    low, width = _R3_BELOW
    for year, line in _R3_LINES.items():
        share = _R3_EXIT_SHARE[year]
        out = u >= 1.0 - share
        above = line * (1 + _FLOOR_MARGIN) + line * excess_ratio * np.exp(
            excess_sigma * score(year) - excess_sigma**2 / 2
        )
        below = line * (low + width * np.clip(u / max(1.0 - share, 1e-12), 0.0, 1.0))
        income[year - 2009, p3] = fen_of(np.where(out, above, below), p3)
    geometric = np.sqrt(income[2014 - 2009, p3].astype(np.float64) * income[2016 - 2009, p3])
    income[2015 - 2009, p3] = np.rint(geometric).astype(np.int64)

    # follow-up relapse (assumed): a shock year in a few villages of each round
    for number, code in ((1, _D1), (2, _K2)):
        year = _RELAPSE_YEAR[number]
        hit_village = (stratum == code) & (village_shock < _RELAPSE_VILLAGE_SHARE)
        hit = (profile == number) & hit_village[vix] & (household_shock < _RELAPSE_HOUSEHOLD_SHARE)
        line = 2500.0 if number == 1 else _R2_LINE_RATIO * _PROVINCIAL[year]
        income[year - 2009, hit] = np.rint(line * _RELAPSE_DEPTH * 100.0 * m[hit]).astype(np.int64)

    # round-2 key villages stay above 60 % of the provincial average (S1), 2015-2018: raise
    # the non-poor households of a village that would not
    key = stratum == _K2
    rest = (profile == 0) & key[vix]
    for year in (2015, 2016, 2017, 2018):
        row = income[year - 2009]
        target = np.ceil(0.6 * _PROVINCIAL[year] * _R2_VILLAGE_MARGIN * 100.0 * member_sum)
        total = np.add.reduceat(row, starts).astype(np.float64)
        movable = np.add.reduceat(np.where(rest, row, 0), starts).astype(np.float64)
        short = key & (total < target) & (movable > 0)
        if not short.any():
            continue
        factor = np.ones(len(starts))
        factor[short] = 1.0 + (target[short] - total[short]) / movable[short]
        raise_ = rest & short[vix]
        row[raise_] = np.ceil(row[raise_] * factor[vix][raise_]).astype(np.int64)


def _block(plan: _Plan, b: int) -> tuple[pa.Table, pa.Table]:
    """Generate villages ``[b·BLOCK, (b+1)·BLOCK)`` and their households: (villages, households)."""
    rng = np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=(_SPAWN_BLOCK, b)))
    lo, hi = b * BLOCK_VILLAGES, min((b + 1) * BLOCK_VILLAGES, plan.n_villages)
    size, stratum = plan.size[lo:hi], plan.stratum[lo:hi]
    k1, k2, k3 = plan.k1[lo:hi], plan.k2[lo:hi], plan.k3[lo:hi]
    nv = hi - lo
    n = int(size.sum())
    vix = np.repeat(np.arange(nv), size)
    pos = _seq_in_groups(size)

    # profiles, then shuffled inside each village
    s_of = stratum[vix]
    c1, c2, c3 = k1[vix], k1[vix] + k2[vix], k1[vix] + k2[vix] + k3[vix]
    profile = np.where(pos < c1, 1, np.where(pos < c2, 2, np.where(pos < c3, 3, 0))).astype(
        np.int64
    )
    profile = profile[np.argsort(vix + rng.random(n), kind="stable")]

    lam = np.choose(profile, [_LAMBDA[0], _LAMBDA[1], _LAMBDA[2], _LAMBDA[3]])
    members = 1 + rng.poisson(lam).astype(np.int64)
    labour = rng.random(n) < np.choose(
        profile, [_LABOUR_P[0], _LABOUR_P[1], _LABOUR_P[2], _LABOUR_P[3]]
    )
    labour[(profile == 3) & (s_of == _K2)] = False

    z = rng.standard_normal(n)
    noise = rng.standard_normal((len(INCOME_YEARS), n))
    income = np.empty((len(INCOME_YEARS), n), dtype=np.int64)
    below_sets = {2009: profile == 1, 2011: (profile == 2) | (profile == 3), 2014: profile == 3}
    below_count = {2009: k1, 2011: k2 + k3, 2014: k3}

    anchored: dict[int, BoolArray] = {}
    for code, years in _ANCHORS.items():
        vmask = stratum == code
        if not vmask.any():
            continue
        hmask = vmask[vix]
        hv = vix[hmask]
        mus: list[FloatArray] = []
        sigmas: list[FloatArray] = []
        scores: list[FloatArray] = []
        for y in years:
            sigma = np.full(nv, _SIGMA[(code, y)])
            p = np.clip(below_count[y] / size, 0.5 / size, 1 - 0.5 / size)
            mus.append(math.log(_LINE_FEN[y] / 100) - sigma * _norm_ppf(p))
            sigmas.append(sigma)
            u = np.clip(
                _norm_cdf(_RHO * z[hmask] + math.sqrt(1 - _RHO**2) * noise[y - 2009, hmask]),
                1e-12,
                1 - 1e-12,
            )
            ph = p[hv]
            below = below_sets[y][hmask]
            scores.append(_norm_ppf(np.where(below, ph * u, ph + (1 - ph) * u)))
            anchored.setdefault(y, np.zeros(n, dtype=bool))[hmask] = True
        for y in INCOME_YEARS:
            mu = _interp(years, mus, y, log_growth=True)[hv]
            sigma = _interp(years, sigmas, y, log_growth=False)[hv]
            score = _interp(years, scores, y, log_growth=False)
            if y not in years:
                score = score + _TAU * noise[y - 2009, hmask]
            per_capita = np.exp(mu + sigma * score) * 100.0
            income[y - 2009, hmask] = np.rint(np.minimum(per_capita, 1e11) * members[hmask]).astype(
                np.int64
            )

    # exactness at the anchors: integer fen, each household on its side of the line
    for y, mask in anchored.items():
        top_below, bottom_above = _anchor_bounds(y, members)
        row = income[y - 2009]
        below = below_sets[y] & mask
        above = ~below_sets[y] & mask
        row[below] = np.minimum(row[below], top_below[below])
        row[above] = np.maximum(row[above], bottom_above[above])

    starts = np.cumsum(size) - size
    member_sum = np.add.reduceat(members, starts)

    def village_pc(year: int) -> IntArray:
        return _round_half_up_div(np.add.reduceat(income[year - 2009], starts), member_sum)

    # village conditions, exact in fen (rarely needs a correction)
    poor3_people = np.add.reduceat(np.where(profile == 3, members, 0), starts)
    poor_share_ok = 100 * poor3_people >= 5 * member_sum
    pc_2011, pc_2014 = village_pc(2011), village_pc(2014)
    checks = (
        # (year, villages to correct, limit for the corrected per-capita, lower them?)
        (2011, (stratum == _K2) & (pc_2011 >= _KEY_VILLAGE_LT_FEN), _KEY_VILLAGE_LT_FEN - 1, True),
        (2014, (stratum == _R3) & (pc_2014 > _R3_VILLAGE_LE_FEN), _R3_VILLAGE_LE_FEN, True),
        (
            2014,
            (stratum != _R3) & poor_share_ok & (pc_2014 <= _R3_VILLAGE_LE_FEN),
            _R3_VILLAGE_LE_FEN + 1,
            False,
        ),
    )
    for year, bad, limit, lower in checks:
        bottom_above = _anchor_bounds(year, members)[1]
        for v in np.flatnonzero(bad):
            sl = slice(int(starts[v]), int(starts[v] + size[v]))
            m_sum = int(member_sum[v])
            s_now = int(income[year - 2009, sl].sum())
            # largest (lower) or smallest (raise) village total whose rounded per-capita meets the
            # limit
            s_target = (
                (2 * m_sum * (limit + 1) - 1 - m_sum) // 2 if lower else limit * m_sum - m_sum // 2
            )
            movable = ~below_sets[year][sl]
            _shift_village(income[year - 2009, sl], bottom_above[sl], movable, s_target - s_now)
    if (stratum == _R3).any() and not poor_share_ok[stratum == _R3].all():  # pragma: no cover
        msg = (
            "a round-3 village has fewer than 5 % relative-poor people; report this seed and scale"
        )
        raise RuntimeError(msg)

    # outcomes after each round's reference year (a separate stream: identification unchanged)
    _outcomes(
        np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=(_SPAWN_OUTCOME, b))),
        income,
        members,
        profile,
        z,
        vix,
        stratum,
        starts,
        member_sum,
    )

    # villages of the block
    g = np.arange(2009, 2019, dtype=np.float64)[:, None] - 2011.0
    gv = np.arange(lo, hi)
    c2011 = plan.collective_2011[gv].copy()
    c2009 = c2011.copy()  # the 2009-2010 path of designated villages is left as it was
    c2011[stratum == _D1] += _D1_COLLECTIVE_2011_EXTRA  # stays >= 30000: never a key village
    pc2011 = village_pc(2011)
    fallback = (stratum != _K2) & (pc2011 < _KEY_VILLAGE_LT_FEN) & (c2011 < _COLLECTIVE_LT_FEN)
    c2011[fallback] = plan.collective_fallback[gv][fallback]
    collective = c2011[None, :] * (1.0 + plan.collective_growth[gv])[None, :] ** g
    d1 = stratum == _D1
    ratio = plan.collective_2009_ratio[gv][d1]
    collective[0, d1] = c2009[d1] / ratio
    collective[1, d1] = c2009[d1] / np.sqrt(ratio)
    k2m = stratum == _K2
    target = plan.collective_2015_target[gv][k2m]
    for y in range(2012, 2016):
        collective[y - 2009, k2m] = c2011[k2m] + (target - c2011[k2m]) * (y - 2011) / 4
    for y in range(2016, 2019):
        collective[y - 2009, k2m] = target * (1.0 + plan.collective_growth[gv][k2m]) ** (y - 2015)
    for y in range(2012, 2019):
        collective[y - 2009, d1] += _D1_COLLECTIVE_2012_EXTRA * (
            1.0 + plan.collective_growth[gv][d1]
        ) ** (y - 2012)
    collective_fen = np.rint(collective).astype(np.int64)
    collective_fen[2] = c2011

    village_cols: dict[str, Any] = {
        "village_id": plan.village_ids[lo:hi],
        "township_id": plan.township_ids[lo:hi],
        "county_id": plan.county_ids[lo:hi],
        "city_id": plan.city_ids[lo:hi],
        "stratum": pa.array(np.asarray(STRATA, dtype=object)[stratum], type=pa.string()),
        "designated": pa.array(stratum == _D1, type=pa.bool_()),
        "households": pa.array(size, type=pa.int64()),
        "registered_population": pa.array(member_sum, type=pa.int64()),
    }
    for y in INCOME_YEARS:
        village_cols[f"per_capita_income_{y}"] = _money(village_pc(y))
    for y in INCOME_YEARS:
        village_cols[f"collective_income_{y}"] = _money(collective_fen[y - 2009])

    vid = plan.village_ids[lo:hi].take(pa.array(vix))
    household_cols: dict[str, Any] = {
        "household_id": _join(vid, "H", pos + 1, plan.household_width),
        "village_id": vid,
        "members": pa.array(members, type=pa.int64()),
        "has_labour_capacity": pa.array(labour, type=pa.bool_()),
    }
    for y in INCOME_YEARS:
        household_cols[f"income_{y}"] = _money(income[y - 2009])
    return pa.table(village_cols), pa.table(household_cols)


# --- units and cadres ---------------------------------------------------------------------------


def _units(plan: _Plan) -> tuple[Any, Any]:
    """Assisting units (帮扶单位) and resident cadres (驻村干部) for round 1."""
    rng = np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=(_SPAWN_UNITS,)))
    n_units = max(8, round(_UNITS * plan.scale))
    n_high = max(1, round(240 * plan.scale))  # 240 provincial/central units at acceptance
    n_city = 7  # one per PRD city: the developed-region pairing
    n_rest = max(0, n_units - n_high - n_city)
    kind = np.concatenate(
        [
            rng.choice(3, n_high, p=[0.6, 0.2, 0.2]),
            np.full(n_city, 4),
            rng.choice(4, n_rest, p=[0.55, 0.12, 0.25, 0.08]),
        ]
    ).astype(np.int64)
    level = np.concatenate(
        [
            rng.choice(2, n_high, p=[0.15, 0.85]),
            np.full(n_city, 2),
            2 + rng.choice(2, n_rest, p=[0.4, 0.6]),
        ]
    ).astype(np.int64)
    home_city = np.concatenate(
        [
            np.full(n_high, -1),
            np.arange(n_city),
            rng.choice(21, n_rest, p=np.r_[np.full(7, 0.6 / 7), np.full(14, 0.4 / 14)]),
        ]
    ).astype(np.int64)
    n_designated = int((plan.stratum == _D1).sum())
    cap_villages = np.concatenate(
        [
            rng.choice([1, 2, 3], n_high, p=[0.6, 0.3, 0.1]),
            _apportion(round(0.3 * n_designated), np.ones(n_city)),
            rng.choice([0, 1, 2], n_rest, p=[0.1, 0.75, 0.15]),
        ]
    ).astype(np.int64)
    n_cadres = max(n_units, round(_CADRES * plan.scale))
    cap_cadres = np.ones(len(kind), dtype=np.int64) + _apportion(
        n_cadres - len(kind), cap_villages.astype(np.float64) + 0.05
    )
    unit_width = _width(4, len(kind))
    unit_ids = pa.array([f"U{i:0{unit_width}d}" for i in range(1, len(kind) + 1)], type=pa.string())
    city_ids = plan.cities.column("city_id").combine_chunks()
    home = city_ids.take(pa.array(np.where(home_city < 0, 0, home_city), mask=home_city < 0))
    units = pa.table(
        {
            "unit_id": unit_ids,
            "kind": pa.array(np.asarray(_UNIT_KINDS, dtype=object)[kind], type=pa.string()),
            "level": pa.array(np.asarray(_UNIT_LEVELS, dtype=object)[level], type=pa.string()),
            "home_city_id": home,
            "capacity_villages": pa.array(cap_villages, type=pa.int64()),
            "capacity_cadres": pa.array(cap_cadres, type=pa.int64()),
        }
    )
    owner = np.repeat(np.arange(len(kind)), cap_cadres)
    cadre_width = _width(3, int(cap_cadres.max()))
    cadres = pa.table(
        {
            "cadre_id": _join(
                unit_ids.take(pa.array(owner)), "P", _seq_in_groups(cap_cadres) + 1, cadre_width
            ),
            "unit_id": unit_ids.take(pa.array(owner)),
        }
    )
    return units, cadres


# --- public API ---------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class SyntheticProvince:
    """A generated province: one :class:`pyarrow.Table` per level (see the module docstring).

    Attributes:
        seed: Seed it was generated from.
        scale: Size knob; 1 is a Guangdong-sized province calibrated to the published aggregates of
            S1, S11, S18 (:data:`PUBLISHED_TARGETS`).
        cities: ``city_id``, ``region``, ``less_developed`` (21 rows; 7 PRD + 14 less-developed
            cities pairing).
        counties: ``county_id``, ``city_id``.
        townships: ``township_id``, ``county_id``.
        villages: ids up the hierarchy, ``stratum``, ``designated`` (round 1),
            ``households``, ``registered_population``, ``per_capita_income_<year>`` and
            ``collective_income_<year>`` (decimal yuan) for :data:`INCOME_YEARS`.
        households: ``household_id``, ``village_id``, ``members``, ``has_labour_capacity`` and
            ``income_<year>``: total annual household income in yuan (net to 2013, disposable from
            2014).
        units: assisting units (帮扶单位): ``unit_id``, ``kind``, ``level``, ``home_city_id``,
            ``capacity_villages``, ``capacity_cadres``; ~5,000 units at scale 1 ("more than
            5,000", of which 240 provincial/central units, S11).
        cadres: resident cadres (驻村干部): ``cadre_id``, ``unit_id``; 11,524 at scale 1 (S6).
    """

    seed: int
    scale: float
    cities: Any
    counties: Any
    townships: Any
    villages: Any
    households: Any
    units: Any
    cadres: Any

    def round_inputs(self, round: int) -> tuple[Any, Any]:
        """The (villages, households) tables of the identify CLI contract for one round.

        Round 1 uses 2009 incomes, round 2 the end-2011 incomes, round 3
        disposable income at 2014 prices; see :data:`ROUND_INCOME_YEAR`.

        Args:
            round: 1, 2 or 3.

        Returns:
            ``villages`` with ``village_id``, ``county_id``, ``per_capita_income``,
            ``collective_income`` (decimal yuan), plus ``designated`` in round 1 and
            ``registered_population`` in round 3; ``households`` with ``household_id``,
            ``village_id``, ``members``, ``income`` (the household's total annual income, decimal
            yuan) and ``has_labour_capacity``.

        Raises:
            ValueError: If ``round`` is not 1, 2 or 3.
        """
        if isinstance(round, bool) or round not in ROUND_INCOME_YEAR:
            msg = f"round={round!r} must be 1, 2 or 3"
            raise ValueError(msg)
        year = ROUND_INCOME_YEAR[round]
        v = self.villages
        vcols: dict[str, Any] = {
            "village_id": v.column("village_id"),
            "county_id": v.column("county_id"),
            "per_capita_income": v.column(f"per_capita_income_{year}"),
            "collective_income": v.column(f"collective_income_{year}"),
        }
        if round == 1:
            vcols["designated"] = v.column("designated")
        if round == 3:
            vcols["registered_population"] = v.column("registered_population")
        h = self.households
        hcols = {
            "household_id": h.column("household_id"),
            "village_id": h.column("village_id"),
            "members": h.column("members"),
            "income": h.column(f"income_{year}"),
            "has_labour_capacity": h.column("has_labour_capacity"),
        }
        return pa.table(vcols), pa.table(hcols)


def _iter_blocks(plan: _Plan, chunk_households: int) -> Iterator[list[tuple[Any, Any]]]:
    """Blocks in order, grouped so that a group holds about ``chunk_households`` households."""
    group: list[tuple[Any, Any]] = []
    held = 0
    for b in range(plan.n_blocks):
        if (
            group
            and held + int(plan.size[b * BLOCK_VILLAGES : (b + 1) * BLOCK_VILLAGES].sum())
            > chunk_households
        ):
            yield group
            group, held = [], 0
        block = _block(plan, b)
        group.append(block)
        held += block[1].num_rows
    if group:
        yield group


def generate_province(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> SyntheticProvince:
    """Generate a synthetic Guangdong-like province in memory.

    At ``scale=1`` (about 19,000 villages and 3.2 million households) the identification rules of
    S11, S1 and S18 give exactly 3,407 / 2,571 / 2,277 villages and 367,000 / 209,000 / 708,000
    households, and about 1.586 M / 0.906 M / 1.765 M people (:data:`PUBLISHED_TARGETS`); other
    scales keep the proportions. The same ``(seed, scale)`` always gives identical tables.

    Args:
        seed: Non-negative integer seed.
        scale: Size relative to Guangdong, between 0.001 and 1000 (use :func:`write_parquet` above
            a few units: the tables of a national-size province do not fit comfortably in memory).

    Returns:
        The province.

    Raises:
        ValueError: If ``seed`` or ``scale`` is out of range.

    Example:
        >>> p = generate_province(scale=0.01)
        >>> p.villages.num_rows, p.cities.num_rows
        (190, 21)
    """
    _check_args(seed, scale)
    plan = _make_plan(seed, scale)
    blocks = [_block(plan, b) for b in range(plan.n_blocks)]
    units, cadres = _units(plan)
    return SyntheticProvince(
        seed=seed,
        scale=float(scale),
        cities=plan.cities,
        counties=plan.counties,
        townships=plan.townships,
        villages=pa.concat_tables([v for v, _ in blocks]),
        households=pa.concat_tables([h for _, h in blocks]),
        units=units,
        cadres=cadres,
    )


def _metadata(seed: int, scale: float) -> dict[bytes, bytes]:
    return {
        b"shuangdao.synth.seed": str(seed).encode(),
        b"shuangdao.synth.scale": repr(float(scale)).encode(),
    }


def _write_table(table: pa.Table, path: Path, meta: dict[bytes, bytes]) -> None:
    pq.write_table(table.replace_schema_metadata(meta), path, compression="zstd")


def write_parquet(
    province: SyntheticProvince | None,
    directory: str | Path,
    *,
    seed: int | None = None,
    scale: float | None = None,
    chunk_households: int = 2_000_000,
) -> dict[str, Path]:
    """Write a province to Parquet, one file per table (``<table>.parquet``).

    With ``province=None`` the province is generated block by block and streamed to disk, so memory
    stays bounded by about ``chunk_households`` households plus the village plan; this reaches
    national size (``scale`` ≈ 10–12 for 30–40 M households). ``villages`` and ``households`` get
    one row group per block of :data:`BLOCK_VILLAGES` villages whichever way they are written, so
    the same ``(seed, scale)`` gives byte-identical files, independent of ``chunk_households`` and
    of whether the province was generated in memory first (same pyarrow version).

    Args:
        province: A generated province, or ``None`` to generate while writing.
        directory: Output folder (created if missing).
        seed: Seed when ``province`` is ``None`` (default :data:`DEFAULT_SEED`); otherwise must be
            ``None`` or equal to ``province.seed``.
        scale: Scale when ``province`` is ``None`` (default 1.0); otherwise ``None`` or equal.
        chunk_households: Target number of households held in memory at once.

    Returns:
        Table name → file path, for the seven tables.

    Raises:
        ValueError: If arguments are out of range or disagree with ``province``.
    """
    if chunk_households < 1:
        msg = f"chunk_households={chunk_households!r} must be >= 1"
        raise ValueError(msg)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    names = ("cities", "counties", "townships", "villages", "households", "units", "cadres")
    paths = {name: out / f"{name}.parquet" for name in names}
    if province is not None:
        for name, value in (("seed", seed), ("scale", scale)):
            if value is not None and value != getattr(province, name):
                have = getattr(province, name)
                msg = f"{name}={value!r} disagrees with the province's {name}={have!r}"
                raise ValueError(msg)
        _write_province(province, paths)
        return paths
    seed = DEFAULT_SEED if seed is None else seed
    scale = 1.0 if scale is None else scale
    _check_args(seed, scale)
    _stream_province(_make_plan(seed, scale), paths, chunk_households)
    return paths


def _write_province(province: SyntheticProvince, paths: dict[str, Path]) -> None:
    """Write an in-memory province with the same row groups as the streaming writer."""
    meta = _metadata(province.seed, province.scale)
    for name in ("cities", "counties", "townships", "units", "cadres"):
        _write_table(getattr(province, name), paths[name], meta)
    counts = np.asarray(province.villages.column("households").to_numpy(), dtype=np.int64)
    bounds = np.arange(0, len(counts), BLOCK_VILLAGES)
    hh_bounds = np.concatenate([[0], np.cumsum(counts)])[bounds]
    for name, starts, total in (
        ("villages", bounds, len(counts)),
        ("households", hh_bounds, int(counts.sum())),
    ):
        table = getattr(province, name).replace_schema_metadata(meta)
        with pq.ParquetWriter(paths[name], table.schema, compression="zstd") as writer:
            ends = np.append(starts[1:], total)
            for s, e in zip(starts, ends, strict=True):
                rows = int(e - s)
                writer.write_table(table.slice(int(s), rows), row_group_size=max(rows, 1))


def _stream_province(plan: _Plan, paths: dict[str, Path], chunk_households: int) -> None:
    """Generate block by block and append each block to the Parquet files (bounded memory)."""
    meta = _metadata(plan.seed, plan.scale)
    for name in ("cities", "counties", "townships"):
        _write_table(getattr(plan, name), paths[name], meta)
    units, cadres = _units(plan)
    _write_table(units, paths["units"], meta)
    _write_table(cadres, paths["cadres"], meta)
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        for group in _iter_blocks(plan, chunk_households):
            for villages, households in group:
                for name, block in (("villages", villages), ("households", households)):
                    table = block.replace_schema_metadata(meta)
                    if name not in writers:
                        writers[name] = pq.ParquetWriter(
                            paths[name], table.schema, compression="zstd"
                        )
                    writers[name].write_table(table, row_group_size=max(table.num_rows, 1))
    finally:
        for writer in writers.values():
            writer.close()
