"""Criteria scaled by a second input: per capita and as a share.

* :class:`PerCapita` — a total against ``line × persons`` (a household's income against the
  per-capita line), never dividing;
* :class:`Share` — a part against ``share × whole`` (poor persons against a share of the
  registered population), also in integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from attrs import field, frozen

from shuangdao.declare import kernel
from shuangdao.declare._criteria import Columns, Values, _fill, _missing
from shuangdao.declare._lines import Env, Line, Resolved, resolve_param, weakest
from shuangdao.errors import InvalidRecordError
from shuangdao.explain import Reason
from shuangdao.quantities import Comparator
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "BoundPerCapita",
    "BoundShare",
    "PerCapita",
    "Share",
]


# ------------------------------------------------------------------------------ PerCapita
@frozen
class PerCapita:
    """A household total compared with a per-person line: ``total <op> line × persons``.

    The comparison never divides. The reason's ``observed`` is the total, its ``threshold``
    the line for the household (``line × persons``, exact), its ``margin`` the per-capita
    margin ``total / persons - line`` rounded half-even to 0.0001 yuan (reported only), and
    its ``per_capita`` and ``persons`` the two factors.

    Args:
        name: The criterion's code (``household_income``).
        total: The total amount (money).
        persons: The persons it is shared by (``members``).
        line: Where the per-person line comes from.
        comparator: The comparator parameter.
        label_en: What is compared (may name ``{subject_id}`` and ``{year}``); the
            persons are the reason's ``persons``.
        label_zh: The same in Chinese.
    """

    name: str
    total: str
    persons: str
    line: Line
    comparator: Param[Comparator]
    label_en: str
    label_zh: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The total and the persons."""
        return (self.total, self.persons)

    @property
    def keys(self) -> tuple[str, ...]:
        """The line's keys and the comparator."""
        return (*self.line.keys, str(self.comparator))

    def bind(self, env: Env) -> BoundPerCapita:
        """Read the line and the comparator."""
        return BoundPerCapita(
            self, self.line.resolve(env), resolve_param(self.comparator, env), env.year
        )


_TEXTS_CACHE: Final = 64
"""Label texts are shared for this many household sizes (fewer allocations)."""


class BoundPerCapita:
    """A :class:`PerCapita` under one standards object (and year)."""

    __slots__ = (
        "certainty",
        "comparator",
        "criterion",
        "line",
        "name",
        "op",
        "plain",
        "rests_on",
        "shift",
        "texts",
        "threshold",
        "year",
    )

    def __init__(
        self, criterion: PerCapita, line: Resolved, comparator: Resolved, year: int | None = None
    ) -> None:
        self.year = year
        self.criterion = criterion
        self.name = criterion.name
        self.line = line
        self.comparator: Comparator = comparator.value
        self.certainty, self.rests_on = weakest(line, comparator)
        self.threshold = kernel.scaled(line.value, 2)
        self.op = kernel.OPERATORS[self.comparator]
        self.shift = 10 ** (self.threshold.k - 2)
        self.plain = "{" not in criterion.label_en + criterion.label_zh
        self.texts: dict[int, tuple[str, str, Decimal, str, str]] = {}

    def _texts(self, persons: int) -> tuple[str, str, Decimal, str, str]:
        texts = self.texts.get(persons)
        if texts is None:
            # The persons, the line per person and the margin per person are the reason's
            # data (persons, per_capita, margin); the explanation renders them. The note
            # keeps only how the line was obtained.
            texts = (
                self.criterion.label_en,
                self.criterion.label_zh,
                kernel.threshold_times(self.threshold, persons),
                self.line.note_en,
                self.line.note_zh,
            )
            if len(self.texts) < _TEXTS_CACHE:
                self.texts[persons] = texts
        return texts

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Compare one household exactly (``total × 100 <op> line × 100 × persons``)."""
        c = self.criterion
        total = values[c.total]
        persons = values[c.persons]
        if total is None:
            raise _missing(c.total, subject_id, "")
        fen = kernel.fen(total)
        if fen is None:
            raise InvalidRecordError(
                "has more than two decimals (fen precision)",
                record=subject_id or None,
                field=c.total,
                value=total,
            )
        label_en, label_zh, threshold, note_en, note_zh = self._texts(persons)
        if not self.plain:
            labels = {"subject_id": subject_id, "year": self.year, **values}
            label_en = _fill(label_en, labels)
            label_zh = _fill(label_zh, labels)
        return Reason(
            criterion=c.name,
            holds=self.holds(fen, persons),
            label_en=label_en,
            label_zh=label_zh,
            citation=self.line.citation,
            observed=total,
            threshold=threshold,
            comparator=self.comparator,
            margin=kernel.as_decimal(
                kernel.per_capita_margin(fen, persons, self.threshold), kernel.MARGIN_SCALE
            ),
            unit="yuan",
            parameter=self.line.key,
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            per_capita=self.line.value,
            persons=persons,
            rests_on=self.rests_on,
        )

    def holds(self, fen: int, persons: int) -> bool:
        """One household: ``fen × 10**(k-2) <op> n × persons`` (the kernel's comparison)."""
        return bool(self.op(fen * self.shift, self.threshold.n * persons))

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``total <op> line × persons`` holds (integer comparison, fen)."""
        c = self.criterion
        result: np.ndarray[Any, Any] = kernel.compare(
            columns[c.total], self.comparator, self.threshold, times=columns[c.persons]
        )
        return result

    def margin(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Per-capita margins in 0.0001 yuan (half-even), as the reasons report them."""
        c = self.criterion
        result: np.ndarray[Any, Any] = kernel.per_capita_margin(
            columns[c.total], columns[c.persons], self.threshold
        )
        return result

    def column_and_margin(
        self, columns: Columns
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """:meth:`column` and :meth:`margin` at once (one pass of the integer arithmetic)."""
        c = self.criterion
        holds, margin = kernel.per_capita(
            columns[c.total], columns[c.persons], self.threshold, self.comparator
        )
        return holds, margin


# ------------------------------------------------------------------------------ Share
@frozen
class Share:
    """A count compared with a share of another: ``part <op> share × whole``.

    Exact (``part × 10**k <op> n × whole`` for ``share = n / 10**k``), never divided: 50
    relatively poor persons of 1000 registered is exactly 5 %.

    Args:
        name: The criterion's code (``poor_share``).
        part: The count compared (``relatively_poor_persons``).
        whole: The count the share is of (``registered_population``).
        share: The share parameter.
        comparator: The comparator parameter.
        label_en: What is compared; may name ``{share}``, ``{whole}`` and the inputs.
        label_zh: The same in Chinese.
        unit: The unit of ``part`` (``"persons"``).
        as_ratio: Report the observed share ``part / whole`` (half-even to 0.0001) against the
            share itself, with the exact comparison in the note (a settlement's "80 % of the
            persons"), instead of ``part`` against ``share × whole``.
    """

    name: str
    part: str
    whole: str
    share: Param[Decimal]
    comparator: Param[Comparator]
    label_en: str
    label_zh: str
    unit: str = field(default="persons")
    as_ratio: bool = False

    @property
    def inputs(self) -> tuple[str, ...]:
        """The part and the whole."""
        return (self.part, self.whole)

    @property
    def keys(self) -> tuple[str, ...]:
        """The share and the comparator."""
        return (str(self.share), str(self.comparator))

    def bind(self, env: Env) -> BoundShare:
        """Read the share and the comparator."""
        return BoundShare(
            self, resolve_param(self.share, env), resolve_param(self.comparator, env), env.year
        )


class BoundShare:
    """A :class:`Share` under one standards object."""

    __slots__ = (
        "certainty",
        "comparator",
        "criterion",
        "name",
        "rests_on",
        "share",
        "threshold",
        "year",
    )

    def __init__(
        self, criterion: Share, share: Resolved, comparator: Resolved, year: int | None = None
    ) -> None:
        self.year = year
        self.criterion = criterion
        self.name = criterion.name
        self.share = share
        self.comparator: Comparator = comparator.value
        self.certainty, self.rests_on = weakest(share, comparator)
        self.threshold = kernel.scaled(share.value, 0)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Compare one record's count exactly."""
        c = self.criterion
        part, whole = values[c.part], values[c.whole]
        for name, value in ((c.part, part), (c.whole, whole)):
            if value is None:
                raise _missing(name, subject_id, "")
        labels = {
            "subject_id": subject_id,
            "year": self.year,
            "share": self.share.value,
            "whole": whole,
            **values,
        }
        if c.as_ratio:
            return self._ratio_reason(part, whole, labels)
        threshold = kernel.threshold_times(self.threshold, whole)
        units, k = kernel.difference(part, kernel.scaled(threshold, 0), scale=0)
        return Reason(
            criterion=c.name,
            holds=kernel.compare(part, self.comparator, self.threshold, times=whole, scale=0),
            label_en=_fill(c.label_en, labels),
            label_zh=_fill(c.label_zh, labels),
            citation=self.share.citation,
            observed=part,
            threshold=threshold,
            comparator=self.comparator,
            margin=kernel.as_decimal(units, k),
            unit=c.unit,
            parameter=self.share.key,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def holds(self, part: int, whole: int) -> bool:
        """One record: ``part <op> share × whole`` (the kernel's comparison, no reason built)."""
        return bool(kernel.compare(part, self.comparator, self.threshold, times=whole, scale=0))

    def _ratio_reason(self, part: int, whole: int, labels: Mapping[str, Any]) -> Reason:
        c = self.criterion
        share: Decimal = self.share.value
        numerator, denominator = share.as_integer_ratio()
        symbol = self.comparator.symbol
        return Reason(
            criterion=c.name,
            holds=kernel.share_holds(part, whole, share, self.comparator),
            label_en=_fill(c.label_en, labels),
            label_zh=_fill(c.label_zh, labels),
            citation=self.share.citation,
            observed=kernel.as_decimal(kernel.quotient(part, whole), kernel.MARGIN_SCALE),
            threshold=share,
            comparator=self.comparator,
            margin=None,
            unit="",
            parameter=self.share.key,
            note_en=f"decided exactly as {part} × {denominator} {symbol} {numerator} × {whole}",
            note_zh=f"精确判定：{part}×{denominator}{symbol}{numerator}×{whole}",
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``part <op> share × whole`` holds (integer comparison)."""
        c = self.criterion
        result: np.ndarray[Any, Any] = kernel.compare(
            columns[c.part], self.comparator, self.threshold, times=columns[c.whole], scale=0
        )
        return result
