"""Every declared rule: the scalar and the columnar evaluator agree on every record (issue 13).

Records sit exactly at each threshold, one fen (or one person) either side, or anywhere near
(:func:`shuangdao.testing.rule_inputs`); the standards override the rule's own parameters
with flipped comparators and thirty-digit exact ratios (:func:`rule_standards`); the scalar
side runs under hostile decimal contexts (:func:`decimal_contexts`). And a decision is never
more certain than the weakest value it read (issue 15).
"""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangdao.citations import Certainty
from shuangdao.declare import PerCapita, Rule
from shuangdao.declare._rule import codes_table
from shuangdao.model import SpecialArea
from shuangdao.rules import follow_up, identification, key_counties, progress, settlement
from shuangdao.standards import default_standards
from shuangdao.testing import decimal_contexts, rule_columns, rule_inputs, rule_standards

EXACT = decimal.Context(prec=200)

CASES = [
    *((rule, None) for rule in identification.IDENTIFICATION_RULES),
    # exit: every year with a line (round 2: the years of the provincial series)
    *((progress.EXIT[1], year) for year in (2010, 2012)),
    *((progress.EXIT[2], year) for year in (2011, 2013, 2014, 2015, 2018)),
    *((progress.EXIT[3], year) for year in (2016, 2017, 2018)),
    *((progress.VILLAGE_TARGETS[1], year) for year in (2012,)),
    *((progress.VILLAGE_TARGETS[2], year) for year in (2013, 2014, 2015)),
    *(
        (settlement.SETTLEMENT[n].at(level), year)
        for n, year in ((1, 2012), (2, 2015), (3, 2018))
        for level in settlement.LEVELS
    ),
    *((settlement.SETTLEMENT[n].counted, None) for n in (1, 2, 3)),
    *((follow_up.FOLLOW_UP_LINES[3], year) for year in (2018, 2019, 2021)),
    *((key_counties.KEY_COUNTY_TARGETS, year) for year in (2013, 2014, 2015)),
]
RULES = [
    pytest.param(rule, year, id=f"{rule.id}@{year}:{'+'.join(rule.names)}") for rule, year in CASES
]

EXTRA = {
    # inputs only labels read (a settlement's counts of households) and informational ones
    "households": st.integers(0, 50),
    "below": st.integers(0, 50),
    "special_areas": st.frozensets(st.sampled_from(list(SpecialArea))),
    "dilapidated_housing_share": st.none()
    | st.decimals(min_value=0, max_value=1, places=3, allow_nan=False),
}


# Art. 7 fixes no number: the statute's standard is a required input (here round 2's line).
STATUTE_BASE = default_standards().with_overrides({"regulation.poverty_standard": "3093"})


# The key counties' income share is cut off in S1 [N]: a required input (here assumed 0.75).
KEY_COUNTY_BASE = default_standards().with_overrides({"round2.key_county_income_share": "0.75"})


def _base(rule: Rule):
    if rule is identification.STATUTE_HOUSEHOLD:
        return STATUTE_BASE
    if rule is key_counties.KEY_COUNTY_TARGETS:
        return KEY_COUNTY_BASE
    return None


def _bind(rule: Rule, standards, year):
    on = dt.date(2014, 3, 1) if rule is identification.STATUTE_HOUSEHOLD else None
    return rule.bind(standards, on=on, year=year)


@pytest.mark.parametrize(("rule", "year"), RULES)
@settings(max_examples=30)  # 40 rules × 30 draws of up to 25 records each
@given(data=st.data())
def test_scalar_equals_columnar_on_every_record(rule, year, data):
    standards = data.draw(rule_standards(rule, standards=_base(rule)))
    bound = _bind(rule, standards, year)
    records = data.draw(st.lists(rule_inputs(bound, extra=EXTRA), min_size=1, max_size=25))
    context = data.draw(decimal_contexts())
    with decimal.localcontext(context):
        decisions = [bound.decide(subject_id=f"r{i}", **r) for i, r in enumerate(records)]
    evaluated = bound.evaluate(rule_columns(bound, records))
    codes = codes_table(rule.names)
    outcome = evaluated.outcome.tolist()
    bits = evaluated.bits.tolist()
    columns = rule_columns(bound, records)
    margins = {
        c.name: c.margin(columns).tolist()
        for c in bound.criteria
        if isinstance(getattr(c, "criterion", None), PerCapita)
    }
    for name, column in margins.items():
        # the comparison and the margins at once: the same flags, the same margins
        joint = bound.evaluate(columns, margin=name)
        assert joint.margin is not None
        assert [int(m) for m in joint.margin] == [int(m) for m in column]
        assert [h.tolist() for h in joint.holds] == [h.tolist() for h in evaluated.holds]
    not_assessed = evaluated.not_assessed_codes().to_pylist()
    for i, decision in enumerate(decisions):
        assert decision.outcome == outcome[i], records[i]
        assert decision.code == codes[bits[i]], records[i]
        assert decision.certainty is evaluated.certainty
        assert ("+".join(decision.not_assessed) or None) == not_assessed[i], records[i]
        for name, column in margins.items():
            reason = decision.reason(name)
            assert reason.margin == decimal.Decimal(column[i]).scaleb(-4)
            assert reason.threshold == EXACT.multiply(reason.per_capita, reason.persons)


@pytest.mark.parametrize(("rule", "year"), RULES)
@settings(max_examples=20)
@given(data=st.data())
def test_a_decision_is_never_more_certain_than_its_weakest_input(rule, year, data):
    standards = data.draw(rule_standards(rule, standards=_base(rule)))
    bound = _bind(rule, standards, year)
    record = data.draw(rule_inputs(bound, extra=EXTRA))
    decision = bound.decide(subject_id="r", **record)
    read = [_certainty(standards, key, bound) for key in _values_read(bound)]
    assert decision.certainty.rank <= Certainty.weakest(*read).rank
    for reason in decision.reasons[: len(rule.criteria)]:
        assert decision.certainty.rank <= reason.certainty.rank


def _certainty(standards, key, bound):
    """A value's own certainty: a series by the year read, a dated parameter on the day."""
    parameter = standards.param(key)
    if parameter.type.value == "series":
        return parameter.value[bound.env.year].citation.certainty
    return standards.citation(key, on=bound.env.on).certainty


def _values_read(bound):
    """The keys whose *values* the criteria read (cited-only parameters left out)."""
    keys = []
    for criterion in bound.rule.criteria:
        flag = getattr(criterion, "required_if", None)
        if hasattr(criterion, "met"):  # AllMet cites, reads no value
            continue
        if hasattr(criterion, "observed") and not hasattr(criterion, "line"):
            if flag is not None:
                keys.append(flag)
            continue
        keys.extend(criterion.keys)
    return keys


# --------------------------------------------------------------------------- not assessed
OPTIONAL_CASES = [(rule, year) for rule, year in CASES if rule.optional_inputs]
OPTIONAL = [
    pytest.param(rule, year, id=f"{rule.id}.round{rule.round}@{year}")
    for rule, year in OPTIONAL_CASES
]


def test_the_non_income_targets_are_declared():
    """S1 (round 2 households and villages), S21 (round 3's 两不愁、三保障)."""
    assert {(rule.id, rule.round) for rule, _ in OPTIONAL_CASES} == {
        ("progress.household_exit", 2),
        ("progress.household_exit", 3),
        ("progress.village_exit", 2),
    }


@pytest.mark.parametrize(("rule", "year"), OPTIONAL)
@settings(max_examples=40)
@given(data=st.data())
def test_a_decision_never_passes_a_criterion_it_did_not_assess(rule, year, data):
    """A target without data is reported, never met, never deciding (issue 15 item 8)."""
    bound = rule.bind(default_standards(), year=year)
    record = data.draw(rule_inputs(bound, extra=EXTRA))
    decision = bound.decide(subject_id="r", **record)
    missing = {c.name for c in rule.criteria if getattr(c, "observed", "") in record} & {
        c.name for c in rule.criteria if record.get(getattr(c, "observed", "")) is None
    }
    assert set(decision.not_assessed) == missing
    for reason in decision.reasons:
        if not reason.assessed:
            assert reason.holds is False
            assert reason.criterion not in decision.deciding
    assessed = [r for r in decision.reasons if r.assessed]
    assert decision.outcome == all(r.holds for r in assessed)


@pytest.mark.parametrize(("rule", "year"), OPTIONAL)
@settings(max_examples=40)
@given(data=st.data())
def test_supplying_a_target_never_turns_a_fail_into_a_pass(rule, year, data):
    """Assessing more can only confirm or withdraw a pass: data never adds one."""
    bound = rule.bind(default_standards(), year=year)
    record = data.draw(rule_inputs(bound, extra=EXTRA))
    unknown = dict.fromkeys(rule.optional_inputs)
    without = bound.decide(subject_id="r", **{**record, **unknown})
    with_data = bound.decide(subject_id="r", **record)
    assert not with_data.outcome or without.outcome
    assert set(without.not_assessed) >= set(with_data.not_assessed)


def test_round1_household_decisions_are_recalled():
    """以下 includes the figure: recalled (CIVIL), so every round-1 household is recalled."""
    from shuangdao.model import Household, Village

    h = Household(
        household_id="h", village_id="v", members=1, income="1500", has_labour_capacity=True
    )
    d = identification.identify_household_round1(
        h, village=Village(village_id="v", designated=True)
    )
    assert d.outcome
    assert d.certainty is Certainty.RECALLED
    assert "rests on: round1.household_comparator (recalled)" in d.explain()
    assert "Certainty: recalled" in d.explain()
    assert "可靠程度：存疑" in d.explain("zh")


# --------------------------------------------------------------------------- assessment scoring
SCORING = [(1, "village", 2010), (2, "village", 2014), (3, "village", 2017), (3, "city", 2016)]


@pytest.mark.parametrize(("number", "subject", "year"), SCORING)
@settings(max_examples=30)
@given(data=st.data())
def test_assessment_scalar_equals_columnar(number, subject, year, data):
    """score_columns (integers) == assess (exact Decimals) on every subject, any context."""
    import numpy as np

    from shuangdao.model import IndicatorResult
    from shuangdao.rules.assessment import assess, score_columns, scoring_model

    model = scoring_model(number, subject)
    n = data.draw(st.integers(1, 8))
    # achievements at 0.001, many exactly at 1, at a pass line or one unit either side
    marks = sorted(
        {1000, 999, 1001}
        | {int(i.pass_line * 1000) + d for i in model.indicators for d in (-1, 0, 1)}
    )
    unit = st.one_of(st.sampled_from([m for m in marks if m >= 0]), st.integers(0, 1600))
    achieved = {i.id: [data.draw(unit) for _ in range(n)] for i in model.indicators}
    deductions = {
        i.id: [data.draw(st.integers(0, 3)) for _ in range(n)]
        for i in model.indicators
        if i.deduction
    }
    gates = {
        i.id: [data.draw(st.sampled_from(["0.03", "0.05", "0.06"])) for _ in range(n)]
        for i in model.indicators
        if i.gate_limit is not None
    }
    with decimal.localcontext(data.draw(decimal_contexts())):
        decisions = [
            assess(
                f"s{r}",
                [
                    IndicatorResult(
                        i.id,
                        achieved=decimal.Decimal(achieved[i.id][r]).scaleb(-3, EXACT),
                        deductions=deductions.get(i.id, [0] * n)[r],
                        gate_value=gates[i.id][r] if i.id in gates else None,
                    )
                    for i in model.indicators
                ],
                model=model,
                year=year,
            )
            for r in range(n)
        ]
    scored = score_columns(
        model,
        {k: np.array(v) for k, v in achieved.items()},
        scale=3,
        deductions={k: np.array(v) for k, v in deductions.items()},
        gated={
            i.id: np.array(
                [
                    i.gate_comparator.holds(decimal.Decimal(g), i.gate_limit or 0)
                    for g in gates[i.id]
                ]
            )
            for i in model.indicators
            if i.id in gates
        },
    )
    assert [d.value for d in decisions] == scored.totals()
    assert [d.code for d in decisions] == scored.codes()
    assert [d.outcome for d in decisions] == scored.passed.tolist()
