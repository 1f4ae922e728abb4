"""Criteria that compare one quantity with another, exactly.

* :class:`Compare` — an observed amount against a line read from the standards
  (``observed <op> line``: a village's income against round 2's line);
* :class:`Versus` — one input against another of the same kind (a county's GDP growth
  against the provincial average);
* :class:`AllMet` — every member of a group meets its own rule (``met == total``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import kernel
from shuangdao.declare._criteria import _SCALES, Columns, Values, _fill, _missing
from shuangdao.declare._lines import Env, Line, Resolved, resolve_param, weakest
from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.explain import Reason
from shuangdao.quantities import Comparator
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "AllMet",
    "BoundAllMet",
    "BoundCompare",
    "BoundVersus",
    "Compare",
    "Versus",
]


# ------------------------------------------------------------------------------ Compare
@frozen
class Compare:
    """An observed amount compared with a threshold: ``observed <op> line``.

    Args:
        name: The criterion's code (``village_income``).
        observed: The input compared (money in yuan, a count, or a ratio).
        line: Where the threshold comes from (:class:`~shuangdao.declare.ParamLine`...).
        comparator: The comparator parameter (``round2.village_comparator``).
        label_en: What is compared (may name ``{subject_id}`` and ``{year}``).
        label_zh: The same in Chinese.
        unit: ``"yuan"`` (integer fen in columns), ``"persons"`` (a count) or ``""``
            (an exact ratio, scalar only).
        optional: A missing observation fails the criterion ("not recorded") instead of
            being an error.
    """

    name: str
    observed: str
    line: Line
    comparator: Param[Comparator]
    label_en: str
    label_zh: str
    unit: str = "yuan"
    optional: bool = False

    @property
    def inputs(self) -> tuple[str, ...]:
        """The amount read."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The line's keys and the comparator."""
        return (*self.line.keys, str(self.comparator))

    def bind(self, env: Env) -> BoundCompare:
        """Read the line and the comparator."""
        return BoundCompare(self, self.line.resolve(env), resolve_param(self.comparator, env), env)


class BoundCompare:
    """A :class:`Compare` under one standards object (and year)."""

    __slots__ = (
        "certainty",
        "comparator",
        "criterion",
        "line",
        "name",
        "rests_on",
        "scale",
        "threshold",
        "year",
    )

    def __init__(self, criterion: Compare, line: Resolved, comparator: Resolved, env: Env) -> None:
        self.year = env.year
        self.criterion = criterion
        self.name = criterion.name
        self.line = line
        self.comparator: Comparator = comparator.value
        self.certainty, self.rests_on = weakest(line, comparator)
        self.scale = _SCALES.get(criterion.unit)
        self.threshold = kernel.scaled(line.value, self.scale or 0)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Compare one observation exactly."""
        c = self.criterion
        observed = values[c.observed]
        labels = {"subject_id": subject_id, "year": self.year, **values}
        note_en, note_zh = self.line.note_en, self.line.note_zh
        if observed is None:
            if not c.optional:
                raise _missing(c.observed, subject_id, "")
            return Reason(
                criterion=c.name,
                holds=False,
                label_en=_fill(c.label_en, labels),
                label_zh=_fill(c.label_zh, labels),
                citation=self.line.citation,
                observed=None,
                threshold=self.line.value,
                comparator=self.comparator,
                unit=c.unit,
                parameter=self.line.key,
                note_en="not recorded" + (f"; {note_en}" if note_en else ""),
                note_zh="未登记" + (f"；{note_zh}" if note_zh else ""),
                certainty=self.certainty,
                rests_on=self.rests_on,
            )
        amount = kernel.scaled(Decimal(observed), self.scale or 0)
        units, k = kernel.difference(amount.n, self.threshold, scale=amount.k)
        return Reason(
            criterion=c.name,
            holds=self.comparator.holds(observed, self.line.value),
            label_en=_fill(c.label_en, labels),
            label_zh=_fill(c.label_zh, labels),
            citation=self.line.citation,
            observed=observed,
            threshold=self.line.value,
            comparator=self.comparator,
            margin=kernel.as_decimal(units, k),
            unit=c.unit,
            parameter=self.line.key,
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``observed <op> line`` holds (integer comparison)."""
        if self.scale is None:
            raise TypeError(f"criterion {self.name} compares ratios: no columnar form")
        result: np.ndarray[Any, Any] = kernel.compare(
            columns[self.criterion.observed], self.comparator, self.threshold, scale=self.scale
        )
        return result


# ------------------------------------------------------------------------------ AllMet
@frozen
class AllMet:
    """Every member of a group meets its own rule: ``met == total`` (every village's targets).

    The members' own failing criteria are listed after this one by the function that
    evaluates the group (``village.<id>.<criterion>``); this criterion counts them.

    Args:
        name: The criterion's code (``villages_target``).
        met: The count of members that meet their rule.
        total: The count of members.
        cites: The parameter the requirement is cited from.
        label_en: What is counted (may name ``{year}``).
        label_zh: The same in Chinese.
    """

    name: str
    met: str
    total: str
    cites: Param[Any]
    label_en: str
    label_zh: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The two counts."""
        return (self.met, self.total)

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameter cited."""
        return (str(self.cites),)

    def bind(self, env: Env) -> BoundAllMet:
        """Read the citation."""
        return BoundAllMet(self, env.standards.citation(self.cites, on=env.on), env.year)


class BoundAllMet:
    """An :class:`AllMet` under one standards object."""

    __slots__ = ("certainty", "citation", "criterion", "name", "year")

    def __init__(self, criterion: AllMet, citation: Citation, year: int | None) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.citation = citation
        self.year = year
        self.certainty = Certainty.CONFIRMED

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Count one group's members."""
        c = self.criterion
        met, total = values[c.met], values[c.total]
        labels = {"subject_id": subject_id, "year": self.year, **values}
        return Reason(
            criterion=c.name,
            holds=met >= total,
            label_en=_fill(c.label_en, labels),
            label_zh=_fill(c.label_zh, labels),
            citation=self.citation,
            observed=met,
            threshold=total,
            comparator=Comparator.GE,
            margin=Decimal(met - total),
            unit="",
            parameter=str(c.cites),
            certainty=self.certainty,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where every member meets its rule."""
        import numpy as np

        c = self.criterion
        return np.asarray(columns[c.met] >= columns[c.total], dtype=bool)


# ------------------------------------------------------------------------------ Versus
@frozen
class Versus:
    """One input compared with another of the same kind: ``observed <op> reference``.

    A county's per-capita GDP growth above the provincial average (S1): both figures are
    inputs, compared exactly. Values are exact decimals with at most ``scale`` decimals (a
    growth rate of 12.34 % is ``0.1234``); columns hold them as integers of ``10**-scale``.

    Args:
        name: The criterion's code (``gdp_growth``).
        observed: The input compared.
        reference: The input it is compared with.
        comparator: The comparator parameter.
        label_en: What is compared (``"per-capita GDP growth"``).
        label_zh: The same in Chinese.
        scale: Decimals of the values (and of the integer columns).

    .. versionadded:: 0.2.0 (issue 15)
    """

    name: str
    observed: str
    reference: str
    comparator: Param[Comparator]
    label_en: str
    label_zh: str
    scale: int = 4

    @property
    def inputs(self) -> tuple[str, ...]:
        """The two inputs."""
        return (self.observed, self.reference)

    @property
    def keys(self) -> tuple[str, ...]:
        """The comparator."""
        return (str(self.comparator),)

    def bind(self, env: Env) -> BoundVersus:
        """Read the comparator."""
        return BoundVersus(self, resolve_param(self.comparator, env))


class BoundVersus:
    """A :class:`Versus` under one standards object."""

    __slots__ = ("certainty", "comparator", "criterion", "name", "op", "resolved", "rests_on")

    def __init__(self, criterion: Versus, comparator: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.resolved = comparator
        self.comparator: Comparator = comparator.value
        self.op = kernel.OPERATORS[self.comparator]
        self.certainty, self.rests_on = weakest(comparator)

    def units(self, value: object, field_name: str, subject_id: str) -> int:
        """``value`` as an integer of ``10**-scale`` (exact), or a typed error."""
        if value is None:
            raise _missing(field_name, subject_id, "")
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise InvalidTypeError(
                "must be an exact number (Decimal or int)",
                record=subject_id or None,
                field=field_name,
                value=value,
            )
        if isinstance(value, Decimal) and not value.is_finite():
            raise InvalidRecordError("must be finite", record=subject_id or None, field=field_name)
        numerator, denominator = Decimal(value).as_integer_ratio()
        scale = 10**self.criterion.scale
        if scale % denominator:
            raise InvalidRecordError(
                f"has more than {self.criterion.scale} decimals",
                record=subject_id or None,
                field=field_name,
                value=value,
            )
        result: int = numerator * (scale // denominator)
        return result

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Compare one record's two inputs exactly."""
        c = self.criterion
        observed = self.units(values[c.observed], c.observed, subject_id)
        reference = self.units(values[c.reference], c.reference, subject_id)
        return Reason(
            criterion=c.name,
            holds=bool(self.op(observed, reference)),
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.resolved.citation,
            observed=kernel.as_decimal(observed, c.scale),
            threshold=kernel.as_decimal(reference, c.scale),
            comparator=self.comparator,
            margin=kernel.as_decimal(observed - reference, c.scale),
            unit="",
            parameter=self.resolved.key,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``observed <op> reference`` holds (integer columns of ``10**-scale``)."""
        import numpy as np

        c = self.criterion
        return np.asarray(self.op(columns[c.observed], columns[c.reference]), dtype=bool)
