"""The generator's fast paths compute exactly what their plain definitions compute.

``shuangdao.synth`` evaluates its numerics in place, inverts the Poisson CDF from a table,
shuffles profiles with an unstable sort when no keys tie, builds ids as fixed-width records
and reuses what one block's model has computed for any set of its villages. Each must give
the same bits as the straightforward expression it replaces (the generated province may not
change); these tests state each definition and compare, on the edges as well as at random.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from hypothesis import given  # noqa: E402 - after the optional-dependency skips
from hypothesis import strategies as st  # noqa: E402

from shuangdao.synth import INCOME_YEARS, generate_province, province_blocks  # noqa: E402
from shuangdao.synth._arrow import _ids_in, _join  # noqa: E402
from shuangdao.synth._households import _by_quota, _shuffled  # noqa: E402
from shuangdao.synth._numeric import (  # noqa: E402
    _A,
    _B,
    _norm_cdf,
    _norm_ppf,
    _poisson,
    _poisson_cdf,
    _seq_in_groups,
    _tail,
)

# --- the plain definitions ----------------------------------------------------------------------


def plain_cdf(x: Any) -> Any:
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.where(x >= 0, erf, -erf))


def plain_ppf(p: Any) -> Any:
    p = np.clip(p, 1e-15, 1.0 - 1e-15)
    low = 0.02425
    q = p - 0.5
    r = q * q
    num = (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * q
    den = ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0
    x = num / den
    lo = p < low
    if lo.any():
        x[lo] = _tail(np.sqrt(-2.0 * np.log(p[lo])))
    hi = p > 1.0 - low
    if hi.any():
        x[hi] = -_tail(np.sqrt(-2.0 * np.log(1.0 - p[hi])))
    return x


def plain_poisson(u: Any, lam: tuple[float, ...], group: Any) -> Any:
    out = np.zeros(len(u), dtype=np.int64)
    for g, mean in enumerate(lam):
        cdf = _poisson_cdf(mean)
        mask = group == g
        out[mask] = np.minimum(np.searchsorted(cdf, u[mask], side="right"), len(cdf) - 1)
    return out


def plain_quota(size: Any, k1: Any, k2: Any, k3: Any) -> Any:
    vix = np.repeat(np.arange(len(size)), size)
    pos = _seq_in_groups(size)
    c1, c2, c3 = k1[vix], k1[vix] + k2[vix], k1[vix] + k2[vix] + k3[vix]
    return np.where(pos < c1, 1, np.where(pos < c2, 2, np.where(pos < c3, 3, 0))).astype(np.int64)


def bits(a: Any) -> Any:
    return np.ascontiguousarray(a, dtype=np.float64).view(np.int64)


# --- numerics -----------------------------------------------------------------------------------


class TestNumerics:
    def test_normal_cdf_is_bitwise_the_formula(self) -> None:
        rng = np.random.default_rng(1)
        edges = [0.0, -0.0, 5e-324, -5e-324, 1e-300, 38.0, -38.0, 1e308, -1e308]
        x = np.concatenate([rng.standard_normal(200_000) * 2.0, edges])
        with np.errstate(over="ignore"):
            assert (bits(_norm_cdf(x)) == bits(plain_cdf(x))).all()

    def test_normal_quantile_is_bitwise_the_formula(self) -> None:
        rng = np.random.default_rng(2)
        low = 0.02425
        edges = [0.0, 1.0, 5e-324, 1e-300, 1e-15, 1 - 1e-15, low, 1 - low, 0.5]
        edges += [np.nextafter(low, 0), np.nextafter(1 - low, 1), np.nextafter(1.0, 0)]
        p = np.concatenate([rng.random(200_000), rng.random(20_000) * 2 * low, edges])
        assert (bits(_norm_ppf(p)) == bits(plain_ppf(p))).all()

    @given(st.lists(st.floats(-40, 40, allow_nan=False), min_size=1, max_size=50))
    def test_normal_cdf_property(self, values: list[float]) -> None:
        x = np.asarray(values)
        assert (bits(_norm_cdf(x)) == bits(plain_cdf(x))).all()

    @given(st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=50))
    def test_normal_quantile_property(self, values: list[float]) -> None:
        p = np.asarray(values)
        assert (bits(_norm_ppf(p)) == bits(plain_ppf(p))).all()


class TestPoisson:
    LAM = (2.3, 3.3, 1.2, 0.4)

    def test_equals_the_searched_inversion_at_random_and_on_every_edge(self) -> None:
        rng = np.random.default_rng(5)
        cells = 1 << 12
        edges = [np.arange(cells) / cells, np.nextafter(np.arange(1, cells + 1) / cells, 0)]
        for mean in self.LAM:
            cdf = _poisson_cdf(mean)
            edges += [cdf, np.nextafter(cdf, 0), np.nextafter(cdf, 2)]
        special = np.concatenate(edges)
        special = special[(special >= 0) & (special < 1)]
        u = np.concatenate([rng.random(400_000), np.repeat(special, len(self.LAM))])
        group = np.concatenate(
            [
                rng.integers(0, len(self.LAM), 400_000),
                np.tile(np.arange(len(self.LAM)), len(special)),
            ]
        )
        assert (_poisson(u, self.LAM, group) == plain_poisson(u, self.LAM, group)).all()

    @given(
        st.lists(
            st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 3)), min_size=1, max_size=60
        )
    )
    def test_property(self, draws: list[tuple[float, int]]) -> None:
        u = np.asarray([d for d, _ in draws])
        group = np.asarray([g for _, g in draws], dtype=np.int64)
        assert (_poisson(u, self.LAM, group) == plain_poisson(u, self.LAM, group)).all()


# --- profiles and shuffles ----------------------------------------------------------------------

villages = st.lists(
    st.tuples(st.integers(1, 40), st.integers(-5, 45), st.integers(-5, 45), st.integers(-5, 45)),
    min_size=1,
    max_size=30,
)


@given(villages)
def test_profiles_by_quota_are_the_nested_rule(rows: list[tuple[int, int, int, int]]) -> None:
    size, k1, k2, k3 = (np.asarray(c, dtype=np.int64) for c in zip(*rows, strict=True))
    assert (_by_quota(size, k1, k2, k3) == plain_quota(size, k1, k2, k3)).all()


@given(st.lists(st.integers(0, 6), min_size=1, max_size=80), st.integers(0, 2**32 - 1))
def test_shuffle_is_the_stable_sort_even_with_ties(keys: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 4, len(keys))
    k = np.asarray(keys, dtype=np.float64) / 4  # few distinct keys: ties
    assert (_shuffled(values, k) == values[np.argsort(k, kind="stable")]).all()
    distinct = np.arange(len(keys)) // 3 + rng.random(len(keys))  # villages of three
    expected = values[np.argsort(distinct, kind="stable")]
    assert (_shuffled(values, distinct) == expected).all()


# --- ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1, 2, 4])
def test_ids_are_the_joined_strings(width: int) -> None:
    prefixes = pa.array(["C01-K01", "C01-K02", "C21-K07"])
    index = np.asarray([0, 0, 1, 2, 2, 2], dtype=np.int64)
    for numbers in ([1, 2, 1, 1, 2, 9], [1, 2, 1, 10, 11, 12], [0, 5, 3, 7, 99, 100]):
        n = np.asarray(numbers, dtype=np.int64)
        expected = _join(prefixes.take(pa.array(index)), "V", n, width)
        assert _ids_in(prefixes, index, "V", n, width).equals(expected)
    ragged = pa.array(["C1", "C01", "C001"])  # prefixes of several lengths: the joined path
    n = np.asarray([1, 2, 3, 4, 5, 6], dtype=np.int64)
    expected = _join(ragged.take(pa.array(index)), "H", n, width)
    assert _ids_in(ragged, index, "H", n, width).equals(expected)


# --- one model per block ------------------------------------------------------------------------

SCALE = 0.06  # 1,140 villages: two blocks


@pytest.fixture(scope="module")
def whole() -> Any:
    return generate_province(scale=SCALE)


@pytest.mark.parametrize("order", ["subset first", "whole first", "interleaved"])
def test_a_block_reused_in_any_order_equals_fresh_blocks(order: str) -> None:
    """One generator asked for years and villages in any order gives what fresh ones give."""
    blocks = province_blocks(scale=SCALE)
    b = 0
    own = blocks.block_villages(b)
    chosen = list(range(own.start + 1, own.stop, 5))
    every = list(own)
    calls: list[tuple[str, tuple[int, ...], list[int] | None]] = [
        ("block", (2011,), None),
        ("amounts", (2013, 2014, 2015, 2016, 2017, 2018), chosen),
        ("block", (2009, 2014), chosen),
        ("amounts", (2016, 2017, 2018), every),
        ("amounts", INCOME_YEARS, None),
    ]
    if order == "subset first":
        calls = calls[1:3] + calls[:1] + calls[3:]
    elif order == "interleaved":
        calls = [calls[4], calls[1], calls[0], calls[3], calls[2]]
    shared = blocks.generator(b)
    for kind, years, villages_ in calls:
        fresh = blocks.generator(b)
        got = getattr(shared, kind)(years=years, villages=villages_)
        expected = getattr(fresh, kind)(years=years, villages=villages_)
        if kind == "block":
            assert got[0].equals(expected[0])
            assert got[1].equals(expected[1])
        else:
            for name in expected:
                for y in expected[name]:
                    assert (got[name][y] == expected[name][y]).all()
                    assert got[name][y].dtype == expected[name][y].dtype


def test_every_village_given_explicitly_is_the_whole_block(whole: Any) -> None:
    blocks = province_blocks(scale=SCALE)
    own = blocks.block_villages(1)
    v_all, h_all = blocks.block(1, villages=list(own))
    v, h = blocks.block(1)
    assert v_all.equals(v)
    assert h_all.equals(h)
    first = blocks.block_villages(0)
    n_first = sum(blocks.village_sizes(0))
    assert v.equals(whole.villages.slice(len(first)))
    assert h.equals(whole.households.slice(n_first))
