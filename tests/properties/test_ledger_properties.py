"""Invariants of the responsibility ledger and the assignment helper (Hypothesis)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangdao.assignment import assign, plan_assignment
from shuangdao.errors import LedgerError, NoSolutionError
from shuangdao.model import Pairing, PartyKind, ResponsibilityLedger
from shuangdao.reports import gap_report, overload_report
from shuangdao.rules.pairing import (
    check_cadre_load,
    check_household_responsibility,
    check_village_assistance,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.testing._pairing import (
    AssignmentInput,
    assignment_inputs,
    assistance_agreements,
    ledgers,
    shared_assignment_inputs,
)

ON = dt.date(2010, 3, 1)
Op = tuple[str, str, str, dt.date, str]
"""(kind, household, cadre, day, new pairing id)."""
Row = list[Any]
"""[cadre, valid_from, valid_to] of the expected history."""
DAYS = st.integers(0, 60).map(lambda n: ON + dt.timedelta(days=n))


def _assign(data: AssignmentInput, *, keep_county_with_city: bool = False):
    return assign(
        data.units,
        data.villages,
        data.households,
        data.cadres,
        on=ON,
        constraints=data.constraints(keep_county_with_city=keep_county_with_city),
    )


@given(assignment_inputs())
def test_helper_output_passes_every_check(data: AssignmentInput) -> None:
    """When capacity suffices, the result passes the village, household and load checks."""
    result = _assign(data)
    ledger = result.ledger
    for village in data.villages:
        assert check_village_assistance(village, ledger=ledger, on=ON).outcome
    for household_id in data.households:
        assert check_household_responsibility(household_id, ledger=ledger, on=ON).outcome
    for cadre in data.cadres:
        d = check_cadre_load(
            cadre.cadre_id, ledger=ledger, on=ON, max_households=data.max_households
        )
        assert d.outcome
    assert len(gap_report(ledger, on=ON)) == 0
    assert len(overload_report(ledger, on=ON, max_households=data.max_households)) == 0


@given(assignment_inputs(), st.randoms(use_true_random=False))
def test_helper_is_order_independent(data: AssignmentInput, rng) -> None:
    """Shuffling every input gives the same ledger."""
    units, villages = list(data.units), list(data.villages)
    households, cadres = list(data.households.items()), list(data.cadres)
    for items in (units, villages, households, cadres):
        rng.shuffle(items)  # type: ignore[arg-type]
    other = assign(units, villages, dict(households), cadres, on=ON, constraints=data.constraints())
    assert other.ledger == _assign(data).ledger


@given(assignment_inputs())
def test_loads_balanced_within_each_unit(data: AssignmentInput) -> None:
    """Within a unit that got villages, loads of its used cadres differ by at most one."""
    result = _assign(data)
    used_units = set(result.village_units.values())
    by_unit: dict[str, list[int]] = {}
    for posting in result.ledger.teams:
        for cadre_id in posting.team.cadre_ids:
            by_unit.setdefault(posting.team.unit_id, []).append(result.loads[cadre_id])
    for unit_id in used_units:
        loads = by_unit[unit_id]
        assert max(loads) - min(loads) <= 1


@given(assignment_inputs(with_cities=True))
def test_county_constraint(data: AssignmentInput) -> None:
    """With keep_county_with_city, each county's city-unit villages share one city."""
    result = _assign(data, keep_county_with_city=True)
    city_of = {u.unit_id: u.city_id for u in data.units if u.kind.value == "developed_region_city"}
    cities: dict[str | None, set[str]] = {}
    for village in data.villages:
        city = city_of.get(result.village_units[village.village_id])
        if city is not None:
            cities.setdefault(village.county_id, set()).add(city)
    assert all(len(found) == 1 for found in cities.values())
    assert len(gap_report(result.ledger, on=ON)) == 0


@given(assignment_inputs(feasible=False))
def test_short_capacity_names_the_shortfall(data: AssignmentInput) -> None:
    """When village slots are short, the error gives the exact shortfall."""
    slots = data.village_slots()
    short = len(data.villages) - slots
    assert short > 0
    with pytest.raises(NoSolutionError) as info:
        _assign(data)
    assert (
        f"total village capacity {slots:,} is short of {len(data.villages):,} villages by {short:,}"
        in str(info.value)
    )


def _passes_every_check(data: AssignmentInput, result) -> None:
    """The result passes the village, household and load checks; teams stay within k units."""
    ledger = result.ledger
    k = data.max_units_per_village or 1
    for village in data.villages:
        assert check_village_assistance(village, ledger=ledger, on=ON).outcome
        units = {u.unit_id for u in ledger.assisting_units(village.village_id, ON)}
        assert 1 <= len(units) <= k
        assert units == set(result.village_teams[village.village_id])
        assert (
            result.village_units[village.village_id] == result.village_teams[village.village_id][0]
        )
        teams = ledger.work_teams(village.village_id, ON)
        assert {t.unit_id for t in teams} == units
        assert all(t.cadre_ids for t in teams)
    for household_id, village_id in data.households.items():
        assert check_household_responsibility(household_id, ledger=ledger, on=ON).outcome
        cadre = ledger.responsible_cadre(household_id, ON)
        assert cadre is not None
        assert cadre.unit_id in result.village_teams[village_id]
    for cadre in data.cadres:
        d = check_cadre_load(
            cadre.cadre_id, ledger=ledger, on=ON, max_households=data.max_households
        )
        assert d.outcome
    assert len(gap_report(ledger, on=ON)) == 0
    assert len(overload_report(ledger, on=ON, max_households=data.max_households)) == 0


@given(shared_assignment_inputs(generous=True))
def test_shared_villages_pass_every_check_when_capacity_suffices(data: AssignmentInput) -> None:
    """With k > 1, units with a slot for every village and enough cadres always succeed."""
    assert data.cadre_capacity() >= len(data.households)
    _passes_every_check(data, _assign(data))


@given(shared_assignment_inputs())
def test_shared_villages_pass_every_check_or_say_why(data: AssignmentInput) -> None:
    """With drawn slots the helper either passes every check or raises NoSolutionError."""
    message = ""
    try:
        result = _assign(data)
    except NoSolutionError as error:
        message = str(error)
    if message:
        assert "could not be placed" in message or "total village capacity" in message
    else:
        _passes_every_check(data, result)


@given(shared_assignment_inputs(generous=True), st.randoms(use_true_random=False))
def test_shared_villages_are_order_independent(data: AssignmentInput, rng) -> None:
    """Shuffling every input gives the same ledger with k > 1 too."""
    units, villages = list(data.units), list(data.villages)
    households, cadres = list(data.households.items()), list(data.cadres)
    for items in (units, villages, households, cadres):
        rng.shuffle(items)  # type: ignore[arg-type]
    other = assign(units, villages, dict(households), cadres, on=ON, constraints=data.constraints())
    assert other.ledger == _assign(data).ledger


@given(assignment_inputs())
def test_more_units_allowed_changes_nothing_when_one_suffices(data: AssignmentInput) -> None:
    """Where one unit per village works (k = 1), allowing k = 4 gives the same ledger pairings."""
    one = _assign(data)
    four = assign(
        data.units,
        data.villages,
        data.households,
        data.cadres,
        on=ON,
        constraints=attrs.evolve(data.constraints(), max_units_per_village=4),
    )
    assert one.ledger.pairings == four.ledger.pairings
    assert one.ledger.teams == four.ledger.teams


# ------------------------------------------------------------------ operation sequences


@st.composite
def operations(draw: st.DrawFn, ledger: ResponsibilityLedger) -> list[Op]:
    """Random reassignments, ends and new pairings (valid or not) on a ledger."""
    households = sorted(ledger.household_villages)
    cadres = sorted(c.cadre_id for c in ledger.cadres)
    if not households or not cadres:
        return []
    ops: list[Op] = []
    for i in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["reassign", "end", "add"]))
        household = draw(st.sampled_from(households[:2]))  # few households: ops interact
        unit = ledger.assisting_unit(ledger.village_of(household), ON)
        local = [c.cadre_id for c in ledger.cadres_of(unit.unit_id)] if unit else []
        use_local = bool(local) and draw(st.booleans())
        cadre = draw(st.sampled_from(local if use_local else cadres))
        day = draw(DAYS)
        ops.append((kind, household, cadre, day, f"N{i}"))
    return ops


def _apply(ledger: ResponsibilityLedger, op: Op) -> ResponsibilityLedger:
    kind, household, cadre, day, pid = op
    if kind == "reassign":
        return ledger.reassign(household, cadre, day, pairing_id=pid)
    if kind == "end":
        active = ledger.responsible_pairings(household, day)
        if len(active) != 1:
            raise LedgerError("nothing (or no single pairing) to end")
        return ledger.end_pairing(active[0].pairing_id, day)
    own = [p.valid_to for p in ledger.history(household) if p.assisting_id == cadre]
    return ledger.add_pairing(
        Pairing(
            pairing_id=pid,
            assisting_kind=PartyKind.CADRE,
            assisting_id=cadre,
            assisted_kind=PartyKind.HOUSEHOLD,
            assisted_id=household,
            valid_from=_add_start(own, day),
        )
    )


def _add_start(ends: list[dt.date | None], day: dt.date) -> dt.date:
    """Start a new pairing after the cadre's last one ended, if it did (so some adds succeed)."""
    if ends and ends[-1] is not None:
        return max(day, ends[-1] + dt.timedelta(days=1))
    return day


def _model_apply(state: dict[str, list[Row]], op: Op) -> None:
    """Expected history: household -> [[cadre, from, to, id]], mirroring a successful op."""
    kind, household, cadre, day, pid = op
    rows = state[household]
    if kind == "add":
        own = sorted((r for r in rows if r[0] == cadre), key=lambda r: (r[1], r[3]))
        rows.append([cadre, _add_start([r[2] for r in own], day), None, pid])
    else:
        current = next(r for r in rows if r[1] <= day and (r[2] is None or day <= r[2]))
        old_end = current[2]
        current[2] = day
        if kind == "reassign":
            end = old_end if old_end and old_end > day else None
            rows.append([cadre, day + dt.timedelta(days=1), end, pid])
    rows.sort(key=lambda r: (r[1], r[3]))


def _active(rows: list[Row], day: dt.date) -> list[str]:
    return [r[0] for r in rows if r[1] <= day and (r[2] is None or day <= r[2])]


@given(ledgers(on=ON).flatmap(lambda led: st.tuples(st.just(led), operations(led))))
def test_operation_sequences_keep_history_and_each_cadre_once(case) -> None:
    """Any sequence of operations: the history matches a model; a cadre never twice at once.

    Several cadres may be responsible for one household at once (issue 15 item 4): the
    ledger records them, and ``responsible_cadres`` names exactly those the model has.
    """
    ledger, ops = case
    state = {
        h: [[p.assisting_id, p.valid_from, p.valid_to, p.pairing_id] for p in ledger.history(h)]
        for h in ledger.household_villages
    }
    for op in ops:
        try:
            new = _apply(ledger, op)
        except LedgerError:
            continue  # refused: the ledger value is unchanged
        _model_apply(state, op)
        ledger = new
        for household_id in ledger.household_villages:
            history = ledger.history(household_id)
            rows = state[household_id]
            assert [[p.assisting_id, p.valid_from, p.valid_to, p.pairing_id] for p in history] == (
                rows
            )
            by_cadre: dict[str, list[Pairing]] = {}
            for p in history:
                by_cadre.setdefault(p.assisting_id, []).append(p)
            for own in by_cadre.values():
                for earlier, later in itertools.pairwise(own):
                    assert earlier.valid_to is not None
                    assert earlier.valid_to < later.valid_from
            for day in (op[3], op[3] + dt.timedelta(days=1)):
                cadres = [c.cadre_id for c in ledger.responsible_cadres(household_id, day)]
                assert cadres == _active(rows, day)
                assert ledger.responsible_counts(day)[household_id] == len(cadres)
                if len(cadres) <= 1:
                    cadre = ledger.responsible_cadre(household_id, day)
                    assert (cadre.cadre_id if cadre else None) == (cadres[0] if cadres else None)
                else:
                    with pytest.raises(LedgerError, match="responsible cadres"):
                        ledger.responsible_cadre(household_id, day)


@given(ledgers(on=ON), st.lists(assistance_agreements(), max_size=2))
def test_ledgers_round_trip_through_json(ledger: ResponsibilityLedger, agreements) -> None:
    """to_json/from_json reproduce the ledger exactly (agreements included when valid)."""
    for agreement in agreements:
        with contextlib.suppress(LedgerError):  # an id repeated by the strategy
            ledger = ledger.add_agreement(agreement)
    text = to_json(ledger)
    back = from_json(text, ResponsibilityLedger)
    assert back == ledger
    assert to_json(back) == text


def _plan_agrees(data: AssignmentInput, *, keep_county_with_city: bool = False) -> None:
    """The plan (from village sizes only) names every household's ledger cadre and unit."""
    result = _assign(data, keep_county_with_city=keep_county_with_city)
    sizes: dict[str, int] = {v.village_id: 0 for v in data.villages}
    for village_id in data.households.values():
        sizes[village_id] += 1
    plan = plan_assignment(
        data.units,
        sizes,
        data.cadres,
        on=ON,
        constraints=data.constraints(keep_county_with_city=keep_county_with_city),
        counties={v.village_id: v.county_id for v in data.villages},
    )
    assert dict(plan.village_teams) == dict(result.village_teams)
    assert plan.loads == dict(result.loads)
    unit_of = {c.cadre_id: c.unit_id for c in data.cadres}
    for village_id in sizes:
        members = sorted(h for h, v in data.households.items() if v == village_id)
        for rank, household_id in enumerate(members):
            cadre = result.ledger.responsible_cadre(household_id, ON)
            assert cadre is not None
            assert plan.responsible(village_id, rank) == (unit_of[cadre.cadre_id], cadre.cadre_id)


@given(assignment_inputs(), st.booleans())
def test_the_plan_pairs_every_household_as_the_helper_does(
    data: AssignmentInput, keep: bool
) -> None:
    """plan_assignment (village sizes only) == assign (the ledger), household by household."""
    with contextlib.suppress(NoSolutionError):
        _plan_agrees(data, keep_county_with_city=keep)


@given(shared_assignment_inputs(generous=True))
def test_the_plan_pairs_shared_villages_as_the_helper_does(data: AssignmentInput) -> None:
    """With k > 1 (villages shared by several units) too."""
    _plan_agrees(data)
