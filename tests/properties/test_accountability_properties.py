"""Invariants of accountability escalation (问责): monotone, explained, confined, cited."""

from __future__ import annotations

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from shuangdao.rules.accountability import (
    AccountabilityRecord,
    ActionDecision,
    BodyKind,
    Official,
    escalate,
    evaluate_triggers,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards
from shuangdao.testing._accountability import accountability_histories, officials

STANDARDS = default_standards()
BY_POLICY = {
    policy: STANDARDS.with_overrides({"accountability.on_improvement": policy})
    for policy in ("reset", "hold", "step_down")
}
POLICIES = st.sampled_from(sorted(BY_POLICY))
K01_PEOPLE = st.lists(officials(body_id="K01", body_kind=BodyKind.AREA, level="county"), max_size=4)
ANYONE = st.lists(officials(), max_size=6)


def worst(actions: tuple[ActionDecision, ...]) -> int:
    """The heaviest ladder/sanction severity among ``actions`` (0 if none)."""
    return max((a.severity for a in actions), default=0)


def unique(people: list[Official]) -> list[Official]:
    """Drop repeated ids (a person is one official)."""
    seen: dict[str, Official] = {}
    for person in people:
        seen.setdefault(person.official_id, person)
    return list(seen.values())


@given(
    history=accountability_histories(),
    people=K01_PEOPLE,
    policy=POLICIES,
    data=st.data(),
)
def test_more_failing_villages_never_give_a_milder_action(history, people, policy, data):
    """Raising any year's failing villages never lowers the heaviest action (monotone)."""
    standards = BY_POLICY[policy]
    people = unique(people)
    counted = [i for i, r in enumerate(history) if r.failed is not None]
    assume(counted)
    index = data.draw(st.sampled_from(counted))
    before = history[index]
    assert before.failed is not None
    assert before.total is not None
    more = data.draw(st.integers(min_value=before.failed, max_value=before.total))
    worse = [*history]
    worse[index] = attrs.evolve(before, failed=more)
    milder = escalate(history[:-1], history[-1], subject=people, standards=standards)
    harsher = escalate(worse[:-1], worse[-1], subject=people, standards=standards)
    assert worst(harsher) >= worst(milder)
    assert len(harsher) >= len(milder)


@given(history=accountability_histories(), people=K01_PEOPLE)
def test_no_trigger_means_no_action(history, people):
    """An assessment with no trigger calls for nothing, whatever the history."""
    new = history[-1]
    fired = any(d.outcome for d in evaluate_triggers(new, standards=STANDARDS))
    actions = escalate(history[:-1], new, subject=unique(people), standards=STANDARDS)
    if not fired:
        assert actions == ()
    else:
        assert actions


@given(history=accountability_histories(), people=K01_PEOPLE, data=st.data())
def test_same_history_same_actions(history, people, data):
    """The result depends only on its inputs: repeat it, or reorder the people, same actions."""
    people = unique(people)
    first = escalate(history[:-1], history[-1], subject=people, standards=STANDARDS)
    shuffled = data.draw(st.permutations(people))
    second = escalate(history[:-1], history[-1], subject=shuffled, standards=STANDARDS)
    assert first == second
    assert to_json(first) == to_json(second)


@given(history=accountability_histories(), people=K01_PEOPLE)
def test_every_action_is_explained_by_a_trigger_and_cites_a_clause(history, people):
    """Each action names its triggers, holds on every reason, and cites a source and clause."""
    actions = escalate(history[:-1], history[-1], subject=unique(people), standards=STANDARDS)
    for action in actions:
        assert action.triggers
        assert all(code.startswith("triggered:") for code in action.triggers)
        assert action.decision.outcome
        assert any(
            r.criterion.startswith(
                (
                    "accountability.fail_share",
                    "accountability.leader",
                    "accountability.fiscal",
                    "accountability.failed",
                    "accountability.funds",
                )
            )
            for r in action.decision.reasons
        )
        assert action.citation.source_ids
        assert action.citation.article
        assert all(r.citation.source_ids for r in action.decision.reasons)
        assert action.explain("en")
        assert action.explain("zh")


@given(history=accountability_histories(), people=ANYONE)
def test_a_trigger_never_names_a_person_outside_its_body(history, people):
    """Officials of other bodies in ``subject`` are never held to account for K01."""
    people = unique(people)
    inside = {p.official_id for p in people if (p.body_id, p.body_kind) == ("K01", BodyKind.AREA)}
    actions = escalate(history[:-1], history[-1], subject=people, standards=STANDARDS)
    for action in actions:
        assert action.body_id == "K01"
        assert action.official_id is None or action.official_id in inside


@given(
    history=accountability_histories(body_id="U01", body_kind=BodyKind.UNIT, level="province"),
    people=ANYONE,
)
def test_unit_actions_stay_inside_the_unit(history, people):
    """The same for an assisting unit's assessments."""
    people = unique(people)
    inside = {p.official_id for p in people if (p.body_id, p.body_kind) == ("U01", BodyKind.UNIT)}
    for action in escalate(history[:-1], history[-1], subject=people, standards=STANDARDS):
        assert action.body_id == "U01"
        assert action.official_id is None or action.official_id in inside


@given(history=accountability_histories())
def test_records_round_trip_through_json(history):
    """Every record serialises losslessly."""
    for record in history:
        assert from_json(to_json(record), AccountabilityRecord) == record
