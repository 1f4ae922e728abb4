"""The evidence and results of a round's cycle: incomes by year, exit lines, tracks.

Plain records, validated when built, with no policy logic: the rules that read them are in
:mod:`shuangdao.rules.progress`, :mod:`shuangdao.rules.settlement` and
:mod:`shuangdao.rules.follow_up`.

.. versionadded:: 0.2.0 moved here from :mod:`shuangdao.rules.progress` (issue 13); the old
   import path keeps working until 0.3.0 with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from attrs import Factory, field, frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.ingest import YEAR_RANGE
from shuangdao.model.fields import at_least, identifier, model, of_type
from shuangdao.quantities import Comparator, money

if TYPE_CHECKING:
    from shuangdao.explain import Decision

__all__ = [
    "ExitLine",
    "HouseholdIncomeHistory",
    "HouseholdTrack",
    "VillageIncomeHistory",
    "income_mapping",
]


def income_mapping(value: object, name: str) -> Mapping[int, Decimal]:
    """Validate a year → income mapping into an immutable mapping of exact yuan (by year).

    Raises:
        InvalidTypeError: Not a mapping, or a key that is not a year.
        InvalidRecordError: A year outside :data:`~shuangdao.ingest.YEAR_RANGE`, or an
            amount that is not money.
    """
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            f"must be a mapping of year to yuan, not {type(value).__name__}",
            field=name,
            value=value,
        )
    first, last = YEAR_RANGE
    result: dict[int, Decimal] = {}
    for year, amount in value.items():
        year_int = int(year) if isinstance(year, str) and year.isdigit() else year
        if isinstance(year_int, bool) or not isinstance(year_int, int):
            raise InvalidTypeError("keys must be years (int)", field=name, value=year)
        if not first <= year_int <= last:
            raise InvalidRecordError(f"keys must be years between {first} and {last}", field=name)
        result[year_int] = money(amount, field=f"{name}[{year_int}]")
    return MappingProxyType(dict(sorted(result.items())))


def _h_all_in_ncms(value: object) -> bool | None:
    """Convert ``all_in_ncms`` (the input grammar's)."""
    from shuangdao.ingest.schema import HOUSEHOLD

    return cast("bool | None", HOUSEHOLD.parse("all_in_ncms", value))


def _h_all_in_rural_pension(value: object) -> bool | None:
    """Convert ``all_in_rural_pension`` (the input grammar's)."""
    from shuangdao.ingest.schema import HOUSEHOLD

    return cast("bool | None", HOUSEHOLD.parse("all_in_rural_pension", value))


def _h_eligible_in_dibao(value: object) -> bool | None:
    """Convert ``eligible_in_dibao`` (the input grammar's)."""
    from shuangdao.ingest.schema import HOUSEHOLD

    return cast("bool | None", HOUSEHOLD.parse("eligible_in_dibao", value))


def _h_housing_rebuilt_or_relocated(value: object) -> bool | None:
    """Convert ``housing_rebuilt_or_relocated`` (the input grammar's)."""
    from shuangdao.ingest.schema import HOUSEHOLD

    return cast("bool | None", HOUSEHOLD.parse("housing_rebuilt_or_relocated", value))


def _h_food_and_clothing_secure(value: object) -> bool | None:
    """Convert ``food_and_clothing_secure`` (the input grammar's)."""
    from shuangdao.ingest.schema import HOUSEHOLD

    return cast("bool | None", HOUSEHOLD.parse("food_and_clothing_secure", value))


def _h_compulsory_education_secured(value: object) -> bool | None:
    """Convert ``compulsory_education_secured`` (the input grammar's)."""
    from shuangdao.ingest.schema import HOUSEHOLD

    return cast("bool | None", HOUSEHOLD.parse("compulsory_education_secured", value))


def _h_basic_medical_care_secured(value: object) -> bool | None:
    """Convert ``basic_medical_care_secured`` (the input grammar's)."""
    from shuangdao.ingest.schema import HOUSEHOLD

    return cast("bool | None", HOUSEHOLD.parse("basic_medical_care_secured", value))


def _h_safe_housing_secured(value: object) -> bool | None:
    """Convert ``safe_housing_secured`` (the input grammar's)."""
    from shuangdao.ingest.schema import HOUSEHOLD

    return cast("bool | None", HOUSEHOLD.parse("safe_housing_secured", value))


def _v_basic_infrastructure_in_place(value: object) -> bool | None:
    """Convert ``basic_infrastructure_in_place`` (the input grammar's)."""
    from shuangdao.ingest.schema import VILLAGE

    return cast("bool | None", VILLAGE.parse("basic_infrastructure_in_place", value))


def _v_democratic_management_sound(value: object) -> bool | None:
    """Convert ``democratic_management_sound`` (the input grammar's)."""
    from shuangdao.ingest.schema import VILLAGE

    return cast("bool | None", VILLAGE.parse("democratic_management_sound", value))


def _household_incomes(value: object) -> Mapping[int, Decimal]:
    """Convert ``income_by_year``."""
    return income_mapping(value, "income_by_year")


def _collective(value: object) -> Mapping[int, Decimal]:
    """Convert ``collective_income_by_year``."""
    return income_mapping(value, "collective_income_by_year")


def _per_capita(value: object) -> Mapping[int, Decimal]:
    """Convert ``per_capita_income_by_year``."""
    return income_mapping(value, "per_capita_income_by_year")


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
        all_in_ncms: Round 2 non-income target (S1), as of the settlement; ``None`` if not
            known (not assessed). So are the others below, as
            :class:`~shuangdao.model.Household` names them.
        all_in_rural_pension: Round 2 (S1).
        eligible_in_dibao: Round 2 (S1).
        housing_rebuilt_or_relocated: Round 2 (S1).
        food_and_clothing_secure: Round 3 (S21).
        compulsory_education_secured: Round 3 (S21).
        basic_medical_care_secured: Round 3 (S21).
        safe_housing_secured: Round 3 (S21).

    .. versionchanged:: 0.2.0 the non-income targets added (issue 15).

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
    all_in_ncms: bool | None = field(default=None, converter=_h_all_in_ncms)
    all_in_rural_pension: bool | None = field(default=None, converter=_h_all_in_rural_pension)
    eligible_in_dibao: bool | None = field(default=None, converter=_h_eligible_in_dibao)
    housing_rebuilt_or_relocated: bool | None = field(
        default=None, converter=_h_housing_rebuilt_or_relocated
    )
    food_and_clothing_secure: bool | None = field(
        default=None, converter=_h_food_and_clothing_secure
    )
    compulsory_education_secured: bool | None = field(
        default=None, converter=_h_compulsory_education_secured
    )
    basic_medical_care_secured: bool | None = field(
        default=None, converter=_h_basic_medical_care_secured
    )
    safe_housing_secured: bool | None = field(default=None, converter=_h_safe_housing_secured)


@model("village", "village_id")
@frozen
class VillageIncomeHistory:
    """A village's incomes year by year (collective income; per-capita income for round 2).

    Attributes:
        village_id: Stable id.
        county_id: The county it belongs to (for county settlement); ``""`` if unknown.
        collective_income_by_year: Village collective income (村集体经济收入) by year.
        per_capita_income_by_year: Village per-capita net income by year (round 2).
        basic_infrastructure_in_place: Round 2 non-income target (S1); ``None`` if not known
            (not assessed).
        democratic_management_sound: Round 2 non-income target (S1); ``None`` if not known.

    .. versionchanged:: 0.2.0 the non-income targets added (issue 15).

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
    basic_infrastructure_in_place: bool | None = field(
        default=None, converter=_v_basic_infrastructure_in_place
    )
    democratic_management_sound: bool | None = field(
        default=None, converter=_v_democratic_management_sound
    )


def _keys(value: Iterable[str]) -> tuple[str, ...]:
    """Convert to a tuple."""
    return tuple(value)


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
        certainty: The weakest certainty among the values the line was read from (round 2's
            2014 line rests on the recalled 2014 provincial figure).
        rests_on: The values that certainty comes from.

    .. versionchanged:: 0.2.0 ``certainty`` and ``rests_on`` added (issue 15).
    """

    round: int
    year: int
    line: Decimal
    comparator: Comparator
    parameter: str
    citation: Citation
    note_en: str = ""
    note_zh: str = ""
    certainty: Certainty = field(
        default=Factory(lambda self: self.citation.certainty, takes_self=True)
    )
    rests_on: tuple[str, ...] = field(default=(), converter=_keys)


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
        decisions: One :func:`~shuangdao.rules.progress.household_exit` decision per year with
            income recorded.
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
