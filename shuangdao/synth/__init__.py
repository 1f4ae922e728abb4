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

from shuangdao.synth._assumptions import BLOCK_VILLAGES, DEFAULT_SEED, MONEY_TYPE, STRATA
from shuangdao.synth._calibration import INCOME_YEARS, PUBLISHED_TARGETS, ROUND_INCOME_YEAR
from shuangdao.synth._parquet import write_parquet
from shuangdao.synth._province import (
    BlockGenerator,
    SyntheticBlocks,
    SyntheticProvince,
    generate_province,
    province_blocks,
)

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
