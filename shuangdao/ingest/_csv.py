"""Reading CSV files: every cell as text, malformed rows rejected one by one.

The file contract (every door that reads a CSV file uses it):

* UTF-8, with or without a byte-order mark; a file that is not UTF-8 is a file-level error
  naming the line and the byte offset in the file.
* Comma-separated, with a header row (the first non-blank line); quoting as RFC 4180
  (``"a ""quoted"" cell"``, newlines allowed inside quotes). Column names are stripped; a
  duplicate name or a missing required column is a file-level error.
* Completely blank lines are skipped and not counted: row *n* is the *n*-th record.
* Every cell is read as text; an empty cell is missing. The cell grammar
  (:mod:`shuangdao.ingest._grammar`) then reads each value.
* A malformed row — a stray quote (``"ab"c``), a quoted cell never closed, a cell longer
  than 131,072 characters, more non-empty values than the header has columns — rejects
  *that row* (with its line number), not the file. A row with fewer values than the header
  reads the missing ones as empty.

Two readers implement the contract: pyarrow's multi-threaded CSV reader (when the ``frame``
extra is installed) for files it reads exactly as the contract says — no malformed row, no
oversized cell — and the :mod:`csv` module, row by row, for every other file (and when
pyarrow is missing). A file therefore reads the same with both.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import define, field

from shuangdao.errors import InvalidRecordError
from shuangdao.ingest._grammar import MAX_CELL_CHARS
from shuangdao.ingest._rejection import Rejection

if TYPE_CHECKING:
    import numpy as np

    from shuangdao.ingest.table import Source

__all__ = ["TextTable", "header_problem", "read_csv_table", "read_csv_text"]

_BOM: Final = b"\xef\xbb\xbf"
_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_TERMINATOR: Final = re.compile(rb"\r\n|\r|\n")
_BLOCK: Final = 1 << 22  # pyarrow block size; a longer row goes to the row-by-row reader


@define
class TextTable:
    """A CSV file read row by row: cells as text, by column (core dependencies only).

    Attributes:
        names: Column names (stripped), in file order; empty names are dropped.
        columns: Per column, one value per accepted row (``None`` for an empty cell).
        rows: Data row number of each accepted row.
        lines: File line where each accepted row starts.
        rejected: Malformed rows, as rejections.
    """

    names: list[str]
    columns: dict[str, list[str | None]]
    rows: list[int] = field(factory=list)
    lines: list[int] = field(factory=list)
    rejected: list[Rejection] = field(factory=list)

    @property
    def n_rows(self) -> int:
        """All data rows (accepted and rejected)."""
        return len(self.rows) + len(self.rejected)


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InvalidRecordError(
            f"cannot be read: {error.strerror or error}", record=label, rule="ingest.csv"
        ) from None


def _decode(data: bytes, label: str, offset: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = len(_TERMINATOR.findall(data, 0, error.start)) + 1
        bad = data[error.start : error.end].hex(" ")
        raise InvalidRecordError(
            f"is not UTF-8 text: {error.reason} (byte(s) {bad}) on line {line}, at byte offset "
            f"{error.start + offset} of the file; save it as UTF-8",
            record=label,
            rule="ingest.csv",
        ) from None


def _lines(text: str) -> Iterator[str]:
    r"""Lines with their terminators (``\\r\\n``, ``\\r`` or ``\\n``; nothing else splits)."""
    for match in _LINE.finditer(text):
        yield match.group()


class _Records:
    """The records of a CSV text, each with its first line; malformed ones as errors."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._reader = csv.reader(self._feed(), strict=True)
        self.first_text: str | None = None
        """The text of the current record's first line (to recover a malformed row's id)."""

    def _feed(self) -> Iterator[str]:
        for line in _lines(self._text):
            if self.first_text is None:
                self.first_text = line
            yield line

    def __iter__(self) -> Iterator[tuple[int, int, list[str] | str]]:
        """Yield ``(first line, last line, cells or error message)``; blank lines skipped."""
        reader = self._reader
        while True:
            before = reader.line_num
            self.first_text = None  # set by the next line read
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield before + 1, reader.line_num, _csv_message(str(error), before + 1)
                continue
            if cells:
                yield before + 1, reader.line_num, cells


_CELL: Final = r'(?:"(?:[^"]|"")*"|(?:[^",\r\n][^,\r\n]*)?)'  # a quote inside is text


def recover_id(line: str, index: int) -> str:
    """The id cell of a malformed row, read from the row's first line, or ``""``.

    The id is recovered only when every cell up to and including it is well-formed on that
    line (a quoted cell closed and followed by a comma; a quote inside an unquoted cell is
    text, as the readers take it) and the id is not longer than the cell limit, so a
    recovered id is exactly what a well-formed row would have read.

    Example:
        >>> recover_id('h2,v1,"4,9000,yes', 0), recover_id('"h2"x,v1', 0), recover_id('"h 2",v', 0)
        ('h2', '', 'h 2')
    """
    match = re.match(rf"(?:{_CELL},){{{index}}}({_CELL})(?:,|\r\n|\r|\n|\Z)", line)
    if match is None:
        return ""
    cell = match.group(1)
    if cell.startswith('"'):
        cell = cell[1:-1].replace('""', '"')
    return cell.strip() if len(cell) <= MAX_CELL_CHARS else ""


def _csv_message(message: str, line: int) -> str:
    if "field larger than field limit" in message:
        return f"has a cell longer than {MAX_CELL_CHARS:,} characters"
    if "unexpected end of data" in message:
        return f"has a quoted cell opened on line {line} that is never closed"
    return f"is not valid CSV ({message})"


def header_problem(names: Sequence[Any], *, required: Sequence[str] = ()) -> str | None:
    """Why a header (column names) is unusable, or ``None``. Linear in the number of names.

    Names are compared after stripping surrounding whitespace; an empty name is ignored.
    """
    seen: dict[str, int] = {}
    repeated: dict[str, None] = {}
    for raw in names:
        name = str(raw).strip()
        if not name:
            continue
        if name in seen:
            repeated[name] = None
        seen[name] = 1
    if repeated:
        shown = sorted(repeated)
        more = f" and {len(shown) - 20:,} more" if len(shown) > 20 else ""
        return f"has duplicate columns: {', '.join(shown[:20])}{more}"
    missing = [name for name in required if name not in seen]
    if missing:
        return f"lacks required column(s): {', '.join(missing)}"
    return None


def _header(cells: list[str], label: str, required: Sequence[str]) -> list[str]:
    problem = header_problem(cells, required=required)
    if problem is not None:
        raise InvalidRecordError(problem, record=label, field="header", rule="ingest.csv")
    return [c.strip() for c in cells]


def read_csv_text(
    path: str | Path,
    *,
    name: str,
    required: Sequence[str] = (),
    id_column: str | None = None,
    data: bytes | None = None,
) -> TextTable:
    """Read a CSV file row by row into text columns (the contract above).

    Raises:
        InvalidRecordError: A file-level problem: unreadable, not UTF-8, empty, a duplicate
            column name or a missing required column.
    """
    path = Path(path)
    label = f"{name} file {path}"
    raw = _read_bytes(path, label) if data is None else data
    offset = len(_BOM) if raw.startswith(_BOM) else 0
    text = _decode(raw[offset:], label, offset)
    reader = _Records(text)
    records = iter(reader)
    header: list[str] | None = None
    for _, _, cells in records:
        if isinstance(cells, str):
            raise InvalidRecordError(f"has an unreadable header: it {cells}", record=label)
        header = _header(cells, label, required)
        break
    if header is None:
        raise InvalidRecordError("is empty (no header row)", record=label, rule="ingest.csv")
    keep = [(i, n) for i, n in enumerate(header) if n]
    table = TextTable(names=[n for _, n in keep], columns={n: [] for _, n in keep})
    if not keep:
        raise InvalidRecordError("has no named columns", record=label, rule="ingest.csv")
    width = len(header)
    id_index = header.index(id_column) if id_column in header else None
    kind = name.removesuffix("s")
    row = 0
    for first, last, cells in records:
        row += 1
        problem = cells if isinstance(cells, str) else None
        if not isinstance(cells, str):
            extra = sum(1 for cell in cells[width:] if cell.strip())
            if extra:
                problem = f"has {extra} value(s) beyond the header's {width} columns"
        if problem is not None:
            where = f"line {first}" if first == last else f"lines {first}–{last}"
            record_id = ""
            if not isinstance(cells, str) and id_index is not None and id_index < len(cells):
                record_id = cells[id_index].strip()
            elif id_index is not None:
                record_id = recover_id(reader.first_text or "", id_index)
            who = (
                f"{kind} {record_id} (row {row}, {where})"
                if record_id
                else f"{name} row {row} ({where})"
            )
            table.rejected.append(
                Rejection(
                    name, row, record_id, "", f"{who}: {problem} (rule ingest.csv)", line=first
                )
            )
            continue
        assert not isinstance(cells, str)
        for i, column_name in keep:
            cell = cells[i] if i < len(cells) else ""
            table.columns[column_name].append(cell if cell != "" else None)
        table.rows.append(row)
        table.lines.append(first)
    return table


# ---------------------------------------------------------------- the pyarrow reader


def _quotes(data: bytes) -> tuple[bool, Any]:
    """Whether every quote of ``data`` is in its place, and the quotes' positions (numpy).

    Vectorised and exact for the files it accepts: counting quotes, a byte is inside a
    quoted cell when an odd number of quotes precede it. A quote that opens (an even number
    before it) must start a cell (after a comma, a line end or at the start) or follow a
    closing quote (``""``, an escaped quote); a quote that closes must be followed by a
    comma, a line end, the end of the file or a quote; the file must not end inside quotes.
    A file that breaks any of these — a malformed row, or a literal quote in the middle of
    an unquoted cell, which the :mod:`csv` module accepts — goes to the row-by-row reader.
    """
    import numpy as np

    if b'"' not in data:  # memchr: most files have no quote at all
        return True, np.zeros(0, dtype=np.int64)
    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == 0x22)
    if len(quotes) % 2:
        return False, quotes
    size = len(raw)
    opening, closing = quotes[0::2], quotes[1::2]
    before = np.where(opening > 0, raw[np.maximum(opening - 1, 0)], 0x0A)
    previous_close = np.concatenate(([-2], closing[:-1]))
    starts_cell = (
        (before == 0x2C) | (before == 0x0A) | (before == 0x0D) | (opening - 1 == previous_close)
    )
    after = np.where(closing + 1 < size, raw[np.minimum(closing + 1, size - 1)], 0x0A)
    ends_cell = (after == 0x2C) | (after == 0x0A) | (after == 0x0D) | (after == 0x22)
    return bool(starts_cell.all() and ends_cell.all()), quotes


def _inside(quotes: Any, positions: Any) -> Any:
    """Whether each position lies inside a quoted cell (an odd number of quotes before it)."""
    import numpy as np

    return (np.searchsorted(quotes, positions, side="left") % 2).astype(bool)


def _record_lines(data: bytes, quotes: Any, header_end: int) -> Any:
    """The file line (1-based) of every record after the header, as a numpy array."""
    import numpy as np

    raw = np.frombuffer(data, dtype=np.uint8)
    size = len(raw)
    newline = np.flatnonzero(raw == 0x0A)
    carriage = np.flatnonzero(raw == 0x0D)
    after = np.minimum(carriage + 1, max(size - 1, 0))
    alone = carriage[(carriage + 1 >= size) | (raw[after] != 0x0A)] if len(carriage) else carriage
    paired = (newline > 0) & (raw[np.maximum(newline - 1, 0)] == 0x0D)
    term_start = np.sort(np.concatenate((np.where(paired, newline - 1, newline), alone)))
    term_end = np.sort(np.concatenate((newline + 1, alone + 1)))
    starts = np.concatenate(([0], term_end))
    stops = np.concatenate((term_start, [size]))
    blank = stops <= starts
    inside = _inside(quotes, starts) if len(quotes) else np.zeros(len(starts), dtype=bool)
    record = ~inside & ~blank & (starts >= header_end)
    return np.flatnonzero(record) + 1


def read_csv_table(
    path: str | Path, *, name: str, required: Sequence[str] = (), id_column: str | None = None
) -> Source:
    """Read a CSV file into a :class:`~shuangdao.ingest.table.Source` of text columns.

    Uses pyarrow's reader when the file reads exactly (see the module notes), else the row
    by row reader; both give the same rows, rejections and line numbers.

    Raises:
        InvalidRecordError: A file-level problem (see :func:`read_csv_text`).
    """
    import numpy as np
    import pyarrow as pa

    from shuangdao.ingest.table import Source

    path = Path(path)
    label = f"{name} file {path}"
    data = _read_bytes(path, label)
    fast = _read_fast(data, path, name=name, label=label, required=required)
    if fast is not None:
        return fast
    table = read_csv_text(path, name=name, required=required, id_column=id_column, data=data)
    arrow = pa.table({n: pa.array(table.columns[n], pa.large_string()) for n in table.names})
    lines = np.asarray(table.lines, dtype=np.int64)
    return Source(
        arrow,
        name,
        rows=np.asarray(table.rows, dtype=np.int64),
        rejected=table.rejected,
        lines=lambda chosen: lines[chosen],
    )


def _read_fast(
    data: bytes, path: Path, *, name: str, label: str, required: Sequence[str]
) -> Source | None:
    """Read with pyarrow, or ``None`` when the row-by-row reader must decide."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    import numpy as np

    from shuangdao.ingest.table import Source

    offset = len(_BOM) if data.startswith(_BOM) else 0
    body = data[offset:] if offset else data
    # pyarrow checks the UTF-8 of every cell; on an error the row-by-row reader names it.
    clean, quotes = _quotes(body)
    if not clean:
        return None
    quoted_break = False
    if len(quotes):
        raw = np.frombuffer(body, dtype=np.uint8)
        breaks = np.flatnonzero((raw == 0x0A) | (raw == 0x0D))
        quoted_break = bool(len(breaks)) and bool(_inside(quotes, breaks).any())
    # The header: the first non-blank line (a quoted header spanning lines: row by row).
    match = re.compile(rb"[^\r\n]+").search(body)
    if match is None:
        return None
    header_line = body[match.start() : match.end()]
    if len(quotes) and bool(_inside(quotes, [match.end()])[0]):
        return None  # the header spans lines
    try:
        header = next(csv.reader([header_line.decode("utf-8")], strict=True))
    except (csv.Error, UnicodeDecodeError):
        return None
    if header_problem(header, required=required) is not None:
        return None  # the row-by-row reader checks the encoding first, then says what is wrong
    names = [c.strip() for c in header]
    header_end = match.end()
    internal = [f"c{i}" for i in range(len(names))]
    invalid: list[Any] = []

    def skip(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)[offset + header_end :]),
            read_options=pcsv.ReadOptions(column_names=internal, block_size=_BLOCK),
            parse_options=pcsv.ParseOptions(
                newlines_in_values=quoted_break, invalid_row_handler=skip
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(internal, pa.large_string()),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if invalid:
        return None
    import pyarrow.compute as pc

    for column in table.columns:
        longest = pc.max(pc.binary_length(column)).as_py() or 0
        if longest > MAX_CELL_CHARS and (pc.max(pc.utf8_length(column)).as_py() or 0) > (
            MAX_CELL_CHARS
        ):
            return None  # the row-by-row reader rejects the row
    keep = [(c, n) for c, n in zip(internal, names, strict=True) if n]
    table = table.select([c for c, _ in keep]).rename_columns([n for _, n in keep])
    state: dict[str, Any] = {}

    def lines(chosen: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        if "lines" not in state:
            state["lines"] = _record_lines(body, quotes, header_end)
        found: np.ndarray[Any, Any] = state["lines"][chosen]
        return found

    return Source(table, name, lines=lines)
