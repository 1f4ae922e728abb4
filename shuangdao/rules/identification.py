"""Who is poor, and why: identification rules of rounds 1–3 and the 2011 regulation.

One pure function per policy rule, each returning a self-explaining
:class:`~shuangdao.explain.Decision` with one :class:`~shuangdao.explain.Reason` per criterion
(observed value, threshold, comparator, margin, citation and the standards key it read):

========================================  =================================================
rule id                                   criteria (in order; the code lists failing ones)
========================================  =================================================
``identification.round1.village``         ``designated``
``identification.round1.household``       ``in_designated_village``, ``household_income``
``identification.round2.village``         ``village_income``, ``collective_income``
``identification.round2.household``       ``in_key_village``, ``household_income``,
                                          ``labour_capacity``
``identification.round3.village``         ``village_income``, ``poor_share`` (+ informational
                                          ``priority_dilapidated_housing``,
                                          ``priority_special_area``)
``identification.round3.household``       ``household_income``
``identification.statute.household``      ``household_income``, ``labour_capacity``,
                                          ``willing_to_work``
========================================  =================================================

Decision codes are ``"selected"`` or ``"not:" + "+".join(failing criteria)`` (e.g.
``"not:household_income+labour_capacity"``), stable for tables and the batch path.

Exactness:
    Per-capita comparisons never divide. A household is compared as
    ``income <op> line × members`` (:func:`~shuangdao.quantities.compare_per_capita`), exact
    for Decimal yuan and integer members. The reason's ``observed`` is the household's total
    income, its ``threshold`` is ``line × members``, and its ``margin`` is the *per-capita*
    margin ``income / members - line`` rounded half-even to 0.0001 yuan — reported only, it
    never decides. Village margins are ``observed - threshold``. The round-3 share test is
    ``poor persons >= share × registered population``, also exact.

Thresholds and comparators are always read from the standards (``standards=None`` means
:func:`~shuangdao.standards.default_standards`), never literals. Income calibers must match
the round: rounds 1–2 and the round-2 village rule take **net** income, round 3 takes
**disposable** income at 2014 prices; a mismatch is an :class:`InvalidRecordError`.

Performance: the values, citations and provenance a rule reads are memoised per standards
object (by identity, a few objects at most), so deciding a household costs a handful of
microseconds. The memo holds no policy state; results never depend on it.

Example:
    >>> from shuangdao import Household
    >>> h = Household(household_id="h1", village_id="v1", members=4, income="12371.99",
    ...               has_labour_capacity=True)
    >>> d = identify_household_round2(h, in_key_village=True)
    >>> d.outcome, d.code, d.reason("household_income").margin
    (True, 'selected', Decimal('-0.0025'))
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from attrs import field, frozen

from shuangdao.citations import Citation
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    RecordErrors,
    ShuangdaoError,
    UnknownReferenceError,
)
from shuangdao.explain import Decision, Provenance, Reason, decide
from shuangdao.model import Household, IncomeMeasure, SpecialArea, Village
from shuangdao.quantities import Comparator, compare_per_capita
from shuangdao.standards import Standards, default_standards

__all__ = [
    "IdentificationResult",
    "RULE_IDS",
    "identify",
    "identify_household_round1",
    "identify_household_round2",
    "identify_household_round3",
    "identify_household_statute",
    "identify_village_round1",
    "identify_village_round2",
    "identify_village_round3",
]

RULE_IDS: Final = {
    (1, "village"): "identification.round1.village",
    (1, "household"): "identification.round1.household",
    (2, "village"): "identification.round2.village",
    (2, "household"): "identification.round2.household",
    (3, "village"): "identification.round3.village",
    (3, "household"): "identification.round3.household",
    (0, "household"): "identification.statute.household",
}
"""Rule id by ``(round, subject kind)``; round ``0`` is the 2011 regulation (art. 8)."""

# Where each rule comes from (the parameters it reads carry their own citations).
_RULE_CITATIONS: Final = {
    "identification.round1.village": Citation(
        ("S5", "S13", "S11"), note="3409 (later 3407) designated villages; rule never published"
    ),
    "identification.round1.household": Citation(("S3", "S5")),
    "identification.round2.village": Citation(("S1",)),
    "identification.round2.household": Citation(("S1", "S24")),
    "identification.round3.village": Citation(("S18", "S19")),
    "identification.round3.household": Citation(("S18",)),
    "identification.statute.household": Citation(("S14", "S15"), article="art. 8"),
}

_TITLES: Final = {
    "village1": ("designated poor village", "贫困村"),
    "household1": ("poor household", "贫困户"),
    "village2": ("key village", "重点帮扶村"),
    "household2": ("poor household", "贫困户"),
    "village3": ("relatively poor village", "相对贫困村"),
    "household3": ("relatively poor household", "相对贫困户"),
    "statute": ("poor household", "贫困户"),
}

_INFORMATIONAL_EN: Final = "priority flag only; it does not change the outcome"
_INFORMATIONAL_ZH: Final = "仅为优先条件，不影响认定结果"


# --------------------------------------------------------------------------- memo
class _Memo:
    """Values, citations and provenance read from one standards object (private)."""

    __slots__ = ("citations", "provenance", "shared", "standards", "values")

    def __init__(self, standards: Standards) -> None:
        self.standards = standards
        self.provenance = Provenance.of(standards)
        self.values: dict[str, Any] = {}
        self.citations: dict[str, Citation] = {}
        # Immutable pieces shared by many decisions (texts per household size, flag
        # reasons): fewer allocations, far less memory when millions of decisions are kept.
        self.shared: dict[Hashable, Any] = {}

    def value(self, key: str) -> Any:
        try:
            return self.values[key]
        except KeyError:
            value = self.standards.value(key)  # raises MissingParameterError: not cached
            self.values[key] = value
            return value

    def citation(self, key: str) -> Citation:
        try:
            return self.citations[key]
        except KeyError:
            citation = self.standards.citation(key)
            self.citations[key] = citation
            return citation

    def share(self, key: Hashable, build: Callable[[], Any]) -> Any:
        try:
            return self.shared[key]
        except KeyError:
            value = build()
            if len(self.shared) < _SHARED_SIZE:
                self.shared[key] = value
            return value


_SHARED_SIZE: Final = 4096
_MEMOS: dict[int, _Memo] = {}
_MEMO_SIZE: Final = 16


def _memo(standards: Standards | None) -> _Memo:
    """Return the memo for ``standards`` (identity-keyed; keeps the object alive)."""
    if standards is None:
        standards = default_standards()
    elif not isinstance(standards, Standards):
        raise InvalidTypeError(
            f"must be a Standards object, not {type(standards).__name__}", field="standards"
        )
    memo = _MEMOS.get(id(standards))
    if memo is not None and memo.standards is standards:
        return memo
    memo = _Memo(standards)
    if len(_MEMOS) >= _MEMO_SIZE:
        _MEMOS.pop(next(iter(_MEMOS)))
    _MEMOS[id(standards)] = memo
    return memo


# --------------------------------------------------------------------------- helpers
def _check_measure(
    subject: str, measure: IncomeMeasure, expected: IncomeMeasure, rule: str
) -> None:
    if measure is not expected:
        raise InvalidRecordError(
            f"must be {expected.value} income for this round (measures must match the round)",
            record=subject,
            field="income_measure",
            value=measure.value,
            rule=rule,
        )


def _required_money(village: Village, name: str, rule: str) -> Decimal:
    value: Decimal | None = getattr(village, name)
    if value is None:
        raise InvalidRecordError(
            "is missing (required by this rule)",
            record=f"village {village.village_id}",
            field=name,
            rule=rule,
        )
    return value


def _household_income_reason(
    memo: _Memo,
    household: Household,
    *,
    line_key: str,
    comparator_key: str,
    line: Decimal | None = None,
    citation: Citation | None = None,
    label_en: str,
    label_zh: str,
) -> Reason:
    """Compare ``income`` with ``line × members`` exactly; margin per capita."""
    if line is None:
        line = memo.value(line_key)
    assert line is not None
    comparator: Comparator = memo.value(comparator_key)
    members = household.members
    holds, margin = compare_per_capita(household.income, members, comparator, line)
    texts = memo.share(
        ("household_income", label_en, line, members),
        lambda: (
            f"{label_en} ({members} persons)",
            f"{label_zh}（{members}人）",
            line * members,
            f"line {line:,} yuan per person × {members}; margin is per person",
            f"标准每人{line:,}元×{members}人；差额按人均计",
        ),
    )
    return Reason(
        criterion="household_income",
        holds=holds,
        label_en=texts[0],
        label_zh=texts[1],
        citation=memo.citation(line_key) if citation is None else citation,
        observed=household.income,
        threshold=texts[2],
        comparator=comparator,
        margin=margin,
        unit="yuan",
        parameter=line_key,
        note_en=texts[3],
        note_zh=texts[4],
    )


def _labour_reason(memo: _Memo, household: Household, *, key: str, required: bool) -> Reason:
    observed = household.has_labour_capacity
    shared: Reason = memo.share(
        ("labour_capacity", key, required, observed),
        lambda: _build_labour_reason(memo, observed, key=key, required=required),
    )
    return shared


def _build_labour_reason(memo: _Memo, observed: bool, *, key: str, required: bool) -> Reason:
    if required:
        return Reason.flag(
            "labour_capacity",
            observed=observed,
            label_en="has labour capacity",
            label_zh="有劳动能力",
            citation=memo.citation(key),
            parameter=key,
        )
    return Reason(
        criterion="labour_capacity",
        holds=True,
        label_en="has labour capacity",
        label_zh="有劳动能力",
        citation=memo.citation(key),
        observed=observed,
        threshold=None,
        parameter=key,
        note_en="not required under these standards",
        note_zh="本标准不要求",
    )


def _decide(
    memo: _Memo,
    *,
    rule: str,
    kind: str,
    subject_id: str,
    title: str,
    reasons: Sequence[Reason],
    round_number: int | None,
    as_of: dt.date | None,
    informational: Sequence[Reason] = (),
) -> Decision:
    title_en, title_zh = _TITLES[title]
    return decide(
        rule=rule,
        subject_kind=kind,
        subject_id=subject_id,
        title_en=title_en,
        title_zh=title_zh,
        reasons=reasons,
        citation=_RULE_CITATIONS[rule],
        standards=memo.standards,
        round=round_number,
        as_of=as_of,
        informational=informational,
        provenance=memo.provenance,
    )


# --------------------------------------------------------------------------- round 1
def _round1_village_reason(memo: _Memo, village: Village, rule: str) -> Reason:
    try:
        selection = memo.value("round1.village_selection_rule")
    except MissingParameterError:
        selection = "caller_supplied"
    if selection == "collective_income_below":
        collective = _required_money(village, "collective_income", rule)
        key = "round1.village_collective_line"
        comparator_key = "identification.round1_village_collective_comparator"
        comparator: Comparator = memo.value(comparator_key)
        return Reason.compare(
            "designated",
            observed=collective,
            threshold=memo.value(key),
            comparator=comparator,
            label_en="village collective income (unconfirmed selection rule)",
            label_zh="村集体经济收入（未证实的确定规则）",
            citation=memo.citation(key),
            parameter=key,
            note_en="round1.village_selection_rule = collective_income_below",
            note_zh="按集体经济收入确定贫困村（存疑）",
        )
    if village.designated is None:
        hint = memo.standards.param("round1.village_selection_rule").hint
        raise MissingParameterError(
            f"is not known: the round-1 village selection rule was never published. {hint}",
            record=f"village {village.village_id}",
            field="designated",
            rule=rule,
        )
    key = "round1.village_selection_rule"
    return Reason.flag(
        "designated",
        observed=village.designated,
        label_en="designated as a poor village by the province (caller-supplied)",
        label_zh="经确定为贫困村（由调用方提供）",
        citation=memo.citation(key),
        parameter=key,
    )


def identify_village_round1(
    village: Village, *, standards: Standards | None = None, as_of: dt.date | None = None
) -> Decision:
    """Decide whether ``village`` is a designated poor village (贫困村) of round 1.

    The selection rule was never published, so the village's ``designated`` flag is an
    input. Setting ``round1.village_selection_rule = "collective_income_below"`` instead
    applies the unconfirmed rule "collective income below ``round1.village_collective_line``"
    (comparator ``identification.round1_village_collective_comparator``, tagged recalled).
    Either way the criterion is ``"designated"``.

    Policy: S5, S13 (3409 designated villages); S11 (3407 at acceptance); rule [N].

    Raises:
        MissingParameterError: ``village.designated`` is ``None`` and no selection rule is set.

    Example:
        >>> from shuangdao import Village
        >>> identify_village_round1(Village(village_id="v1", designated=True)).code
        'selected'
    """
    rule = RULE_IDS[1, "village"]
    memo = _memo(standards)
    reason = _round1_village_reason(memo, village, rule)
    return _decide(
        memo,
        rule=rule,
        kind="village",
        subject_id=village.village_id,
        title="village1",
        reasons=(reason,),
        round_number=1,
        as_of=as_of,
    )


def _check_same_village(household: Household, village: Village, rule: str) -> None:
    if household.village_id != village.village_id:
        raise InvalidRecordError(
            f"does not match the village given ({village.village_id})",
            record=f"household {household.household_id}",
            field="village_id",
            value=household.village_id,
            rule=rule,
        )


def identify_household_round1(
    household: Household,
    *,
    village: Village,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Decide whether ``household`` is a round-1 poor household (贫困户).

    A poor household lives in a designated poor village and has per-capita net income at or
    below 1500 yuan (``round1.household_line``, comparator ``round1.household_comparator``,
    以下 = ``<=`` by default), compared exactly as ``income <= 1500 × members``.

    Policy: S3, S5 (1500 yuan line); 民法通则 art. 155 (以下 includes the figure).

    Raises:
        InvalidRecordError: The household is not in ``village`` or its income is not net.
        MissingParameterError: The village's designation is unknown (see
            :func:`identify_village_round1`).

    Example:
        >>> from shuangdao import Household, Village
        >>> v = Village(village_id="v1", designated=True)
        >>> h = Household(household_id="h1", village_id="v1", members=4, income="6000",
        ...               has_labour_capacity=False)
        >>> identify_household_round1(h, village=v).code
        'selected'
    """
    rule = RULE_IDS[1, "household"]
    memo = _memo(standards)
    _check_same_village(household, village, rule)
    _check_measure(
        f"household {household.household_id}", household.income_measure, IncomeMeasure.NET, rule
    )
    village_reason = _round1_village_reason(memo, village, rule)
    in_village: Reason = memo.share(
        ("in_designated_village", village_reason.holds, village_reason.parameter),
        lambda: Reason.flag(
            criterion="in_designated_village",
            label_en="lives in a designated poor village",
            label_zh="所在村为贫困村",
            citation=village_reason.citation,
            observed=village_reason.holds,
            parameter=village_reason.parameter,
        ),
    )
    income = _household_income_reason(
        memo,
        household,
        line_key="round1.household_line",
        comparator_key="round1.household_comparator",
        label_en="household net income",
        label_zh="家庭纯收入",
    )
    return _decide(
        memo,
        rule=rule,
        kind="household",
        subject_id=household.household_id,
        title="household1",
        reasons=(in_village, income),
        round_number=1,
        as_of=as_of,
    )


# --------------------------------------------------------------------------- round 2
def identify_village_round2(
    village: Village, *, standards: Standards | None = None, as_of: dt.date | None = None
) -> Decision:
    """Decide whether ``village`` is a round-2 key village for assistance (重点帮扶村).

    Per-capita net income (end of 2011) below ``round2.village_line`` (5623 = 60 % × 9372,
    ``round2.village_comparator``, 低于 = ``<``) **and** collective income below
    ``round2.collective_line`` (30000, ``round2.collective_comparator``, ``<``).

    Policy: S1 (round-2 plan).

    Raises:
        InvalidRecordError: Income or collective income missing, or income not net.

    Example:
        >>> from shuangdao import Village
        >>> v = Village(village_id="v1", per_capita_income="5622.99", collective_income="30000")
        >>> identify_village_round2(v).code
        'not:collective_income'
    """
    rule = RULE_IDS[2, "village"]
    memo = _memo(standards)
    income = _required_money(village, "per_capita_income", rule)
    collective = _required_money(village, "collective_income", rule)
    _check_measure(f"village {village.village_id}", village.income_measure, IncomeMeasure.NET, rule)
    reasons = (
        Reason.compare(
            "village_income",
            observed=income,
            threshold=memo.value("round2.village_line"),
            comparator=memo.value("round2.village_comparator"),
            label_en="village per-capita net income",
            label_zh="村农民人均纯收入",
            citation=memo.citation("round2.village_line"),
            parameter="round2.village_line",
        ),
        Reason.compare(
            "collective_income",
            observed=collective,
            threshold=memo.value("round2.collective_line"),
            comparator=memo.value("round2.collective_comparator"),
            label_en="village collective income",
            label_zh="村集体经济收入",
            citation=memo.citation("round2.collective_line"),
            parameter="round2.collective_line",
        ),
    )
    return _decide(
        memo,
        rule=rule,
        kind="village",
        subject_id=village.village_id,
        title="village2",
        reasons=reasons,
        round_number=2,
        as_of=as_of,
    )


def identify_household_round2(
    household: Household,
    *,
    in_key_village: bool,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Decide whether ``household`` is a round-2 poor household (贫困户).

    In a key village, per-capita net income below ``round2.household_line`` (3093 = 33 % ×
    9372, ``<``), compared exactly as ``income < 3093 × members``, **and** with labour
    capacity when ``round2.requires_labour_capacity`` (true by default).

    Policy: S1 (round-2 plan); S24 (33 % line).

    Raises:
        InvalidRecordError: The income is not net income.

    Example:
        >>> from shuangdao import Household
        >>> h = Household(household_id="h1", village_id="v1", members=4, income="12372.00",
        ...               has_labour_capacity=True)
        >>> identify_household_round2(h, in_key_village=True).code
        'not:household_income'
    """
    rule = RULE_IDS[2, "household"]
    memo = _memo(standards)
    if not isinstance(in_key_village, bool):
        raise InvalidTypeError(
            "must be a boolean",
            record=f"household {household.household_id}",
            field="in_key_village",
            value=in_key_village,
            rule=rule,
        )
    _check_measure(
        f"household {household.household_id}", household.income_measure, IncomeMeasure.NET, rule
    )
    village_reason: Reason = memo.share(
        ("in_key_village", in_key_village),
        lambda: Reason.flag(
            criterion="in_key_village",
            label_en="lives in a key village",
            label_zh="所在村为重点帮扶村",
            citation=memo.citation("round2.village_line"),
            observed=in_key_village,
            parameter="round2.village_line",
        ),
    )
    income = _household_income_reason(
        memo,
        household,
        line_key="round2.household_line",
        comparator_key="round2.household_comparator",
        label_en="household net income",
        label_zh="家庭纯收入",
    )
    labour = _labour_reason(
        memo,
        household,
        key="round2.requires_labour_capacity",
        required=memo.value("round2.requires_labour_capacity"),
    )
    return _decide(
        memo,
        rule=rule,
        kind="household",
        subject_id=household.household_id,
        title="household2",
        reasons=(village_reason, income, labour),
        round_number=2,
        as_of=as_of,
    )


# --------------------------------------------------------------------------- round 3
def _priority_reasons(memo: _Memo, village: Village) -> tuple[Reason, Reason]:
    share_key = "round3.priority_dilapidated_share"
    comparator_key = "identification.round3_priority_dilapidated_comparator"
    share_line: Decimal = memo.value(share_key)
    comparator: Comparator = memo.value(comparator_key)
    share = village.dilapidated_housing_share
    if share is None:
        dilapidated = Reason(
            criterion="priority_dilapidated_housing",
            holds=False,
            label_en="share of households in dilapidated mud-brick or thatched houses",
            label_zh="泥砖房、茅草房危房户比例",
            citation=memo.citation(share_key),
            observed=None,
            threshold=share_line,
            comparator=comparator,
            unit="",
            parameter=share_key,
            note_en=f"not recorded; {_INFORMATIONAL_EN}",
            note_zh=f"未登记；{_INFORMATIONAL_ZH}",
        )
    else:
        dilapidated = Reason.compare(
            "priority_dilapidated_housing",
            observed=share,
            threshold=share_line,
            comparator=comparator,
            label_en="share of households in dilapidated mud-brick or thatched houses",
            label_zh="泥砖房、茅草房危房户比例",
            citation=memo.citation(share_key),
            unit="",
            parameter=share_key,
            note_en=_INFORMATIONAL_EN,
            note_zh=_INFORMATIONAL_ZH,
        )
    areas_key = "round3.priority_special_areas"
    priority_areas: tuple[str, ...] = memo.value(areas_key)
    found = sorted(a.value for a in village.special_areas if a.value in priority_areas)
    special = Reason(
        criterion="priority_special_area",
        holds=bool(found),
        label_en="lies in a priority area (old revolutionary base, minority, limestone, "
        "reservoir resettlement)",
        label_zh="位于老区、少数民族地区、石灰岩地区或省属水库移民区",
        citation=memo.citation(areas_key),
        observed=", ".join(found) if found else None,
        threshold=None,
        parameter=areas_key,
        note_en=_INFORMATIONAL_EN,
        note_zh=(
            "所在区域：" + "、".join(SpecialArea(a).zh for a in found) + "；" + _INFORMATIONAL_ZH
            if found
            else _INFORMATIONAL_ZH
        ),
    )
    return dilapidated, special


def identify_village_round3(
    village: Village,
    *,
    relatively_poor_persons: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Decide whether ``village`` is a round-3 relatively poor village (相对贫困村).

    Per-capita disposable income (2014 prices) at or below ``round3.village_line`` (8000,
    以下 = ``<=``) **and** relatively poor persons at least ``round3.village_poor_share``
    (5 %, ``>=``) of the registered population, compared exactly as
    ``persons >= 0.05 × population``.

    The priority flags (≥ 10 % dilapidated housing; old revolutionary base, minority,
    limestone or reservoir-resettlement area) are appended as *informational* reasons with
    criteria ``priority_dilapidated_housing`` and ``priority_special_area``: they never
    change the outcome, the deciding criteria or the code.

    Policy: S18 (粤发〔2016〕13号); S19 (criteria and priority).

    Raises:
        InvalidRecordError: Income missing or not disposable, registered population missing
            or below 1, or ``relatively_poor_persons`` negative.

    Example:
        >>> from shuangdao import Village
        >>> v = Village(village_id="v1", per_capita_income="8000", registered_population=1000,
        ...             income_measure="disposable")
        >>> identify_village_round3(v, relatively_poor_persons=50).code
        'selected'
    """
    rule = RULE_IDS[3, "village"]
    memo = _memo(standards)
    subject = f"village {village.village_id}"
    income = _required_money(village, "per_capita_income", rule)
    _check_measure(subject, village.income_measure, IncomeMeasure.DISPOSABLE, rule)
    population = village.registered_population
    if population is None or population < 1:
        raise InvalidRecordError(
            "must be >= 1 to compute the relatively poor share",
            record=subject,
            field="registered_population",
            value=population,
            rule=rule,
        )
    if (
        isinstance(relatively_poor_persons, bool)
        or not isinstance(relatively_poor_persons, int)
        or relatively_poor_persons < 0
    ):
        raise InvalidRecordError(
            "must be a whole number >= 0",
            record=subject,
            field="relatively_poor_persons",
            value=relatively_poor_persons,
            rule=rule,
        )
    share: Decimal = memo.value("round3.village_poor_share")
    reasons = (
        Reason.compare(
            "village_income",
            observed=income,
            threshold=memo.value("round3.village_line"),
            comparator=memo.value("round3.village_comparator"),
            label_en="village per-capita disposable income (2014 prices)",
            label_zh="村人均可支配收入（2014年不变价）",
            citation=memo.citation("round3.village_line"),
            parameter="round3.village_line",
        ),
        Reason.compare(
            "poor_share",
            observed=relatively_poor_persons,
            threshold=share * population,
            comparator=memo.value("round3.village_poor_share_comparator"),
            label_en=f"relatively poor persons (share {share} of {population} registered)",
            label_zh=f"相对贫困人口（户籍人口{population}人的{share}）",
            citation=memo.citation("round3.village_poor_share"),
            unit="persons",
            parameter="round3.village_poor_share",
        ),
    )
    return _decide(
        memo,
        rule=rule,
        kind="village",
        subject_id=village.village_id,
        title="village3",
        reasons=reasons,
        round_number=3,
        as_of=as_of,
        informational=_priority_reasons(memo, village),
    )


def identify_household_round3(
    household: Household, *, standards: Standards | None = None, as_of: dt.date | None = None
) -> Decision:
    """Decide whether ``household`` is a round-3 relatively poor household (相对贫困户).

    Per-capita disposable income at 2014 prices below ``round3.household_line`` (4000,
    低于 = ``<``), compared exactly as ``income < 4000 × members``. It does not depend on the
    village. Incomes must already be at 2014 prices (the deflator was never published).

    Policy: S18 (粤发〔2016〕13号).

    Raises:
        InvalidRecordError: The income is net, not disposable.

    Example:
        >>> from shuangdao import Household
        >>> h = Household(household_id="h1", village_id="v1", members=2, income="7999.99",
        ...               has_labour_capacity=True, income_measure="disposable")
        >>> identify_household_round3(h).code
        'selected'
    """
    rule = RULE_IDS[3, "household"]
    memo = _memo(standards)
    _check_measure(
        f"household {household.household_id}",
        household.income_measure,
        IncomeMeasure.DISPOSABLE,
        rule,
    )
    income = _household_income_reason(
        memo,
        household,
        line_key="round3.household_line",
        comparator_key="round3.household_comparator",
        label_en="household disposable income (2014 prices)",
        label_zh="家庭可支配收入（2014年不变价）",
    )
    return _decide(
        memo,
        rule=rule,
        kind="household",
        subject_id=household.household_id,
        title="household3",
        reasons=(income,),
        round_number=3,
        as_of=as_of,
    )


# --------------------------------------------------------------------------- statute
def identify_household_statute(
    household: Household, *, on: dt.date, standards: Standards | None = None
) -> Decision:
    """Decide whether ``household`` is a poor household under the 2011 regulation, art. 8.

    Annual per-capita net income below the provincial standard in force on ``on``
    (``regulation.poverty_standard`` read by date, comparator
    ``regulation.poverty_standard_comparator``), **and** labour capacity **and** willingness
    to work. Art. 7 fixes no number; the dated standard is a documented, assumed parameter.
    The income caliber is not checked here (the standard in force may be net or
    disposable; supply the matching income).

    Policy: S14, S15 (条例 arts. 7–8); S16 (in force 2012-01-01).

    Raises:
        InvalidRecordError: ``on`` is before ``regulation.in_force``, or the household's
            ``willing_to_work`` is not recorded.

    Example:
        >>> import datetime as dt
        >>> from shuangdao import Household
        >>> h = Household(household_id="h1", village_id="v1", members=1, income="3092.99",
        ...               has_labour_capacity=True, willing_to_work=True)
        >>> identify_household_statute(h, on=dt.date(2014, 3, 1)).code
        'selected'
    """
    rule = RULE_IDS[0, "household"]
    memo = _memo(standards)
    subject = f"household {household.household_id}"
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidTypeError("must be a date", record=subject, field="on", value=on, rule=rule)
    in_force: dt.date = memo.value("regulation.in_force")
    if on < in_force:
        raise InvalidRecordError(
            f"is before the regulation came into force on {in_force.isoformat()}",
            record=subject,
            field="on",
            value=on.isoformat(),
            rule=rule,
        )
    if household.willing_to_work is None:
        raise InvalidRecordError(
            "is not recorded; art. 8 requires willingness to work",
            record=subject,
            field="willing_to_work",
            value=None,
            rule=rule,
        )
    key = "regulation.poverty_standard"
    standards_obj = memo.standards
    income = _household_income_reason(
        memo,
        household,
        line_key=key,
        comparator_key="regulation.poverty_standard_comparator",
        line=standards_obj.value(key, on=on),
        citation=standards_obj.citation(key, on=on),
        label_en="household income",
        label_zh="家庭收入",
    )
    article8 = "regulation.poverty_standard_comparator"
    labour = Reason.flag(
        "labour_capacity",
        observed=household.has_labour_capacity,
        label_en="has labour capacity",
        label_zh="有劳动能力",
        citation=memo.citation(article8),
        parameter=article8,
    )
    willing = Reason.flag(
        "willing_to_work",
        observed=household.willing_to_work,
        label_en="is willing to work",
        label_zh="有劳动意愿",
        citation=memo.citation(article8),
        parameter=article8,
    )
    return _decide(
        memo,
        rule=rule,
        kind="household",
        subject_id=household.household_id,
        title="statute",
        reasons=(income, labour, willing),
        round_number=None,
        as_of=on,
    )


# --------------------------------------------------------------------------- many records
def _decisions(value: Iterable[Decision]) -> tuple[Decision, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class IdentificationResult:
    """Every village and household decision of one round (see :func:`identify`).

    Attributes:
        round: The round (1, 2 or 3).
        villages: One decision per village, in input order.
        households: One decision per household, in input order.
        persons_selected: Members of the selected households, summed.
    """

    round: int
    villages: tuple[Decision, ...] = field(converter=_decisions)
    households: tuple[Decision, ...] = field(converter=_decisions)
    persons_selected: int = 0

    @property
    def villages_selected(self) -> int:
        """How many villages were selected."""
        return sum(1 for d in self.villages if d.outcome)

    @property
    def households_selected(self) -> int:
        """How many households were selected (poor)."""
        return sum(1 for d in self.households if d.outcome)

    @functools.cached_property
    def _village_index(self) -> Mapping[str, Decision]:
        return {d.subject_id: d for d in self.villages}

    @functools.cached_property
    def _household_index(self) -> Mapping[str, Decision]:
        return {d.subject_id: d for d in self.households}

    def village(self, village_id: str) -> Decision:
        """Return the decision about ``village_id``.

        Raises:
            UnknownReferenceError: No such village in the result.
        """
        return _lookup(self._village_index, village_id, "village_id")

    def household(self, household_id: str) -> Decision:
        """Return the decision about ``household_id``.

        Raises:
            UnknownReferenceError: No such household in the result.
        """
        return _lookup(self._household_index, household_id, "household_id")


def _lookup(index: Mapping[str, Decision], subject_id: str, name: str) -> Decision:
    try:
        return index[subject_id]
    except KeyError:
        raise UnknownReferenceError("is not in this result", field=name, value=subject_id) from None


@frozen
class _Failure:
    """A record that could not be decided (private; io turns these into rejections)."""

    kind: str  # "village" or "household"
    index: int  # position in the input sequence
    subject_id: str
    error: ShuangdaoError


def _identify_partial(
    villages: Sequence[Village],
    households: Sequence[Household],
    *,
    round_number: int,
    standards: Standards | None,
    as_of: dt.date | None,
) -> tuple[dict[int, Decision], dict[int, Decision], list[_Failure], int]:
    """Decide what can be decided; return decisions by input index and the failures.

    Duplicate ids: the first occurrence is decided, later ones fail. A household whose
    village is unknown or could not be decided fails (in every round).
    """
    if round_number not in (1, 2, 3):
        raise UnknownReferenceError(
            "is not a round with identification rules (1, 2, 3)", field="round", value=round_number
        )
    memo = _memo(standards)
    std = memo.standards
    failures: list[_Failure] = []
    village_by_id: dict[str, tuple[int, Village]] = {}
    for index, village in enumerate(villages):
        if village.village_id in village_by_id:
            first = village_by_id[village.village_id][0]
            failures.append(
                _Failure(
                    "village",
                    index,
                    village.village_id,
                    InvalidRecordError(
                        f"is a duplicate of villages[{first}]",
                        record=f"village {village.village_id}",
                        field="village_id",
                        value=village.village_id,
                        rule="identification",
                    ),
                )
            )
            continue
        village_by_id[village.village_id] = (index, village)
    village_decisions: dict[int, Decision] = {}
    failed_villages: dict[str, ShuangdaoError] = {}
    if round_number in (1, 2):
        for index, village in village_by_id.values():
            try:
                if round_number == 1:
                    village_decisions[index] = identify_village_round1(
                        village, standards=std, as_of=as_of
                    )
                else:
                    village_decisions[index] = identify_village_round2(
                        village, standards=std, as_of=as_of
                    )
            except ShuangdaoError as error:
                failures.append(_Failure("village", index, village.village_id, error))
                failed_villages[village.village_id] = error
    household_decisions: dict[int, Decision] = {}
    seen: dict[str, int] = {}
    members_by_index: dict[int, tuple[str, int]] = {}
    for index, household in enumerate(households):
        hid = household.household_id
        record = f"household {hid}"
        if hid in seen:
            failures.append(
                _Failure(
                    "household",
                    index,
                    hid,
                    InvalidRecordError(
                        f"is a duplicate of households[{seen[hid]}]",
                        record=record,
                        field="household_id",
                        value=hid,
                        rule="identification",
                    ),
                )
            )
            continue
        seen[hid] = index
        entry = village_by_id.get(household.village_id)
        if entry is None:
            failures.append(
                _Failure(
                    "household",
                    index,
                    hid,
                    UnknownReferenceError(
                        "is not a known village",
                        record=record,
                        field="village_id",
                        value=household.village_id,
                        rule="identification",
                    ),
                )
            )
            continue
        if household.village_id in failed_villages:
            failures.append(
                _Failure(
                    "household",
                    index,
                    hid,
                    InvalidRecordError(
                        "could not be decided, so neither can its households",
                        record=record,
                        field="village_id",
                        value=household.village_id,
                        rule="identification",
                    ),
                )
            )
            continue
        try:
            if round_number == 1:
                decision = identify_household_round1(
                    household, village=entry[1], standards=std, as_of=as_of
                )
            elif round_number == 2:
                decision = identify_household_round2(
                    household,
                    in_key_village=village_decisions[entry[0]].outcome,
                    standards=std,
                    as_of=as_of,
                )
            else:
                decision = identify_household_round3(household, standards=std, as_of=as_of)
        except ShuangdaoError as error:
            failures.append(_Failure("household", index, hid, error))
            continue
        household_decisions[index] = decision
        members_by_index[index] = (household.village_id, household.members)
    if round_number == 3:
        poor_persons: Counter[str] = Counter()
        for index, decision in household_decisions.items():
            if decision.outcome:
                village_id, members = members_by_index[index]
                poor_persons[village_id] += members
        for index, village in village_by_id.values():
            try:
                village_decisions[index] = identify_village_round3(
                    village,
                    relatively_poor_persons=poor_persons[village.village_id],
                    standards=std,
                    as_of=as_of,
                )
            except ShuangdaoError as error:
                failures.append(_Failure("village", index, village.village_id, error))
                failed_villages[village.village_id] = error
        if failed_villages:
            for index in list(household_decisions):
                village_id = members_by_index[index][0]
                if village_id in failed_villages:
                    decision = household_decisions.pop(index)
                    failures.append(
                        _Failure(
                            "household",
                            index,
                            decision.subject_id,
                            InvalidRecordError(
                                "could not be decided, so neither can its households",
                                record=f"household {decision.subject_id}",
                                field="village_id",
                                value=village_id,
                                rule="identification",
                            ),
                        )
                    )
    persons = sum(members_by_index[i][1] for i, d in household_decisions.items() if d.outcome)
    failures.sort(key=lambda f: (f.kind != "village", f.index))
    return village_decisions, household_decisions, failures, persons


def identify(
    villages: Iterable[Village],
    households: Iterable[Household],
    *,
    round: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> IdentificationResult:
    """Decide every village and household of one round (the object path).

    Round 1: designated villages (:func:`identify_village_round1`), then households
    (:func:`identify_household_round1`). Round 2: key villages, then households with
    ``in_key_village`` from their village's decision. Round 3: households first, then each
    village with the number of relatively poor **persons** (members of its relatively poor
    households) counted from those decisions.

    Errors are collected, not raised one by one: duplicate ids (every occurrence after the
    first), households in unknown villages or in villages that could not be decided, and any
    record a rule rejects are raised together as one :class:`RecordErrors` with paths
    (``$.households[3]``). Use :mod:`shuangdao.io` to get the rest decided and the problems
    listed as rejections instead.

    Policy: S1, S3, S5, S18, S19 (see the per-record rules).

    Raises:
        RecordErrors: One or more records could not be decided.
        UnknownReferenceError: ``round`` is not 1, 2 or 3.

    Example:
        >>> from shuangdao import Household, Village
        >>> v = Village(village_id="v1", per_capita_income="5000", collective_income="1000")
        >>> h = Household(household_id="h1", village_id="v1", members=2, income="6000",
        ...               has_labour_capacity=True)
        >>> result = identify([v], [h], round=2)
        >>> result.villages_selected, result.households_selected, result.persons_selected
        (1, 1, 2)
    """
    village_list = list(villages)
    household_list = list(households)
    village_decisions, household_decisions, failures, persons = _identify_partial(
        village_list, household_list, round_number=round, standards=standards, as_of=as_of
    )
    if failures:
        located = [(f"$.{f.kind}s[{f.index}]", f.error) for f in failures]
        raise RecordErrors.from_errors(
            f"{len(failures)} record(s) could not be decided in round {round}", located
        )
    return IdentificationResult(
        round=round,
        villages=[village_decisions[i] for i in sorted(village_decisions)],
        households=[household_decisions[i] for i in sorted(household_decisions)],
        persons_selected=persons,
    )
