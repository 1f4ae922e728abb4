"""Assisting units (帮扶单位) and resident cadres (驻村干部) of round 1."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from shuangdao.synth._arrow import _ids_in
from shuangdao.synth._assumptions import (
    _CADRES,
    _D1,
    _HIGH_UNITS,
    _SPAWN_UNITS,
    _UNIT_DRAWS,
    _UNIT_KINDS,
    _UNIT_LEVELS,
    _UNITS,
)
from shuangdao.synth._geography import _Plan
from shuangdao.synth._numeric import _apportion, _seq_in_groups, _width

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
            "cadre_id": _ids_in(unit_ids, owner, "P", _seq_in_groups(cap_cadres) + 1, cadre_width),
            "unit_id": unit_ids.take(pa.array(owner)),
        }
    )
    return units, cadres
