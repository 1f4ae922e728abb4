"""A seeded, deterministic synthetic Guangdong-like province (合成省份).

The built-in default data of shuangdao: cities → counties → townships → villages → households,
with household members, labour capacity and income by year (2009–2018), village collective income
and registered population by year, and the assisting units (帮扶单位) and resident cadres (驻村干部)
of round 1. Every table is a :class:`pyarrow.Table`; money is Arrow ``decimal128(15, 2)`` yuan.

Requires the optional ``frame`` extra (numpy, pyarrow). The core package never imports this
module at import time.

What it reads from the standards
--------------------------------
The generator restates no policy figure: every line, comparator, ratio, income statistic, year
and published count it is calibrated against is read from
:func:`~shuangdao.standards.default_standards` (through the typed views of
:mod:`shuangdao.standards.params`), once, when the module is imported:

* the identification rules it must reproduce — ``round1.household_line`` /
  ``household_comparator`` (1500, 以下), ``round2.household_line`` / ``household_comparator``
  (3093, 低于), ``round2.village_line`` / ``village_comparator`` (5623, 低于),
  ``round2.collective_line`` / ``collective_comparator`` (30000, 低于), ``round3.household_line``
  (4000, 低于), ``round3.village_line`` / ``village_comparator`` (8000, 以下) and
  ``round3.village_poor_share`` / ``village_poor_share_comparator`` (5 %, 以上);
* the targets of the outcome model — ``round1.exit_line`` (2500),
  ``round1.village_collective_target`` (3万), ``round2.exit_ratio`` (45 %),
  ``round2.village_target_ratio`` (60 %),
  ``round2.village_collective_target`` (5万), ``round3.exit_lines`` (6433 / 6883 / 7365);
* the provincial rural per-capita income, ``statistics.provincial_rural_income`` (2009–2018);
* the calendar: each round's identification income year (``round2.reference_year``,
  ``round3.price_base_year``; round 1's ``round1.income_base_year`` was never published, so
  the year before its first assessment, 2009, is used), its ``assessment_years`` and its
  ``settlement_income_year``;
* the published aggregates the province is sized to — ``round<n>.published_villages``,
  ``published_households`` and ``published_persons`` (:data:`PUBLISHED_TARGETS`).

What remains in the module are the generator's own modelling assumptions (dispersions,
correlations, village sizes, shares of poor households per stratum, the shape of the outcome
paths), documented below; none of them is a policy figure. A test fails if the module's code
contains a number equal to a line, ratio, income figure, year or published count of the
shipped standards, or chooses a comparator.

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
household), i.e. within a few tenths of a percent. Village counts are exact because the village
strata are chosen first and every threshold is then enforced in integer fen with the rule's own
comparator (see *Exactness* below). Targets scale with ``scale`` (``round(target × scale)``).

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

  - ``r1_designated`` — the round-1 designated villages (the designation rule was not
    found [N], so designation is an input flag),
  - ``r2_key`` — the round-2 key villages,
  - ``r3_relative_poor`` — the round-3 relative-poor villages,
  - ``less_developed_other`` — the other villages of the less-developed cities,
  - ``developed`` — the 2,500 PRD villages.

  The three target strata are disjoint (assumed [R]: a round-1 village had raised its collective
  income to the round-1 target by 2011, so it is not a round-2 key village). They are drawn
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

* ``P1`` round-1 poor: in a designated village, 2009 per-capita net income at or below the round-1
  line; lifted above the round-3 line by 2014 (round-1 assistance); labour 86 %
  (137万 of 158.6万 people able-bodied);
* ``P2`` round-2 poor: in a key village, 2011 per-capita below the round-2 line, with labour
  capacity; above the round-3 line in 2014;
* ``P3`` round-3 relative poor: 2014 per-capita disposable income below the round-3 line; small
  households (labour 45 %: many elderly, 低保/五保); in key villages also below the round-2 line in
  2011 without labour capacity (the non-able poor are not round-2 households);
* ``N`` the rest: λ = 2.3, labour 92 %.

Per-capita income of household *i* in village *v* and year *y* is lognormal:
``exp(μ[v, y] + σ[v, y] · s[i, y])`` yuan, where ``s`` is a standard-normal score. In the *anchor
years* of a village (2009 for designated villages, 2011 for key villages, 2014 for all: each
round's identification income year) the score is drawn by stratified sampling: with ``p`` the
village's share of households below the line, a below-line household gets ``s = Φ⁻¹(p·u)`` and
the others ``s = Φ⁻¹(p + (1−p)·u)``, so the village's income is exactly lognormal while the count
below the line is exactly its quota; the village level follows from the quota,
``μ = ln(line) − σ·Φ⁻¹(p)``. The uniform ``u`` is ``Φ(0.8·z + 0.6·e)`` with a persistent household
factor ``z``, so positions persist across years. Between anchors, ``μ`` and ``s`` are interpolated
linearly; outside them ``μ`` follows the provincial rural per-capita income series and ``s`` stays
at the nearest anchor; every non-anchor year adds noise ``N(0, 0.15²)`` to ``s``. Dispersion σ:
designated villages 0.8 (2009) / 0.75 (2014), key villages 0.55 (2011) / 0.75 (2014), round-3
villages 0.6, other less-developed villages 0.9, PRD 0.8. Shares of round-3 relative-poor
households: 20 % in former designated villages, 18 % in former key villages (the non-able poor),
37–62 % in round-3 villages, 3 % in the PRD, the rest (≈17 %) in the other less-developed
villages; round-1 and round-2 shares vary from village to village by a factor 0.5–1.5 around the
mean ("poverty depth").

``income_<year>`` is the household's **total** annual income (per-capita × members, rounded to the
fen): net income in 2009–2013, disposable income from 2014 (caliber break), in current
prices; round 3 uses 2014, which is at 2014 prices by definition (the policy's deflator is [N]).

Village ``per_capita_income_<year>`` is **exactly** the sum of its households' incomes divided by
the sum of their members, rounded half-up to the fen; ``registered_population`` is the sum of
members (the household table is the full register; constant over the years). Collective income
(``collective_income_<year>``): designated villages between the round-2 collective line and three
times it in 2011 (at or above the round-1 target) from a level 2–4 times lower in 2009; key
villages uniform below the collective line in 2011, rising linearly to one to three times the
round-2 target by 2015; other villages lognormal (median 4万, PRD 80万) growing 3–12 % a year; a
non-key village whose 2011 per-capita income would pass the key-village line is given a 2011
collective income at or above the collective line, so the key-village rule selects exactly the
key stratum.

The outcome model
-----------------
After each round's reference year the incomes of its assisted households follow a calibrated
path instead of the noisy interpolation above, drawn from separate random streams, so
identification is untouched: the years written are 2010, 2012, 2013 and 2015–2018, plus 2011 for
round-1 households (their villages keep a 2011 collective income at or above the collective line,
so they are never key villages and round 2 selects exactly the same villages and households).
These columns are the **baseline without the round's modelled assistance**: the scenario runner
(:func:`shuangdao.scenario.run_round`) adds the plan measures and labour transfers of
``scenario.toml`` on top, and baseline + default assistance reproduces the published record (the
tests hold both sides):

* round 1 (P1): per capita ``median × exp(σ·s)`` with ``s = 0.8·z + 0.6·e`` in each assessment
  year — 2010: 1,900 / 0.30, 2011: 4,780 / 0.45, 2012: 6,300 / 0.35; the next year grows with the
  provincial series. With the runner: 2010 average ≈ 2,410 and ≈ 41 % of households at the
  round-1 exit line (S6: 2,410, 42.19 %); 2011 ≈ 6,100 and ≈ 97 % of able households there
  (S7: 6,111, 96.6 %); 2012 ≈ 7,750 (SEED p. 5: 7,762), and 99.9 % of persons at the line
  (S11 needs 80 %). Designated villages' collective income: +6,000 yuan in 2011 and +20,000
  (growing) from 2012, so that with the runner's village measures (20,000) the 2012 average is
  ≈ 110,900, all at or above the target (SEED p. 5; S7: 8.6万 in 2011).
* round 2 (P2): settlement-year per capita = ``round2.exit_ratio`` × that year's provincial
  figure × 1.015 + ``1,371 × exp(0.7·s)``, so every household is at or above the settlement-year
  line on the baseline alone (S1, the settlement needs all of them) and the runner's average is
  ≈ 9,260 (S21: 9,220; disposable income: a caliber change, the targets were net income); the
  following years grow with the provincial series (the line's growth). Key villages whose
  per-capita income would not exceed 1.03 × the village target (``round2.village_target_ratio``
  of the provincial average, S1) in 2015–2018 have their non-poor households raised
  proportionally. 2012–2014 are unchanged (2014 is round 3's reference year), so 2014 stays high
  (≈ 13,300 on average) before the 2015 level.
* round 3 (P3): each household has a planned exit year by rank (``Φ(0.8·z + 0.6·e)``): from it
  on, per capita = line × 1.015 + line × 0.2 × lognormal(0.5) with the year's exit line
  (``round3.exit_lines``); before it, line × (0.55 + 0.35 × rank) (below the line). Baseline
  shares 21 % / 55 % / 100 %; with the runner's transfers the persons out are ≈ 50万 (2016), 110万
  (2017) and all 176.5万 (2018): S37's 50万 / 60万 / 66.5万 are read as yearly numbers (they add up
  to the 176.5万 identified, S18). 2015 is the geometric mean of 2014 and 2016.
* relapse at follow-up (assumed: no figure was published): in 4 % of the designated villages
  (2013, the first year after round 1's settlement) and of the key villages (2017, the second
  after round 2's), 15 % of the assisted households fall to 30 % of the year's exit line for one
  year; the runner's assistance keeps some of them above it, so ≈ 4 % of villages show a relapsed
  household. Round 3 has no follow-up incomes (the columns end in 2018); the runner grows 2018 at
  ``scenario.baseline_growth``.

Exactness
---------
No float decides a threshold. After rounding to the fen, each anchor-year income is clipped in
integer fen to its side of the line with the rule's comparator (``total ≤ 150000·members`` for
round 1's inclusive 以下; ``total < 309300·members`` and ``< 400000·members`` for the strict 低于
lines). Village conditions (key villages below the key-village line in 2011; round-3 villages at
or below the round-3 village line in 2014; all other villages above it in 2014) are checked in
integer fen and, in the rare village that misses, corrected by moving the above-line households'
incomes proportionally (never across their line); with the default parameters no village at
scale 1 needs it.

Scale, ids, determinism and partial generation
----------------------------------------------
``scale`` multiplies the number of villages (and with them counties, townships, households, units
and cadres); the 21 cities are fixed. Ids are hierarchical strings: city ``C01``, county
``C01-K03``, township ``C01-K03-T02``, village ``C01-K03-T02-V0005``, household
``C01-K03-T02-V0005-H0012``, unit ``U0001``, cadre ``U0001-P001``; widths are fixed for a given
province (a wider number only when the count needs it), so ids sort in table order. Villages are
generated in blocks of :data:`BLOCK_VILLAGES`. Block *i* draws its households from
``SeedSequence(seed, spawn_key=(1, i))``, the noise of year *y* from ``spawn_key=(4, i, y)``,
its outcome paths from ``spawn_key=(3, i)`` and ``(5, i, y)``; the village plan draws from
``spawn_key=(0,)`` and units from ``spawn_key=(2,)``. So the output depends only on
``(seed, scale)`` — not on chunking — and a block can be generated for some years only, or for
some of its villages only (:meth:`SyntheticBlocks.block`), with exactly the values the whole
province has: the scenario runner generates each partition where it runs, with the columns its
round needs. :func:`write_parquet` writes one row group per block. National size (30–40 M
households) is ``scale`` ≈ 10–12.
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from shuangdao.declare import kernel
from shuangdao.errors import MissingParameterError
from shuangdao.quantities import Comparator
from shuangdao.standards import default_standards

__all__ = [
    "BLOCK_VILLAGES",
    "BlockGenerator",
    "DEFAULT_SEED",
    "INCOME_YEARS",
    "MONEY_TYPE",
    "PUBLISHED_TARGETS",
    "ROUND_INCOME_YEAR",
    "STRATA",
    "SyntheticBlocks",
    "SyntheticProvince",
    "generate_province",
    "province_blocks",
    "write_parquet",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_SEED: Final = 20090601
"""Default seed 2009-06-01: round 1 began in June 2009 (teleconference 2009-06-25)."""

BLOCK_VILLAGES: Final = 1024
"""Villages per generation block; block *i* is drawn from a seed derived only from ``(seed, i)``."""

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


# --- what the generator is calibrated against, read from the shipped standards -----------------


@attrs.frozen
class _Line:
    """A line in integer fen with the comparator of its rule (``holds`` = selected)."""

    fen: int
    comparator: Comparator

    def holds(self, amount: Any, times: Any = None) -> Any:
        """Where ``amount <op> line × times`` (integer fen; exact)."""
        return kernel.compare(amount, self.comparator, kernel.scaled(_yuan(self.fen)), times=times)

    def last_selected(self, times: Any = 1) -> Any:
        """The largest total (fen) that still satisfies a line selecting *below* it."""
        if self.comparator.holds(Decimal(self.fen), Decimal(self.fen)):
            return self.fen * times
        if self.comparator.holds(Decimal(self.fen - 1), Decimal(self.fen)):
            return self.fen * times - 1
        msg = f"a {self.comparator.value} line does not select the incomes below it"
        raise ValueError(msg)


def _yuan(fen: int) -> Decimal:
    return kernel.as_decimal(fen, 2)


def _fen(value: Decimal) -> int:
    amount = kernel.fen(value)
    if amount is None:  # pragma: no cover - the shipped lines are whole fen
        msg = f"{value} is not a whole number of fen"
        raise ValueError(msg)
    return amount


@attrs.frozen
class _Calibration:
    """Every policy figure the generator uses, read once from :func:`default_standards`."""

    income_year: Mapping[int, int]
    """Round → the income year its identification reads (round 1: assumed, see the docstring)."""
    assessment_years: Mapping[int, tuple[int, ...]]
    settlement_year: Mapping[int, int]
    years: tuple[int, ...]
    household: Mapping[int, _Line]
    key_village: _Line
    collective: _Line
    r3_village: _Line
    r3_poor_share: Decimal
    r3_poor_share_comparator: Comparator
    r1_exit_line: int
    r1_collective_target: int
    r2_exit_ratio: float
    r2_village_target_ratio: float
    r2_collective_target: int
    r3_exit_lines: Mapping[int, int]
    provincial: Mapping[int, float]
    published: Mapping[int, Mapping[str, int]]

    def provincial_growth(self, year: int, base: int) -> float:
        """``P(year) / P(base)`` of the provincial rural per-capita income."""
        return self.provincial[year] / self.provincial[base]


@functools.cache
def _calibration() -> _Calibration:
    s = default_standards()
    p = s.params
    rounds = (p.round1, p.round2, p.round3)
    assessment = {r.number: tuple(sorted(r.assessment_years.values())) for r in rounds}
    try:
        first_year = p.round1.income_base_year
    except MissingParameterError:
        # never published: the year before round 1's first assessment year (2009)
        first_year = assessment[1][0] - 1
    income_year = {1: first_year, 2: p.round2.reference_year, 3: p.round3.price_base_year}
    settlement = {r.number: r.settlement_income_year for r in rounds}
    years = tuple(range(income_year[1], settlement[3] + 1))
    series = p.statistics.provincial_rural_income
    return _Calibration(
        income_year=income_year,
        assessment_years=assessment,
        settlement_year=settlement,
        years=years,
        household={r.number: _Line(_fen(r.household_line), r.household_comparator) for r in rounds},
        key_village=_Line(_fen(p.round2.village_line), p.round2.village_comparator),
        collective=_Line(_fen(p.round2.collective_line), p.round2.collective_comparator),
        r3_village=_Line(_fen(p.round3.village_line), p.round3.village_comparator),
        r3_poor_share=p.round3.village_poor_share,
        r3_poor_share_comparator=p.round3.village_poor_share_comparator,
        r1_exit_line=_fen(p.round1.exit_line),
        r1_collective_target=_fen(p.round1.village_collective_target),
        r2_exit_ratio=float(p.round2.exit_ratio),
        r2_village_target_ratio=float(p.round2.village_target_ratio),
        r2_collective_target=_fen(p.round2.village_collective_target),
        r3_exit_lines={int(y): _fen(v) for y, v in p.round3.exit_lines.items()},
        provincial={y: float(series[y].value) for y in years},
        published={
            r.number: {
                "villages": r.published_villages,
                "households": r.published_households,
                "people": r.published_persons,
            }
            for r in rounds
        },
    )


_CAL: Final = _calibration()

INCOME_YEARS: Final = _CAL.years
"""Years carried by the ``income_<year>``, ``per_capita_income_<year>`` and
``collective_income_<year>`` columns: round 1's income year (2009) to round 3's settlement
income year (2018, ``round3.settlement_income_year``)."""

ROUND_INCOME_YEAR: Final[Mapping[int, int]] = _CAL.income_year
"""Income year used by each round's identification.

2009 for round 1 (``round1.income_base_year`` was not published: the year before the round's
first assessment), end of 2011 for round 2 (``round2.reference_year``, S1), 2014 prices for
round 3 (``round3.price_base_year``, S18).
"""

PUBLISHED_TARGETS: Final[Mapping[int, Mapping[str, int]]] = _CAL.published
"""Published identification aggregates the province is calibrated to at scale 1.

Read from ``round<n>.published_villages``, ``published_households`` and ``published_persons``:
round 1: 3407 villages at acceptance (S11), ~37万 households (S6, S7) and 158.6万 people
(one of 155.8/158.6/159.8万); round 2: 2571 / 20.9万 / 90.6万 (S1); round 3:
2277 / 70.8万 / 176.5万 (S18).
"""

# --- the generator's modelling assumptions (documented in the module docstring) -----------------
# None of these is a policy figure: they shape the synthetic province around the figures above.

_D1, _K2, _R3, _OTHER, _PRD = range(5)
_TARGET_STRATA: Final = {1: _D1, 2: _K2, 3: _R3}
"""The stratum whose villages each round selects."""
_N_LESS_DEVELOPED: Final = 16_500
_N_PRD_VILLAGES: Final = 2_500
_VILLAGES_PER_COUNTY: Final = 190
_VILLAGES_PER_TOWNSHIP: Final = 15
_SIZE_MEAN: Final = (300.0, 250.0, 200.0, 110.0, 90.0)
_SIZE_SIGMA: Final = 0.35
_SIZE_MIN: Final = (60, 60, 40, 10, 10)
# share of households that are round-3 relative poor, per stratum (the "other" stratum takes the
# rest)
_P3_SHARE: Final = (0.20, 0.18, 0.50, 0.0, 0.03)
_OTHER_MEMBERS_LAMBDA: Final = 2.3
_LABOUR_P: Final = {1: 0.86, 2: 1.0, 3: 0.45, 0: 0.92}
# dispersion σ of log per-capita income in a stratum's anchor years (keyed by the round whose
# identification year the anchor is)
_SIGMA: Final = {
    (_D1, 1): 0.8,
    (_D1, 3): 0.75,
    (_K2, 2): 0.55,
    (_K2, 3): 0.75,
    (_R3, 3): 0.6,
    (_OTHER, 3): 0.9,
    (_PRD, 3): 0.8,
}
# the anchor years of each stratum, as the rounds whose identification income year they are
_ANCHORS: Final = {_D1: (1, 3), _K2: (2, 3), _R3: (3,), _OTHER: (3,), _PRD: (3,)}
_RHO: Final = 0.8
_TAU: Final = 0.15
_COLLECTIVE_MEDIAN_FEN: Final = 4_000_000  # 4万 yuan
_COLLECTIVE_MEDIAN_PRD_FEN: Final = 80_000_000  # 80万 yuan
_LD_CITY_WEIGHTS: Final = (1.0, 0.9, 1.2, 0.8, 1.5, 1.4, 0.9, 1.3, 1.1, 1.6, 1.2, 1.0, 1.1, 0.9)
_PRD_CITY_WEIGHTS: Final = (1.2, 0.3, 1.0, 0.6, 0.5, 0.4, 1.0)
_REGIONS: Final = ("pearl_river_delta",) * 7 + ("east",) * 4 + ("west",) * 3 + ("north",) * 7
_UNITS: Final = 5000
_HIGH_UNITS: Final = 240  # provincial and central units at acceptance (S11)
_CADRES: Final = 11_524
_UNIT_KINDS: Final = (
    "party_government_organ",
    "state_owned_enterprise",
    "public_institution",
    "social_organisation",
    "developed_region_city",
)
_UNIT_LEVELS: Final = ("central", "provincial", "city", "county")
_UNIT_DRAWS: Final = {
    # probabilities of each kind (of _UNIT_KINDS) and level (of _UNIT_LEVELS) for the
    # provincial/central units and for the rest; the rest's home city (PRD, less developed);
    # village slots (1-3 for the high units, 0-2 for the rest) and the share of designated
    # villages the PRD cities take; a small weight so that every unit gets cadres
    "high_kind": (0.6, 0.2, 0.2),
    "rest_kind": (0.55, 0.12, 0.25, 0.08),
    "high_level": (0.15, 0.85),
    "rest_level": (0.4, 0.6),
    "rest_home": (0.6, 0.4),
    "high_slots": (0.6, 0.3, 0.1),
    "rest_slots": (0.1, 0.75, 0.15),
    "city_share": 0.3,
    "cadre_floor": 0.05,
}
_SPAWN_PLAN, _SPAWN_BLOCK, _SPAWN_UNITS, _SPAWN_OUTCOME, _SPAWN_NOISE, _SPAWN_FRESH = range(6)

# --- outcome model: the assisted households' baseline after their round's reference year ---------
# Per-capita baseline yuan = median × exp(sigma × s), s = ρ·z + √(1−ρ²)·e (z the household's
# persistent factor, e a fresh draw per year). The scenario runner adds the plan measures and
# labour transfers of scenario.toml on top; baseline + default assistance gives the published
# outcomes (see "The outcome model" in the module docstring).
_R1_BASELINE: Final = ((1900.0, 0.30), (4780.0, 0.45), (6300.0, 0.35))
"""Round 1: (median yuan, σ) of per-capita income in each assessment year."""
# round 2: settlement-year per capita = line × (1 + margin) + excess, excess = median ×
# exp(sigma × s)
_R2_EXCESS: Final = (1371.0, 0.70)
_FLOOR_MARGIN: Final = 0.015
# round 3: the household's planned exit year by rank (share of households out by each
# assessment), the excess over the line once out and the level below it before
_R3_EXIT_SHARE: Final = (0.21, 0.55, 1.0)
_R3_EXCESS: Final = (0.20, 0.50)
_R3_BELOW: Final = (0.55, 0.35)
# round-2 key villages: per-capita above this multiple of the village target (S1), from the
# settlement year on
_R2_VILLAGE_MARGIN: Final = 1.03
# round-1 designated villages' collective income: +6,000 yuan in 2011 and +20,000 from 2012
_D1_COLLECTIVE_EXTRA_FEN: Final = (600_000, 2_000_000)
# multiples of a collective line spanned by the drawn collective incomes
_COLLECTIVE_SPAN: Final = 3
_FALLBACK_SPAN: Final = 2
# follow-up relapse (assumed, no published figure): shocked villages, households, depth, and the
# year after each round's settlement year it strikes
_RELAPSE_VILLAGE_SHARE: Final = 0.04
_RELAPSE_HOUSEHOLD_SHARE: Final = 0.15
_RELAPSE_DEPTH: Final = 0.30
_RELAPSE_AFTER: Final = {1: 1, 2: 2}


def _members_lambda(round_: int) -> float:
    """λ of the round's poor households: published persons per household, less one."""
    target = PUBLISHED_TARGETS[round_]
    return target["people"] / target["households"] - 1


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


def _fixed_width(values: pa.Array) -> np.ndarray[Any, Any] | None:
    """The bytes of a string array whose values all have one length, as a matrix (or None)."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if values.type != pa.string() or values.null_count or not len(values):
        return None
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[
        values.offset : values.offset + len(values) + 1
    ]
    lengths = np.diff(offsets)
    if (lengths != lengths[0]).any():
        return None
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)
    return data[offsets[0] : offsets[-1]].reshape(len(values), int(lengths[0]))


def _ids_in(
    prefixes: pa.Array, index: IntArray, tag: str, numbers: IntArray, width: int
) -> pa.Array:
    """Ids ``<prefixes[index]>-<tag><number padded to width>``, built as fixed-width records.

    The same ids as :func:`_join` over ``prefixes.take(index)`` (fast when every prefix has
    one length, as in a generated province): each id is a record of the prefix's bytes, the
    tag and the number's digits (from a table of the padded numbers).
    """
    matrix = _fixed_width(prefixes)
    top = int(numbers.max(initial=0))
    if matrix is None or len(str(top)) > width or int(numbers.min(initial=0)) < 0:
        return _join(prefixes.take(pa.array(index)), tag, numbers, width)
    head = matrix.shape[1]
    suffix = f"-{tag}".encode()
    record = np.dtype([("p", f"V{head}"), ("s", f"V{len(suffix)}"), ("d", f"S{width}")])
    out = np.empty(len(index), dtype=record)
    out["p"] = np.ascontiguousarray(matrix).view(f"V{head}").ravel()[index]
    out["s"] = np.frombuffer(suffix, dtype=f"V{len(suffix)}")[0]
    out["d"] = np.array([f"{i:0{width}d}" for i in range(top + 1)], dtype=f"S{width}")[numbers]
    return _records(out.view(np.uint8), len(index), record.itemsize)


def _records(data: np.ndarray[Any, Any], n: int, size: int) -> pa.Array:
    """A string array of ``n`` values of ``size`` bytes each, laid end to end in ``data``."""
    offsets = np.arange(0, (n + 1) * size, size, dtype=np.int64)
    if offsets[-1] >= 2**31:  # pragma: no cover - beyond one Arrow string array
        return pa.array(
            [bytes(data[i * size : (i + 1) * size]).decode() for i in range(n)], pa.string()
        )
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)]
    )


def _repeated(values: pa.Array, index: IntArray) -> pa.Array:
    """``values.take(index)``, as fixed-width records when every value has one length."""
    matrix = _fixed_width(values)
    if matrix is None:
        return values.take(pa.array(index))
    size = matrix.shape[1]
    rows = np.ascontiguousarray(matrix).view(f"V{size}").ravel()[index]
    return _records(rows.view(np.uint8), len(index), size)


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
    n_prd = round(_N_PRD_VILLAGES * scale)
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
    collective_2011 = np.rint(
        _COLLECTIVE_MEDIAN_FEN * np.exp(0.9 * rng.standard_normal(n_villages))
    ).astype(np.int64)
    prd = stratum == _PRD
    collective_2011[prd] = np.rint(
        _COLLECTIVE_MEDIAN_PRD_FEN * np.exp(1.0 * rng.standard_normal(int(prd.sum())))
    ).astype(np.int64)
    # designated villages: at or above the collective line (and the round-1 target) in 2011;
    # key villages: below it
    low = _CAL.collective.last_selected() + 1
    collective_2011[d1] = rng.integers(low, _COLLECTIVE_SPAN * low + 1, int(d1.sum()))
    collective_2011[k2m] = rng.integers(0, low, int(k2m.sum()))
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
        collective_fallback=rng.integers(low, _FALLBACK_SPAN * low + 1, n_villages),
        collective_growth=rng.uniform(0.03, 0.12, n_villages),
        collective_2009_ratio=rng.uniform(2.0, 4.0, n_villages),
        collective_2015_target=rng.integers(
            _CAL.r2_collective_target, _COLLECTIVE_SPAN * _CAL.r2_collective_target + 1, n_villages
        ),
        household_width=_width(4, int(size.max())),
    )


# --- households, one block of villages at a time ------------------------------------------------


def _stream(plan: _Plan, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=key))


@attrs.frozen(eq=False)
class _Households:
    """The households of (some villages of) one block, with every per-household draw.

    All draws are made for the whole block, in a fixed order, and then restricted to the
    villages asked for, so a village's households get the same values whichever villages of
    the block are generated.
    """

    block: int
    villages: IntArray  # positions in the province of the villages generated
    size: IntArray
    stratum: IntArray
    k1: IntArray
    k2: IntArray
    k3: IntArray
    vix: IntArray  # household → village position in ``villages``
    pos: IntArray  # position of the household in its village
    profile: IntArray  # 1, 2, 3: the round it is poor in; 0: never
    members: IntArray
    labour: BoolArray
    z: FloatArray  # persistent income factor
    keep: BoolArray  # which households of the block these are
    block_assisted: BoolArray  # the assisted households (profile > 0) of the whole block
    starts: IntArray
    member_sum: IntArray

    @property
    def n(self) -> int:
        return len(self.members)

    def village_sum(self, values: Any) -> Any:
        """Per-village sums of a household array."""
        return np.add.reduceat(values, self.starts) if len(self.starts) else values[:0]


def _poisson(u: FloatArray, lam: Sequence[float], group: IntArray) -> IntArray:
    """Poisson draws by inverting the CDF of each group's mean ``lam[group]`` at ``u``."""
    out = np.zeros(len(u), dtype=np.int64)
    for g, mean in enumerate(lam):
        k = np.arange(int(mean * 10 + 40))
        log_pmf = k * math.log(mean) - mean - np.cumsum(np.log(np.maximum(k, 1)))
        cdf = np.cumsum(np.exp(log_pmf))
        mask = group == g
        out[mask] = np.minimum(np.searchsorted(cdf, u[mask], side="right"), len(k) - 1)
    return out


def _draw_households(plan: _Plan, b: int) -> _Households:
    """Step 1: profiles, members, labour capacity and the persistent factor of a block."""
    rng = _stream(plan, _SPAWN_BLOCK, b)
    lo, hi = b * BLOCK_VILLAGES, min((b + 1) * BLOCK_VILLAGES, plan.n_villages)
    size, stratum = plan.size[lo:hi], plan.stratum[lo:hi]
    k1, k2, k3 = plan.k1[lo:hi], plan.k2[lo:hi], plan.k3[lo:hi]
    nv = hi - lo
    n = int(size.sum())
    vix = np.repeat(np.arange(nv), size)
    pos = _seq_in_groups(size)
    # profiles by quota, then shuffled inside each village
    c1, c2, c3 = k1[vix], k1[vix] + k2[vix], k1[vix] + k2[vix] + k3[vix]
    profile = np.where(pos < c1, 1, np.where(pos < c2, 2, np.where(pos < c3, 3, 0))).astype(
        np.int64
    )
    profile = profile[np.argsort(vix + rng.random(n), kind="stable")]
    lam = (_OTHER_MEMBERS_LAMBDA, *(_members_lambda(r) for r in (1, 2, 3)))
    members = 1 + _poisson(rng.random(n), lam, profile)
    labour_p = np.asarray([_LABOUR_P[0], _LABOUR_P[1], _LABOUR_P[2], _LABOUR_P[3]])
    labour = rng.random(n) < labour_p[profile]
    labour[(profile == 3) & (stratum[vix] == _K2)] = False
    z = rng.standard_normal(n)
    starts = np.cumsum(size) - size
    return _Households(
        block=b,
        villages=np.arange(lo, hi, dtype=np.int64),
        size=size,
        stratum=stratum,
        k1=k1,
        k2=k2,
        k3=k3,
        vix=vix,
        pos=pos,
        profile=profile,
        members=members,
        labour=labour,
        z=z,
        keep=np.ones(n, dtype=bool),
        block_assisted=profile > 0,
        starts=starts,
        member_sum=np.add.reduceat(members, starts) if len(starts) else members[:0],
    )


def _select(full: _Households, villages: IntArray | None) -> _Households:
    """The households of some villages of a block (all draws made for the whole block)."""
    if villages is None:
        return full
    lo = int(full.villages[0]) if len(full.villages) else 0
    chosen = np.asarray(villages, dtype=np.int64) - lo
    keep = np.zeros(len(full.size), dtype=bool)
    keep[chosen] = True
    keep_h = keep[full.vix]
    new_index = np.cumsum(keep) - 1
    sizes = full.size[chosen]
    starts = np.cumsum(sizes) - sizes
    kept_members = full.members[keep_h]
    return _Households(
        block=full.block,
        villages=chosen + lo,
        size=sizes,
        stratum=full.stratum[chosen],
        k1=full.k1[chosen],
        k2=full.k2[chosen],
        k3=full.k3[chosen],
        vix=new_index[full.vix[keep_h]],
        pos=full.pos[keep_h],
        profile=full.profile[keep_h],
        members=kept_members,
        labour=full.labour[keep_h],
        z=full.z[keep_h],
        keep=keep_h,
        block_assisted=full.block_assisted,
        starts=starts,
        member_sum=np.add.reduceat(kept_members, starts) if len(starts) else kept_members[:0],
    )


class _BlockDraws:
    """Every draw of one block, made once and shared by any set of its villages and years."""

    def __init__(self, plan: _Plan, b: int) -> None:
        self.plan = plan
        self.block = b
        self.households = _draw_households(plan, b)
        self._noise: dict[tuple[int, int], FloatArray] = {}
        self._fresh: dict[tuple[int, int], FloatArray] = {}
        self._groups: dict[tuple[str, int], BoolArray] = {}
        self._outcome: dict[str, Any] | None = None

    def _group(self, name: str, values: IntArray, value: int) -> BoolArray:
        key = (name, value)
        if key not in self._groups:
            self._groups[key] = values == value
        return self._groups[key]

    def noise(self, year: int, stratum: int) -> FloatArray:
        """The year's noise ``e`` of the block's households of one stratum (their own stream).

        One stream per block, year and stratum, so that generating some villages draws only
        for their strata.
        """
        key = (year, stratum)
        if key not in self._noise:
            hh = self.households
            n = int(self._group("stratum", hh.stratum[hh.vix], stratum).sum())
            rng = _stream(self.plan, _SPAWN_NOISE, self.block, year, stratum)
            self._noise[key] = rng.standard_normal(n)
        return self._noise[key]

    def fresh(self, year: int, profile: int) -> FloatArray:
        """The year's fresh outcome draw of the block's households of one assisted profile."""
        key = (year, profile)
        if key not in self._fresh:
            hh = self.households
            n = int(self._group("profile", hh.profile, profile).sum())
            rng = _stream(self.plan, _SPAWN_FRESH, self.block, year, profile)
            self._fresh[key] = rng.standard_normal(n)
        return self._fresh[key]

    def outcome(self) -> dict[str, Any]:
        """The outcome model's draws that do not depend on the year (one stream per block)."""
        if self._outcome is None:
            rng = _stream(self.plan, _SPAWN_OUTCOME, self.block)
            assisted = self.households.block_assisted
            n_assisted = int(assisted.sum())
            exit_draw = np.zeros(len(assisted))
            exit_draw[assisted] = rng.standard_normal(n_assisted)
            village_shock = rng.random(len(self.households.size))
            household_shock = np.ones(len(assisted))
            household_shock[assisted] = rng.random(n_assisted)
            self._outcome = {
                "exit": exit_draw,
                "village_shock": village_shock,
                "household_shock": household_shock,
            }
        return self._outcome


def _weights(rounds: tuple[int, ...], year: int) -> list[tuple[int, float]]:
    """``(anchor position, weight)`` of the anchors ``year`` is interpolated from.

    One anchor at an anchor year or outside them (the nearest), two between them.
    """
    years = tuple(_CAL.income_year[r] for r in rounds)
    if year in years:
        return [(years.index(year), 1.0)]
    if year < years[0]:
        return [(0, 1.0)]
    if year > years[-1]:
        return [(len(years) - 1, 1.0)]
    j = next(i for i, a in enumerate(years) if a > year)
    t = (year - years[j - 1]) / (years[j] - years[j - 1])
    return [(j - 1, 1.0 - t), (j, t)]


def _interp(
    rounds: tuple[int, ...], anchor: Callable[[int], Any], year: int, *, log_growth: bool
) -> Any:
    """Value at ``year`` from anchors: linear between them, flat or provincial growth outside.

    ``anchor(i)`` gives the value at the ``i``-th anchor; only those needed are asked for.
    """
    weights = _weights(rounds, year)
    if len(weights) == 1:
        i, _ = weights[0]
        value = anchor(i)
        near = _CAL.income_year[rounds[i]]
        if log_growth and year != near:
            return value + math.log(_CAL.provincial_growth(year, near))
        return value
    (i, _), (j, t) = weights
    a, b = anchor(i), anchor(j)
    return a + t * (b - a)


class _Incomes:
    """Household incomes (integer fen) of a block by year, computed on demand.

    Each year is computed from the draws of that year (and of the anchor years it is
    interpolated from), so any set of years gives the same values for each year. The steps:
    the income model (:meth:`base`: anchors, interpolation, clipping at the lines, village
    corrections) and the outcome model (:meth:`final`).
    """

    def __init__(self, draws: _BlockDraws, hh: _Households) -> None:
        self.plan = draws.plan
        self.draws = draws
        self.hh = hh
        self._anchors: dict[tuple[int, int], tuple[FloatArray, FloatArray, FloatArray]] = {}
        self._base: dict[int, IntArray] = {}
        self._final: dict[int, IntArray] = {}
        self._cache: dict[str, Any] = {}
        hh_profile = hh.profile
        self.below = {
            1: hh_profile == 1,
            2: (hh_profile == 2) | (hh_profile == 3),
            3: hh_profile == 3,
        }
        self.below_count = {1: hh.k1, 2: hh.k2 + hh.k3, 3: hh.k3}

    # ------------------------------------------------------------------ draws
    def noise(self, year: int, stratum: int) -> FloatArray:
        """The year's noise ``e`` of these households of one stratum (in their order)."""
        key = f"noise{year}/{stratum}"
        if key not in self._cache:
            block = self.draws.households
            kept = self.hh.keep[block.stratum[block.vix] == stratum]
            self._cache[key] = self.draws.noise(year, stratum)[kept]
        noise: FloatArray = self._cache[key]
        return noise

    # ------------------------------------------------------------------ the income model
    def _anchor(self, code: int, round_: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """μ and σ per village and the scores of the stratum's households in an anchor year."""
        key = (code, round_)
        if key not in self._anchors:
            hh = self.hh
            year = _CAL.income_year[round_]
            hmask = hh.stratum[hh.vix] == code
            hv = hh.vix[hmask]
            size = hh.size
            sigma = np.full(len(size), _SIGMA[code, round_])
            p = np.clip(self.below_count[round_] / size, 0.5 / size, 1 - 0.5 / size)
            line = _yuan(_CAL.household[round_].fen)
            mu = math.log(float(line)) - sigma * _norm_ppf(p)
            mix = math.sqrt(1 - _RHO**2)
            u = np.clip(
                _norm_cdf(_RHO * hh.z[hmask] + mix * self.noise(year, code)), 1e-12, 1 - 1e-12
            )
            ph = p[hv]
            below = self.below[round_][hmask]
            scores = _norm_ppf(np.where(below, ph * u, ph + (1 - ph) * u))
            self._anchors[key] = (mu, sigma, scores)
        return self._anchors[key]

    def base(self, year: int) -> IntArray:
        """Incomes of ``year`` by the income model, clipped and corrected (before outcomes)."""
        if year in self._base:
            return self._base[year]
        hh = self.hh
        income = np.zeros(hh.n, dtype=np.int64)
        for code, rounds in _ANCHORS.items():
            hmask = hh.stratum[hh.vix] == code
            if not hmask.any():
                continue
            hv = hh.vix[hmask]

            def at(part: int, i: int, code: int = code, rounds: tuple[int, ...] = rounds) -> Any:
                return self._anchor(code, rounds[i])[part]

            mu = _interp(rounds, lambda i: at(0, i), year, log_growth=True)[hv]
            sigma = _interp(rounds, lambda i: at(1, i), year, log_growth=False)[hv]
            score = _interp(rounds, lambda i: at(2, i), year, log_growth=False)
            if year not in (_CAL.income_year[r] for r in rounds):
                score = score + _TAU * self.noise(year, code)
            per_capita = np.exp(mu + sigma * score) * 100.0
            income[hmask] = np.rint(np.minimum(per_capita, 1e11) * hh.members[hmask]).astype(
                np.int64
            )
        for round_, year_of in _CAL.income_year.items():
            if year == year_of:
                self._clip_at_line(income, round_)
        self._correct_villages(income, year)
        self._base[year] = income
        return income

    def _clip_at_line(self, income: IntArray, round_: int) -> None:
        """Exactness at an anchor: each household on its side of the round's line (in fen)."""
        hh = self.hh
        anchored = np.isin(hh.stratum[hh.vix], [c for c, r in _ANCHORS.items() if round_ in r])
        top_below = _CAL.household[round_].last_selected(hh.members)
        below = self.below[round_] & anchored
        above = ~self.below[round_] & anchored
        income[below] = np.minimum(income[below], top_below[below])
        income[above] = np.maximum(income[above], top_below[above] + 1)

    def village_pc(self, income: IntArray) -> IntArray:
        """Village per-capita income: household total over members, half up to the fen."""
        return _round_half_up_div(self.hh.village_sum(income), self.hh.member_sum)

    def poor_share_ok(self) -> BoolArray:
        """Villages whose relatively poor persons reach round 3's share of the register."""
        if "poor_share" not in self._cache:
            hh = self.hh
            poor = hh.village_sum(np.where(hh.profile == 3, hh.members, 0))
            self._cache["poor_share"] = kernel.share_holds(
                poor, hh.member_sum, _CAL.r3_poor_share, _CAL.r3_poor_share_comparator
            )
        ok: BoolArray = self._cache["poor_share"]
        return ok

    def _correct_villages(self, income: IntArray, year: int) -> None:
        """Village conditions of the round-2 and round-3 identification years, exact in fen.

        Rarely needs a correction: key villages below the key-village line (round 2); round-3
        villages at or below the round-3 village line, every other village with enough
        relatively poor persons above it (round 3).
        """
        hh = self.hh
        checks: list[tuple[BoolArray, int, bool, int]] = []
        if year == _CAL.income_year[2]:
            pc_ = self.village_pc(income)
            line = _CAL.key_village
            bad = (hh.stratum == _K2) & ~line.holds(pc_)
            checks.append((bad, int(line.last_selected()), True, 2))
        if year == _CAL.income_year[3]:
            pc_ = self.village_pc(income)
            line = _CAL.r3_village
            last = int(line.last_selected())
            bad = (hh.stratum == _R3) & ~line.holds(pc_)
            checks.append((bad, last, True, 3))
            bad = (hh.stratum != _R3) & self.poor_share_ok() & line.holds(pc_)
            checks.append((bad, last + 1, False, 3))
        for bad, limit, lower, round_ in checks:
            bottom_above = _CAL.household[round_].last_selected(hh.members) + 1
            for v in np.flatnonzero(bad):
                sl = slice(int(hh.starts[v]), int(hh.starts[v] + hh.size[v]))
                m_sum = int(hh.member_sum[v])
                s_now = int(income[sl].sum())
                # largest (lower) or smallest (raise) village total whose rounded per-capita
                # meets the limit
                s_target = (
                    (2 * m_sum * (limit + 1) - 1 - m_sum) // 2
                    if lower
                    else limit * m_sum - m_sum // 2
                )
                movable = ~self.below[round_][sl]
                _shift_village(income[sl], bottom_above[sl], movable, s_target - s_now)
        if year == _CAL.income_year[3]:
            r3 = hh.stratum == _R3
            if r3.any() and not self.poor_share_ok()[r3].all():  # pragma: no cover
                msg = "a round-3 village has too few relative-poor people; report seed and scale"
                raise RuntimeError(msg)

    # ------------------------------------------------------------------ the outcome model
    def _outcome_draws(self) -> dict[str, Any]:
        """Draws of the outcome model that do not depend on the year, for these households."""
        if "outcome" not in self._cache:
            hh = self.hh
            draws = self.draws.outcome()
            lo = hh.block * BLOCK_VILLAGES
            self._cache["outcome"] = {
                "exit": draws["exit"][hh.keep],
                "village_shock": draws["village_shock"][hh.villages - lo],
                "household_shock": draws["household_shock"][hh.keep],
            }
        outcome: dict[str, Any] = self._cache["outcome"]
        return outcome

    def score(self, year: int, profile: int) -> FloatArray:
        """``s = ρ·z + √(1−ρ²)·e``: the outcome score of a year, per assisted profile.

        For these households of the profile, in their order.
        """
        key = f"score{year}/{profile}"
        if key not in self._cache:
            hh, block = self.hh, self.draws.households
            kept = hh.keep[block.profile == profile]
            fresh = self.draws.fresh(year, profile)[kept]
            z = hh.z[hh.profile == profile]
            self._cache[key] = _RHO * z + math.sqrt(1 - _RHO**2) * fresh
        out: FloatArray = self._cache[key]
        return out

    def _fen_of(self, per_capita: FloatArray, mask: BoolArray) -> IntArray:
        """Total income (fen) of the ``mask`` households from their per-capita yuan."""
        out: IntArray = np.ceil(per_capita * 100.0 * self.hh.members[mask]).astype(np.int64)
        return out

    def final(self, year: int) -> IntArray:
        """Incomes of ``year`` with the outcome model applied (the published columns)."""
        if year in self._final:
            return self._final[year]
        row = self.base(year).copy()
        profile = self.hh.profile
        for round_, outcome in ((1, self._round1), (2, self._round2), (3, self._round3)):
            mask = profile == round_
            if mask.any():
                values = outcome(year, mask)
                if values is not None:
                    row[mask] = values
        self._relapse(row, year)
        self._raise_key_villages(row, year)
        self._final[year] = row
        return row

    def _round1(self, year: int, mask: BoolArray) -> IntArray | None:
        """P1 after round 1's reference year: a lognormal level per assessment year, then growth."""
        years = _CAL.assessment_years[1]
        if year in years:
            median, sigma = _R1_BASELINE[years.index(year)]
            return self._fen_of(median * np.exp(sigma * self.score(year, 1)), mask)
        last = _CAL.settlement_year[1]
        if year == last + 1:
            previous = self._round1(last, mask)
            assert previous is not None
            grown: IntArray = np.rint(previous * _CAL.provincial_growth(year, last)).astype(
                np.int64
            )
            return grown
        return None

    def _round2_settlement(self, mask: BoolArray) -> IntArray:
        year = _CAL.settlement_year[2]
        line = _CAL.r2_exit_ratio * _CAL.provincial[year]
        median, sigma = _R2_EXCESS
        per_capita = line * (1 + _FLOOR_MARGIN) + median * np.exp(sigma * self.score(year, 2))
        return self._fen_of(per_capita, mask)

    def _round2(self, year: int, mask: BoolArray) -> IntArray | None:
        """P2 from round 2's settlement year: at the line with a margin, then the line's growth."""
        settled = _CAL.settlement_year[2]
        if year == settled:
            return self._round2_settlement(mask)
        if year > settled:
            grow = _CAL.provincial_growth(year, settled)
            grown: IntArray = np.ceil(self._round2_settlement(mask) * grow).astype(np.int64)
            return grown
        return None

    def _round3_year(self, year: int, mask: BoolArray) -> IntArray:
        years = _CAL.assessment_years[3]
        line = _CAL.r3_exit_lines[year] / 100
        share = _R3_EXIT_SHARE[years.index(year)]
        mix = math.sqrt(1 - _RHO**2)
        u = _norm_cdf(_RHO * self.hh.z[mask] + mix * self._outcome_draws()["exit"][mask])
        out = u >= 1.0 - share
        excess_ratio, excess_sigma = _R3_EXCESS
        low, width = _R3_BELOW
        above = line * (1 + _FLOOR_MARGIN) + line * excess_ratio * np.exp(
            excess_sigma * self.score(year, 3) - excess_sigma**2 / 2
        )
        below = line * (low + width * np.clip(u / max(1.0 - share, 1e-12), 0.0, 1.0))
        return self._fen_of(np.where(out, above, below), mask)

    def _round3(self, year: int, mask: BoolArray) -> IntArray | None:
        """P3: out of poverty from the planned exit year on; the year before, interpolated."""
        years = _CAL.assessment_years[3]
        if year in years:
            return self._round3_year(year, mask)
        if year == years[0] - 1:
            before = self.base(_CAL.income_year[3])[mask].astype(np.float64)
            return np.rint(np.sqrt(before * self._round3_year(years[0], mask))).astype(np.int64)
        return None

    def _relapse(self, row: IntArray, year: int) -> None:
        """Follow-up relapse (assumed): a shock year after rounds 1 and 2's settlement."""
        hh = self.hh
        draws = self._outcome_draws()
        m = hh.members.astype(np.float64)
        for number, after in _RELAPSE_AFTER.items():
            if year != _CAL.settlement_year[number] + after:
                continue
            hit_village = (hh.stratum == _TARGET_STRATA[number]) & (
                draws["village_shock"] < _RELAPSE_VILLAGE_SHARE
            )
            hit = (
                (hh.profile == number)
                & hit_village[hh.vix]
                & (draws["household_shock"] < _RELAPSE_HOUSEHOLD_SHARE)
            )
            line = (
                _CAL.r1_exit_line / 100
                if number == 1
                else _CAL.r2_exit_ratio * _CAL.provincial[year]
            )
            row[hit] = np.rint(line * _RELAPSE_DEPTH * 100.0 * m[hit]).astype(np.int64)

    def _raise_key_villages(self, row: IntArray, year: int) -> None:
        """Key villages stay above the round-2 village target from the settlement year (S1)."""
        if year < _CAL.settlement_year[2]:
            return
        hh = self.hh
        key = hh.stratum == _K2
        rest = (hh.profile == 0) & key[hh.vix]
        ratio = _CAL.r2_village_target_ratio * _R2_VILLAGE_MARGIN
        target = np.ceil(ratio * _CAL.provincial[year] * 100.0 * hh.member_sum)
        total = hh.village_sum(row).astype(np.float64)
        movable = hh.village_sum(np.where(rest, row, 0)).astype(np.float64)
        short = key & (total < target) & (movable > 0)
        if not short.any():
            return
        factor = np.ones(len(hh.starts))
        factor[short] = 1.0 + (target[short] - total[short]) / movable[short]
        raised = rest & short[hh.vix]
        row[raised] = np.ceil(row[raised] * factor[hh.vix][raised]).astype(np.int64)


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
    fallback = np.zeros(len(stratum), dtype=bool)
    others = stratum != _K2
    if others.any():
        pc_ref = incomes.village_pc(incomes.final(y2))
        fallback = others & _CAL.key_village.holds(pc_ref) & _CAL.collective.holds(c_ref)
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


def _tables(
    plan: _Plan, hh: _Households, incomes: _Incomes, years: Sequence[int]
) -> tuple[pa.Table, pa.Table]:
    """Step 5: the block's village and household tables for ``years``."""
    gv = pa.array(hh.villages, pa.int64())
    collective = _collective(plan, hh, incomes)
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
    for y in years:
        village_cols[f"per_capita_income_{y}"] = _money(incomes.village_pc(incomes.final(y)))
    for y in years:
        village_cols[f"collective_income_{y}"] = _money(collective(y))
    village_ids = village_cols["village_id"]
    household_cols: dict[str, Any] = {
        "household_id": _ids_in(village_ids, hh.vix, "H", hh.pos + 1, plan.household_width),
        "village_id": _repeated(village_ids, hh.vix),
        "members": pa.array(hh.members, type=pa.int64()),
        "has_labour_capacity": pa.array(hh.labour, type=pa.bool_()),
    }
    for y in years:
        household_cols[f"income_{y}"] = _money(incomes.final(y))
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


# --- units and cadres ---------------------------------------------------------------------------


def _units(plan: _Plan) -> tuple[Any, Any]:
    """Assisting units (帮扶单位) and resident cadres (驻村干部) for round 1."""
    rng = np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=(_SPAWN_UNITS,)))
    n_units = max(8, round(_UNITS * plan.scale))
    n_high = max(1, round(_HIGH_UNITS * plan.scale))
    n_city = 7  # one per PRD city: the developed-region pairing
    d: dict[str, Any] = _UNIT_DRAWS
    prd, ld = d["rest_home"]
    n_rest = max(0, n_units - n_high - n_city)
    kind = np.concatenate(
        [
            rng.choice(3, n_high, p=d["high_kind"]),
            np.full(n_city, 4),
            rng.choice(4, n_rest, p=d["rest_kind"]),
        ]
    ).astype(np.int64)
    level = np.concatenate(
        [
            rng.choice(2, n_high, p=d["high_level"]),
            np.full(n_city, 2),
            2 + rng.choice(2, n_rest, p=d["rest_level"]),
        ]
    ).astype(np.int64)
    home_city = np.concatenate(
        [
            np.full(n_high, -1),
            np.arange(n_city),
            rng.choice(21, n_rest, p=np.r_[np.full(7, prd / 7), np.full(14, ld / 14)]),
        ]
    ).astype(np.int64)
    n_designated = int((plan.stratum == _D1).sum())
    cap_villages = np.concatenate(
        [
            rng.choice([1, 2, 3], n_high, p=d["high_slots"]),
            _apportion(round(d["city_share"] * n_designated), np.ones(n_city)),
            rng.choice([0, 1, 2], n_rest, p=d["rest_slots"]),
        ]
    ).astype(np.int64)
    n_cadres = max(n_units, round(_CADRES * plan.scale))
    cap_cadres = np.ones(len(kind), dtype=np.int64) + _apportion(
        n_cadres - len(kind), cap_villages.astype(np.float64) + d["cadre_floor"]
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


@attrs.frozen(eq=False)
class SyntheticBlocks:
    """A synthetic province not yet generated: its plan, and any block on demand.

    The plan (cities, counties, townships, every village's stratum, size and quotas; a few
    bytes per village) is made at once; the households are generated block by block of
    :data:`BLOCK_VILLAGES` villages, for the years and villages asked for, with exactly the
    values :func:`generate_province` gives them. This is how the scenario runner generates a
    province partition by partition, on one machine or on the workers of a cluster, without
    ever holding it whole. Objects are picklable (send one to a worker).

    Attributes:
        seed: Seed.
        scale: Size knob (as :func:`generate_province`).

    Example:
        >>> blocks = province_blocks(scale=0.01)
        >>> blocks.n_blocks, blocks.n_villages
        (1, 190)
        >>> villages, households = blocks.block(0, years=(2011,))
        >>> households.column_names[-1], villages.num_rows
        ('income_2011', 190)
    """

    _plan: _Plan

    @property
    def seed(self) -> int:
        """The seed."""
        return self._plan.seed

    @property
    def scale(self) -> float:
        """The scale."""
        return self._plan.scale

    @property
    def n_blocks(self) -> int:
        """Number of blocks."""
        return self._plan.n_blocks

    @property
    def n_villages(self) -> int:
        """Number of villages."""
        return self._plan.n_villages

    @property
    def cities(self) -> pa.Table:
        """The 21 cities (as :attr:`SyntheticProvince.cities`)."""
        table: pa.Table = self._plan.cities
        return table

    @property
    def counties(self) -> pa.Table:
        """The counties (as :attr:`SyntheticProvince.counties`)."""
        table: pa.Table = self._plan.counties
        return table

    @property
    def townships(self) -> pa.Table:
        """The townships (as :attr:`SyntheticProvince.townships`)."""
        table: pa.Table = self._plan.townships
        return table

    def block_villages(self, block: int) -> range:
        """Positions of the villages of ``block`` in the province (village table order)."""
        lo = block * BLOCK_VILLAGES
        return range(lo, min(lo + BLOCK_VILLAGES, self.n_villages))

    def households_in(self, block: int) -> int:
        """Number of households of ``block``."""
        return int(self.village_sizes(block).sum())

    def village_sizes(self, block: int) -> IntArray:
        """Households of each village of ``block`` (in village order)."""
        v = self.block_villages(block)
        sizes: IntArray = self._plan.size[v.start : v.stop].copy()
        return sizes

    def generator(self, block: int) -> BlockGenerator:
        """A generator of ``block`` that draws once for any villages and years asked for.

        Raises:
            ValueError: A block out of range.
        """
        if not 0 <= block < self.n_blocks:
            msg = f"block={block!r} must be between 0 and {self.n_blocks - 1}"
            raise ValueError(msg)
        return BlockGenerator(_BlockDraws(self._plan, block), self.block_villages(block))

    def block(
        self,
        block: int,
        *,
        years: Sequence[int] = INCOME_YEARS,
        villages: Sequence[int] | None = None,
    ) -> tuple[pa.Table, pa.Table]:
        """Generate ``block``: its ``(villages, households)`` tables, for ``years`` only.

        Args:
            block: Block number (``0 <= block < n_blocks``).
            years: Income years of the ``*_<year>`` columns (any of :data:`INCOME_YEARS`).
            villages: Positions (in the province) of the block's villages to generate,
                increasing; ``None``: all of them.

        Returns:
            The tables of :attr:`SyntheticProvince.villages` and ``households`` restricted
            to these villages and years: equal, row for row, to those of
            :func:`generate_province`.

        Raises:
            ValueError: A block, year or village out of range.
        """
        return self.generator(block).block(years=years, villages=villages)

    def units(self) -> tuple[pa.Table, pa.Table]:
        """The assisting units and their cadres (as :attr:`SyntheticProvince.units`, ``cadres``)."""
        return _units(self._plan)


class BlockGenerator:
    """One block of a :class:`SyntheticBlocks`, drawn once: any of its villages and years.

    Every draw of the block is made when first needed and kept, so that generating the
    identification year for every village and then later years for a few of them costs the
    draws once. Values equal :func:`generate_province`'s.
    """

    def __init__(self, draws: _BlockDraws, villages: range) -> None:
        self._draws = draws
        self._villages = villages

    def block(
        self, *, years: Sequence[int] = INCOME_YEARS, villages: Sequence[int] | None = None
    ) -> tuple[pa.Table, pa.Table]:
        """The block's ``(villages, households)`` tables for ``years``.

        As :meth:`SyntheticBlocks.block`.

        Raises:
            ValueError: A year or village out of range.
        """
        unknown = sorted(set(years) - set(INCOME_YEARS))
        if unknown:
            msg = f"years {unknown} are not income years ({INCOME_YEARS[0]}–{INCOME_YEARS[-1]})"
            raise ValueError(msg)
        chosen = None
        if villages is not None:
            chosen = np.asarray(villages, dtype=np.int64)
            own = self._villages
            if len(chosen) and (
                chosen[0] < own.start or chosen[-1] >= own.stop or (np.diff(chosen) <= 0).any()
            ):
                block = self._draws.block
                msg = f"villages must be increasing positions of block {block}'s villages"
                raise ValueError(msg)
        draws = self._draws
        hh = _select(draws.households, chosen)
        return _tables(draws.plan, hh, _Incomes(draws, hh), tuple(years))


def province_blocks(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> SyntheticBlocks:
    """Plan a synthetic province without generating it (see :class:`SyntheticBlocks`).

    Raises:
        ValueError: If ``seed`` or ``scale`` is out of range.
    """
    _check_args(seed, scale)
    return SyntheticBlocks(_make_plan(seed, scale))


Progress = Callable[[str, int, int], None]
"""Progress callback: ``progress("generate", blocks done, blocks)``, called per block."""


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress("generate", done, total)


def _iter_blocks(
    plan: _Plan, chunk_households: int, progress: Progress | None = None
) -> Iterator[list[tuple[Any, Any]]]:
    """Blocks in order, grouped so that a group holds about ``chunk_households`` households."""
    _tick(progress, 0, plan.n_blocks)
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
        _tick(progress, b + 1, plan.n_blocks)
    if group:
        yield group


def generate_province(
    *, seed: int = DEFAULT_SEED, scale: float = 1.0, progress: Progress | None = None
) -> SyntheticProvince:
    """Generate a synthetic Guangdong-like province in memory.

    At ``scale=1`` (about 19,000 villages and 3.2 million households) the identification rules of
    S11, S1 and S18 give exactly 3,407 / 2,571 / 2,277 villages and 367,000 / 209,000 / 708,000
    households, and about 1.586 M / 0.906 M / 1.765 M people (:data:`PUBLISHED_TARGETS`); other
    scales keep the proportions. The same ``(seed, scale)`` always gives identical tables.

    Args:
        seed: Non-negative integer seed.
        scale: Size relative to Guangdong, between 0.001 and 1000 (use :func:`write_parquet` above
            a few units: the tables of a national-size province do not fit comfortably in memory).
        progress: Optional callback ``progress("generate", blocks done, blocks)``.

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
    blocks = []
    _tick(progress, 0, plan.n_blocks)
    for b in range(plan.n_blocks):
        blocks.append(_block(plan, b))
        _tick(progress, b + 1, plan.n_blocks)
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
    progress: Progress | None = None,
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
        progress: Optional callback ``progress("generate", blocks done, blocks)`` (when
            generating while writing).

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
    _stream_province(_make_plan(seed, scale), paths, chunk_households, progress)
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


def _stream_province(
    plan: _Plan, paths: dict[str, Path], chunk_households: int, progress: Progress | None
) -> None:
    """Generate block by block and append each block to the Parquet files (bounded memory)."""
    meta = _metadata(plan.seed, plan.scale)
    for name in ("cities", "counties", "townships"):
        _write_table(getattr(plan, name), paths[name], meta)
    units, cadres = _units(plan)
    _write_table(units, paths["units"], meta)
    _write_table(cadres, paths["cadres"], meta)
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        for group in _iter_blocks(plan, chunk_households, progress):
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
