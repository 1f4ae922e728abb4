"""Progress over the years: when a household or a village exits (脱贫 / 退出), and tracking.

Each round's exit rule and village targets are **declared once** (``EXIT[n]``,
``VILLAGE_TARGETS[n]``, :mod:`shuangdao.declare`) and read by the functions here (one record,
explained) and by :func:`shuangdao.batch.exit_status` / :func:`shuangdao.batch.settlement`
(whole tables, in integer columns):

* Round 1 — household: ``income >= round1.exit_line × members`` (2500, 以上); village:
  collective income ``>= round1.village_collective_target``.
* Round 2 — household: ``income >= round2.exit_ratio × P(year) × members`` (45 % of
  THAT year's provincial rural average ``P``, exact); village: per-capita ``>`` 60 % of
  ``P(year)`` and collective ``>= 50000``.
* Round 3 — household: ``income >= round3.exit_lines[year] × members`` (达到); village: not
  found in the sources (households only; see ``round3.village_target``).

``P(year)`` is ``statistics.provincial_rural_income`` for the year. Round 2's household line
is **not rounded**: 45 % of 11669 is exactly 5251.05, and a household of four passes with a
total of 21004.20 and fails with 21004.19. The comparison never divides: a reason's
``observed`` is the household's total income, its ``threshold`` is ``line × members`` and its
``margin`` is per capita (reported only). Comparators come from the standards
(``round1.exit_comparator`` and so on). Where the provincial figure of a year is in a
different income caliber from the round (2014 onwards is disposable income, round 2's targets
are net income), the reason says so; and a line read from a recalled or derived figure (2014,
2015) makes the decision recalled or derived (:attr:`~shuangdao.explain.Decision.certainty`).

The evidence is plain data (:class:`~shuangdao.model.HouseholdIncomeHistory`,
:class:`~shuangdao.model.VillageIncomeHistory`); the rules take ids, members and mappings so
that a batch path can call them per record.

Example:
    >>> from decimal import Decimal
    >>> d = household_exit("h1", members=4, income_by_year={2015: Decimal("24000")},
    ...                    round=2, year=2013)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    shuangdao.errors.InvalidRecordError: household h1: income_by_year[2013] is missing (rule ...)
    >>> household_exit("h1", members=4, income_by_year={2013: Decimal("21004.20")},
    ...                round=2, year=2013).outcome
    True
    >>> household_exit("h1", members=4, income_by_year={2014: Decimal("30000")},
    ...                round=2, year=2014).certainty.value
    'recalled'
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from shuangdao.calendar import round_calendar
from shuangdao.citations import Citation
from shuangdao.declare import (
    BoundPerCapita,
    BoundRule,
    Compare,
    Flag,
    OptionalFlag,
    ParamLine,
    PerCapita,
    RatioOfSeries,
    Rule,
    YearLine,
    declared,
)
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.explain import Decision, Reason
from shuangdao.model.cycle import ExitLine as _ExitLine
from shuangdao.model.cycle import HouseholdTrack as _HouseholdTrack
from shuangdao.model.cycle import VillageIncomeHistory as _VillageIncomeHistory
from shuangdao.model.cycle import income_mapping
from shuangdao.standards import default_standards
from shuangdao.standards.params import (
    Round1Params,
    Round2Params,
    Round3Params,
    StatisticsParams,
)

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "EXIT",
    "ROUND1_EXIT",
    "ROUND1_VILLAGE_TARGETS",
    "ROUND2_EXIT",
    "ROUND2_VILLAGE_TARGETS",
    "ROUND3_EXIT",
    "ROUND3_VILLAGE_EXIT",
    "VILLAGE_TARGETS",
    "exit_line_of",
    "exit_reason",
    "exit_rule",
    "household_exit",
    "household_exit_line",
    "track_household",
    "village_exit",
    "village_target_reasons",
]

_MOVED: Final = frozenset(
    {"ExitLine", "HouseholdIncomeHistory", "HouseholdTrack", "VillageIncomeHistory"}
)


def __getattr__(name: str) -> Any:
    """Records moved to :mod:`shuangdao.model` in 0.2.0 (old path kept until 0.3.0)."""
    if name in _MOVED:
        import shuangdao.model

        warnings.warn(
            f"shuangdao.rules.progress.{name} moved to shuangdao.model.{name}; the old path "
            "will be removed in 0.3.0",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(shuangdao.model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- the exit rules
_P = StatisticsParams.provincial_rural_income
_S1: Final = Citation(("S1",), note="round-2 plan: the household and village targets by 2015")
_S21: Final = Citation(("S21",), note="round 3's goal by 2018: 两不愁、三保障、一相当")

ROUND1_EXIT: Final = Rule(
    id="progress.household_exit",
    subject="household",
    title_en="household that meets the round-{round} exit rule in {year} (脱贫)",
    title_zh="{year}年达到第{round}轮脱贫标准的农户",
    citation=Citation(("S11", "S5"), article="S11 art. 1"),
    round=1,
    criteria=[
        # 贫困户人均纯收入达到2500元以上.
        PerCapita(
            "household_income",
            "income",
            "members",
            ParamLine(Round1Params.exit_line),
            Round1Params.exit_comparator,
            "household {subject_id} income in {year}",
            "农户{subject_id}{year}年收入",
        ),
    ],
)
"""Round 1's exit — per-capita net income 2500元以上 (S11 art. 1, S5)."""

ROUND2_EXIT: Final = Rule(
    id="progress.household_exit",
    subject="household",
    title_en=ROUND1_EXIT.title_en,
    title_zh=ROUND1_EXIT.title_zh,
    citation=Citation(("S1",)),
    round=2,
    criteria=[
        # 有劳动能力的贫困户人均纯收入达到当年全省农民人均纯收入45%以上 (not rounded) ...
        PerCapita(
            "household_income",
            "income",
            "members",
            RatioOfSeries(Round2Params.exit_ratio, _P, measure="net"),
            Round2Params.exit_comparator,
            "household {subject_id} income in {year}",
            "农户{subject_id}{year}年收入",
        ),
        # ... 家庭成员全部参加新型农村合作医疗和新型农村社会养老保险 ...
        OptionalFlag(
            "ncms",
            "all_in_ncms",
            "every member enrolled in the new rural cooperative medical scheme",
            "家庭成员全部参加新型农村合作医疗",
            citation=_S1,
        ),
        OptionalFlag(
            "rural_pension",
            "all_in_rural_pension",
            "every member enrolled in the new rural pension scheme",
            "家庭成员全部参加新型农村社会养老保险",
            citation=_S1,
        ),
        # ... 符合条件的纳入低保 ...
        OptionalFlag(
            "dibao_coverage",
            "eligible_in_dibao",
            "every eligible member covered by 低保",
            "符合条件的家庭成员全部纳入低保",
            citation=_S1,
        ),
        # ... 完成住房改造和搬迁.
        OptionalFlag(
            "housing",
            "housing_rebuilt_or_relocated",
            "housing rebuilt or household relocated",
            "完成住房改造或搬迁",
            citation=_S1,
        ),
    ],
)
"""Round 2's exit — per-capita net income 45 %以上 of that year's provincial rural average,
and the non-income targets: every member in the rural cooperative medical scheme and the rural
pension, eligible members in 低保, housing rebuilt or relocated (S1); a target whose data is
not supplied is reported as not assessed."""

ROUND3_EXIT: Final = Rule(
    id="progress.household_exit",
    subject="household",
    title_en=ROUND1_EXIT.title_en,
    title_zh=ROUND1_EXIT.title_zh,
    citation=Citation(("S20",)),
    round=3,
    criteria=[
        # 有劳动能力相对贫困户人均可支配收入达到当年脱贫标准 (6433 / 6883 / 7365) ...
        PerCapita(
            "household_income",
            "income",
            "members",
            YearLine(Round3Params.exit_lines),
            Round3Params.exit_comparator,
            "household {subject_id} income in {year}",
            "农户{subject_id}{year}年收入",
        ),
        # ... 两不愁：不愁吃、不愁穿 ...
        OptionalFlag(
            "food_and_clothing",
            "food_and_clothing_secure",
            "no worry about food or clothing",
            "不愁吃、不愁穿",
            citation=_S21,
        ),
        # ... 三保障：义务教育、基本医疗、住房安全有保障.
        OptionalFlag(
            "compulsory_education",
            "compulsory_education_secured",
            "compulsory education secured",
            "义务教育有保障",
            citation=_S21,
        ),
        OptionalFlag(
            "basic_medical_care",
            "basic_medical_care_secured",
            "basic medical care secured",
            "基本医疗有保障",
            citation=_S21,
        ),
        OptionalFlag(
            "safe_housing",
            "safe_housing_secured",
            "safe housing secured",
            "住房安全有保障",
            citation=_S21,
        ),
    ],
)
"""Round 3's exit — per-capita disposable income reaching the year's exit line (S20), and
两不愁、三保障: food and clothing; compulsory education, basic medical care, safe housing
(S21); a target whose data is not supplied is reported as not assessed."""

EXIT: Final[Mapping[int, Rule]] = MappingProxyType({1: ROUND1_EXIT, 2: ROUND2_EXIT, 3: ROUND3_EXIT})
"""Each round's household exit rule (bind it with the income ``year``)."""


# --------------------------------------------------------------------------- village targets
ROUND1_VILLAGE_TARGETS: Final = Rule(
    id="progress.village_exit",
    subject="village",
    title_en="village that meets the round-{round} village targets in {year}",
    title_zh="{year}年达到第{round}轮村目标的村",
    citation=Citation(("S3", "SEED"), article="SEED p. 5"),
    round=1,
    criteria=[
        # 贫困村集体经济收入达到3万元以上.
        Compare(
            "collective_income",
            "collective_income",
            ParamLine(Round1Params.village_collective_target),
            Round1Params.village_collective_target_comparator,
            "village {subject_id} collective income in {year}",
            "村{subject_id}{year}年集体经济收入",
        ),
    ],
)
"""Round 1's village target — collective income 3万元以上 (S3, SEED p. 5)."""

ROUND2_VILLAGE_TARGETS: Final = Rule(
    id="progress.village_exit",
    subject="village",
    title_en=ROUND1_VILLAGE_TARGETS.title_en,
    title_zh=ROUND1_VILLAGE_TARGETS.title_zh,
    citation=Citation(("S1",)),
    round=2,
    criteria=[
        # 村农民人均纯收入高于全省平均60% ...
        Compare(
            "village_income",
            "per_capita_income",
            RatioOfSeries(Round2Params.village_target_ratio, _P, measure="net"),
            Round2Params.village_target_comparator,
            "village {subject_id} per-capita net income in {year}",
            "村{subject_id}{year}年农民人均纯收入",
        ),
        # ... 村集体经济收入5万元以上 ...
        Compare(
            "collective_income",
            "collective_income",
            ParamLine(Round2Params.village_collective_target),
            Round2Params.village_collective_target_comparator,
            "village {subject_id} collective income in {year}",
            "村{subject_id}{year}年集体经济收入",
        ),
        # ... 基础设施基本完善 ...
        OptionalFlag(
            "basic_infrastructure",
            "basic_infrastructure_in_place",
            "basic infrastructure in place",
            "基础设施基本完善",
            citation=_S1,
        ),
        # ... 民主管理健全.
        OptionalFlag(
            "democratic_management",
            "democratic_management_sound",
            "sound democratic management",
            "民主管理健全",
            citation=_S1,
        ),
    ],
)
"""Round 2's village targets — per-capita net income above 60 % of that year's provincial
average and collective income 5万元以上, basic infrastructure and sound democratic management
(S1; the last two reported as not assessed when their data is not supplied)."""

ROUND3_VILLAGE_EXIT: Final = Rule(
    id="progress.village_exit",
    subject="village",
    title_en=ROUND1_VILLAGE_TARGETS.title_en,
    title_zh=ROUND1_VILLAGE_TARGETS.title_zh,
    citation=Citation(("PROJECT",)),
    round=3,
    criteria=[
        # No village criterion was found: the village exits with its households.
        Flag(
            "households_only",
            "households_only",
            "round-3 villages exit with their households (no village criterion)",
            "第三轮村退出以贫困户脱贫为准（无单独的村标准）",
            cites=Round3Params.village_target,
        ),
    ],
)
"""Round 3's villages — no criterion in the sources; only under ``round3.village_target``."""

VILLAGE_TARGETS: Final[Mapping[int, Rule]] = MappingProxyType(
    {1: ROUND1_VILLAGE_TARGETS, 2: ROUND2_VILLAGE_TARGETS, 3: ROUND3_VILLAGE_EXIT}
)
"""Each round's village targets (bind with the income ``year``)."""


# --------------------------------------------------------------------------- helpers
def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


def _check_round(number: object) -> int:
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidTypeError("must be a round number (int)", field="round", value=number)
    if number not in (1, 2, 3):
        raise UnknownReferenceError(
            "is not a round with an exit rule (1, 2, 3)", field="round", value=number
        )
    return number


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidTypeError("must be a year (int)", field="year", value=year)
    return year


@declared(ROUND1_EXIT, ROUND2_EXIT, ROUND3_EXIT)
def exit_rule(round: int, year: int, standards: Standards | None = None) -> BoundRule:
    """Round ``round``'s household exit rule bound for income ``year`` (the declaration's).

    Policy: S11 art. 1 (round 1); S1 (round 2); S20 (round 3).

    Raises:
        UnknownReferenceError: No line for that year (round 3 outside 2016–2018; round 2
            without a provincial figure).
    """
    number = _check_round(round)
    return EXIT[number].bind(_standards(standards), year=_check_year(year))


def _line(bound: BoundRule) -> BoundPerCapita:
    criterion = bound.criterion("household_income")
    assert isinstance(criterion, BoundPerCapita)
    return criterion


@declared(ROUND1_EXIT, ROUND2_EXIT, ROUND3_EXIT)
def household_exit_line(
    year: int,
    *,
    round: int,
    standards: Standards | None = None,
) -> _ExitLine:
    """Return round ``round``'s per-capita household exit line for income ``year``.

    Read from the round's declaration (``EXIT[round]``), with its certainty: round 2's 2014
    line rests on the recalled 2014 provincial figure.

    Policy: S11 art. 1, S5 (round 1: 2500); S1 (round 2: 45 % of that year's provincial
    average); S20 (round 3: 6433 / 6883 / 7365).

    Raises:
        UnknownReferenceError: No line for that year (round 3 outside 2016–2018; round 2
            without a provincial figure).

    Example:
        >>> household_exit_line(2013, round=2).line
        Decimal('5251.05')
        >>> household_exit_line(2017, round=3).line
        Decimal('6883.00')
        >>> household_exit_line(2014, round=2).certainty.value
        'recalled'
    """
    number = _check_round(round)
    _check_year(year)
    return exit_line_of(exit_rule(number, year, standards), number, year)


@declared(ROUND1_EXIT, ROUND2_EXIT, ROUND3_EXIT)
def exit_line_of(bound: BoundRule, round: int, year: int) -> _ExitLine:
    """The :class:`~shuangdao.model.ExitLine` a bound exit (or follow-up) rule compares with.

    Policy: S11 art. 1 (round 1); S1 (round 2); S20 (round 3).
    """
    criterion = _line(bound)
    line = criterion.line
    return _ExitLine(
        round=round,
        year=year,
        line=line.value,
        comparator=criterion.comparator,
        parameter=line.key,
        citation=line.citation,
        note_en=line.note_en,
        note_zh=line.note_zh,
        certainty=criterion.certainty,
        rests_on=criterion.rests_on,
    )


def _income(income_by_year: Mapping[int, Decimal], year: int, *, record: str, rule: str) -> Decimal:
    if year not in income_by_year:
        raise InvalidRecordError(
            "is missing", record=record, field=f"income_by_year[{year}]", rule=rule
        )
    amount: Decimal = income_by_year[year]
    return amount


@declared(ROUND1_EXIT, ROUND2_EXIT, ROUND3_EXIT)
def exit_reason(
    household_id: str,
    *,
    members: int,
    income: Decimal,
    line: _ExitLine,
    criterion: str = "household_income",
) -> Reason:
    """Return the reason comparing one household's income with an exit line (exact).

    The same reason the declared exit rules give (:data:`EXIT`), for a line already read.

    Policy: S11 art. 1 (round 1, 2500); S1 (round 2, 45 %); S20 (round 3 exit lines).
    """
    from shuangdao.declare import Resolved

    declared_criterion = EXIT[line.round].criteria[0]
    assert isinstance(declared_criterion, PerCapita)
    bound = BoundPerCapita(
        declared_criterion,
        Resolved(
            line.line,
            line.parameter,
            line.citation,
            line.certainty,
            (line.parameter,),
            line.note_en,
            line.note_zh,
            line.rests_on,
        ),
        Resolved(line.comparator, line.parameter, line.citation, line.certainty),
        line.year,
    )
    reason = bound.reason({"income": income, "members": members}, household_id)
    return reason if criterion == reason.criterion else attrs.evolve(reason, criterion=criterion)


def _targets(targets: Mapping[str, object], rule: Rule, record: str) -> dict[str, Any]:
    """The non-income targets given for ``rule`` (unknown names are errors, never dropped)."""
    allowed = rule.optional_inputs
    for name in targets:
        if name not in allowed:
            known = ", ".join(allowed) if allowed else "none"
            raise InvalidRecordError(
                f"is not a non-income target of the round-{rule.round} exit rule "
                f"(its targets: {known})",
                record=record,
                field=name,
                rule=rule.id,
            )
    return dict(targets)


def _members(members: object, record: str) -> int:
    if isinstance(members, bool) or not isinstance(members, int):
        raise InvalidTypeError("must be an integer", record=record, field="members", value=members)
    if members < 1:
        raise InvalidRecordError("must be >= 1", record=record, field="members", value=members)
    return members


# --------------------------------------------------------------------------- households
@declared(ROUND1_EXIT, ROUND2_EXIT, ROUND3_EXIT)
def household_exit(
    household_id: str,
    *,
    members: int,
    income_by_year: Mapping[int, Decimal],
    round: int,
    year: int,
    standards: Standards | None = None,
    **targets: bool | None,
) -> Decision:
    """Decide whether a household's income in ``year`` meets its round's exit rule.

    Policy: S11 art. 1, S5 (round 1, 2500 以上); S1 (round 2, 45 % of that year's
    provincial average, 以上, and the non-income targets); S20 (round 3, the year's exit
    line, 达到); S21 (round 3's 两不愁、三保障). Exact: ``income >= line × members``; round
    2's line ``ratio × P(year)`` is not rounded.

    The non-income targets (round 2: ``all_in_ncms``, ``all_in_rural_pension``,
    ``eligible_in_dibao``, ``housing_rebuilt_or_relocated``; round 3:
    ``food_and_clothing_secure``, ``compulsory_education_secured``,
    ``basic_medical_care_secured``, ``safe_housing_secured``) are criteria of exit when
    given: one that is ``False`` means the household has not exited, whatever its income. A
    target not given (or ``None``) is **not assessed**: reported in the decision
    (:attr:`~shuangdao.explain.Decision.not_assessed`), never counted as met, and the outcome
    rests on the criteria assessed (see ``docs/explanation/gaps.md``).

    Args:
        household_id: The household's id.
        members: Persons in the household (>= 1).
        income_by_year: Total household income by year (exact yuan).
        round: Round number (1, 2, 3).
        year: The income year decided.
        standards: Standards to read; ``None`` means the default.
        targets: The round's non-income targets, by input name (``True``, ``False`` or
            ``None``: not known).

    Returns:
        A decision (rule ``progress.household_exit``): ``household_income`` and the round's
        non-income criteria; code ``"selected"`` (exited on the criteria assessed) or
        ``"not:"`` + the failing ones.

    Raises:
        InvalidRecordError: No income for ``year``, bad members, or a target the round's
            rule does not have.
        InvalidTypeError: A target that is not a boolean (or ``None``).
        UnknownReferenceError: No exit line for ``year`` in that round.

    Example:
        >>> from decimal import Decimal
        >>> household_exit("h1", members=2, income_by_year={2012: Decimal("5000")},
        ...                round=1, year=2012).outcome
        True
        >>> household_exit("h1", members=2, income_by_year={2012: Decimal("4999.99")},
        ...                round=1, year=2012).code
        'not:household_income'
    """
    record = f"household {household_id}"
    members = _members(members, record)
    incomes = income_mapping(income_by_year, "income_by_year")
    bound = exit_rule(round, year, standards)
    given = _targets(targets, bound.rule, record)
    income = _income(incomes, year, record=record, rule=bound.rule.id)
    return bound.decide(subject_id=household_id, income=income, members=members, **given)


# --------------------------------------------------------------------------- villages
def _village_values(
    village: _VillageIncomeHistory, rule: Rule, year: int
) -> dict[str, Decimal | bool | None]:
    """The village's incomes for ``year`` that ``rule`` reads (missing ones are errors)."""
    record = f"village {village.village_id}"
    by_input = {
        "per_capita_income": (
            village.per_capita_income_by_year,
            "per_capita_income_by_year",
            " (round 2 compares it with 60 % of the provincial average)",
        ),
        "collective_income": (village.collective_income_by_year, "collective_income_by_year", ""),
    }
    values: dict[str, Decimal | bool | None] = {}
    for name in rule.inputs:
        if name not in by_input:
            continue
        incomes, field_name, why = by_input[name]
        if year not in incomes:
            raise InvalidRecordError(
                f"is missing{why}", record=record, field=f"{field_name}[{year}]", rule=rule.id
            )
        values[name] = incomes[year]
    for name in rule.optional_inputs:  # non-income targets: None is "not assessed"
        values[name] = getattr(village, name, None)
    return values


def _village_rule(number: int, s: Standards) -> Rule:
    if number == 3:
        s.params.round3.village_target  # noqa: B018 - raises MissingParameterError with a hint
    return VILLAGE_TARGETS[number]


@declared(ROUND1_VILLAGE_TARGETS, ROUND2_VILLAGE_TARGETS)
def village_target_reasons(
    village: _VillageIncomeHistory,
    *,
    round: int,
    year: int,
    standards: Standards | None = None,
) -> tuple[Reason, ...]:
    """Return the reasons of a village's own targets in ``year`` (collective, per-capita).

    Criteria are named ``collective_income`` and (round 2) ``village_income``,
    ``basic_infrastructure`` and ``democratic_management`` (the last two not assessed —
    ``assessed=False``, never holding — when the village's data is ``None``); round 3 has
    none (an empty tuple, once ``round3.village_target`` is set).

    Policy: S3 (round 1, collective income 30000); S1 (round 2, > 60 % and 50000, basic
    infrastructure, sound democratic management).
    """
    s = _standards(standards)
    number = _check_round(round)
    rule = _village_rule(number, s)
    if number == 3:
        return ()
    bound = rule.bind(s, year=_check_year(year))
    values = _village_values(village, rule, year)
    return tuple(c.reason(values, village.village_id) for c in bound.criteria)


@declared(ROUND1_VILLAGE_TARGETS, ROUND2_VILLAGE_TARGETS, ROUND3_VILLAGE_EXIT)
def village_exit(
    village: _VillageIncomeHistory,
    *,
    round: int,
    year: int,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether a village meets its round's own village targets in ``year``.

    Policy: S3, SEED p. 5 (round 1: collective income 3万 以上); S1 (round 2: per-capita net
    income strictly above 60 % of that year's provincial average, collective income 5万 以上,
    basic infrastructure, sound democratic management).
    Round 3 has no village criterion in the sources (``round3.village_target``).
    Exact: ``per_capita > ratio × P(year)``; ``collective >= target``. Round 2's
    non-income targets are read from the record (``basic_infrastructure_in_place``,
    ``democratic_management_sound``); ``None`` is not assessed (reported, never met, left
    out of the outcome).

    Raises:
        InvalidRecordError: A needed income is missing.
        MissingParameterError: Round 3 without ``round3.village_target``.

    Example:
        >>> from shuangdao.model import VillageIncomeHistory
        >>> v = VillageIncomeHistory(village_id="v1", collective_income_by_year={2015: 50000},
        ...                          per_capita_income_by_year={2015: "8016.01"})
        >>> village_exit(v, round=2, year=2015).outcome
        True
    """
    s = _standards(standards)
    number = _check_round(round)
    rule = _village_rule(number, s)
    bound = rule.bind(s, year=_check_year(year))
    values: dict[str, Any] = {"households_only": True}
    values.update(_village_values(village, rule, year))
    return bound.decide(subject_id=village.village_id, **values)


# --------------------------------------------------------------------------- tracking
@declared(ROUND1_EXIT, ROUND2_EXIT, ROUND3_EXIT)
def track_household(
    household_id: str,
    *,
    members: int,
    income_by_year: Mapping[int, Decimal],
    round: int,
    standards: Standards | None = None,
    **targets: bool | None,
) -> _HouseholdTrack:
    """Follow a household through its round's years: first exit, relapses, end state.

    Policy: S20 (a household passing early may exit but stays tracked until 2018); S1
    ("stable exit"); S11. Each year is :func:`household_exit` (with the same non-income
    ``targets``, if given); the final year is the round's ``round<N>.settlement_income_year``.

    Example:
        >>> from decimal import Decimal
        >>> t = track_household("h1", members=1, round=3, income_by_year={
        ...     2016: Decimal("6500"), 2017: Decimal("6800"), 2018: Decimal("7400")})
        >>> t.first_exit_year, t.relapse_years, t.above_at_end, t.stable
        (2016, (2017,), True, False)
    """
    s = _standards(standards)
    number = _check_round(round)
    calendar = round_calendar(number, standards=s)
    record = f"household {household_id}"
    members = _members(members, record)
    incomes = income_mapping(income_by_year, "income_by_year")
    decisions: list[Decision] = []
    missing: list[int] = []
    first: int | None = None
    relapses: list[int] = []
    end: bool | None = None
    final_year = calendar.settlement_income_year
    for year in calendar.assessment_years:
        if year not in incomes:
            missing.append(year)
            continue
        decision = household_exit(
            household_id,
            members=members,
            income_by_year=incomes,
            round=number,
            year=year,
            standards=s,
            **targets,
        )
        decisions.append(decision)
        if decision.outcome and first is None:
            first = year
        elif not decision.outcome and first is not None:
            relapses.append(year)
        if year == final_year:
            end = decision.outcome
    return _HouseholdTrack(
        household_id=household_id,
        round=number,
        years=calendar.assessment_years,
        decisions=decisions,
        missing_years=missing,
        first_exit_year=first,
        above_at_end=end,
        relapse_years=relapses,
    )
