"""The yearly assessment's records: indicators, results, grade scales and scoring models.

Plain records, validated when built; the scoring itself (exact, whatever the caller's
decimal context) is in :mod:`shuangdao.rules.assessment`, which also reads the shipped models
from the standards (:func:`~shuangdao.rules.assessment.scoring_model`).

.. versionadded:: 0.2.0 moved here from :mod:`shuangdao.rules.assessment` (issue 13); the old
   import path keeps working until 0.3.0 with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable
from decimal import Decimal

from attrs import field, frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.model.fields import identifier
from shuangdao.quantities import Comparator, ratio

__all__ = [
    "Grade",
    "GradeBand",
    "Indicator",
    "IndicatorKind",
    "IndicatorResult",
    "MandatedFailure",
    "ScoringModel",
    "SubjectKind",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_EXACT = decimal.Context(prec=200, traps=[decimal.Inexact])
"""Sums and products of weights are exact, whatever the caller's decimal context."""


def _total(values: Iterable[Decimal]) -> Decimal:
    total = _ZERO
    for value in values:
        total = _EXACT.add(total, value)
    return total


class IndicatorKind(enum.Enum):
    """The two kinds of indicator of the final-acceptance rules (S11)."""

    MANDATED = "mandated"
    """A province-mandated 民生 indicator: full weight or nothing."""
    SCORED = "scored"
    """A pass line plus bonus points."""


class Grade(enum.Enum):
    """Assessment grades. Only PASS/FAIL (villages, S9) and EXCELLENT (S21) are attested."""

    EXCELLENT = "excellent"
    """优秀 (attested for round 2, S21)."""
    GOOD = "good"
    """良好 (not attested; in the assumed default scale)."""
    PASS = "pass"  # noqa: S105 - a grade, not a password
    """及格 / 合格 (attested for villages, S9)."""
    FAIL = "fail"
    """不及格 / 不合格 (attested for villages, S9)."""


class SubjectKind(enum.Enum):
    """Who is assessed."""

    VILLAGE = "village"
    """A poor / key / relatively poor village."""
    COUNTY = "county"
    """A county (县)."""
    CITY = "city"
    """A prefecture-level city (地级市)."""
    UNIT = "unit"
    """An assisting unit (帮扶单位)."""


class MandatedFailure(enum.Enum):
    """Effect of a failed mandated indicator (``assessment.mandated_failure``)."""

    INDICATOR_ONLY = "indicator_only"
    """The indicator scores 0; the total decides the grade."""
    FAILS_ASSESSMENT = "fails_assessment"
    """The whole assessment fails."""


def _decimal(value: object, name: str) -> Decimal:
    """Exact non-negative Decimal (errors name the field)."""
    return ratio(value, field=name, maximum=None)


def _optional_decimal(value: object) -> Decimal | None:
    """Convert ``gate_limit``."""
    return None if value is None else _decimal(value, "gate_limit")


def _weight(value: object) -> Decimal:
    """Convert ``weight``."""
    return _decimal(value, "weight")


def _pass_line(value: object) -> Decimal:
    """Convert ``pass_line``."""
    return _decimal(value, "pass_line")


def _max_bonus(value: object) -> Decimal:
    """Convert ``max_bonus``."""
    return _decimal(value, "max_bonus")


def _deduction(value: object) -> Decimal:
    """Convert ``deduction``."""
    return _decimal(value, "deduction")


def _kind(value: object) -> IndicatorKind:
    """Convert ``kind``."""
    if isinstance(value, IndicatorKind):
        return value
    try:
        return IndicatorKind(value)
    except ValueError:
        raise InvalidRecordError("must be mandated or scored", field="kind", value=value) from None


def _comparator(value: object) -> Comparator:
    """Convert ``gate_comparator``."""
    if isinstance(value, Comparator):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError("must be a comparator name", field="gate_comparator", value=value)
    return Comparator.parse(value)


@frozen
class Indicator:
    """One assessment indicator.

    Attributes:
        id: Stable id within the model (``"exit"``).
        kind: :class:`IndicatorKind`.
        weight: Full points.
        en: What it measures, in English.
        zh: The same in Chinese.
        pass_line: Share of the target below which a scored indicator scores 0.
        max_bonus: Most bonus points for over-achievement.
        deduction: Points taken off per counted event (e.g. a verified complaint).
        gate_limit: The indicator scores 0 when the gate value compares true with this.
        gate_comparator: How the gate value is compared (``GT``: "more than").
        citation: Source and certainty of this indicator.
    """

    id: str = field(validator=identifier)
    kind: IndicatorKind = field(converter=_kind)
    weight: Decimal = field(converter=_weight)
    en: str = ""
    zh: str = ""
    pass_line: Decimal = field(default=_ZERO, converter=_pass_line)
    max_bonus: Decimal = field(default=_ZERO, converter=_max_bonus)
    deduction: Decimal = field(default=_ZERO, converter=_deduction)
    gate_limit: Decimal | None = field(default=None, converter=_optional_decimal)
    gate_comparator: Comparator = field(default=Comparator.GT, converter=_comparator)
    citation: Citation = field(factory=lambda: Citation(("PROJECT",), certainty=Certainty.ASSUMED))

    @property
    def max_points(self) -> Decimal:
        """Top of the declared range: ``weight + max_bonus``."""
        return _EXACT.add(self.weight, self.max_bonus)


def _achieved(value: object) -> Decimal:
    """Convert ``achieved``."""
    return _decimal(value, "achieved")


def _gate_value(value: object) -> Decimal | None:
    """Convert ``gate_value``."""
    return None if value is None else _decimal(value, "gate_value")


def _count(value: object) -> int:
    """Convert ``deductions``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidRecordError("must be a whole number >= 0", field="deductions", value=value)
    return value


@frozen
class IndicatorResult:
    """What a subject achieved on one indicator in one year.

    Attributes:
        indicator_id: The indicator.
        achieved: Achievement as a share of the target (1 = fully met; above 1 earns bonus).
        deductions: Counted deduction events (verified complaints).
        gate_value: The indicator's gate value (e.g. share of non-poor households found).

    Example:
        >>> IndicatorResult("exit", achieved=1).achieved
        Decimal('1')
    """

    indicator_id: str = field(validator=identifier)
    achieved: Decimal = field(converter=_achieved)
    deductions: int = field(default=0, converter=_count)
    gate_value: Decimal | None = field(default=None, converter=_gate_value)


@frozen
class GradeBand:
    """One grade of a scale: reached when ``total >= min_share × total weight``.

    Attributes:
        grade: :class:`Grade`.
        min_share: Cut-off as a share of the model's total weight.
        passing: Whether the grade passes.
        zh: Chinese name (优秀, 及格...).
    """

    grade: Grade
    min_share: Decimal
    passing: bool
    zh: str


def _indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _bands(value: Iterable[GradeBand]) -> tuple[GradeBand, ...]:
    """Convert to a tuple, highest cut-off first."""
    return tuple(sorted(value, key=lambda b: b.min_share, reverse=True))


@frozen
class ScoringModel:
    """A round's scoring model for one kind of subject.

    Attributes:
        round: Round number.
        subject_kind: :class:`SubjectKind`.
        indicators: The indicators, in order.
        grade_scale: Grade bands, highest cut-off first; the last must have cut-off 0.
        mandated_failure: :class:`MandatedFailure`.
        citation: Source of the model.
    """

    round: int
    subject_kind: SubjectKind
    indicators: tuple[Indicator, ...] = field(converter=_indicators)
    grade_scale: tuple[GradeBand, ...] = field(converter=_bands)
    mandated_failure: MandatedFailure
    citation: Citation

    def __attrs_post_init__(self) -> None:
        ids = [i.id for i in self.indicators]
        if not ids:
            raise InvalidRecordError("needs at least one indicator", field="indicators")
        if len(set(ids)) != len(ids):
            raise InvalidRecordError("has repeated indicator ids", field="indicators", value=ids)
        if not self.grade_scale or self.grade_scale[-1].min_share != 0:
            raise InvalidRecordError(
                "needs a lowest band with min_share 0", field="grade_scale", value=self.grade_scale
            )

    @property
    def total_weight(self) -> Decimal:
        """Sum of the weights (full marks without bonus)."""
        return _total(i.weight for i in self.indicators)

    @property
    def max_total(self) -> Decimal:
        """Top of the declared range: weights plus bonuses."""
        return _total(i.max_points for i in self.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator ``indicator_id``.

        Raises:
            UnknownReferenceError: No such indicator.
        """
        for item in self.indicators:
            if item.id == indicator_id:
                return item
        raise UnknownReferenceError(
            "is not an indicator of this model", field="indicator_id", value=indicator_id
        )

    def grade(self, total: Decimal) -> GradeBand:
        """Return the band ``total`` reaches (exact: ``total >= min_share × total weight``)."""
        for band in self.grade_scale:
            if total >= _EXACT.multiply(band.min_share, self.total_weight):
                return band
        return self.grade_scale[-1]  # pragma: no cover - the last band has cut-off 0
