"""The households of one block: profiles, members, labour capacity and every draw."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from shuangdao.synth._assumptions import (
    _K2,
    _LABOUR_P,
    _OTHER_MEMBERS_LAMBDA,
    _SPAWN_BLOCK,
    _SPAWN_FRESH,
    _SPAWN_NOISE,
    _SPAWN_OUTCOME,
    BLOCK_VILLAGES,
    _members_lambda,
)
from shuangdao.synth._geography import _Plan
from shuangdao.synth._numeric import BoolArray, FloatArray, IntArray, _poisson, _seq_in_groups

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
    household_stratum: IntArray  # the stratum of each household's village
    _masks: dict[tuple[str, int], BoolArray] = attrs.field(factory=dict, init=False)
    _derived: dict[tuple[str, tuple[str, int]], Any] = attrs.field(factory=dict, init=False)

    @property
    def n(self) -> int:
        return len(self.members)

    def in_stratum(self, code: int) -> BoolArray:
        """Which households live in villages of stratum ``code`` (computed once)."""
        mask = self._masks.get(("stratum", code))
        if mask is None:
            mask = self._masks["stratum", code] = self.household_stratum == code
        return mask

    def in_profile(self, profile: int) -> BoolArray:
        """Which households have ``profile`` (computed once)."""
        mask = self._masks.get(("profile", profile))
        if mask is None:
            mask = self._masks["profile", profile] = self.profile == profile
        return mask

    def mask(self, group: tuple[str, int]) -> BoolArray:
        """:meth:`in_stratum` or :meth:`in_profile` of ``("stratum", code)``/``("profile", p)``."""
        kind, value = group
        return self.in_stratum(value) if kind == "stratum" else self.in_profile(value)

    def of(self, name: str, group: tuple[str, int]) -> Any:
        """The attribute ``name`` of the households of ``group`` (computed once)."""
        key = (name, group)
        if key not in self._derived:
            self._derived[key] = getattr(self, name)[self.mask(group)]
        return self._derived[key]

    def members_of(self, group: tuple[str, int]) -> FloatArray:
        """The members of each household of ``group``, as floats (computed once)."""
        key = ("members as float", group)
        if key not in self._derived:
            self._derived[key] = self.members[self.mask(group)].astype(np.float64)
        out: FloatArray = self._derived[key]
        return out

    def village_sum(self, values: Any) -> Any:
        """Per-village sums of a household array."""
        return np.add.reduceat(values, self.starts) if len(self.starts) else values[:0]


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
    profile = _shuffled(_by_quota(size, k1, k2, k3), vix + rng.random(n))
    lam = (_OTHER_MEMBERS_LAMBDA, *(_members_lambda(r) for r in (1, 2, 3)))
    members = 1 + _poisson(rng.random(n), lam, profile)
    labour_p = np.asarray([_LABOUR_P[0], _LABOUR_P[1], _LABOUR_P[2], _LABOUR_P[3]])
    household_stratum = stratum[vix]
    labour = rng.random(n) < labour_p[profile]
    labour[(profile == 3) & (household_stratum == _K2)] = False
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
        household_stratum=household_stratum,
    )


def _by_quota(size: IntArray, k1: IntArray, k2: IntArray, k3: IntArray) -> IntArray:
    """Each village's households by quota: ``k1`` of profile 1, ``k2`` of 2, ``k3`` of 3, then 0.

    The household at position ``pos`` of its village has profile 1 if ``pos < k1``, else 2 if
    ``pos < k1 + k2``, else 3 if ``pos < k1 + k2 + k3``, else 0: runs of each profile, of
    lengths clipped to the village.
    """
    ends = np.stack([k1, k1 + k2, k1 + k2 + k3], axis=1)
    np.clip(ends[:, 0], 0, size, out=ends[:, 0])
    for j in (1, 2):  # a run ends no earlier than the one before it
        np.clip(ends[:, j], ends[:, j - 1], size, out=ends[:, j])
    runs = np.diff(ends, axis=1, prepend=0, append=size[:, None])
    labels = np.tile(np.asarray([1, 2, 3, 0], dtype=np.int64), len(size))
    out: IntArray = np.repeat(labels, runs.ravel())
    return out


def _shuffled(values: IntArray, keys: FloatArray) -> IntArray:
    """``values[np.argsort(keys, kind="stable")]``, sorting unstably when no two keys tie."""
    order = np.argsort(keys)
    ordered = keys[order]
    if (ordered[1:] == ordered[:-1]).any():  # ties: only a stable sort gives their order
        order = np.argsort(keys, kind="stable")
    out: IntArray = values[order]
    return out


def _select(full: _Households, villages: IntArray | None) -> _Households:
    """The households of some villages of a block (all draws made for the whole block)."""
    if villages is None:
        return full
    lo = int(full.villages[0]) if len(full.villages) else 0
    chosen = np.asarray(villages, dtype=np.int64) - lo
    if len(chosen) == len(full.size) and (chosen == np.arange(len(full.size))).all():
        return full
    keep = np.zeros(len(full.size), dtype=bool)
    keep[chosen] = True
    keep_h = keep[full.vix]
    rows = np.flatnonzero(keep_h)
    new_index = np.cumsum(keep) - 1
    sizes = full.size[chosen]
    starts = np.cumsum(sizes) - sizes
    kept_members = full.members[rows]
    return _Households(
        block=full.block,
        villages=chosen + lo,
        size=sizes,
        stratum=full.stratum[chosen],
        k1=full.k1[chosen],
        k2=full.k2[chosen],
        k3=full.k3[chosen],
        vix=new_index[full.vix[rows]],
        pos=full.pos[rows],
        profile=full.profile[rows],
        members=kept_members,
        labour=full.labour[rows],
        z=full.z[rows],
        keep=keep_h,
        block_assisted=full.block_assisted,
        starts=starts,
        member_sum=np.add.reduceat(kept_members, starts) if len(starts) else kept_members[:0],
        household_stratum=full.household_stratum[rows],
    )


class _BlockDraws:
    """Every draw of one block, made once and shared by any set of its villages and years."""

    def __init__(self, plan: _Plan, b: int) -> None:
        self.plan = plan
        self.block = b
        self.households = _draw_households(plan, b)
        self._noise: dict[tuple[int, int], FloatArray] = {}
        self._fresh: dict[tuple[int, int], FloatArray] = {}
        self._outcome: dict[str, Any] | None = None

    def noise(self, year: int, stratum: int) -> FloatArray:
        """The year's noise ``e`` of the block's households of one stratum (their own stream).

        One stream per block, year and stratum, so that generating some villages draws only
        for their strata.
        """
        key = (year, stratum)
        if key not in self._noise:
            hh = self.households
            n = int(np.count_nonzero(hh.in_stratum(stratum)))
            rng = _stream(self.plan, _SPAWN_NOISE, self.block, year, stratum)
            self._noise[key] = rng.standard_normal(n)
        return self._noise[key]

    def fresh(self, year: int, profile: int) -> FloatArray:
        """The year's fresh outcome draw of the block's households of one assisted profile."""
        key = (year, profile)
        if key not in self._fresh:
            hh = self.households
            n = int(np.count_nonzero(hh.in_profile(profile)))
            rng = _stream(self.plan, _SPAWN_FRESH, self.block, year, profile)
            self._fresh[key] = rng.standard_normal(n)
        return self._fresh[key]

    def outcome(self) -> dict[str, Any]:
        """The outcome model's draws that do not depend on the year (one stream per block)."""
        if self._outcome is None:
            rng = _stream(self.plan, _SPAWN_OUTCOME, self.block)
            assisted = self.households.block_assisted
            n_assisted = int(assisted.sum())
            # in this order: one exit draw per assisted household, one shock per village,
            # one shock per assisted household (``assisted_rank``: a household's among them)
            self._outcome = {
                "exit": rng.standard_normal(n_assisted),
                "village_shock": rng.random(len(self.households.size)),
                "household_shock": rng.random(n_assisted),
                "assisted_rank": np.cumsum(assisted) - 1,
            }
        return self._outcome
