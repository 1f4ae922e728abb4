"""The responsibility ledger (责任到人、规划到户): who assists whom, from when to when.

A :class:`ResponsibilityLedger` is an immutable value holding the register of a round — the
assisted villages and households (with each household's village), the assisting units
(帮扶单位) and their cadres (干部) — and, over time, the :class:`~shuangdao.model.Pairing`
records (unit → village 定点帮扶, cadre → household 责任到人, city → city 对口帮扶,
leader → city 挂钩联系, leader → village 挂村办点), the resident work teams (驻村工作队, as
dated :class:`~shuangdao.model.responsibility.TeamPosting` records), the plans (一村一策、
一户一法) and the assistance agreements (帮扶协议, regulation ch. 3, S17).

Every operation returns a **new** ledger; the old one is unchanged, so a reassignment keeps
the history and "who was responsible for household H on date D" is always answerable.

The ledger keeps **structural invariants only**, and an operation that would break one
raises :class:`~shuangdao.errors.LedgerError` naming the record:

* an unknown id, a repeated id;
* a dangling link: a cadre responsible for a household outside the villages its unit
  assists on that date, a work team stationed where its unit does not assist, a team member
  of another unit;
* inconsistent dates: an interval that ends before it starts, the same unit paired twice at
  once with one village, the same cadre paired twice at once with one household.

**Policy limits are rules that flag, not refusals.** Several units may assist one village at
once and several cadres may be responsible for one household: the rules
``pairing.units_per_village`` (at most ``pairing.max_units_per_village``, 1 by default,
assumed), ``pairing.household_responsible`` (at least one responsible cadre; a cap only when
``pairing.responsible_cadres_limited``) and ``pairing.cadre_load`` flag them
(:mod:`shuangdao.rules.pairing`, :mod:`shuangdao.reports`).

Cities and leaders are free ids (the ledger keeps no register of them); every other id must
be registered first.

Each new ledger re-validates and re-indexes everything (linear in its size, about a second
for a round-1-sized ledger of 370,000 pairings), so build large ledgers in bulk with
:meth:`ResponsibilityLedger.add_pairings` or :func:`shuangdao.assignment.assign`, not one
pairing at a time.

.. versionchanged:: 0.2.0 Moved here from ``shuangdao.ledger`` (issue 13); two units on one
   village and two cadres on one household are recorded (issue 13 item 6, issue 15 item 4).

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
import warnings
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs
from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.model._ledger_index import Index, fail, pairing_order
from shuangdao.model.assistance import AssistingUnit, Cadre, Pairing, PartyKind, WorkTeam
from shuangdao.model.fields import as_iterable
from shuangdao.model.household import Household
from shuangdao.model.plan import Plan
from shuangdao.model.responsibility import AssistanceAgreement, TeamPosting
from shuangdao.model.village import Village

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["ResponsibilityLedger", "trusted_pairing"]

_ONE_DAY = dt.timedelta(days=1)


def trusted_pairing(  # noqa: PLR0917 - mirrors Pairing's positional fields
    pairing_id: str,
    assisting_kind: PartyKind,
    assisting_id: str,
    assisted_kind: PartyKind,
    assisted_id: str,
    valid_from: dt.date,
) -> Pairing:
    """Build an open :class:`~shuangdao.model.Pairing` from valid parts, skipping validation.

    For bulk builders (:func:`shuangdao.assignment.assign` makes 370,000 of these at round-1
    scale, where validating each id costs seconds): the caller guarantees the ids are valid
    ids of validated records and the kinds an allowed pair. A ledger holding the pairing
    still checks every structural invariant (each id registered, no dangling link). The
    result compares equal to ``Pairing(...)`` built the normal way (a test checks it).

    Example:
        >>> import datetime as dt
        >>> p = trusted_pairing("UV1", PartyKind.UNIT, "U1", PartyKind.VILLAGE, "V1",
        ...                     dt.date(2010, 3, 1))
        >>> p == Pairing(pairing_id="UV1", assisting_kind="unit", assisting_id="U1",
        ...              assisted_kind="village", assisted_id="V1", valid_from=dt.date(2010, 3, 1))
        True
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


def _deprecated_limit(value: object) -> int | None:
    """Accept the removed ``max_units_per_village`` for one release, with a warning."""
    if value is None:
        return None
    warnings.warn(
        "ResponsibilityLedger(max_units_per_village=...) is no longer checked by the ledger: "
        "several units may assist one village, and the rule pairing.units_per_village "
        "(shuangdao.rules.pairing.check_units_per_village, shuangdao.reports.limit_report) "
        "flags villages above pairing.max_units_per_village; the argument will be removed "
        "in the next release",
        DeprecationWarning,
        stacklevel=4,
    )
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidRecordError(
            "must be a positive integer", field="max_units_per_village", value=value
        )
    return value


@frozen
class ResponsibilityLedger:
    """An immutable register of pairings over time, teams, plans and agreements.

    Build one with :meth:`create`; change it only through its methods, each of which
    returns a new, fully validated ledger. The value round-trips through
    :func:`shuangdao.serialize.to_json` / :func:`~shuangdao.serialize.from_json` exactly.
    A ledger is not hashable (it holds a mapping).

    Attributes:
        village_ids: Registered (assisted) villages, sorted.
        household_villages: Registered (assisted) households → their village.
        units: Registered assisting units (帮扶单位).
        cadres: Registered cadres (干部), each of a registered unit.
        pairings: Every pairing ever recorded (ended ones included).
        teams: Work-team postings (驻村工作队).
        plans: Village and household plans (一村一策、一户一法).
        agreements: Assistance agreements (帮扶协议).
        max_units_per_village: Deprecated, ignored (``None``): the ledger no longer refuses
            several units on a village; the rule ``pairing.units_per_village`` flags them.

    .. versionchanged:: 0.2.0 ``max_units_per_village`` is deprecated and no longer checked;
       several cadres may be responsible for one household at once (issue 15 item 4).
    """

    village_ids: tuple[str, ...] = field(default=(), converter=_village_ids)
    household_villages: Mapping[str, str] = field(factory=dict, converter=_household_villages)
    units: tuple[AssistingUnit, ...] = field(default=(), converter=_units)
    cadres: tuple[Cadre, ...] = field(default=(), converter=_cadres)
    pairings: tuple[Pairing, ...] = field(default=(), converter=_pairings)
    teams: tuple[TeamPosting, ...] = field(default=(), converter=_teams)
    plans: tuple[Plan, ...] = field(default=(), converter=_plans)
    agreements: tuple[AssistanceAgreement, ...] = field(default=(), converter=_agreements)
    max_units_per_village: int | None = field(
        default=None, converter=_deprecated_limit, eq=False, repr=False
    )
    _index: Index = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", Index(self))

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
            standards: Deprecated and ignored: the ledger reads no standards (its limits
                are rules, :mod:`shuangdao.rules.pairing`).

        Raises:
            LedgerError: A repeated or unknown id.

        .. versionchanged:: 0.2.0 ``standards`` is deprecated: no parameter is read.
        """
        if standards is not None:
            warnings.warn(
                "ResponsibilityLedger.create(standards=...) is ignored: the ledger reads no "
                "standards (pairing.max_units_per_village is read by the rule "
                "pairing.units_per_village); the argument will be removed in the next release",
                DeprecationWarning,
                stacklevel=2,
            )
        village_ids = [v.village_id if isinstance(v, Village) else v for v in villages]
        if isinstance(households, Mapping):
            household_villages = dict(households)
        else:
            household_villages = {}
            for household in households:
                if household.household_id in household_villages:
                    raise fail(
                        f"household {household.household_id}", "is registered twice", "duplicate_id"
                    )
                household_villages[household.household_id] = household.village_id
        return cls(
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
                raise fail(f"household {household_id}", "is registered twice", "duplicate_id")
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
            raise fail(
                record,
                f"would end before it starts ({old.valid_from.isoformat()})",
                "interval",
                field="valid_to",
                value=on,
            )
        if old.valid_to is not None and old.valid_to < on:
            raise fail(
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
        from_cadre: str | None = None,
        pairing_id: str | None = None,
        note: str = "",
    ) -> ResponsibilityLedger:
        """Hand a household from one cadre to another from the day after ``on``.

        The old pairing ends on ``on``; the new one starts the next day and keeps the old
        one's planned end (or stays open). History is kept. When several cadres are
        responsible for the household on ``on``, name the one handing over (``from_cadre``);
        the others stay.

        Args:
            household_id: The household.
            new_cadre_id: The cadre taking over (of a unit assisting the household's village).
            on: The old cadre's last day.
            from_cadre: The cadre handing over (needed only when several are responsible).
            pairing_id: Id of the new pairing (default ``"<household>@<next day>"``).
            note: Reason for the reassignment, kept on the new pairing.

        Raises:
            LedgerError: Unknown household or cadre; no cadre responsible on ``on`` (or not
                ``from_cadre``); several responsible and ``from_cadre`` not given; a cadre
                already responsible; or the new pairing is invalid (outside the unit's
                villages).

        .. versionchanged:: 0.2.0 ``from_cadre`` added (several cadres may be responsible).
        """
        record = f"household {household_id}"
        self._household(household_id)
        if new_cadre_id not in self._index.cadres:
            raise fail(
                record,
                "is not a registered cadre",
                "unknown_id",
                field="new_cadre_id",
                value=new_cadre_id,
            )
        active = self.responsible_pairings(household_id, on)
        if from_cadre is not None:
            active = tuple(p for p in active if p.assisting_id == from_cadre)
        if not active:
            whom = "no responsible cadre" if from_cadre is None else f"no cadre {from_cadre}"
            raise fail(
                record, f"has {whom} on {on.isoformat()} to hand over; use add_pairing", "reassign"
            )
        if len(active) > 1:
            names = ", ".join(p.assisting_id for p in active)
            raise fail(
                record,
                f"has {len(active)} responsible cadres on {on.isoformat()} ({names}): name the "
                "one handing over with from_cadre=",
                "reassign",
            )
        current = active[0]
        taken = [
            p for p in self.responsible_pairings(household_id, on) if p.assisting_id == new_cadre_id
        ]
        if taken:
            raise fail(
                record,
                f"is already in the charge of cadre {new_cadre_id} (pairing {taken[0].pairing_id})",
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
            raise fail(
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
            raise fail(record, "is not in the ledger", "unknown_id")
        if on < posting.valid_from:
            raise fail(
                record,
                f"would end before it starts ({posting.valid_from.isoformat()})",
                "interval",
                field="valid_to",
                value=on,
            )
        if posting.valid_to is not None and posting.valid_to < on:
            raise fail(
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
            raise fail(
                f"household {household_id}", "is not registered in the ledger", "unknown_id"
            ) from None

    def _village(self, village_id: str) -> None:
        """Check a village is registered."""
        if village_id not in self._index.villages:
            raise fail(f"village {village_id}", "is not registered in the ledger", "unknown_id")

    def pairing(self, pairing_id: str) -> Pairing:
        """Return the pairing ``pairing_id``.

        Raises:
            LedgerError: No such pairing.
        """
        try:
            return self._index.pairings[pairing_id]
        except KeyError:
            raise fail(f"pairing {pairing_id}", "is not in the ledger", "unknown_id") from None

    def unit(self, unit_id: str) -> AssistingUnit:
        """Return the registered unit ``unit_id`` (raises :class:`LedgerError` if unknown)."""
        try:
            return self._index.units[unit_id]
        except KeyError:
            raise fail(
                f"assisting unit {unit_id}", "is not registered in the ledger", "unknown_id"
            ) from None

    def cadre(self, cadre_id: str) -> Cadre:
        """Return the registered cadre ``cadre_id`` (raises :class:`LedgerError` if unknown)."""
        try:
            return self._index.cadres[cadre_id]
        except KeyError:
            raise fail(
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

    def responsible_pairings(self, household_id: str, on: dt.date) -> tuple[Pairing, ...]:
        """Every cadre → household pairing in force on ``on`` (by start, then id).

        Raises:
            LedgerError: The household is not registered.
        """
        return tuple(p for p in self.history(household_id) if p.active_on(on))

    def responsible_cadres(self, household_id: str, on: dt.date) -> tuple[Cadre, ...]:
        """Every cadre responsible for the household on ``on`` (责任人), by pairing start.

        Raises:
            LedgerError: The household is not registered.
        """
        cadres = self._index.cadres
        return tuple(cadres[p.assisting_id] for p in self.responsible_pairings(household_id, on))

    def responsible_pairing(self, household_id: str, on: dt.date) -> Pairing | None:
        """The cadre → household pairing in force on ``on``, or ``None``.

        Raises:
            LedgerError: The household is not registered, or several cadres are responsible
                on ``on`` (ask :meth:`responsible_pairings`).
        """
        active = self.responsible_pairings(household_id, on)
        if len(active) > 1:
            raise self._several(household_id, on, active)
        return active[0] if active else None

    def responsible_cadre(self, household_id: str, on: dt.date) -> Cadre | None:
        """The cadre responsible for the household on ``on`` (责任人), or ``None``.

        Raises:
            LedgerError: The household is not registered, or several cadres are responsible
                on ``on`` (ask :meth:`responsible_cadres`).
        """
        p = self.responsible_pairing(household_id, on)
        return None if p is None else self._index.cadres[p.assisting_id]

    @staticmethod
    def _several(household_id: str, on: dt.date, active: tuple[Pairing, ...]) -> Exception:
        names = ", ".join(p.assisting_id for p in active)
        return fail(
            f"household {household_id}",
            f"has {len(active)} responsible cadres on {on.isoformat()} ({names}): ask "
            "responsible_cadres() for all of them",
            "several_responsible",
        )

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
        return tuple(sorted((p for p in both if on is None or p.active_on(on)), key=pairing_order))

    def responsible_counts(self, on: dt.date) -> dict[str, int]:
        """Responsible cadres per registered household on ``on`` (any number; 0 is a gap)."""
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
