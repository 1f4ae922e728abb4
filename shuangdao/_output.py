r"""Writing output files that never destroy data (private; used by every command and writer).

Every file a command writes goes through :func:`write_files`, which replaces **a set of files
as a whole**:

1. each file is written completely into a hidden temporary file beside its target
   (``.villages.csv.<random>.tmp``), flushed to disk (``fsync``) and given the mode a newly
   created file gets under the process's umask (``0644`` under the usual ``022``);
2. only when every file of the set is complete is each one moved over its target
   (:func:`os.replace`), keeping a hard-linked copy of the file it replaces;
3. if anything fails or the process is interrupted (Ctrl-C; SIGTERM in the command line),
   the targets already replaced get their old files back, targets that did not exist are
   removed, and every temporary file is deleted: either all files of the set are new or
   all are as they were. Only a hard kill (SIGKILL, power loss) can leave a hidden
   temporary file behind.

Spreadsheet safety (CSV only)
    A spreadsheet executes a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and some
    also one that begins with a tab or a carriage return) as a formula. Every **text** cell
    of every CSV file shuangdao writes that begins with one of those characters (or their
    full-width forms ``＝ ＋ － ＠``), or with an apostrophe ``'``, is written with one extra
    apostrophe in front (``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)``), as OWASP
    recommends, **unless the whole cell is a plain decimal number** such as ``-5.00``, which a
    spreadsheet reads as a number. Number, boolean and date columns are written as they are.
    Because a leading apostrophe is itself escaped, the rule is reversible: remove one
    leading ``'`` from a text cell that starts with one to get the value back exactly.
    Parquet files hold typed values and are not changed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TextIO, TypeAlias

__all__ = [
    "FORMULA_PATTERN",
    "NUMBER_PATTERN",
    "Producer",
    "csv_file",
    "csv_text",
    "file_mode",
    "safe_table",
    "spreadsheet_text",
    "table_file",
    "table_files",
    "text_file",
    "write_files",
]

FORMULA_PATTERN: Final = "^[=+\\-@\t\r＝＋－＠']"
"""A text cell matching this (at its start) is escaped with a leading apostrophe..."""
NUMBER_PATTERN: Final = "^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)$"
"""...unless it is a plain decimal number (``-5.00``), which a spreadsheet reads as a number."""

_FORMULA: Final = re.compile(FORMULA_PATTERN)
_NUMBER: Final = re.compile(NUMBER_PATTERN.removeprefix("^").removesuffix("$"))

Producer: TypeAlias = Callable[[Path], None]
"""Writes one complete file at the path it is given (a temporary file beside the target)."""


def spreadsheet_text(text: str) -> str:
    """Return ``text`` as it is written into a CSV text cell (see the module notes).

    Example:
        >>> spreadsheet_text("=1+1"), spreadsheet_text("-5.00"), spreadsheet_text("h1")
        ("'=1+1", '-5.00', 'h1')
    """
    if _FORMULA.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv_cell(value: object) -> object:
    """One cell for :mod:`csv`: text escaped, booleans ``true``/``false``, numbers as they are."""
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or isinstance(value, int | Decimal | float):
        return value
    return spreadsheet_text(str(value))


def _safe_column(column: Any) -> Any:
    """One Arrow column with its risky text cells escaped, or ``None`` if none is risky."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type):
        return _safe_column(pc.cast(column, pa.string()))
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return None
    risky = pc.and_kleene(
        pc.match_substring_regex(column, FORMULA_PATTERN),
        pc.invert(pc.match_substring_regex(column, NUMBER_PATTERN)),
    )
    if not pc.any(risky).as_py():
        return None
    escaped = pc.binary_join_element_wise(pa.scalar("'", kind), column, "")
    return pc.if_else(risky, escaped, column)


def safe_table(table: Any) -> Any:
    """Return the Arrow ``table`` with its text columns escaped for spreadsheets.

    String and dictionary-of-string columns get the rule of :func:`spreadsheet_text`
    (vectorised); every other column, and a table with no risky cell, is returned unchanged.
    """
    import pyarrow as pa

    safe = [_safe_column(column) for column in table.columns]
    if all(column is None for column in safe):
        return table
    columns = [
        original if column is None else column
        for original, column in zip(table.columns, safe, strict=True)
    ]
    return pa.table(columns, names=table.column_names)


def _write_csv(handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([spreadsheet_text(name) for name in header])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)


def csv_file(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Producer:
    r"""A producer writing a UTF-8 CSV file (``\n`` line endings) with text cells escaped."""

    def produce(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            _write_csv(handle, header, rows)

    return produce


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The CSV text :func:`csv_file` would write (for standard output)."""
    buffer = io.StringIO()
    _write_csv(buffer, header, rows)
    return buffer.getvalue()


def table_file(table: Any, fmt: str) -> Producer:
    """A producer writing an Arrow ``table`` as Parquet, or as CSV with text cells escaped."""

    def produce(path: Path) -> None:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, path)
        else:
            from pyarrow import csv as arrow_csv

            arrow_csv.write_csv(safe_table(table), path)

    return produce


def table_files(tables: Mapping[str, Any], folder: Path, fmt: str) -> list[tuple[Path, Producer]]:
    """``(folder / "<name>.<fmt>", producer)`` for every Arrow table of ``tables``."""
    return [(folder / f"{name}.{fmt}", table_file(table, fmt)) for name, table in tables.items()]


def text_file(text: str) -> Producer:
    """A producer writing ``text`` as UTF-8."""

    def produce(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return produce


_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split(":", 1)[1].strip(), 8)
    with _UMASK_LOCK:
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode of a newly created output file: ``0o666`` less the umask (``0o644``)."""
    return 0o666 & ~_umask()


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can sync a folder
        _fsync(folder)


def _backup(target: Path) -> Path | None:
    """Hard-link ``target`` under a hidden name beside it; ``None`` if it does not exist."""
    if not target.exists():
        return None
    for _ in range(100):
        backup = target.with_name(f".{target.name}.{secrets.token_hex(6)}.bak")
        try:
            os.link(target, backup)
        except FileExistsError:
            continue
        except OSError:
            return None  # no hard links here: the old file cannot be restored, only replaced
        return backup
    return None  # pragma: no cover - 100 name collisions


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def write_files(files: Sequence[tuple[Path, Producer]] | Mapping[Path, Producer]) -> None:
    """Write every file of ``files`` as one set: all replaced, or none (module notes).

    Args:
        files: ``(target, producer)`` pairs; each producer writes its file's whole content.

    Raises:
        OSError: A folder is not writable or a file cannot be written or moved (the old
            files are left as they were and no temporary file remains).
        Exception: Whatever a producer raises, after the same clean-up.
    """
    pairs = list(files.items()) if isinstance(files, Mapping) else list(files)
    mode = file_mode()
    temporaries: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path | None, bool]] = []
    backups: list[Path] = []
    try:
        for target, produce in pairs:
            descriptor, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
            )
            os.close(descriptor)
            temporary = Path(name)
            temporaries.append((temporary, target))
            produce(temporary)
            _fsync(temporary)
            os.chmod(temporary, mode)
        for temporary, target in temporaries:
            existed = target.exists()
            backup = _backup(target)
            if backup is not None:
                backups.append(backup)
            os.replace(temporary, target)
            replaced.append((target, backup, existed))
        for folder in {target.parent for _, target in temporaries}:
            _fsync_folder(folder)
    except BaseException:
        for target, backup, existed in reversed(replaced):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, target)
                elif not existed:
                    target.unlink()
        for temporary, _ in temporaries:
            _remove(temporary)
        raise
    finally:
        for backup in backups:
            _remove(backup)
