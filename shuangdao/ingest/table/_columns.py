"""Typed columns: money, whole numbers, yes/no flags and choices, validated whole.

Each of :func:`~shuangdao.ingest.table.money`, :func:`~shuangdao.ingest.table.count` and
:func:`~shuangdao.ingest.table.flag` is a typed *fast path* (the values whose meaning is
obvious, vectorised) and the grammar's parser (every other value, one by one), given to one
driver that does the rest the same way for each: a missing column, the slow path, missing
values, zeroing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.errors import ShuangdaoError
from shuangdao.ingest import _grammar as g
from shuangdao.ingest.table._check import Check, _missing, _slow
from shuangdao.ingest.table._source import Column, _present
from shuangdao.quantities import to_fen

__all__ = [
    "COUNT_TEXT",
    "FEN_LIMIT",
    "MONEY_TEXT",
    "choice",
    "count",
    "decimal_words",
    "flag",
    "money",
]

FEN_LIMIT: Final = int(g.MONEY_LIMIT) * 100
"""Money in fen must stay below this (:data:`shuangdao.ingest.MONEY_LIMIT` yuan)."""
_FLOAT_FAST_LIMIT: Final = 2.0**43
"""Below this a float's rounding interval is narrower than one fen, so its fen is unique."""
MONEY_TEXT: Final = rf"^[0-9]{{1,{g.MONEY_LIMIT.adjusted()}}}(\.[0-9]{{1,2}})?$"
"""A plain amount cell the fast path types at once: digits below ``MONEY_LIMIT``, at most fen."""
COUNT_TEXT: Final = rf"^[0-9]{{1,{len(str(g.COUNT_LIMIT - 1))}}}$"
"""A plain whole-number cell the fast path types at once: digits below ``COUNT_LIMIT``."""


@functools.cache
def _flag_spellings() -> tuple[pa.Array, pa.Array]:
    """The yes and the no spellings as Arrow arrays, built on first use.

    Not at import: ``pyarrow.array`` imports pandas when it is installed (about 0.3 s), and
    importing this module must not.
    """
    return (
        pa.array(list(g.TRUE_SPELLINGS), pa.large_string()),
        pa.array(list(g.FALSE_SPELLINGS), pa.large_string()),
    )


def decimal_words(array: pa.Array) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Low and high 64-bit words of each decimal128 value."""
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)
    start = array.offset * 2
    stop = start + 2 * len(array)
    return words[start:stop:2], words[start + 1 : stop : 2]


# ---------------------------------------------------------------- the column driver

_Values: TypeAlias = np.ndarray[Any, Any]
_FastPath: TypeAlias = Callable[[pa.Array, _Values], tuple[_Values | None, _Values]]
"""A typed fast path: ``(array, present) -> (values or None, accepted)``."""


def _validated(
    col: Column | None,
    check: Check,
    field_name: str,
    *,
    dtype: type[np.generic],
    fast: _FastPath,
    parse: Callable[[Any], Any],
    required: bool,
    missing: Callable[[int], None],
) -> tuple[_Values, _Values]:
    """Validate one typed column; return ``(values, present)`` (the skeleton of each type).

    A missing column is missing on every row. Otherwise ``fast`` types what it can of an
    Arrow array (``values`` may be ``None`` when it accepted nothing); every present cell it
    did not accept goes to ``parse`` (the grammar, ``optional=True``: blank text is
    missing), which returns the value to store or ``None``. When ``required``, ``missing(i)``
    rejects each absent value; absent and failed cells are ``0`` in ``values``.
    """
    n = check.n
    out = np.zeros(n, dtype=dtype)
    if col is None:
        if required:
            for i in range(n):
                missing(i)
        return out, np.zeros(n, dtype=bool)
    present = _present(col)
    accepted = np.zeros(n, dtype=bool)
    if not isinstance(col, list):
        typed, accepted = fast(col, present)
        if typed is not None:
            out = typed
    slow = np.flatnonzero(~accepted & present)
    if len(slow):
        out = out.copy()
        missing_text: list[int] = []

        def store(i: int, value: Any) -> None:
            if value is None:
                missing_text.append(i)  # blank text: missing
            else:
                out[i] = value

        _slow(col, check, slow, field_name, parse=parse, store=store)
        if missing_text:
            present = present.copy()
            present[missing_text] = False
    if required:
        for i in np.flatnonzero(~present).tolist():
            missing(i)
    mask = ~present  # a failed cell is already 0 (never accepted)
    return (np.where(mask, out.dtype.type(0), out) if mask.any() else out), present


# ---------------------------------------------------------------- money


def _money_fast(col: pa.Array, present: _Values) -> tuple[_Values | None, _Values]:
    """Fen of plain amount text, small decimals, whole numbers and fen-exact floats."""
    kind = col.type
    if pa.types.is_large_string(kind):
        ok = np.asarray(pc.match_substring_regex(col, MONEY_TEXT).to_numpy(zero_copy_only=False))
        accepted = np.asarray(np.where(present, ok, False), dtype=bool)
        if not accepted.any():
            return None, accepted
        text = pc.if_else(pa.array(accepted), col, pa.scalar("0", pa.large_string()))
        return np.array(decimal_words(pc.cast(text, pa.decimal128(17, 2)))[0]), accepted
    if pa.types.is_decimal128(kind) and kind.scale <= 2 and kind.precision - kind.scale <= 15:
        scaled = col
        if kind.scale != 2:
            scaled = col.cast(pa.decimal128(kind.precision + 2 - kind.scale, 2))
        low, high = decimal_words(scaled)
        accepted = present & (high == 0) & (low >= 0) & (low < FEN_LIMIT)
        return (low if accepted.all() else np.where(accepted, low, 0)), accepted
    if pa.types.is_integer(kind) and not pa.types.is_uint64(kind):
        numbers = col.fill_null(0).to_numpy().astype(np.int64)
        accepted = present & (numbers >= 0) & (numbers < FEN_LIMIT // 100)
        return np.where(accepted, numbers, 0) * 100, accepted
    if pa.types.is_floating(kind):
        floats = col.cast(pa.float64()).fill_null(0.0).to_numpy()
        with np.errstate(invalid="ignore", over="ignore"):
            finite = np.isfinite(floats) & (floats >= 0) & (floats < _FLOAT_FAST_LIMIT)
            candidate = np.where(finite, np.rint(floats * 100), 0.0)
            exact = finite & (candidate / 100 == floats)
        accepted = present & exact
        return np.where(accepted, candidate, 0).astype(np.int64), accepted
    return None, np.zeros(len(col), dtype=bool)  # nothing accepted


def money(
    col: Column | None,
    check: Check,
    field_name: str,
    *,
    required: bool,
    rule: str | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate a money column into int64 fen; return ``(fen, present)``.

    Values are accepted exactly when :func:`shuangdao.ingest._grammar.parse_money` accepts
    them. A missing value is an error only when ``required``.
    """

    def parse(value: Any) -> int | None:
        amount = g.parse_money(value, field=field_name, optional=True)
        return None if amount is None else to_fen(amount)

    return _validated(
        col,
        check,
        field_name,
        dtype=np.int64,
        fast=_money_fast,
        parse=parse,
        required=required,
        missing=lambda i: _missing(check, i, field_name, rule),
    )


# ---------------------------------------------------------------- whole numbers and flags


def _count_fast(minimum: int, top: int) -> _FastPath:
    """Whole numbers in ``[minimum, top]`` from integers, plain digit text and whole floats."""

    def fast(col: pa.Array, present: _Values) -> tuple[_Values | None, _Values]:
        kind = col.type
        if pa.types.is_integer(kind) and not pa.types.is_uint64(kind):
            numbers = col.fill_null(0).to_numpy().astype(np.int64, copy=False)
            accepted = present & (numbers >= minimum) & (numbers <= top)
        elif pa.types.is_large_string(kind):
            ok = np.asarray(
                pc.match_substring_regex(col, COUNT_TEXT).to_numpy(zero_copy_only=False)
            )
            ok = np.asarray(np.where(present, ok, False), dtype=bool)
            if not ok.any():
                return None, np.zeros(len(col), dtype=bool)  # nothing accepted
            text = pc.if_else(pa.array(ok), col, pa.scalar("0", pa.large_string()))
            numbers = np.asarray(pc.cast(text, pa.int64()).to_numpy())
            accepted = ok & (numbers >= minimum) & (numbers <= top)
        elif pa.types.is_floating(kind):
            floats = col.cast(pa.float64()).fill_null(0.5).to_numpy()
            with np.errstate(invalid="ignore"):
                whole = (
                    np.isfinite(floats) & (np.floor(floats) == floats) & (np.abs(floats) < 2.0**53)
                )
            numbers = np.where(whole, floats, 0).astype(np.int64)
            accepted = present & whole & (numbers >= minimum) & (numbers <= top)
        else:
            return None, np.zeros(len(col), dtype=bool)  # nothing accepted
        return (numbers if accepted.all() else np.where(accepted, numbers, 0)), accepted

    return fast


def count(
    col: Column | None,
    check: Check,
    field_name: str,
    *,
    minimum: int,
    maximum: int | None = None,
    required: bool = True,
    rule: str | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate a whole-number column (``>= minimum``); return ``(values, present)``."""
    top = g.COUNT_LIMIT - 1 if maximum is None else min(maximum, g.COUNT_LIMIT - 1)
    return _validated(
        col,
        check,
        field_name,
        dtype=np.int64,
        fast=_count_fast(minimum, top),
        parse=lambda v: g.parse_count(
            v, field=field_name, minimum=minimum, maximum=maximum, optional=True
        ),
        required=required,
        missing=lambda i: _missing(check, i, field_name, rule),
    )


def _flag_fast(col: pa.Array, present: _Values) -> tuple[_Values | None, _Values]:
    """Booleans, the yes/no spellings (any case) and the integers 0 and 1."""
    kind = col.type
    if pa.types.is_boolean(kind):
        return np.asarray(col.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool), present
    if pa.types.is_large_string(kind):
        lowered = pc.ascii_lower(col)
        true_spellings, false_spellings = _flag_spellings()
        yes = np.asarray(
            pc.is_in(lowered, value_set=true_spellings).to_numpy(zero_copy_only=False), bool
        )
        no = np.asarray(
            pc.is_in(lowered, value_set=false_spellings).to_numpy(zero_copy_only=False), bool
        )
        return yes & present, present & (yes | no)
    if pa.types.is_integer(kind):
        numbers = col.fill_null(2).to_numpy()
        accepted = present & ((numbers == 0) | (numbers == 1))
        return accepted & (numbers == 1), accepted
    return None, np.zeros(len(col), dtype=bool)  # nothing accepted


def flag(
    col: Column | None,
    check: Check,
    field_name: str,
    *,
    required: bool = True,
    missing: Callable[[int], ShuangdaoError] | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Validate a yes/no column into ``bool``; return ``(values, present)``.

    ``missing(i)`` builds the error of a missing required value (default: "is missing").
    """

    def absent(i: int) -> None:
        if missing is None:
            _missing(check, i, field_name)
        else:
            check.reject(i, field_name, missing(i))

    return _validated(
        col,
        check,
        field_name,
        dtype=np.bool_,
        fast=_flag_fast,
        parse=lambda v: g.parse_flag(v, field=field_name, optional=True),
        required=required,
        missing=absent,
    )


def choice(
    col: Column | None, check: Check, field_name: str, parse: Callable[[Any], Any]
) -> list[Any]:
    """Validate a column value by value with ``parse`` (choices, free text); return values."""
    n = check.n
    out: list[Any] = [None] * n
    if col is None:
        return out

    def store(i: int, value: Any) -> None:
        out[i] = value

    _slow(col, check, np.arange(n, dtype=np.int64), field_name, parse=parse, store=store)
    return out
