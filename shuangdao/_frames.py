"""One vocabulary for result tables: the same access and conversions on every result.

:class:`~shuangdao.batch.BatchResult`, :class:`~shuangdao.scenario.RoundResult` and
:class:`~shuangdao.scenario.Comparison` (and the batch cycle results) share
:class:`TableAccess`:

- ``result.table_names``: the names of the result's tables, in order;
- ``result.tables``: a read-only mapping name → :class:`pyarrow.Table`;
- ``result.table(name)``: one table, exactly as stored;
- ``result.to_arrow(name)``, ``result.to_pandas(name)``, ``result.to_polars(name)``: one
  table, or every table as a ``dict`` by name when ``name`` is omitted, with money columns
  converted as asked (``money=``);
- ``_repr_html_`` (a notebook shows a summary and the first rows) and a short text repr.

Money columns and the ``money`` option
--------------------------------------
A money column is a column of yuan amounts: a decimal column named ``income``,
``margin``, or with ``income``/``margin`` as a ``_``-separated word of its name
(``income_2015``, ``baseline_margin``), or any column whose Arrow field metadata says
``unit = yuan``. Scores and shares (``score``, ``share``) are decimal but not money and are
never converted. ``money`` chooses how money columns come out:

- ``"decimal"`` (the default): exact, as stored: Arrow ``decimal128``; :class:`decimal.Decimal`
  objects in pandas (an ``object`` column); ``Decimal`` dtype in polars.
- ``"float"``: ``float64`` yuan, for plotting and statistics. A float never decides an
  outcome in the library; it is only what you asked to see.
- ``"fen"``: integer fen (``int64``; pandas' nullable ``Int64`` when the column has missing
  values). Amounts finer than the fen (the per-person margins, kept to 0.0001 yuan) are
  rounded half to even to the fen.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final, Literal, get_args

import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.errors import InvalidRecordError, UnknownReferenceError

__all__ = [
    "MONEY_DEFAULT",
    "Money",
    "TableAccess",
    "TableMapping",
    "convert_money",
    "is_money",
]

Money = Literal["decimal", "float", "fen"]
"""How money columns come out of a result's tables (see the module docstring)."""

MONEY_DEFAULT: Final[Money] = "decimal"
"""The default ``money`` option: exact decimals, as stored."""

_MONEY_NAME: Final = re.compile(r"(^|_)(income|margin)(_|$)")
_UNIT_KEY: Final = b"unit"
_YUAN: Final = b"yuan"
_FEN: Final = b"fen"


def is_money(field: pa.Field) -> bool:
    """Whether ``field`` holds yuan amounts (see the module docstring)."""
    metadata = field.metadata or {}
    if _UNIT_KEY in metadata:
        return bool(metadata[_UNIT_KEY] == _YUAN)
    return bool(pa.types.is_decimal(field.type)) and _MONEY_NAME.search(field.name) is not None


def _check_money(money: object) -> Money:
    if money not in get_args(Money):
        raise InvalidRecordError(
            "must be 'decimal', 'float' or 'fen'", field="money", value=repr(money)
        )
    return money  # type: ignore[return-value]


def _to_fen(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_integer(column.type):
        return column  # already integer fen
    if not pa.types.is_decimal(column.type):
        column = pc.cast(column, pa.decimal128(38, 4))
    scale = column.type.scale
    if scale > 2:
        rounded = pc.round(column, ndigits=2, round_mode="half_to_even")
        column = pc.cast(rounded, pa.decimal128(column.type.precision, 2))
    hundred = pa.scalar(Decimal(100), pa.decimal128(3, 0))
    return pc.cast(pc.multiply(column, hundred), pa.int64())


def convert_money(table: pa.Table, money: Money = MONEY_DEFAULT) -> pa.Table:
    """``table`` with its money columns as ``money`` asks (other columns untouched).

    Example:
        >>> import pyarrow as pa
        >>> from decimal import Decimal
        >>> t = pa.table({"margin": pa.array([Decimal("-293.0050")], pa.decimal128(20, 4)),
        ...               "score": pa.array([Decimal("1.5")], pa.decimal128(4, 1))})
        >>> convert_money(t, "fen").to_pylist()
        [{'margin': -29300, 'score': Decimal('1.5')}]
        >>> convert_money(t, "float").column("margin").to_pylist()
        [-293.005]
    """
    money = _check_money(money)
    if money == "decimal":
        return table
    for index, field in enumerate(table.schema):
        if not is_money(field):
            continue
        column = table.column(index)
        if money == "float":
            converted, unit = pc.cast(column, pa.float64()), _YUAN
        else:
            converted, unit = _to_fen(column), _FEN
        metadata = {**(field.metadata or {}), _UNIT_KEY: unit}
        table = table.set_column(
            index, pa.field(field.name, converted.type, metadata=metadata), converted
        )
    return table


def _pandas(table: pa.Table, money: Money) -> Any:
    import pandas as pd

    frame = table.to_pandas()
    if money == "fen":
        # integer fen stay integers where a value is missing (pandas would make them floats)
        for field in table.schema:
            fen = (field.metadata or {}).get(_UNIT_KEY) == _FEN
            if fen and table.column(field.name).null_count:
                frame[field.name] = pd.array(table.column(field.name).to_pylist(), dtype="Int64")
    return frame


def _polars(table: pa.Table, money: Money) -> Any:
    import polars as pl

    return pl.from_arrow(table)


class TableMapping(Mapping[str, pa.Table]):
    """A read-only view of a result's tables by name (``result.tables``).

    Calling it (``comparison.tables()``, the 0.1 spelling) still works for one release and
    warns: use ``comparison.tables`` (a mapping) or ``comparison.table(name)``.
    """

    __slots__ = ("_owner", "_tables")

    def __init__(self, tables: Mapping[str, pa.Table], owner: str) -> None:
        self._tables = tables
        self._owner = owner

    def __getitem__(self, name: str) -> pa.Table:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __call__(self) -> dict[str, pa.Table]:
        warnings.warn(
            f"{self._owner}.tables() is deprecated: {self._owner}.tables is a mapping "
            f"(use {self._owner}.tables[name] or {self._owner}.table(name)); calling it will "
            "be removed in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return dict(self._tables)

    def __repr__(self) -> str:
        return f"<tables: {', '.join(self._tables)}>"


class TableAccess:
    """The table vocabulary every result shares (*Results as tables* in the how-to guides).

    A subclass implements :meth:`_table_map`; the rest follows from it.
    """

    __slots__ = ()

    def _table_map(self) -> Mapping[str, pa.Table]:
        raise NotImplementedError

    def _all_frames(self, frames: dict[str, Any]) -> Any:
        """What ``to_*()`` without a name returns (a dict; BatchResult keeps its tuple)."""
        return frames

    @property
    def table_names(self) -> tuple[str, ...]:
        """The names of this result's tables, in order."""
        return tuple(self._table_map())

    def table(self, name: str) -> pa.Table:
        """One of the result's tables, as stored (exact money).

        Raises:
            UnknownReferenceError: ``name`` is not one of :attr:`table_names`.
        """
        tables = self._table_map()
        if name not in tables:
            raise UnknownReferenceError(
                f"is not a result table ({', '.join(tables)})", field="table", value=name
            )
        return tables[name]

    def _convert(self, name: str | None, money: Money, to: Callable[[pa.Table, Money], Any]) -> Any:
        money = _check_money(money)
        if name is not None:
            return to(convert_money(self.table(name), money), money)
        tables = self._table_map()
        return self._all_frames({n: to(convert_money(tables[n], money), money) for n in tables})

    def to_arrow(self, table: str | None = None, *, money: Money = MONEY_DEFAULT) -> Any:
        """One table as a :class:`pyarrow.Table`, or all of them as a dict by name.

        Args:
            table: A name of :attr:`table_names`, or ``None`` for every table.
            money: ``"decimal"`` (default, exact), ``"float"`` (yuan) or ``"fen"``
                (integers): how money columns come out (see *Results as tables* in the
                how-to guides).
        """
        return self._convert(table, money, lambda t, _m: t)

    def to_pandas(self, table: str | None = None, *, money: Money = MONEY_DEFAULT) -> Any:
        """One table as a pandas DataFrame, or all of them as a dict by name.

        Args:
            table: A name of :attr:`table_names`, or ``None`` for every table.
            money: ``"decimal"`` (default: :class:`~decimal.Decimal` objects, exact),
                ``"float"`` (``float64`` yuan) or ``"fen"`` (integer fen).
        """
        return self._convert(table, money, _pandas)

    def to_polars(self, table: str | None = None, *, money: Money = MONEY_DEFAULT) -> Any:
        """One table as a polars DataFrame, or all of them as a dict by name.

        Args:
            table: A name of :attr:`table_names`, or ``None`` for every table.
            money: ``"decimal"`` (default: polars ``Decimal``), ``"float"`` or ``"fen"``.
        """
        return self._convert(table, money, _polars)
