"""Small tables (units, cadres) row by row: :func:`~shuangdao.ingest.table.read_rows`."""

from __future__ import annotations

from typing import Any

import numpy as np

from shuangdao.errors import InvalidRecordError, RecordErrors, ShuangdaoError
from shuangdao.ingest.schema import Contract
from shuangdao.ingest.table._source import column, read_source, values

__all__ = ["read_rows"]


def read_rows(source: Any, contract: Contract, *, round: int | None = None) -> list[dict[str, Any]]:
    """Read a small input table (units, cadres) into validated rows, or raise every problem.

    Each row is a ``dict`` of the contract's columns present in the input (values read with
    their cells; extra columns are dropped). Ids must be unique. Every bad cell of a row is
    listed (in the contract's column order), as :class:`Check` does; a duplicate id is
    judged among the rows whose cells all read.

    Raises:
        InvalidRecordError: A file-level problem (unreadable, a missing or duplicate column).
        RecordErrors: Rows that cannot be read, each named by file, row and field
            (``$.units[row 3].kind``).
    """
    read = read_source(
        source, name=contract.file, required=contract.header(round), id_column=contract.id_column
    )
    table = read.table
    rows = read.rows if read.rows is not None else np.arange(1, table.num_rows + 1)
    present = [c for c in contract.columns if not c.per_year and c.name in table.column_names]
    python = {c.name: values(column(table, c.name), np.arange(table.num_rows)) for c in present}
    located: list[tuple[str, ShuangdaoError]] = [
        (f"$.{contract.file}[row {r.row}]", InvalidRecordError(r.error))
        for r in read.rejected or ()
    ]
    out: list[dict[str, Any]] = []
    first: dict[str, int] = {}
    for i, row in enumerate(rows.tolist()):
        parsed: dict[str, Any] = {}
        label: str | None = None
        failed = False
        for spec in present:
            raw = python[spec.name][i]
            try:
                parsed[spec.name] = spec.cell.parse(raw, field=spec.name)
            except ShuangdaoError as error:
                failed = True  # every cell of the row is still read: each problem is listed
                located.append(
                    (
                        f"$.{contract.file}[row {row}].{spec.name}",
                        type(error)(
                            error.detail,
                            record=label or f"{contract.file} row {row}",
                            field=error.field,
                            value=error.value,
                            rule=error.rule or f"model.{contract.kind.replace(' ', '_')}",
                        ),
                    )
                )
                continue
            if spec.name == contract.id_column:
                label = f"{contract.kind} {parsed[spec.name]}"
        if not failed:  # a duplicate is judged among valid rows (see Check)
            key = parsed[contract.id_column]
            if key in first:
                located.append(
                    (
                        f"$.{contract.file}[row {row}].{contract.id_column}",
                        InvalidRecordError(
                            f"is a duplicate of row {first[key]}",
                            record=label,
                            field=contract.id_column,
                            value=key,
                            rule="ingest",
                        ),
                    )
                )
                continue
            first[key] = row
            out.append(parsed)
    if located:
        # Rows, not problems: a row with two bad cells is one invalid row, listed twice.
        invalid = len(read.rejected or ()) + len(rows) - len(out)
        problems = f" ({len(located)} problems)" if len(located) > invalid else ""
        raise RecordErrors.from_errors(
            f"{invalid} invalid row(s) in {contract.file}{problems}", located
        )
    return out
