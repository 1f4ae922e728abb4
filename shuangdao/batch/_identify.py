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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, overload

import numpy as np
import pyarrow as pa

from shuangdao.batch._threads import threads
from shuangdao.quantities import Comparator
from shuangdao.standards import Standards

__all__ = [
    "CRITERIA",
    "Decided",
    "FailBits",
    "codes",
    "codes_from_bits",
    "compare_scaled",
    "decide_households",
    "household_checks",
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


def _top(values: np.ndarray[Any, Any]) -> int:
    """Largest absolute value (two reductions, no temporary array)."""
    return max(abs(int(values.min())), abs(int(values.max())))


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
    top_amount = _top(amount_fen) if len(amount_fen) else 0
    top_times = _top(times) if times is not None and len(times) else 1
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
        numerator -= members * (n * 10 ** (4 - k))
        quotient, remainder = np.divmod(numerator, members)  # 0 <= remainder < members
        remainder <<= 1
        up = remainder > members
        ties = remainder == members
        if ties.any():  # exactly half way: to the even quotient
            up |= ties & (quotient & 1).astype(bool)
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


class FailBits(Sequence[np.ndarray[Any, Any]]):
    """Failure masks of ``n`` criteria, held as one bit pattern per row.

    Bit ``i`` is set when criterion ``i`` failed; a mask is built only when asked for.
    """

    def __init__(self, bits: np.ndarray[Any, Any], n: int) -> None:
        self.bits = bits
        self._n = n

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> np.ndarray[Any, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[np.ndarray[Any, Any]]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(self._n)[i]]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return (self.bits >> (i % self._n) & 1).astype(bool)


def codes(fails: Sequence[np.ndarray[Any, Any]], criteria: Sequence[str]) -> pa.Array:
    """Reason codes (``selected`` / ``not:a+b``) from one failure mask per criterion.

    The column is dictionary-encoded (``dictionary<int32, string>``): at most ``2**n``
    distinct codes, so it costs four bytes a row.
    """
    if isinstance(fails, FailBits):
        return codes_from_bits(fails.bits, criteria)
    n = len(fails[0]) if fails else 0
    bits = np.zeros(n, dtype=np.int32)
    for position, fail in enumerate(fails):
        bits |= fail.astype(np.int32) << position
    return codes_from_bits(bits, criteria)


def codes_from_bits(bits: np.ndarray[Any, Any], criteria: Sequence[str]) -> pa.Array:
    """Reason codes from failing-criteria bit patterns (``int32``; bit ``i``: criterion ``i``).

    The patterns are the dictionary indices: no per-row work, no copy.
    """
    table = []
    for pattern in range(2 ** len(criteria)):
        failing = [c for i, c in enumerate(criteria) if pattern >> i & 1]
        table.append("not:" + "+".join(failing) if failing else "selected")
    indices = pa.array(np.asarray(bits, dtype=np.int32), pa.int32())
    return pa.DictionaryArray.from_arrays(indices, pa.array(table))


@dataclass(slots=True)
class Decided:
    """Vectorised decisions of one round (accepted rows only, in input order)."""

    village_selected: np.ndarray[Any, Any]
    village_fails: list[np.ndarray[Any, Any]]
    household_selected: np.ndarray[Any, Any]
    household_fails: Sequence[np.ndarray[Any, Any]]
    """One failure mask per criterion, or a :class:`FailBits` holding them all as bits."""
    margin: np.ndarray[Any, Any]
    """Margins in 0.0001 yuan (``int64`` or Python ints), or, from
    :func:`decide_households`, the ``(n, 2)`` int64 words of ``decimal128`` values."""
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
    holds, line = household_checks(round, standards, household, household_village, village_selected)
    return [~ok for ok in holds], line


def household_checks(
    round: int,
    standards: Standards,
    household: dict[str, np.ndarray[Any, Any]],
    household_village: np.ndarray[Any, Any],
    village_selected: np.ndarray[Any, Any] | None,
) -> tuple[list[np.ndarray[Any, Any]], Decimal]:
    """Where each household criterion *holds* (the negation of :func:`household_rules`).

    Returns one boolean mask per criterion, in the order of :data:`CRITERIA`, and the
    household line used for margins.
    """
    members = household["members"]
    income = household["income"]
    line: Decimal = _value(standards, f"round{round}.household_line")
    income_ok = compare_scaled(
        income, _value(standards, f"round{round}.household_comparator"), line, times=members
    )
    if round == 3:
        return [income_ok], line
    assert village_selected is not None
    in_village = village_selected[household_village]
    if round == 1:
        return [in_village, income_ok], line
    labour_ok = (
        household["has_labour_capacity"]
        if _value(standards, "round2.requires_labour_capacity")
        else np.ones(len(income), dtype=bool)
    )
    return [in_village, income_ok, labour_ok], line


def poor_persons_by_village(
    members: np.ndarray[Any, Any],
    selected: np.ndarray[Any, Any],
    household_village: np.ndarray[Any, Any],
    n_villages: int,
) -> np.ndarray[Any, Any]:
    """Members of the selected households, summed per village (exact)."""
    poor_members = np.where(selected, members, 0)
    if not len(members) or int(members.max()) * len(members) < 2**53:
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


CHUNK: Final = 1 << 16
"""Rows decided together: temporaries stay in the CPU cache and memory stays bounded."""


def _pooled(n: int, dtype: Any) -> np.ndarray[Any, Any]:
    """An uninitialised array in Arrow's memory pool.

    The pool keeps freed pages for the next run (no page faults, unlike fresh ``mmap``), and
    the result columns are then built on these buffers without a copy.
    """
    return np.frombuffer(pa.allocate_buffer(n * np.dtype(dtype).itemsize), dtype=dtype)


def _units_to_words(units: np.ndarray[Any, Any], out: np.ndarray[Any, Any]) -> None:
    """Write integer units as the (low, high) int64 words of ``decimal128`` values."""
    if units.dtype != object:
        out[:, 0] = units
        np.right_shift(units, 63, out=out[:, 1])
        return
    for i, unit in enumerate(units.tolist()):
        low = unit & 0xFFFF_FFFF_FFFF_FFFF
        out[i, 0] = low - (1 << 64) if low >= 1 << 63 else low
        out[i, 1] = unit >> 64


def decide_households(
    round: int,
    standards: Standards,
    chunks: Sequence[dict[str, np.ndarray[Any, Any]]],
    *,
    village_selected: np.ndarray[Any, Any] | None,
    n_villages: int,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any], Any]:
    """Decide validated households chunk by chunk with :func:`household_rules`.

    ``chunks`` hold ``members``, ``income`` (fen), ``has_labour_capacity`` and ``village``
    (village positions) of consecutive accepted rows. Each chunk is cut into pieces of
    :data:`CHUNK` rows, decided with the same functions as whole columns are
    (:func:`household_rules`, :func:`household_margin`), and written into preallocated
    outputs, so the only full-length arrays are the results. Pieces are independent and
    write disjoint slices, so they are decided on a small thread pool (numpy releases the
    GIL in its loops; ``SHUANGDAO_THREADS=1`` turns it off); per-village sums of round 3 are
    exact integer sums, so the result does not depend on the order pieces finish in.

    Returns:
        ``(selected, bits, margin_words, poor_persons)``: the selected flags, the
        failing-criteria bit pattern (``int32``), the margins as ``(n, 2)`` int64 words of
        ``decimal128`` values in 0.0001 yuan, and (round 3) the members of selected
        households per village, else ``None``.
    """
    n = sum(len(chunk["members"]) for chunk in chunks)
    chosen = _pooled(n, np.bool_)
    bits = _pooled(n, np.int32)
    words = _pooled(2 * n, np.int64).reshape(n, 2)
    tasks: list[tuple[int, dict[str, np.ndarray[Any, Any]]]] = []
    start = 0
    for chunk in chunks:
        size = len(chunk["members"])
        for lo in range(0, size, CHUNK):
            piece = {name: column[lo : lo + CHUNK] for name, column in chunk.items()}
            tasks.append((start, piece))
            start += len(piece["members"])

    def decide(task: tuple[int, dict[str, np.ndarray[Any, Any]]]) -> Any:
        first, piece = task
        stop = first + len(piece["members"])
        holds, line = household_checks(round, standards, piece, piece["village"], village_selected)
        # The bit pattern of the criteria that hold, in bytes, then flipped.
        scratch = np.empty(len(piece["members"]), dtype=np.uint8)
        pattern = holds[0].astype(np.uint8)
        for position, held in enumerate(holds[1:], start=1):
            pattern |= np.left_shift(held.view(np.uint8), position, out=scratch)
        pattern ^= (1 << len(holds)) - 1
        bits[first:stop] = pattern
        ok = np.equal(pattern, 0, out=chosen[first:stop])
        _units_to_words(
            household_margin(piece["income"], piece["members"], line), words[first:stop]
        )
        if round != 3:
            return None
        return poor_persons_by_village(piece["members"], ok, piece["village"], n_villages)

    workers = min(threads(), len(tasks))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(decide, tasks))
    else:
        parts = [decide(task) for task in tasks]
    poor_persons: Any = None
    if round == 3:
        bound = sum(
            (int(piece["members"].max()) if len(piece["members"]) else 0) * len(piece["members"])
            for _, piece in tasks
        )
        poor_persons = np.zeros(n_villages, dtype=object if bound >= _SAFE else np.int64)
        for part in parts:
            poor_persons = poor_persons + part
    return chosen, bits, words, poor_persons


def identify_columns(
    round: int,
    standards: Standards,
    village: dict[str, np.ndarray[Any, Any]],
    household: dict[str, np.ndarray[Any, Any]],
    household_village: np.ndarray[Any, Any] | None,
    *,
    designation_rule: str,
    household_chunks: Sequence[dict[str, np.ndarray[Any, Any]]] | None = None,
) -> Decided:
    """Apply round ``round``'s identification rules to validated columns.

    Households come either as whole columns (``household`` and ``household_village``) or,
    from the loader's fast path, as ``household_chunks`` (see :func:`decide_households`).
    """
    n_villages = len(village["per_capita_income"])
    if household_chunks is None:
        assert household_village is not None
        household_chunks = [
            {
                "members": household["members"],
                "income": household["income"],
                "has_labour_capacity": household["has_labour_capacity"],
                "village": household_village,
            }
        ]
    village_fails: list[np.ndarray[Any, Any]] = []
    village_selected = None
    if round != 3:
        village_fails = village_rules(round, standards, village, designation_rule=designation_rule)
        village_selected = selected(village_fails, n_villages)
    household_selected, bits, words, poor_persons = decide_households(
        round,
        standards,
        household_chunks,
        village_selected=village_selected,
        n_villages=n_villages,
    )
    if round == 3:
        village_fails = village_rules(
            round, standards, village, designation_rule=designation_rule, poor_persons=poor_persons
        )
        village_selected = selected(village_fails, n_villages)
    assert village_selected is not None
    return Decided(
        village_selected=village_selected,
        village_fails=village_fails,
        household_selected=household_selected,
        household_fails=FailBits(bits, len(CRITERIA[round, "household"])),
        margin=words,
        poor_persons=poor_persons,
    )
