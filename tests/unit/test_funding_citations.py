"""The S10 items carry one consistent tag (issue 15 item 6).

The brief tags the fund situations of the accountability measures "[C S10; provincial or local
copy uncertain]": what S10 states is *confirmed*, and wherever S10 is cited the same sentence
says that its copy may be local. Every funding parameter and every citation of the declared
fund checks follow the accountability parameters here; a figure S10 does not give (the
disbursement time limit) stays *assumed* and says so as well.
"""

from __future__ import annotations

import datetime as dt

import pytest

from shuangdao.citations import Certainty, Citation
from shuangdao.model import Allocation, Disbursement, FundingLedger, Measure, Plan
from shuangdao.rules.funding import (
    DELAYED_FUNDS,
    MISUSE_RULES,
    OUTSIDE_PLAN,
    check_outside_plan,
    check_unsigned_funds,
)
from shuangdao.rules.funding._misuse import S10_COPY
from shuangdao.standards import default_standards
from shuangdao.standards.params import FundingParams as F

STANDARDS = default_standards()


def _citations_of(rule):
    yield rule.id, rule.citation
    for criterion in rule.criteria:
        citation = getattr(criterion, "citation", None)
        if isinstance(citation, Citation):
            yield criterion.name, citation
        cites = getattr(criterion, "cites", None)
        if cites is not None:
            yield str(cites), STANDARDS.param(cites).citation


def test_the_sentence_is_the_one_the_accountability_parameters_use():
    """One wording of the caveat, in every area: funding and accountability alike."""
    citing = {k: p for k, p in STANDARDS.parameters.items() if "S10" in p.citation.source_ids}
    assert {k.split(".")[0] for k in citing} >= {"accountability", "funding"}
    for key, param in citing.items():
        assert S10_COPY in param.citation.note, key


@pytest.mark.parametrize("rule", MISUSE_RULES, ids=[r.id for r in MISUSE_RULES])
def test_every_citation_of_a_fund_check_says_the_copy_is_uncertain(rule):
    """The rule's citation, each criterion's and each parameter's it reads."""
    seen = 0
    for where, citation in _citations_of(rule):
        if "S10" in citation.source_ids:
            seen += 1
            assert S10_COPY in citation.note, where
    assert seen


@pytest.mark.parametrize("key", [F.signatures_required])
def test_what_s10_states_is_confirmed(key):
    """The signatures S10 requires: [C] (brief §5, 'Others')."""
    assert STANDARDS.param(key).certainty is Certainty.CONFIRMED


def test_a_figure_s10_does_not_give_is_assumed():
    """S10 names delaying funds but no time limit: required, assumed, and the caveat too."""
    param = STANDARDS.param(F.disbursement_limit_days)
    assert param.certainty is Certainty.ASSUMED
    assert "PROJECT" in param.citation.source_ids
    assert DELAYED_FUNDS.criteria[0].name == "funding.delayed.days"


def test_the_plan_check_cites_s10_and_s4_with_the_caveat():
    """Spending outside the plan: the situation is S10's, the plan S4's; one tag, confirmed."""
    purpose = getattr(OUTSIDE_PLAN.criteria[1], "citation", None)
    assert isinstance(purpose, Citation)
    assert purpose.source_ids == ("S10", "S4")
    assert purpose.certainty is Certainty.CONFIRMED
    assert S10_COPY in purpose.note


def test_decisions_carry_the_caveat_on_every_reason():
    """What a reader sees: every reason of the public checks cites S10 with the sentence."""
    allocation = Allocation(
        allocation_id="A1",
        recipient_kind="household",
        recipient_id="H1",
        amount="10000",
        on=dt.date(2013, 1, 1),
        origin="provincial_budget",
        level="provincial",
        purpose="industry",
    )
    payment = Disbursement(
        disbursement_id="D1",
        allocation_id="A1",
        on=dt.date(2013, 1, 11),
        amount="10000",
        signed_by_village_head=True,
        signed_by_household_head=False,
    )
    ledger = FundingLedger().allocate(allocation).disburse(payment)
    plan = Plan(
        plan_id="PL1",
        subject_kind="household",
        subject_id="H1",
        measures=[Measure(kind="housing")],
        target_year=2015,
    )
    for decision in (
        check_outside_plan(allocation, plans=[plan]),
        check_unsigned_funds(payment, ledger=ledger),
    ):
        assert decision.outcome
        assert decision.certainty is Certainty.CONFIRMED
        for reason in decision.reasons:
            assert S10_COPY in reason.citation.note, reason
