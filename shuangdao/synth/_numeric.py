"""Small numeric helpers: normal quantiles, apportioning, weighted sampling, Poisson draws."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# --- small numeric helpers ----------------------------------------------------------------------


_SQRT2 = math.sqrt(2.0)


def _norm_cdf(x: FloatArray) -> FloatArray:
    """Standard normal CDF (Abramowitz & Stegun 7.1.26; |error| < 1.5e-7, ample for a copula).

    ``0.5·(1 ± erf(|x|/√2))`` with ``erf(z) ≈ 1 − t·(a1 + t·(a2 + …))·exp(−z²)``,
    ``t = 1/(1 + p·z)``; evaluated in place, in the same operations and order as written.
    """
    z = np.abs(x)
    z /= _SQRT2
    t = z * 0.3275911
    t += 1.0
    np.divide(1.0, t, out=t)
    erf = t * 1.061405429
    for a in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        erf += a
        erf *= t
    np.multiply(z, z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    erf *= z
    np.subtract(1.0, erf, out=erf)
    # ``where(x >= 0, erf, -erf)``: times +1.0 or -1.0, exactly
    sign = (x >= 0).astype(np.float64)
    sign *= 2.0
    sign -= 1.0
    erf *= sign
    erf += 1.0
    erf *= 0.5
    return erf


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
    # (((((a0·r + a1)·r + a2)·r + a3)·r + a4)·r + a5)·q / (((((b0·r + b1)·r + …)·r + 1),
    # in place, in the same operations and order
    x: FloatArray = r * _A[0]
    for a in _A[1:5]:
        x += a
        x *= r
    x += _A[5]
    x *= q
    den = r * _B[0]
    for b in _B[1:]:
        den += b
        den *= r
    den += 1.0
    x /= den
    # the tails: _tail(√(−2·log p)) below ``low``, −_tail(√(−2·log(1 − p))) above ``1 − low``
    tails = np.flatnonzero((p < low) | (p > 1.0 - low))
    if len(tails):
        pt = p[tails]
        lo = pt < low
        tail = _tail(np.sqrt(-2.0 * np.log(np.where(lo, pt, 1.0 - pt))))
        x[tails] = np.where(lo, tail, -tail)
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


def _round_half_up_div(num: IntArray, den: IntArray) -> IntArray:
    """``num / den`` rounded half-up, exactly in integers (num ≥ 0, den > 0)."""
    out: IntArray = (2 * num + den) // (2 * den)
    return out


def _poisson_cdf(mean: float) -> FloatArray:
    """The Poisson CDF of ``mean`` at ``0, 1, …`` (far enough into the tail to invert)."""
    k = np.arange(int(mean * 10 + 40))
    log_pmf = k * math.log(mean) - mean - np.cumsum(np.log(np.maximum(k, 1)))
    cdf: FloatArray = np.cumsum(np.exp(log_pmf))
    return cdf


_BUCKET_BITS = 12


@functools.cache
def _poisson_cells(lam: tuple[float, ...]) -> tuple[tuple[FloatArray, ...], IntArray]:
    """Each group's CDF, and its inversion tabulated on ``2**_BUCKET_BITS`` equal cells of [0, 1).

    ``draw[g·cells + c]`` is the draw of every ``u`` in cell ``c`` for group ``g`` when no CDF
    value of the group lies strictly inside the cell (then ``searchsorted(cdf, u, "right")``
    counts the same CDF values for every ``u`` of the cell), and -1 when one does.
    """
    cells = 1 << _BUCKET_BITS
    edges = np.arange(cells + 1, dtype=np.float64) / cells
    cdfs = tuple(_poisson_cdf(mean) for mean in lam)
    draw = np.empty((len(lam), cells), dtype=np.int64)
    for g, cdf in enumerate(cdfs):
        at_or_below_low = np.searchsorted(cdf, edges[:-1], side="right")
        below_high = np.searchsorted(cdf, edges[1:], side="left")
        draw[g] = np.where(
            below_high == at_or_below_low, np.minimum(at_or_below_low, len(cdf) - 1), -1
        )
    return cdfs, draw.ravel()


def _poisson(u: FloatArray, lam: Sequence[float], group: IntArray) -> IntArray:
    """Poisson draws by inverting the CDF of each group's mean ``lam[group]`` at ``u``.

    Exactly ``min(searchsorted(cdf[g], u, "right"), len(cdf[g]) - 1)`` for every ``u`` in
    [0, 1) (``rng.random``): read from a table of cells of [0, 1) (the cell of ``u`` is exact:
    ``u × 2**bits`` only shifts the exponent), searching only the few ``u`` whose cell holds a
    CDF value.
    """
    cdfs, draw = _poisson_cells(tuple(lam))
    cell = (u * (1 << _BUCKET_BITS)).astype(np.int64)
    cell += group << _BUCKET_BITS
    out: IntArray = draw[cell]
    hard = np.flatnonzero(out < 0)
    if len(hard):
        for g, cdf in enumerate(cdfs):
            at = hard[group[hard] == g]
            out[at] = np.minimum(np.searchsorted(cdf, u[at], side="right"), len(cdf) - 1)
    return out
