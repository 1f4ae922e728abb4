"""The exact integer kernel: every comparison and margin of a declared rule, in integers.

One set of functions serves both evaluators. Each takes either Python ``int`` values (the
scalar evaluator, one record) or numpy integer arrays (the columnar evaluator, a table), and
gives the same answer for the same numbers, whatever the caller's :mod:`decimal` context:

* a threshold ``t`` (a :class:`~decimal.Decimal` from the standards, any number of
  decimals) is written exactly as ``n / 10**k`` (:func:`scaled`, read from the digits, not
  computed in a context);
* an amount is an integer in units of ``10**-scale`` (fen: ``scale = 2``; persons: 0);
* ``amount <op> t × times`` is decided as ``amount × 10**(k - scale) <op> n × times``
  (:func:`compare`): per-capita comparisons never divide;
* a share ``part / whole <op> s`` is decided as ``part × q <op> p × whole`` with
  ``s = p / q`` (:func:`share_holds`);
* per-capita margins ``amount / persons - t`` are rounded half-even to 0.0001 yuan
  (:func:`per_capita_margin`) and plain margins ``amount - t`` are exact
  (:func:`difference`). Margins are reported, never decisive.

Arrays are compared in ``int64`` when every intermediate product is below ``2**62``, and as
Python integers (``dtype=object``) otherwise — slower, never wrong. No float is ever used.

Example:
    >>> from decimal import Decimal
    >>> from shuangdao.quantities import Comparator
    >>> line = scaled(Decimal("3092.76"))
    >>> compare(1237104, Comparator.LT, line, times=4)
    False
    >>> per_capita_margin(1237103, 4, line)
    -25
    >>> as_decimal(per_capita_margin(1237103, 4, line), MARGIN_SCALE)
    Decimal('-0.0025')
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar

from shuangdao.quantities import Comparator

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "MARGIN_SCALE",
    "OPERATORS",
    "SAFE",
    "Scaled",
    "as_decimal",
    "compare",
    "difference",
    "fen",
    "per_capita",
    "per_capita_margin",
    "quotient",
    "scaled",
    "share_holds",
    "threshold_times",
]

SAFE: Final = 2**62
"""Products stay in ``int64`` below this bound (else Python integers are used)."""

MARGIN_SCALE: Final = 4
"""Per-capita margins are integers of 10**-4 yuan (0.0001, half-even)."""

OPERATORS: Final[dict[Comparator, Callable[[Any, Any], Any]]] = {
    Comparator.GE: operator.ge,
    Comparator.GT: operator.gt,
    Comparator.LE: operator.le,
    Comparator.LT: operator.lt,
}
"""The comparison of each comparator: works on ints and on numpy arrays alike."""

Num = TypeVar("Num", int, "np.ndarray[Any, Any]")


class Scaled(NamedTuple):
    """A threshold written exactly as ``n / 10**k`` (``k`` at least the amount's scale)."""

    n: int
    """The integer numerator."""
    k: int
    """The decimal exponent: the value is ``n × 10**-k``."""

    def at(self, scale: int) -> Scaled:
        """The same value with at least ``scale`` decimals."""
        if scale <= self.k:
            return self
        return Scaled(self.n * 10 ** (scale - self.k), scale)

    @property
    def value(self) -> Decimal:
        """The threshold as a Decimal (exact)."""
        return as_decimal(self.n, self.k)


def scaled(value: Decimal, scale: int = 2) -> Scaled:
    """Write ``value`` exactly as ``n / 10**k`` with ``k >= scale`` (from its digits).

    Example:
        >>> scaled(Decimal("3093")), scaled(Decimal("0.33")), scaled(Decimal("0.05"), 0)
        (Scaled(n=309300, k=2), Scaled(n=33, k=2), Scaled(n=5, k=2))
    """
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"a threshold must be a finite Decimal, not {value!r}")
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    k = max(scale, -exponent)
    n = int("".join(map(str, digits)) or "0") * 10 ** (k + exponent)
    return Scaled(-n if sign else n, k)


def fen(amount: Decimal | int) -> int | None:
    """``amount`` in integer fen, exactly; ``None`` when it has more than two decimals.

    Example:
        >>> fen(Decimal("12371.99")), fen(Decimal("3093")), fen(Decimal("0.001"))
        (1237199, 309300, None)
    """
    numerator, denominator = amount.as_integer_ratio()
    if 100 % denominator:
        return None
    return numerator * (100 // denominator)


def as_decimal(n: int, k: int) -> Decimal:
    """The exact Decimal ``n × 10**-k`` (built from text: no context, no rounding).

    Example:
        >>> as_decimal(1237104, 2), as_decimal(-25, 4), as_decimal(0, 4)
        (Decimal('12371.04'), Decimal('-0.0025'), Decimal('0.0000'))
    """
    return Decimal(f"{int(n)}E-{k}") if k else Decimal(int(n))


def threshold_times(threshold: Scaled, times: int) -> Decimal:
    """``threshold × times`` as an exact Decimal (the per-household line ``line × members``).

    Example:
        >>> threshold_times(scaled(Decimal("3093")), 4)
        Decimal('12372.00')
    """
    return as_decimal(threshold.n * times, threshold.k)


def _is_array(value: Any) -> bool:
    return hasattr(value, "dtype")


def _top(value: Any) -> int:
    """Largest absolute value of an int or an integer array (0 for an empty array)."""
    if not _is_array(value):
        return abs(int(value))
    if not len(value):
        return 0
    return max(abs(int(value.min())), abs(int(value.max())))


def _exact(value: Any, bound: int) -> Any:
    """An array as ``int64`` when ``bound`` is safe, else as Python integers."""
    if not _is_array(value):
        return int(value)
    import numpy as np

    if bound < SAFE:
        return value.astype(np.int64, copy=False)
    return value.astype(object)


def compare(
    amount: Num,
    comparator: Comparator,
    threshold: Scaled,
    *,
    times: Num | int | None = None,
    scale: int = 2,
) -> Any:
    """Exactly ``amount × 10**-scale <op> threshold × times`` (``times`` ``None``: 1).

    Args:
        amount: Integer amounts in units of ``10**-scale`` (fen by default).
        comparator: How they are compared.
        threshold: The threshold (:func:`scaled`).
        times: Integer multipliers (members, registered population), if any.
        scale: Decimals of ``amount`` (2 for fen, 0 for counts).

    Returns:
        A ``bool`` for ints, a boolean array for arrays.
    """
    if type(amount) is int and (times is None or type(times) is int):
        # one record: Python integers, no bound to check
        t = threshold.at(scale)
        lhs = amount * 10 ** (t.k - scale)
        return bool(OPERATORS[comparator](lhs, t.n if times is None else t.n * times))
    t = threshold.at(scale)
    shift = 10 ** (t.k - scale)
    top_times = 1 if times is None else _top(times)
    bound = max(_top(amount) * shift, abs(t.n) * top_times)
    lhs = _exact(amount, bound)
    if shift != 1:
        lhs = lhs * shift
    rhs = t.n if times is None else _exact(times, bound) * t.n
    result = OPERATORS[comparator](lhs, rhs)
    if _is_array(result):
        import numpy as np

        return np.asarray(result, dtype=bool)
    return bool(result)


def share_holds(part: Num, whole: Num, share: Decimal, comparator: Comparator) -> Any:
    """Exactly ``part / whole <op> share``, as ``part × q <op> p × whole`` (``share = p/q``).

    Example:
        >>> share_holds(80, 100, Decimal("0.80"), Comparator.GE)
        True
        >>> share_holds(79, 100, Decimal("0.80"), Comparator.GE)
        False
    """
    p, q = share.as_integer_ratio()
    bound = max(_top(part), _top(whole)) * max(abs(p), abs(q))
    result = OPERATORS[comparator](_exact(part, bound) * q, _exact(whole, bound) * p)
    if _is_array(result):
        import numpy as np

        return np.asarray(result, dtype=bool)
    return bool(result)


def difference(amount: Num, threshold: Scaled, *, scale: int = 2) -> tuple[Any, int]:
    """``amount × 10**-scale - threshold`` exactly, as ``(units, k)`` of ``10**-k``."""
    t = threshold.at(scale)
    shift = 10 ** (t.k - scale)
    bound = _top(amount) * shift + abs(t.n)
    return _exact(amount, bound) * shift - t.n, t.k


def quotient(part: Num, whole: Num, scale: int = MARGIN_SCALE) -> Any:
    """``part / whole`` in units of ``10**-scale``, rounded half-even (``whole >= 1``).

    Reported values only (a settlement's share of persons): never decisive.

    Example:
        >>> quotient(4, 5), quotient(2, 3), quotient(1, 8)
        (8000, 6667, 1250)
    """
    if not _is_array(part) and not _is_array(whole):
        q, r = divmod(int(part) * 10**scale, int(whole))
        twice = 2 * r
        return q + (1 if twice > whole or (twice == whole and q % 2 == 1) else 0)
    import numpy as np

    bound = max(_top(part) * 10**scale, _top(whole))
    numerator = _exact(np.asarray(part), bound) * 10**scale
    denominator = _exact(np.asarray(whole), bound)
    q = numerator // denominator
    twice = 2 * (numerator - q * denominator)
    up = (twice > denominator) | ((twice == denominator) & (q % 2 == 1))
    return q + up


def per_capita_margin(amount: Num, persons: Num | int, threshold: Scaled) -> Any:
    """Per-capita margin ``amount / 100 / persons - threshold`` in 0.0001 yuan, half-even.

    ``amount`` is in fen, ``persons >= 1``. Exact for any threshold (a line with more
    than four decimals is handled by scaling numerator and denominator together).
    """
    numerator, denominator = _per_capita_excess(amount, persons, threshold)
    return _half_even(numerator, denominator)


def per_capita(
    amount: Num, persons: Num | int, threshold: Scaled, comparator: Comparator
) -> tuple[Any, Any]:
    """``amount <op> threshold × persons`` and the per-capita margin, from one numerator.

    The same answers as :func:`compare` (``times=persons``) and :func:`per_capita_margin`,
    computed together: the margin's numerator is the comparison's difference
    ``amount × 10**(k-2) - n × persons`` times a positive power of ten, so its sign decides
    the comparison, and the (exact) integer arithmetic is done once.

    Example:
        >>> line = scaled(Decimal("3092.76"))
        >>> per_capita(1237103, 4, line, Comparator.LT)
        (True, -25)
        >>> per_capita(1237104, 4, line, Comparator.LT)
        (False, 0)
    """
    numerator, denominator = _per_capita_excess(amount, persons, threshold)
    holds = OPERATORS[comparator](numerator, 0)
    if _is_array(holds):
        import numpy as np

        holds = np.asarray(holds, dtype=bool)
    else:
        holds = bool(holds)
    return holds, _half_even(numerator, denominator)


def _per_capita_excess(amount: Any, persons: Any, threshold: Scaled) -> tuple[Any, Any]:
    """``(amount / 100 / persons - threshold) × 10**4`` as an exact fraction ``(num, den)``.

    ``num = amount × 10**(2+s) - persons × n × 10**(4-k+s)`` and ``den = persons × 10**s``
    with ``s = max(0, k - 4)`` (``threshold = n / 10**k``), so that both are integers.
    ``num`` is ``(amount × 10**(k-2) - n × persons) × 10**(4-k+s)`` with ``4-k+s >= 0``:
    its sign is that of ``amount / 100 - threshold × persons``. Arrays come back as
    ``int64`` when every value stays below :data:`SAFE`, else as Python integers.
    """
    n, k = threshold.at(2)
    s = max(0, k - MARGIN_SCALE)
    line_units = n * 10 ** (MARGIN_SCALE - k + s)
    if not _is_array(amount) and not _is_array(persons):
        return int(amount) * 10 ** (2 + s) - int(persons) * line_units, int(persons) * 10**s
    import numpy as np

    top_amount = _top(amount)
    top_persons = _top(persons) or 1
    # Both the numerator and the denominator must stay below the bound.
    bound = max(top_amount * 10 ** (2 + s) + abs(line_units) * top_persons, top_persons * 10**s)
    if bound < SAFE and s == 0:
        # int64, in place: few temporaries (most of the batch path's arithmetic).
        heads = np.asarray(persons, dtype=np.int64)
        numerator = np.asarray(amount, dtype=np.int64) * 100
        numerator -= heads * line_units
        return numerator, heads
    amounts = _exact(np.asarray(amount), bound)
    heads = _exact(np.asarray(persons), bound)
    return amounts * 10 ** (2 + s) - heads * line_units, heads * 10**s if s else heads


def _half_even(numerator: Any, denominator: Any) -> Any:
    """``numerator / denominator`` rounded half-even to an integer (``denominator >= 1``).

    Rounded up exactly when ``2 × remainder + (quotient odd) > denominator``: above half
    way, or half way from an odd quotient (to the even one).
    """
    if not _is_array(numerator):
        quotient, remainder = divmod(numerator, denominator)
        return quotient + (2 * remainder + (quotient & 1) > denominator)
    import numpy as np

    if numerator.dtype == object:  # Python integers
        quotient = numerator // denominator
        twice = 2 * (numerator - quotient * denominator) + (quotient & 1)
        up = np.asarray(twice > denominator, dtype=bool).astype(object)
        return np.asarray(quotient + up, dtype=object)
    quotient, remainder = np.divmod(numerator, denominator)  # 0 <= remainder < denominator
    remainder <<= 1
    remainder += quotient & 1
    quotient += remainder > denominator
    return np.asarray(quotient)
