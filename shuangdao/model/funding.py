"""Funds and projects: allocations, disbursements, an immutable ledger, typed projects.

The 双到 model was financed the "大扶贫" way (big poverty alleviation: special, sector and social
programmes, seed p. 5): little central money, a small share of provincial special funds, and most
projects and funds from provincial sector departments, paired developed regions, the assisting
units' own funds and charity. These records say where money went:

* :class:`Allocation` — funds assigned to a village or household: by programme family
  (:class:`FundSource`, the glossary's ``SPECIAL``/``SECTOR``/``SOCIAL``) *and* concrete origin
  (:class:`FundOrigin`), level, purpose (:class:`~shuangdao.model.MeasureKind`), date, exact amount,
  plan and project references.
* :class:`Disbursement` — money actually paid out against an allocation, with the signed-for
  flags (village head, household head; S10).
* :class:`FundingLedger` — an immutable ledger (every operation returns a new ledger, like the
  responsibility ledger). It refuses to pay out more than was allocated, so
  ``allocated = disbursed + outstanding`` holds by construction (:meth:`FundingLedger.balance`).
* :class:`Project` and :class:`ProjectType` — typed projects linked to villages, plans and funds,
  with the seed's four published categories (:attr:`ProjectType.seed_category`).
* :class:`AssistedBy` and :class:`Instalment` — the round-2 provincial subsidy's input (who
  assists a key village) and its instalments.

Frozen, validated records with no policy logic: the subsidy and the misuse checks that read them
are rules in :mod:`shuangdao.rules.funding`.

.. versionchanged:: 0.2.0 Moved here from ``shuangdao.funding`` and ``shuangdao.rules.funding``
   (issue 13).

Example:
    >>> import datetime as dt
    >>> ledger = FundingLedger().allocate(Allocation(
    ...     allocation_id="A1", origin="provincial_budget", level="provincial",
    ...     purpose="housing", recipient_kind="household", recipient_id="H1",
    ...     on=dt.date(2013, 3, 1), amount="10000"))
    >>> ledger = ledger.disburse(Disbursement(
    ...     disbursement_id="D1", allocation_id="A1", on=dt.date(2013, 4, 1), amount="6000",
    ...     signed_by_village_head=True, signed_by_household_head=True))
    >>> balance = ledger.balance()
    >>> balance.allocated, balance.disbursed, balance.outstanding
    (Decimal('10000.00'), Decimal('6000.00'), Decimal('4000.00'))
    >>> ledger.totals_by("source")
    {<FundSource.SPECIAL: 'special'>: Decimal('10000.00')}
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from typing import Any, Final, Literal

import attrs
from attrs import field, frozen

from shuangdao.citations import Certainty
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    LedgerError,
    UnknownReferenceError,
)
from shuangdao.model.assistance import PartyKind, UnitLevel
from shuangdao.model.fields import (
    convert_enum,
    date,
    identifier,
    model,
    of_type,
    optional_identifier,
    optional_of_type,
    text,
    year,
)
from shuangdao.model.plan import MeasureKind
from shuangdao.quantities import money

__all__ = [
    "Allocation",
    "AssistedBy",
    "Disbursement",
    "FundOrigin",
    "FundSource",
    "FundingLedger",
    "GroupKey",
    "Instalment",
    "LedgerBalance",
    "Project",
    "ProjectType",
    "SeedCategory",
]


class FundSource(enum.Enum):
    """The programme family of 大扶贫 ("big poverty alleviation": 专项、行业、社会扶贫, seed p. 5).

    The seed names the three families and says that central and provincial special funds were the
    small part; most money came from sector departments, paired developed regions, the assisting
    units' own funds and charity. Which concrete origin belongs to which family is
    :attr:`FundOrigin.family`.
    """

    SPECIAL = "special"
    """专项扶贫: budgeted special poverty-alleviation funds (central, provincial, local)."""
    SECTOR = "sector"
    """行业扶贫: projects and funds of the sector departments (transport, water, housing...)."""
    SOCIAL = "social"
    """社会扶贫: paired regions, assisting units' own funds, enterprises and charity."""


class FundOrigin(enum.Enum):
    """Where a fund concretely comes from (seed p. 5; 条例 ch. 3, S17)."""

    CENTRAL_BUDGET = "central_budget"
    """中央财政扶贫资金 (central budget poverty funds)."""
    PROVINCIAL_BUDGET = "provincial_budget"
    """省级财政专项扶贫资金 (provincial special budget, incl. the round-2 subsidy)."""
    LOCAL_BUDGET = "local_budget"
    """市、县财政 (city or county budget; every level must guarantee funds)."""
    SECTOR_DEPARTMENT = "sector_department"
    """行业主管部门 (provincial sector departments)."""
    DEVELOPED_REGION_PAIRING = "developed_region_pairing"
    """发达地区对口帮扶 (a Pearl River Delta city assisting a less-developed one)."""
    UNIT_OWN_FUNDS = "unit_own_funds"
    """定点帮扶单位自筹 (the assisting unit's own funds)."""
    CHARITY = "charity"
    """社会慈善捐赠 (charity and donations, e.g. on Poverty Relief Day, 30 June)."""

    @property
    def family(self) -> FundSource:
        """The 大扶贫 family of this origin.

        Budget money is special (专项); sector departments are sector (行业); paired regions,
        units' own funds and charity are social (社会扶贫). Counting developed-region pairing and
        designated units as *social* follows the national usage (定点扶贫、东西部扶贫协作 are parts
        of 社会扶贫); the seed does not state the mapping, so a record may set its ``source``
        explicitly.
        """
        return _FAMILY[self]


_FAMILY: Final = {
    FundOrigin.CENTRAL_BUDGET: FundSource.SPECIAL,
    FundOrigin.PROVINCIAL_BUDGET: FundSource.SPECIAL,
    FundOrigin.LOCAL_BUDGET: FundSource.SPECIAL,
    FundOrigin.SECTOR_DEPARTMENT: FundSource.SECTOR,
    FundOrigin.DEVELOPED_REGION_PAIRING: FundSource.SOCIAL,
    FundOrigin.UNIT_OWN_FUNDS: FundSource.SOCIAL,
    FundOrigin.CHARITY: FundSource.SOCIAL,
}


class SeedCategory(enum.Enum):
    """The four project categories the seed publishes (专栏5: 28,868 projects)."""

    AGRICULTURE = "agriculture"
    """农业项目 (18,101)."""
    INDUSTRY = "industry"
    """工业项目 (2,938)."""
    COMMERCE_TOURISM = "commerce_tourism"
    """商贸旅游项目 (1,559)."""
    OTHER = "other"
    """其它建设项目 (6,270): infrastructure, housing, training and the rest."""


class ProjectType(enum.Enum):
    """Types of assistance projects (S3 village packages; seed 专栏5 categories)."""

    AGRICULTURE = "agriculture"
    """农业 (crops, livestock, forestry, fisheries)."""
    INDUSTRY = "industry"
    """工业 (processing, workshops)."""
    COMMERCE_TOURISM = "commerce_tourism"
    """商贸旅游 (shops, markets, rural tourism)."""
    INFRASTRUCTURE = "infrastructure"
    """基础设施 (roads, water, power)."""
    HOUSING = "housing"
    """住房改造 (rebuilding dilapidated housing)."""
    TRAINING_EMPLOYMENT = "training_employment"
    """技能培训、转移就业 (training; labour transfer)."""
    OTHER = "other"
    """其他."""

    @property
    def measure_kind(self) -> MeasureKind:
        """The plan measure this project type carries out (for the outside-the-plan check)."""
        return _MEASURE_OF_TYPE[self]

    @property
    def seed_category(self) -> SeedCategory:
        """The seed's published category this type is counted in.

        The three economic kinds map to themselves; the seed's "other construction projects"
        (其它建设项目) covers infrastructure, housing, training and other.
        """
        return _SEED_OF_TYPE[self]


_MEASURE_OF_TYPE: Final = {
    ProjectType.AGRICULTURE: MeasureKind.INDUSTRY,
    ProjectType.INDUSTRY: MeasureKind.INDUSTRY,
    ProjectType.COMMERCE_TOURISM: MeasureKind.INDUSTRY,
    ProjectType.INFRASTRUCTURE: MeasureKind.INFRASTRUCTURE,
    ProjectType.HOUSING: MeasureKind.HOUSING,
    ProjectType.TRAINING_EMPLOYMENT: MeasureKind.EMPLOYMENT_TRAINING,
    ProjectType.OTHER: MeasureKind.OTHER,
}
_SEED_OF_TYPE: Final = {
    ProjectType.AGRICULTURE: SeedCategory.AGRICULTURE,
    ProjectType.INDUSTRY: SeedCategory.INDUSTRY,
    ProjectType.COMMERCE_TOURISM: SeedCategory.COMMERCE_TOURISM,
    ProjectType.INFRASTRUCTURE: SeedCategory.OTHER,
    ProjectType.HOUSING: SeedCategory.OTHER,
    ProjectType.TRAINING_EMPLOYMENT: SeedCategory.OTHER,
    ProjectType.OTHER: SeedCategory.OTHER,
}


# --- converters (named, module-level: attrs + mypy) -------------------------------------------


def _origin(value: object) -> FundOrigin:
    """Convert ``origin`` (errors name the field)."""
    return convert_enum(FundOrigin, value, "origin")


def _source(value: object) -> FundSource:
    """Convert ``source`` (errors name the field)."""
    return convert_enum(FundSource, value, "source")


def _default_source(allocation: Allocation) -> FundSource:
    """Default ``source``: the family of the allocation's origin."""
    return allocation.origin.family


def _level(value: object) -> UnitLevel:
    """Convert ``level`` (errors name the field)."""
    return convert_enum(UnitLevel, value, "level")


def _purpose(value: object) -> MeasureKind:
    """Convert ``purpose`` (errors name the field)."""
    return convert_enum(MeasureKind, value, "purpose")


def _optional_purpose(value: object) -> MeasureKind | None:
    """Convert an optional ``purpose`` (errors name the field)."""
    return None if value is None else convert_enum(MeasureKind, value, "purpose")


def _recipient_kind(value: object) -> PartyKind:
    """Convert ``recipient_kind`` (errors name the field)."""
    kind = convert_enum(PartyKind, value, "recipient_kind")
    if kind not in (PartyKind.VILLAGE, PartyKind.HOUSEHOLD):
        raise InvalidRecordError(
            "must be village or household", field="recipient_kind", value=kind.value
        )
    return kind


def _amount(value: object) -> Decimal:
    """Convert ``amount`` to exact money > 0 (errors name the field)."""
    amount = money(value, field="amount")
    if amount <= 0:
        raise InvalidRecordError("must be > 0", field="amount", value=value)
    return amount


def _optional_amount(value: object) -> Decimal | None:
    """Convert an optional ``cost`` (errors name the field)."""
    return None if value is None else money(value, field="cost")


def _project_type(value: object) -> ProjectType:
    """Convert ``project_type`` (errors name the field)."""
    return convert_enum(ProjectType, value, "project_type")


@model("allocation", "allocation_id")
@frozen
class Allocation:
    """Funds assigned (下达) to a village or household.

    Attributes:
        allocation_id: Stable id.
        origin: Concrete origin (:class:`FundOrigin`).
        level: Level of the body that provides the funds (:class:`~shuangdao.model.UnitLevel`).
        purpose: What the money is for (:class:`~shuangdao.model.MeasureKind`, the plan catalogue).
        recipient_kind: ``village`` or ``household``.
        recipient_id: The village or household id.
        on: Date of allocation.
        amount: Exact yuan, > 0.
        source: 大扶贫 family; defaults to ``origin.family``.
        provider_id: The unit, department or city providing the funds, if known.
        plan_id: The plan (一村一策 / 一户一法) the funds carry out, if any.
        project_id: The :class:`Project` the funds finance, if any.
        note: Free text.
    """

    allocation_id: str = field(validator=identifier)
    origin: FundOrigin = field(converter=_origin)
    level: UnitLevel = field(converter=_level)
    purpose: MeasureKind = field(converter=_purpose)
    recipient_kind: PartyKind = field(converter=_recipient_kind)
    recipient_id: str = field(validator=identifier)
    on: dt.date = field(validator=date)
    amount: Decimal = field(converter=_amount)
    source: FundSource = field(
        default=attrs.Factory(_default_source, takes_self=True), converter=_source
    )
    provider_id: str | None = field(default=None, validator=optional_identifier)
    plan_id: str | None = field(default=None, validator=optional_identifier)
    project_id: str | None = field(default=None, validator=optional_identifier)
    note: str = field(default="", validator=text)


@model("disbursement", "disbursement_id")
@frozen
class Disbursement:
    """Money paid out (拨付) against an allocation, and who signed for it (S10).

    Attributes:
        disbursement_id: Stable id.
        allocation_id: The allocation it pays out.
        on: Date of payment.
        amount: Exact yuan, > 0.
        signed_by_village_head: The village head (村委会主任) signed for it.
        signed_by_household_head: The household head (户主) signed for it (required only for
            funds paid to a household).
        purpose: What it was actually spent on, if different from the allocation's purpose
            (``None`` = as allocated).
        note: Free text.
    """

    disbursement_id: str = field(validator=identifier)
    allocation_id: str = field(validator=identifier)
    on: dt.date = field(validator=date)
    amount: Decimal = field(converter=_amount)
    signed_by_village_head: bool = field(default=False, validator=of_type(bool, "a boolean"))
    signed_by_household_head: bool = field(default=False, validator=of_type(bool, "a boolean"))
    purpose: MeasureKind | None = field(default=None, converter=_optional_purpose)
    note: str = field(default="", validator=text)


@frozen
class LedgerBalance:
    """Totals of a ledger (or a filtered part of it).

    Attributes:
        allocated: Sum of allocations.
        disbursed: Sum of disbursements.
        outstanding: Allocated but not yet paid out.
    """

    allocated: Decimal
    disbursed: Decimal
    outstanding: Decimal

    @property
    def conserved(self) -> bool:
        """Whether ``allocated == disbursed + outstanding`` (always true for a valid ledger)."""
        return self.allocated == self.disbursed + self.outstanding


GroupKey = Literal["source", "origin", "level", "purpose", "recipient", "year", "project", "plan"]
"""What :meth:`FundingLedger.totals_by` can group by."""

_ZERO: Final = Decimal("0.00")


def _allocations(value: Iterable[Allocation]) -> tuple[Allocation, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _disbursements(value: Iterable[Disbursement]) -> tuple[Disbursement, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _allocation_key(key: GroupKey) -> Callable[[Allocation], Hashable]:
    """Return the grouping function for allocations."""
    getters: dict[str, Callable[[Allocation], Hashable]] = {
        "source": lambda a: a.source,
        "origin": lambda a: a.origin,
        "level": lambda a: a.level,
        "purpose": lambda a: a.purpose,
        "recipient": lambda a: (a.recipient_kind, a.recipient_id),
        "year": lambda a: a.on.year,
        "project": lambda a: a.project_id,
        "plan": lambda a: a.plan_id,
    }
    if key not in getters:
        raise InvalidRecordError(
            f"must be one of {', '.join(getters)}", field="by", value=key, rule="funding.ledger"
        )
    return getters[key]


@frozen
class FundingLedger:
    """An immutable ledger of allocations and disbursements.

    Every operation returns a new ledger. Recording refuses (with :class:`LedgerError`):
    a repeated id, a disbursement of an unknown allocation (:class:`UnknownReferenceError`), a
    disbursement dated before its allocation, and paying out more than was allocated. So for
    any valid ledger ``allocated == disbursed + outstanding``, and the totals do not depend on
    the order the records were made in (:meth:`of` accepts them in any order).

    Attributes:
        allocations: In recording order.
        disbursements: In recording order.
    """

    allocations: tuple[Allocation, ...] = field(default=(), converter=_allocations)
    disbursements: tuple[Disbursement, ...] = field(default=(), converter=_disbursements)

    # ------------------------------------------------------------------ recording
    @classmethod
    def of(cls, records: Iterable[object]) -> FundingLedger:
        """Build a ledger from records in any order (allocations are recorded first).

        Raises:
            LedgerError: As :meth:`allocate` and :meth:`disburse`.
            InvalidTypeError: A record is neither an allocation nor a disbursement.
        """
        items = list(records)
        ledger = cls()
        for item in items:
            if isinstance(item, Allocation):
                ledger = ledger.allocate(item)
            elif not isinstance(item, Disbursement):
                raise InvalidTypeError(
                    f"must be an Allocation or a Disbursement, not {type(item).__name__}",
                    field="records",
                    value=item,
                    rule="funding.ledger",
                )
        for item in items:
            if isinstance(item, Disbursement):
                ledger = ledger.disburse(item)
        return ledger

    def allocate(self, allocation: Allocation) -> FundingLedger:
        """Return a new ledger with ``allocation`` recorded.

        Raises:
            LedgerError: The allocation id is already recorded.
        """
        if any(a.allocation_id == allocation.allocation_id for a in self.allocations):
            raise LedgerError(
                "is already recorded",
                record=f"allocation {allocation.allocation_id}",
                field="allocation_id",
                value=allocation.allocation_id,
                rule="funding.ledger",
            )
        return attrs.evolve(self, allocations=(*self.allocations, allocation))

    def disburse(self, disbursement: Disbursement) -> FundingLedger:
        """Return a new ledger with ``disbursement`` recorded.

        Raises:
            UnknownReferenceError: Its allocation is not recorded.
            LedgerError: A repeated id, a date before the allocation, or more paid out than
                allocated.
        """
        record = f"disbursement {disbursement.disbursement_id}"
        if any(d.disbursement_id == disbursement.disbursement_id for d in self.disbursements):
            raise LedgerError(
                "is already recorded",
                record=record,
                field="disbursement_id",
                value=disbursement.disbursement_id,
                rule="funding.ledger",
            )
        allocation = self.allocation(disbursement.allocation_id)
        if disbursement.on < allocation.on:
            raise LedgerError(
                f"must not be before the allocation date {allocation.on.isoformat()}",
                record=record,
                field="on",
                value=disbursement.on,
                rule="funding.ledger",
            )
        outstanding = self.outstanding_of(allocation.allocation_id)
        if disbursement.amount > outstanding:
            raise LedgerError(
                f"exceeds the outstanding {outstanding} of allocation {allocation.allocation_id}",
                record=record,
                field="amount",
                value=disbursement.amount,
                rule="funding.ledger",
            )
        return attrs.evolve(self, disbursements=(*self.disbursements, disbursement))

    # ------------------------------------------------------------------ reading
    def allocation(self, allocation_id: str) -> Allocation:
        """Return the allocation ``allocation_id``.

        Raises:
            UnknownReferenceError: Not recorded.
        """
        for allocation in self.allocations:
            if allocation.allocation_id == allocation_id:
                return allocation
        raise UnknownReferenceError(
            "is not a recorded allocation",
            field="allocation_id",
            value=allocation_id,
            rule="funding.ledger",
        )

    def disbursements_of(
        self, allocation_id: str, *, by: dt.date | None = None
    ) -> tuple[Disbursement, ...]:
        """The disbursements of one allocation (dated on or before ``by``, if given)."""
        return tuple(
            d
            for d in self.disbursements
            if d.allocation_id == allocation_id and (by is None or d.on <= by)
        )

    def disbursed_of(self, allocation_id: str, *, by: dt.date | None = None) -> Decimal:
        """Amount paid out against one allocation (on or before ``by``, if given)."""
        return sum((d.amount for d in self.disbursements_of(allocation_id, by=by)), _ZERO)

    def outstanding_of(self, allocation_id: str, *, by: dt.date | None = None) -> Decimal:
        """Amount of one allocation not yet paid out (as of ``by``, if given)."""
        return self.allocation(allocation_id).amount - self.disbursed_of(allocation_id, by=by)

    def select(self, **criteria: Any) -> FundingLedger:
        """Return the part of the ledger whose allocations match every criterion.

        Criteria are attribute names of :class:`Allocation` (``origin``, ``level``,
        ``recipient_id``...), ``source`` (the family) or ``year`` (allocation year). Each
        disbursement follows its allocation.

        Example:
            >>> FundingLedger().select(year=2013).balance().allocated
            Decimal('0.00')
        """
        names = {a.name for a in attrs.fields(Allocation)} | {"year"}
        wanted: dict[str, frozenset[object]] = {}
        for name, raw in criteria.items():
            if name not in names:
                raise InvalidRecordError(
                    "is not an allocation field", field=name, value=raw, rule="funding.ledger"
                )
            many = isinstance(raw, set | frozenset | list | tuple)
            wanted[name] = frozenset(raw) if many else frozenset([raw])

        def keep(allocation: Allocation) -> bool:
            for name, values in wanted.items():
                actual = allocation.on.year if name == "year" else getattr(allocation, name)
                if actual not in values and getattr(actual, "value", actual) not in values:
                    return False
            return True

        allocations = tuple(a for a in self.allocations if keep(a))
        ids = {a.allocation_id for a in allocations}
        return FundingLedger(
            allocations=allocations,
            disbursements=tuple(d for d in self.disbursements if d.allocation_id in ids),
        )

    def _paid(self) -> dict[str, Decimal]:
        """Amount paid out per allocation id."""
        paid: dict[str, Decimal] = {}
        for d in self.disbursements:
            paid[d.allocation_id] = paid.get(d.allocation_id, _ZERO) + d.amount
        return paid

    def balance(self) -> LedgerBalance:
        """Allocated, disbursed and outstanding totals (exact)."""
        allocated = sum((a.amount for a in self.allocations), _ZERO)
        disbursed = sum((d.amount for d in self.disbursements), _ZERO)
        paid = self._paid()
        outstanding = sum(
            (a.amount - paid.get(a.allocation_id, _ZERO) for a in self.allocations), _ZERO
        )
        return LedgerBalance(allocated=allocated, disbursed=disbursed, outstanding=outstanding)

    def totals_by(
        self,
        by: GroupKey,
        *,
        what: Literal["allocated", "disbursed", "outstanding"] = "allocated",
    ) -> dict[Hashable, Decimal]:
        """Sum amounts by a key of the allocation, sorted by key.

        Args:
            by: ``"source"`` (family), ``"origin"``, ``"level"``, ``"purpose"``,
                ``"recipient"`` (``(kind, id)``), ``"year"``, ``"project"`` or ``"plan"``.
                Disbursed amounts are grouped by their *allocation's* key, except ``"year"``,
                which is the year of payment.
            what: Which amount to sum.

        Returns:
            ``{key: amount}``; every key with a non-zero amount appears once.
        """
        key = _allocation_key(by)
        totals: dict[Hashable, Decimal] = {}
        if what == "disbursed":
            index = {a.allocation_id: a for a in self.allocations}
            for d in self.disbursements:
                group = d.on.year if by == "year" else key(index[d.allocation_id])
                totals[group] = totals.get(group, _ZERO) + d.amount
        else:
            paid = self._paid() if what == "outstanding" else {}
            for a in self.allocations:
                amount = a.amount - paid.get(a.allocation_id, _ZERO)
                if amount:
                    totals[key(a)] = totals.get(key(a), _ZERO) + amount
        return dict(sorted(totals.items(), key=lambda item: _sort_key(item[0])))


def _sort_key(value: Hashable) -> str:
    """Order group keys deterministically (enums by value, tuples by parts, None first)."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "\x1f".join(_sort_key(v) for v in value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, int):
        return f"{value:012d}"
    return str(value)


@model("project", "project_id")
@frozen
class Project:
    """An assistance project (扶贫项目) in a village, linked to its plan.

    Funds link to a project through :attr:`Allocation.project_id`.

    Attributes:
        project_id: Stable id.
        project_type: :class:`ProjectType`.
        village_id: The village it is in.
        plan_id: The plan it carries out, if any.
        household_id: The household it serves, if it is a household project.
        start_year: Year it started.
        cost: Planned cost in yuan, if known.
        name: Display name.
    """

    project_id: str = field(validator=identifier)
    project_type: ProjectType = field(converter=_project_type)
    village_id: str = field(validator=identifier)
    plan_id: str | None = field(default=None, validator=optional_identifier)
    household_id: str | None = field(default=None, validator=optional_identifier)
    start_year: int | None = field(default=None, validator=[optional_of_type(int, "a year"), year])
    cost: Decimal | None = field(default=None, converter=_optional_amount)
    name: str = field(default="", validator=text)

    def funds(self, ledger: FundingLedger) -> LedgerBalance:
        """The allocations of ``ledger`` that finance this project (``project_id`` matches)."""
        return ledger.select(project_id=self.project_id).balance()


class AssistedBy(enum.Enum):
    """Who assists a round-2 key village (decides eligibility for the provincial subsidy, S2)."""

    CENTRAL_UNIT = "central_unit"
    """A central unit in Guangdong (中直驻粤单位)."""
    PROVINCIAL_UNIT = "provincial_unit"
    """A provincial unit (省直单位)."""
    OWN_CITY = "own_city"
    """The village's own less-developed city (欠发达地区市自身帮扶)."""
    OWN_COUNTY = "own_county"
    """The village's own less-developed county (县自身帮扶)."""
    PRD_CITY = "prd_city"
    """A Pearl River Delta city (珠三角对口帮扶): presumably funded by that city [R]."""


@frozen
class Instalment:
    """One instalment of the round-2 provincial subsidy.

    Attributes:
        number: 1, 2...
        year: The year it is paid in (2013, 2014; S2).
        share: Its share of the subsidy (assumed, ``funding.subsidy_instalment_shares``).
        amount: Exact yuan; the instalments add up to the subsidy exactly.
        certainty: Certainty of the split (the years are confirmed, the shares assumed).
    """

    number: int
    year: int
    share: Decimal
    amount: Decimal
    certainty: Certainty
