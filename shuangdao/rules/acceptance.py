"""Round 1's 2012 final acceptance (考核验收): full survey, sample re-check, democratic appraisal.

S11 (the draft acceptance measures, December 2010) combines a **full survey** — every assisted
household and village reports its figures — with a **sample re-check** of those figures, and
assesses village governance and services by **democratic appraisal** (民主评议). It names the
method only: the sample size, how close a re-checked figure must come to the reported one and
how many disagreements the reported results survive were not found [N]. They are parameters
of ``acceptance.toml``, tagged *assumed*, that a scenario overrides:

* ``acceptance.recheck_sample_share`` (0.10): the share of the surveyed records drawn
  (rounded up, at least one);
* ``acceptance.recheck_tolerance`` (0.05): a re-checked figure agrees with the reported one
  when ``|re-checked − reported| <= 0.05 × |reported|`` (``..._tolerance_comparator``, ``le``);
* ``acceptance.recheck_discrepancy_share`` (0.05): the reported results stand when at most
  ``0.05 × n`` of the ``n`` re-checked figures disagree (``..._discrepancy_comparator``,
  ``le``).

**The draw** (:func:`draw_recheck_sample`, method ``sha256-order/v1``) is deterministic and
reproducible by hand: every record id gets the key ``SHA-256("shuangdao.acceptance.recheck"
NUL seed NUL id)`` (UTF-8, the seed in decimal), the records are ordered by key (then by id),
and the first ``n`` are the sample, in that order. It is a uniform draw without replacement;
the same seed and the same set of records give the same sample whatever order the records
come in, and a larger sample of the same seed contains the smaller one.

**The re-check** (:func:`recheck`) pairs every re-checked figure with the reported one by
record and item, compares them exactly (no float, whatever the caller's decimal context) and
decides whether the reported results stand. **Democratic appraisal** (:func:`appraise`,
:func:`appraisal_result`) is an input: its share in favour is the achievement of the
governance item of the round-1 village scoring model (``assessment.round1_village``), whose
pass line decides it.

Example:
    >>> from shuangdao.model import SurveyFigure
    >>> reported = [SurveyFigure(record_id=f"h{i}", item="income", value=2600 + i)
    ...             for i in range(40)]
    >>> sample = draw_recheck_sample([f.record_id for f in reported], seed=2012)
    >>> sample.size, sample.record_ids[:3]
    (4, ('h31', 'h21', 'h32'))
    >>> found = {f.record_id: f.value for f in reported if f.record_id in sample}
    >>> rechecked = [SurveyFigure(record_id=r, item="income", value=v - 50)
    ...              for r, v in found.items()]
    >>> d = recheck(reported, rechecked, sample=sample, subject_id="county-x")
    >>> d.code, d.value, d.certainty.value
    ('stands', 0, 'assumed')
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from shuangdao.calendar import round_calendar
from shuangdao.citations import Certainty, Citation
from shuangdao.declare import declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model.acceptance import DemocraticAppraisal, RecheckSample, SurveyFigure
from shuangdao.model.assessment import IndicatorKind, IndicatorResult
from shuangdao.model.fields import as_iterable
from shuangdao.quantities import Comparator
from shuangdao.standards import default_standards
from shuangdao.standards.params import AcceptanceParams, AssessmentParams

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "DRAW_METHOD",
    "RULE_IDS",
    "appraisal_result",
    "appraise",
    "draw_recheck_sample",
    "recheck",
    "recheck_sample_size",
]

DRAW_METHOD: Final = "sha256-order/v1"
"""The name and version of the sample draw (recorded in every :class:`RecheckSample`)."""

RULE_IDS: Final = {
    "recheck": "acceptance.recheck",
    "appraisal": "acceptance.appraisal",
}
"""The rule ids of the final acceptance's decisions."""

_DOMAIN: Final = b"shuangdao.acceptance.recheck"
_EXACT: Final = decimal.Context(
    prec=400, rounding=decimal.ROUND_CEILING, traps=[decimal.Inexact, decimal.Overflow]
)
"""Products and differences of exact figures, exact whatever the caller's decimal context."""
_CITATION: Final = Citation(
    ("S11",), note="final acceptance: full survey plus sample re-check; democratic appraisal"
)


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


def _draw_key(seed: int, record_id: str) -> tuple[bytes, str]:
    digest = hashlib.sha256(_DOMAIN + b"\0" + str(seed).encode() + b"\0" + record_id.encode())
    return digest.digest(), record_id


@declared(reads=(AcceptanceParams.recheck_sample_share,))
def recheck_sample_size(population: int, *, standards: Standards | None = None) -> int:
    """How many of ``population`` surveyed records the re-check draws.

    ``ceil(acceptance.recheck_sample_share × population)``, exact, at least one record of a
    non-empty population and never more than the population.

    Policy: S11 (full survey plus sample re-check; the sample size was not found, the share is
    an assumed parameter) [N].

    Example:
        >>> recheck_sample_size(3407), recheck_sample_size(5), recheck_sample_size(0)
        (341, 1, 0)
    """
    if isinstance(population, bool) or not isinstance(population, int):
        raise InvalidTypeError("must be a count (int)", field="population", value=population)
    if population < 0:
        raise InvalidRecordError("must be >= 0", field="population", value=population)
    if population == 0:
        return 0
    share = _standards(standards).params.acceptance.recheck_sample_share
    wanted = _EXACT.multiply(share, Decimal(population)).to_integral_value(
        decimal.ROUND_CEILING, _EXACT
    )
    return min(population, max(1, int(wanted)))


@declared(reads=(AcceptanceParams.recheck_sample_share,))
def draw_recheck_sample(
    record_ids: Iterable[str],
    *,
    seed: int,
    size: int | None = None,
    standards: Standards | None = None,
) -> RecheckSample:
    """Draw the records of the full survey that the sample re-check measures again.

    The draw (``sha256-order/v1``, see the module notes) orders the records by
    ``SHA-256("shuangdao.acceptance.recheck" NUL seed NUL id)`` and takes the first ``size``:
    deterministic given the seed, independent of the order the records come in, uniform
    without replacement, and nested (a larger sample of one seed contains the smaller one).

    Policy: S11 (sample re-check of the full survey); the draw is the project's [N].

    Args:
        record_ids: The full survey's records (household or village ids), each once.
        seed: The draw's seed, an integer in ``[0, 10**18)`` (publish it with the sample).
        size: How many to draw; ``None`` means :func:`recheck_sample_size`.
        standards: Standards to read; ``None`` means the default.

    Raises:
        InvalidRecordError: An id repeats or is empty, or ``size`` exceeds the population.
        InvalidTypeError: ``seed`` or ``size`` is not an integer, or an id is not text.

    Example:
        >>> s = draw_recheck_sample(["v3", "v1", "v2"], seed=7, size=2)
        >>> s.record_ids == draw_recheck_sample(["v1", "v2", "v3"], seed=7, size=2).record_ids
        True
        >>> s.population, s.seed, s.method
        (3, 7, 'sha256-order/v1')
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidTypeError("must be an integer", field="seed", value=seed)
    if seed < 0:
        raise InvalidRecordError("must be >= 0", field="seed", value=seed)
    if isinstance(record_ids, str) or not isinstance(record_ids, Iterable):
        raise InvalidTypeError("must be a list of ids", field="record_ids", value=record_ids)
    ids = list(record_ids)
    seen: set[str] = set()
    for record_id in ids:
        if not isinstance(record_id, str):
            raise InvalidTypeError("must be a text id", field="record_ids", value=record_id)
        if not record_id or record_id != record_id.strip():
            raise InvalidRecordError(
                "must be a non-empty id without surrounding spaces",
                field="record_ids",
                value=record_id,
            )
        if record_id in seen:
            raise InvalidRecordError(
                "appears twice in the full survey", record=f"record {record_id}", field="record_ids"
            )
        seen.add(record_id)
    if size is None:
        size = recheck_sample_size(len(ids), standards=standards)
    elif isinstance(size, bool) or not isinstance(size, int):
        raise InvalidTypeError("must be a count (int)", field="size", value=size)
    elif not 0 <= size <= len(ids):
        raise InvalidRecordError(
            f"must be between 0 and the population ({len(ids)})", field="size", value=size
        )
    ordered = sorted(ids, key=lambda record_id: _draw_key(seed, record_id))
    return RecheckSample(
        seed=seed, population=len(ids), record_ids=tuple(ordered[:size]), method=DRAW_METHOD
    )


def _figures(figures: Iterable[SurveyFigure], name: str) -> dict[tuple[str, str], Decimal]:
    by_key: dict[tuple[str, str], Decimal] = {}
    for figure in as_iterable(figures, name):
        if not isinstance(figure, SurveyFigure):
            raise InvalidTypeError("must be SurveyFigure records", field=name, value=figure)
        key = (figure.record_id, figure.item)
        if key in by_key:
            raise InvalidRecordError(
                f"has two {name} figures", record=f"record {figure.record_id}", field=figure.item
            )
        by_key[key] = figure.value
    return by_key


def _agrees(reported: Decimal, rechecked: Decimal, tolerance: Decimal, cmp: Comparator) -> bool:
    difference = _EXACT.abs(_EXACT.subtract(rechecked, reported))
    return cmp.holds(difference, _EXACT.multiply(tolerance, _EXACT.abs(reported)))


@declared(
    reads=(
        AcceptanceParams.recheck_tolerance,
        AcceptanceParams.recheck_tolerance_comparator,
        AcceptanceParams.recheck_discrepancy_share,
        AcceptanceParams.recheck_discrepancy_comparator,
    )
)
def recheck(
    reported: Iterable[SurveyFigure],
    rechecked: Iterable[SurveyFigure],
    *,
    sample: RecheckSample,
    subject_id: str,
    subject_kind: str = "county",
    on: dt.date | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether the full survey's reported results stand after the sample re-check.

    Every figure the full survey reported for a sampled record must have been re-checked
    (paired by record and item). A re-checked figure **agrees** when
    ``|re-checked − reported| <= acceptance.recheck_tolerance × |reported|`` (so a reported 0
    agrees only with 0); the reported results **stand** (code ``stands``) when the
    disagreeing figures are at most ``acceptance.recheck_discrepancy_share × n`` of the ``n``
    re-checked, and are **overturned** otherwise (code ``overturned``). Both comparisons are
    exact. The decision's ``value`` is the number of disagreeing figures; one informational
    reason per disagreement names the record, the item and both figures; another records the
    draw (seed, method, size, population). The tolerance and the allowed share are not
    published: the decision is *assumed* and says what it rests on.

    Policy: S11 (final acceptance: full survey plus sample re-check); the tolerance and the
    allowed share of disagreements are assumed [N].

    Args:
        reported: The full survey's figures (every record of the population).
        rechecked: The re-check's figures, for sampled records only.
        sample: The sample drawn from the full survey (:func:`draw_recheck_sample`).
        subject_id: Whose reported results these are.
        subject_kind: What that is: ``"county"`` (default), ``"city"``, ``"unit"`` (an
            assisting unit), ``"village"``... (S11's acceptance covers villages, 83 counties,
            21 cities and Shunde, and the leadership of 240 units).
        on: The day of the decision; ``None`` means round 1's settlement day.
        standards: Standards to read; ``None`` means the default.

    Raises:
        InvalidRecordError: The sample was not drawn from these records (another population
            size, or a sampled record the survey lacks); a figure repeats; a re-checked
            figure is for a record not drawn or an item not reported; a sampled figure was
            not re-checked; nothing was re-checked. The error names the record and the item.
        InvalidTypeError: An argument of the wrong type.

    Example:
        >>> from shuangdao.model import RecheckSample, SurveyFigure
        >>> reported = [SurveyFigure(record_id="h1", item="income", value="2600"),
        ...             SurveyFigure(record_id="h2", item="income", value="2400")]
        >>> sample = RecheckSample(seed=1, population=2, record_ids=("h2",))
        >>> d = recheck(reported, [SurveyFigure(record_id="h2", item="income", value="2600")],
        ...             sample=sample, subject_id="county-x")
        >>> d.code, d.value
        ('overturned', 1)
    """
    _check_recheck_arguments(sample, subject_id, subject_kind)
    s = _standards(standards)
    rule = RULE_IDS["recheck"]
    survey = _figures(reported, "reported")
    found = _figures(rechecked, "rechecked")
    drawn = _drawn_figures(survey, found, sample, subject_id, rule)
    disagreements = _disagreements(drawn, survey, found, sample, s)
    deciding = _deciding_reason(len(disagreements), len(drawn), s)
    return decide(
        rule=rule,
        subject_kind=subject_kind,
        subject_id=subject_id,
        title_en="subject whose reported results stand after the sample re-check",
        title_zh="上报结果经抽样复核成立的考核对象",
        reasons=(deciding,),
        informational=(_draw_reason(sample), *disagreements),
        citation=_CITATION,
        standards=s,
        round=1,
        as_of=round_calendar(1, standards=s).settlement_date if on is None else on,
        code="stands" if deciding.holds else "overturned",
        value=len(disagreements),
    )


def _check_recheck_arguments(sample: RecheckSample, subject_id: str, subject_kind: str) -> None:
    """The sample is a :class:`RecheckSample`; the subject's id and kind are non-empty text."""
    if not isinstance(sample, RecheckSample):
        raise InvalidTypeError("must be a RecheckSample", field="sample", value=sample)
    for name, given in (("subject_id", subject_id), ("subject_kind", subject_kind)):
        if not isinstance(given, str) or not given.strip():
            raise InvalidTypeError("must be non-empty text", field=name, value=given)


def _drawn_figures(
    survey: Mapping[tuple[str, str], Decimal],
    found: Mapping[tuple[str, str], Decimal],
    sample: RecheckSample,
    subject_id: str,
    rule: str,
) -> list[tuple[str, str]]:
    """The reported figures of the sampled records, each re-checked; else a typed error.

    The sample must have been drawn from this survey (its population, its records), every
    re-checked figure must be of a drawn record and a reported item, and every reported
    figure of a drawn record must have been re-checked.
    """
    _check_sample_drawn_from(survey, sample, rule)
    _check_rechecked_were_drawn(survey, found, sample, rule)
    drawn = [key for key in survey if key[0] in sample]
    for record_id, item in drawn:
        if (record_id, item) not in found:
            raise InvalidRecordError(
                "was drawn but this reported figure was not re-checked",
                record=f"record {record_id}",
                field=item,
                rule=rule,
            )
    if not drawn:
        raise InvalidRecordError(
            "has no figure to re-check (an empty sample)", record=subject_id, rule=rule
        )
    return drawn


def _check_sample_drawn_from(
    survey: Mapping[tuple[str, str], Decimal], sample: RecheckSample, rule: str
) -> None:
    """The sample's population is the survey's, and every sampled record was surveyed."""
    surveyed = {record_id for record_id, _item in survey}
    if len(surveyed) != sample.population:
        raise InvalidRecordError(
            f"was drawn from {sample.population} records, but the full survey has {len(surveyed)}",
            record=f"sample (seed {sample.seed})",
            field="population",
            rule=rule,
        )
    for record_id in sample.record_ids:
        if record_id not in surveyed:
            raise InvalidRecordError(
                "was drawn but the full survey has no figure for it",
                record=f"record {record_id}",
                field="sample",
                rule=rule,
            )


def _check_rechecked_were_drawn(
    survey: Mapping[tuple[str, str], Decimal],
    found: Mapping[tuple[str, str], Decimal],
    sample: RecheckSample,
    rule: str,
) -> None:
    """Every re-checked figure is of a drawn record and an item the survey reported."""
    for record_id, item in found:
        if record_id not in sample:
            raise InvalidRecordError(
                "was re-checked but not drawn for the re-check",
                record=f"record {record_id}",
                field=item,
                rule=rule,
            )
        if (record_id, item) not in survey:
            raise InvalidRecordError(
                "was re-checked but the full survey reported no such item",
                record=f"record {record_id}",
                field=item,
                rule=rule,
            )


def _disagreements(
    drawn: list[tuple[str, str]],
    survey: Mapping[tuple[str, str], Decimal],
    found: Mapping[tuple[str, str], Decimal],
    sample: RecheckSample,
    s: Standards,
) -> list[Reason]:
    """One informational reason per re-checked figure outside the tolerance, in draw order."""
    tolerance = s.params.acceptance.recheck_tolerance
    per_figure = s.params.acceptance.recheck_tolerance_comparator
    disagreements: list[Reason] = []
    for record_id, item in sorted(drawn, key=lambda k: (sample.record_ids.index(k[0]), k[1])):
        was, now = survey[record_id, item], found[record_id, item]
        if _agrees(was, now, tolerance, per_figure):
            continue
        limit = _EXACT.multiply(tolerance, _EXACT.abs(was))
        difference = _EXACT.abs(_EXACT.subtract(now, was))
        disagreements.append(
            Reason(
                criterion=f"{record_id}.{item}",
                holds=False,
                label_en=f"record {record_id}, {item}: difference between re-checked and reported",
                label_zh=f"记录{record_id}（{item}）：复核数与上报数之差",
                citation=s.citation(AcceptanceParams.recheck_tolerance),
                observed=difference,
                threshold=limit,
                comparator=per_figure,
                margin=_EXACT.subtract(difference, limit),
                unit="",
                parameter=AcceptanceParams.recheck_tolerance,
                note_en=f"reported {was}, re-checked {now}",
                note_zh=f"上报{was}，复核{now}",
                rests_on=(AcceptanceParams.recheck_tolerance,),
            )
        )
    return disagreements


def _deciding_reason(disagreeing: int, compared: int, s: Standards) -> Reason:
    """Whether the disagreeing figures are within the allowed share of those re-checked."""
    acceptance = s.params.acceptance
    tolerance = acceptance.recheck_tolerance
    allowed_share = acceptance.recheck_discrepancy_share
    overall = acceptance.recheck_discrepancy_comparator
    allowed = _EXACT.multiply(allowed_share, Decimal(compared))
    keys = (
        AcceptanceParams.recheck_tolerance,
        AcceptanceParams.recheck_tolerance_comparator,
        AcceptanceParams.recheck_discrepancy_share,
        AcceptanceParams.recheck_discrepancy_comparator,
    )
    certainty = Certainty.weakest(*(s.citation(key).certainty for key in keys))
    return Reason(
        criterion="recheck_agrees",
        holds=overall.holds(disagreeing, allowed),
        label_en=f"re-checked figures disagreeing with the reported ones (of {compared}; "
        f"tolerance {tolerance} of the reported figure)",
        label_zh=f"复核数与上报数不符的数量（共复核{compared}项；允许误差为上报数的{tolerance}）",
        citation=Citation(("S11", "PROJECT"), certainty=certainty),
        observed=disagreeing,
        threshold=allowed,
        comparator=overall,
        margin=_EXACT.subtract(Decimal(disagreeing), allowed),
        unit="",
        parameter=AcceptanceParams.recheck_discrepancy_share,
        note_en=f"at most {allowed_share} of the re-checked figures may disagree",
        note_zh=f"不符项所占比例不得超过{allowed_share}",
        certainty=certainty,
        rests_on=keys,
    )


def _draw_reason(sample: RecheckSample) -> Reason:
    """The draw, recorded: its size, population, seed and method (informational)."""
    return Reason(
        criterion="sample",
        holds=True,
        label_en=f"sample re-check: {sample.size} of {sample.population} records "
        f"(seed {sample.seed}, {sample.method})",
        label_zh=f"抽样复核：{sample.population}条记录中抽取{sample.size}条"
        f"（种子{sample.seed}，{sample.method}）",
        citation=_CITATION,
        observed=sample.size,
        threshold=sample.population,
        unit="",
    )


def _floor_share(appraisal: DemocraticAppraisal) -> Decimal:
    """The share in favour, rounded down to 0.0001 (exact for pass lines of <= 4 decimals)."""
    units = appraisal.in_favour * 10_000 // appraisal.participants
    return _EXACT.scaleb(Decimal(units), -4)


def appraisal_result(appraisal: DemocraticAppraisal) -> IndicatorResult:
    """Turn a democratic appraisal into the result of its assessment indicator.

    The achievement is the share in favour, ``in_favour / participants``, **rounded down** to
    0.0001: reaching a pass line of at most 4 decimals is then decided exactly as by the
    unrounded share. Pass the result to :func:`shuangdao.rules.assessment.assess` with the
    village's other results.

    Policy: S11 (village governance and services assessed by democratic appraisal).

    Example:
        >>> from shuangdao.model import DemocraticAppraisal
        >>> a = DemocraticAppraisal(village_id="v1", item="governance", participants=3,
        ...                         in_favour=2)
        >>> r = appraisal_result(a)
        >>> r.indicator_id, r.achieved
        ('governance', Decimal('0.6666'))
    """
    if not isinstance(appraisal, DemocraticAppraisal):
        raise InvalidTypeError("must be a DemocraticAppraisal", field="appraisal", value=appraisal)
    return IndicatorResult(appraisal.item, achieved=_floor_share(appraisal))


@declared(reads=(AssessmentParams.round1_village,))
def appraise(
    appraisal: DemocraticAppraisal,
    *,
    on: dt.date | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether a village's governance item passes its democratic appraisal.

    The item is an indicator of round 1's village scoring model (``assessment.round1_village``,
    e.g. ``governance``: scored, pass line 0.60, *assumed*); it passes when the share in
    favour reaches the pass line, compared exactly (``in_favour >= pass_line ×
    participants``). The decision's ``value`` is the achievement :func:`appraisal_result`
    gives the assessment; its certainty is the indicator's.

    Policy: S11 (village governance and services assessed by democratic appraisal); the pass
    line is the assumed one of the round-1 village model.

    Raises:
        UnknownReferenceError: ``appraisal.item`` is not an indicator of the model.
        InvalidRecordError: The item is a mandated indicator (measured, not appraised).

    Example:
        >>> from shuangdao.model import DemocraticAppraisal
        >>> a = DemocraticAppraisal(village_id="v1", item="governance", participants=40,
        ...                         in_favour=24)
        >>> d = appraise(a)
        >>> d.outcome, d.value, d.certainty.value
        (True, Decimal('0.6000'), 'assumed')
    """
    from shuangdao.rules.assessment import scoring_model

    if not isinstance(appraisal, DemocraticAppraisal):
        raise InvalidTypeError("must be a DemocraticAppraisal", field="appraisal", value=appraisal)
    s = _standards(standards)
    rule = RULE_IDS["appraisal"]
    indicator = scoring_model(1, "village", standards=s).indicator(appraisal.item)
    if indicator.kind is IndicatorKind.MANDATED:
        raise InvalidRecordError(
            "is a mandated (民生) indicator, measured rather than appraised",
            record=f"village {appraisal.village_id}",
            field="item",
            value=appraisal.item,
            rule=rule,
        )
    needed = _EXACT.multiply(indicator.pass_line, Decimal(appraisal.participants))
    citation = Citation(
        ("S11", *(i for i in indicator.citation.source_ids if i != "S11")),
        certainty=indicator.citation.certainty,
        note="democratic appraisal (民主评议) of village governance and services",
    )
    name_en, name_zh = indicator.en or appraisal.item, indicator.zh or appraisal.item
    reason = Reason(
        criterion=appraisal.item,
        holds=Comparator.GE.holds(appraisal.in_favour, needed),
        label_en=f"village {appraisal.village_id}: participants rating {name_en} "
        f"satisfactory (of {appraisal.participants})",
        label_zh=f"村{appraisal.village_id}：评议{name_zh}为满意的人数"
        f"（共{appraisal.participants}人）",
        citation=citation,
        observed=appraisal.in_favour,
        threshold=needed,
        comparator=Comparator.GE,
        margin=_EXACT.subtract(Decimal(appraisal.in_favour), needed),
        unit="persons",
        parameter=AssessmentParams.round1_village,
        note_en=f"pass line {indicator.pass_line} of the participants",
        note_zh=f"及格线为参评人数的{indicator.pass_line}",
        rests_on=(AssessmentParams.round1_village,)
        if citation.certainty is not Certainty.CONFIRMED
        else (),
    )
    return decide(
        rule=rule,
        subject_kind="village",
        subject_id=appraisal.village_id,
        title_en="village whose governance item passes its democratic appraisal",
        title_zh="民主评议达标的村",
        reasons=(reason,),
        citation=citation,
        standards=s,
        round=1,
        as_of=round_calendar(1, standards=s).settlement_date if on is None else on,
        value=_floor_share(appraisal),
    )
