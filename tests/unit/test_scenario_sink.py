"""The runner's file sink: tables written piece by piece read back exactly as they were given.

The Parquet settings (:func:`shuangdao.scenario._sink._parquet_options`) choose encodings,
codecs and statistics per column for speed; none of them may change what a reader gets
back: the same schema (dictionary and decimal types included), values, nulls and order.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangdao._output import write_files
from shuangdao.scenario._sink import FileSink, MemorySink, _parquet_options

SCHEMA = pa.schema(
    [
        ("household_id", pa.string()),
        ("village_id", pa.string()),
        ("members", pa.int64()),
        ("poor", pa.bool_()),
        ("reason", pa.dictionary(pa.int32(), pa.string())),
        ("margin", pa.decimal128(20, 4)),
    ]
)

_ROW = st.tuples(
    st.text(min_size=1, max_size=12),
    st.sampled_from(["v1", "v2", "村三"]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans() | st.none(),
    st.sampled_from(["selected", "income_above_line", "no_labour"]) | st.none(),
    st.decimals(min_value=-(10**15), max_value=10**15, places=4, allow_nan=False) | st.none(),
)


def _piece(rows: list[tuple[object, ...]]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(SCHEMA)
    arrays = []
    for field, values in zip(SCHEMA, columns, strict=True):
        if pa.types.is_dictionary(field.type):
            arrays.append(pa.array(list(values), pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(list(values), field.type))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def _written(folder: Path, pieces: list[pa.Table]) -> pa.Table:
    sink = FileSink(folder, "parquet")
    for piece in pieces:
        sink.add("households", piece)
    write_files(sink.files(["households"]))
    return pq.read_table(folder / "households.parquet")


@given(st.lists(st.lists(_ROW, max_size=20), min_size=1, max_size=4))
def test_pieces_read_back_exactly(tmp_path_factory, rows):
    pieces = [_piece(part) for part in rows]
    back = _written(tmp_path_factory.mktemp("sink"), pieces)
    assert back.schema.equals(SCHEMA)
    expected = pa.concat_tables(pieces).combine_chunks()
    assert back.combine_chunks().equals(expected)
    memory = MemorySink()
    for piece in pieces:
        memory.add("households", piece)
    assert memory.tables()["households"].combine_chunks().equals(expected)


def test_one_row_group_per_piece_with_its_codecs(tmp_path):
    pieces = [
        _piece(
            [
                (f"C01-V{v:04d}-H{h:04d}", "v1", 4, True, "selected", Decimal("-1.5"))
                for h in range(50)
            ]
        )
        for v in range(3)
    ]
    _written(tmp_path, pieces)
    metadata = pq.ParquetFile(tmp_path / "households.parquet").metadata
    assert metadata.num_row_groups == 3
    chunks = {
        metadata.row_group(0).column(i).path_in_schema: metadata.row_group(0).column(i)
        for i in range(metadata.num_columns)
    }
    # unique ids and amounts: snappy, no dictionary; repeated values: dictionaries and zstd
    assert {n: c.compression for n, c in chunks.items()} == {
        "household_id": "SNAPPY",
        "village_id": "ZSTD",
        "members": "ZSTD",
        "poor": "ZSTD",
        "reason": "ZSTD",
        "margin": "SNAPPY",
    }
    assert "RLE_DICTIONARY" not in chunks["household_id"].encodings
    assert "RLE_DICTIONARY" in chunks["village_id"].encodings
    assert "RLE_DICTIONARY" in chunks["members"].encodings
    # statistics for integers and flags only
    assert {n for n, c in chunks.items() if c.is_stats_set} == {"members", "poor"}


@pytest.mark.parametrize(
    "schema",
    [
        pa.schema([]),
        pa.schema([("county_id", pa.large_string()), ("year", pa.int16())]),
        pa.schema([("subject_id", pa.string()), ("amount", pa.decimal128(15, 2))]),
    ],
)
def test_options_for_any_schema(tmp_path, schema):
    options = _parquet_options(schema)
    assert set(options["compression"]) == set(schema.names)
    path = tmp_path / "t.parquet"
    with pq.ParquetWriter(path, schema, **options) as writer:
        writer.write_table(schema.empty_table())
    assert pq.read_table(path).schema.equals(schema)


def test_finished_tables_are_closed_flushed_and_take_no_more_pieces(tmp_path):
    piece = _piece([("h1", "v1", 2, True, "selected", Decimal("1.0000"))])
    sink = FileSink(tmp_path, "parquet")
    sink.add("households", piece)
    sink.add("other", piece)
    sink.finish(["households", "never_written"])
    # complete on disk before the run ends (its footer written), the other table still open
    assert pq.read_table(sink.spooled["households"]).equals(piece)
    with pytest.raises(RuntimeError, match="households was finished"):
        sink.add("households", piece)
    sink.add("other", piece)
    write_files(sink.files(["households", "other"]))
    assert pq.read_table(tmp_path / "households.parquet").equals(piece)
    assert pq.read_table(tmp_path / "other.parquet").equals(pa.concat_tables([piece, piece]))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_abort_after_finish_removes_every_file(tmp_path):
    folder = tmp_path / "out"
    sink = FileSink(folder, "parquet")
    sink.add("households", _piece([]))
    sink.finish(["households"])
    sink.abort()
    assert not folder.exists()
    MemorySink().finish(["households"])  # nothing to close in memory
