"""The lookup tables of a responsibility ledger, built and checked once per ledger (private).

Building the index *is* the ledger's validation, in the order a reader would check a
register: the villages and households, the units, their cadres, the pairings (every id
registered), the units' coverage of villages, the cadres' households inside it, the work
teams, the plans and the agreements. Only structural invariants are checked (ids exist and
are not repeated, no dangling link, dates consistent); policy limits are rules that flag
(:mod:`shuangdao.rules.pairing`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from shuangdao.errors import LedgerError
from shuangdao.model.assistance import AssistingUnit, Cadre, Pairing, PartyKind
from shuangdao.model.plan import Plan
from shuangdao.model.responsibility import AssistanceAgreement, TeamPosting

if TYPE_CHECKING:
    from shuangdao.model.ledger import ResponsibilityLedger

__all__ = ["Index", "Interval", "covered", "fail", "pairing_order", "span"]

_ONE_DAY = dt.timedelta(days=1)

Interval = tuple[dt.date, dt.date | None]
"""An inclusive date interval; ``None`` as its end: open."""

Buckets = dict[PartyKind, dict[str, list[Pairing]]]
"""Pairings by party kind, then party id (sorted by start, then id)."""


def span(valid_from: dt.date, valid_to: dt.date | None) -> str:
    """Render an interval for messages."""
    return f"{valid_from.isoformat()}..{valid_to.isoformat() if valid_to else 'open'}"


def fail(
    record: str, detail: str, rule: str, *, field: str | None = None, value: Any = None
) -> LedgerError:
    """Build a :class:`LedgerError` (keeps call sites short)."""
    if field is None:
        return LedgerError(detail, record=record, rule=f"ledger.{rule}")
    return LedgerError(detail, record=record, field=field, value=value, rule=f"ledger.{rule}")


def _unknown(pairing_id: str, kind: str, field: str, value: str) -> LedgerError:
    """A pairing names an unregistered party."""
    return fail(
        f"pairing {pairing_id}",
        f"is not a registered {kind}",
        "unknown_id",
        field=field,
        value=value,
    )


def _not_registered(record: str, kind: str, field: str, value: str) -> LedgerError:
    return fail(record, f"is not a registered {kind}", "unknown_id", field=field, value=value)


def _wrong_type(field: str, kind: str, value: object) -> LedgerError:
    return fail("ledger", f"must hold {kind} objects", "type", field=field, value=value)


def pairing_order(p: Pairing) -> tuple[dt.date, str]:
    """Sort key: start date, then id."""
    return (p.valid_from, p.pairing_id)


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


def covered(merged: list[Interval] | None, start: dt.date, end: dt.date | None) -> bool:
    """Whether ``[start, end]`` lies inside one of the merged intervals."""
    if not merged:
        return False
    for low, high in merged:
        if low <= start and (high is None or (end is not None and end <= high)):
            return True
    return False


# ------------------------------------------------------------------------------ the steps
def _villages(ledger: ResponsibilityLedger) -> frozenset[str]:
    """The registered villages, each once; every household's village among them."""
    villages = frozenset(ledger.village_ids)
    if len(villages) != len(ledger.village_ids):
        seen: set[str] = set()
        for village_id in ledger.village_ids:
            if village_id in seen:
                raise fail(f"village {village_id}", "is registered twice", "duplicate_id")
            seen.add(village_id)
    for household_id, village_id in ledger.household_villages.items():
        if village_id not in villages:
            raise _not_registered(f"household {household_id}", "village", "village_id", village_id)
    return villages


def _units(ledger: ResponsibilityLedger) -> dict[str, AssistingUnit]:
    """The registered units by id, each once."""
    units: dict[str, AssistingUnit] = {}
    for unit in ledger.units:
        if not isinstance(unit, AssistingUnit):
            raise _wrong_type("units", "AssistingUnit", unit)
        if unit.unit_id in units:
            raise fail(f"assisting unit {unit.unit_id}", "is registered twice", "duplicate_id")
        units[unit.unit_id] = unit
    return units


def _cadres(ledger: ResponsibilityLedger, units: Mapping[str, AssistingUnit]) -> dict[str, Cadre]:
    """The registered cadres by id, each once and each of a registered unit."""
    cadres: dict[str, Cadre] = {}
    for cadre in ledger.cadres:
        if not isinstance(cadre, Cadre):
            raise _wrong_type("cadres", "Cadre", cadre)
        if cadre.cadre_id in cadres:
            raise fail(f"cadre {cadre.cadre_id}", "is registered twice", "duplicate_id")
        if cadre.unit_id not in units:
            raise _not_registered(f"cadre {cadre.cadre_id}", "unit", "unit_id", cadre.unit_id)
        cadres[cadre.cadre_id] = cadre
    return cadres


def _pairings(
    ledger: ResponsibilityLedger,
    units: Mapping[str, AssistingUnit],
    cadres: Mapping[str, Cadre],
    villages: frozenset[str],
) -> tuple[dict[str, Pairing], Buckets, Buckets]:
    """Every pairing by id, and by each side; each naming registered parties.

    Cities and leaders are free ids; cadres, households, units and villages must be
    registered.
    """
    pairings: dict[str, Pairing] = {}
    by_assisting: Buckets = {k: {} for k in PartyKind}
    by_assisted: Buckets = {k: {} for k in PartyKind}
    households = ledger.household_villages
    unit_kind, cadre_kind = PartyKind.UNIT, PartyKind.CADRE
    village_kind, household_kind = PartyKind.VILLAGE, PartyKind.HOUSEHOLD
    of_cadre, of_household = by_assisting[cadre_kind], by_assisted[household_kind]
    of_unit, of_village = by_assisting[unit_kind], by_assisted[village_kind]
    for p in ledger.pairings:
        if type(p) is not Pairing and not isinstance(p, Pairing):
            raise _wrong_type("pairings", "Pairing", p)
        pid, assisting, aid, bid = p.pairing_id, p.assisting_kind, p.assisting_id, p.assisted_id
        if pid in pairings:
            raise fail(
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
            first, second = by_assisting[assisting], by_assisted[assisted]
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
    for inner in (*by_assisting.values(), *by_assisted.values()):
        for bucket in inner.values():
            if len(bucket) > 1:
                bucket.sort(key=pairing_order)
    return pairings, by_assisting, by_assisted


def _coverage(of_village: Mapping[str, list[Pairing]]) -> dict[tuple[str, str], list[Interval]]:
    """When each unit assists each village (merged intervals); never the same pair twice at once.

    Any number of units may assist a village at once: that is a policy limit, flagged by the
    rule ``pairing.units_per_village``, not refused here.
    """
    raw: dict[tuple[str, str], list[Interval]] = {}
    for village_id, bucket in of_village.items():
        for p in bucket:
            if p.assisting_kind is not PartyKind.UNIT:
                continue
            spans = raw.setdefault((p.assisting_id, village_id), [])
            if spans and (spans[-1][1] is None or spans[-1][1] >= p.valid_from):
                raise fail(
                    f"pairing {p.pairing_id}",
                    f"overlaps another pairing of unit {p.assisting_id} with village "
                    f"{village_id} on {p.valid_from.isoformat()}",
                    "overlap",
                )
            spans.append((p.valid_from, p.valid_to))
    return {pair: _merge(spans) for pair, spans in raw.items()}


def _check_cadre_pairings(
    of_household: Mapping[str, list[Pairing]],
    households: Mapping[str, str],
    cadres: Mapping[str, Cadre],
    coverage: Mapping[tuple[str, str], list[Interval]],
) -> None:
    """Cadre → household pairings: never twice at once, only inside the unit's villages.

    The link hangs from the unit's pairing with the village (no dangling link).

    Several cadres may be responsible for one household at once: the policy asks for a named
    responsible person (at least one) and sets no maximum (rule
    ``pairing.household_responsible``).
    """
    for household_id, bucket in of_household.items():
        village_id = households[household_id]
        ends: dict[str, tuple[dt.date | None, Pairing]] = {}
        for p in bucket:
            previous = ends.get(p.assisting_id)
            if previous is not None and (previous[0] is None or previous[0] >= p.valid_from):
                other = previous[1]
                raise fail(
                    f"pairing {p.pairing_id}",
                    f"pairs cadre {p.assisting_id} with household {household_id} twice on "
                    f"{p.valid_from.isoformat()} (pairing {other.pairing_id} runs "
                    f"{span(other.valid_from, other.valid_to)})",
                    "overlap",
                )
            ends[p.assisting_id] = (p.valid_to, p)  # sorted by start: the latest end
            unit_id = cadres[p.assisting_id].unit_id
            if not covered(coverage.get((unit_id, village_id)), p.valid_from, p.valid_to):
                raise fail(
                    f"pairing {p.pairing_id}",
                    f"puts cadre {p.assisting_id} of unit {unit_id} in charge of household "
                    f"{household_id} in village {village_id} for "
                    f"{span(p.valid_from, p.valid_to)}, but unit {unit_id} does not "
                    f"assist village {village_id} throughout (end the cadre pairings "
                    "first, or pass cascade=True to end_pairing)",
                    "cadre_outside_unit_villages",
                )


def _teams(
    ledger: ResponsibilityLedger,
    units: Mapping[str, AssistingUnit],
    cadres: Mapping[str, Cadre],
    villages: frozenset[str],
    coverage: Mapping[tuple[str, str], list[Interval]],
) -> tuple[dict[str, TeamPosting], dict[str, list[TeamPosting]]]:
    """Work-team postings by id and by village.

    Each posting is of a registered unit, with its own cadres, in a village the unit assists
    throughout the posting.
    """
    teams: dict[str, TeamPosting] = {}
    by_village: dict[str, list[TeamPosting]] = {}
    for posting in ledger.teams:
        if not isinstance(posting, TeamPosting):
            raise _wrong_type("teams", "TeamPosting", posting)
        team = posting.team
        record = f"work team {team.team_id}"
        if team.team_id in teams:
            raise fail(record, "is used twice", "duplicate_id", field="team_id", value=team.team_id)
        if team.unit_id not in units:
            raise _not_registered(record, "unit", "unit_id", team.unit_id)
        if team.village_id not in villages:
            raise _not_registered(record, "village", "village_id", team.village_id)
        for cadre_id in team.cadre_ids:
            member = cadres.get(cadre_id)
            if member is None:
                raise _not_registered(record, "cadre", "cadre_ids", cadre_id)
            if member.unit_id != team.unit_id:
                raise fail(
                    record,
                    f"belongs to unit {member.unit_id}, not {team.unit_id}",
                    "team_member_of_other_unit",
                    field="cadre_ids",
                    value=cadre_id,
                )
        if not covered(
            coverage.get((team.unit_id, team.village_id)), posting.valid_from, posting.valid_to
        ):
            raise fail(
                record,
                f"is stationed in village {team.village_id} for "
                f"{span(posting.valid_from, posting.valid_to)}, but unit {team.unit_id} "
                f"does not assist village {team.village_id} throughout",
                "team_outside_unit_villages",
            )
        teams[team.team_id] = posting
        by_village.setdefault(team.village_id, []).append(posting)
    return teams, by_village


def _plans(
    ledger: ResponsibilityLedger, villages: frozenset[str]
) -> tuple[dict[str, Plan], dict[tuple[PartyKind, str], list[Plan]]]:
    """Plans by id and by subject, each of a registered village or household."""
    plans: dict[str, Plan] = {}
    by_subject: dict[tuple[PartyKind, str], list[Plan]] = {}
    households = ledger.household_villages
    for plan in ledger.plans:
        if not isinstance(plan, Plan):
            raise _wrong_type("plans", "Plan", plan)
        record = f"plan {plan.plan_id}"
        if plan.plan_id in plans:
            raise fail(record, "is used twice", "duplicate_id", field="plan_id", value=plan.plan_id)
        known = (
            plan.subject_id in households
            if plan.subject_kind is PartyKind.HOUSEHOLD
            else plan.subject_id in villages
        )
        if not known:
            raise _not_registered(record, plan.subject_kind.value, "subject_id", plan.subject_id)
        plans[plan.plan_id] = plan
        by_subject.setdefault((plan.subject_kind, plan.subject_id), []).append(plan)
    return plans, by_subject


def _agreements(
    ledger: ResponsibilityLedger, units: Mapping[str, AssistingUnit], villages: frozenset[str]
) -> dict[tuple[str, str], list[AssistanceAgreement]]:
    """Agreements by (unit, village), each id once, of a registered unit and village."""
    agreements: dict[tuple[str, str], list[AssistanceAgreement]] = {}
    ids: set[str] = set()
    for agreement in ledger.agreements:
        if not isinstance(agreement, AssistanceAgreement):
            raise _wrong_type("agreements", "AssistanceAgreement", agreement)
        record = f"assistance agreement {agreement.agreement_id}"
        if agreement.agreement_id in ids:
            raise fail(
                record,
                "is used twice",
                "duplicate_id",
                field="agreement_id",
                value=agreement.agreement_id,
            )
        if agreement.unit_id not in units:
            raise _not_registered(record, "unit", "unit_id", agreement.unit_id)
        if agreement.village_id not in villages:
            raise _not_registered(record, "village", "village_id", agreement.village_id)
        ids.add(agreement.agreement_id)
        agreements.setdefault((agreement.unit_id, agreement.village_id), []).append(agreement)
    return agreements


class Index:
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
        self.villages = _villages(ledger)
        self.units = _units(ledger)
        self.cadres = _cadres(ledger, self.units)
        self.pairings, self.by_assisting, self.by_assisted = _pairings(
            ledger, self.units, self.cadres, self.villages
        )
        self.coverage = _coverage(self.by_assisted[PartyKind.VILLAGE])
        _check_cadre_pairings(
            self.by_assisted[PartyKind.HOUSEHOLD],
            ledger.household_villages,
            self.cadres,
            self.coverage,
        )
        self.teams, self.teams_by_village = _teams(
            ledger, self.units, self.cadres, self.villages, self.coverage
        )
        self.plans, self.plans_by_subject = _plans(ledger, self.villages)
        self.agreements = _agreements(ledger, self.units, self.villages)
