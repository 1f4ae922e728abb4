"""The three-year settlement (三年结硬帐, 考核验收) of a village, a county or a whole round.

After a round's three yearly assessments the accounts are settled ("一年一考核、三年结硬帐",
seed article page 5) on the income of the settlement year
(``round<N>.settlement_income_year``: 2012, 2015, 2018). Each round's settlement is
**declared once** (:data:`SETTLEMENT`): who is counted, the exit rule each counted household
is held to (:data:`~shuangdao.rules.progress.EXIT`), the village targets
(:data:`~shuangdao.rules.progress.VILLAGE_TARGETS`) and the group's own criteria. The
functions here and :func:`shuangdao.batch.settlement` both read it.

=====  ==================================================================================
round  requirements (criteria codes)
=====  ==================================================================================
1      ``persons_share``: persons in households at or above 2500 per capita
       ``>= round1.target_share`` (80 %) of all assisted persons (S11 art. 1);
       ``villages_target``: every village's collective income ``>= 30000`` (S3).
2      ``persons_share``: persons in able-bodied households at or above 45 % of the
       year's provincial average ``>= round2.target_share`` (100 %) (S1);
       ``villages_target``: every village's per-capita income ``>`` 60 % of that average
       and collective income ``>= 50000`` (S1).
3      ``persons_share``: persons in able-bodied households at or above the year's exit
       line ``>= round3.target_share`` (100 %) (S20, S37). No village criterion was found.
=====  ==================================================================================

Levels: the sources state the requirements for the round (the province); the same
requirements are applied to a single village (:func:`settle_village`) and to a county
(:func:`settle_county`) over their own households and villages — the project's reading.

Exactness: the share test is ``persons_above × denominator >= numerator × persons`` for the
share written as a fraction of integers, so exactly 80 % passes (``80 × 100 >= 80 × 100``) and
one person fewer fails; no float and no division. Households count by their members (persons,
贫困人口). Households without labour capacity are left out of the count in rounds 2–3
(``round<N>.settlement_able_bodied_only``) and listed as informational reasons, never dropped
silently.

The decision names **every** failing household and village, each with its own reason
(criterion ``household.<id>`` or ``village.<id>.<criterion>``): failing villages decide the
outcome; failing households are listed (they decide only through the share). Its ``value``
is the share of persons at or above the line rounded half-even to 0.0001 (``Decimal('0.8000')``),
reported only; the outcome is decided on the integer counts, which the reason's label gives.

Example:
    >>> from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory
    >>> v = VillageIncomeHistory(village_id="v1", collective_income_by_year={2012: 30000})
    >>> hs = [HouseholdIncomeHistory(household_id=f"h{i}", village_id="v1", members=1,
    ...                              income_by_year={2012: 2500 if i < 4 else 2499})
    ...       for i in range(5)]
    >>> d = settle_village(v, households=hs, round=1)
    >>> d.outcome, d.value, d.code
    (True, Decimal('0.8000'), 'selected')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs
from attrs import frozen

from shuangdao.calendar import round_calendar
from shuangdao.citations import Citation
from shuangdao.declare import (
    AllMet,
    BoundCriterion,
    BoundRule,
    Flag,
    Rule,
    Share,
    declared,
    kernel,
)
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.explain import Decision, Reason
from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory
from shuangdao.quantities import Comparator
from shuangdao.rules.progress import EXIT, VILLAGE_TARGETS, village_target_reasons
from shuangdao.standards import Param, default_standards
from shuangdao.standards.params import ROUND_PARAMS, Round1Params, Round2Params

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "LEVELS",
    "SETTLEMENT",
    "SETTLEMENT_RULES",
    "Settlement",
    "settle_county",
    "settle_round",
    "settle_village",
    "share_holds",
]

LEVELS: Final = ("village", "county", "round")
"""The levels a settlement is decided at."""


def _persons_share(n: int) -> Share:
    view = ROUND_PARAMS[n]
    return Share(
        "persons_share",
        "persons_above",
        "persons",
        view.target_share,
        view.target_share_comparator,
        "share of assisted persons meeting the {year} exit rule ({persons_above} of "
        "{persons} persons in {households} households; {below} households not meeting it)",
        "{year}年达到脱贫标准的贫困人口比例（{persons}人中{persons_above}人，"
        "{households}户中{below}户未达标）",
        as_ratio=True,
    )


def _villages_target(cites: Param[Decimal]) -> AllMet:
    return AllMet(
        "villages_target",
        "villages_meeting_targets",
        "villages",
        cites,
        "villages meeting the village targets in {year}",
        "{year}年达到村目标的村数",
    )


def _counted(n: int) -> Flag:
    # Rounds 2-3 count only households with labour capacity (有劳动能力的贫困户).
    return Flag(
        "counted",
        "has_labour_capacity",
        "has labour capacity (counted in the settlement)",
        "有劳动能力（计入结帐）",
        required_if=ROUND_PARAMS[n].settlement_able_bodied_only,
    )


@frozen
class Settlement:
    """How a round is settled, declared once: who counts, and what the group must reach.

    Attributes:
        round: The round.
        group: The group's criteria (``persons_share``, ``villages_target``); bound per
            level (:data:`SETTLEMENT_RULES`).
        counted: Which households are counted (a rule on the household).
        exit: The exit rule each counted household is held to in the settlement year.
        villages: The village targets each village must meet, if the round has any.
    """

    round: int
    group: Rule
    counted: Rule
    exit: Rule
    villages: Rule | None

    def at(self, level: str) -> Rule:
        """The group rule for ``level`` (``settlement.round<N>.<level>``)."""
        return SETTLEMENT_RULES[self.round, level]


def _group(n: int, citation: Citation, criteria: Sequence[Share | AllMet]) -> Rule:
    # The group's outcome rests on the line each household is held to, who is counted and
    # the village targets: never more certain than they are.
    targets = (VILLAGE_TARGETS[n],) if n in (1, 2) else ()
    return Rule(
        id=f"settlement.round{n}",
        subject="round",
        title_en="settled round (三年结硬帐 of round {round})",
        title_zh="通过三年结帐验收的第{round}轮",
        citation=citation,
        round=n,
        criteria=criteria,
        depends_on=(EXIT[n], _counting(n), *targets),
    )


def _counting(n: int) -> Rule:
    return Rule(
        id=f"settlement.round{n}.counted",
        subject="household",
        title_en="household counted in the round-{round} settlement",
        title_zh="计入第{round}轮结帐的农户",
        citation=Citation(("S1", "S20")),
        round=n,
        criteria=[_counted(n)],
    )


SETTLEMENT: Final[Mapping[int, Settlement]] = MappingProxyType(
    {
        # 80 %以上的被帮扶贫困人口达到目标; 贫困村集体经济收入达到3万元以上 (S11 art. 1, S3).
        1: Settlement(
            1,
            _group(
                1,
                Citation(("S11", "S5", "S3"), article="S11 art. 1"),
                [_persons_share(1), _villages_target(Round1Params.village_collective_target)],
            ),
            _counting(1),
            EXIT[1],
            VILLAGE_TARGETS[1],
        ),
        # 有劳动能力的贫困户达到45%; 重点帮扶村高于60%、集体经济收入5万元以上 (S1).
        2: Settlement(
            2,
            _group(
                2,
                Citation(("S1",)),
                [_persons_share(2), _villages_target(Round2Params.village_target_ratio)],
            ),
            _counting(2),
            EXIT[2],
            VILLAGE_TARGETS[2],
        ),
        # 有劳动能力相对贫困户达到当年脱贫标准; no village criterion found (S20, S37).
        3: Settlement(
            3,
            _group(3, Citation(("S20", "S37")), [_persons_share(3)]),
            _counting(3),
            EXIT[3],
            None,
        ),
    }
)
"""Each round's settlement."""

_TITLES: Final = {
    "village": (
        "village whose round-{round} accounts are settled (三年结硬帐)",
        "通过第{round}轮三年结帐验收的村",
    ),
    "county": (
        "county whose round-{round} accounts are settled (三年结硬帐)",
        "通过第{round}轮三年结帐验收的县",
    ),
    "round": ("settled round (三年结硬帐 of round {round})", "通过三年结帐验收的第{round}轮"),
}

SETTLEMENT_RULES: Final[Mapping[tuple[int, str], Rule]] = MappingProxyType(
    {
        (n, level): attrs.evolve(
            settlement.group,
            id=f"{settlement.group.id}.{level}",
            subject=level,
            title_en=_TITLES[level][0],
            title_zh=_TITLES[level][1],
        )
        for n, settlement in SETTLEMENT.items()
        for level in LEVELS
    }
)
"""The group rule of each round at each level (``settlement.round2.county``...)."""


@declared(*(s.group for s in SETTLEMENT.values()))
def share_holds(part: int, whole: int, share: Decimal, comparator: Comparator) -> bool:
    """Return whether ``part / whole <op> share`` exactly, without dividing.

    ``share`` is written as ``p / q`` with integers (``Decimal.as_integer_ratio``) and the
    test is ``part × q <op> p × whole`` (:func:`shuangdao.declare.kernel.share_holds`).

    Policy: S11 art. 1 (at least 80 % of assisted poor people); CIVIL (以上 includes the figure).

    Example:
        >>> share_holds(80, 100, Decimal("0.80"), Comparator.GE)
        True
        >>> share_holds(79, 100, Decimal("0.80"), Comparator.GE)
        False
    """
    holds: bool = kernel.share_holds(part, whole, share, comparator)
    return holds


_RULE = "settlement"


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


def _round(number: object) -> int:
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidTypeError("must be a round number (int)", field="round", value=number)
    if number not in (1, 2, 3):
        raise UnknownReferenceError(
            "is not a round with a settlement rule (1, 2, 3)", field="round", value=number
        )
    return number


# --------------------------------------------------------------------------- the steps
def _check_records(
    subject: str,
    villages: Sequence[VillageIncomeHistory],
    households: Sequence[HouseholdIncomeHistory],
) -> None:
    """Records of the right types, ids unique, every household in one of the villages."""
    for item in villages:
        if not isinstance(item, VillageIncomeHistory):
            raise InvalidTypeError(
                "must be VillageIncomeHistory records", field="villages", value=item, rule=_RULE
            )
    for entry in households:
        if not isinstance(entry, HouseholdIncomeHistory):
            raise InvalidTypeError(
                "must be HouseholdIncomeHistory records",
                field="households",
                value=entry,
                rule=_RULE,
            )
    _check_unique((v.village_id for v in villages), "village")
    _check_unique((h.household_id for h in households), "household")
    village_ids = {v.village_id for v in villages}
    for household in households:
        if household.village_id not in village_ids:
            raise UnknownReferenceError(
                f"is not among the villages settled ({subject})",
                record=f"household {household.household_id}",
                field="village_id",
                value=household.village_id,
                rule=_RULE,
            )


def _check_unique(ids: Iterable[str], kind: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise InvalidRecordError(
                "appears twice in the settlement", record=f"{kind} {item}", rule=_RULE
            )
        seen.add(item)


@frozen
class _Count:
    """The households of a group, counted against the exit rule."""

    households: int
    persons: int
    persons_above: int
    below: int
    listed: tuple[Reason, ...]


def _not_assessed_summary(
    criteria: Sequence[BoundCriterion], counts: Mapping[str, int], kind: str, subject: str
) -> list[Reason]:
    """One not-assessed reason per criterion left unassessed in ``counts`` members of a group.

    Criterion ``<kind>s.<criterion>`` (``households.ncms``), observed the number of members
    (households or villages) whose data was not supplied; never holds, never decides.
    """
    summary: list[Reason] = []
    for criterion in criteria:
        count = counts.get(criterion.name, 0)
        if not count:
            continue
        reason = criterion.reason({}, subject)
        summary.append(
            attrs.evolve(
                reason,
                criterion=f"{kind}s.{criterion.name}",
                label_en=f"{kind}s whose target was not assessed ({count}): {reason.label_en}",
                label_zh=f"未评估该目标的{_KIND_ZH[kind]}（{count}）：{reason.label_zh}",
                observed=count,
                threshold=None,
                unit=f"{kind}s",
            )
        )
    return summary


_KIND_ZH: Final = {"household": "农户", "village": "村"}


def _count_households(
    households: Sequence[HouseholdIncomeHistory],
    *,
    counted: BoundRule,
    exit_rule: BoundRule,
    year: int,
    subject: str,
) -> _Count:
    """Persons of the counted households, and those meeting the exit rule (with reasons).

    A household meets the rule when every criterion *assessed* holds (the income line, and
    each non-income target whose data it has); targets without data are counted per
    criterion and listed as not assessed.
    """
    counting = counted.criteria[0]
    optional = exit_rule.rule.optional_inputs
    listed: list[Reason] = []
    not_assessed: dict[str, int] = {}
    households_counted = persons = persons_above = below = 0
    for household in households:
        hid = household.household_id
        count = counting.reason({"has_labour_capacity": household.has_labour_capacity}, hid)
        if not count.holds:
            listed.append(_not_counted(household, count))
            continue
        if year not in household.income_by_year:
            raise InvalidRecordError(
                "is missing (needed for the settlement)",
                record=f"household {hid}",
                field=f"income_by_year[{year}]",
                rule=_RULE,
            )
        values = {"income": household.income_by_year[year], "members": household.members}
        values.update({name: getattr(household, name, None) for name in optional})
        reasons = [c.reason(values, hid) for c in exit_rule.criteria]
        households_counted += 1
        persons += household.members
        failing = [r for r in reasons if r.assessed and not r.holds]
        for reason in reasons:
            if not reason.assessed:
                not_assessed[reason.criterion] = not_assessed.get(reason.criterion, 0) + 1
        if not failing:
            persons_above += household.members
            continue
        below += 1
        for reason in failing:
            name = f"household.{hid}"
            if reason.criterion != "household_income":  # a non-income target missed
                name += f".{reason.criterion}"
            listed.append(attrs.evolve(reason, criterion=name))
    listed.extend(_not_assessed_summary(exit_rule.criteria, not_assessed, "household", subject))
    return _Count(households_counted, persons, persons_above, below, tuple(listed))


def _not_counted(household: HouseholdIncomeHistory, count: Reason) -> Reason:
    hid = household.household_id
    return attrs.evolve(
        count,
        criterion=f"household.{hid}.not_counted",
        holds=True,
        label_en=f"household {hid} has no labour capacity: not counted (covered by 低保)",
        label_zh=f"农户{hid}无劳动能力，不计入（低保兜底）",
    )


def _village_failures(
    villages: Sequence[VillageIncomeHistory], *, number: int, year: int, s: Standards
) -> tuple[int, list[Reason], dict[str, int]]:
    """Villages meeting their own (assessed) targets, and the failing ones (``village.<id>.<c>``).

    Also, per target, how many villages had no data for it.
    """
    failures: list[Reason] = []
    not_assessed: dict[str, int] = {}
    failing = 0
    for village in villages:
        reasons = village_target_reasons(village, round=number, year=year, standards=s)
        missed = [
            attrs.evolve(reason, criterion=f"village.{village.village_id}.{reason.criterion}")
            for reason in reasons
            if reason.assessed and not reason.holds
        ]
        for reason in reasons:
            if not reason.assessed:
                not_assessed[reason.criterion] = not_assessed.get(reason.criterion, 0) + 1
        if missed:
            failing += 1
            failures.extend(missed)
    return len(villages) - failing, failures, not_assessed


def _settle(
    level: str,
    subject_id: str,
    *,
    villages: Sequence[VillageIncomeHistory],
    households: Sequence[HouseholdIncomeHistory],
    number: int,
    year: int | None,
    s: Standards,
) -> Decision:
    villages, households = tuple(villages), tuple(households)
    _check_records(f"{level} {subject_id}", villages, households)
    calendar = round_calendar(number, standards=s)
    year = calendar.settlement_income_year if year is None else year
    settlement = SETTLEMENT[number]
    count = _count_households(
        households,
        counted=settlement.counted.bind(s),
        exit_rule=settlement.exit.bind(s, year=year),
        year=year,
        subject=subject_id,
    )
    if count.households == 0:
        raise InvalidRecordError(
            "has no counted household to settle",
            record=f"{level} {subject_id}",
            field="households",
            rule=_RULE,
        )
    meeting = len(villages)
    village_failures: list[Reason] = []
    listed = list(count.listed)
    if settlement.villages is not None:
        meeting, village_failures, unassessed = _village_failures(
            villages, number=number, year=year, s=s
        )
        targets = settlement.villages.bind(s, year=year).criteria
        listed.extend(_not_assessed_summary(targets, unassessed, "village", subject_id))
    return (
        settlement.at(level)
        .bind(s, year=year)
        .decide(
            subject_id=subject_id,
            as_of=calendar.settlement_date,
            itemised=village_failures,
            listed=listed,
            value=kernel.as_decimal(
                kernel.quotient(count.persons_above, count.persons), kernel.MARGIN_SCALE
            ),
            persons_above=count.persons_above,
            persons=count.persons,
            households=count.households,
            below=count.below,
            villages_meeting_targets=meeting,
            villages=len(villages),
        )
    )


# --------------------------------------------------------------------------- the levels
_RULES: Final = tuple(SETTLEMENT_RULES.values())


@declared(*_RULES)
def settle_village(
    village: VillageIncomeHistory,
    *,
    households: Sequence[HouseholdIncomeHistory],
    round: int,
    year: int | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Settle one village's accounts at the end of its round (三年结硬帐).

    Policy: S11 art. 1, S5, S3 (round 1); S1 (round 2); S20, S37 (round 3); SEED p. 5.
    See the module table for the exact comparisons.

    Args:
        village: The village's incomes by year.
        households: Its assisted households (each ``village_id`` must be the village's).
        round: Round number.
        year: Income year to settle on; ``None`` means ``round<N>.settlement_income_year``.
        standards: Standards to read; ``None`` means the default.

    Returns:
        A decision (rule ``settlement.round<N>.village``) naming every failing household and
        the village's failing targets; ``value`` is the share of persons at or above the line.

    Raises:
        InvalidRecordError: A needed income is missing, an id repeats, or no household counts.
        UnknownReferenceError: A household of another village.

    Example:
        >>> from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory
        >>> v = VillageIncomeHistory(village_id="v1", collective_income_by_year={2015: 49999.99},
        ...                          per_capita_income_by_year={2015: 9000})
        >>> h = HouseholdIncomeHistory(household_id="h1", village_id="v1", members=2,
        ...                            income_by_year={2015: 13000})
        >>> settle_village(v, households=[h], round=2).code
        'not:villages_target+village.v1.collective_income'
    """
    return _settle(
        "village",
        village.village_id,
        villages=[village],
        households=households,
        number=_round(round),
        year=year,
        s=_standards(standards),
    )


@declared(*_RULES)
def settle_county(
    county_id: str,
    *,
    villages: Sequence[VillageIncomeHistory],
    households: Sequence[HouseholdIncomeHistory],
    round: int,
    year: int | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Settle a county's accounts: the round's requirements over all its villages.

    Policy: S11 (final acceptance covers 83 counties, round 1); S1; S20; SEED p. 5. The
    share is over every counted person in the county; every village must meet its targets.
    Villages whose ``county_id`` is set to another county are rejected.

    Example:
        >>> from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory
        >>> vs = [VillageIncomeHistory(village_id=f"v{i}", county_id="c1",
        ...                            collective_income_by_year={2018: 0}) for i in (1, 2)]
        >>> hs = [HouseholdIncomeHistory(household_id="h1", village_id="v1", members=3,
        ...                              income_by_year={2018: 22095})]
        >>> settle_county("c1", villages=vs, households=hs, round=3).outcome
        True
    """
    for village in villages:
        if isinstance(village, VillageIncomeHistory) and village.county_id not in ("", county_id):
            raise InvalidRecordError(
                f"belongs to another county than {county_id}",
                record=f"village {village.village_id}",
                field="county_id",
                value=village.county_id,
                rule=_RULE,
            )
    return _settle(
        "county",
        county_id,
        villages=villages,
        households=households,
        number=_round(round),
        year=year,
        s=_standards(standards),
    )


@declared(*_RULES)
def settle_round(
    round: int,
    *,
    villages: Sequence[VillageIncomeHistory],
    households: Sequence[HouseholdIncomeHistory],
    year: int | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Settle a whole round (the province's 三年结硬帐 over every assisted village).

    Policy: SEED p. 5 (round 1 accepted in early 2013: 3407 villages, 36.7万 households);
    S11 art. 1; S1; S20, S37.

    Example:
        >>> from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory
        >>> v = VillageIncomeHistory(village_id="v1", collective_income_by_year={2012: 29999.99})
        >>> h = HouseholdIncomeHistory(household_id="h1", village_id="v1", members=1,
        ...                            income_by_year={2012: 7762})
        >>> d = settle_round(1, villages=[v], households=[h])
        >>> d.outcome, d.deciding
        (False, ('villages_target', 'village.v1.collective_income'))
    """
    number = _round(round)
    return _settle(
        "round",
        str(number),
        villages=villages,
        households=households,
        number=number,
        year=year,
        s=_standards(standards),
    )
