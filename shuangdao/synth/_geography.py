"""The village plan: cities, counties, townships, villages, strata, sizes and quotas."""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import pyarrow as pa

from shuangdao.synth._arrow import _ids_in
from shuangdao.synth._assumptions import (
    _COLLECTIVE_MEDIAN_FEN,
    _COLLECTIVE_MEDIAN_PRD_FEN,
    _COLLECTIVE_SPAN,
    _D1,
    _FALLBACK_SPAN,
    _K2,
    _LD_CITY_WEIGHTS,
    _N_LESS_DEVELOPED,
    _N_PRD_VILLAGES,
    _OTHER,
    _P3_SHARE,
    _PRD,
    _PRD_CITY_WEIGHTS,
    _R3,
    _REGIONS,
    _SIZE_MEAN,
    _SIZE_MIN,
    _SIZE_SIGMA,
    _SPAWN_PLAN,
    _VILLAGES_PER_COUNTY,
    _VILLAGES_PER_TOWNSHIP,
    BLOCK_VILLAGES,
)
from shuangdao.synth._calibration import _CAL, PUBLISHED_TARGETS
from shuangdao.synth._numeric import (
    FloatArray,
    IntArray,
    _apportion,
    _seq_in_groups,
    _weighted_choice,
    _width,
)

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
    county_ids = _ids_in(
        city_ids, city_of_county, "K", _seq_in_groups(counties_per_city) + 1, county_width
    )
    county_of_township = np.repeat(np.arange(len(townships_per_county)), townships_per_county)
    township_ids = _ids_in(
        county_ids,
        county_of_township,
        "T",
        _seq_in_groups(townships_per_county) + 1,
        township_width,
    )
    township_of_village = np.repeat(np.arange(len(village_per_township)), village_per_township)
    village_ids = _ids_in(
        township_ids,
        township_of_village,
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
