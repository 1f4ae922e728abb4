"""Round 1 (2009–2012): designated poor villages, poor households, welfare households.

The province designated 3409 villages (S5, S13), by a rule never published: the
designation is an input (:data:`ROUND1_VILLAGE`), or, on request, the unconfirmed
collective-income rule (:data:`ROUND1_VILLAGE_BY_COLLECTIVE_INCOME`). A poor household
lives in a designated village with per-capita net income 1500元以下 (:data:`ROUND1_HOUSEHOLD`);
a poor household below 1200 yuan is a welfare household (:data:`ROUND1_HOUSEHOLD_CLASS`).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from shuangdao.citations import Citation
from shuangdao.declare import Compare, Flag, ParamLine, PerCapita, Requirement, Rule, declared
from shuangdao.errors import MissingParameterError
from shuangdao.explain import Decision
from shuangdao.model import Household, HouseholdClass, Village
from shuangdao.rules.identification._common import (
    _check_measure,
    _check_same_village,
    _require,
    _standards,
)
from shuangdao.standards import Standards
from shuangdao.standards.params import Round1Params

__all__ = [
    "ROUND1_HOUSEHOLD",
    "ROUND1_HOUSEHOLD_CLASS",
    "ROUND1_VILLAGE",
    "ROUND1_VILLAGE_BY_COLLECTIVE_INCOME",
    "classify_household_round1",
    "household_class_of",
    "identify_household_round1",
    "identify_village_round1",
    "round1_village_rule",
]

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
    requires=[
        Requirement(
            "designated",
            unknown=Round1Params.village_selection_rule,
            unknown_text="is not known: the round-1 village selection rule was never published.",
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
    requires=[Requirement("collective_income")],
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
    _require(rule, village, standards)
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
    _check_measure(f"household {household.household_id}", household.income_measure, rule, s)
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
