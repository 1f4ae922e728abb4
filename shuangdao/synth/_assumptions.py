"""The generator's own constants and modelling assumptions (none of them a policy figure)."""

from __future__ import annotations

from typing import Final

import pyarrow as pa

from shuangdao.synth._calibration import PUBLISHED_TARGETS

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
