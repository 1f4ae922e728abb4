"""The exact integer kernel: per-capita comparisons and margins against rational arithmetic.

:func:`shuangdao.declare.kernel.per_capita` decides ``amount <op> line × persons`` and the
half-even per-capita margin from one numerator; both must equal the separate
:func:`~shuangdao.declare.kernel.compare` and
:func:`~shuangdao.declare.kernel.per_capita_margin`, and the margin the exact rational
``amount / persons - line`` rounded half-even to 0.0001 yuan — for one record (Python
integers), for ``int64`` columns and for columns too large for ``int64`` (Python integers),
with lines of any number of decimals.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from shuangdao.declare import kernel
from shuangdao.quantities import Comparator

LINES = st.builds(
    lambda n, k: Decimal(n).scaleb(-k), st.integers(-(10**9), 10**9), st.integers(0, 12)
)
SMALL_AMOUNTS = st.integers(-(10**9), 10**9)
AMOUNTS = SMALL_AMOUNTS | st.integers(-(2**63) + 1, 2**63 - 1)
PERSONS = st.integers(1, 12) | st.integers(1, 2**62)


def _exact_margin(amount: int, persons: int, line: Decimal) -> int:
    """``amount / 100 / persons - line`` in 0.0001 yuan, half-even (``round`` of a Fraction)."""
    return round((Fraction(amount, 100) / persons - Fraction(line)) * 10**4)


@given(AMOUNTS, PERSONS, LINES, st.sampled_from(Comparator))
def test_one_record_is_the_rational_comparison_and_margin(amount, persons, line, comparator):
    threshold = kernel.scaled(line)
    holds, margin = kernel.per_capita(amount, persons, threshold, comparator)
    assert holds == comparator.holds(Fraction(amount, 100), Fraction(line) * persons)
    assert holds == kernel.compare(amount, comparator, threshold, times=persons)
    assert margin == kernel.per_capita_margin(amount, persons, threshold)
    assert margin == _exact_margin(amount, persons, line)


@given(st.data(), LINES, st.sampled_from(Comparator), st.booleans())
def test_columns_equal_one_record_at_a_time(data, line, comparator, large):
    size = data.draw(st.integers(1, 30))
    amounts = data.draw(st.lists(AMOUNTS if large else SMALL_AMOUNTS, min_size=size, max_size=size))
    persons = data.draw(
        st.lists(PERSONS if large else st.integers(1, 12), min_size=size, max_size=size)
    )
    # At the line: amounts of exactly line × persons and one fen either side.
    threshold = kernel.scaled(line)
    for i in data.draw(st.lists(st.integers(0, size - 1), max_size=5)):
        at = Fraction(line) * persons[i] * 100
        if at.denominator == 1 and abs(at) < 2**62:
            amounts[i] = int(at) + data.draw(st.sampled_from([-1, 0, 1]))
    column_amounts = np.array(amounts, dtype=np.int64)
    column_persons = np.array(persons, dtype=np.int64)
    holds, margins = kernel.per_capita(column_amounts, column_persons, threshold, comparator)
    assert holds.dtype == bool
    expected = [
        kernel.per_capita(a, p, threshold, comparator)
        for a, p in zip(amounts, persons, strict=True)
    ]
    assert holds.tolist() == [h for h, _ in expected]
    assert [int(m) for m in margins] == [m for _, m in expected]
    separate = kernel.per_capita_margin(column_amounts, column_persons, threshold)
    assert [int(m) for m in separate] == [m for _, m in expected]
    compared = kernel.compare(column_amounts, comparator, threshold, times=column_persons)
    assert compared.tolist() == holds.tolist()


def test_a_line_with_many_decimals_and_many_persons_stays_exact():
    """``persons × 10**(k-4)`` (the denominator) above ``int64``: Python integers, not overflow."""
    threshold = kernel.scaled(Decimal("0E-11"))
    persons = np.array([1, 922_337_203_686], dtype=np.int64)
    amounts = np.array([0, 0], dtype=np.int64)
    margins = kernel.per_capita_margin(amounts, persons, threshold)
    assert [int(m) for m in margins] == [0, 0]
    holds, joint = kernel.per_capita(amounts, persons, threshold, Comparator.GE)
    assert holds.tolist() == [True, True]
    assert [int(m) for m in joint] == [0, 0]
