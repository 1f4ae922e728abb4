"""The outcome model: the assisted households' baseline after their round's reference year."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from shuangdao.synth._assumptions import (
    _FLOOR_MARGIN,
    _K2,
    _R1_BASELINE,
    _R2_EXCESS,
    _R2_VILLAGE_MARGIN,
    _R3_BELOW,
    _R3_EXCESS,
    _R3_EXIT_SHARE,
    _RELAPSE_AFTER,
    _RELAPSE_DEPTH,
    _RELAPSE_HOUSEHOLD_SHARE,
    _RELAPSE_VILLAGE_SHARE,
    _RHO,
    _TARGET_STRATA,
    BLOCK_VILLAGES,
)
from shuangdao.synth._calibration import _CAL
from shuangdao.synth._households import _BlockDraws, _Households
from shuangdao.synth._numeric import BoolArray, FloatArray, IntArray, _norm_cdf


class _OutcomeModel:
    """The outcome model's steps, mixed into the income model's :class:`_Incomes`.

    The incomes of the assisted households after their round's reference year replace the
    income model's (:meth:`base`) in the published columns (:meth:`final`).
    """

    hh: _Households
    draws: _BlockDraws
    _cache: dict[str, Any]
    _final: dict[int, IntArray]
    _whole: _OutcomeModel | None

    def base(self, year: int) -> IntArray:
        """Incomes of ``year`` by the income model (see :class:`_Incomes`)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ the outcome model
    def _village_shock(self) -> FloatArray:
        """The outcome model's village shock of these villages (drawn once per block)."""
        lo = self.hh.block * BLOCK_VILLAGES
        shock: FloatArray = self.draws.outcome()["village_shock"][self.hh.villages - lo]
        return shock

    def _assisted_draw(self, name: str, profile: int) -> FloatArray:
        """The outcome model's ``name`` draw of the households of ``profile``, in their order.

        ``exit`` or ``household_shock``: drawn once per block, one per assisted household.
        """
        key = f"{name}/{profile}"
        if key not in self._cache:
            draws = self.draws.outcome()
            block = self.draws.households
            at = np.flatnonzero(block.in_profile(profile))  # the block's households of the profile
            if self.hh is not block:
                at = at[self._kept(("profile", profile))]
            self._cache[key] = draws[name][draws["assisted_rank"][at]]
        drawn: FloatArray = self._cache[key]
        return drawn

    def score(self, year: int, profile: int) -> FloatArray:
        """``s = ρ·z + √(1−ρ²)·e``: the outcome score of a year, per assisted profile.

        For these households of the profile, in their order.
        """
        key = f"score{year}/{profile}"
        if key not in self._cache:
            fresh = self.draws.fresh(year, profile)
            if self.hh is not self.draws.households:  # some villages: their households' draws
                fresh = fresh[self._kept(("profile", profile))]
            z = self.hh.of("z", ("profile", profile))
            self._cache[key] = _RHO * z + math.sqrt(1 - _RHO**2) * fresh
        out: FloatArray = self._cache[key]
        return out

    def _kept(self, group: tuple[str, int]) -> BoolArray:
        """Which of the block's households of ``group`` are these (see :class:`_Incomes`)."""
        raise NotImplementedError

    def _fen_of(self, per_capita: FloatArray, profile: int) -> IntArray:
        """Total income (fen) of the ``profile`` households from their per-capita yuan."""
        members = self.hh.members_of(("profile", profile))
        out: IntArray = np.ceil(per_capita * 100.0 * members).astype(np.int64)
        return out

    def final(self, year: int) -> IntArray:
        """Incomes of ``year`` with the outcome model applied (the published columns)."""
        if year in self._final:
            return self._final[year]
        if self._whole is not None and year in self._whole._final:
            self._final[year] = self._whole._final[year][self.hh.keep]
            return self._final[year]
        row = self.base(year).copy()
        for round_, outcome in ((1, self._round1), (2, self._round2), (3, self._round3)):
            mask = self.hh.in_profile(round_)
            if mask.any():
                values = outcome(year)
                if values is not None:
                    row[mask] = values
        self._relapse(row, year)
        self._raise_key_villages(row, year)
        self._final[year] = row
        return row

    def _round1(self, year: int) -> IntArray | None:
        """P1 after round 1's reference year: a lognormal level per assessment year, then growth."""
        years = _CAL.assessment_years[1]
        if year in years:
            median, sigma = _R1_BASELINE[years.index(year)]
            return self._fen_of(median * np.exp(sigma * self.score(year, 1)), 1)
        last = _CAL.settlement_year[1]
        if year == last + 1:
            previous = self._round1(last)
            assert previous is not None
            grown: IntArray = np.rint(previous * _CAL.provincial_growth(year, last)).astype(
                np.int64
            )
            return grown
        return None

    def _round2_settlement(self) -> IntArray:
        if "r2/settlement" not in self._cache:
            year = _CAL.settlement_year[2]
            line = _CAL.r2_exit_ratio * _CAL.provincial[year]
            median, sigma = _R2_EXCESS
            score = self.score(year, 2)
            per_capita = line * (1 + _FLOOR_MARGIN) + median * np.exp(sigma * score)
            self._cache["r2/settlement"] = self._fen_of(per_capita, 2)
        settled: IntArray = self._cache["r2/settlement"]
        return settled

    def _round2(self, year: int) -> IntArray | None:
        """P2 from round 2's settlement year: at the line with a margin, then the line's growth."""
        settled = _CAL.settlement_year[2]
        if year == settled:
            return self._round2_settlement()
        if year > settled:
            grow = _CAL.provincial_growth(year, settled)
            grown: IntArray = np.ceil(self._round2_settlement() * grow).astype(np.int64)
            return grown
        return None

    def _exit_rank(self) -> FloatArray:
        """The P3 households' exit copula ``u`` (the same every year)."""
        if "r3/u" not in self._cache:
            mix = math.sqrt(1 - _RHO**2)
            z = self.hh.of("z", ("profile", 3))
            exit_draw = self._assisted_draw("exit", 3)
            self._cache["r3/u"] = _norm_cdf(_RHO * z + mix * exit_draw)
        u: FloatArray = self._cache["r3/u"]
        return u

    def _round3_year(self, year: int) -> IntArray:
        key = f"r3/{year}"
        if key not in self._cache:
            years = _CAL.assessment_years[3]
            line = _CAL.r3_exit_lines[year] / 100
            share = _R3_EXIT_SHARE[years.index(year)]
            u = self._exit_rank()
            out = u >= 1.0 - share
            excess_ratio, excess_sigma = _R3_EXCESS
            low, width = _R3_BELOW
            above = line * (1 + _FLOOR_MARGIN) + line * excess_ratio * np.exp(
                excess_sigma * self.score(year, 3) - excess_sigma**2 / 2
            )
            below = line * (low + width * np.clip(u / max(1.0 - share, 1e-12), 0.0, 1.0))
            self._cache[key] = self._fen_of(np.where(out, above, below), 3)
        values: IntArray = self._cache[key]
        return values

    def _round3(self, year: int) -> IntArray | None:
        """P3: out of poverty from the planned exit year on; the year before, interpolated."""
        years = _CAL.assessment_years[3]
        if year in years:
            return self._round3_year(year)
        if year == years[0] - 1:
            mask = self.hh.in_profile(3)
            before = self.base(_CAL.income_year[3])[mask].astype(np.float64)
            return np.rint(np.sqrt(before * self._round3_year(years[0]))).astype(np.int64)
        return None

    def _relapse(self, row: IntArray, year: int) -> None:
        """Follow-up relapse (assumed): a shock year after rounds 1 and 2's settlement."""
        hh = self.hh
        for number, after in _RELAPSE_AFTER.items():
            if year != _CAL.settlement_year[number] + after or not hh.in_profile(number).any():
                continue  # (no household of the round: none relapses)
            hit_village = (hh.stratum == _TARGET_STRATA[number]) & (
                self._village_shock() < _RELAPSE_VILLAGE_SHARE
            )
            # the households of the round (all assisted) whose village and own shock strike
            ours = np.flatnonzero(hh.in_profile(number))
            shocked = self._assisted_draw("household_shock", number) < _RELAPSE_HOUSEHOLD_SHARE
            hit = ours[hit_village[hh.vix[ours]] & shocked]
            line = (
                _CAL.r1_exit_line / 100
                if number == 1
                else _CAL.r2_exit_ratio * _CAL.provincial[year]
            )
            m = hh.members[hit].astype(np.float64)
            row[hit] = np.rint(line * _RELAPSE_DEPTH * 100.0 * m).astype(np.int64)

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
