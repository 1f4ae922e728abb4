"""Inputs → validated numpy columns for the identification rules, every bad row rejected.

Every input row ends up either *accepted* (its validated values are returned as numpy
columns: money in integer fen, members as ``int64``, flags as ``bool``) or *rejected* (one
:class:`~shuangdao.ingest.Rejection` per problem, naming the file, the row, the id, the bad
field and the error: every independent problem of the row, in the contract's column order,
see :class:`shuangdao.ingest.table.Check`). Nothing is dropped and nothing is rounded.

Inputs are read and their cells checked by :mod:`shuangdao.ingest` (one grammar for every
door: CSV, Parquet, Arrow, pandas, polars, JSON and the constructors), column by column in
the contract's order (:data:`shuangdao.ingest.CONTRACTS`); then duplicates, unknown villages
and what each round's rule needs. Households in an Arrow table of the usual types take a
vectorised fast path that never decides anything the general path would not.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao import ingest
from shuangdao.batch._threads import parallel_map
from shuangdao.errors import (
    InvalidRecordError,
    UnknownReferenceError,
)
from shuangdao.ingest import table as t

if TYPE_CHECKING:
    from shuangdao.declare import Rule
    from shuangdao.standards import Standards

__all__ = [
    "FAST_ROWS",
    "Chunk",
    "HOUSEHOLD_COLUMNS",
    "Loaded",
    "Positions",
    "VillageRuns",
    "load_households",
    "load_villages",
    "village_columns",
]

HOUSEHOLD_COLUMNS: Final = ingest.CONTRACTS["households"].header()
"""Household columns of the ``identify`` contract."""


def village_columns(round: int) -> tuple[str, ...]:
    """Village columns of the ``identify`` contract for ``round`` (must be present)."""
    return ingest.CONTRACTS["villages"].header(round)


_DEPRECATED: Final[dict[str, tuple[str, Callable[[], Any]]]] = {
    "Rejection": ("shuangdao.ingest.Rejection", lambda: ingest.Rejection),
    "parse_bool": ("shuangdao.ingest.parse_flag", lambda: _parse_bool),
    "parse_int": ("shuangdao.ingest.parse_count", lambda: _parse_int),
}


def _parse_bool(text: str) -> bool:
    value = ingest.parse_flag(text)
    assert value is not None
    return value


def _parse_int(text: str) -> int:
    value = ingest.parse_count(text, minimum=-(ingest.COUNT_LIMIT - 1))
    assert value is not None
    return value


def __getattr__(name: str) -> Any:
    """Old names, kept importable for one release (0.2) with a ``DeprecationWarning``."""
    if name in _DEPRECATED:
        new, get = _DEPRECATED[name]
        warnings.warn(
            f"shuangdao.batch._load.{name} is deprecated; use {new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return get()
    raise AttributeError(name)


class Loaded:
    """Validated rows of one input table.

    Attributes:
        file: The name rejections use for the input (a file name, or ``villages``).
        n_rows: Number of input rows.
        index: 0-based positions of the accepted rows in the input (built on first use
            when every row was accepted).
        ids: The accepted ids (``large_string``; a chunked array from the fast path).
        columns: Validated numpy columns of the accepted rows (fen, ints, bools); from the
            fast path they are assembled from ``chunks`` on first use.
        extra: Pass-through Arrow columns of the accepted rows (``county_id``...).
        rejected: Every problem of the rejected rows, by row then column (a row with
            several bad fields has several; :func:`shuangdao.ingest.rejected_rows` counts
            the rows).
        csv_ids: For CSV input: ids the CLI reader accepted and rejected (before the rules
            ran).
        chunks: From the fast path (every row valid): the validated columns as zero-copy
            pieces of the input (``members``, ``income`` in fen, ``has_labour_capacity``,
            ``village`` positions), in order; else ``None``.
    """

    __slots__ = (
        "_index",
        "chunks",
        "columns",
        "csv_ids",
        "extra",
        "file",
        "ids",
        "n_rows",
        "rejected",
    )

    def __init__(
        self,
        *,
        file: str,
        n_rows: int,
        index: np.ndarray[Any, Any] | None,
        ids: pa.Array | pa.ChunkedArray,
        columns: dict[str, np.ndarray[Any, Any]],
        extra: dict[str, Any] | None = None,
        rejected: list[ingest.Rejection] | None = None,
        csv_ids: tuple[set[str], set[str]] | None = None,
        chunks: list[dict[str, np.ndarray[Any, Any]]] | None = None,
    ) -> None:
        self.file = file
        self.n_rows = n_rows
        self._index = index
        self.ids = ids
        self.columns = columns
        self.extra: dict[str, Any] = {} if extra is None else extra
        self.rejected: list[ingest.Rejection] = [] if rejected is None else rejected
        self.csv_ids = csv_ids
        self.chunks = chunks

    @property
    def index(self) -> np.ndarray[Any, Any]:
        """0-based positions of the accepted rows in the input."""
        if self._index is None:
            rejected = ingest.rejected_rows(self.rejected)
            self._index = np.arange(self.n_rows - rejected, dtype=np.int64)
        return self._index

    @index.setter
    def index(self, value: np.ndarray[Any, Any]) -> None:
        self._index = value

    def __repr__(self) -> str:
        return (
            f"Loaded(file={self.file!r}, n_rows={self.n_rows}, "
            f"rejected={ingest.rejected_rows(self.rejected)})"
        )


class _LazyColumns(dict[str, np.ndarray[Any, Any]]):
    """Validated columns kept as the fast path's pieces, joined into arrays on first use."""

    _DTYPES: Final = {
        "members": np.int64,
        "income": np.int64,
        "has_labour_capacity": np.bool_,
    }

    def __init__(self, chunks: list[dict[str, np.ndarray[Any, Any]]]) -> None:
        super().__init__()
        self._chunks = chunks

    def __missing__(self, key: str) -> np.ndarray[Any, Any]:
        if key not in self._DTYPES:
            raise KeyError(key)
        dtype = self._DTYPES[key]
        pieces: list[np.ndarray[Any, Any]] = [
            np.asarray(chunk[key], dtype=dtype) for chunk in self._chunks
        ]
        value = np.concatenate(pieces) if pieces else np.zeros(0, dtype=dtype)
        self[key] = value
        return value

    def _fill(self) -> None:
        for key in self._DTYPES:
            self[key]

    def __contains__(self, key: object) -> bool:
        return key in self._DTYPES

    def __iter__(self) -> Iterator[str]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        return len(self._DTYPES)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._DTYPES else default

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def items(self) -> Any:
        self._fill()
        return super().items()


# ---------------------------------------------------------------- tables


def _finish(
    check: t.Check,
    ids: pa.Array,
    columns: dict[str, np.ndarray[Any, Any]],
    extra: dict[str, pa.Array],
) -> Loaded:
    keep = np.flatnonzero(~check.bad)
    everything = len(keep) == check.n
    take = pa.array(keep, pa.int64())
    rejected = check.rejections()
    return Loaded(
        file=check.file,
        n_rows=check.n_rows,
        index=keep,
        ids=ids if everything else ids.take(take),
        columns=columns if everything else {k: v[keep] for k, v in columns.items()},
        extra=extra if everything else {k: v.take(take) for k, v in extra.items()},
        rejected=rejected,
    )


def _extra(table: t.Table, check: t.Check, names: Sequence[str]) -> dict[str, pa.Array]:
    """Optional id columns passed through (``county_id``), validated as ids."""
    extra: dict[str, pa.Array] = {}
    for name in names:
        column = t.column(table, name)
        if column is not None:
            extra[name] = t.ids(column, check, name, optional=True)
    return extra


def load_villages(source: Any, *, round: int, rule: Rule, standards: Standards) -> Loaded:
    """Read and validate villages for ``round``; bad rows become rejections.

    Args:
        source: Any supported input (see :func:`shuangdao.ingest.read_source`).
        round: 1, 2 or 3.
        rule: The round's village rule under ``standards``
            (:func:`shuangdao.rules.identification.village_rule`): what it requires of a
            village (:attr:`~shuangdao.declare.Rule.requires`) is checked on every row.
        standards: Where a requirement's parameter hint is read.
    """
    read = t.read_source(
        source, name="villages", required=village_columns(round), id_column="village_id"
    )
    table = read.table
    check = t.Check.of(read, "village", contract=ingest.CONTRACTS["villages"])
    ids = t.ids(t.column(table, "village_id"), check, "village_id")
    check.ids = t.LazyIds(ids)
    # Values first (what the model refuses), then duplicates, then what the rule requires —
    # the order of the object path: a duplicate is judged among rows the model accepted.
    pci, pci_present = t.money(
        t.column(table, "per_capita_income"), check, "per_capita_income", required=False
    )
    collective, collective_present = t.money(
        t.column(table, "collective_income"), check, "collective_income", required=False
    )
    designated, designated_present = t.flag(
        t.column(table, "designated"), check, "designated", required=False
    )
    population, present = t.count(
        t.column(table, "registered_population"),
        check,
        "registered_population",
        minimum=0,
        required=False,
    )
    county = _extra(table, check, ("county_id",))
    columns: dict[str, np.ndarray[Any, Any]] = {
        "per_capita_income": pci,
        "per_capita_income?": pci_present,
        "collective_income": collective,
        "collective_income?": collective_present,
        "designated": designated,
        "designated?": designated_present,
        "registered_population": population,
        "registered_population?": present,
    }
    t.duplicates(ids, check, "village_id", "identification")
    _requirements(check, columns, rule, standards)
    return _finish(check, ids, columns, county)


def _requirements(
    check: t.Check, columns: dict[str, np.ndarray[Any, Any]], rule: Rule, standards: Standards
) -> None:
    """What ``rule`` requires of each village, every unmet requirement one problem.

    Also on rows already rejected for another field (each problem is listed); a field whose
    own cell failed keeps that first problem only (:meth:`~shuangdao.ingest.table.Check.reject`).
    """
    for need in rule.requires:
        present = columns[need.field + "?"]
        values = columns[need.field]
        unmet = ~present
        if need.minimum is not None:
            unmet = unmet | (values < need.minimum)
        for i in np.flatnonzero(unmet).tolist():
            value = values[i].item() if present[i] else None
            error = need.problem(value, record=check.record(i), rule=rule.id, standards=standards)
            if error is not None:
                check.reject(i, need.field, error)


# ---------------------------------------------------------------- fast path


FAST_ROWS: Final = 1 << 17
"""Rows the fast path validates together (bounds its temporaries)."""


class VillageRuns:
    """Village positions of one piece of households, as its loader found them.

    Registers list a village's households together, so a piece is looked up once per run
    of equal village ids (``lengths``), or once per dictionary entry (``indices``: each
    household's entry). The per-household positions are built only when asked for; a
    per-village value is spread over the households with :meth:`take`.

    Attributes:
        looked: ``int32`` village positions, one per run (or per dictionary entry).
        lengths: The run lengths, or ``None`` (one household per entry of ``looked``).
        indices: Each household's dictionary entry, or ``None``.
    """

    __slots__ = ("_positions", "indices", "lengths", "looked")

    def __init__(
        self,
        looked: np.ndarray[Any, Any],
        *,
        lengths: np.ndarray[Any, Any] | None = None,
        indices: np.ndarray[Any, Any] | None = None,
    ) -> None:
        self.looked = looked
        self.lengths = lengths
        self.indices = indices
        self._positions: np.ndarray[Any, Any] | None = None

    def _spread(self, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        spread: np.ndarray[Any, Any] = values
        if self.indices is not None:
            spread = values[self.indices]
        elif self.lengths is not None:
            spread = np.repeat(values, self.lengths)
        return spread

    def take(self, per_village: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """``per_village[positions]`` without building the positions."""
        return self._spread(per_village[self.looked])

    @property
    def positions(self) -> np.ndarray[Any, Any]:
        """Each household's village position (``int32``)."""
        if self._positions is None:
            self._positions = self._spread(self.looked)
        return self._positions

    def __len__(self) -> int:
        if self.indices is not None:
            return len(self.indices)
        return len(self.looked) if self.lengths is None else int(self.lengths.sum())


class Chunk(dict[str, np.ndarray[Any, Any]]):
    """One fast-path piece's validated columns; ``village`` is built from its runs on use.

    ``members``, ``income`` (fen) and ``has_labour_capacity`` are plain entries;
    ``chunk["village"]`` (positions) comes from :attr:`village_runs` the first time it is
    read, and :attr:`village_runs` spreads per-village values without it.
    """

    def __init__(self, columns: dict[str, np.ndarray[Any, Any]], village_runs: VillageRuns) -> None:
        super().__init__(columns)
        self.village_runs = village_runs

    def __missing__(self, key: str) -> np.ndarray[Any, Any]:
        if key != "village":
            raise KeyError(key)
        return self.village_runs.positions

    def __contains__(self, key: object) -> bool:
        return key == "village" or super().__contains__(key)


class Positions:
    """Village positions of accepted households, kept as the fast path's pieces.

    Behaves like the numpy array the general path returns (``np.asarray``, indexing,
    ``len``); the full ``int64`` array is built only when asked for.
    """

    def __init__(self, pieces: list[VillageRuns]) -> None:
        self._pieces = pieces
        self._array: np.ndarray[Any, Any] | None = None

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray[Any, Any]:
        if self._array is None:
            self._array = (
                np.concatenate([piece.positions for piece in self._pieces]).astype(np.int64)
                if self._pieces
                else np.zeros(0, dtype=np.int64)
            )
        return self._array if dtype is None else self._array.astype(dtype, copy=False)

    def __len__(self) -> int:
        return sum(len(piece) for piece in self._pieces)

    def __getitem__(self, key: Any) -> Any:
        return np.asarray(self)[key]


def _village_runs(
    village_ids: pa.Array, fixed: np.ndarray[Any, Any] | None = None
) -> tuple[pa.Array, np.ndarray[Any, Any] | None]:
    """The ids to look up for one piece: one per run of equal ids, and the run lengths.

    Registers usually list a village's households together; then only the first id of each
    run is looked up. Otherwise every id is (and the lengths are ``None``). ``fixed``: the
    ids as a byte matrix (:func:`_fixed_width`), compared as machine words.
    """
    size = len(village_ids)
    if fixed is not None:
        change = _words_differ(fixed)
    else:
        change = np.asarray(
            pc.not_equal(village_ids[1:], village_ids[:-1]).to_numpy(zero_copy_only=False),
            dtype=bool,
        )
    heads = np.flatnonzero(change) + 1
    if len(heads) >= size // 4:
        return village_ids, None
    starts = np.concatenate(([0], heads))
    return village_ids.take(pa.array(starts)), np.diff(np.append(starts, size))


# ---- strings of one byte length, compared as machine words

_WORD_WIDTH_LIMIT: Final = 32
"""Ids of at most this many bytes (all of one length) are compared as machine words."""


def _fixed_width(array: pa.Array) -> np.ndarray[Any, Any] | None:
    """The values of a string array as an ``(n, width)`` byte matrix (no copy), or ``None``.

    Only when every value has the same byte length, between 1 and
    :data:`_WORD_WIDTH_LIMIT` (the usual zero-padded register ids), there are at least two
    values and no nulls (the caller checks null counts).
    """
    n = len(array)
    buffers = array.buffers()
    if n < 2 or buffers[2] is None:
        return None
    width_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(buffers[1], dtype=width_type)[array.offset : array.offset + n + 1]
    start, width = int(offsets[0]), int(offsets[1] - offsets[0])
    if not 1 <= width <= _WORD_WIDTH_LIMIT or int(offsets[-1]) - start != n * width:
        return None
    lengths = _scratch(n, offsets.dtype)
    if (np.subtract(offsets[1:], offsets[:-1], out=lengths) != width).any():
        return None
    raw = np.frombuffer(buffers[2], dtype=np.uint8)
    return raw[start : start + n * width].reshape(n, width)


def _words(matrix: np.ndarray[Any, Any]) -> list[np.ndarray[Any, Any]]:
    """Views of each row's bytes as native unsigned words covering every byte, in order.

    Words are as wide as the row allows (8, 4, 2 or 1 bytes); the last one may overlap the
    one before it, which leaves lexicographic comparison of the words unchanged (the
    overlapping bytes are already known equal when the last word is compared).
    """
    n, width = matrix.shape
    size = next(w for w in (8, 4, 2, 1) if w <= width)
    positions = list(range(0, width - size + 1, size))
    if positions[-1] != width - size:
        positions.append(width - size)
    flat = matrix.reshape(-1)
    return [
        np.ndarray((n,), dtype=np.dtype(f"u{size}"), buffer=flat, offset=p, strides=(width,))
        for p in positions
    ]


def _scratch(n: int, dtype: Any) -> np.ndarray[Any, Any]:
    """An uninitialised temporary in Arrow's memory pool.

    The pool keeps freed pages for the next piece; numpy's own large temporaries come
    from fresh ``mmap`` pages, each first touched through a page fault.
    """
    return np.frombuffer(pa.allocate_buffer(n * np.dtype(dtype).itemsize), dtype=dtype)


def _words_differ(matrix: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Whether each row differs from the row before it (``n - 1`` flags)."""
    change: np.ndarray[Any, Any] | None = None
    for word in _words(matrix):
        differ = word[1:] != word[:-1]
        change = differ if change is None else np.logical_or(change, differ, out=change)
    assert change is not None
    return change


def _words_increasing(matrix: np.ndarray[Any, Any]) -> bool:
    """Whether the rows are strictly increasing in byte order (that of ``str`` and Arrow).

    Each word is read big-endian, so comparing words compares bytes in order; row ``i + 1``
    is after row ``i`` when its first differing word is larger.
    """
    after_all: np.ndarray[Any, Any] | None = None
    for word in reversed(_words(matrix)):
        key = _scratch(len(word), word.dtype)
        np.copyto(key, word)  # a contiguous copy of the strided view
        if sys.byteorder == "little" and key.itemsize > 1:
            key.byteswap(inplace=True)
        after, before = key[1:], key[:-1]
        greater = after > before
        if after_all is None:
            after_all = greater
        else:  # larger here, or equal here and after on the words that follow
            after_all &= after == before
            after_all |= greater
    assert after_all is not None
    return bool(after_all.all())


class _VillageLookup:
    """Village ids of every piece, looked up in one hash table at the end.

    Plain string pieces are looked up per run of equal ids (:func:`_village_runs`);
    dictionary-encoded pieces (Parquet read with ``read_dictionary``) by their dictionary,
    once per distinct dictionary.
    """

    def __init__(self) -> None:
        self.values: list[pa.Array] = []
        self.pieces: list[tuple[int, str, np.ndarray[Any, Any] | None]] = []
        self._dictionaries: dict[tuple[int, int, int], int] = {}

    def add(
        self,
        village_ids: pa.Array,
        *,
        runs: tuple[pa.Array, np.ndarray[Any, Any] | None] | None = None,
    ) -> None:
        """Add one piece's village ids (``runs``: its precomputed :func:`_village_runs`)."""
        if pa.types.is_dictionary(village_ids.type):
            dictionary = village_ids.dictionary
            key = (dictionary.buffers()[1].address, dictionary.offset, len(dictionary))
            if key not in self._dictionaries:
                self._dictionaries[key] = len(self.values)
                self.values.append(dictionary.cast(pa.large_string()))
            indices = np.asarray(village_ids.indices.to_numpy(), dtype=np.int64)
            self.pieces.append((self._dictionaries[key], "dictionary", indices))
            return
        heads, lengths = _village_runs(village_ids) if runs is None else runs
        self.pieces.append((len(self.values), "runs", lengths))
        self.values.append(heads.cast(pa.large_string()))

    def positions(self, known: pa.Array) -> list[VillageRuns] | None:
        """The village positions of every piece, or ``None`` if a used id is unknown."""
        if not self.values:
            return []
        found = pc.index_in(pa.chunked_array(self.values, pa.large_string()), value_set=known)
        flat = np.asarray(found.fill_null(-1).to_numpy(), dtype=np.int32)
        bounds = np.cumsum([0, *(len(v) for v in self.values)])
        out = []
        for which, kind, extra in self.pieces:
            looked = flat[bounds[which] : bounds[which + 1]]
            if kind == "dictionary":
                runs = VillageRuns(looked, indices=extra)
                unknown = len(looked) and int(looked.min()) < 0
                # An unknown entry no household uses is harmless.
                if unknown and int(runs.positions.min(initial=0)) < 0:
                    return None
            else:
                runs = VillageRuns(looked, lengths=extra)
                if len(looked) and int(looked.min()) < 0:
                    return None
            out.append(runs)
        return out


def _plain_ids(array: pa.Array, fixed: np.ndarray[Any, Any] | None = None) -> bool:
    """Whether every id is obviously valid: non-empty, no control byte, plain ends.

    The same bytes :func:`_ids` sends to the slow check (a value that fails here may still
    be valid; the caller then takes the general path). ``fixed``: the ids as a byte matrix
    (:func:`_fixed_width`), whose first and last columns are the ends.
    """
    if not len(array):
        return True
    buffers = array.buffers()
    if buffers[2] is None:
        return False
    raw = np.frombuffer(buffers[2], dtype=np.uint8)
    if fixed is not None:
        if fixed.shape[1] > ingest.MAX_CELL_CHARS or int(fixed.min()) < 32:
            return False
        ends = (fixed[:, 0], fixed[:, -1])
    else:
        width = np.int64 if pa.types.is_large_string(array.type) else np.int32
        offsets = np.frombuffer(buffers[1], dtype=width)[
            array.offset : array.offset + len(array) + 1
        ]
        lengths = np.diff(offsets)
        if int(lengths.min()) <= 0 or int(lengths.max()) > ingest.MAX_CELL_CHARS:
            return False
        if int(raw[offsets[0] : offsets[-1]].min()) < 32:
            return False
        ends = (raw[offsets[:-1]], raw[offsets[1:] - 1])
    # Both ends printable ASCII, not a space: 33 <= byte <= 127.
    return all(int(end.min()) >= 33 and int(end.max()) <= 127 for end in ends)


def _unpacked(array: pa.Array) -> np.ndarray[Any, Any]:
    """A boolean array without nulls as numpy booleans (its bitmap unpacked by numpy).

    The same values as ``array.to_numpy(zero_copy_only=False)``, several times faster.
    """
    n, offset = len(array), array.offset
    if not n:
        return np.zeros(0, dtype=bool)
    raw = np.frombuffer(array.buffers()[1], dtype=np.uint8)
    first = offset // 8
    bits = np.unpackbits(raw[first : (offset + n + 7) // 8], bitorder="little")
    start = offset - 8 * first
    return bits[start : start + n].view(bool)


def _increasing(array: pa.Array, fixed: np.ndarray[Any, Any] | None) -> bool:
    """Whether the ids are strictly increasing in byte order (hence all distinct)."""
    if len(array) < 2:
        return True
    if fixed is not None:
        return _words_increasing(fixed)
    return bool(pc.all(pc.greater(array[1:], array[:-1])).as_py())


@dataclass(frozen=True)
class _FastPiece:
    """One piece of households confirmed valid by :func:`_fast_piece`."""

    ids: pa.Array
    columns: dict[str, np.ndarray[Any, Any]]
    increasing: bool
    first: str
    last: str
    village_ids: pa.Array
    runs: tuple[pa.Array, np.ndarray[Any, Any] | None] | None


def _fast_piece(batch: pa.RecordBatch, wide: bool) -> _FastPiece | None:
    """Check one record batch of households (thread-safe: reads only its own batch)."""
    size = batch.num_rows
    id_array = batch.column(0)
    fixed = _fixed_width(id_array)
    if not _plain_ids(id_array, fixed):
        return None
    fen, high = t.decimal_words(batch.column(3))
    count = batch.column(2).to_numpy()
    if not (
        # 0 <= fen < limit in one pass: a negative word is huge read as unsigned.
        int(fen.view(np.uint64).max()) < t.FEN_LIMIT
        and not (wide and high.any())
        and int(count.min()) >= 1
        and int(count.max()) < ingest.COUNT_LIMIT
    ):
        return None
    village_ids = batch.column(1)
    runs = (
        None
        if pa.types.is_dictionary(village_ids.type)
        else _village_runs(village_ids, _fixed_width(village_ids))
    )
    return _FastPiece(
        ids=id_array.cast(pa.large_string()),
        columns={
            "members": count.astype(np.int64, copy=False),
            "income": fen,
            "has_labour_capacity": _unpacked(batch.column(4)),
        },
        increasing=_increasing(id_array, fixed),
        first=id_array[0].as_py(),
        last=id_array[size - 1].as_py(),
        village_ids=village_ids,
        runs=runs,
    )


@functools.cache
def _ascii_spellings() -> tuple[pa.Array, pa.Array]:
    """The ASCII yes and no spellings, built on first use (``pa.array`` imports pandas)."""
    return (
        pa.array([s for s in ingest.TRUE_SPELLINGS if s.isascii()], pa.string()),
        pa.array([s for s in ingest.FALSE_SPELLINGS if s.isascii()], pa.string()),
    )


def _typed_piece(batch: pa.RecordBatch) -> pa.RecordBatch | None:
    """One piece of text households as typed columns, or ``None`` if any cell needs care.

    Only the plainest text is converted here (digits, a plain amount, an ASCII yes/no
    spelling, no missing cell), exactly as the grammar reads it; anything else sends the
    whole table to the general path, which names every bad row.
    """
    hid, vid, members, income, labour = batch.columns
    if any(column.null_count for column in batch.columns):
        return None
    if not (
        pc.all(pc.match_substring_regex(members, t.COUNT_TEXT)).as_py()
        and pc.all(pc.match_substring_regex(income, t.MONEY_TEXT)).as_py()
    ):
        return None
    # A yes/no column holds a handful of spellings: check its dictionary, not every cell.
    encoded = pc.dictionary_encode(labour)
    spellings = pc.ascii_lower(encoded.dictionary)
    yes_spellings, no_spellings = _ascii_spellings()
    known = pc.or_(
        pc.is_in(spellings, value_set=yes_spellings), pc.is_in(spellings, value_set=no_spellings)
    )
    if not pc.all(known).as_py():
        return None
    yes = pc.take(pc.is_in(spellings, value_set=yes_spellings), encoded.indices)
    return pa.RecordBatch.from_arrays(
        [
            hid,
            vid,
            pc.cast(members, pa.int64()),
            pc.cast(income, pa.decimal128(17, 2)),
            yes,
        ],
        names=list(HOUSEHOLD_COLUMNS),
    )


def _typed_text(table: pa.Table) -> pa.Table | None:
    """Text households (a CSV file, a table of strings) typed for the fast path, or ``None``.

    Pieces of :data:`FAST_ROWS` rows are checked and converted on the thread pool.
    """
    if any(name not in table.column_names for name in HOUSEHOLD_COLUMNS):
        return None
    table = table.select(list(HOUSEHOLD_COLUMNS))
    text = (pa.types.is_string, pa.types.is_large_string)
    if not all(any(kind(c.type) for kind in text) for c in table.columns[2:]):
        return None
    batches = [b for b in table.to_batches(max_chunksize=FAST_ROWS) if b.num_rows]
    typed = parallel_map(_typed_piece, batches)
    if any(piece is None for piece in typed):
        return None
    return pa.Table.from_batches(
        [p for p in typed if p is not None],
        schema=pa.schema(
            [
                table.schema.field(0),
                table.schema.field(1),
                ("members", pa.int64()),
                ("income", pa.decimal128(17, 2)),
                ("has_labour_capacity", pa.bool_()),
            ]
        ),
    )


def _fast_households(
    table: pa.Table, villages: Loaded, file: str
) -> tuple[Loaded, Positions] | None:
    """Validate and locate households when every row is obviously valid, else ``None``.

    The happy path of :func:`load_households`, for Arrow tables of the usual types (string
    ids, signed integer members, ``decimal128(p, 2)`` income, boolean labour capacity):
    whole columns are confirmed valid in vectorised passes over pieces of at most
    :data:`FAST_ROWS` rows (no nulls; ids non-empty with plain ends and no control byte;
    members in ``[1, 2**62)``; income in ``[0, 10**15)`` yuan, read as the low 64-bit word
    of each decimal with the high word checked; ids strictly increasing or all distinct;
    every village known). Nothing is copied except the labour flags and the ids' offsets.
    If any check fails, the general path decides the table row by row, so the fast path
    never decides anything the general path would not (no rejection is possible here).
    """
    if any(name not in table.column_names for name in HOUSEHOLD_COLUMNS):
        return None
    table = table.select(list(HOUSEHOLD_COLUMNS))
    hid, vid, members, income, labour = table.columns
    strings = (pa.types.is_string, pa.types.is_large_string)
    village_type = vid.type.value_type if pa.types.is_dictionary(vid.type) else vid.type
    if not (
        any(t(hid.type) for t in strings)
        and any(t(village_type) for t in strings)
        and pa.types.is_integer(members.type)
        and not pa.types.is_uint64(members.type)
        and pa.types.is_decimal128(income.type)
        and income.type.scale == 2
        and pa.types.is_boolean(labour.type)
        and not any(column.null_count for column in table.columns)
    ):
        return None
    n = table.num_rows
    wide = income.type.precision > 18  # else the value fits the low word (|v| < 10**18)
    batches = [b for b in table.to_batches(max_chunksize=FAST_ROWS) if b.num_rows]
    checked = parallel_map(lambda b: _fast_piece(b, wide), batches)
    chunks: list[dict[str, np.ndarray[Any, Any]]] = []
    ids: list[pa.Array] = []
    lookup = _VillageLookup()
    increasing = True
    last: str | None = None
    for piece in checked:
        if piece is None:
            return None
        increasing = increasing and piece.increasing and (last is None or last < piece.first)
        last = piece.last
        lookup.add(piece.village_ids, runs=piece.runs)
        ids.append(piece.ids)
        chunks.append(piece.columns)
    if not increasing and pc.count_distinct(hid).as_py() != n:
        return None  # a duplicate id: the general path says which
    # One lookup for the whole table (building the hash table of villages costs).
    positions = lookup.positions(villages.ids)
    if positions is None:
        return None  # an unknown village (or one that was rejected)
    pieces: list[dict[str, np.ndarray[Any, Any]]] = [
        Chunk(chunk, runs) for chunk, runs in zip(chunks, positions, strict=True)
    ]
    loaded = Loaded(
        file=file,
        n_rows=n,
        index=None,
        ids=pa.chunked_array(ids, type=pa.large_string()),
        columns=_LazyColumns(pieces),
        extra={"village_id": vid},
        chunks=pieces,
    )
    return loaded, Positions(positions)


def load_households(
    source: Any,
    *,
    villages: Loaded,
    round: int,
    rows: np.ndarray[Any, Any] | None = None,
    check_duplicates: bool = True,
    duplicates: dict[int, int] | None = None,
) -> tuple[Loaded, np.ndarray[Any, Any]]:
    """Read and validate households; return them and each accepted row's village position.

    A household whose village is unknown, or whose village row was rejected, is rejected.
    ``rows``, ``check_duplicates`` and ``duplicates`` (local position → first position)
    let :mod:`shuangdao.batch.dask` number rows and find duplicates across partitions.
    """
    read = t.read_source(
        source, name="households", required=HOUSEHOLD_COLUMNS, id_column="household_id"
    )
    table = read.table
    fast = None
    if (
        isinstance(table, pa.Table)
        and read.rows is None
        and rows is None
        and check_duplicates
        and not duplicates
    ):
        typed = _typed_text(table)
        fast = _fast_households(typed if typed is not None else table, villages, read.file)
    if fast is not None:
        return fast  # type: ignore[return-value]  # Positions stands in for the array
    check = t.Check.of(read, "household", contract=ingest.CONTRACTS["households"])
    if rows is not None:
        check.rows = rows
    ids = t.ids(t.column(table, "household_id"), check, "household_id")
    check.ids = t.LazyIds(ids)
    village_ids = t.ids(t.column(table, "village_id"), check, "village_id")
    members, _ = t.count(t.column(table, "members"), check, "members", minimum=1)
    income, _ = t.money(t.column(table, "income"), check, "income", required=True)
    labour, _ = t.flag(t.column(table, "has_labour_capacity"), check, "has_labour_capacity")
    rejected_villages = {r.id for r in villages.rejected}
    position = np.asarray(
        pc.index_in(village_ids, value_set=villages.ids).fill_null(-1).to_numpy(),
        dtype=np.int64,
    )
    # The reference is checked wherever the village_id cell itself was read, beside the
    # row's other problems; duplicates are then judged among the rows still valid.
    unread = check.failed("village_id")
    for i in np.flatnonzero((position < 0) & ~unread).tolist():
        value = village_ids[i].as_py()
        if value in rejected_villages:
            check.reject(
                i,
                "village_id",
                InvalidRecordError(
                    "was rejected in the villages input, so this household cannot be decided",
                    record=check.record(i),
                    field="village_id",
                    value=value,
                    rule="identification",
                ),
            )
        else:
            check.reject(
                i,
                "village_id",
                UnknownReferenceError(
                    "is not in the villages input",
                    record=check.record(i),
                    field="village_id",
                    value=value,
                    rule="identification",
                ),
            )
    if check_duplicates:
        t.duplicates(ids, check, "household_id", "identification")
    for i, first in sorted((duplicates or {}).items()):
        check.reject(
            i,
            "household_id",
            InvalidRecordError(
                f"is a duplicate of households[{first}] (row {first + 1}); the first "
                "occurrence is kept",
                record=check.record(i),
                field="household_id",
                value=check.id_of(i),
                rule="identification",
            ),
        )
    columns = {
        "members": members,
        "income": income,
        "has_labour_capacity": labour,
        "village": position,
    }
    loaded = _finish(check, ids, columns, {"village_id": village_ids})
    return loaded, loaded.columns.pop("village")
