"""``shuangdao._decimals.decimal_array``: the one exact integer-units → decimal128 construction.

The synthetic province, the batch results, the cycle tables and the runner all build their money
columns with it; before, four copies did, and the runner's copy read Python-int fen as yuan.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from shuangdao._decimals import decimal_array

KINDS = st.sampled_from([pa.decimal128(15, 2), pa.decimal128(17, 2), pa.decimal128(20, 4)])


def expected(units: list[int], kind: pa.Decimal128Type, valid: list[bool]) -> list[Decimal | None]:
    return [
        Decimal(u).scaleb(-kind.scale) if ok else None for u, ok in zip(units, valid, strict=True)
    ]


@given(KINDS, st.data())
def test_int64_object_and_words_agree_exactly(kind, data):
    bound = min(10**kind.precision - 1, 2**63 - 1)
    units = data.draw(st.lists(st.integers(-bound, bound), max_size=40))
    valid = data.draw(st.lists(st.booleans(), min_size=len(units), max_size=len(units)))
    want = expected(units, kind, valid)
    mask = np.array(valid, dtype=bool)
    as_int64 = decimal_array(np.array(units, dtype=np.int64), kind, mask)
    as_object = decimal_array(np.array(units, dtype=object), kind, mask)
    low = np.array(units, dtype=np.int64)
    as_words = decimal_array(np.stack([low, low >> 63], axis=1), kind, mask)
    assert as_int64.type == as_object.type == as_words.type == kind
    assert as_int64.to_pylist() == as_object.to_pylist() == as_words.to_pylist() == want


def test_fen_are_fen_on_every_path():
    fen = [12345, -5, 0]
    for units in (np.array(fen, dtype=np.int64), np.array(fen, dtype=object)):
        got = decimal_array(units, pa.decimal128(15, 2)).to_pylist()
        assert got == [Decimal("123.45"), Decimal("-0.05"), Decimal("0.00")]


def test_beyond_int64_through_exact_text():
    got = decimal_array(np.array([2**70], dtype=object), pa.decimal128(30, 2)).to_pylist()
    assert got == [Decimal(2**70).scaleb(-2)]


def test_all_valid_has_no_null_bitmap():
    array = decimal_array(np.array([1, 2]), pa.decimal128(15, 2), np.array([True, True]))
    assert array.null_count == 0
    assert array.buffers()[0] is None
