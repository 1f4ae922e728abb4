"""The declared situations of the 2010 measures: scalar == columnar, exact, certain enough.

The same checks as ``test_declared_rules_properties.py`` makes for every identification rule,
for the accountability declarations (:data:`~shuangdao.rules.accountability.TRIGGER_RULES`):
records exactly at each share (and one village either side), standards with flipped
comparators and thirty-digit shares, hostile decimal contexts on the scalar side.
"""

from __future__ import annotations

import decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangdao.citations import Certainty
from shuangdao.declare import Rule
from shuangdao.declare._rule import codes_table
from shuangdao.rules.accountability import (
    FAIL_SHARE,
    FISCAL_GUARANTEE,
    FUND_SITUATIONS,
    LEADER_VILLAGE,
    TRIGGER_RULES,
)
from shuangdao.standards.params import AccountabilityParams
from shuangdao.testing import decimal_contexts, rule_standards


@st.composite
def fail_share_standards(draw: st.DrawFn) -> Any:
    """Flipped comparators (the shared strategy) and, sometimes, long exact shares."""
    standards = draw(rule_standards(FAIL_SHARE))
    if draw(st.booleans()):
        digits = draw(st.integers(1, 30))
        table = {
            n: "0."
            + str(draw(st.integers(1, 9)))
            + "".join(str(draw(st.integers(0, 9))) for _ in range(digits))
            for n in ("1", "2", "3")
        }
        standards = standards.with_overrides({AccountabilityParams.fail_share_thresholds: table})
    return standards


@st.composite
def fail_share_records(draw: st.DrawFn, standards: Any) -> dict[str, Any]:
    """Counts at the share of their assessment, one village either side, or anywhere."""
    number = draw(st.sampled_from([1, 2, 3]))
    total = draw(st.integers(1, 500))
    share = Fraction(standards.params.accountability.fail_share_thresholds[str(number)])
    at = share * total
    near = [int(at) - 1, int(at), int(at) + 1, int(at) + 2]
    failed = draw(st.sampled_from([f for f in near if 0 <= f <= total]) | st.integers(0, total))
    return {"failed": failed, "total": total, "assessment_number": number}


def _records(rule: Rule, standards: Any) -> st.SearchStrategy[dict[str, Any]]:
    if rule is FAIL_SHARE:
        return fail_share_records(standards)
    if rule is FISCAL_GUARANTEE:
        return st.fixed_dictionaries({"fiscal_guarantee": st.booleans()})
    if rule is LEADER_VILLAGE:
        return st.fixed_dictionaries({"leaders_without_village": st.integers(0, 3)})
    (name,) = rule.inputs[:1]
    return st.fixed_dictionaries({name: st.integers(0, 3)})


def _columns(rule: Rule, records: list[dict[str, Any]]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for name in records[0]:
        values = [r[name] for r in records]
        dtype = bool if all(isinstance(v, bool) for v in values) else np.int64
        columns[name] = np.array(values, dtype=dtype)
    return columns


RULES = [pytest.param(rule, id=f"{rule.id}:{'+'.join(rule.names)}") for rule in TRIGGER_RULES]


@pytest.mark.parametrize("rule", RULES)
@given(data=st.data())
def test_scalar_equals_columnar_on_every_record(rule, data):
    """Outcome, code and certainty agree record for record, in any decimal context."""
    standards = data.draw(fail_share_standards() if rule is FAIL_SHARE else rule_standards(rule))
    bound = rule.bind(standards)
    records = data.draw(st.lists(_records(rule, standards), min_size=1, max_size=20))
    with decimal.localcontext(data.draw(decimal_contexts())):
        decisions = [bound.decide(subject_id=f"r{i}", **r) for i, r in enumerate(records)]
    evaluated = bound.evaluate(_columns(rule, records))
    codes = codes_table(rule.names)
    outcome, bits = evaluated.outcome.tolist(), evaluated.bits.tolist()
    for i, decision in enumerate(decisions):
        assert decision.outcome == outcome[i], records[i]
        assert decision.code == codes[bits[i]], records[i]
        assert decision.certainty is evaluated.certainty
        if rule is FAIL_SHARE:
            r = records[i]
            share = Fraction(
                standards.params.accountability.fail_share_thresholds[str(r["assessment_number"])]
            )
            comparator = standards.params.accountability.fail_share_comparator
            exact = Fraction(r["failed"], r["total"])
            expected = {
                "ge": exact >= share,
                "gt": exact > share,
                "le": exact <= share,
                "lt": exact < share,
            }[comparator.value]
            assert decision.outcome is expected


@pytest.mark.parametrize("rule", RULES)
@given(data=st.data())
def test_a_decision_is_never_more_certain_than_its_weakest_input(rule, data):
    """The fail share rests on a recalled comparator: never reported as confirmed."""
    standards = data.draw(rule_standards(rule))
    bound = rule.bind(standards)
    record = data.draw(_records(rule, standards))
    decision = bound.decide(subject_id="r", **record)
    if rule is FAIL_SHARE:
        read = [
            standards.citation(key).certainty
            for key in (
                AccountabilityParams.fail_share_thresholds,
                AccountabilityParams.fail_share_comparator,
            )
        ]
        assert decision.certainty.rank <= Certainty.weakest(*read).rank
        assert decision.certainty is not Certainty.CONFIRMED or all(
            c is Certainty.CONFIRMED for c in read
        )
    for reason in decision.reasons:
        assert decision.certainty.rank <= reason.certainty.rank


def test_every_fund_situation_is_parametrised():
    """The list above covers every declared situation."""
    assert len(RULES) == 3 + len(FUND_SITUATIONS)
