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
    >>> from shuangdao.model import IndicatorResult
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

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from shuangdao.calendar import round_calendar
from shuangdao.citations import Certainty, Citation, sources
from shuangdao.declare import declared, kernel
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    StandardsError,
    UnknownReferenceError,
)
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model.assessment import Grade as _Grade
from shuangdao.model.assessment import GradeBand as _GradeBand
from shuangdao.model.assessment import Indicator as _Indicator
from shuangdao.model.assessment import IndicatorKind as _IndicatorKind
from shuangdao.model.assessment import IndicatorResult as _IndicatorResult
from shuangdao.model.assessment import MandatedFailure as _MandatedFailure
from shuangdao.model.assessment import ScoringModel as _ScoringModel
from shuangdao.model.assessment import SubjectKind as _SubjectKind
from shuangdao.quantities import Comparator, ratio
from shuangdao.standards import Param, default_standards
from shuangdao.standards.params import AssessmentParams

if TYPE_CHECKING:
    import numpy as np

    from shuangdao.standards import Standards

__all__ = [
    "MODELS",
    "ScoredColumns",
    "assess",
    "indicator_points",
    "score_columns",
    "scoring_model",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)

_MOVED: Final = frozenset(
    {
        "Grade",
        "GradeBand",
        "Indicator",
        "IndicatorKind",
        "IndicatorResult",
        "MandatedFailure",
        "ScoringModel",
        "SubjectKind",
    }
)


def __getattr__(name: str) -> Any:
    """Records moved to :mod:`shuangdao.model` in 0.2.0 (old path kept until 0.3.0)."""
    if name in _MOVED:
        import warnings

        import shuangdao.model

        warnings.warn(
            f"shuangdao.rules.assessment.{name} moved to shuangdao.model.{name}; the old path "
            "will be removed in 0.3.0",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(shuangdao.model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def _indicator(record: Mapping[str, Any], where: str) -> _Indicator:
    known = {
        "id", "kind", "weight", "en", "zh", "pass_line", "max_bonus", "deduction",
        "gate_limit", "gate_comparator", "sources", "certainty",
    }  # fmt: skip
    unknown = set(record) - known
    if unknown:
        raise StandardsError(f"has unknown fields {sorted(unknown)}", record=where)
    try:
        return _Indicator(
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


def _scale(records: Sequence[Mapping[str, Any]], key: str) -> tuple[_GradeBand, ...]:
    bands = []
    for index, record in enumerate(records):
        where = f"{key}[{index}]"
        try:
            bands.append(
                _GradeBand(
                    grade=_Grade(_text(record, "grade", where)),
                    min_share=ratio(record.get("min_share"), field="min_share"),
                    passing=bool(record.get("passing", False)),
                    zh=_text(record, "zh", where, ""),
                )
            )
        except (ValueError, InvalidTypeError) as error:
            raise StandardsError(str(error), record=where) from None
    return tuple(bands)


MODELS: Final[Mapping[tuple[int, str], tuple[Param[Any], ...]]] = MappingProxyType(
    {
        (1, "village"): (AssessmentParams.round1_village,),
        (1, "county"): (AssessmentParams.round1_county,),
        (1, "city"): (AssessmentParams.round1_city,),
        (1, "unit"): (AssessmentParams.round1_unit,),
        (2, "village"): (AssessmentParams.round2_village,),
        (2, "county"): (AssessmentParams.round2_county,),
        (2, "city"): (AssessmentParams.round2_city,),
        (2, "unit"): (AssessmentParams.round2_unit,),
        (3, "village"): (AssessmentParams.round3_village,),
        (3, "county"): (AssessmentParams.round3_county,),
        # The published round-3 city weights, and the 13 points whose content was not found.
        (3, "city"): (AssessmentParams.round3_city, AssessmentParams.round3_city_not_found),
        (3, "unit"): (AssessmentParams.round3_unit,),
    }
)
"""Where each round's scoring model for each kind of subject is declared (indicator lists)."""

_SCALES: Final = {_SubjectKind.VILLAGE: AssessmentParams.village_grade_scale}


@declared(
    reads=(
        *(k for keys in MODELS.values() for k in keys),
        AssessmentParams.grade_scale,
        AssessmentParams.village_grade_scale,
        AssessmentParams.mandated_failure,
    )
)
def scoring_model(
    round: int,
    subject_kind: _SubjectKind | str,
    *,
    grade_scale: str | None = None,
    standards: Standards | None = None,
) -> _ScoringModel:
    """Load the scoring model of round ``round`` for ``subject_kind`` from the standards.

    The model is the declaration of the year's assessment (:data:`MODELS` says where each is
    declared): :func:`assess` scores one subject with it and :func:`score_columns` a whole
    table, exactly and alike.

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
        UnknownReferenceError: No such round or subject.
        StandardsError: A malformed indicator record.

    Example:
        >>> from shuangdao.model import IndicatorKind
        >>> m = scoring_model(1, "village")
        >>> [i.id for i in m.indicators if i.kind is IndicatorKind.MANDATED]
        ['housing', 'drinking_water', 'village_road']
    """
    s = default_standards() if standards is None else standards
    try:
        subject = _SubjectKind(subject_kind)
    except ValueError:
        raise InvalidRecordError(
            "must be village, county, city or unit", field="subject_kind", value=subject_kind
        ) from None
    try:
        keys = MODELS[round, subject.value]
    except KeyError:
        raise UnknownReferenceError(
            "is not a round with a scoring model (1, 2, 3)", field="round", value=round
        ) from None
    indicators = [
        _indicator(record, f"{key}[{i}]") for key in keys for i, record in enumerate(s.value(key))
    ]
    scale_key = grade_scale or _SCALES.get(subject, AssessmentParams.grade_scale)
    return _ScoringModel(
        round=round,
        subject_kind=subject,
        indicators=indicators,
        grade_scale=_scale(s.value(scale_key), scale_key),
        mandated_failure=_MandatedFailure(s.params.assessment.mandated_failure),
        citation=s.citation(keys[0]),
    )


# --------------------------------------------------------------------------- scoring
_EXACT: Final = decimal.Context(prec=200, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.Inexact])
"""Points are exact, whatever the caller's decimal context (an inexact step raises)."""


def _gated(indicator: _Indicator, gate_value: Decimal | None) -> bool:
    return (
        indicator.gate_limit is not None
        and gate_value is not None
        and indicator.gate_comparator.holds(gate_value, indicator.gate_limit)
    )


@declared()
def indicator_points(indicator: _Indicator, result: _IndicatorResult) -> tuple[Decimal, bool]:
    """Return ``(points, met)`` for one indicator (see the module notes for the formula).

    ``met`` is full achievement for a mandated indicator, reaching the pass line for a
    scored one, and in both cases not tripping the gate. Points are always within
    ``[0, weight + max_bonus]``, and exact whatever the caller's decimal context.

    Policy: S11 (mandated 民生 indicators all-or-nothing; others a pass line plus bonus points).

    Example:
        >>> from shuangdao.model import Indicator, IndicatorResult
        >>> mandated = Indicator("housing", kind="mandated", weight=10)
        >>> indicator_points(mandated, IndicatorResult("housing", achieved="0.99"))
        (Decimal('0'), False)
        >>> scored = Indicator("income", kind="scored", weight=30, pass_line="0.6", max_bonus=5)
        >>> indicator_points(scored, IndicatorResult("income", achieved="1.1"))
        (Decimal('33.0'), True)
    """
    x = _EXACT
    achieved = result.achieved
    if indicator.kind is _IndicatorKind.MANDATED:
        met = achieved >= _ONE
        points = indicator.weight if met else _ZERO
    else:
        met = achieved >= indicator.pass_line
        points = x.multiply(indicator.weight, min(achieved, _ONE)) if met else _ZERO
    if met and achieved > _ONE:
        bonus = x.multiply(indicator.weight, x.subtract(achieved, _ONE))
        points = x.add(points, min(indicator.max_bonus, bonus))
    if _gated(indicator, result.gate_value):
        return _ZERO, False
    points = x.subtract(points, x.multiply(indicator.deduction, Decimal(result.deductions)))
    return max(_ZERO, min(points, indicator.max_points)), met


def _results_by_indicator(
    model: _ScoringModel, results: Sequence[_IndicatorResult], record: str, rule: str
) -> dict[str, _IndicatorResult]:
    """One result per indicator of the model: no stray, repeated or missing one."""
    by_id: dict[str, _IndicatorResult] = {}
    for result in results:
        if not isinstance(result, _IndicatorResult):
            raise InvalidTypeError(
                "must be IndicatorResult records", record=record, field="results", value=result
            )
        model.indicator(result.indicator_id)  # UnknownReferenceError for a stray result
        if result.indicator_id in by_id:
            raise InvalidRecordError(
                "has two results", record=record, field=result.indicator_id, rule=rule
            )
        by_id[result.indicator_id] = result
    for indicator in model.indicators:
        if indicator.id not in by_id:
            raise InvalidRecordError(
                "has no result", record=record, field=f"results[{indicator.id}]", rule=rule
            )
        if indicator.gate_limit is not None and by_id[indicator.id].gate_value is None:
            raise InvalidRecordError(
                f"needs gate_value (compared {indicator.gate_comparator.symbol} "
                f"{indicator.gate_limit})",
                record=record,
                field=f"results[{indicator.id}].gate_value",
                rule=rule,
            )
    return by_id


def _indicator_reason(
    indicator: _Indicator, result: _IndicatorResult, points: Decimal, met: bool
) -> Reason:
    """The reason of one indicator: weight, achievement, points (informational)."""
    mandated = indicator.kind is _IndicatorKind.MANDATED
    kind_en = (
        "mandated, all-or-nothing" if mandated else f"scored, pass line {indicator.pass_line:%}"
    )
    kind_zh = "民生指标，全有或全无" if mandated else f"计分指标，及格线{indicator.pass_line:%}"
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
    return Reason(
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


def _pass_mark(model: _ScoringModel) -> Decimal:
    passing = [b for b in model.grade_scale if b.passing]
    return _EXACT.multiply(passing[-1].min_share if passing else _ONE, model.total_weight)


def _grade_reasons(
    model: _ScoringModel,
    total: Decimal,
    band: _GradeBand,
    mandated_failed: Sequence[str],
    s: Standards,
) -> list[Reason]:
    """The deciding reasons: the total against the pass mark, and the mandated indicators."""
    scale_key = _SCALES.get(model.subject_kind, AssessmentParams.grade_scale)
    reasons = [
        Reason.compare(
            "grade",
            observed=total,
            threshold=_pass_mark(model),
            comparator=Comparator.GE,
            holds=band.passing,
            margin=_EXACT.subtract(total, _pass_mark(model)),
            label_en=f"total score (grade {band.grade.value}; out of {model.total_weight})",
            label_zh=f"总分（等次：{band.zh}；满分{model.total_weight}）",
            citation=s.citation(scale_key),
            unit="points",
            parameter=AssessmentParams.grade_scale,
        )
    ]
    if model.mandated_failure is _MandatedFailure.FAILS_ASSESSMENT:
        reasons.append(
            Reason.flag(
                "mandated",
                observed=not mandated_failed,
                label_en="every mandated 民生 indicator met"
                + (f" (failed: {', '.join(mandated_failed)})" if mandated_failed else ""),
                label_zh="省定民生指标全部完成"
                + (f"（未完成：{'、'.join(mandated_failed)}）" if mandated_failed else ""),
                citation=s.citation(AssessmentParams.mandated_failure),
                parameter=AssessmentParams.mandated_failure,
            )
        )
    return reasons


def _rule_id(model: _ScoringModel) -> str:
    """The rule id of an assessment (``assessment.round2.village``): a rule, not a key."""
    return "assessment.round" + str(model.round) + "." + model.subject_kind.value


@declared(
    reads=(
        AssessmentParams.grade_scale,
        AssessmentParams.village_grade_scale,
        AssessmentParams.mandated_failure,
    )
)
def assess(
    subject_id: str,
    results: Sequence[_IndicatorResult],
    *,
    model: _ScoringModel,
    year: int,
    standards: Standards | None = None,
) -> Decision:
    """Score one subject's yearly assessment and grade it.

    The steps: check there is one result per indicator; score each indicator
    (:func:`indicator_points`, exact); add them up; find the grade band the total reaches;
    decide (a passing band and, under ``fails_assessment``, every mandated indicator met).

    Policy: SEED p. 5 (一年一考核); S11 (indicator kinds); S13 (2010: 20 items); S23 (round-3
    city weights); grades per ``assessment.grade_scale`` / ``assessment.village_grade_scale``
    (assumed cut-offs); ``assessment.mandated_failure`` (assumed).

    Args:
        subject_id: The village, county, city or unit assessed.
        results: One :class:`~shuangdao.model.IndicatorResult` per indicator of the model (no
            more, no less).
        model: The :class:`~shuangdao.model.ScoringModel` (see :func:`scoring_model`).
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
        >>> from shuangdao.model import IndicatorResult
        >>> m = scoring_model(1, "village")
        >>> rs = [IndicatorResult(i.id, achieved=1) for i in m.indicators]
        >>> d = assess("v1", rs, model=m, year=2010)
        >>> d.outcome, d.value, d.code, d.as_of
        (True, Decimal('100'), 'pass', datetime.date(2010, 12, 1))
    """
    s = default_standards() if standards is None else standards
    record = f"{model.subject_kind.value} {subject_id}"
    rule = _rule_id(model)
    calendar = round_calendar(model.round, standards=s)
    if year not in calendar.assessment_years:
        raise InvalidRecordError(
            f"is not an assessment year of round {model.round} {calendar.assessment_years}",
            record=record,
            field="year",
            value=year,
            rule=rule,
        )
    by_id = _results_by_indicator(model, results, record, rule)
    indicator_reasons: list[Reason] = []
    mandated_failed: list[str] = []
    total = _ZERO
    for indicator in model.indicators:
        points, met = indicator_points(indicator, by_id[indicator.id])
        total = _EXACT.add(total, points)
        if indicator.kind is _IndicatorKind.MANDATED and not met:
            mandated_failed.append(indicator.id)
        indicator_reasons.append(_indicator_reason(indicator, by_id[indicator.id], points, met))
    band = model.grade(total)
    passes = band.passing and (
        model.mandated_failure is _MandatedFailure.INDICATOR_ONLY or not mandated_failed
    )
    subject_en = {"unit": "assisting unit"}.get(model.subject_kind.value, model.subject_kind.value)
    return decide(
        rule=rule,
        subject_kind=model.subject_kind.value,
        subject_id=subject_id,
        title_en=f"{subject_en} passing the {year} annual assessment (score {total})",
        title_zh=f"{year}年度考核合格的对象（得分{total}）",
        reasons=_grade_reasons(model, total, band, mandated_failed, s),
        informational=indicator_reasons,
        citation=model.citation,
        standards=s,
        round=model.round,
        as_of=calendar.assessment_dates[calendar.assessment_years.index(year)],
        code=band.grade.value if passes else _Grade.FAIL.value,
        value=total,
    )


# --------------------------------------------------------------------------- columns
class ScoredColumns:
    """The columnar evaluator's scores of a table of subjects (see :func:`score_columns`).

    Attributes:
        model: The scoring model.
        total: Total points per row, as integers of ``10**-scale`` points.
        scale: The decimals of ``total``.
        band: Index of the grade band each row reaches (in ``model.grade_scale``).
        passed: Where the assessment passes (a passing band and, under
            ``fails_assessment``, every mandated indicator met).
        mandated_failed: Where some mandated indicator failed.
    """

    __slots__ = ("band", "mandated_failed", "model", "passed", "scale", "total")

    def __init__(  # noqa: PLR0917 - private, built by score_columns
        self,
        model: _ScoringModel,
        total: np.ndarray[Any, Any],
        scale: int,
        band: np.ndarray[Any, Any],
        passed: np.ndarray[Any, Any],
        mandated_failed: np.ndarray[Any, Any],
    ) -> None:
        self.model = model
        self.total = total
        self.scale = scale
        self.band = band
        self.passed = passed
        self.mandated_failed = mandated_failed

    def totals(self) -> list[Decimal]:
        """Total points per row, as exact Decimals."""
        return [kernel.as_decimal(int(t), self.scale) for t in self.total.tolist()]

    def codes(self) -> list[str]:
        """The decision code of each row: the grade reached, or ``fail``."""
        grades = [b.grade.value for b in self.model.grade_scale]
        return [
            grades[b] if ok else _Grade.FAIL.value
            for b, ok in zip(self.band.tolist(), self.passed.tolist(), strict=True)
        ]


@declared(
    reads=(
        AssessmentParams.grade_scale,
        AssessmentParams.village_grade_scale,
        AssessmentParams.mandated_failure,
    )
)
def score_columns(
    model: _ScoringModel,
    achieved: Mapping[str, np.ndarray[Any, Any]],
    *,
    scale: int,
    deductions: Mapping[str, np.ndarray[Any, Any]] | None = None,
    gated: Mapping[str, np.ndarray[Any, Any]] | None = None,
) -> ScoredColumns:
    """Score a whole table of subjects with ``model``: the columnar evaluator of :func:`assess`.

    Exactly the points of :func:`indicator_points`, in integers: each achievement is an
    integer of ``10**-scale`` (``achieved = units / 10**scale``), weights, pass lines,
    bonuses and deductions are the model's exact Decimals written as integer fractions.

    Args:
        model: The scoring model (:func:`scoring_model`).
        achieved: Per indicator id, the achievements as integers of ``10**-scale``.
        scale: Decimals of the achievements (3 for 0.001).
        deductions: Per indicator id, counted deduction events (default none).
        gated: Per indicator id, where the gate trips (default nowhere).

    Policy: S11 (indicator kinds); S23 (round-3 city weights); grades per
    ``assessment.grade_scale`` / ``assessment.village_grade_scale``.

    Example:
        >>> import numpy as np
        >>> m = scoring_model(1, "village")
        >>> full = {i.id: np.array([1000, 990]) for i in m.indicators}
        >>> scored = score_columns(m, full, scale=3)
        >>> scored.totals(), scored.codes()
        ([Decimal('100.000'), Decimal('69.300')], ['pass', 'pass'])
    """
    import numpy as np

    n = len(next(iter(achieved.values()))) if achieved else 0
    terms = [
        (
            i,
            kernel.scaled(i.weight, 0),
            kernel.scaled(i.pass_line, 0),
            kernel.scaled(i.max_bonus, 0),
            kernel.scaled(i.deduction, 0),
        )
        for i in model.indicators
    ]
    # every amount at one scale: points of weight w (k_w) × achieved (scale) → k_w + scale
    k = scale + max(max(w.k, b.k - scale, d.k - scale, 0) for _, w, _, b, d in terms)
    unit = 10**scale
    total = np.zeros(n, dtype=object)
    mandated_failed = np.zeros(n, dtype=bool)
    for indicator, w, pass_line, bonus_cap, deduction in terms:
        a = np.asarray(achieved[indicator.id]).astype(object)
        if indicator.kind is _IndicatorKind.MANDATED:
            met = a >= unit
            points = np.where(met, w.n * 10 ** (k - w.k), 0)
            mandated_failed |= ~met.astype(bool)
        else:
            met = a * 10**pass_line.k >= pass_line.n * unit
            capped = np.minimum(a, unit)
            points = np.where(met, capped * w.n * 10 ** (k - w.k - scale), 0)
        over = met & (a > unit)
        bonus = (a - unit) * w.n * 10 ** (k - w.k - scale)
        cap = bonus_cap.n * 10 ** (k - bonus_cap.k)
        points = points + np.where(over, np.minimum(bonus, cap), 0)
        if deductions is not None and indicator.id in deductions:
            counts = np.asarray(deductions[indicator.id]).astype(object)
            points = points - counts * deduction.n * 10 ** (k - deduction.k)
        top = kernel.scaled(indicator.max_points, 0)
        points = np.maximum(0, np.minimum(points, top.n * 10 ** (k - top.k)))
        if gated is not None and indicator.id in gated:
            trips = np.asarray(gated[indicator.id], dtype=bool)
            points = np.where(trips, 0, points)
            if indicator.kind is _IndicatorKind.MANDATED:
                mandated_failed |= trips
        total = total + points
    band = np.full(n, len(model.grade_scale) - 1, dtype=np.int64)
    weight = kernel.scaled(model.total_weight, 0)
    for position in range(len(model.grade_scale) - 1, -1, -1):
        share = kernel.scaled(model.grade_scale[position].min_share, 0)
        cut = share.n * weight.n  # at scale share.k + weight.k
        reaches = total * 10 ** (share.k + weight.k) >= cut * 10**k
        band = np.where(reaches, position, band)
    passing = np.array([b.passing for b in model.grade_scale], dtype=bool)[band]
    if model.mandated_failure is _MandatedFailure.FAILS_ASSESSMENT:
        passing = passing & ~mandated_failed
    return ScoredColumns(model, total, k, band, passing, mandated_failed)
