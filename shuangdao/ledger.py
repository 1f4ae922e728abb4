"""The responsibility ledger (责任到人、规划到户): who assists whom, from when to when.

A :class:`ResponsibilityLedger` is an immutable value holding the register of a round — the
assisted villages and households (with each household's village), the assisting units
(帮扶单位) and their cadres (干部) — and, over time, the :class:`~shuangdao.model.Pairing`
records (unit → village 定点帮扶, cadre → household 责任到人, city → city 对口帮扶,
leader → city 挂钩联系, leader → village 挂村办点), the resident work teams (驻村工作队, as
dated :class:`TeamPosting` records), the plans (一村一策、一户一法) and the assistance
agreements (帮扶协议, regulation ch. 3, S17).

Every operation returns a **new** ledger; the old one is unchanged, so a reassignment keeps
the history and "who was responsible for household H on date D" is always answerable.
An operation that would make the ledger invalid raises :class:`~shuangdao.errors.LedgerError`
naming the record:

* two cadres responsible for the same household on the same date;
* a cadre responsible for a household outside the villages its unit assists on that date;
* more units on a village at once than ``pairing.max_units_per_village`` allows (1 by default);
* an interval that ends before it starts, an unknown id, a repeated id.

Cities and leaders are free ids (the ledger keeps no register of them); every other id must
be registered first.

Each new ledger re-validates and re-indexes everything (linear in its size, about a second
for a round-1-sized ledger of 370,000 pairings), so build large ledgers in bulk with
:meth:`ResponsibilityLedger.add_pairings` or :func:`shuangdao.assignment.assign`, not one
pairing at a time.

Example:
    >>> import datetime as dt
    >>> from shuangdao.model import AssistingUnit, Cadre, Pairing
    >>> ledger = ResponsibilityLedger.create(
    ...     villages=["V1"], households={"H1": "V1"},
    ...     units=[AssistingUnit(unit_id="U1", name="省府办公厅", kind="party_government_organ",
    ...                          level="provincial")],
    ...     cadres=[Cadre(cadre_id="R1", unit_id="U1"), Cadre(cadre_id="R2", unit_id="U1")])
    >>> ledger = ledger.add_pairings([
    ...     Pairing(pairing_id="UV1", assisting_kind="unit", assisting_id="U1",
    ...             assisted_kind="village", assisted_id="V1", valid_from=dt.date(2010, 3, 1)),
    ...     Pairing(pairing_id="CH1", assisting_kind="cadre", assisting_id="R1",
    ...             assisted_kind="household", assisted_id="H1", valid_from=dt.date(2010, 3, 1))])
    >>> later = ledger.reassign("H1", "R2", dt.date(2011, 6, 30))
    >>> later.responsible_cadre("H1", dt.date(2011, 6, 30)).cadre_id
    'R1'
    >>> later.responsible_cadre("H1", dt.date(2011, 7, 1)).cadre_id
    'R2'
    >>> [p.assisting_id for p in later.history("H1")]
    ['R1', 'R2']
    >>> ledger.responsible_cadre("H1", dt.date(2011, 7, 1)).cadre_id  # the old value is unchanged
    'R1'
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, LedgerError
from shuangdao.model import (
    AssistingUnit,
    Cadre,
    Household,
    Pairing,
    PartyKind,
    Plan,
    Village,
    WorkTeam,
)
from shuangdao.model._base import (
    as_iterable,
    at_least,
    date,
    identifier,
    model,
    of_type,
    optional_date,
    year,
)
from shuangdao.quantities import money

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["AssistanceAgreement", "Commitment", "ResponsibilityLedger", "TeamPosting"]

_ONE_DAY = dt.timedelta(days=1)


def _funds(value: object) -> Decimal:
    """Convert ``funds`` (errors name the field)."""
    return money(value, field="funds")


@model("commitment", "year")
@frozen
class Commitment:
    """One year's commitment of an assistance agreement (每年安排资金、项目、人力, S17).

    Attributes:
        year: Calendar year.
        funds: Funds committed for the year, exact yuan.
        projects: Projects committed (count).
        people: People (staff) committed (count).

    Example:
        >>> Commitment(year=2013, funds="300000", projects=2, people=3).funds
        Decimal('300000.00')
    """

    year: int = field(validator=[of_type(int, "a year"), year])
    funds: Decimal = field(converter=_funds)
    projects: int = field(validator=at_least(0))
    people: int = field(validator=at_least(0))


def _commitments(value: object) -> tuple[Commitment, ...]:
    """Convert ``commitments`` to a tuple sorted by year (errors name the field)."""
    items = tuple(as_iterable(value, "commitments"))
    for item in items:
        if not isinstance(item, Commitment):
            raise InvalidRecordError(
                "must hold Commitment objects", field="commitments", value=item
            )
    return tuple(sorted(items, key=_commitment_year))  # type: ignore[arg-type]


def _commitment_year(item: Commitment) -> int:
    """Sort key of a commitment."""
    return item.year


@model("assistance agreement", "agreement_id")
@frozen
class AssistanceAgreement:
    """An assistance agreement (帮扶协议) between a unit and a village (regulation ch. 3, S17).

    The regulation (in force 2012-01-01, S16) has assisting units commit funds, projects and
    staff **every year** and the two sides sign an agreement; the assisting side plans and
    delivers.

    Attributes:
        agreement_id: Stable id.
        unit_id: The assisting unit.
        village_id: The assisted village.
        signed_on: Date signed.
        commitments: One :class:`Commitment` per year, no year twice (kept sorted by year).

    Example:
        >>> import datetime as dt
        >>> a = AssistanceAgreement(agreement_id="A1", unit_id="U1", village_id="V1",
        ...     signed_on=dt.date(2013, 3, 1),
        ...     commitments=[Commitment(year=2013, funds="300000", projects=2, people=3)])
        >>> a.commitment(2013).projects, a.commitment(2014)
        (2, None)
    """

    agreement_id: str = field(validator=identifier)
    unit_id: str = field(validator=identifier)
    village_id: str = field(validator=identifier)
    signed_on: dt.date = field(validator=date)
    commitments: tuple[Commitment, ...] = field(default=(), converter=_commitments)

    def __attrs_post_init__(self) -> None:
        years = [c.year for c in self.commitments]
        if len(set(years)) != len(years):
            raise InvalidRecordError(
                "must not commit the same year twice", field="commitments", value=years
            )

    def commitment(self, year: int) -> Commitment | None:
        """Return the commitment for ``year``, or ``None``."""
        for item in self.commitments:
            if item.year == year:
                return item
        return None


def _work_team(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate ``team`` is a :class:`WorkTeam`."""
    if not isinstance(value, WorkTeam):
        raise InvalidRecordError("must be a WorkTeam", field=attribute.name, value=value)


@model("team posting", "team")
@frozen
class TeamPosting:
    """A resident work team (驻村工作队) stationed in its village from one date to another.

    Both dates are inclusive; ``valid_to=None`` means still stationed.

    Attributes:
        team: The :class:`~shuangdao.model.WorkTeam` (unit, village, cadres, leader).
        valid_from: First day stationed.
        valid_to: Last day stationed, or ``None``.

    Example:
        >>> import datetime as dt
        >>> t = TeamPosting(team=WorkTeam(team_id="T1", unit_id="U1", village_id="V1",
        ...                               cadre_ids=["R1"], leader_id="R1"),
        ...                 valid_from=dt.date(2010, 3, 1))
        >>> t.active_on(dt.date(2012, 12, 31))
        True
    """

    team: WorkTeam = field(validator=_work_team)
    valid_from: dt.date = field(validator=date)
    valid_to: dt.date | None = field(default=None, validator=optional_date)

    def __attrs_post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InvalidRecordError(
                f"must not be before valid_from {self.valid_from.isoformat()}",
                field="valid_to",
                value=self.valid_to,
            )

    @property
    def team_id(self) -> str:
        """The team's id."""
        return self.team.team_id

    def active_on(self, on: dt.date) -> bool:
        """Whether the team is stationed on ``on``."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


# ------------------------------------------------------------------ converters


def _village_ids(value: object) -> tuple[str, ...]:
    """Convert ``village_ids`` to a sorted tuple."""
    return tuple(sorted(str(v) for v in as_iterable(value, "village_ids")))


def _household_villages(value: object) -> Mapping[str, str]:
    """Convert ``household_villages`` to a read-only mapping sorted by household id."""
    if not isinstance(value, Mapping):
        raise InvalidRecordError(
            "must be a mapping household_id -> village_id", field="household_villages", value=value
        )
    return MappingProxyType(dict(sorted(value.items())))


def _units(value: object) -> tuple[AssistingUnit, ...]:
    """Convert ``units`` to a tuple."""
    return tuple(as_iterable(value, "units"))  # type: ignore[arg-type]


def _cadres(value: object) -> tuple[Cadre, ...]:
    """Convert ``cadres`` to a tuple."""
    return tuple(as_iterable(value, "cadres"))  # type: ignore[arg-type]


def _pairings(value: object) -> tuple[Pairing, ...]:
    """Convert ``pairings`` to a tuple."""
    return tuple(as_iterable(value, "pairings"))  # type: ignore[arg-type]


def _teams(value: object) -> tuple[TeamPosting, ...]:
    """Convert ``teams`` to a tuple."""
    return tuple(as_iterable(value, "teams"))  # type: ignore[arg-type]


def _plans(value: object) -> tuple[Plan, ...]:
    """Convert ``plans`` to a tuple."""
    return tuple(as_iterable(value, "plans"))  # type: ignore[arg-type]


def _agreements(value: object) -> tuple[AssistanceAgreement, ...]:
    """Convert ``agreements`` to a tuple."""
    return tuple(as_iterable(value, "agreements"))  # type: ignore[arg-type]


def _span(valid_from: dt.date, valid_to: dt.date | None) -> str:
    """Render an interval for messages."""
    return f"{valid_from.isoformat()}..{valid_to.isoformat() if valid_to else 'open'}"


def _fail(
    record: str, detail: str, rule: str, *, field: str | None = None, value: Any = None
) -> LedgerError:
    """Build a :class:`LedgerError` (keeps call sites short)."""
    if field is None:
        return LedgerError(detail, record=record, rule=f"ledger.{rule}")
    return LedgerError(detail, record=record, field=field, value=value, rule=f"ledger.{rule}")


def _unknown(pairing_id: str, kind: str, field: str, value: str) -> LedgerError:
    """A pairing names an unregistered party."""
    return _fail(
        f"pairing {pairing_id}",
        f"is not a registered {kind}",
        "unknown_id",
        field=field,
        value=value,
    )


def _trusted_pairing(  # noqa: PLR0917 - mirrors Pairing's positional fields
    pairing_id: str,
    assisting_kind: PartyKind,
    assisting_id: str,
    assisted_kind: PartyKind,
    assisted_id: str,
    valid_from: dt.date,
) -> Pairing:
    """Build an open :class:`Pairing` from parts that are already valid, skipping validation.

    For bulk builders inside shuangdao only (:func:`shuangdao.assignment.assign` makes
    370,000 of these at round-1 scale, where validating each id costs seconds): the caller
    guarantees the ids are valid ids of validated records and the kinds an allowed pair.
    The result compares equal to ``Pairing(...)`` built the normal way (a test checks it).
    """
    p = object.__new__(Pairing)
    setattr_ = object.__setattr__
    setattr_(p, "pairing_id", pairing_id)
    setattr_(p, "assisting_kind", assisting_kind)
    setattr_(p, "assisting_id", assisting_id)
    setattr_(p, "assisted_kind", assisted_kind)
    setattr_(p, "assisted_id", assisted_id)
    setattr_(p, "valid_from", valid_from)
    setattr_(p, "valid_to", None)
    setattr_(p, "note", "")
    return p


Interval = tuple[dt.date, dt.date | None]


def _merge(intervals: list[Interval]) -> list[Interval]:
    """Merge sorted, non-overlapping inclusive intervals that touch (``to + 1 == from``)."""
    merged: list[Interval] = []
    for start, end in intervals:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is not None and last_end + _ONE_DAY >= start:
                new_end = None if end is None else max(end, last_end)
                merged[-1] = (last_start, new_end)
                continue
            if last_end is None:
                continue
        merged.append((start, end))
    return merged


def _covered(merged: list[Interval] | None, start: dt.date, end: dt.date | None) -> bool:
    """Whether ``[start, end]`` lies inside one of the merged intervals."""
    if not merged:
        return False
    for low, high in merged:
        if low <= start and (high is None or (end is not None and end <= high)):
            return True
    return False


class _Index:
    """Lookup tables of a ledger, built (and validated) once per ledger value."""

    __slots__ = (
        "agreements",
        "by_assisted",
        "by_assisting",
        "cadres",
        "coverage",
        "pairings",
        "plans",
        "plans_by_subject",
        "teams",
        "teams_by_village",
        "units",
        "villages",
    )

    def __init__(self, ledger: ResponsibilityLedger) -> None:
        self.villages = frozenset(ledger.village_ids)
        if len(self.villages) != len(ledger.village_ids):
            seen: set[str] = set()
            for village_id in ledger.village_ids:
                if village_id in seen:
                    raise _fail(f"village {village_id}", "is registered twice", "duplicate_id")
                seen.add(village_id)
        for household_id, village_id in ledger.household_villages.items():
            if village_id not in self.villages:
                raise _fail(
                    f"household {household_id}",
                    "is not a registered village",
                    "unknown_id",
                    field="village_id",
                    value=village_id,
                )
        self.units: dict[str, AssistingUnit] = {}
        for unit in ledger.units:
            if not isinstance(unit, AssistingUnit):
                raise _fail(
                    "ledger", "must hold AssistingUnit objects", "type", field="units", value=unit
                )
            if unit.unit_id in self.units:
                raise _fail(f"assisting unit {unit.unit_id}", "is registered twice", "duplicate_id")
            self.units[unit.unit_id] = unit
        self.cadres: dict[str, Cadre] = {}
        for cadre in ledger.cadres:
            if not isinstance(cadre, Cadre):
                raise _fail(
                    "ledger", "must hold Cadre objects", "type", field="cadres", value=cadre
                )
            if cadre.cadre_id in self.cadres:
                raise _fail(f"cadre {cadre.cadre_id}", "is registered twice", "duplicate_id")
            if cadre.unit_id not in self.units:
                raise _fail(
                    f"cadre {cadre.cadre_id}",
                    "is not a registered unit",
                    "unknown_id",
                    field="unit_id",
                    value=cadre.unit_id,
                )
            self.cadres[cadre.cadre_id] = cadre

        self.pairings: dict[str, Pairing] = {}
        # kind -> id -> pairings (sorted by start); nested by kind to keep hashing cheap.
        self.by_assisting: dict[PartyKind, dict[str, list[Pairing]]] = {k: {} for k in PartyKind}
        self.by_assisted: dict[PartyKind, dict[str, list[Pairing]]] = {k: {} for k in PartyKind}
        households = ledger.household_villages
        unit_kind, cadre_kind = PartyKind.UNIT, PartyKind.CADRE
        village_kind, household_kind = PartyKind.VILLAGE, PartyKind.HOUSEHOLD
        of_cadre, of_household = self.by_assisting[cadre_kind], self.by_assisted[household_kind]
        of_unit, of_village = self.by_assisting[unit_kind], self.by_assisted[village_kind]
        pairings, units, cadres, villages = self.pairings, self.units, self.cadres, self.villages
        for p in ledger.pairings:
            if type(p) is not Pairing and not isinstance(p, Pairing):
                raise _fail(
                    "ledger", "must hold Pairing objects", "type", field="pairings", value=p
                )
            pid, assisting, aid, bid = p.pairing_id, p.assisting_kind, p.assisting_id, p.assisted_id
            if pid in pairings:
                raise _fail(
                    f"pairing {pid}", "is used twice", "duplicate_id", field="pairing_id", value=pid
                )
            pairings[pid] = p
            if assisting is cadre_kind:  # the model allows only cadre -> household
                if aid not in cadres:
                    raise _unknown(pid, "cadre", "assisting_id", aid)
                if bid not in households:
                    raise _unknown(pid, "household", "assisted_id", bid)
                first, second = of_cadre, of_household
            elif assisting is unit_kind:  # unit -> village
                if aid not in units:
                    raise _unknown(pid, "unit", "assisting_id", aid)
                if bid not in villages:
                    raise _unknown(pid, "village", "assisted_id", bid)
                first, second = of_unit, of_village
            else:
                assisted = p.assisted_kind
                if assisted is village_kind and bid not in villages:
                    raise _unknown(pid, "village", "assisted_id", bid)
                first, second = self.by_assisting[assisting], self.by_assisted[assisted]
            bucket = first.get(aid)
            if bucket is None:
                first[aid] = [p]
            else:
                bucket.append(p)
            bucket = second.get(bid)
            if bucket is None:
                second[bid] = [p]
            else:
                bucket.append(p)
        for inner in (*self.by_assisting.values(), *self.by_assisted.values()):
            for bucket in inner.values():
                if len(bucket) > 1:
                    bucket.sort(key=_pairing_order)

        # Unit -> village: the same unit never twice at once; at most `max` units at once.
        limit = ledger.max_units_per_village
        self.coverage: dict[tuple[str, str], list[Interval]] = {}
        raw_cover: dict[tuple[str, str], list[Interval]] = {}
        for village_id, bucket in of_village.items():
            active: list[tuple[dt.date, str]] = []  # heap of (last day, pairing id)
            for p in bucket:
                if p.assisting_kind is not unit_kind:
                    continue
                while active and active[0][0] < p.valid_from:
                    heapq.heappop(active)
                if len(active) >= limit:
                    others = ", ".join(sorted(pid for _, pid in active))
                    raise _fail(
                        f"pairing {p.pairing_id}",
                        f"would give village {village_id} more than {limit} assisting unit(s) on "
                        f"{p.valid_from.isoformat()} (already: {others}; "
                        "parameter pairing.max_units_per_village)",
                        "units_per_village",
                    )
                heapq.heappush(active, (p.valid_to or dt.date.max, p.pairing_id))
                pair = (p.assisting_id, village_id)
                spans = raw_cover.setdefault(pair, [])
                if spans and (spans[-1][1] is None or spans[-1][1] >= p.valid_from):
                    raise _fail(
                        f"pairing {p.pairing_id}",
                        f"overlaps another pairing of unit {p.assisting_id} with village "
                        f"{village_id} on {p.valid_from.isoformat()}",
                        "overlap",
                    )
                spans.append((p.valid_from, p.valid_to))
        for pair, spans in raw_cover.items():
            self.coverage[pair] = _merge(spans)

        # Cadre -> household: one cadre at a time, inside the unit's villages.
        coverage = self.coverage
        for household_id, bucket in of_household.items():
            village_id = households[household_id]
            previous: Pairing | None = None
            for p in bucket:
                if previous is not None and (
                    previous.valid_to is None or previous.valid_to >= p.valid_from
                ):
                    raise _fail(
                        f"pairing {p.pairing_id}",
                        f"makes cadres {previous.assisting_id} and {p.assisting_id} both "
                        f"responsible for household {household_id} on "
                        f"{p.valid_from.isoformat()} (pairing {previous.pairing_id} runs "
                        f"{_span(previous.valid_from, previous.valid_to)})",
                        "overlap",
                    )
                previous = p
                unit_id = cadres[p.assisting_id].unit_id
                if not _covered(coverage.get((unit_id, village_id)), p.valid_from, p.valid_to):
                    raise _fail(
                        f"pairing {p.pairing_id}",
                        f"puts cadre {p.assisting_id} of unit {unit_id} in charge of household "
                        f"{household_id} in village {village_id} for "
                        f"{_span(p.valid_from, p.valid_to)}, but unit {unit_id} does not "
                        f"assist village {village_id} throughout (end the cadre pairings "
                        "first, or pass cascade=True to end_pairing)",
                        "cadre_outside_unit_villages",
                    )

        self.teams: dict[str, TeamPosting] = {}
        self.teams_by_village: dict[str, list[TeamPosting]] = {}
        for posting in ledger.teams:
            if not isinstance(posting, TeamPosting):
                raise _fail(
                    "ledger", "must hold TeamPosting objects", "type", field="teams", value=posting
                )
            team = posting.team
            record = f"work team {team.team_id}"
            if team.team_id in self.teams:
                raise _fail(
                    record, "is used twice", "duplicate_id", field="team_id", value=team.team_id
                )
            if team.unit_id not in self.units:
                raise _fail(
                    record,
                    "is not a registered unit",
                    "unknown_id",
                    field="unit_id",
                    value=team.unit_id,
                )
            if team.village_id not in self.villages:
                raise _fail(
                    record,
                    "is not a registered village",
                    "unknown_id",
                    field="village_id",
                    value=team.village_id,
                )
            for cadre_id in team.cadre_ids:
                member = cadres.get(cadre_id)
                if member is None:
                    raise _fail(
                        record,
                        "is not a registered cadre",
                        "unknown_id",
                        field="cadre_ids",
                        value=cadre_id,
                    )
                if member.unit_id != team.unit_id:
                    raise _fail(
                        record,
                        f"belongs to unit {member.unit_id}, not {team.unit_id}",
                        "team_member_of_other_unit",
                        field="cadre_ids",
                        value=cadre_id,
                    )
            if not _covered(
                coverage.get((team.unit_id, team.village_id)), posting.valid_from, posting.valid_to
            ):
                raise _fail(
                    record,
                    f"is stationed in village {team.village_id} for "
                    f"{_span(posting.valid_from, posting.valid_to)}, but unit {team.unit_id} "
                    f"does not assist village {team.village_id} throughout",
                    "team_outside_unit_villages",
                )
            self.teams[team.team_id] = posting
            self.teams_by_village.setdefault(team.village_id, []).append(posting)

        self.plans: dict[str, Plan] = {}
        self.plans_by_subject: dict[tuple[PartyKind, str], list[Plan]] = {}
        for plan in ledger.plans:
            if not isinstance(plan, Plan):
                raise _fail("ledger", "must hold Plan objects", "type", field="plans", value=plan)
            record = f"plan {plan.plan_id}"
            if plan.plan_id in self.plans:
                raise _fail(
                    record, "is used twice", "duplicate_id", field="plan_id", value=plan.plan_id
                )
            known = (
                plan.subject_id in households
                if plan.subject_kind is household_kind
                else plan.subject_id in self.villages
            )
            if not known:
                raise _fail(
                    record,
                    f"is not a registered {plan.subject_kind.value}",
                    "unknown_id",
                    field="subject_id",
                    value=plan.subject_id,
                )
            self.plans[plan.plan_id] = plan
            self.plans_by_subject.setdefault((plan.subject_kind, plan.subject_id), []).append(plan)

        self.agreements: dict[tuple[str, str], list[AssistanceAgreement]] = {}
        agreement_ids: set[str] = set()
        for agreement in ledger.agreements:
            if not isinstance(agreement, AssistanceAgreement):
                raise _fail(
                    "ledger",
                    "must hold AssistanceAgreement objects",
                    "type",
                    field="agreements",
                    value=agreement,
                )
            record = f"assistance agreement {agreement.agreement_id}"
            if agreement.agreement_id in agreement_ids:
                raise _fail(
                    record,
                    "is used twice",
                    "duplicate_id",
                    field="agreement_id",
                    value=agreement.agreement_id,
                )
            if agreement.unit_id not in self.units:
                raise _fail(
                    record,
                    "is not a registered unit",
                    "unknown_id",
                    field="unit_id",
                    value=agreement.unit_id,
                )
            if agreement.village_id not in self.villages:
                raise _fail(
                    record,
                    "is not a registered village",
                    "unknown_id",
                    field="village_id",
                    value=agreement.village_id,
                )
            agreement_ids.add(agreement.agreement_id)
            self.agreements.setdefault((agreement.unit_id, agreement.village_id), []).append(
                agreement
            )


def _pairing_order(p: Pairing) -> tuple[dt.date, str]:
    """Sort key: start date, then id."""
    return (p.valid_from, p.pairing_id)


def _standards(standards: Standards | None) -> Standards:
    """Return ``standards`` or the shipped defaults."""
    if standards is None:
        from shuangdao.standards import default_standards

        return default_standards()
    return standards


@frozen
class ResponsibilityLedger:
    """An immutable register of pairings over time, teams, plans and agreements.

    Build one with :meth:`create`; change it only through its methods, each of which
    returns a new, fully validated ledger. The value round-trips through
    :func:`shuangdao.serialize.to_json` / :func:`~shuangdao.serialize.from_json` exactly.
    A ledger is not hashable (it holds a mapping).

    Attributes:
        max_units_per_village: How many units may assist one village at once (from the
            parameter ``pairing.max_units_per_village`` when made by :meth:`create`).
        village_ids: Registered (assisted) villages, sorted.
        household_villages: Registered (assisted) households → their village.
        units: Registered assisting units (帮扶单位).
        cadres: Registered cadres (干部), each of a registered unit.
        pairings: Every pairing ever recorded (ended ones included).
        teams: Work-team postings (驻村工作队).
        plans: Village and household plans (一村一策、一户一法).
        agreements: Assistance agreements (帮扶协议).
    """

    max_units_per_village: int = field(default=1, validator=at_least(1))
    village_ids: tuple[str, ...] = field(default=(), converter=_village_ids)
    household_villages: Mapping[str, str] = field(factory=dict, converter=_household_villages)
    units: tuple[AssistingUnit, ...] = field(default=(), converter=_units)
    cadres: tuple[Cadre, ...] = field(default=(), converter=_cadres)
    pairings: tuple[Pairing, ...] = field(default=(), converter=_pairings)
    teams: tuple[TeamPosting, ...] = field(default=(), converter=_teams)
    plans: tuple[Plan, ...] = field(default=(), converter=_plans)
    agreements: tuple[AssistanceAgreement, ...] = field(default=(), converter=_agreements)
    _index: _Index = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index(self))

    # ------------------------------------------------------------------ building
    @classmethod
    def create(
        cls,
        *,
        villages: Iterable[Village | str] = (),
        households: Iterable[Household] | Mapping[str, str] = (),
        units: Iterable[AssistingUnit] = (),
        cadres: Iterable[Cadre] = (),
        standards: Standards | None = None,
    ) -> ResponsibilityLedger:
        """Return an empty ledger over the round's register.

        Args:
            villages: The assisted villages (objects or ids).
            households: The assisted households (objects, or a mapping id → village id).
            units: The assisting units.
            cadres: Their cadres.
            standards: Read for ``pairing.max_units_per_village`` (default standards if
                ``None``).

        Raises:
            LedgerError: A repeated or unknown id.
        """
        village_ids = [v.village_id if isinstance(v, Village) else v for v in villages]
        if isinstance(households, Mapping):
            household_villages = dict(households)
        else:
            household_villages = {}
            for household in households:
                if household.household_id in household_villages:
                    raise _fail(
                        f"household {household.household_id}", "is registered twice", "duplicate_id"
                    )
                household_villages[household.household_id] = household.village_id
        limit = int(_standards(standards).value("pairing.max_units_per_village"))
        return cls(
            max_units_per_village=limit,
            village_ids=village_ids,
            household_villages=household_villages,
            units=units,
            cadres=cadres,
        )

    def add_villages(self, villages: Iterable[Village | str]) -> ResponsibilityLedger:
        """Register more villages."""
        extra = [v.village_id if isinstance(v, Village) else v for v in villages]
        return attrs.evolve(self, village_ids=(*self.village_ids, *extra))

    def add_households(
        self, households: Iterable[Household] | Mapping[str, str]
    ) -> ResponsibilityLedger:
        """Register more households (objects, or a mapping id → village id).

        Raises:
            LedgerError: A household is already registered, or its village is not.
        """
        items = (
            list(households.items())
            if isinstance(households, Mapping)
            else [(h.household_id, h.village_id) for h in households]
        )
        merged = dict(self.household_villages)
        for household_id, village_id in items:
            if household_id in merged:
                raise _fail(f"household {household_id}", "is registered twice", "duplicate_id")
            merged[household_id] = village_id
        return attrs.evolve(self, household_villages=merged)

    def add_unit(self, unit: AssistingUnit) -> ResponsibilityLedger:
        """Register an assisting unit."""
        return attrs.evolve(self, units=(*self.units, unit))

    def add_cadre(self, cadre: Cadre) -> ResponsibilityLedger:
        """Register a cadre of a registered unit."""
        return attrs.evolve(self, cadres=(*self.cadres, cadre))

    def add_pairing(self, pairing: Pairing) -> ResponsibilityLedger:
        """Return a ledger with ``pairing`` added.

        Raises:
            LedgerError: Repeated id, unknown party, overlap, or a cadre outside the villages
                of its unit.
        """
        return self.add_pairings([pairing])

    def add_pairings(self, pairings: Iterable[Pairing]) -> ResponsibilityLedger:
        """Return a ledger with every one of ``pairings`` added (validated together).

        Raises:
            LedgerError: As :meth:`add_pairing`.
        """
        return attrs.evolve(self, pairings=(*self.pairings, *pairings))

    def end_pairing(
        self, pairing_id: str, on: dt.date, *, cascade: bool = False
    ) -> ResponsibilityLedger:
        """Return a ledger where pairing ``pairing_id`` ends on ``on`` (its last day).

        Args:
            pairing_id: The pairing to end.
            on: Its last day (inclusive); may shorten a planned end.
            cascade: For a unit → village pairing, also end on ``on`` the unit's cadre
                pairings in that village and its team postings that run past ``on``.

        Raises:
            LedgerError: Unknown id; ``on`` before the pairing starts; the pairing already
                ended before ``on``; or (without ``cascade``) cadre pairings or teams that
                would be left outside the unit's villages.
        """
        old = self.pairing(pairing_id)
        record = f"pairing {pairing_id}"
        if on < old.valid_from:
            raise _fail(
                record,
                f"would end before it starts ({old.valid_from.isoformat()})",
                "interval",
                field="valid_to",
                value=on,
            )
        if old.valid_to is not None and old.valid_to < on:
            raise _fail(
                record,
                f"already ended on {old.valid_to.isoformat()}",
                "already_ended",
                field="valid_to",
                value=on,
            )
        replaced = {pairing_id: attrs.evolve(old, valid_to=on)}
        teams = self.teams
        if cascade and old.assisting_kind is PartyKind.UNIT:
            unit_id, village_id = old.assisting_id, old.assisted_id
            for p in self.pairings:
                if (
                    p.assisting_kind is PartyKind.CADRE
                    and self._index.cadres[p.assisting_id].unit_id == unit_id
                    and self.household_villages.get(p.assisted_id) == village_id
                    and p.valid_from <= on
                    and (p.valid_to is None or p.valid_to > on)
                ):
                    replaced[p.pairing_id] = attrs.evolve(p, valid_to=on)
            teams = tuple(
                attrs.evolve(t, valid_to=on)
                if t.team.unit_id == unit_id
                and t.team.village_id == village_id
                and t.valid_from <= on
                and (t.valid_to is None or t.valid_to > on)
                else t
                for t in teams
            )
        pairings = tuple(replaced.get(p.pairing_id, p) for p in self.pairings)
        return attrs.evolve(self, pairings=pairings, teams=teams)

    def reassign(
        self,
        household_id: str,
        new_cadre_id: str,
        on: dt.date,
        *,
        pairing_id: str | None = None,
        note: str = "",
    ) -> ResponsibilityLedger:
        """Hand a household to another cadre from the day after ``on``.

        The old pairing ends on ``on``; the new one starts the next day and keeps the old
        one's planned end (or stays open). History is kept.

        Args:
            household_id: The household.
            new_cadre_id: The cadre taking over (of a unit assisting the household's village).
            on: The old cadre's last day.
            pairing_id: Id of the new pairing (default ``"<household>@<next day>"``).
            note: Reason for the reassignment, kept on the new pairing.

        Raises:
            LedgerError: Unknown household or cadre; no cadre responsible on ``on``; the same
                cadre; or the new pairing is invalid (overlap, outside the unit's villages).
        """
        self._household(household_id)
        if new_cadre_id not in self._index.cadres:
            raise _fail(
                f"household {household_id}",
                "is not a registered cadre",
                "unknown_id",
                field="new_cadre_id",
                value=new_cadre_id,
            )
        current = self.responsible_pairing(household_id, on)
        if current is None:
            raise _fail(
                f"household {household_id}",
                f"has no responsible cadre on {on.isoformat()} to hand over; use add_pairing",
                "reassign",
            )
        if current.assisting_id == new_cadre_id:
            raise _fail(
                f"household {household_id}",
                f"is already in the charge of cadre {new_cadre_id} (pairing {current.pairing_id})",
                "reassign",
            )
        start = on + _ONE_DAY
        end = current.valid_to if current.valid_to is not None and current.valid_to > on else None
        new = Pairing(
            pairing_id=pairing_id or f"{household_id}@{start.isoformat()}",
            assisting_kind=PartyKind.CADRE,
            assisting_id=new_cadre_id,
            assisted_kind=PartyKind.HOUSEHOLD,
            assisted_id=household_id,
            valid_from=start,
            valid_to=end,
            note=note,
        )
        pairings = tuple(
            attrs.evolve(p, valid_to=on) if p.pairing_id == current.pairing_id else p
            for p in self.pairings
        )
        return attrs.evolve(self, pairings=(*pairings, new))

    def add_team(
        self, team: WorkTeam, *, valid_from: dt.date, valid_to: dt.date | None = None
    ) -> ResponsibilityLedger:
        """Station a work team in its village from ``valid_from`` (to ``valid_to``).

        Raises:
            LedgerError: ``valid_to`` before ``valid_from``, repeated team id, unknown
                unit/village/cadre, a member of another unit, or the unit does not assist the
                village throughout the posting.
        """
        if valid_to is not None and valid_to < valid_from:
            raise _fail(
                f"work team {team.team_id}",
                f"would end before it starts ({valid_from.isoformat()})",
                "interval",
                field="valid_to",
                value=valid_to,
            )
        posting = TeamPosting(team=team, valid_from=valid_from, valid_to=valid_to)
        return attrs.evolve(self, teams=(*self.teams, posting))

    def add_teams(self, postings: Iterable[TeamPosting]) -> ResponsibilityLedger:
        """Add many team postings at once (validated together)."""
        return attrs.evolve(self, teams=(*self.teams, *postings))

    def end_team(self, team_id: str, on: dt.date) -> ResponsibilityLedger:
        """Return a ledger where team ``team_id`` leaves after ``on``.

        Raises:
            LedgerError: Unknown team, ``on`` before the posting starts, or already ended.
        """
        posting = self._index.teams.get(team_id)
        record = f"work team {team_id}"
        if posting is None:
            raise _fail(record, "is not in the ledger", "unknown_id")
        if on < posting.valid_from:
            raise _fail(
                record,
                f"would end before it starts ({posting.valid_from.isoformat()})",
                "interval",
                field="valid_to",
                value=on,
            )
        if posting.valid_to is not None and posting.valid_to < on:
            raise _fail(
                record,
                f"already ended on {posting.valid_to.isoformat()}",
                "already_ended",
                field="valid_to",
                value=on,
            )
        teams = tuple(
            attrs.evolve(t, valid_to=on) if t.team_id == team_id else t for t in self.teams
        )
        return attrs.evolve(self, teams=teams)

    def add_plan(self, plan: Plan) -> ResponsibilityLedger:
        """Record a village or household plan (一村一策、一户一法)."""
        return attrs.evolve(self, plans=(*self.plans, plan))

    def add_plans(self, plans: Iterable[Plan]) -> ResponsibilityLedger:
        """Record many plans at once."""
        return attrs.evolve(self, plans=(*self.plans, *plans))

    def add_agreement(self, agreement: AssistanceAgreement) -> ResponsibilityLedger:
        """Record an assistance agreement (帮扶协议)."""
        return attrs.evolve(self, agreements=(*self.agreements, agreement))

    def add_agreements(self, agreements: Iterable[AssistanceAgreement]) -> ResponsibilityLedger:
        """Record many assistance agreements at once."""
        return attrs.evolve(self, agreements=(*self.agreements, *agreements))

    # ------------------------------------------------------------------ queries
    def _household(self, household_id: str) -> str:
        """Return the village of a registered household."""
        try:
            return self.household_villages[household_id]
        except KeyError:
            raise _fail(
                f"household {household_id}", "is not registered in the ledger", "unknown_id"
            ) from None

    def _village(self, village_id: str) -> None:
        """Check a village is registered."""
        if village_id not in self._index.villages:
            raise _fail(f"village {village_id}", "is not registered in the ledger", "unknown_id")

    def pairing(self, pairing_id: str) -> Pairing:
        """Return the pairing ``pairing_id``.

        Raises:
            LedgerError: No such pairing.
        """
        try:
            return self._index.pairings[pairing_id]
        except KeyError:
            raise _fail(f"pairing {pairing_id}", "is not in the ledger", "unknown_id") from None

    def unit(self, unit_id: str) -> AssistingUnit:
        """Return the registered unit ``unit_id`` (raises :class:`LedgerError` if unknown)."""
        try:
            return self._index.units[unit_id]
        except KeyError:
            raise _fail(
                f"assisting unit {unit_id}", "is not registered in the ledger", "unknown_id"
            ) from None

    def cadre(self, cadre_id: str) -> Cadre:
        """Return the registered cadre ``cadre_id`` (raises :class:`LedgerError` if unknown)."""
        try:
            return self._index.cadres[cadre_id]
        except KeyError:
            raise _fail(
                f"cadre {cadre_id}", "is not registered in the ledger", "unknown_id"
            ) from None

    def village_of(self, household_id: str) -> str:
        """Return the village of a registered household."""
        return self._household(household_id)

    def history(self, household_id: str) -> tuple[Pairing, ...]:
        """Every cadre pairing of the household, oldest first (ended ones included)."""
        self._household(household_id)
        bucket = self._index.by_assisted[PartyKind.HOUSEHOLD].get(household_id, [])
        return tuple(bucket)

    def responsible_pairing(self, household_id: str, on: dt.date) -> Pairing | None:
        """The cadre → household pairing in force on ``on``, or ``None``."""
        for p in self.history(household_id):
            if p.active_on(on):
                return p
        return None

    def responsible_cadre(self, household_id: str, on: dt.date) -> Cadre | None:
        """The cadre responsible for the household on ``on`` (责任人), or ``None``.

        Raises:
            LedgerError: The household is not registered.
        """
        p = self.responsible_pairing(household_id, on)
        return None if p is None else self._index.cadres[p.assisting_id]

    def assisting_units(self, village_id: str, on: dt.date) -> tuple[AssistingUnit, ...]:
        """Units assisting the village on ``on``, by unit id."""
        self._village(village_id)
        bucket = self._index.by_assisted[PartyKind.VILLAGE].get(village_id, [])
        ids = sorted(
            p.assisting_id for p in bucket if p.assisting_kind is PartyKind.UNIT and p.active_on(on)
        )
        return tuple(self._index.units[i] for i in ids)

    def assisting_unit(self, village_id: str, on: dt.date) -> AssistingUnit | None:
        """The unit assisting the village on ``on`` (the first by id if several), or ``None``.

        Raises:
            LedgerError: The village is not registered.
        """
        found = self.assisting_units(village_id, on)
        return found[0] if found else None

    def work_teams(self, village_id: str, on: dt.date) -> tuple[WorkTeam, ...]:
        """Work teams stationed in the village on ``on``, by team id."""
        self._village(village_id)
        postings = self._index.teams_by_village.get(village_id, [])
        return tuple(sorted((t.team for t in postings if t.active_on(on)), key=lambda t: t.team_id))

    def households_of(self, cadre_id: str, on: dt.date) -> tuple[str, ...]:
        """Households the cadre is responsible for on ``on``, sorted."""
        self.cadre(cadre_id)
        bucket = self._index.by_assisting[PartyKind.CADRE].get(cadre_id, [])
        return tuple(sorted(p.assisted_id for p in bucket if p.active_on(on)))

    def villages_of(self, unit_id: str, on: dt.date) -> tuple[str, ...]:
        """Villages the unit assists on ``on``, sorted."""
        self.unit(unit_id)
        bucket = self._index.by_assisting[PartyKind.UNIT].get(unit_id, [])
        return tuple(sorted(p.assisted_id for p in bucket if p.active_on(on)))

    def cadres_of(self, unit_id: str) -> tuple[Cadre, ...]:
        """The unit's registered cadres, by id."""
        self.unit(unit_id)
        return tuple(
            sorted((c for c in self.cadres if c.unit_id == unit_id), key=lambda c: c.cadre_id)
        )

    def pairings_of(
        self, kind: PartyKind | str, party_id: str, *, on: dt.date | None = None
    ) -> tuple[Pairing, ...]:
        """Pairings where ``(kind, party_id)`` is either side (in force on ``on`` if given).

        Use it for cities (对口帮扶) and leaders (挂钩联系, 挂村办点), which are free ids.
        """
        member = PartyKind(kind)
        both = [
            *self._index.by_assisting[member].get(party_id, []),
            *self._index.by_assisted[member].get(party_id, []),
        ]
        return tuple(sorted((p for p in both if on is None or p.active_on(on)), key=_pairing_order))

    def responsible_counts(self, on: dt.date) -> dict[str, int]:
        """Responsible cadres per registered household on ``on`` (0 or 1 in a valid ledger)."""
        counts = dict.fromkeys(self.household_villages, 0)
        for household_id, bucket in self._index.by_assisted[PartyKind.HOUSEHOLD].items():
            counts[household_id] = sum(1 for p in bucket if p.active_on(on))
        return counts

    def cadre_loads(self, on: dt.date) -> dict[str, int]:
        """Households per registered cadre on ``on`` (cadres with none count 0), by cadre id."""
        loads = dict.fromkeys(sorted(self._index.cadres), 0)
        for cadre_id, bucket in self._index.by_assisting[PartyKind.CADRE].items():
            loads[cadre_id] = sum(1 for p in bucket if p.active_on(on))
        return loads

    def plans_for(self, subject_kind: PartyKind | str, subject_id: str) -> tuple[Plan, ...]:
        """Plans recorded for a village or household, oldest first (by ``made_on``, id)."""
        plans = self._index.plans_by_subject.get((PartyKind(subject_kind), subject_id), [])
        return tuple(sorted(plans, key=lambda p: (p.made_on or dt.date.min, p.plan_id)))

    def agreements_for(self, unit_id: str, village_id: str) -> tuple[AssistanceAgreement, ...]:
        """Assistance agreements between the unit and the village, by signing date."""
        found = self._index.agreements.get((unit_id, village_id), [])
        return tuple(sorted(found, key=lambda a: (a.signed_on, a.agreement_id)))
