"""Invariants of identification and the procedure (Hypothesis, derandomised in CI)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangdao import Decision
from shuangdao.errors import IllegalTransitionError
from shuangdao.model import Household, Village
from shuangdao.rules.identification import (
    identify,
    identify_household_round1,
    identify_household_round2,
    identify_household_round3,
    identify_village_round2,
    identify_village_round3,
)
from shuangdao.rules.procedure import (
    PROCEDURES,
    ApplicationState,
    ProcedureKind,
    advance,
    apply,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards
from shuangdao.testing import money_amounts

members_st = st.integers(1, 12)
income_st = money_amounts(max_value=200_000)


def household(income, members, labour=True, measure="net", hid="h1", village="v1"):
    return Household(
        household_id=hid,
        village_id=village,
        members=members,
        income=income,
        has_labour_capacity=labour,
        income_measure=measure,
    )


def decide_household(rnd, h, in_village):
    if rnd == 1:
        return identify_household_round1(h, village=Village(village_id="v1", designated=in_village))
    if rnd == 2:
        return identify_household_round2(h, in_key_village=in_village)
    return identify_household_round3(h)


@given(
    st.sampled_from([1, 2, 3]),
    members_st,
    income_st,
    money_amounts(max_value=10_000),
    st.booleans(),
    st.booleans(),
)
def test_raising_income_never_makes_a_household_poor(
    rnd, members, income, raise_by, labour, inside
):
    measure = "disposable" if rnd == 3 else "net"
    before = decide_household(rnd, household(income, members, labour, measure), inside)
    after = decide_household(rnd, household(income + raise_by, members, labour, measure), inside)
    assert not (after.outcome and not before.outcome)


@given(members_st, income_st, st.booleans())
def test_outside_a_key_village_never_poor_in_round_2(members, income, labour):
    d = identify_household_round2(household(income, members, labour), in_key_village=False)
    assert not d.outcome
    assert "in_key_village" in d.deciding


@given(
    st.integers(1, 50),
    st.lists(
        st.tuples(
            members_st, income_st, money_amounts(max_value=20_000), money_amounts(max_value=60_000)
        ),
        min_size=1,
        max_size=8,
    ),
    money_amounts(min_value=1000, max_value=20_000),
)
def test_scaling_incomes_and_the_provincial_average_changes_nothing(factor, rows, average):
    """Under the ratio-derived lines (exact rounding), decisions are scale-invariant."""
    base = {"round2.line_rounding": "exact"}
    s1 = default_standards().with_overrides(
        {**base, "statistics.provincial_rural_income.2011": str(average)}
    )
    s2 = default_standards().with_overrides(
        {**base, "statistics.provincial_rural_income.2011": str(average * factor)}
    )
    for i, (members, income, village_income, collective) in enumerate(rows):
        v1 = Village(
            village_id="v1", per_capita_income=village_income, collective_income=collective
        )
        v2 = Village(
            village_id="v1", per_capita_income=village_income * factor, collective_income=collective
        )
        a = identify_village_round2(v1, standards=s1)
        b = identify_village_round2(v2, standards=s2)
        assert a.reason("village_income").holds == b.reason("village_income").holds
        h1 = household(income, members, hid=f"h{i}")
        h2 = household(income * factor, members, hid=f"h{i}")
        x = identify_household_round2(h1, in_key_village=True, standards=s1)
        y = identify_household_round2(h2, in_key_village=True, standards=s2)
        assert (x.outcome, x.code) == (y.outcome, y.code)


@given(st.sampled_from([1, 2, 3]), members_st, income_st, st.booleans(), st.booleans())
def test_deciding_names_the_criterion_and_explain_mentions_it(rnd, members, income, labour, inside):
    measure = "disposable" if rnd == 3 else "net"
    d = decide_household(rnd, household(income, members, labour, measure), inside)
    assert d.deciding
    for criterion in d.deciding:
        reason = d.reason(criterion)
        assert reason.holds is d.outcome  # the deciding reasons fail when not selected
        assert reason.label_en in d.explain("en")
        assert reason.label_zh in d.explain("zh")
    assert d.code == ("selected" if d.outcome else "not:" + "+".join(d.deciding))


@given(
    money_amounts(max_value=12_000),
    st.integers(1, 3000),
    st.integers(0, 3000),
    st.none() | st.decimals(min_value=0, max_value=1, places=2),
)
def test_round3_village_json_round_trip_and_flags_informational(income, population, persons, share):
    v = Village(
        village_id="v1",
        per_capita_income=income,
        registered_population=population,
        income_measure="disposable",
        dilapidated_housing_share=share,
    )
    d = identify_village_round3(v, relatively_poor_persons=persons)
    assert from_json(to_json(d), Decision) == d
    assert not any(c.startswith("priority_") for c in d.deciding)
    bare = identify_village_round3(
        Village(
            village_id="v1",
            per_capita_income=income,
            registered_population=population,
            income_measure="disposable",
        ),
        relatively_poor_persons=persons,
    )
    assert bare.outcome == d.outcome
    assert bare.code == d.code


@given(members_st, income_st, st.booleans(), st.booleans())
def test_household_decision_json_round_trip(members, income, labour, inside):
    d = identify_household_round2(household(income, members, labour), in_key_village=inside)
    assert from_json(to_json(d), Decision) == d


@given(st.lists(st.tuples(members_st, money_amounts(max_value=30_000)), max_size=15))
def test_round3_persons_are_conserved(rows):
    households = [
        household(inc * m, m, measure="disposable", hid=f"h{i}") for i, (m, inc) in enumerate(rows)
    ]
    v = Village(
        village_id="v1",
        per_capita_income="1",
        registered_population=10_000,
        income_measure="disposable",
    )
    result = identify([v], households, round=3)
    poor = sum(h.members for h, d in zip(households, result.households, strict=True) if d.outcome)
    assert result.persons_selected == poor
    assert result.village("v1").reason("poor_share").observed == poor


@given(
    st.sampled_from(list(ProcedureKind)),
    st.lists(st.tuples(st.sampled_from(list(ApplicationState)), st.integers(0, 30)), max_size=10),
)
def test_random_steps_follow_the_legal_graph_or_raise(kind, steps):
    procedure = PROCEDURES[kind]
    on = dt.date(2013, 1, 1)
    app = apply("a1", "s1", on=on, procedure=kind)
    for target, gap in steps:
        on = on + dt.timedelta(days=gap)
        legal = target in procedure.allowed(app.state)
        if not legal:
            message = f"cannot go from {app.state.value} to {target.value}"
            with pytest.raises(IllegalTransitionError, match=message):
                advance(app, target, on=on)
            continue
        moved = advance(app, target, on=on)
        assert moved.state is target
        assert moved.history[:-1] == app.history
        app = moved
    dates = [e.on for e in app.history]
    assert dates == sorted(dates)


def test_scale_invariance_holds_at_a_published_boundary():
    # 33 % × 9372 × 10 = 30927.6 exactly; 10× income at the exact line stays not poor.
    s = default_standards().with_overrides(
        {"round2.line_rounding": "exact", "statistics.provincial_rural_income.2011": "93720"}
    )
    assert s.value("round2.household_line") == Decimal("30927.60")
