"""Who is poor, and why: identification rules of rounds 1–3 and the 2011 regulation.

Each rule is **declared once** (a :class:`~shuangdao.declare.Rule` next to the function that
applies it: ``ROUND2_HOUSEHOLD`` beside :func:`identify_household_round2`) and evaluated by
two evaluators of that declaration: the functions here decide one record and explain it
(a :class:`~shuangdao.explain.Decision` with one :class:`~shuangdao.explain.Reason` per
criterion), and :mod:`shuangdao.batch` decides whole tables in integer columns with the same
declarations, so the two cannot drift.

===========================================  =================================================
rule id                                      criteria (in order; the code lists failing ones)
===========================================  =================================================
``identification.round1.village``            ``designated``
``identification.round1.household``          ``in_designated_village``, ``household_income``
``identification.round1.household_class``    ``poor_household``, ``welfare_income`` (welfare
                                             household 低保户, else development household)
``identification.round2.village``            ``village_income``, ``collective_income``
``identification.round2.household``          ``in_key_village``, ``household_income``,
                                             ``labour_capacity``
``identification.round3.village``            ``village_income``, ``poor_share`` (+ informational
                                             ``priority_dilapidated_housing``,
                                             ``priority_special_area``)
``identification.round3.household``          ``household_income``
``identification.statute.household``         ``household_income``, ``labour_capacity``,
                                             ``willing_to_work``
===========================================  =================================================

Decision codes are ``"selected"`` or ``"not:" + "+".join(failing criteria)`` (e.g.
``"not:household_income+labour_capacity"``), stable for tables and the batch path.

Exactness:
    Per-capita comparisons never divide. A household is compared as
    ``income <op> line × members`` in integers (:mod:`shuangdao.declare.kernel`), whatever
    the caller's decimal context. The reason's ``observed`` is the household's total
    income, its ``threshold`` is ``line × members`` (``per_capita`` and ``persons`` give the
    two factors), and its ``margin`` is the *per-capita* margin ``income / members - line``
    rounded half-even to 0.0001 yuan — reported only, it never decides. Village margins
    are ``observed - threshold``. The round-3 share test is
    ``poor persons >= share × registered population``, also exact.

Certainty:
    Every decision carries the weakest certainty among the values it read (its
    :attr:`~shuangdao.explain.Decision.certainty`): round 1's ``以下`` comparator is recalled,
    so every round-1 household decision is *recalled*; a household's decision is never more
    certain than its village's rule.

Thresholds and comparators are always read from the standards (``standards=None`` means
:func:`~shuangdao.standards.default_standards`) through the typed keys of
:mod:`shuangdao.standards.params`. Income calibers must match the round: rounds 1–2 and the
round-2 village rule take **net** income, round 3 takes **disposable** income at 2014
prices; a mismatch is an :class:`InvalidRecordError`.

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
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs
from attrs import frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import (
    Compare,
    Env,
    Flag,
    ParamLine,
    PerCapita,
    Resolved,
    Rule,
    Share,
    declared,
    resolve_param,
)
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    UnknownReferenceError,
)
from shuangdao.explain import Decision, Reason
from shuangdao.model import (
    Household,
    HouseholdClass,
    IncomeMeasure,
    PovertyStandard,
    SpecialArea,
    Village,
)
from shuangdao.standards import Param, Standards, default_standards
from shuangdao.standards.params import (
    RegulationParams,
    Round1Params,
    Round2Params,
    Round3Params,
)

__all__ = [
    "Designation",
    "IDENTIFICATION",
    "IDENTIFICATION_RULES",
    "IdentificationResult",
    "PartialIdentification",
    "ROUND1_HOUSEHOLD",
    "ROUND1_HOUSEHOLD_CLASS",
    "ROUND1_VILLAGE",
    "ROUND1_VILLAGE_BY_COLLECTIVE_INCOME",
    "ROUND2_HOUSEHOLD",
    "ROUND2_VILLAGE",
    "ROUND3_HOUSEHOLD",
    "ROUND3_VILLAGE",
    "RULE_IDS",
    "RecordFailure",
    "RoundIdentification",
    "STATUTE_HOUSEHOLD",
    "classify_household_round1",
    "household_class_of",
    "household_rule",
    "identify",
    "identify_household_round1",
    "identify_household_round2",
    "identify_household_round3",
    "identify_household_statute",
    "identify_partial",
    "identify_village_round1",
    "identify_village_round2",
    "identify_village_round3",
    "round1_village_rule",
    "village_rule",
]


def _standards(standards: Standards | None) -> Standards:
    if standards is None:
        return default_standards()
    if type(standards) is not Standards and not isinstance(standards, Standards):
        raise InvalidTypeError(
            f"must be a Standards object, not {type(standards).__name__}", field="standards"
        )
    return standards


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


# --------------------------------------------------------------------------- round 1
ROUND1_VILLAGE: Final = Rule(
    id="identification.round1.village",
    subject="village",
    title_en="designated poor village",
    title_zh="贫困村",
    citation=Citation(
        ("S5", "S13", "S11"), note="3409 (later 3407) designated villages; rule never published"
    ),
    round=1,
    criteria=[
        # The province designated 3409 villages; how was never published: an input.
        Flag(
            "designated",
            "designated",
            "designated as a poor village by the province (caller-supplied)",
            "经确定为贫困村（由调用方提供）",
            cites=Round1Params.village_selection_rule,
        ),
    ],
)
"""Round 1 villages — designated by the province (S5, S13); the designation is an input."""

ROUND1_VILLAGE_BY_COLLECTIVE_INCOME: Final = Rule(
    id="identification.round1.village",
    subject="village",
    title_en="designated poor village",
    title_zh="贫困村",
    citation=ROUND1_VILLAGE.citation,
    round=1,
    criteria=[
        # Unconfirmed [R]: collective income below 3万 (round 2's rule, S1), on request.
        Compare(
            "designated",
            "collective_income",
            ParamLine(Round1Params.collective_line),
            Round1Params.collective_comparator,
            "village collective income (unconfirmed selection rule)",
            "村集体经济收入（未证实的确定规则）",
        ),
    ],
)
"""Round 1 villages, under ``round1.village_selection_rule = "collective_income_below"``."""


@declared(reads=(Round1Params.village_selection_rule,))
def round1_village_rule(standards: Standards | None = None) -> Rule:
    """Return the round-1 village rule the standards select (``round1.village_selection_rule``).

    The selection rule was never published: by default the designation is an input
    (:data:`ROUND1_VILLAGE`); ``"collective_income_below"`` selects the unconfirmed
    collective-income rule (:data:`ROUND1_VILLAGE_BY_COLLECTIVE_INCOME`).

    Policy: S5, S13 (3409 designated villages); rule [N].

    Example:
        >>> round1_village_rule() is ROUND1_VILLAGE
        True
    """
    s = _standards(standards)
    try:
        selection = s.params.round1.village_selection_rule
    except MissingParameterError:
        return ROUND1_VILLAGE
    return (
        ROUND1_VILLAGE_BY_COLLECTIVE_INCOME
        if selection == "collective_income_below"
        else (ROUND1_VILLAGE)
    )


def _round1_village(village: Village, standards: Standards, as_of: dt.date | None) -> Decision:
    rule = round1_village_rule(standards)
    if rule is ROUND1_VILLAGE:
        if village.designated is None:
            hint = standards.param(Round1Params.village_selection_rule).hint
            raise MissingParameterError(
                f"is not known: the round-1 village selection rule was never published. {hint}",
                record=f"village {village.village_id}",
                field="designated",
                rule=rule.id,
            )
    else:
        _required_money(village, "collective_income", rule.id)
    return rule.bind(standards).decide(village, subject_id=village.village_id, as_of=as_of)


@declared(
    ROUND1_VILLAGE,
    ROUND1_VILLAGE_BY_COLLECTIVE_INCOME,
    reads=(Round1Params.village_selection_rule,),
)
def identify_village_round1(
    village: Village, *, standards: Standards | None = None, as_of: dt.date | None = None
) -> Decision:
    """Decide whether ``village`` is a designated poor village (贫困村) of round 1.

    The selection rule was never published, so the village's ``designated`` flag is an
    input. Setting ``round1.village_selection_rule = "collective_income_below"`` instead
    applies the unconfirmed rule "collective income below ``round1.collective_line``"
    (comparator ``round1.collective_comparator``, tagged recalled). Either way the
    criterion is ``"designated"``. Declared as :data:`ROUND1_VILLAGE` and
    :data:`ROUND1_VILLAGE_BY_COLLECTIVE_INCOME`.

    Policy: S5, S13 (3409 designated villages); S11 (3407 at acceptance); rule [N].

    Raises:
        MissingParameterError: ``village.designated`` is ``None`` and no selection rule is set.

    Example:
        >>> from shuangdao import Village
        >>> identify_village_round1(Village(village_id="v1", designated=True)).code
        'selected'
    """
    return _round1_village(village, _standards(standards), as_of)


ROUND1_HOUSEHOLD: Final = Rule(
    id="identification.round1.household",
    subject="household",
    title_en="poor household",
    title_zh="贫困户",
    citation=Citation(("S3", "S5")),
    round=1,
    depends_on=(round1_village_rule,),
    criteria=[
        # 贫困村中 ...
        Flag(
            "in_designated_village",
            "in_designated_village",
            "lives in a designated poor village",
            "所在村为贫困村",
            cites=Round1Params.village_selection_rule,
        ),
        # ... 家庭年人均纯收入1500元以下 (以下: at or below).
        PerCapita(
            "household_income",
            "income",
            "members",
            ParamLine(Round1Params.household_line),
            Round1Params.household_comparator,
            "household net income",
            "家庭纯收入",
        ),
    ],
)
"""Round 1 households — in a designated village, per-capita net income 1500元以下 (S3, S5)."""


def _check_same_village(household: Household, village: Village, rule: str) -> None:
    if household.village_id != village.village_id:
        raise InvalidRecordError(
            f"does not match the village given ({village.village_id})",
            record=f"household {household.household_id}",
            field="village_id",
            value=household.village_id,
            rule=rule,
        )


@declared(ROUND1_HOUSEHOLD, ROUND1_VILLAGE, ROUND1_VILLAGE_BY_COLLECTIVE_INCOME)
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
    以下 = ``<=`` by default, recalled), compared exactly as ``income <= 1500 × members``.
    Declared as :data:`ROUND1_HOUSEHOLD`.

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
        >>> d = identify_household_round1(h, village=v)
        >>> d.code, d.certainty.value
        ('selected', 'recalled')
    """
    s = _standards(standards)
    rule = ROUND1_HOUSEHOLD
    _check_same_village(household, village, rule.id)
    _check_measure(
        f"household {household.household_id}", household.income_measure, IncomeMeasure.NET, rule.id
    )
    village_decision = _round1_village(village, s, as_of)
    return rule.bind(s).decide(
        household,
        subject_id=household.household_id,
        as_of=as_of,
        in_designated_village=village_decision,
    )


ROUND1_HOUSEHOLD_CLASS: Final = Rule(
    id="identification.round1.household_class",
    subject="household",
    title_en="welfare household (低保户)",
    title_zh="低保户",
    citation=Citation(("S5",)),
    round=1,
    depends_on=(ROUND1_HOUSEHOLD,),
    criteria=[
        # 贫困户中 ...
        Flag(
            "poor_household",
            "poor_household",
            "is a round-1 poor household",
            "为第一轮贫困户",
            cites=Round1Params.household_line,
        ),
        # ... 农村低保覆盖人均纯收入低于1200元的农户 (below 1200: 低保户; the rest 开发式扶贫户).
        PerCapita(
            "welfare_income",
            "income",
            "members",
            ParamLine(Round1Params.welfare_line),
            Round1Params.welfare_comparator,
            "household net income",
            "家庭纯收入",
        ),
    ],
)
"""Round 1's household classes — a poor household below 1200 yuan per person is a welfare
household (低保户, covered by rural 低保), the others development households (S5)."""


@declared(ROUND1_HOUSEHOLD_CLASS)
def household_class_of(decision: Decision) -> HouseholdClass | None:
    """The class a :data:`ROUND1_HOUSEHOLD_CLASS` decision gives (``None``: not poor).

    Policy: S5 (welfare households below 1200 yuan; the other poor households development).

    Example:
        >>> from shuangdao import Household, Village
        >>> h = Household(household_id="h1", village_id="v1", members=1, income="1199.99",
        ...               has_labour_capacity=False)
        >>> d = classify_household_round1(h, village=Village(village_id="v1", designated=True))
        >>> household_class_of(d).value
        'welfare'
    """
    if decision.outcome:
        return HouseholdClass.WELFARE
    poor = decision.reason("poor_household")
    return HouseholdClass.DEVELOPMENT if poor.holds else None


@declared(
    ROUND1_HOUSEHOLD_CLASS, ROUND1_HOUSEHOLD, ROUND1_VILLAGE, ROUND1_VILLAGE_BY_COLLECTIVE_INCOME
)
def classify_household_round1(
    household: Household,
    *,
    village: Village,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Classify a round-1 household: welfare household (低保户) or development household.

    Rural 低保 was to cover every household below 1200 yuan (S5): a round-1 poor household
    (:func:`identify_household_round1`) whose per-capita net income is below
    ``round1.welfare_line`` (1200, comparator ``round1.welfare_comparator``: ``<``, as S5
    words it; recalled, since the Chinese wording was not retrieved) is a **welfare
    household**; the other poor households are **development households** (开发式扶贫户).
    Compared exactly as ``income < 1200 × members``. Declared as
    :data:`ROUND1_HOUSEHOLD_CLASS`.

    The decision's outcome says whether the household is a welfare household; its ``value``
    is the class (``"welfare"``, ``"development"``, or ``None`` when the household is not
    poor, code ``not:poor_household``); :func:`household_class_of` reads it back.

    Policy: S5 (Poverty Yearbook 2010: rural 低保 to cover all below 1200 yuan).

    Raises:
        InvalidRecordError: As :func:`identify_household_round1`.
        MissingParameterError: As :func:`identify_household_round1`.

    Example:
        >>> from shuangdao import Household, Village
        >>> v = Village(village_id="v1", designated=True)
        >>> h = Household(household_id="h1", village_id="v1", members=2, income="2400",
        ...               has_labour_capacity=True)
        >>> d = classify_household_round1(h, village=v)
        >>> d.code, d.value
        ('not:welfare_income', 'development')
    """
    s = _standards(standards)
    poor = identify_household_round1(household, village=village, standards=s, as_of=as_of)
    decision = ROUND1_HOUSEHOLD_CLASS.bind(s).decide(
        household, subject_id=household.household_id, as_of=as_of, poor_household=poor
    )
    found = household_class_of(decision)
    return attrs.evolve(decision, value=None if found is None else found.value)


# --------------------------------------------------------------------------- round 2
ROUND2_VILLAGE: Final = Rule(
    id="identification.round2.village",
    subject="village",
    title_en="key village",
    title_zh="重点帮扶村",
    citation=Citation(("S1",)),
    round=2,
    criteria=[
        # 村农民人均纯收入低于5623元 (60 % of the 2011 provincial average) ...
        Compare(
            "village_income",
            "per_capita_income",
            ParamLine(Round2Params.village_line),
            Round2Params.village_comparator,
            "village per-capita net income",
            "村农民人均纯收入",
        ),
        # ... 且村集体经济收入低于3万元.
        Compare(
            "collective_income",
            "collective_income",
            ParamLine(Round2Params.collective_line),
            Round2Params.collective_comparator,
            "village collective income",
            "村集体经济收入",
        ),
    ],
)
"""Round 2 villages — per-capita net income below 5623 and collective income below 30000 (S1)."""


@declared(ROUND2_VILLAGE)
def identify_village_round2(
    village: Village, *, standards: Standards | None = None, as_of: dt.date | None = None
) -> Decision:
    """Decide whether ``village`` is a round-2 key village for assistance (重点帮扶村).

    Per-capita net income (end of 2011) below ``round2.village_line`` (5623 = 60 % × 9372,
    ``round2.village_comparator``, 低于 = ``<``) **and** collective income below
    ``round2.collective_line`` (30000, ``round2.collective_comparator``, ``<``). Declared as
    :data:`ROUND2_VILLAGE`.

    Policy: S1 (round-2 plan).

    Raises:
        InvalidRecordError: Income or collective income missing, or income not net.

    Example:
        >>> from shuangdao import Village
        >>> v = Village(village_id="v1", per_capita_income="5622.99", collective_income="30000")
        >>> identify_village_round2(v).code
        'not:collective_income'
    """
    rule = ROUND2_VILLAGE
    s = _standards(standards)
    _required_money(village, "per_capita_income", rule.id)
    _required_money(village, "collective_income", rule.id)
    _check_measure(
        f"village {village.village_id}", village.income_measure, IncomeMeasure.NET, rule.id
    )
    return rule.bind(s).decide(village, subject_id=village.village_id, as_of=as_of)


ROUND2_HOUSEHOLD: Final = Rule(
    id="identification.round2.household",
    subject="household",
    title_en="poor household",
    title_zh="贫困户",
    citation=Citation(("S1", "S24")),
    round=2,
    depends_on=(ROUND2_VILLAGE,),
    criteria=[
        # 在重点帮扶村中 ...
        Flag(
            "in_key_village",
            "in_key_village",
            "lives in a key village",
            "所在村为重点帮扶村",
            cites=Round2Params.village_line,
        ),
        # ... 家庭年人均纯收入低于3093元 (33 % of the 2011 provincial average) ...
        PerCapita(
            "household_income",
            "income",
            "members",
            ParamLine(Round2Params.household_line),
            Round2Params.household_comparator,
            "household net income",
            "家庭纯收入",
        ),
        # ... 有劳动能力.
        Flag(
            "labour_capacity",
            "has_labour_capacity",
            "has labour capacity",
            "有劳动能力",
            required_if=Round2Params.requires_labour_capacity,
        ),
    ],
)
"""Round 2 households — in a key village, per-capita net income below 3093, with labour
capacity (S1, S24)."""


@declared(ROUND2_HOUSEHOLD)
def identify_household_round2(
    household: Household,
    *,
    in_key_village: bool | Decision,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Decide whether ``household`` is a round-2 poor household (贫困户).

    In a key village, per-capita net income below ``round2.household_line`` (3093 = 33 % ×
    9372, ``<``), compared exactly as ``income < 3093 × members``, **and** with labour
    capacity when ``round2.requires_labour_capacity`` (true by default). Declared as
    :data:`ROUND2_HOUSEHOLD`.

    ``in_key_village`` is a boolean, or the village's own decision (its outcome is used).

    Policy: S1 (round-2 plan); S24 (33 % line).

    Raises:
        InvalidRecordError: The income is not net income.
        InvalidTypeError: ``in_key_village`` is not a boolean (or a decision).

    Example:
        >>> from shuangdao import Household
        >>> h = Household(household_id="h1", village_id="v1", members=4, income="12372.00",
        ...               has_labour_capacity=True)
        >>> identify_household_round2(h, in_key_village=True).code
        'not:household_income'
    """
    rule = ROUND2_HOUSEHOLD
    s = _standards(standards)
    if (
        in_key_village is not True
        and in_key_village is not False
        and not isinstance(in_key_village, Decision)
    ):
        raise InvalidTypeError(
            "must be a boolean",
            record=f"household {household.household_id}",
            field="in_key_village",
            value=in_key_village,
            rule=rule.id,
        )
    _check_measure(
        f"household {household.household_id}", household.income_measure, IncomeMeasure.NET, rule.id
    )
    return rule.bind(s).decide(
        household, subject_id=household.household_id, as_of=as_of, in_key_village=in_key_village
    )


# --------------------------------------------------------------------------- round 3
@frozen
class _InPriorityArea:
    """Round 3's priority flag for special areas (informational): a membership test.

    A small criterion kind of its own (scalar only: informational criteria never reach the
    columnar evaluator), to show how a rule adds one.
    """

    name: str
    observed: str
    areas: Param[tuple[str, ...]]
    label_en: str
    label_zh: str

    @property
    def inputs(self) -> tuple[str, ...]:
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        return (str(self.areas),)

    def bind(self, env: Env) -> _BoundInPriorityArea:
        return _BoundInPriorityArea(self, resolve_param(self.areas, env))


class _BoundInPriorityArea:
    def __init__(self, criterion: _InPriorityArea, areas: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.areas = areas
        self.certainty: Certainty = areas.certainty

    def reason(self, values: Mapping[str, Any], subject_id: str) -> Reason:
        c = self.criterion
        found = sorted(a.value for a in values[c.observed] if a.value in self.areas.value)
        return Reason(
            criterion=c.name,
            holds=bool(found),
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.areas.citation,
            observed=", ".join(found) if found else None,
            threshold=None,
            parameter=self.areas.key,
            note_zh="所在区域：" + "、".join(SpecialArea(a).zh for a in found) if found else "",
            certainty=self.certainty,
        )

    def column(self, columns: Mapping[str, Any]) -> Any:  # pragma: no cover - informational
        raise TypeError("an informational criterion has no columnar form")


ROUND3_HOUSEHOLD: Final = Rule(
    id="identification.round3.household",
    subject="household",
    title_en="relatively poor household",
    title_zh="相对贫困户",
    citation=Citation(("S18",)),
    round=3,
    criteria=[
        # 人均可支配收入低于4000元（2014年不变价）.
        PerCapita(
            "household_income",
            "income",
            "members",
            ParamLine(Round3Params.household_line),
            Round3Params.household_comparator,
            "household disposable income (2014 prices)",
            "家庭可支配收入（2014年不变价）",
        ),
    ],
)
"""Round 3 households — per-capita disposable income below 4000 at 2014 prices (S18)."""


ROUND3_VILLAGE: Final = Rule(
    id="identification.round3.village",
    subject="village",
    title_en="relatively poor village",
    title_zh="相对贫困村",
    citation=Citation(("S18", "S19")),
    round=3,
    # relatively_poor_persons counts the members of the village's relatively poor households.
    depends_on=(ROUND3_HOUSEHOLD,),
    criteria=[
        # 人均可支配收入8000元以下 ...
        Compare(
            "village_income",
            "per_capita_income",
            ParamLine(Round3Params.village_line),
            Round3Params.village_comparator,
            "village per-capita disposable income (2014 prices)",
            "村人均可支配收入（2014年不变价）",
        ),
        # ... 且相对贫困人口占户籍人口5%以上.
        Share(
            "poor_share",
            "relatively_poor_persons",
            "registered_population",
            Round3Params.village_poor_share,
            Round3Params.village_poor_share_comparator,
            "relatively poor persons (share {share} of {whole} registered)",
            "相对贫困人口（户籍人口{whole}人的{share}）",
        ),
    ],
    informational=[
        # 同等条件下优先：泥砖房、茅草房危房户占10%以上 ...
        Compare(
            "priority_dilapidated_housing",
            "dilapidated_housing_share",
            ParamLine(Round3Params.priority_dilapidated_share),
            Round3Params.priority_dilapidated_comparator,
            "share of households in dilapidated mud-brick or thatched houses",
            "泥砖房、茅草房危房户比例",
            unit="",
            optional=True,
        ),
        # ... 老区、少数民族地区、石灰岩地区、省属水库移民区.
        _InPriorityArea(
            "priority_special_area",
            "special_areas",
            Round3Params.priority_special_areas,
            "lies in a priority area (old revolutionary base, minority, limestone, "
            "reservoir resettlement)",
            "位于老区、少数民族地区、石灰岩地区或省属水库移民区",
        ),
    ],
)
"""Round 3 villages — per-capita disposable income 8000以下 and relatively poor persons 5 %以上
of the registered population (S18, S19); priority flags informational (S19)."""


@declared(ROUND3_VILLAGE)
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
    ``persons >= 0.05 × population``. Declared as :data:`ROUND3_VILLAGE`.

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
    rule = ROUND3_VILLAGE
    s = _standards(standards)
    subject = f"village {village.village_id}"
    _required_money(village, "per_capita_income", rule.id)
    _check_measure(subject, village.income_measure, IncomeMeasure.DISPOSABLE, rule.id)
    population = village.registered_population
    if population is None or population < 1:
        raise InvalidRecordError(
            "must be >= 1 to compute the relatively poor share",
            record=subject,
            field="registered_population",
            value=population,
            rule=rule.id,
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
            rule=rule.id,
        )
    return rule.bind(s).decide(
        village,
        subject_id=village.village_id,
        as_of=as_of,
        relatively_poor_persons=relatively_poor_persons,
    )


@declared(ROUND3_HOUSEHOLD)
def identify_household_round3(
    household: Household, *, standards: Standards | None = None, as_of: dt.date | None = None
) -> Decision:
    """Decide whether ``household`` is a round-3 relatively poor household (相对贫困户).

    Per-capita disposable income at 2014 prices below ``round3.household_line`` (4000,
    低于 = ``<``), compared exactly as ``income < 4000 × members``. It does not depend on the
    village. Incomes must already be at 2014 prices (the deflator was never published).
    Declared as :data:`ROUND3_HOUSEHOLD`.

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
    rule = ROUND3_HOUSEHOLD
    s = _standards(standards)
    _check_measure(
        f"household {household.household_id}",
        household.income_measure,
        IncomeMeasure.DISPOSABLE,
        rule.id,
    )
    return rule.bind(s).decide(household, subject_id=household.household_id, as_of=as_of)


# --------------------------------------------------------------------------- statute
STATUTE_HOUSEHOLD: Final = Rule(
    id="identification.statute.household",
    subject="household",
    title_en="poor household",
    title_zh="贫困户",
    citation=Citation(("S14", "S15"), article="art. 8"),
    criteria=[
        # 第八条：家庭年人均纯收入低于本省农村扶贫标准 (art. 7: the province sets it; an input) ...
        PerCapita(
            "household_income",
            "income",
            "members",
            ParamLine(RegulationParams.poverty_standard),
            RegulationParams.poverty_standard_comparator,
            "household income",
            "家庭收入",
        ),
        # ... 有劳动能力 ...
        Flag(
            "labour_capacity",
            "has_labour_capacity",
            "has labour capacity",
            "有劳动能力",
            cites=RegulationParams.poverty_standard_comparator,
        ),
        # ... 有劳动意愿.
        Flag(
            "willing_to_work",
            "willing_to_work",
            "is willing to work",
            "有劳动意愿",
            cites=RegulationParams.poverty_standard_comparator,
        ),
    ],
)
"""The 2011 regulation, art. 8: income below the provincial standard, able and willing to
work (S14, S15)."""


_SUPPLIED: dict[tuple[Standards, Decimal, IncomeMeasure], Standards] = {}
_SUPPLIED_SIZE: Final = 64


def _with_standard(standards: Standards, standard: PovertyStandard) -> Standards:
    """``standards`` with a caller-supplied art. 7 standard (recorded as overrides)."""
    key = (standards, standard.amount, standard.income_measure)
    found = _SUPPLIED.get(key)
    if found is None:
        found = standards.with_overrides(
            {
                str(RegulationParams.poverty_standard): str(standard.amount),
                str(RegulationParams.poverty_standard_measure): standard.income_measure.value,
            }
        )
        if len(_SUPPLIED) >= _SUPPLIED_SIZE:
            _SUPPLIED.pop(next(iter(_SUPPLIED)))
        _SUPPLIED[key] = found
    return found


@declared(
    STATUTE_HOUSEHOLD,
    reads=(RegulationParams.in_force, RegulationParams.poverty_standard_measure),
)
def identify_household_statute(
    household: Household,
    *,
    on: dt.date,
    standard: PovertyStandard | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether ``household`` is a poor household under the 2011 regulation, art. 8.

    Annual per-capita income below the provincial poverty standard (comparator
    ``regulation.poverty_standard_comparator``, 低于 = ``<``), **and** labour capacity
    **and** willingness to work. Declared as :data:`STATUTE_HOUSEHOLD`.

    Art. 7 fixes no number (the provincial government sets the standard), so the standard is
    a **required input**: pass ``standard`` (a :class:`~shuangdao.model.PovertyStandard`
    with its amount and income measure), or set ``regulation.poverty_standard`` (and
    ``regulation.poverty_standard_measure``, ``net`` by default: art. 8 speaks of net
    income) in the standards. A supplied standard is recorded in the decision's provenance as
    an override and is *assumed* (its figure is the caller's, not a cited one). The
    household's income must be in the standard's measure.

    Policy: S14, S15 (条例 arts. 7–8); S16 (in force 2012-01-01).

    Raises:
        MissingParameterError: No standard was supplied (the hint says how to supply one).
        InvalidRecordError: ``on`` is before ``regulation.in_force``; the household's
            ``income_measure`` is not the standard's; ``willing_to_work`` is not recorded.
        InvalidTypeError: ``on`` is not a date, or ``standard`` not a ``PovertyStandard``.

    Example:
        >>> import datetime as dt
        >>> from shuangdao import Household
        >>> from shuangdao.model import PovertyStandard
        >>> h = Household(household_id="h1", village_id="v1", members=1, income="3092.99",
        ...               has_labour_capacity=True, willing_to_work=True)
        >>> standard = PovertyStandard(amount="3093", income_measure="net")
        >>> d = identify_household_statute(h, on=dt.date(2014, 3, 1), standard=standard)
        >>> d.code, d.certainty.value
        ('selected', 'assumed')
    """
    rule = STATUTE_HOUSEHOLD
    s = _standards(standards)
    subject = f"household {household.household_id}"
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidTypeError("must be a date", record=subject, field="on", value=on, rule=rule.id)
    if standard is not None:
        if not isinstance(standard, PovertyStandard):
            raise InvalidTypeError(
                f"must be a PovertyStandard, not {type(standard).__name__}",
                record=subject,
                field="standard",
                value=standard,
                rule=rule.id,
            )
        s = _with_standard(s, standard)
    in_force = s.params.regulation.in_force
    if on < in_force:
        raise InvalidRecordError(
            f"is before the regulation came into force on {in_force.isoformat()}",
            record=subject,
            field="on",
            value=on.isoformat(),
            rule=rule.id,
        )
    try:
        s.params.regulation.poverty_standard  # noqa: B018 - the required input
    except MissingParameterError as error:
        raise MissingParameterError(
            error.detail, record=subject, field=str(RegulationParams.poverty_standard), rule=rule.id
        ) from None
    measure = IncomeMeasure(s.params.regulation.poverty_standard_measure)
    if household.income_measure is not measure:
        raise InvalidRecordError(
            f"must be {measure.value} income, the measure of the poverty standard "
            f"({RegulationParams.poverty_standard_measure} = {measure.value}); a standard in "
            "one measure is never compared with income in the other",
            record=subject,
            field="income_measure",
            value=household.income_measure.value,
            rule=rule.id,
        )
    if household.willing_to_work is None:
        raise InvalidRecordError(
            "is not recorded; art. 8 requires willingness to work",
            record=subject,
            field="willing_to_work",
            value=None,
            rule=rule.id,
        )
    return rule.bind(s, on=on).decide(household, subject_id=household.household_id, as_of=on)


# --------------------------------------------------------------------------- the declarations
IDENTIFICATION_RULES: Final = (
    ROUND1_VILLAGE,
    ROUND1_VILLAGE_BY_COLLECTIVE_INCOME,
    ROUND1_HOUSEHOLD,
    ROUND1_HOUSEHOLD_CLASS,
    ROUND2_VILLAGE,
    ROUND2_HOUSEHOLD,
    ROUND3_HOUSEHOLD,
    ROUND3_VILLAGE,
    STATUTE_HOUSEHOLD,
)
"""Every identification rule declared here (the docs list their parameters from these)."""

RULE_IDS: Final = {
    (1, "village"): ROUND1_VILLAGE.id,
    (1, "household"): ROUND1_HOUSEHOLD.id,
    (2, "village"): ROUND2_VILLAGE.id,
    (2, "household"): ROUND2_HOUSEHOLD.id,
    (3, "village"): ROUND3_VILLAGE.id,
    (3, "household"): ROUND3_HOUSEHOLD.id,
    (0, "household"): STATUTE_HOUSEHOLD.id,
}
"""Rule id by ``(round, subject kind)``; round ``0`` is the 2011 regulation (art. 8)."""


class Designation(enum.Enum):
    """What identification makes of a selected village or household, by round.

    The glossary's identifiers (one English name per Chinese term): round 1 designates poor
    villages (贫困村), round 2 selects key villages (重点帮扶村), round 3 relatively poor
    villages (相对贫困村); rounds 1–2 identify poor households (贫困户), round 3 relatively
    poor households (相对贫困户). Each round's pair is declared in :data:`IDENTIFICATION`
    (:attr:`RoundIdentification.village_designation`, ``household_designation``).

    Example:
        >>> IDENTIFICATION[2].village_designation.zh
        '重点帮扶村'
        >>> IDENTIFICATION[3].household_designation.en
        'relatively poor household'
    """

    DESIGNATED_VILLAGE = "designated_village"
    KEY_VILLAGE = "key_village"
    RELATIVELY_POOR_VILLAGE = "relatively_poor_village"
    POOR_HOUSEHOLD = "poor_household"
    RELATIVELY_POOR_HOUSEHOLD = "relatively_poor_household"

    @property
    def zh(self) -> str:
        """The Chinese term."""
        return _DESIGNATION_TERMS[self][0]

    @property
    def en(self) -> str:
        """The English name, in words."""
        return _DESIGNATION_TERMS[self][1]


_DESIGNATION_TERMS: Final = {
    Designation.DESIGNATED_VILLAGE: ("贫困村", "designated poor village"),
    Designation.KEY_VILLAGE: ("重点帮扶村", "key village"),
    Designation.RELATIVELY_POOR_VILLAGE: ("相对贫困村", "relatively poor village"),
    Designation.POOR_HOUSEHOLD: ("贫困户", "poor household"),
    Designation.RELATIVELY_POOR_HOUSEHOLD: ("相对贫困户", "relatively poor household"),
}


@frozen
class RoundIdentification:
    """How a round's two identification rules fit together (declared once, for every path).

    Attributes:
        round: The round.
        village: Its village rule under given standards (round 1's depends on a parameter).
        household: Its household rule.
        households_first: Round 3 decides households first: a village's count of relatively
            poor persons comes from its households' decisions.
        village_outcome: The household input that is its village's outcome
            (``in_key_village``), if any.
        poor_persons: The village input that counts the members of its selected households
            (``relatively_poor_persons``), if any.
        margin: The household criterion whose per-capita margin tables report.
        household_class: A rule classifying the selected households (round 1: welfare or
            development household), reading the household rule's outcome as
            ``poor_household``; tables add a ``household_class`` column when there is one.
        village_designation: What a selected village is (:class:`Designation`).
        household_designation: What a selected household is.

    .. versionchanged:: 0.2.0 ``household_class``, ``village_designation``,
       ``household_designation``.
    """

    round: int
    village: Callable[[Standards], Rule]
    household: Rule
    households_first: bool = False
    village_outcome: str | None = None
    poor_persons: str | None = None
    margin: str = "household_income"
    household_class: Rule | None = None
    village_designation: Designation = Designation.KEY_VILLAGE
    household_designation: Designation = Designation.POOR_HOUSEHOLD


IDENTIFICATION: Final[Mapping[int, RoundIdentification]] = MappingProxyType(
    {
        1: RoundIdentification(
            1,
            round1_village_rule,
            ROUND1_HOUSEHOLD,
            village_outcome="in_designated_village",
            household_class=ROUND1_HOUSEHOLD_CLASS,
            village_designation=Designation.DESIGNATED_VILLAGE,
        ),
        2: RoundIdentification(
            2,
            lambda _: ROUND2_VILLAGE,
            ROUND2_HOUSEHOLD,
            village_outcome="in_key_village",
            village_designation=Designation.KEY_VILLAGE,
        ),
        3: RoundIdentification(
            3,
            lambda _: ROUND3_VILLAGE,
            ROUND3_HOUSEHOLD,
            households_first=True,
            poor_persons="relatively_poor_persons",
            village_designation=Designation.RELATIVELY_POOR_VILLAGE,
            household_designation=Designation.RELATIVELY_POOR_HOUSEHOLD,
        ),
    }
)
"""Each round's identification: its rules and how they link (read by :mod:`shuangdao.batch`)."""


@declared(ROUND1_VILLAGE, ROUND1_VILLAGE_BY_COLLECTIVE_INCOME, ROUND2_VILLAGE, ROUND3_VILLAGE)
def village_rule(round: int, standards: Standards | None = None) -> Rule:
    """Return round ``round``'s village identification rule under ``standards``.

    Policy: S5, S13 (round 1); S1 (round 2); S18, S19 (round 3).

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.

    Example:
        >>> village_rule(2).names
        ('village_income', 'collective_income')
    """
    if round == 1:
        return round1_village_rule(standards)
    return _by_round(round, {2: ROUND2_VILLAGE, 3: ROUND3_VILLAGE})


@declared(ROUND1_HOUSEHOLD, ROUND2_HOUSEHOLD, ROUND3_HOUSEHOLD)
def household_rule(round: int) -> Rule:
    """Return round ``round``'s household identification rule.

    Policy: S3, S5 (round 1); S1, S24 (round 2); S18 (round 3).

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.

    Example:
        >>> household_rule(1).names
        ('in_designated_village', 'household_income')
    """
    return _by_round(round, {1: ROUND1_HOUSEHOLD, 2: ROUND2_HOUSEHOLD, 3: ROUND3_HOUSEHOLD})


def _by_round(round: int, rules: Mapping[int, Rule]) -> Rule:
    if isinstance(round, bool) or round not in rules:
        raise UnknownReferenceError(
            "is not a round with identification rules (1, 2, 3)", field="round", value=round
        )
    return rules[round]


# The many-records path (identify, IdentificationResult) lives in its own module; it uses the
# rules above, so it is imported last.
from shuangdao.rules._identify_many import (  # noqa: E402
    IdentificationResult,
    PartialIdentification,
    RecordFailure,
    identify,
    identify_partial,
)
