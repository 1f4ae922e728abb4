"""Invariants of accountability (问责): both mechanisms, thresholds, coverage, evaluators."""

from __future__ import annotations

import decimal
from fractions import Fraction

import attrs
import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from shuangdao.model.accountability import (
    AccountabilityRecord,
    ActionDecision,
    AggravatingFactor,
    Aggravation,
    AssistanceSide,
    BodyKind,
    IrregularityKind,
    Mechanism,
    Official,
)
from shuangdao.rules.accountability import (
    escalate,
    evaluate_trigger_columns,
    evaluate_triggers,
    fail_share_columns,
    fail_share_trigger,
    failed_assessment_trigger,
    is_covered,
    sanction_options,
    severity_scale,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards
from shuangdao.testing._accountability import accountability_histories, officials

STANDARDS = default_standards()
LADDER = {
    policy: STANDARDS.with_overrides(
        {"accountability.ladder_enabled": True, "accountability.on_improvement": policy}
    )
    for policy in ("reset", "hold", "step_down")
}
SETTINGS = st.sampled_from([STANDARDS, *LADDER.values()])
K01_PEOPLE = st.lists(officials(body_id="K01", body_kind=BodyKind.AREA, level="county"), max_size=4)
ANYONE = st.lists(officials(), max_size=6)
REGIONS = st.sampled_from(["city", "county", "township"])


def unique(people: list[Official]) -> list[Official]:
    """Drop repeated ids (a person is one official)."""
    seen: dict[str, Official] = {}
    for person in people:
        seen.setdefault(person.official_id, person)
    return list(seen.values())


def occurred(record: AccountabilityRecord) -> bool:
    """Whether either mechanism's condition holds for ``record``."""
    if any(d.outcome for d in evaluate_triggers(record, standards=STANDARDS)):
        return True
    return record.rated_failing is not None and (
        failed_assessment_trigger(record.body_id, rated_failing=record.rated_failing).outcome
    )


# ---------------------------------------------------------------- thresholds


@given(
    number=st.sampled_from([1, 2, 3]),
    total=st.integers(min_value=1, max_value=400),
    offset=st.sampled_from([-1, 0, 1]),
    comparator=st.sampled_from(["ge", "gt"]),
    level=REGIONS,
)
def test_the_trigger_flips_at_its_threshold_as_the_comparator_says(
    number, total, offset, comparator, level
):
    """At exactly the threshold share (and one village either side) the comparator decides."""
    s = STANDARDS.with_overrides({"accountability.fail_share_comparator": comparator})
    threshold = Fraction(s.params.accountability.fail_share_thresholds[str(number)])
    at = threshold * total  # the number of failing villages that is exactly the threshold
    failed = (int(at) if at.denominator == 1 else int(at) + (offset > 0)) + offset
    assume(0 <= failed <= total)
    share = Fraction(failed, total)
    expected = share >= threshold if comparator == "ge" else share > threshold
    decision = fail_share_trigger(
        "A1", assessment_number=number, failed=failed, total=total, standards=s
    )
    assert decision.outcome is expected
    columns = fail_share_columns(
        assessment_number=number,
        failed=np.array([failed]),
        total=np.array([total]),
        standards=s,
    )
    assert bool(columns[0]) is expected
    record = AccountabilityRecord(
        body_id="A1",
        body_kind="area",
        level=level,
        assessment_number=number,
        failed=failed,
        total=total,
    )
    assert any(d.outcome for d in evaluate_triggers(record, standards=s)) is expected


@given(
    digits=st.integers(min_value=1, max_value=40),
    failed=st.integers(min_value=0, max_value=300),
    total=st.integers(min_value=1, max_value=300),
    precision=st.sampled_from([4, 10, 28, 60]),
)
def test_exact_under_long_ratios_and_any_decimal_context(digits, failed, total, precision):
    """A long override ratio and the caller's decimal context never change the decision."""
    assume(failed <= total)
    ratio = "0." + "3" * digits + "4"
    s = STANDARDS.with_overrides(
        {"accountability.fail_share_thresholds": {"1": ratio, "2": "0.4", "3": "0.2"}}
    )
    expected = Fraction(failed, total) >= Fraction(ratio)
    with decimal.localcontext() as context:
        context.prec = precision
        scalar = fail_share_trigger(
            "A1", assessment_number=1, failed=failed, total=total, standards=s
        )
        columnar = fail_share_columns(
            assessment_number=1, failed=np.array([failed]), total=np.array([total]), standards=s
        )
    assert scalar.outcome is expected
    assert bool(columnar[0]) is expected


# ---------------------------------------------------------------- scalar == columnar


_KINDS = tuple(IrregularityKind(k) for k in STANDARDS.value("accountability.irregularity_kinds"))


@given(level=REGIONS, data=st.data())
def test_scalar_and_columnar_evaluators_agree_on_every_record(level, data):
    """The columnar evaluator gives the scalar path's codes, row for row."""
    records = [
        data.draw(accountability_histories(level=level, min_size=3, max_size=3))[-1]
        for _ in range(data.draw(st.integers(min_value=1, max_value=5)))
    ]
    failed = np.array([-1 if r.failed is None else r.failed for r in records])
    total = np.array([-1 if r.total is None else r.total for r in records])
    leaders = np.array(
        [
            -1 if r.leaders is None else sum(1 for link in r.leaders if link.village_id is None)
            for r in records
        ]
    )
    guarantee = np.array(
        [-1 if r.fiscal_guarantee is None else int(r.fiscal_guarantee) for r in records]
    )
    findings = np.array(
        [[sum(1 for i in r.irregularities if i.kind is k) for k in _KINDS] for r in records],
        dtype=np.int64,
    ).reshape(len(records), len(_KINDS))
    columns = evaluate_trigger_columns(
        assessment_number=np.array([r.assessment_number for r in records]),
        failed=failed,
        total=total,
        leaders_without_village=leaders,
        fiscal_guarantee=guarantee,
        findings=findings,
        level=[r.level for r in records],
    )
    for i, record in enumerate(records):
        scalar = [d.code for d in evaluate_triggers(record) if d.outcome]
        assert columns.codes()[i] == "+".join(scalar)
        assert bool(columns.triggered[i]) is bool(scalar)


# ---------------------------------------------------------------- sanctions


@given(
    factors=st.lists(st.sampled_from(AggravatingFactor), max_size=3),
    more=st.lists(st.sampled_from(AggravatingFactor), max_size=3),
    steps=st.integers(min_value=0, max_value=6),
)
def test_aggravation_never_lowers_the_proposed_sanction(factors, more, steps):
    """More aggravating factors never make the options milder, and never empty them."""
    s = STANDARDS.with_overrides({"accountability.aggravation_steps": steps})
    scale = severity_scale(standards=s)
    fewer = sanction_options(aggravating=factors, standards=s)
    heavier = sanction_options(aggravating=[*factors, *more], standards=s)
    assert heavier
    assert scale.index(heavier[0]) >= scale.index(fewer[0])
    assert heavier[-1] == fewer[-1] == scale[-1]
    assert set(heavier) <= set(fewer)


@given(history=accountability_histories(), factors=st.sets(st.sampled_from(AggravatingFactor)))
def test_aggravation_never_lowers_a_persons_decision(history, factors):
    """Through escalate: aggravations against P1 never lower P1's severity."""
    person = Official(
        official_id="P1", role="principal_leader", body_kind="area", body_id="K01", level="county"
    )
    new = history[-1]
    plain = escalate(history[:-1], new, subject=person, standards=STANDARDS)
    aggravated = attrs.evolve(
        new, aggravations=[Aggravation(official_id="P1", factor=f) for f in factors]
    )
    heavier = escalate(history[:-1], aggravated, subject=person, standards=STANDARDS)
    before = {(a.mechanism, a.action): a.severity for a in plain if a.official_id == "P1"}
    after = {(a.mechanism, a.action): a.severity for a in heavier if a.official_id == "P1"}
    assert before.keys() == after.keys()
    for key, severity in before.items():
        assert after[key] >= severity


# ---------------------------------------------------------------- coverage (art. 2)


@given(person=officials(), sides=st.sets(st.sampled_from(AssistanceSide)))
def test_coverage_is_the_same_on_both_sides_and_follows_the_data(person, sides):
    """Art. 2 covers both sides alike; with a side removed by data, only the other."""
    other = attrs.evolve(
        person,
        side=AssistanceSide.ASSISTED
        if person.side is AssistanceSide.ASSISTING
        else AssistanceSide.ASSISTING,
    )
    assert is_covered(person).outcome is is_covered(other).outcome
    s = STANDARDS.with_overrides({"accountability.covered_sides": sorted(x.value for x in sides)})
    role_covered = is_covered(person).outcome
    assert is_covered(person, standards=s).outcome is (role_covered and person.side in sides)


# ---------------------------------------------------------------- escalate


@given(history=accountability_histories(), people=K01_PEOPLE, s=SETTINGS, data=st.data())
def test_more_failing_villages_never_give_fewer_actions(history, people, s, data):
    """Raising any year's failing villages never lowers the heaviest action nor their number."""
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
    milder = escalate(history[:-1], history[-1], subject=people, standards=s)
    harsher = escalate(worse[:-1], worse[-1], subject=people, standards=s)
    assert max((a.severity for a in harsher), default=0) >= max(
        (a.severity for a in milder), default=0
    )
    assert len(harsher) >= len(milder)


@given(history=accountability_histories(), people=K01_PEOPLE)
def test_no_condition_means_no_action_and_the_ladder_is_off(history, people):
    """Nothing occurred under either mechanism → nothing; the recalled ladder never appears."""
    new = history[-1]
    actions = escalate(history[:-1], new, subject=unique(people), standards=STANDARDS)
    assert bool(actions) is occurred(new)
    assert all(a.mechanism is not Mechanism.RECALLED_LADDER for a in actions)


@given(history=accountability_histories(), people=K01_PEOPLE)
def test_each_mechanism_gives_its_own_kind_of_consequence(history, people):
    """2011: alternatives, no sanctions; 2010: ordered art. 9 options ending in removal."""
    actions = escalate(history[:-1], history[-1], subject=unique(people), standards=STANDARDS)
    removal = severity_scale()[-1]
    for action in actions:
        if action.mechanism is Mechanism.ASSESSMENT_RULES:
            assert action.options
            assert action.sanction_options == ()
            assert action.severity == 0
        else:
            assert action.mechanism is Mechanism.ACCOUNTABILITY_MEASURES
            assert action.options == ()
            if action.sanction_options and action.action.value == "sanction":
                assert action.sanction_options[-1] is removal
                assert action.severity >= 1


@given(history=accountability_histories(), people=K01_PEOPLE, s=SETTINGS, data=st.data())
def test_same_history_same_actions(history, people, s, data):
    """The result depends only on its inputs: repeat it, or reorder the people, same actions."""
    people = unique(people)
    first = escalate(history[:-1], history[-1], subject=people, standards=s)
    shuffled = data.draw(st.permutations(people))
    second = escalate(history[:-1], history[-1], subject=shuffled, standards=s)
    assert first == second
    assert to_json(first) == to_json(second)


@given(history=accountability_histories(), people=K01_PEOPLE, s=SETTINGS)
def test_every_action_is_explained_by_a_condition_and_cites_a_clause(history, people, s):
    """Each action names its conditions, holds on every reason, cites a source and clause."""
    actions = escalate(history[:-1], history[-1], subject=unique(people), standards=s)
    for action in actions:
        assert action.triggers
        assert all(code.startswith("triggered:") for code in action.triggers)
        assert action.decision.outcome
        assert action.citation.source_ids
        assert action.citation.article or action.citation.source_ids == ("PROJECT",)
        assert all(r.citation.source_ids for r in action.decision.reasons)
        assert action.mechanism.en in action.explain("en")
        assert action.mechanism.zh in action.explain("zh")


@given(history=accountability_histories(), people=ANYONE, s=SETTINGS)
def test_a_condition_never_names_a_person_outside_its_body(history, people, s):
    """Officials of other bodies in ``subject`` are never held to account for K01."""
    people = unique(people)
    inside = {p.official_id for p in people if (p.body_id, p.body_kind) == ("K01", BodyKind.AREA)}
    for action in escalate(history[:-1], history[-1], subject=people, standards=s):
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


@given(history=accountability_histories(), people=K01_PEOPLE)
def test_records_and_decisions_round_trip_through_json(history, people):
    """Every record and decision serialises losslessly."""
    for record in history:
        assert from_json(to_json(record), AccountabilityRecord) == record
    for action in escalate(history[:-1], history[-1], subject=unique(people)):
        assert from_json(to_json(action), ActionDecision) == action
