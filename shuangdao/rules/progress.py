"""Progress over the years: when a household or a village exits (脱贫 / 退出), and tracking.

Each round has its own exit rule, read from the standards (never literals):

* Round 1 — household: ``income >= round1.exit_line × members`` (2500, 以上); village:
  collective income ``>= round1.village_collective_target``.
* Round 2 — household: ``income >= round2.exit_ratio × P(year) × members`` (45 % of
  THAT year's provincial rural average ``P``, exact); village: per-capita ``>`` 60 % of
  ``P(year)`` and collective ``>= 50000``.
* Round 3 — household: ``income >= round3.exit_lines[year] × members`` (达到); village: not
  found in the sources (households only; see ``round3.village_target``).

``P(year)`` is ``statistics.provincial_rural_income`` for the year. Round 2's household line
is **not rounded**: 45 % of 11669 is exactly 5251.05, and a household of four passes with a
total of 21004.20 and fails with 21004.19. The comparison never divides
(:func:`~shuangdao.quantities.compare_per_capita`): a reason's ``observed`` is the household's
total income, its ``threshold`` is ``line × members`` and its ``margin`` is per capita
(reported only). Comparators come from the standards (``round1.exit_comparator`` and so on).
Where the provincial figure of a year is in a different income caliber from the round
(2014 onwards is disposable income, round 2's targets are net income), the reason says so.

The evidence is plain data: :class:`HouseholdIncomeHistory` and :class:`VillageIncomeHistory`
hold incomes by year; the rules take ids, members and mappings so that a batch path can call
them per record.

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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from attrs import field, frozen

from shuangdao.calendar import round_calendar
from shuangdao.citations import Citation
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model._base import at_least, identifier, model, of_type
from shuangdao.quantities import FEN, Comparator, compare_per_capita, money
from shuangdao.standards import default_standards
from shuangdao.standards.params import Round1Params, Round2Params, Round3Params

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "ExitLine",
    "HouseholdIncomeHistory",
    "HouseholdTrack",
    "VillageIncomeHistory",
    "exit_reason",
    "household_exit",
    "household_exit_line",
    "track_household",
    "village_exit",
    "village_target_reasons",
]

_RULE_HOUSEHOLD = "progress.household_exit"
_RULE_VILLAGE = "progress.village_exit"


def _incomes(value: object, name: str) -> Mapping[int, Decimal]:
    """Convert a year → income mapping to an immutable mapping of exact yuan."""
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            f"must be a mapping of year to yuan, not {type(value).__name__}",
            field=name,
            value=value,
        )
    result: dict[int, Decimal] = {}
    for year, amount in value.items():
        year_int = int(year) if isinstance(year, str) and year.isdigit() else year
        if isinstance(year_int, bool) or not isinstance(year_int, int):
            raise InvalidTypeError("keys must be years (int)", field=name, value=year)
        if not 1949 <= year_int <= 2100:
            raise InvalidRecordError("keys must be years between 1949 and 2100", field=name)
        result[year_int] = money(amount, field=f"{name}[{year_int}]")
    return MappingProxyType(dict(sorted(result.items())))


def _household_incomes(value: object) -> Mapping[int, Decimal]:
    """Convert ``income_by_year``."""
    return _incomes(value, "income_by_year")


def _collective(value: object) -> Mapping[int, Decimal]:
    """Convert ``collective_income_by_year``."""
    return _incomes(value, "collective_income_by_year")


def _per_capita(value: object) -> Mapping[int, Decimal]:
    """Convert ``per_capita_income_by_year``."""
    return _incomes(value, "per_capita_income_by_year")


@model("household", "household_id")
@frozen
class HouseholdIncomeHistory:
    """A household's income year by year: the evidence for exit, settlement and follow-up.

    Attributes:
        household_id: Stable id.
        village_id: The village it belongs to.
        members: Number of persons (>= 1); constant over the years tracked.
        income_by_year: Total household income (exact yuan) by calendar year.
        has_labour_capacity: 有劳动能力 (rounds 2–3 count only these at settlement).

    Example:
        >>> h = HouseholdIncomeHistory(household_id="h1", village_id="v1", members=3,
        ...                            income_by_year={2012: "7500"})
        >>> h.income_by_year[2012]
        Decimal('7500.00')
    """

    household_id: str = field(validator=identifier)
    village_id: str = field(validator=identifier)
    members: int = field(validator=at_least(1))
    income_by_year: Mapping[int, Decimal] = field(converter=_household_incomes)
    has_labour_capacity: bool = field(default=True, validator=of_type(bool, "a boolean"))


@model("village", "village_id")
@frozen
class VillageIncomeHistory:
    """A village's incomes year by year (collective income; per-capita income for round 2).

    Attributes:
        village_id: Stable id.
        county_id: The county it belongs to (for county settlement); ``""`` if unknown.
        collective_income_by_year: Village collective income (村集体经济收入) by year.
        per_capita_income_by_year: Village per-capita net income by year (round 2).

    Example:
        >>> v = VillageIncomeHistory(village_id="v1", collective_income_by_year={2012: 31000})
        >>> v.collective_income_by_year[2012]
        Decimal('31000.00')
    """

    village_id: str = field(validator=identifier)
    collective_income_by_year: Mapping[int, Decimal] = field(converter=_collective)
    per_capita_income_by_year: Mapping[int, Decimal] = field(
        factory=lambda: MappingProxyType({}), converter=_per_capita
    )
    county_id: str = field(default="", validator=of_type(str, "a string"))


@frozen
class ExitLine:
    """The per-capita exit line of a round in a year, and where it comes from.

    Attributes:
        round: Round number.
        year: Income year.
        line: Per-capita line, exact (not rounded: round 2's is ``ratio × P(year)``).
        comparator: How per-capita income is compared with it.
        parameter: The standards key of the line (or ratio).
        citation: Source of the line.
        note_en: How the line was obtained, in English.
        note_zh: The same in Chinese.
    """

    round: int
    year: int
    line: Decimal
    comparator: Comparator
    parameter: str
    citation: Citation
    note_en: str = ""
    note_zh: str = ""


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


def _tidy(amount: Decimal) -> Decimal:
    """Show an exact product with fen digits when it has no more (5251.0500 → 5251.05)."""
    quantized = amount.quantize(FEN) if amount == amount.quantize(FEN) else amount
    return quantized.normalize() if quantized.as_tuple().exponent < -2 else quantized  # type: ignore[operator]


def _provincial(s: Standards, year: int, number: int) -> tuple[Decimal, str, str, Citation]:
    """Return ``P(year)``, a caliber note (en, zh) and its citation."""
    key = "statistics.provincial_rural_income"
    entry = s.series_value(key, year)
    measure = s.round(number).income_measure.value
    note_en = note_zh = ""
    if entry.measure != measure:
        note_en = (
            f"the provincial figure for {year} is {entry.measure} income, the round's targets "
            f"are in {measure} income (caliber change, S21)"
        )
        kind_zh = "可支配收入" if entry.measure == "disposable" else "纯收入"
        note_zh = f"{year}年全省数据为{kind_zh}，口径与本轮目标不同"
    if entry.projection:
        note_en += ("; " if note_en else "") + f"the {year} figure is a projection"
        note_zh += ("；" if note_zh else "") + f"{year}年数据为预测值"
    return entry.value, note_en, note_zh, entry.citation


def household_exit_line(
    year: int,
    *,
    round: int,
    standards: Standards | None = None,
) -> ExitLine:
    """Return round ``round``'s per-capita household exit line for income year ``year``.

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
    """
    s = _standards(standards)
    number = _check_round(round)
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidTypeError("must be a year (int)", field="year", value=year)
    if number == 1:
        key = "round1.exit_line"
        return ExitLine(
            round=1,
            year=year,
            line=s.value(key),
            comparator=s.value("round1.exit_comparator"),
            parameter=key,
            citation=s.citation(key),
        )
    if number == 2:
        key = Round2Params.exit_ratio
        share = s.value(key)
        average, note_en, note_zh, _ = _provincial(s, year, 2)
        line = _tidy(share * average)
        text_en = f"{share:%} × provincial average {average:,} for {year} = {line:,} (not rounded)"
        income_zh = (
            "农村居民人均可支配收入"
            if s.series_value("statistics.provincial_rural_income", year).measure == "disposable"
            else "农民人均纯收入"
        )
        text_zh = f"{year}年全省{income_zh}{average:,}元×{share:%}={line:,}元（不取整）"
        return ExitLine(
            round=2,
            year=year,
            line=line,
            comparator=s.value(Round2Params.exit_comparator),
            parameter=key,
            citation=s.citation(key),
            note_en=f"{text_en}; {note_en}" if note_en else text_en,
            note_zh=f"{text_zh}；{note_zh}" if note_zh else text_zh,
        )
    key = "round3.exit_lines"
    lines = s.value(key)
    if year not in lines:
        years = ", ".join(str(y) for y in lines)
        raise UnknownReferenceError(
            f"has no round-3 exit line (years: {years})", field="year", value=year, rule=key
        )
    return ExitLine(
        round=3,
        year=year,
        line=lines[year],
        comparator=s.value("round3.exit_comparator"),
        parameter=key,
        citation=s.citation(key),
    )


def _income(income_by_year: Mapping[int, Decimal], year: int, *, record: str, rule: str) -> Decimal:
    if year not in income_by_year:
        raise InvalidRecordError(
            "is missing", record=record, field=f"income_by_year[{year}]", rule=rule
        )
    return money(income_by_year[year], record=record, field=f"income_by_year[{year}]")


def exit_reason(
    household_id: str,
    *,
    members: int,
    income: Decimal,
    line: ExitLine,
    criterion: str = "household_income",
) -> Reason:
    """Return the reason comparing one household's income with an exit line (exact).

    Policy: S11 art. 1 (round 1, 2500); S1 (round 2, 45 %); S20 (round 3 exit lines).
    """
    holds, margin = compare_per_capita(income, members, line.comparator, line.line)
    return Reason(
        criterion=criterion,
        holds=holds,
        label_en=f"household {household_id} income in {line.year}",
        label_zh=f"农户{household_id}{line.year}年收入",
        citation=line.citation,
        observed=income,
        threshold=line.line * members,
        comparator=line.comparator,
        margin=margin,
        unit="yuan",
        parameter=line.parameter,
        note_en=line.note_en,
        note_zh=line.note_zh,
        per_capita=line.line,
        persons=members,
    )


def _members(members: object, record: str) -> int:
    if isinstance(members, bool) or not isinstance(members, int):
        raise InvalidTypeError("must be an integer", record=record, field="members", value=members)
    if members < 1:
        raise InvalidRecordError("must be >= 1", record=record, field="members", value=members)
    return members


def household_exit(
    household_id: str,
    *,
    members: int,
    income_by_year: Mapping[int, Decimal],
    round: int,
    year: int,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether a household's income in ``year`` meets its round's exit rule.

    Policy: S11 art. 1, S5 (round 1, 2500 以上); S1 (round 2, 45 % of that year's
    provincial average, 以上); S20 (round 3, the year's exit line, 达到). Exact:
    ``income >= line × members``; round 2's line ``ratio × P(year)`` is not rounded.

    Args:
        household_id: The household's id.
        members: Persons in the household (>= 1).
        income_by_year: Total household income by year (exact yuan).
        round: Round number (1, 2, 3).
        year: The income year decided.
        standards: Standards to read; ``None`` means the default.

    Returns:
        A decision (rule ``progress.household_exit``) with one reason,
        ``household_income``; code ``"selected"`` (exited) or ``"not:household_income"``.

    Raises:
        InvalidRecordError: No income for ``year``, or bad members.
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
    s = _standards(standards)
    record = f"household {household_id}"
    members = _members(members, record)
    incomes = _incomes(income_by_year, "income_by_year")
    line = household_exit_line(year, round=round, standards=s)
    income = _income(incomes, year, record=record, rule=_RULE_HOUSEHOLD)
    reason = exit_reason(household_id, members=members, income=income, line=line)
    return decide(
        rule=_RULE_HOUSEHOLD,
        subject_kind="household",
        subject_id=household_id,
        title_en=f"household that meets the round-{line.round} exit rule in {year} (脱贫)",
        title_zh=f"{year}年达到第{line.round}轮脱贫标准的农户",
        reasons=[reason],
        citation=line.citation,
        standards=s,
        round=line.round,
    )


def village_target_reasons(
    village: VillageIncomeHistory,
    *,
    round: int,
    year: int,
    standards: Standards | None = None,
) -> tuple[Reason, ...]:
    """Return the reasons of a village's own targets in ``year`` (collective, per-capita).

    Criteria are named ``collective_income`` and (round 2) ``village_income``.

    Policy: S3 (round 1, collective income 30000); S1 (round 2, > 60 % and 50000).
    """
    s = _standards(standards)
    number = _check_round(round)
    record = f"village {village.village_id}"
    if number == 3:
        s.value(Round3Params.village_target)  # raises MissingParameterError with a hint
        return ()
    reasons: list[Reason] = []
    if number == 2:
        if year not in village.per_capita_income_by_year:
            raise InvalidRecordError(
                "is missing (round 2 compares it with 60 % of the provincial average)",
                record=record,
                field=f"per_capita_income_by_year[{year}]",
                rule=_RULE_VILLAGE,
            )
        share = s.value("round2.village_target_ratio")
        average, note_en, note_zh, _ = _provincial(s, year, 2)
        line = _tidy(share * average)
        observed = village.per_capita_income_by_year[year]
        reasons.append(
            Reason.compare(
                "village_income",
                observed=observed,
                threshold=line,
                comparator=s.value("round2.village_target_comparator"),
                label_en=f"village {village.village_id} per-capita net income in {year}",
                label_zh=f"村{village.village_id}{year}年农民人均纯收入",
                citation=s.citation("round2.village_target_ratio"),
                parameter="round2.village_target_ratio",
                note_en=f"{share:%} × provincial average {average:,} = {line:,}"
                + (f"; {note_en}" if note_en else ""),
                note_zh=f"全省平均{average:,}元×{share:%}={line:,}元"
                + (f"；{note_zh}" if note_zh else ""),
            )
        )
    view = Round1Params if number == 1 else Round2Params
    target_key = view.village_collective_target
    comparator_key = view.village_collective_target_comparator
    if year not in village.collective_income_by_year:
        raise InvalidRecordError(
            "is missing",
            record=record,
            field=f"collective_income_by_year[{year}]",
            rule=_RULE_VILLAGE,
        )
    reasons.append(
        Reason.compare(
            "collective_income",
            observed=village.collective_income_by_year[year],
            threshold=s.value(target_key),
            comparator=s.value(comparator_key),
            label_en=f"village {village.village_id} collective income in {year}",
            label_zh=f"村{village.village_id}{year}年集体经济收入",
            citation=s.citation(target_key),
            parameter=target_key,
        )
    )
    return tuple(reasons)


def village_exit(
    village: VillageIncomeHistory,
    *,
    round: int,
    year: int,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether a village meets its round's own village targets in ``year``.

    Policy: S3, SEED p. 5 (round 1: collective income 3万 以上); S1 (round 2: per-capita net
    income strictly above 60 % of that year's provincial average, collective income 5万 以上).
    Round 3 has no village criterion in the sources (``round3.village_target``).
    Exact: ``per_capita > ratio × P(year)``; ``collective >= target``.

    Raises:
        InvalidRecordError: A needed income is missing.
        MissingParameterError: Round 3 without ``round3.village_target``.

    Example:
        >>> v = VillageIncomeHistory(village_id="v1", collective_income_by_year={2015: 50000},
        ...                          per_capita_income_by_year={2015: "8016.01"})
        >>> village_exit(v, round=2, year=2015).outcome
        True
    """
    s = _standards(standards)
    number = _check_round(round)
    reasons = village_target_reasons(village, round=number, year=year, standards=s)
    if not reasons:
        reasons = (
            Reason.flag(
                "households_only",
                observed=True,
                label_en="round-3 villages exit with their households (no village criterion)",
                label_zh="第三轮村退出以贫困户脱贫为准（无单独的村标准）",
                citation=s.citation(Round3Params.village_target),
                parameter=Round3Params.village_target,
            ),
        )
    return decide(
        rule=_RULE_VILLAGE,
        subject_kind="village",
        subject_id=village.village_id,
        title_en=f"village that meets the round-{number} village targets in {year}",
        title_zh=f"{year}年达到第{number}轮村目标的村",
        reasons=reasons,
        citation=reasons[0].citation,
        standards=s,
        round=number,
    )


def _decisions(value: Iterable[Decision]) -> tuple[Decision, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _years(value: Iterable[int]) -> tuple[int, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class HouseholdTrack:
    """A household followed over its round's years (S20: exits early, tracked to the end).

    Attributes:
        household_id: The household.
        round: Round number.
        years: The years tracked (the round's assessment years).
        decisions: One :func:`household_exit` decision per year with income recorded.
        missing_years: Tracked years without a recorded income (never silently skipped).
        first_exit_year: First year the exit rule held, or ``None``.
        above_at_end: Whether the rule holds in the round's final (settlement) year;
            ``None`` if that year's income is missing.
        relapse_years: Years after the first exit in which the rule failed (返贫).
    """

    household_id: str
    round: int
    years: tuple[int, ...] = field(converter=_years)
    decisions: tuple[Decision, ...] = field(converter=_decisions)
    missing_years: tuple[int, ...] = field(converter=_years)
    first_exit_year: int | None
    above_at_end: bool | None
    relapse_years: tuple[int, ...] = field(converter=_years)

    @property
    def exited(self) -> bool:
        """Whether the household met the exit rule in some year."""
        return self.first_exit_year is not None

    @property
    def stable(self) -> bool:
        """Exited, never fell back, and still above the line at the round's end (稳定脱贫)."""
        return self.exited and not self.relapse_years and self.above_at_end is True


def track_household(
    household_id: str,
    *,
    members: int,
    income_by_year: Mapping[int, Decimal],
    round: int,
    standards: Standards | None = None,
) -> HouseholdTrack:
    """Follow a household through its round's years: first exit, relapses, end state.

    Policy: S20 (a household passing early may exit but stays tracked until 2018); S1
    ("stable exit"); S11. Each year is :func:`household_exit`; the final year is the round's
    ``round<N>.settlement_income_year``.

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
    incomes = _incomes(income_by_year, "income_by_year")
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
        )
        decisions.append(decision)
        if decision.outcome and first is None:
            first = year
        elif not decision.outcome and first is not None:
            relapses.append(year)
        if year == final_year:
            end = decision.outcome
    return HouseholdTrack(
        household_id=household_id,
        round=number,
        years=calendar.assessment_years,
        decisions=decisions,
        missing_years=missing,
        first_exit_year=first,
        above_at_end=end,
        relapse_years=relapses,
    )
