"""The identification rules of :mod:`shuangdao.rules.identification`, over numpy columns.

Every threshold and comparator is read from the same :class:`~shuangdao.standards.Standards`
the object path reads (``standards.value(key)``), as exact :class:`~decimal.Decimal`, and
turned into an integer comparison: money is integer fen, a line with ``k`` decimals
(``k >= 2``; e.g. 3092.76, or 3120.876 under ``round2.line_rounding = "exact"``) is scaled
to an integer by ``10**k`` and the income by ``10**(k-2)``, and a per-capita line is
multiplied by the members instead of dividing the income (as
:func:`~shuangdao.quantities.compare_per_capita` does). When the scaled numbers could
overflow ``int64`` the same numpy code runs on Python integers (``dtype=object``), so the
result stays exact. No float is ever compared.

Household margins are computed exactly as the object path reports them: the per-capita
margin ``income / members - line`` rounded half-even to 0.0001 yuan
(:data:`~shuangdao.quantities.MARGIN_QUANTUM`), as an integer number of 0.0001 yuan.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import numpy as np
import pyarrow as pa

from shuangdao.quantities import Comparator
from shuangdao.standards import Standards

__all__ = [
    "CRITERIA",
    "Decided",
    "codes",
    "compare_scaled",
    "household_margin",
    "household_rules",
    "identify_columns",
    "poor_persons_by_village",
    "selected",
    "village_rules",
]

CRITERIA: Final = {
    (1, "village"): ("designated",),
    (1, "household"): ("in_designated_village", "household_income"),
    (2, "village"): ("village_income", "collective_income"),
    (2, "household"): ("in_key_village", "household_income", "labour_capacity"),
    (3, "village"): ("village_income", "poor_share"),
    (3, "household"): ("household_income",),
}
"""Criteria of each rule, in the order the object path lists them (and codes join them)."""

_UFUNC: Final = {
    Comparator.GE: np.greater_equal,
    Comparator.GT: np.greater,
    Comparator.LE: np.less_equal,
    Comparator.LT: np.less,
}
_SAFE: Final = 2**62
_CONTEXT: Final = decimal.Context(prec=60)


def _scaled(value: Decimal) -> tuple[int, int]:
    """Return ``(n, k)`` with ``value == n / 10**k`` exactly and ``k >= 2``."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "thresholds are finite"
    k = max(2, -exponent)
    n = int(value.scaleb(k, context=_CONTEXT))
    return n, k


def _as_exact(values: np.ndarray[Any, Any], bound: int) -> np.ndarray[Any, Any]:
    """``values`` as int64 when ``bound`` is safe, else as Python ints (exact, slower)."""
    if bound < _SAFE:
        return values.astype(np.int64, copy=False)
    return values.astype(object)


def compare_scaled(
    amount_fen: np.ndarray[Any, Any],
    comparator: Comparator,
    line: Decimal,
    *,
    times: np.ndarray[Any, Any] | None = None,
    amount_scale: int = 2,
) -> np.ndarray[Any, Any]:
    """Exactly ``amount / 10**amount_scale <op> line × times`` for integer arrays.

    Args:
        amount_fen: Integer amounts (fen by default).
        comparator: The comparator from the standards.
        line: The threshold (Decimal, any number of decimals).
        times: Integer multipliers (members, registered population), or ``None`` for 1.
        amount_scale: Decimals of ``amount_fen`` (2 for fen, 0 for counts).

    Returns:
        A boolean array.
    """
    n, k = _scaled(line)
    if amount_scale > k:
        n, k = n * 10 ** (amount_scale - k), amount_scale
    shift = 10 ** (k - amount_scale)
    top_amount = int(np.abs(amount_fen).max()) if len(amount_fen) else 0
    top_times = int(np.abs(times).max()) if times is not None and len(times) else 1
    bound = max(top_amount * shift, abs(n) * top_times)
    lhs = _as_exact(amount_fen, bound)
    if shift != 1:
        lhs = lhs * shift
    rhs = n if times is None else _as_exact(times, bound) * n
    return np.asarray(_UFUNC[comparator](lhs, rhs), dtype=bool)


def household_margin(
    income_fen: np.ndarray[Any, Any], members: np.ndarray[Any, Any], line: Decimal
) -> np.ndarray[Any, Any]:
    """Per-capita margin ``income / members - line`` in 0.0001 yuan, rounded half-even."""
    n, k = _scaled(line)
    s = max(0, k - 4)
    top_income = int(income_fen.max()) if len(income_fen) else 0
    top_members = int(members.max()) if len(members) else 1
    bound = top_income * 10 ** (2 + s) + abs(n) * 10 ** (4 - k + s) * top_members
    if bound < _SAFE and s == 0:
        # int64, in place: few temporaries (this is most of the batch path's arithmetic).
        numerator = income_fen * 100
        scratch = members * (n * 10 ** (4 - k))
        numerator -= scratch
        quotient = np.floor_divide(numerator, members)
        np.multiply(quotient, members, out=scratch)
        numerator -= scratch  # the remainder, 0 <= r < members
        numerator *= 2
        up = numerator > members
        up |= (numerator == members) & (quotient & 1).astype(bool)
        quotient += up
        return np.asarray(quotient)
    inc = _as_exact(income_fen, bound)
    mem = _as_exact(members, bound)
    numerator = inc * 10 ** (2 + s) - mem * (n * 10 ** (4 - k + s))
    denominator = mem * 10**s if s else mem
    quotient = numerator // denominator
    twice = 2 * (numerator - quotient * denominator)
    up = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    return np.asarray(quotient + up, dtype=object)


def codes(fails: Sequence[np.ndarray[Any, Any]], criteria: Sequence[str]) -> pa.Array:
    """Reason codes (``selected`` / ``not:a+b``) from one failure mask per criterion.

    The column is dictionary-encoded (``dictionary<int32, string>``): at most ``2**n``
    distinct codes, so it costs four bytes a row.
    """
    n = len(fails[0]) if fails else 0
    bits = np.zeros(n, dtype=np.int32)
    for position, fail in enumerate(fails):
        bits |= fail.astype(np.int32) << position
    table = []
    for pattern in range(2 ** len(criteria)):
        failing = [c for i, c in enumerate(criteria) if pattern >> i & 1]
        table.append("not:" + "+".join(failing) if failing else "selected")
    return pa.DictionaryArray.from_arrays(pa.array(bits, pa.int32()), pa.array(table))


@dataclass(slots=True)
class Decided:
    """Vectorised decisions of one round (accepted rows only, in input order)."""

    village_selected: np.ndarray[Any, Any]
    village_fails: list[np.ndarray[Any, Any]]
    household_selected: np.ndarray[Any, Any]
    household_fails: list[np.ndarray[Any, Any]]
    margin: np.ndarray[Any, Any]
    poor_persons: np.ndarray[Any, Any] | None


def _value(standards: Standards, key: str) -> Any:
    return standards.value(key)


def household_rules(
    round: int,
    standards: Standards,
    household: dict[str, np.ndarray[Any, Any]],
    household_village: np.ndarray[Any, Any],
    village_selected: np.ndarray[Any, Any] | None,
) -> tuple[list[np.ndarray[Any, Any]], Decimal]:
    """Failure masks of the household criteria (and the household line used for margins).

    ``village_selected`` (designated / key village) is needed in rounds 1 and 2 only.
    """
    members = household["members"]
    income = household["income"]
    line: Decimal = _value(standards, f"round{round}.household_line")
    income_ok = compare_scaled(
        income, _value(standards, f"round{round}.household_comparator"), line, times=members
    )
    if round == 3:
        return [~income_ok], line
    assert village_selected is not None
    in_village = village_selected[household_village]
    if round == 1:
        return [~in_village, ~income_ok], line
    labour_ok = (
        household["has_labour_capacity"]
        if _value(standards, "round2.requires_labour_capacity")
        else np.ones(len(income), dtype=bool)
    )
    return [~in_village, ~income_ok, ~labour_ok], line


def poor_persons_by_village(
    members: np.ndarray[Any, Any],
    selected: np.ndarray[Any, Any],
    household_village: np.ndarray[Any, Any],
    n_villages: int,
) -> np.ndarray[Any, Any]:
    """Members of the selected households, summed per village (exact)."""
    poor_members = np.where(selected, members, 0)
    if not len(members) or int(members.sum()) < 2**53:
        return np.bincount(household_village, weights=poor_members, minlength=n_villages).astype(
            np.int64
        )
    total = np.zeros(n_villages, dtype=object)
    np.add.at(total, household_village, poor_members.astype(object))
    return total


def village_rules(
    round: int,
    standards: Standards,
    village: dict[str, np.ndarray[Any, Any]],
    *,
    designation_rule: str,
    poor_persons: np.ndarray[Any, Any] | None = None,
) -> list[np.ndarray[Any, Any]]:
    """Failure masks of the village criteria (round 3 needs ``poor_persons`` per village)."""
    if round == 1:
        if designation_rule == "collective_income_below":
            designated = compare_scaled(
                village["collective_income"],
                _value(standards, "identification.round1_village_collective_comparator"),
                _value(standards, "round1.village_collective_line"),
            )
        else:
            designated = village["designated"]
        return [~designated]
    income_ok = compare_scaled(
        village["per_capita_income"],
        _value(standards, f"round{round}.village_comparator"),
        _value(standards, f"round{round}.village_line"),
    )
    if round == 2:
        collective_ok = compare_scaled(
            village["collective_income"],
            _value(standards, "round2.collective_comparator"),
            _value(standards, "round2.collective_line"),
        )
        return [~income_ok, ~collective_ok]
    assert poor_persons is not None
    share_ok = compare_scaled(
        poor_persons,
        _value(standards, "round3.village_poor_share_comparator"),
        _value(standards, "round3.village_poor_share"),
        times=village["registered_population"],
        amount_scale=0,
    )
    return [~income_ok, ~share_ok]


def selected(fails: Sequence[np.ndarray[Any, Any]], n: int) -> np.ndarray[Any, Any]:
    """Rows where no criterion failed."""
    if not fails:
        return np.ones(n, dtype=bool)
    out = ~fails[0]
    for fail in fails[1:]:
        out &= ~fail
    return np.asarray(out, dtype=bool)


def identify_columns(
    round: int,
    standards: Standards,
    village: dict[str, np.ndarray[Any, Any]],
    household: dict[str, np.ndarray[Any, Any]],
    household_village: np.ndarray[Any, Any],
    *,
    designation_rule: str,
) -> Decided:
    """Apply round ``round``'s identification rules to validated columns."""
    n_villages = len(village["per_capita_income"])
    n_households = len(household["members"])
    poor_persons = None
    if round == 3:
        household_fails, line = household_rules(
            round, standards, household, household_village, None
        )
        household_selected = selected(household_fails, n_households)
        poor_persons = poor_persons_by_village(
            household["members"], household_selected, household_village, n_villages
        )
        village_fails = village_rules(
            round, standards, village, designation_rule=designation_rule, poor_persons=poor_persons
        )
        village_selected = selected(village_fails, n_villages)
    else:
        village_fails = village_rules(round, standards, village, designation_rule=designation_rule)
        village_selected = selected(village_fails, n_villages)
        household_fails, line = household_rules(
            round, standards, household, household_village, village_selected
        )
        household_selected = selected(household_fails, n_households)
    return Decided(
        village_selected=village_selected,
        village_fails=village_fails,
        household_selected=household_selected,
        household_fails=household_fails,
        margin=household_margin(household["income"], household["members"], line),
        poor_persons=poor_persons,
    )
