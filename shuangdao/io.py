r"""Reading villages and households from CSV, and writing decisions back (core deps only).

This module is the file contract of ``shuangdao identify`` and is shared by the CLI and the
batch engine. It never drops a row silently: every data row of an input file is either
turned into a record (and later decided) or listed as a :class:`Rejection`.

Input files
    UTF-8, with or without a byte-order mark; comma-separated with a header row; quoting as
    the :mod:`csv` module reads it. Column names and cell values are stripped of surrounding
    whitespace; a cell that is empty after stripping is *missing*. Columns not listed below
    are ignored. A required column absent from the header, an unreadable or undecodable file
    or an empty file is a file-level error (:class:`~shuangdao.errors.InvalidRecordError`
    naming the file), not a rejection.

    ``villages``: ``village_id``, ``per_capita_income``, ``collective_income``; round 1 also
    ``designated``; round 3 also ``registered_population``. Incomes may be missing where the
    round's rule does not read them (round 1 with caller-supplied designation; round 3's
    collective income); a rule that needs a missing value rejects the row.

    ``households``: ``household_id``, ``village_id``, ``members`` (whole number >= 1),
    ``income`` (total annual yuan), ``has_labour_capacity``; all required.

    Money: a plain decimal string (``9278.99``, ``1500``, ``-0``), at most two decimals; no
    thousands separators, exponents or currency signs. Whole numbers: digits only.
    Booleans (case-insensitive): ``true``/``false``, ``1``/``0``, ``yes``/``no``.
    Incomes are read as **net** income in rounds 1–2 and **disposable** income at 2014 prices
    in round 3 (the round decides the caliber).

Rows and rejections
    ``row`` is the 1-based number of the data row: the header is not counted, and completely
    blank lines are skipped and not counted (so row *n* is the *n*-th record, as pandas
    numbers them from 0). A :class:`Rejection` has ``file`` ``"villages"`` or
    ``"households"``, ``row``, ``id`` (the id cell as read, ``""`` if missing), ``field``
    (the offending column, ``""`` for a whole-row problem) and ``error`` (one sentence).
    Rows are rejected for: a missing or malformed value, a value the model refuses
    (``members`` 0, negative income, more than two decimals), a row with more values than
    the header, a **duplicate id (the first occurrence is kept and decided; every later
    one is rejected)**, a household whose village is not in the villages file, a household
    whose village row was rejected, and any record a rule cannot decide (e.g. a round-3
    village with ``registered_population`` 0). A household whose village could not be
    decided is rejected in every round.

Outputs
    :func:`write_identification` writes ``villages.csv`` (``village_id,selected,reason``),
    ``households.csv`` (``household_id,poor,reason``) and ``rejected.csv``
    (``file,row,id,field,error``), UTF-8 without BOM, ``\n`` line endings, rows in input
    order; ``selected``/``poor`` are ``true``/``false`` and ``reason`` is the decision's
    stable code. The three files are replaced as a set (all or none, also when interrupted;
    no temporary file is left), with the mode a new file gets under the umask (``0644``).
    A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return (or the
    full-width ``＝ ＋ － ＠``) or an apostrophe is written with a leading ``'`` so that a
    spreadsheet does not run it as a formula, unless it is a plain number such as ``-5.00``
    (:mod:`shuangdao._output`).

Example:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "v.csv").write_text("village_id,per_capita_income,collective_income\n"
    ...                                   "v1,5622.99,29999.99\n")
    >>> _ = (folder / "h.csv").write_text(
    ...     "household_id,village_id,members,income,has_labour_capacity\n"
    ...     "h1,v1,4,12371.99,true\nh2,v9,4,100,true\n")
    >>> result = identify_csv(folder / "v.csv", folder / "h.csv", round=2)
    >>> [d.code for d in result.households], [r.field for r in result.rejections]
    (['selected'], ['village_id'])
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from attrs import field, frozen

from shuangdao import _output
from shuangdao.errors import InvalidRecordError, ShuangdaoError, UnknownReferenceError
from shuangdao.explain import Decision
from shuangdao.model import Household, IncomeMeasure, Village
from shuangdao.quantities import money
from shuangdao.rules.identification import IdentificationResult, _identify_partial
from shuangdao.standards import Standards

__all__ = [
    "BOOLEAN_FALSE",
    "BOOLEAN_TRUE",
    "CsvIdentification",
    "HOUSEHOLD_COLUMNS",
    "Rejection",
    "VILLAGE_COLUMNS",
    "identify_csv",
    "read_households_csv",
    "read_villages_csv",
    "write_csv_atomic",
    "write_identification",
]

BOOLEAN_TRUE: Final = frozenset({"true", "1", "yes"})
"""Accepted spellings of true (compared case-insensitively)."""
BOOLEAN_FALSE: Final = frozenset({"false", "0", "no"})
"""Accepted spellings of false (compared case-insensitively)."""

VILLAGE_COLUMNS: Final = {
    1: ("village_id", "per_capita_income", "collective_income", "designated"),
    2: ("village_id", "per_capita_income", "collective_income"),
    3: ("village_id", "per_capita_income", "collective_income", "registered_population"),
}
"""Required columns of the villages file, by round."""

HOUSEHOLD_COLUMNS: Final = (
    "household_id",
    "village_id",
    "members",
    "income",
    "has_labour_capacity",
)
"""Required columns of the households file (every round)."""

_MONEY_TEXT: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_INT_TEXT: Final = re.compile(r"\+?\d+")
_MEASURE: Final = {1: IncomeMeasure.NET, 2: IncomeMeasure.NET, 3: IncomeMeasure.DISPOSABLE}


@frozen
class Rejection:
    """An input row that could not be decided, and why.

    Attributes:
        file: ``"villages"`` or ``"households"``.
        row: 1-based data row number (header not counted, blank lines skipped).
        id: The row's id cell as read (``""`` if missing).
        field: The offending column (``""`` for a whole-row problem).
        error: One sentence naming the record, field, value and rule.
    """

    file: str
    row: int
    id: str
    field: str
    error: str


class _CellError(Exception):
    """A cell could not be parsed (private; becomes a rejection)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _check_round(round_number: int) -> None:
    if round_number not in VILLAGE_COLUMNS:
        raise UnknownReferenceError(
            "is not a round with identification rules (1, 2, 3)", field="round", value=round_number
        )


def _rows(
    path: str | Path, file: str, required: Sequence[str]
) -> Iterator[tuple[int, dict[str, str], int]]:
    """Yield ``(row, cells, extra_values)`` for each non-blank data row.

    Raises:
        InvalidRecordError: Unreadable, undecodable or empty file, duplicate or missing
            required columns (file-level problems).
    """
    record = f"{file} file {path}"
    try:
        handle = Path(path).open(encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as error:
        raise InvalidRecordError(
            f"cannot be read: {error.strerror or error}", record=record, rule="io.csv"
        ) from None
    with handle:
        try:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise InvalidRecordError("is empty (no header row)", record=record, rule="io.csv")
            names = [name.strip() for name in header]
            duplicated = sorted({n for n in names if n and names.count(n) > 1})
            if duplicated:
                raise InvalidRecordError(
                    f"has duplicate columns: {', '.join(duplicated)}", record=record, rule="io.csv"
                )
            missing = [column for column in required if column not in names]
            if missing:
                raise InvalidRecordError(
                    f"lacks required column(s): {', '.join(missing)}",
                    record=record,
                    field="header",
                    value=",".join(names),
                    rule="io.csv",
                )
            positions = {column: names.index(column) for column in required}
            width = len(names)
            row_number = 0
            for cells in reader:
                if not cells:
                    continue
                row_number += 1
                values = {
                    column: cells[index].strip() if index < len(cells) else ""
                    for column, index in positions.items()
                }
                extra = sum(1 for cell in cells[width:] if cell.strip())
                yield row_number, values, extra
        except UnicodeDecodeError as error:
            raise InvalidRecordError(
                f"is not UTF-8 text: {error.reason} at byte {error.start}",
                record=record,
                rule="io.csv",
            ) from None
        except csv.Error as error:
            raise InvalidRecordError(
                f"is not valid CSV: {error}", record=record, rule="io.csv"
            ) from None
        except OSError as error:
            raise InvalidRecordError(
                f"cannot be read: {error.strerror or error}", record=record, rule="io.csv"
            ) from None


def _money_cell(values: dict[str, str], column: str, *, required: bool) -> object:
    text = values[column]
    if not text:
        if required:
            raise _CellError(column, f"{column} is missing")
        return None
    if not _MONEY_TEXT.fullmatch(text):
        raise _CellError(column, f"{column}={text!r} is not a decimal number of yuan")
    return money(text, field=column)


def _int_cell(values: dict[str, str], column: str) -> int:
    text = values[column]
    if not text:
        raise _CellError(column, f"{column} is missing")
    if not _INT_TEXT.fullmatch(text):
        raise _CellError(column, f"{column}={text!r} is not a whole number")
    return int(text)


def _bool_cell(values: dict[str, str], column: str, *, required: bool) -> bool | None:
    text = values[column].lower()
    if not text:
        if required:
            raise _CellError(column, f"{column} is missing")
        return None
    if text in BOOLEAN_TRUE:
        return True
    if text in BOOLEAN_FALSE:
        return False
    raise _CellError(
        column, f"{column}={values[column]!r} is not a boolean (true/false, 1/0, yes/no)"
    )


def _required_bool(values: dict[str, str], column: str) -> bool:
    value = _bool_cell(values, column, required=True)
    assert value is not None
    return value


def _row_error(
    file: str, row: int, record_id: str, error: ShuangdaoError | _CellError
) -> Rejection:
    label = file.removesuffix("s")
    who = f"{label} {record_id}" if record_id else f"{file} row {row}"
    if isinstance(error, _CellError):
        return Rejection(file, row, record_id, error.column, f"{who}: {error} (rule io.csv)")
    if error.record is None:  # raised while reading a cell, before the record existed
        named = type(error)(
            error.detail,
            record=who,
            field=error.field,
            value=error.value,
            rule=error.rule or "io.csv",
        )
        return Rejection(file, row, record_id, error.field or "", str(named))
    return Rejection(file, row, record_id, error.field or "", str(error))


def _read_villages(
    path: str | Path, round_number: int
) -> tuple[list[tuple[int, Village]], list[Rejection]]:
    _check_round(round_number)
    accepted: list[tuple[int, Village]] = []
    rejected: list[Rejection] = []
    first_row: dict[str, int] = {}
    measure = _MEASURE[round_number]
    for row, values, extra in _rows(path, "villages", VILLAGE_COLUMNS[round_number]):
        village_id = values["village_id"]
        try:
            if extra:
                raise _CellError("", f"row has {extra} value(s) beyond the header's columns")
            if not village_id:
                raise _CellError("village_id", "village_id is missing")
            if village_id in first_row:
                raise _CellError(
                    "village_id",
                    f"village_id={village_id!r} duplicates villages row {first_row[village_id]} "
                    "(the first occurrence is kept)",
                )
            village = Village(
                village_id=village_id,
                per_capita_income=_money_cell(values, "per_capita_income", required=False),
                collective_income=_money_cell(values, "collective_income", required=False),
                designated=(
                    _bool_cell(values, "designated", required=False) if round_number == 1 else None
                ),
                registered_population=(
                    _int_cell(values, "registered_population") if round_number == 3 else None
                ),
                income_measure=measure,
            )
        except (_CellError, ShuangdaoError) as error:
            rejected.append(_row_error("villages", row, village_id, error))
            continue
        first_row[village_id] = row
        accepted.append((row, village))
    return accepted, rejected


def _read_households(
    path: str | Path,
    round_number: int,
    village_ids: Collection[str],
    rejected_village_ids: Collection[str],
) -> tuple[list[tuple[int, Household]], list[Rejection]]:
    _check_round(round_number)
    accepted: list[tuple[int, Household]] = []
    rejected: list[Rejection] = []
    first_row: dict[str, int] = {}
    measure = _MEASURE[round_number]
    for row, values, extra in _rows(path, "households", HOUSEHOLD_COLUMNS):
        household_id = values["household_id"]
        try:
            if extra:
                raise _CellError("", f"row has {extra} value(s) beyond the header's columns")
            if not household_id:
                raise _CellError("household_id", "household_id is missing")
            if household_id in first_row:
                raise _CellError(
                    "household_id",
                    f"household_id={household_id!r} duplicates households row "
                    f"{first_row[household_id]} (the first occurrence is kept)",
                )
            village_id = values["village_id"]
            if not village_id:
                raise _CellError("village_id", "village_id is missing")
            if village_id not in village_ids:
                why = (
                    "was rejected in the villages file, so this household cannot be decided"
                    if village_id in rejected_village_ids
                    else "is not in the villages file"
                )
                raise _CellError("village_id", f"village_id={village_id!r} {why}")
            household = Household(
                household_id=household_id,
                village_id=village_id,
                members=_int_cell(values, "members"),
                income=_money_cell(values, "income", required=True),
                has_labour_capacity=_required_bool(values, "has_labour_capacity"),
                income_measure=measure,
            )
        except (_CellError, ShuangdaoError) as error:
            rejected.append(_row_error("households", row, household_id, error))
            continue
        first_row[household_id] = row
        accepted.append((row, household))
    return accepted, rejected


def read_villages_csv(path: str | Path, *, round: int) -> tuple[list[Village], list[Rejection]]:
    """Read a villages file for ``round``; return the villages and the rejected rows.

    Raises:
        InvalidRecordError: A file-level problem (unreadable, not UTF-8, empty, a required
            column missing).
        UnknownReferenceError: ``round`` is not 1, 2 or 3.
    """
    accepted, rejected = _read_villages(path, round)
    return [village for _, village in accepted], rejected


def read_households_csv(
    path: str | Path,
    *,
    round: int,
    village_ids: Collection[str],
    rejected_village_ids: Collection[str] = (),
) -> tuple[list[Household], list[Rejection]]:
    """Read a households file for ``round``; return the households and the rejected rows.

    ``village_ids`` are the accepted villages; a household elsewhere is rejected (with a
    clearer message if its village is among ``rejected_village_ids``).

    Raises:
        InvalidRecordError: A file-level problem (unreadable, not UTF-8, empty, a required
            column missing).
        UnknownReferenceError: ``round`` is not 1, 2 or 3.
    """
    ids = village_ids if isinstance(village_ids, set | frozenset | dict) else set(village_ids)
    accepted, rejected = _read_households(path, round, ids, set(rejected_village_ids))
    return [household for _, household in accepted], rejected


def _rejections(value: Iterable[Rejection]) -> tuple[Rejection, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _decisions(value: Iterable[Decision]) -> tuple[Decision, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class CsvIdentification:
    """The outcome of :func:`identify_csv`: decisions in input order plus rejections.

    Attributes:
        round: The round.
        villages: Decisions for the decided village rows, in file order.
        households: Decisions for the decided household rows, in file order.
        rejections: Every row that could not be decided (villages first, by row).
        village_rows: Data rows read from the villages file.
        household_rows: Data rows read from the households file.
        persons_selected: Members of the selected households.
    """

    round: int
    villages: tuple[Decision, ...] = field(converter=_decisions)
    households: tuple[Decision, ...] = field(converter=_decisions)
    rejections: tuple[Rejection, ...] = field(converter=_rejections)
    village_rows: int
    household_rows: int
    persons_selected: int = 0

    @property
    def result(self) -> IdentificationResult:
        """The decisions as an :class:`~shuangdao.rules.identification.IdentificationResult`."""
        return IdentificationResult(
            round=self.round,
            villages=self.villages,
            households=self.households,
            persons_selected=self.persons_selected,
        )

    def rejection(self, file: str, record_id: str) -> Rejection | None:
        """Return the first rejection of ``record_id`` in ``file``, if any."""
        for item in self.rejections:
            if item.file == file and item.id == record_id:
                return item
        return None


def identify_csv(
    villages_path: str | Path,
    households_path: str | Path,
    *,
    round: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> CsvIdentification:
    """Read both files, decide every row that can be decided, list the rest as rejections.

    The counts add up: ``len(villages) + rejected villages == village_rows`` and the same for
    households.

    Policy: S1, S3, S5, S18, S19 (see :mod:`shuangdao.rules.identification`).

    Raises:
        InvalidRecordError: A file-level problem with either file.
        MissingParameterError: Never for rows; a rule's missing input rejects the row.
    """
    villages, village_rejections = _read_villages(villages_path, round)
    accepted_ids = {village.village_id for _, village in villages}
    rejected_ids = {r.id for r in village_rejections if r.id}
    households, household_rejections = _read_households(
        households_path, round, accepted_ids, rejected_ids - accepted_ids
    )
    village_decisions, household_decisions, failures, persons = _identify_partial(
        [v for _, v in villages],
        [h for _, h in households],
        round_number=round,
        standards=standards,
        as_of=as_of,
    )
    rejections = [*village_rejections, *household_rejections]
    for failure in failures:
        rows = villages if failure.kind == "village" else households
        rejections.append(
            Rejection(
                file=f"{failure.kind}s",
                row=rows[failure.index][0],
                id=failure.subject_id,
                field=failure.error.field or "",
                error=str(failure.error),
            )
        )
    rejections.sort(key=lambda r: (r.file != "villages", r.row))
    village_total = len(villages) + len(village_rejections)
    household_total = len(households) + len(household_rejections)
    return CsvIdentification(
        round=round,
        villages=[village_decisions[i] for i in sorted(village_decisions)],
        households=[household_decisions[i] for i in sorted(household_decisions)],
        rejections=rejections,
        village_rows=village_total,
        household_rows=household_total,
        persons_selected=persons,
    )


_IDENTIFICATION_FILES: Final = ("villages.csv", "households.csv", "rejected.csv")
"""The files :func:`write_identification` writes, in order."""


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def write_csv_atomic(
    path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Write one CSV file atomically (temporary file in the same folder, then replace).

    Text cells are escaped for spreadsheets and the file gets the umask's mode (see
    :mod:`shuangdao._output`).

    Raises:
        OSError: The folder is not writable (no file is left behind).
    """
    _write_all([(Path(path), header, rows)])


def _write_all(files: Sequence[tuple[Path, Sequence[str], Iterable[Sequence[object]]]]) -> None:
    """Write several CSV files as one set (all replaced or none; :func:`_output.write_files`)."""
    _output.write_files(
        [(target, _output.csv_file(header, rows)) for target, header, rows in files]
    )


def write_identification(out_dir: str | Path, result: CsvIdentification) -> tuple[Path, Path, Path]:
    """Write ``villages.csv``, ``households.csv`` and ``rejected.csv`` into ``out_dir``.

    The folder is created if needed. The three files are replaced as a set: all of them or,
    if anything fails or the process is interrupted, none (no temporary file is left). Text
    cells are escaped for spreadsheets (see :mod:`shuangdao._output`).

    Returns:
        The three paths, in that order.

    Raises:
        OSError: The folder cannot be created or written (no temporary file is left).
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    villages, households, rejected = (folder / name for name in _IDENTIFICATION_FILES)
    paths = (villages, households, rejected)
    _write_all(
        [
            (
                paths[0],
                ("village_id", "selected", "reason"),
                ((d.subject_id, _bool_text(d.outcome), d.code) for d in result.villages),
            ),
            (
                paths[1],
                ("household_id", "poor", "reason"),
                ((d.subject_id, _bool_text(d.outcome), d.code) for d in result.households),
            ),
            (
                paths[2],
                ("file", "row", "id", "field", "error"),
                ((r.file, r.row, r.id, r.field, r.error) for r in result.rejections),
            ),
        ]
    )
    return paths
