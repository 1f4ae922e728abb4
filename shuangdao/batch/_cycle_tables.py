"""What the exit and settlement tables share: Arrow columns from integers, checks, conversions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pyarrow as pa

from shuangdao._decimals import decimal_array
from shuangdao.batch._result import MARGIN_TYPE, REJECTED_SCHEMA, InternalConsistencyError
from shuangdao.citations import Certainty
from shuangdao.declare import certainty_array, codes_array, not_assessed_array
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.ingest import Rejection
from shuangdao.standards import Standards, default_standards

__all__ = [
    "MONEY_TYPE",
    "Households",
    "certainty_column",
    "check_counts",
    "check_round",
    "codes_column",
    "margin_column",
    "money_column",
    "not_assessed_column",
    "rejected_table",
    "standards_of",
    "year_list",
]

MONEY_TYPE: Final = pa.decimal128(17, 2)
"""Arrow type of money columns in results (exact yuan)."""


@dataclass(slots=True)
class Households:
    """Validated household rows (accepted only, in input order).

    ``targets`` holds the non-income targets read (by input name: the values and where they
    were supplied); a target absent from the table is absent here (not assessed).
    """

    ids: list[str]
    members: np.ndarray[Any, Any]
    income: dict[int, np.ndarray[Any, Any]]
    present: dict[int, np.ndarray[Any, Any]]
    labour: np.ndarray[Any, Any]
    village_ids: list[str]
    targets: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = field(
        default_factory=dict
    )

    def target_columns(self) -> dict[str, np.ndarray[Any, Any]]:
        """The targets as evaluator columns: ``name`` and its presence ``name + "?"``."""
        columns: dict[str, np.ndarray[Any, Any]] = {}
        for name, (values, present) in self.targets.items():
            columns[name] = values
            columns[name + "?"] = present
        return columns

    def target_values(self, position: int) -> dict[str, bool | None]:
        """One household's targets (``None`` where not supplied)."""
        return {
            name: bool(values[position]) if present[position] else None
            for name, (values, present) in self.targets.items()
        }


def standards_of(standards: Standards | None) -> Standards:
    """``standards``, or the default; a typed error for anything else."""
    if standards is None:
        return default_standards()
    if not isinstance(standards, Standards):
        raise InvalidTypeError(
            f"must be a Standards object, not {type(standards).__name__}", field="standards"
        )
    return standards


def check_round(number: object, what: str) -> int:
    """A round with ``what`` rule (1, 2 or 3), or a typed error."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidTypeError("must be a round number (int)", field="round", value=number)
    if number not in (1, 2, 3):
        raise UnknownReferenceError(
            f"is not a round with {what} rule (1, 2, 3)", field="round", value=number
        )
    return number


def margin_column(units: np.ndarray[Any, Any], valid: np.ndarray[Any, Any] | None = None) -> Any:
    """``decimal128(20, 4)`` from integer 0.0001-yuan units (exact); nulls where not valid."""
    return decimal_array(units, MARGIN_TYPE, valid)


def money_column(fen: np.ndarray[Any, Any], valid: np.ndarray[Any, Any] | None = None) -> Any:
    """``decimal128(17, 2)`` yuan from integer fen (exact); nulls where not valid."""
    return decimal_array(np.asarray(fen, dtype=np.int64), MONEY_TYPE, valid)


def codes_column(
    bits: np.ndarray[Any, Any], names: Sequence[str], valid: np.ndarray[Any, Any] | None = None
) -> Any:
    """Reason codes from failing-criteria bits (the declared rule's); nulls where not valid."""
    codes = codes_array(bits, names)
    if valid is None:
        return codes
    indices = pa.array(
        np.where(valid, np.asarray(bits, np.int32), 0), pa.int32(), mask=~np.asarray(valid)
    )
    return pa.DictionaryArray.from_arrays(indices, codes.dictionary)


def not_assessed_column(
    bits: np.ndarray[Any, Any], names: Sequence[str], valid: np.ndarray[Any, Any] | None = None
) -> Any:
    """Criteria not assessed (``a+b``) from not-assessed bits; null where none (or not valid)."""
    array = not_assessed_array(bits, names)
    if valid is None:
        return array
    bits = np.where(np.asarray(valid, dtype=bool), np.asarray(bits, np.int32), 0)
    return not_assessed_array(bits, names)


def certainty_column(certainties: Sequence[Certainty]) -> Any:
    """A dictionary-encoded ``certainty`` column, one value per row."""
    if certainties and all(c is certainties[0] for c in certainties):
        return certainty_array(len(certainties), certainties[0])
    return pa.array([c.value for c in certainties], pa.string()).dictionary_encode()


def rejected_table(rows: Sequence[Rejection]) -> pa.Table:
    """The ``rejected`` table: every rejected row, with its file, row, id, field and error."""
    return pa.table(
        {
            "file": pa.array([r.file for r in rows], pa.string()),
            "row": pa.array([r.row for r in rows], pa.int64()),
            "id": pa.array([r.id for r in rows], pa.string()),
            "field": pa.array([r.field for r in rows], pa.string()),
            "error": pa.array([r.error for r in rows], pa.string()),
        },
        schema=REJECTED_SCHEMA,
    )


def check_counts(decided: int, rejected: int, total: int, what: str) -> None:
    """Decided + rejected = input rows, or an :class:`InternalConsistencyError`."""
    if decided + rejected != total:
        raise InternalConsistencyError(
            f"{decided} decided + {rejected} rejected != {total} input rows", field=what
        )


def year_list(years: Iterable[int] | None, default: Iterable[int]) -> tuple[int, ...]:
    """The income years decided: given, or the round's; sorted, distinct, at least one."""
    chosen = tuple(default if years is None else years)
    for year in chosen:
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidTypeError("must be years (int)", field="years", value=year)
    if len(set(chosen)) != len(chosen):
        raise InvalidRecordError("must not repeat a year", field="years", value=list(chosen))
    if not chosen:
        raise InvalidRecordError("must name at least one year", field="years")
    return tuple(sorted(chosen))
