"""The yearly assessment (一年一考核) as a configurable scoring model.

A :class:`ScoringModel` is a list of :class:`Indicator` records read from the standards
(``assessment.round<N>_<subject>``, plus ``..._not_found`` for indicators whose content was
never published), a grade scale and a policy for failed mandated indicators. Two kinds of
indicator exist (S11, the 2012 final-acceptance rules):

* ``MANDATED`` — a province-mandated 民生 indicator, **all-or-nothing**: it scores its full
  weight when fully achieved (``achieved >= 1``) and 0 for any achievement below full.
* ``SCORED`` — a pass line plus bonus points: 0 below the pass line (a share of the target);
  from the pass line, ``weight × min(achieved, 1)``; above full achievement, bonus points
  ``min(max_bonus, weight × (achieved - 1))``.

Both kinds then apply, in order: the *gate* (the indicator scores 0 when
``gate_value <gate_comparator> gate_limit``, e.g. round 3's identification scores 0 when
more than 5 % non-poor households are found, S23) and the *deductions* (``deduction`` points
per counted event, e.g. −1 per verified complaint, S23), and finally clamp to the
indicator's declared range ``[0, weight + max_bonus]``. The model's total therefore always
lies in ``[0, sum(weight + max_bonus)]``.

**Mandated failure** (``assessment.mandated_failure``, assumed): ``"indicator_only"``
(default) — a failed mandated indicator just scores 0; ``"fails_assessment"`` — it also
fails the whole assessment, whatever the total.

**Grades**: the subject's grade is the first band of the scale whose cut-off the total
reaches (``total >= min_share × total weight``, exact). Villages use
``assessment.village_grade_scale`` (及格/不及格, attested by S9; the 60 % cut-off is
assumed); others use ``assessment.grade_scale`` (优秀/良好/合格/不合格: only 优秀 is attested,
S21; the scale and its cut-offs are ASSUMED). A ``grade_scale`` argument overrides either.

Shipped models: round 3 cities with the published weights (exit 50, identification 15,
assistance 22; the remaining 13 points not found, S23); villages of rounds 1–3 (ASSUMED
indicators and weights built from each round's targets). Counties, cities (rounds 1–2) and
assisting units have no published indicators: their parameters are required and
:func:`scoring_model` raises :class:`~shuangdao.errors.MissingParameterError` with a hint.

Example:
    >>> model = scoring_model(3, "city")
    >>> model.total_weight, model.max_total
    (Decimal('100'), Decimal('100'))
    >>> results = [IndicatorResult("exit", achieved=1),
    ...            IndicatorResult("identification_targeting", achieved=1, deductions=2,
    ...                            gate_value=Decimal("0.03")),
    ...            IndicatorResult("identification_files", achieved=1),
    ...            IndicatorResult("assistance", achieved=Decimal("0.5")),
    ...            IndicatorResult("other", achieved=1)]
    >>> d = assess("guangzhou-x", results, model=model, year=2016)
    >>> d.value, d.code
    (Decimal('87.0'), 'good')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from shuangdao.calendar import round_calendar
from shuangdao.citations import Certainty, Citation, sources
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    StandardsError,
    UnknownReferenceError,
)
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model._base import identifier
from shuangdao.quantities import Comparator, ratio
from shuangdao.standards import default_standards

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "Grade",
    "GradeBand",
    "Indicator",
    "IndicatorKind",
    "IndicatorResult",
    "MandatedFailure",
    "ScoringModel",
    "SubjectKind",
    "assess",
    "indicator_points",
    "scoring_model",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)


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
        return self.weight + self.max_bonus


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
        return sum((i.weight for i in self.indicators), _ZERO)

    @property
    def max_total(self) -> Decimal:
        """Top of the declared range: weights plus bonuses."""
        return sum((i.max_points for i in self.indicators), _ZERO)

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
            if total >= band.min_share * self.total_weight:
                return band
        return self.grade_scale[-1]  # pragma: no cover - the last band has cut-off 0


def _text(record: Mapping[str, Any], name: str, where: str, default: str | None = None) -> str:
    value = record.get(name, default)
    if not isinstance(value, str):
        raise StandardsError("must be text", record=where, field=name, value=value)
    return value


def _record_citation(record: Mapping[str, Any], where: str) -> Citation:
    ids = tuple(_text(record, "sources", where, "PROJECT").split())
    registry = sources()
    for source_id in ids:
        if source_id not in registry:
            raise StandardsError(
                "is not in the source registry", record=where, field="sources", value=source_id
            )
    try:
        certainty = Certainty(_text(record, "certainty", where, "assumed"))
    except ValueError:
        raise StandardsError(
            "must be confirmed, derived, recalled or assumed",
            record=where,
            field="certainty",
            value=record.get("certainty"),
        ) from None
    return Citation(ids, certainty=certainty)


def _indicator(record: Mapping[str, Any], where: str) -> Indicator:
    known = {
        "id", "kind", "weight", "en", "zh", "pass_line", "max_bonus", "deduction",
        "gate_limit", "gate_comparator", "sources", "certainty",
    }  # fmt: skip
    unknown = set(record) - known
    if unknown:
        raise StandardsError(f"has unknown fields {sorted(unknown)}", record=where)
    try:
        return Indicator(
            id=_text(record, "id", where),
            kind=record.get("kind"),
            weight=record.get("weight"),
            en=_text(record, "en", where, ""),
            zh=_text(record, "zh", where, ""),
            pass_line=record.get("pass_line", "0"),
            max_bonus=record.get("max_bonus", "0"),
            deduction=record.get("deduction", "0"),
            gate_limit=record.get("gate_limit"),
            gate_comparator=record.get("gate_comparator", "gt"),
            citation=_record_citation(record, where),
        )
    except (InvalidRecordError, InvalidTypeError) as error:
        raise StandardsError(
            error.detail, record=where, field=error.field, value=error.value
        ) from None


def _scale(records: Sequence[Mapping[str, Any]], key: str) -> tuple[GradeBand, ...]:
    bands = []
    for index, record in enumerate(records):
        where = f"{key}[{index}]"
        try:
            bands.append(
                GradeBand(
                    grade=Grade(_text(record, "grade", where)),
                    min_share=ratio(record.get("min_share"), field="min_share"),
                    passing=bool(record.get("passing", False)),
                    zh=_text(record, "zh", where, ""),
                )
            )
        except (ValueError, InvalidTypeError) as error:
            raise StandardsError(str(error), record=where) from None
    return tuple(bands)


def scoring_model(
    round: int,
    subject_kind: SubjectKind | str,
    *,
    grade_scale: str | None = None,
    standards: Standards | None = None,
) -> ScoringModel:
    """Load the scoring model of round ``round`` for ``subject_kind`` from the standards.

    Policy: S11 (mandated 民生 indicators all-or-nothing, others pass line plus bonus); S23
    (round-3 city weights); S9, S21 (attested grades); assumed parts tagged per indicator.

    Args:
        round: Round number.
        subject_kind: ``"village"``, ``"county"``, ``"city"`` or ``"unit"``.
        grade_scale: Standards key of the scale; ``None`` means
            ``assessment.village_grade_scale`` for villages, ``assessment.grade_scale``
            otherwise.
        standards: Standards to read; ``None`` means the default.

    Raises:
        MissingParameterError: No indicators were published for that subject (with a hint).
        UnknownReferenceError: No such parameter (round or subject).
        StandardsError: A malformed indicator record.

    Example:
        >>> m = scoring_model(1, "village")
        >>> [i.id for i in m.indicators if i.kind is IndicatorKind.MANDATED]
        ['housing', 'drinking_water', 'village_road']
    """
    s = default_standards() if standards is None else standards
    try:
        subject = SubjectKind(subject_kind)
    except ValueError:
        raise InvalidRecordError(
            "must be village, county, city or unit", field="subject_kind", value=subject_kind
        ) from None
    key = f"assessment.round{round}_{subject.value}"
    records = list(s.value(key))
    if f"{key}_not_found" in s.parameters:
        records.extend(s.value(f"{key}_not_found"))
    indicators = [_indicator(r, f"{key}[{i}]") for i, r in enumerate(records)]
    if grade_scale is None:
        grade_scale = (
            "assessment.village_grade_scale"
            if subject is SubjectKind.VILLAGE
            else "assessment.grade_scale"
        )
    return ScoringModel(
        round=round,
        subject_kind=subject,
        indicators=indicators,
        grade_scale=_scale(s.value(grade_scale), grade_scale),
        mandated_failure=MandatedFailure(s.value("assessment.mandated_failure")),
        citation=s.citation(key),
    )


def indicator_points(indicator: Indicator, result: IndicatorResult) -> tuple[Decimal, bool]:
    """Return ``(points, met)`` for one indicator (see the module notes for the formula).

    ``met`` is full achievement for a mandated indicator, reaching the pass line for a
    scored one, and in both cases not tripping the gate. Points are always within
    ``[0, weight + max_bonus]``.

    Policy: S11 (mandated 民生 indicators all-or-nothing; others a pass line plus bonus points).

    Example:
        >>> mandated = Indicator("housing", kind="mandated", weight=10)
        >>> indicator_points(mandated, IndicatorResult("housing", achieved="0.99"))
        (Decimal('0'), False)
        >>> scored = Indicator("income", kind="scored", weight=30, pass_line="0.6", max_bonus=5)
        >>> indicator_points(scored, IndicatorResult("income", achieved="1.1"))
        (Decimal('33.0'), True)
    """
    achieved = result.achieved
    gated = (
        indicator.gate_limit is not None
        and result.gate_value is not None
        and indicator.gate_comparator.holds(result.gate_value, indicator.gate_limit)
    )
    if indicator.kind is IndicatorKind.MANDATED:
        met = achieved >= _ONE
        points = indicator.weight if met else _ZERO
    else:
        met = achieved >= indicator.pass_line
        points = indicator.weight * min(achieved, _ONE) if met else _ZERO
    if met and achieved > _ONE:
        points += min(indicator.max_bonus, indicator.weight * (achieved - _ONE))
    if gated:
        return _ZERO, False
    points -= indicator.deduction * result.deductions
    return max(_ZERO, min(points, indicator.max_points)), met


def assess(
    subject_id: str,
    results: Sequence[IndicatorResult],
    *,
    model: ScoringModel,
    year: int,
    standards: Standards | None = None,
) -> Decision:
    """Score one subject's yearly assessment and grade it.

    Policy: SEED p. 5 (一年一考核); S11 (indicator kinds); S13 (2010: 20 items); S23 (round-3
    city weights); grades per ``assessment.grade_scale`` / ``assessment.village_grade_scale``
    (assumed cut-offs); ``assessment.mandated_failure`` (assumed).

    Args:
        subject_id: The village, county, city or unit assessed.
        results: One :class:`IndicatorResult` per indicator of the model (no more, no less).
        model: The :class:`ScoringModel` (see :func:`scoring_model`).
        year: The assessment (income) year; must be one of the round's assessment years.
        standards: Standards to read (provenance, calendar); ``None`` means the default.

    Returns:
        A decision (rule ``assessment.round<N>.<subject>``): outcome = the grade passes (and,
        under ``fails_assessment``, no mandated indicator failed); ``value`` = total score
        (Decimal); ``code`` = the grade (``"excellent"``, ``"pass"``, ``"fail"``...); one
        reason per indicator (weight, achieved, points), plus ``grade`` and, under
        ``fails_assessment``, ``mandated``.

    Raises:
        InvalidRecordError: A missing or repeated result, or a gate value missing.
        UnknownReferenceError: A result for an indicator the model does not have.

    Example:
        >>> m = scoring_model(1, "village")
        >>> rs = [IndicatorResult(i.id, achieved=1) for i in m.indicators]
        >>> d = assess("v1", rs, model=m, year=2010)
        >>> d.outcome, d.value, d.code, d.as_of
        (True, Decimal('100'), 'pass', datetime.date(2010, 12, 1))
    """
    s = default_standards() if standards is None else standards
    record = f"{model.subject_kind.value} {subject_id}"
    rule = f"assessment.round{model.round}.{model.subject_kind.value}"
    calendar = round_calendar(model.round, standards=s)
    if year not in calendar.assessment_years:
        raise InvalidRecordError(
            f"is not an assessment year of round {model.round} {calendar.assessment_years}",
            record=record,
            field="year",
            value=year,
            rule=rule,
        )
    by_id: dict[str, IndicatorResult] = {}
    for result in results:
        if not isinstance(result, IndicatorResult):
            raise InvalidTypeError(
                "must be IndicatorResult records", record=record, field="results", value=result
            )
        model.indicator(result.indicator_id)  # UnknownReferenceError for a stray result
        if result.indicator_id in by_id:
            raise InvalidRecordError(
                "has two results", record=record, field=result.indicator_id, rule=rule
            )
        by_id[result.indicator_id] = result
    indicator_reasons: list[Reason] = []
    mandated_failed: list[str] = []
    total = _ZERO
    for indicator in model.indicators:
        if indicator.id not in by_id:
            raise InvalidRecordError(
                "has no result", record=record, field=f"results[{indicator.id}]", rule=rule
            )
        result = by_id[indicator.id]
        if indicator.gate_limit is not None and result.gate_value is None:
            raise InvalidRecordError(
                f"needs gate_value (compared {indicator.gate_comparator.symbol} "
                f"{indicator.gate_limit})",
                record=record,
                field=f"results[{indicator.id}].gate_value",
                rule=rule,
            )
        points, met = indicator_points(indicator, result)
        total += points
        if indicator.kind is IndicatorKind.MANDATED and not met:
            mandated_failed.append(indicator.id)
        kind_en = (
            "mandated, all-or-nothing"
            if indicator.kind is IndicatorKind.MANDATED
            else (f"scored, pass line {indicator.pass_line:%}")
        )
        kind_zh = (
            "民生指标，全有或全无"
            if indicator.kind is IndicatorKind.MANDATED
            else (f"计分指标，及格线{indicator.pass_line:%}")
        )
        extra_en = extra_zh = ""
        if result.deductions:
            extra_en += f"; {result.deductions} deductions × {indicator.deduction}"
            extra_zh += f"；扣分{result.deductions}次×{indicator.deduction}分"
        if indicator.gate_limit is not None:
            extra_en += (
                f"; gate {result.gate_value} {indicator.gate_comparator.symbol} "
                f"{indicator.gate_limit} gives 0"
            )
            extra_zh += (
                f"；{result.gate_value}{indicator.gate_comparator.zh}{indicator.gate_limit}则不得分"
            )
        indicator_reasons.append(
            Reason(
                criterion=f"indicator.{indicator.id}",
                holds=met,
                label_en=f"{indicator.en or indicator.id} ({kind_en}) points",
                label_zh=f"{indicator.zh or indicator.id}（{kind_zh}）得分",
                citation=indicator.citation,
                observed=points,
                threshold=indicator.weight,
                unit="points",
                note_en=f"weight {indicator.weight}, achieved {result.achieved}{extra_en}",
                note_zh=f"分值{indicator.weight}，完成度{result.achieved}{extra_zh}",
            )
        )
    band = model.grade(total)
    passing_bands = [b for b in model.grade_scale if b.passing]
    pass_mark = (passing_bands[-1].min_share if passing_bands else _ONE) * model.total_weight
    deciding: list[Reason] = [
        Reason.compare(
            "grade",
            observed=total,
            threshold=pass_mark,
            comparator=Comparator.GE,
            holds=band.passing,
            label_en=f"total score (grade {band.grade.value}; out of {model.total_weight})",
            label_zh=f"总分（等次：{band.zh}；满分{model.total_weight}）",
            citation=s.citation(
                "assessment.village_grade_scale"
                if model.subject_kind is SubjectKind.VILLAGE
                else "assessment.grade_scale"
            ),
            unit="points",
            parameter="assessment.grade_scale",
        )
    ]
    if model.mandated_failure is MandatedFailure.FAILS_ASSESSMENT:
        deciding.append(
            Reason.flag(
                "mandated",
                observed=not mandated_failed,
                label_en="every mandated 民生 indicator met"
                + (f" (failed: {', '.join(mandated_failed)})" if mandated_failed else ""),
                label_zh="省定民生指标全部完成"
                + (f"（未完成：{'、'.join(mandated_failed)}）" if mandated_failed else ""),
                citation=s.citation("assessment.mandated_failure"),
                parameter="assessment.mandated_failure",
            )
        )
    outcome_passes = band.passing and (
        model.mandated_failure is MandatedFailure.INDICATOR_ONLY or not mandated_failed
    )
    index = calendar.assessment_years.index(year)
    subject_en = {"unit": "assisting unit"}.get(model.subject_kind.value, model.subject_kind.value)
    return decide(
        rule=rule,
        subject_kind=model.subject_kind.value,
        subject_id=subject_id,
        title_en=f"{subject_en} passing the {year} annual assessment (score {total})",
        title_zh=f"{year}年度考核合格的对象（得分{total}）",
        reasons=deciding,
        informational=indicator_reasons,
        citation=model.citation,
        standards=s,
        round=model.round,
        as_of=calendar.assessment_dates[index],
        code=band.grade.value if outcome_passes else Grade.FAIL.value,
        value=total,
    )
