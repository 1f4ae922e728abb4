"""Row-by-row readers of the ``identify`` CSV contract into records (core dependencies only).

The columnar readers (:mod:`shuangdao.batch`) are the fast path; these build one
:class:`~shuangdao.model.Village` or :class:`~shuangdao.model.Household` per row when
pyarrow is not installed. Both check, for each row, in the same order: every cell in the
contract's column order, (households) the village reference when the ``village_id`` cell
was read, then duplicates among the rows whose cells all read (the first occurrence is kept),
then (villages, given the round's rule) every requirement the rule declares that the row does
not meet (a missing ``collective_income``); each problem is one rejection, as
:class:`shuangdao.ingest.table.Check` lists them.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from shuangdao.errors import InvalidRecordError, ShuangdaoError, UnknownReferenceError
from shuangdao.ingest._csv import TextTable, read_csv_text
from shuangdao.ingest._rejection import Rejection
from shuangdao.ingest.schema import IDENTIFY_HOUSEHOLDS, IDENTIFY_VILLAGES, Contract

if TYPE_CHECKING:
    from shuangdao.declare import Rule
    from shuangdao.model import Household, IncomeMeasure, Village
    from shuangdao.standards import Standards

__all__ = ["RowsRead", "read_households", "read_villages"]


def _measure(round: int, measure: IncomeMeasure | str | None) -> IncomeMeasure | str:
    """``measure``, or the round's income measure in the shipped standards."""
    if measure is not None:
        return measure
    from shuangdao.standards import default_standards  # standards reads ingest: not at import

    return default_standards().round(round).income_measure


def _unmet(
    rule: Rule, values: dict[str, Any], errors: list[ShuangdaoError], standards: Standards | None
) -> list[ShuangdaoError]:
    """What ``rule`` requires and the row's values do not meet (a failed cell keeps its own)."""
    failed = {error.field for error in errors}
    record = f"village {values['village_id']}" if "village_id" in values else None
    found: list[ShuangdaoError] = []
    for need in rule.requires:
        if need.field not in failed:
            problem = need.problem(
                values.get(need.field), record=record, rule=rule.id, standards=standards
            )
            if problem is not None:
                found.append(problem)
    return found


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
    table: TextTable, contract: Contract, position: int
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
        if column.name not in table.columns:  # every column given is read, as the table doors do
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


def read_villages(
    path: str | Path,
    *,
    round: int,
    measure: IncomeMeasure | str | None = None,
    rule: Rule | None = None,
    standards: Standards | None = None,
) -> RowsRead:
    """Read a villages CSV file of ``round`` into :class:`~shuangdao.model.Village` records.

    Args:
        path: The file.
        round: 1, 2 or 3.
        measure: The income measure every record is in (default: the round's
            ``income_measure`` in the shipped standards).
        rule: The round's village rule (:func:`shuangdao.rules.identification.village_rule`):
            every requirement it declares (:attr:`~shuangdao.declare.Rule.requires`) that a
            row does not meet is one more problem of the row, beside its cell problems, as
            the columnar readers list them. ``None``: the rule finds the first one later.
        standards: Where a requirement's parameter hint is read (with ``rule``).

    Raises:
        InvalidRecordError: A file-level problem (see :func:`read_csv_text`).

    .. versionchanged:: 0.2.0 ``measure``, ``rule`` and ``standards``.
    """
    from shuangdao.model import Village

    contract = IDENTIFY_VILLAGES
    table = read_csv_text(
        path, name=contract.file, required=contract.header(round), id_column=contract.id_column
    )
    rejected = list(table.rejected)
    records: list[tuple[int, Village]] = []
    first_row: dict[str, int] = {}
    income_measure = _measure(round, measure)
    for position, row in enumerate(table.rows):
        values, record_id, errors = _cells(table, contract, position)
        if not errors:  # duplicates are judged among the rows whose cells all read
            if record_id in first_row:
                errors = [_duplicate(contract, record_id, first_row[record_id])]
            else:
                first_row[record_id] = row
        if rule is not None:
            errors += _unmet(rule, values, errors, standards)
        if not errors:
            try:
                village = Village(income_measure=income_measure, **values)
            except ShuangdaoError as failure:  # pragma: no cover - cells were checked
                errors = [failure]
        if errors:
            rejected.extend(_rejections(contract, table, position, record_id, errors))
            continue
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
    measure: IncomeMeasure | str | None = None,
) -> RowsRead:
    """Read a households CSV file into :class:`~shuangdao.model.Household` records.

    A household whose village is not in ``village_ids`` is rejected (saying so when its
    village is among ``rejected_village_ids``). Every record is in ``measure`` (default: the
    round's ``income_measure`` in the shipped standards).

    Raises:
        InvalidRecordError: A file-level problem (see :func:`read_csv_text`).

    .. versionchanged:: 0.2.0 ``measure``.
    """
    from shuangdao.model import Household

    contract = IDENTIFY_HOUSEHOLDS
    table = read_csv_text(
        path, name=contract.file, required=contract.header(round), id_column=contract.id_column
    )
    rejected = list(table.rejected)
    income_measure = _measure(round, measure)
    records: list[tuple[int, Household]] = []
    first_row: dict[str, int] = {}
    for position, row in enumerate(table.rows):
        values, record_id, errors = _cells(table, contract, position)
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
                household = Household(income_measure=income_measure, **values)
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
