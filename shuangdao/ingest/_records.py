"""Row-by-row readers of the ``identify`` CSV contract into records (core dependencies only).

The columnar readers (:mod:`shuangdao.batch`) are the fast path; these build one
:class:`~shuangdao.model.Village` or :class:`~shuangdao.model.Household` per row when
pyarrow is not installed. Both check, for each row, in the same order: every cell in the
contract's column order, (households) the village reference when the ``village_id`` cell
was read, then duplicates among the valid rows (the first valid occurrence is kept); each
problem is one rejection, as :class:`shuangdao.ingest.table.Check` lists them. A rule that
cannot decide a record rejects it later, so what a round's rule needs of a village (a
missing ``collective_income``) is listed only for the rows whose cells all read; the
columnar path lists it beside the row's cell problems too.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import frozen

from shuangdao.errors import InvalidRecordError, ShuangdaoError, UnknownReferenceError
from shuangdao.ingest._csv import TextTable, read_csv_text
from shuangdao.ingest._rejection import Rejection
from shuangdao.ingest.schema import IDENTIFY_HOUSEHOLDS, IDENTIFY_VILLAGES, Contract

if TYPE_CHECKING:
    from shuangdao.model import Household, Village

__all__ = ["RowsRead", "read_households", "read_villages"]

_MEASURE: Final = {1: "net", 2: "net", 3: "disposable"}


@frozen
class RowsRead:
    """Records read from a file, with their data row numbers, and the rejected rows.

    Attributes:
        records: ``(row, record)`` for every accepted row, in file order.
        rejected: Every problem of the rejected rows (one rejection each), by row.
        n_rows: Data rows in the file.
        lines: The file line each data row starts on, by row.
    """

    records: list[tuple[int, Any]]
    rejected: list[Rejection]
    n_rows: int
    lines: dict[int, int]


def _cells(
    table: TextTable, contract: Contract, round: int, position: int
) -> tuple[dict[str, Any], str, list[ShuangdaoError]]:
    """Parse one row's cells in contract order: ``(values, id, every cell's error)``.

    Every cell is read, also after one failed, so each problem of the row is listed (in the
    contract's column order); a failed cell is left out of ``values``.
    """
    parsed: dict[str, Any] = {}
    record_id = ""
    label = None
    errors: list[ShuangdaoError] = []
    for column in contract.columns:
        if column.name not in table.columns or (
            column.header_rounds and round not in column.header_rounds
        ):
            continue
        raw = table.columns[column.name][position]
        own = column.name == contract.id_column
        try:
            value = column.cell.parse(raw, field=column.name)
        except ShuangdaoError as error:
            errors.append(
                type(error)(
                    error.detail,
                    record=None if own else label,
                    field=error.field,
                    value=error.value,
                    rule=error.rule or f"model.{contract.kind.replace(' ', '_')}",
                )
            )
            if own and isinstance(raw, str):
                record_id = raw.strip()
            continue
        if own:
            if value is None:
                errors.append(
                    InvalidRecordError(
                        "is missing",
                        field=column.name,
                        rule=f"model.{contract.kind.replace(' ', '_')}",
                    )
                )
                continue
            record_id = value
            label = f"{contract.kind} {value}"
        parsed[column.name] = value
    return parsed, record_id, errors


def _rejections(
    contract: Contract,
    table: TextTable,
    position: int,
    record_id: str,
    errors: list[ShuangdaoError],
) -> list[Rejection]:
    """One rejection per problem of the row, in the contract's column order."""
    order = {column.name: k for k, column in enumerate(contract.columns)}
    ordered = sorted(errors, key=lambda error: order.get(error.field or "", len(order)))
    return [_reject(contract, table, position, record_id, error) for error in ordered]


def _reject(
    contract: Contract, table: TextTable, position: int, record_id: str, error: ShuangdaoError
) -> Rejection:
    return Rejection(
        contract.file,
        table.rows[position],
        record_id,
        error.field or "",
        str(error),
        line=table.lines[position],
    )


def _duplicate(contract: Contract, record_id: str, first: int) -> ShuangdaoError:
    return InvalidRecordError(
        f"is a duplicate of {contract.file}[{first - 1}] (row {first}); the first occurrence "
        "is kept",
        record=f"{contract.kind} {record_id}",
        field=contract.id_column,
        value=record_id,
        rule="identification",
    )


def read_villages(path: str | Path, *, round: int) -> RowsRead:
    """Read a villages CSV file of ``round`` into :class:`~shuangdao.model.Village` records.

    Raises:
        InvalidRecordError: A file-level problem (see :func:`read_csv_text`).
    """
    from shuangdao.model import Village

    contract = IDENTIFY_VILLAGES
    table = read_csv_text(
        path, name=contract.file, required=contract.header(round), id_column=contract.id_column
    )
    rejected = list(table.rejected)
    records: list[tuple[int, Village]] = []
    first_row: dict[str, int] = {}
    for position, row in enumerate(table.rows):
        values, record_id, errors = _cells(table, contract, round, position)
        if not errors and record_id in first_row:  # judged among valid rows
            errors = [_duplicate(contract, record_id, first_row[record_id])]
        if not errors:
            try:
                village = Village(income_measure=_MEASURE[round], **values)
            except ShuangdaoError as failure:  # pragma: no cover - cells were checked
                errors = [failure]
        if errors:
            rejected.extend(_rejections(contract, table, position, record_id, errors))
            continue
        first_row[record_id] = row
        records.append((row, village))
    rejected.sort(key=lambda r: r.row)
    return RowsRead(
        records, rejected, table.n_rows, dict(zip(table.rows, table.lines, strict=True))
    )


def read_households(
    path: str | Path,
    *,
    round: int,
    village_ids: Collection[str],
    rejected_village_ids: Collection[str] = (),
) -> RowsRead:
    """Read a households CSV file into :class:`~shuangdao.model.Household` records.

    A household whose village is not in ``village_ids`` is rejected (saying so when its
    village is among ``rejected_village_ids``).

    Raises:
        InvalidRecordError: A file-level problem (see :func:`read_csv_text`).
    """
    from shuangdao.model import Household

    contract = IDENTIFY_HOUSEHOLDS
    table = read_csv_text(
        path, name=contract.file, required=contract.header(round), id_column=contract.id_column
    )
    rejected = list(table.rejected)
    records: list[tuple[int, Household]] = []
    first_row: dict[str, int] = {}
    for position, row in enumerate(table.rows):
        values, record_id, errors = _cells(table, contract, round, position)
        village_id = values.get("village_id")
        # The reference needs its own cell only: checked beside the row's other problems.
        if village_id is not None and village_id not in village_ids:
            label = f"household {values['household_id']}" if "household_id" in values else None
            errors.append(
                InvalidRecordError(
                    "was rejected in the villages input, so this household cannot be decided",
                    record=label,
                    field="village_id",
                    value=village_id,
                    rule="identification",
                )
                if village_id in rejected_village_ids
                else UnknownReferenceError(
                    "is not in the villages input",
                    record=label,
                    field="village_id",
                    value=village_id,
                    rule="identification",
                )
            )
        if not errors and record_id in first_row:  # judged among valid rows
            errors = [_duplicate(contract, record_id, first_row[record_id])]
        if not errors:
            try:
                household = Household(income_measure=_MEASURE[round], **values)
            except ShuangdaoError as failure:  # pragma: no cover - cells were checked
                errors = [failure]
        if errors:
            rejected.extend(_rejections(contract, table, position, record_id, errors))
            continue
        first_row[record_id] = row
        records.append((row, household))
    rejected.sort(key=lambda r: r.row)
    return RowsRead(
        records, rejected, table.n_rows, dict(zip(table.rows, table.lines, strict=True))
    )
