"""Every problem of each row: :class:`~shuangdao.ingest.table.Check` and its bookkeeping.

Besides the check itself, :class:`~shuangdao.ingest.table.LazyIds` (row ids turned into
Python only for the rows an error names) and the private helpers every column validator
reports through: a missing value, a grammar error named with its row, and the slow path
that parses cells one by one and stores or rejects each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from shuangdao.errors import InvalidRecordError, ShuangdaoError
from shuangdao.ingest._rejection import Rejection
from shuangdao.ingest.schema import Contract
from shuangdao.ingest.table._source import Column, Source, values

__all__ = ["Check", "LazyIds"]


class Check:
    """Every problem of each row of one input table, and how to name the rows.

    Each column validator checks its column on every row (not only on the rows still
    valid), so a row with three bad cells is reported three times, once per field, and a
    user fixes them in one pass. The lines of a row come in the contract's column order
    (``fields``), and rows in file order.

    Checks that depend on a value that already failed are not reported on top of it: they
    would only repeat the first problem.

    * **One line per field.** :meth:`reject` keeps the first problem of each ``(row,
      field)``: a field whose cell cannot be read is not also "missing (required by this
      rule)" or "must be >= 1 to compute the relatively poor share"; an unreadable
      ``village_id`` is not also "not in the villages input".
    * **References need their own cell only.** A household's ``village_id`` that was read
      but names no accepted village is reported beside the row's other problems (the
      reference check depends on that cell alone, see :meth:`failed`).
    * **Duplicates are judged among valid rows** (:func:`duplicates`): the occurrence kept
      is the first *valid* record with that id, as on the object path, so a row with a bad
      cell (or a household with an unknown village) is neither kept nor called a
      duplicate. What a round's rule needs of a village is checked after, as before, and
      is listed beside a duplicate line.
    * **Derived values are never computed from a failed cell**: a rejected row (one or more
      lines) reaches no rule, so nothing derived from ``members`` (per-capita income, the
      relatively poor share) is reported when ``members`` itself is unreadable.

    Whether a row is rejected does not depend on how many problems it has: the rows
    rejected, and so every count of rejected rows, are those of a check that stopped at
    the first problem; only the lines are more. Count rows with
    :func:`~shuangdao.ingest.rejected_rows`, never the lines.

    Attributes:
        file: How rejections name the input.
        kind: How errors name a record (``"household"``).
        n: Rows in the table.
        rows: Data row number of each table row.
        ids: Each row's id (for messages; set once the id column is read).
        bad: Whether each row is rejected (has at least one problem).
        errors: Per rejected row: ``{field: message}``, in the order found.
        fields: The contract's column order (lines of a row are sorted by it; fields it
            does not list come after, in the order found).
        position: Each of ``fields``' place in that order.
        earlier: Rejections made before the table (malformed CSV lines).
        lines: For CSV files: the file line of table rows, on demand.
    """

    __slots__ = (
        "bad",
        "earlier",
        "errors",
        "fields",
        "file",
        "ids",
        "kind",
        "lines",
        "n",
        "position",
        "rows",
    )

    def __init__(
        self,
        *,
        file: str,
        kind: str,
        n: int,
        rows: np.ndarray[Any, Any] | None = None,
        earlier: Sequence[Rejection] = (),
        lines: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]] | None = None,
        fields: Sequence[str] = (),
    ) -> None:
        self.file = file
        self.kind = kind
        self.n = n
        self.rows = np.arange(1, n + 1, dtype=np.int64) if rows is None else rows
        self.ids: Sequence[str | None] = ()
        self.bad = np.zeros(n, dtype=bool)
        self.errors: dict[int, dict[str, str]] = {}
        self.fields = tuple(fields)
        self.position = {name: k for k, name in enumerate(self.fields)}
        self.earlier = list(earlier)
        self.lines = lines

    @classmethod
    def of(cls, source: Source, kind: str, *, contract: Contract | None = None) -> Check:
        """A check over a :class:`Source`'s table (lines in ``contract``'s column order)."""
        names = source.table.column_names
        fields = contract.column_order(names) if contract is not None else ()
        return cls(
            file=source.file,
            kind=kind,
            n=source.table.num_rows,
            rows=source.rows,
            earlier=source.rejected or (),
            lines=source.lines,
            fields=fields,
        )

    def reject(self, i: int, field_name: str, error: ShuangdaoError | str) -> None:
        """Reject row ``i`` for ``error`` in ``field_name``, unless that field already failed.

        The first problem of a field is its only line: a later check of the same field
        (what a rule needs of it, a reference) depends on the value that failed.
        """
        found = self.errors.get(i)
        if found is None:
            self.bad[i] = True
            self.errors[i] = {field_name: str(error)}
        elif field_name not in found:
            found[field_name] = str(error)

    def failed(self, field_name: str) -> np.ndarray[Any, Any]:
        """Whether ``field_name`` already failed on each row (a ``bool`` array)."""
        out = np.zeros(self.n, dtype=bool)
        rows = [i for i, found in self.errors.items() if field_name in found]
        if rows:
            out[rows] = True
        return out

    def record(self, i: int) -> str | None:
        """How errors name row ``i`` (``"household h1"``), if its id is known."""
        value = self.ids[i] if i < len(self.ids) else None
        return f"{self.kind} {value}" if isinstance(value, str) and value else None

    def id_of(self, i: int) -> str:
        """Row ``i``'s id, or ``""``."""
        value = self.ids[i] if i < len(self.ids) else None
        return value if isinstance(value, str) else ""

    def _ordered(self, i: int) -> list[tuple[str, str]]:
        """Row ``i``'s ``(field, message)`` lines in the contract's column order."""
        found = list(self.errors[i].items())
        if len(found) == 1 or not self.position:
            return found
        last = len(self.position)
        return sorted(found, key=lambda item: self.position.get(item[0], last))

    def rejections(self) -> list[Rejection]:
        """Every rejection (the reader's and this check's): by row, then by column."""
        chosen = sorted(self.errors)
        lines = (
            self.lines(np.asarray(chosen, dtype=np.int64)).tolist()
            if self.lines is not None and chosen
            else [None] * len(chosen)
        )
        own = [
            Rejection(self.file, int(self.rows[i]), self.id_of(i), name, message, line=line)
            for i, line in zip(chosen, lines, strict=True)
            for name, message in self._ordered(i)
        ]
        if not self.earlier:
            return own
        return sorted([*self.earlier, *own], key=lambda r: r.row)

    @property
    def n_rejected(self) -> int:
        """Rejected rows (the reader's and this check's), not lines."""
        return len(self.errors) + len(self.earlier)

    @property
    def n_rows(self) -> int:
        """All data rows of the input (the table's and the reader's rejections)."""
        return self.n + len(self.earlier)


class LazyIds(Sequence[str | None]):
    """Ids of input rows, turned into Python only for the rows an error names."""

    def __init__(self, ids: Column) -> None:
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i: Any) -> Any:
        value = self._ids[i]
        if isinstance(value, pa.Scalar):
            value = value.as_py()
        return value if isinstance(value, str) else None


# ---------------------------------------------------------------- reporting


def _model_rule(check: Check) -> str:
    """The rule a cell error is reported under: the model's (``model.household``)."""
    return f"model.{check.kind.replace(' ', '_')}"


def _missing(check: Check, i: int, field_name: str, rule: str | None = None) -> None:
    check.reject(
        i,
        field_name,
        InvalidRecordError(
            "is missing", record=check.record(i), field=field_name, rule=rule or _model_rule(check)
        ),
    )


def _named(error: ShuangdaoError, check: Check, i: int) -> ShuangdaoError:
    """``error`` with the row's record name and the model's rule (for a grammar error)."""
    if error.record is not None:
        return error
    return type(error)(
        error.detail,
        record=check.record(i),
        field=error.field,
        value=error.value,
        rule=error.rule or _model_rule(check),
    )


def _slow(
    col: Column,
    check: Check,
    candidates: np.ndarray[Any, Any],
    field_name: str,
    *,
    parse: Callable[[Any], Any],
    store: Callable[[int, Any], None],
) -> None:
    """Parse the values of ``candidates`` one by one; store or reject each.

    Every candidate is parsed, also on rows already rejected for another field: each
    independent problem of a row is reported (:class:`Check`).
    """
    for i, value in zip(candidates.tolist(), values(col, candidates), strict=True):
        try:
            result = parse(value)
        except ShuangdaoError as error:
            check.reject(i, field_name, _named(error, check, i))
            continue
        store(i, result)
