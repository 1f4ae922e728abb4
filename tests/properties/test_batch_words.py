"""The fast path's id checks on ids of one byte length (machine words) equal byte comparison.

And the flags it unpacks and packs with numpy equal Arrow's own conversions.

Zero-padded register ids all have the same byte length; the fast path then compares them as
machine words instead of as strings. These properties hold the word formulation to the plain
one: byte-order comparison of neighbours (Python ``bytes``/``str`` order, Arrow's order) and
equality of neighbours.
"""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangdao.batch._identify import flag_column
from shuangdao.batch._load import (
    _fixed_width,
    _increasing,
    _plain_ids,
    _unpacked,
    _village_runs,
    _words_differ,
    _words_increasing,
)


@st.composite
def same_width(draw, *, alphabet=None):
    """Byte strings of one length (1–33 bytes), often sorted, with repeats and near misses."""
    width = draw(st.integers(1, 33))
    cell = (
        st.binary(min_size=width, max_size=width)
        if alphabet is None
        else st.text(alphabet, min_size=width, max_size=width).map(str.encode)
    )
    values = draw(st.lists(cell, min_size=2, max_size=40))
    if draw(st.booleans()):
        values.sort()
    if alphabet is None and draw(st.booleans()):  # neighbours differing in one byte
        i = draw(st.integers(0, len(values) - 1))
        j = draw(st.integers(0, width - 1))
        changed = bytearray(values[i])
        changed[j] = draw(st.integers(0, 255))
        values.insert(i + 1, bytes(changed))
    return values


def _matrix(values: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(values), dtype=np.uint8).reshape(len(values), -1)


@given(values=same_width())
def test_words_increasing_is_byte_order(values):
    expected = all(a < b for a, b in itertools.pairwise(values))
    assert _words_increasing(_matrix(values)) is expected


@given(values=same_width())
def test_words_differ_is_inequality(values):
    expected = [a != b for a, b in itertools.pairwise(values)]
    assert _words_differ(_matrix(values)).tolist() == expected


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
@given(values=same_width(alphabet="Hh09 é\x01中"), cut=st.integers(0, 3))
def test_string_arrays_take_the_word_path_exactly_when_widths_agree(kind, values, cut):
    """Sliced Arrow arrays (an offset into shared buffers) give the same answers."""
    texts = [v.decode() for v in values]
    array = pa.array(["x", *texts, "yy"], kind)[1 + min(cut, 1) : 1 + len(texts)]
    texts = texts[min(cut, 1) :]
    fixed = _fixed_width(array)
    widths = {len(t.encode()) for t in texts}
    assert (fixed is not None) == (len(texts) >= 2 and len(widths) == 1 and max(widths) <= 32)
    expected = all(a.encode() < b.encode() for a, b in itertools.pairwise(texts))
    assert _increasing(array, fixed) is _increasing(array, None) is expected
    assert _plain_ids(array, fixed) is _plain_ids(array, None)
    runs, plain_runs = _village_runs(array, fixed), _village_runs(array, None)
    assert runs[0].to_pylist() == plain_runs[0].to_pylist()
    lengths = [None if r[1] is None else r[1].tolist() for r in (runs, plain_runs)]
    assert lengths[0] == lengths[1]


@pytest.mark.parametrize(
    ("ids", "increasing"),
    [
        (["H000000009", "H000000010", "H000000011"], True),  # a carry across the words
        (["H000000010", "H000000009"], False),
        (["H000000010", "H000000010"], False),  # a duplicate
        (["h1", "h2", "h3"], True),
        (["h9", "h1"], False),
        (["a", "b"], True),
        (["中a", "中b", "丰a"], True),  # UTF-8 byte order is code point order
        (["丰a", "中b"], False),
        (["V" + "0" * 30 + "1", "V" + "0" * 30 + "2"], True),  # 32 bytes: still words
        (["V" + "0" * 31 + "2", "V" + "0" * 31 + "1"], False),  # 33 bytes: Arrow compares
    ],
)
def test_register_ids(ids, increasing):
    array = pa.array(ids, pa.string())
    assert _increasing(array, _fixed_width(array)) is increasing


@given(
    st.lists(st.booleans(), max_size=80),
    st.integers(0, 20),
    st.integers(0, 20),
)
def test_unpacked_flags_equal_arrows_conversion(values, start, length):
    """Labour flags unpacked by numpy from the bitmap, at any slice offset."""
    array = pa.array(values, pa.bool_())[start : start + length]
    expected = array.to_numpy(zero_copy_only=False)
    unpacked = _unpacked(array)
    assert unpacked.dtype == np.bool_
    assert unpacked.tolist() == expected.tolist()


@given(st.lists(st.booleans(), max_size=80))
def test_flag_columns_equal_arrows_conversion(values):
    """Result flags bit-packed by numpy: the same Arrow array as ``pa.array``."""
    column = flag_column(np.array(values, dtype=bool))
    assert column.equals(pa.array(values, pa.bool_()))
    assert column.null_count == 0
