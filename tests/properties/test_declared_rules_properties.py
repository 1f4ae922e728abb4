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
from hypothesis import given
from hypothesis import strategies as st

from shuangdao.citations import Certainty
from shuangdao.declare import PerCapita, Rule
from shuangdao.declare._rule import codes_table
from shuangdao.model import SpecialArea
from shuangdao.rules import identification
from shuangdao.testing import decimal_contexts, rule_columns, rule_inputs, rule_standards

EXACT = decimal.Context(prec=200)

RULES = [
    pytest.param(rule, id=f"{rule.id}:{'+'.join(rule.names)}")
    for rule in identification.IDENTIFICATION_RULES
]

EXTRA = {
    "special_areas": st.frozensets(st.sampled_from(list(SpecialArea))),
    "dilapidated_housing_share": st.none()
    | st.decimals(min_value=0, max_value=1, places=3, allow_nan=False),
}


def _bind(rule: Rule, standards):
    on = dt.date(2014, 3, 1) if rule is identification.STATUTE_HOUSEHOLD else None
    return rule.bind(standards, on=on)


@pytest.mark.parametrize("rule", RULES)
@given(data=st.data())
def test_scalar_equals_columnar_on_every_record(rule, data):
    standards = data.draw(rule_standards(rule))
    bound = _bind(rule, standards)
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
    for i, decision in enumerate(decisions):
        assert decision.outcome == outcome[i], records[i]
        assert decision.code == codes[bits[i]], records[i]
        assert decision.certainty is evaluated.certainty
        for name, column in margins.items():
            reason = decision.reason(name)
            assert reason.margin == decimal.Decimal(column[i]).scaleb(-4)
            assert reason.threshold == EXACT.multiply(reason.per_capita, reason.persons)


@pytest.mark.parametrize("rule", RULES)
@given(data=st.data())
def test_a_decision_is_never_more_certain_than_its_weakest_input(rule, data):
    standards = data.draw(rule_standards(rule))
    bound = _bind(rule, standards)
    record = data.draw(rule_inputs(bound, extra=EXTRA))
    decision = bound.decide(subject_id="r", **record)
    read = [standards.citation(key, on=bound.env.on).certainty for key in _values_read(bound)]
    assert decision.certainty.rank <= Certainty.weakest(*read).rank
    for reason in decision.reasons[: len(rule.criteria)]:
        assert decision.certainty.rank <= reason.certainty.rank


def _values_read(bound):
    """The keys whose *values* the criteria read (cited-only parameters left out)."""
    keys = []
    for criterion in bound.rule.criteria:
        flag = getattr(criterion, "required_if", None)
        if hasattr(criterion, "observed") and not hasattr(criterion, "line"):
            if flag is not None:
                keys.append(flag)
            continue
        keys.extend(criterion.keys)
    return keys


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
