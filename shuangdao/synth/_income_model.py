"""The income model: anchors, interpolation, clipping at the lines, village corrections."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from shuangdao.declare import kernel
from shuangdao.synth._assumptions import _ANCHORS, _K2, _R3, _RHO, _SIGMA, _TAU, BLOCK_VILLAGES
from shuangdao.synth._calibration import _CAL, _yuan
from shuangdao.synth._households import _BlockDraws, _Households, _select
from shuangdao.synth._numeric import (
    BoolArray,
    FloatArray,
    IntArray,
    _norm_cdf,
    _norm_ppf,
    _round_half_up_div,
)
from shuangdao.synth._outcome_model import _OutcomeModel


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


class _Incomes(_OutcomeModel):
    """Household incomes (integer fen) of a block by year, computed on demand.

    Each year is computed from the draws of that year (and of the anchor years it is
    interpolated from), so any set of years gives the same values for each year. The steps:
    the income model (:meth:`base`: anchors, interpolation, clipping at the lines, village
    corrections) and the outcome model (:meth:`final`).
    """

    def __init__(
        self, draws: _BlockDraws, hh: _Households, *, whole: _Incomes | None = None
    ) -> None:
        self.plan = draws.plan
        self.draws = draws
        self.hh = hh
        # the same model for the whole block: what it has computed already is restricted
        # to these households rather than computed again (every value is the village's own)
        self._whole: _Incomes | None = whole if whole is not None and whole.hh is not hh else None
        if self._whole is not None:
            assert self._whole.hh is draws.households
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
            drawn = self.draws.noise(year, stratum)
            if self.hh is not self.draws.households:  # some villages: their households' draws
                drawn = drawn[self._kept(("stratum", stratum))]
            self._cache[key] = drawn
        noise: FloatArray = self._cache[key]
        return noise

    # ------------------------------------------------------------------ the income model
    def _anchor(self, code: int, round_: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """μ and σ per village and the scores of the stratum's households in an anchor year."""
        key = (code, round_)
        if key not in self._anchors and self._whole is not None and key in self._whole._anchors:
            mu, sigma, scores = self._whole._anchors[key]
            local = self._local_villages()
            self._anchors[key] = (mu[local], sigma[local], scores[self._kept(("stratum", code))])
        if key not in self._anchors:
            hh = self.hh
            year = _CAL.income_year[round_]
            hmask = hh.in_stratum(code)
            hv = hh.of("vix", ("stratum", code))
            size = hh.size
            sigma = np.full(len(size), _SIGMA[code, round_])
            p = np.clip(self.below_count[round_] / size, 0.5 / size, 1 - 0.5 / size)
            line = _yuan(_CAL.household[round_].fen)
            mu = math.log(float(line)) - sigma * _norm_ppf(p)
            mix = math.sqrt(1 - _RHO**2)
            u = _norm_cdf(_RHO * hh.of("z", ("stratum", code)) + mix * self.noise(year, code))
            np.clip(u, 1e-12, 1 - 1e-12, out=u)
            ph = p[hv]
            # where(below, ph·u, ph + (1 − ph)·u)
            rank = 1 - ph
            rank *= u
            rank += ph
            np.multiply(ph, u, out=rank, where=self.below[round_][hmask])
            scores = _norm_ppf(rank)
            self._anchors[key] = (mu, sigma, scores)
        return self._anchors[key]

    def base(self, year: int) -> IntArray:
        """Incomes of ``year`` by the income model, clipped and corrected (before outcomes)."""
        if year in self._base:
            return self._base[year]
        if self._whole is not None and year in self._whole._base:
            self._base[year] = self._whole._base[year][self.hh.keep]
            return self._base[year]
        hh = self.hh
        income = np.zeros(hh.n, dtype=np.int64)
        for code, rounds in _ANCHORS.items():
            hmask = hh.in_stratum(code)
            if not hmask.any():
                continue
            hv = hh.of("vix", ("stratum", code))

            def at(part: int, i: int, code: int = code, rounds: tuple[int, ...] = rounds) -> Any:
                return self._anchor(code, rounds[i])[part]

            mu = _interp(rounds, lambda i: at(0, i), year, log_growth=True)[hv]
            sigma = _interp(rounds, lambda i: at(1, i), year, log_growth=False)[hv]
            score = _interp(rounds, lambda i: at(2, i), year, log_growth=False)
            if year not in (_CAL.income_year[r] for r in rounds):
                score = score + _TAU * self.noise(year, code)
            # rint(min(exp(mu + sigma·score)·100, 1e11)·members), in place
            fen = sigma
            fen *= score
            fen += mu
            np.exp(fen, out=fen)
            fen *= 100.0
            np.minimum(fen, 1e11, out=fen)
            fen *= hh.members_of(("stratum", code))
            np.rint(fen, out=fen)
            income[hmask] = fen.astype(np.int64)
        for round_, year_of in _CAL.income_year.items():
            if year == year_of:
                self._clip_at_line(income, round_)
        self._correct_villages(income, year)
        self._base[year] = income
        return income

    def _kept(self, group: tuple[str, int]) -> BoolArray:
        """Which of the block's households of ``group`` are these (computed once)."""
        key = f"kept/{group}"
        if key not in self._cache:
            self._cache[key] = self.hh.keep[self.draws.households.mask(group)]
        kept: BoolArray = self._cache[key]
        return kept

    def _local_villages(self) -> IntArray:
        """Positions in the block of these villages."""
        return self.hh.villages - self.hh.block * BLOCK_VILLAGES

    def _clip_at_line(self, income: IntArray, round_: int) -> None:
        """Exactness at an anchor: each household on its side of the round's line (in fen)."""
        hh = self.hh
        anchored = np.zeros(hh.n, dtype=bool)
        for code, rounds in _ANCHORS.items():
            if round_ in rounds:
                anchored |= hh.in_stratum(code)
        top_below = _CAL.household[round_].last_selected(hh.members)
        below = self.below[round_] & anchored
        above = ~self.below[round_] & anchored
        np.minimum(income, top_below, out=income, where=below)
        np.maximum(income, top_below + 1, out=income, where=above)

    def village_pc(self, income: IntArray) -> IntArray:
        """Village per-capita income: household total over members, half up to the fen."""
        return _round_half_up_div(self.hh.village_sum(income), self.hh.member_sum)

    def village_pc_of(self, year: int, chosen: BoolArray) -> IntArray:
        """:meth:`village_pc` of ``year`` for the ``chosen`` villages only.

        Computed for their households alone unless the year is already known for all.
        """
        whole = self._whole if self._whole is not None else self
        if year in self._final or year in whole._final:
            return self.village_pc(self.final(year))[chosen]
        hh = _select(self.draws.households, self.hh.villages[chosen])
        few = _Incomes(self.draws, hh, whole=whole if whole.hh is self.draws.households else None)
        return few.village_pc(few.final(year))

    def poor_share_ok(self) -> BoolArray:
        """Villages whose relatively poor persons reach round 3's share of the register."""
        whole = self._whole
        if "poor_share" not in self._cache and whole is not None and "poor_share" in whole._cache:
            self._cache["poor_share"] = whole._cache["poor_share"][self._local_villages()]
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
