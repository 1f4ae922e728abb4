"""The three-year settlement (三年结硬帐, 考核验收) of a village, a county or a whole round.

After a round's three yearly assessments the accounts are settled ("一年一考核、三年结硬帐",
seed article page 5) on the income of the settlement year
(``round<N>.settlement_income_year``: 2012, 2015, 2018). The requirements, all read
from the standards:

=====  ==================================================================================
round  requirements (criteria codes)
=====  ==================================================================================
1      ``persons_share``: persons in households at or above 2500 per capita
       ``>= round1.target_share`` (80 %) of all assisted persons (S11 art. 1);
       ``villages_collective``: every village's collective income ``>= 30000`` (S3).
2      ``persons_share``: persons in able-bodied households at or above 45 % of the
       year's provincial average ``>= round2.target_share`` (100 %) (S1);
       ``villages_target``: every village's per-capita income ``>`` 60 % of that average
       and collective income ``>= 50000`` (S1).
3      ``persons_share``: persons in able-bodied households at or above the year's exit
       line ``>= round3.target_share`` (100 %) (S20, S37). No village
       criterion was found.
=====  ==================================================================================

Levels: the sources state the requirements for the round (the province); the same
requirements are applied to a single village (:func:`settle_village`) and to a county
(:func:`settle_county`) over their own households and villages — the project's reading.

Exactness: the share test is ``persons_above × denominator >= numerator × persons`` for the
share written as a fraction of integers (``Decimal.as_integer_ratio``), so exactly 80 %
passes (``80 × 100 >= 80 × 100``) and one person fewer fails; no float and no division.
Households count by their members (persons, 贫困人口). Households without labour capacity
are left out of the count in rounds 2–3 (``round<N>.settlement_able_bodied_only``) and
listed as informational reasons, never dropped silently.

The decision names **every** failing household and village, each with its own reason
(criterion ``household.<id>`` or ``village.<id>.<criterion>``): failing villages decide the
outcome; failing households are listed (they decide only through the share). Its ``value``
is the share of persons at or above the line rounded half-even to 0.0001 (``Decimal('0.8000')``),
reported only; the outcome is decided on the integer counts, which the reason's label gives.

Example:
    >>> from shuangdao.rules.progress import HouseholdIncomeHistory, VillageIncomeHistory
    >>> v = VillageIncomeHistory(village_id="v1", collective_income_by_year={2012: 30000})
    >>> hs = [HouseholdIncomeHistory(household_id=f"h{i}", village_id="v1", members=1,
    ...                              income_by_year={2012: 2500 if i < 4 else 2499})
    ...       for i in range(5)]
    >>> d = settle_village(v, households=hs, round=1)
    >>> d.outcome, d.value, d.code
    (True, Decimal('0.8000'), 'selected')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from shuangdao.calendar import round_calendar
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.explain import Decision, Reason, decide
from shuangdao.quantities import MARGIN_QUANTUM, Comparator
from shuangdao.rules.progress import (
    HouseholdIncomeHistory,
    VillageIncomeHistory,
    exit_reason,
    household_exit_line,
    village_target_reasons,
)
from shuangdao.standards import default_standards
from shuangdao.standards.params import ROUND_PARAMS, Round1Params, Round2Params

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["settle_county", "settle_round", "settle_village", "share_holds"]

_RULE = "settlement"


def share_holds(part: int, whole: int, share: Decimal, comparator: Comparator) -> bool:
    """Return whether ``part / whole <op> share`` exactly, without dividing.

    ``share`` is written as ``p / q`` with integers (``Decimal.as_integer_ratio``) and the
    test is ``part × q <op> p × whole``.

    Policy: S11 art. 1 (at least 80 % of assisted poor people); CIVIL (以上 includes the figure).

    Example:
        >>> share_holds(80, 100, Decimal("0.80"), Comparator.GE)
        True
        >>> share_holds(79, 100, Decimal("0.80"), Comparator.GE)
        False
    """
    numerator, denominator = share.as_integer_ratio()
    return comparator.holds(part * denominator, numerator * whole)


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


def _check_unique(ids: Iterable[str], kind: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise InvalidRecordError(
                "appears twice in the settlement", record=f"{kind} {item}", rule=_RULE
            )
        seen.add(item)


def _settle(
    subject_kind: str,
    subject_id: str,
    *,
    villages: Sequence[VillageIncomeHistory],
    households: Sequence[HouseholdIncomeHistory],
    number: int,
    year: int | None,
    s: Standards,
) -> Decision:
    villages = tuple(villages)
    households = tuple(households)
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
                f"is not among the villages settled ({subject_kind} {subject_id})",
                record=f"household {household.household_id}",
                field="village_id",
                value=household.village_id,
                rule=_RULE,
            )
    calendar = round_calendar(number, standards=s)
    if year is None:
        year = calendar.settlement_income_year
    line = household_exit_line(year, round=number, standards=s)

    # ---- households: the share of persons at or above the line
    view = ROUND_PARAMS[number]
    share_key = view.target_share
    share = s.value(share_key)
    share_comparator: Comparator = s.value(view.target_share_comparator)
    able_key = view.settlement_able_bodied_only
    able_only = bool(s.value(able_key))
    informational: list[Reason] = []
    persons = persons_above = 0
    counted = failing_households = 0
    for household in households:
        record = f"household {household.household_id}"
        if able_only and not household.has_labour_capacity:
            informational.append(
                Reason.flag(
                    f"household.{household.household_id}.not_counted",
                    observed=False,
                    required=False,
                    label_en=(
                        f"household {household.household_id} has no labour capacity: not "
                        "counted (covered by 低保)"
                    ),
                    label_zh=f"农户{household.household_id}无劳动能力，不计入（低保兜底）",
                    citation=s.citation(able_key),
                    parameter=able_key,
                )
            )
            continue
        if year not in household.income_by_year:
            raise InvalidRecordError(
                "is missing (needed for the settlement)",
                record=record,
                field=f"income_by_year[{year}]",
                rule=_RULE,
            )
        reason = exit_reason(
            household.household_id,
            members=household.members,
            income=household.income_by_year[year],
            line=line,
            criterion=f"household.{household.household_id}",
        )
        counted += 1
        persons += household.members
        if reason.holds:
            persons_above += household.members
        else:
            failing_households += 1
            informational.append(reason)
    if counted == 0:
        raise InvalidRecordError(
            "has no counted household to settle",
            record=f"{subject_kind} {subject_id}",
            field="households",
            rule=_RULE,
        )
    holds = share_holds(persons_above, persons, share, share_comparator)
    numerator, denominator = share.as_integer_ratio()
    # Reported only (never decides): the share rounded half-even to 0.0001.
    observed_share = (Decimal(persons_above) / Decimal(persons)).quantize(MARGIN_QUANTUM)
    reasons: list[Reason] = [
        Reason(
            criterion="persons_share",
            holds=holds,
            label_en=(
                f"share of assisted persons at or above the {year} exit line "
                f"({persons_above} of {persons} persons in {counted} households; "
                f"{failing_households} households below)"
            ),
            label_zh=(
                f"{year}年达到脱贫标准的贫困人口比例（{persons}人中{persons_above}人，"
                f"{counted}户中{failing_households}户未达标）"
            ),
            citation=s.citation(share_key),
            observed=observed_share,
            threshold=share,
            comparator=share_comparator,
            margin=None,
            unit="",
            parameter=share_key,
            note_en=(
                f"decided exactly as {persons_above} × {denominator} "
                f"{share_comparator.symbol} {numerator} × {persons}"
            ),
            note_zh=(
                f"精确判定：{persons_above}×{denominator}"
                f"{share_comparator.symbol}{numerator}×{persons}"
            ),
        )
    ]

    # ---- villages: each must meet its own targets (rounds 1 and 2)
    if number in (1, 2):
        failing_villages = 0
        village_failures: list[Reason] = []
        for village in villages:
            failures = [
                attrs.evolve(reason, criterion=f"village.{village.village_id}.{reason.criterion}")
                for reason in village_target_reasons(village, round=number, year=year, standards=s)
                if not reason.holds
            ]
            if failures:
                failing_villages += 1
                village_failures.extend(failures)
        passing = len(villages) - failing_villages
        key = (
            Round1Params.village_collective_target
            if number == 1
            else Round2Params.village_target_ratio
        )
        reasons.append(
            Reason.compare(
                "villages_target",
                observed=passing,
                threshold=len(villages),
                comparator=Comparator.GE,
                label_en=f"villages meeting the village targets in {year}",
                label_zh=f"{year}年达到村目标的村数",
                citation=s.citation(key),
                unit="",
                parameter=key,
                holds=failing_villages == 0,
            )
        )
        reasons.extend(village_failures)
    title_en = {
        "village": "village whose round-{n} accounts are settled (三年结硬帐)",
        "county": "county whose round-{n} accounts are settled (三年结硬帐)",
        "round": "settled round (三年结硬帐 of round {n})",
    }[subject_kind].format(n=number)
    title_zh = {
        "village": "通过第{n}轮三年结帐验收的村",
        "county": "通过第{n}轮三年结帐验收的县",
        "round": "通过三年结帐验收的第{n}轮",
    }[subject_kind].format(n=number)
    return decide(
        rule=f"settlement.round{number}.{subject_kind}",
        subject_kind=subject_kind,
        subject_id=subject_id,
        title_en=title_en,
        title_zh=title_zh,
        reasons=reasons,
        informational=informational,
        citation=s.citation(share_key),
        standards=s,
        round=number,
        as_of=calendar.settlement_date,
        value=observed_share,
    )


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
        >>> from shuangdao.rules.progress import HouseholdIncomeHistory, VillageIncomeHistory
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
        >>> from shuangdao.rules.progress import HouseholdIncomeHistory, VillageIncomeHistory
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
        >>> from shuangdao.rules.progress import HouseholdIncomeHistory, VillageIncomeHistory
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
