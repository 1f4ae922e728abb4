"""Unit tests for the funding ledger, projects and the misuse checks (S10, seed p. 5)."""

import datetime as dt
from decimal import Decimal

import pytest

from shuangdao.errors import (
    InvalidRecordError,
    LedgerError,
    MissingParameterError,
    UnknownReferenceError,
)
from shuangdao.funding import (
    projects_by_seed_category,
    projects_by_type,
    projects_by_village,
)
from shuangdao.model import Measure, PartyKind, Plan
from shuangdao.model.accountability import IrregularityKind
from shuangdao.model.funding import (
    Allocation,
    Disbursement,
    FundingLedger,
    FundOrigin,
    FundSource,
    Project,
    ProjectType,
    SeedCategory,
)
from shuangdao.rules.funding import (
    audit_funds,
    check_delayed_funds,
    check_misdirected_funds,
    check_outside_plan,
    check_unsigned_funds,
    check_withheld_funds,
    finding_from,
    published_project_counts,
)
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import default_standards

D0 = dt.date(2013, 1, 1)


def alloc(aid="A1", *, kind="household", rid="H1", amount="10000", on=D0, **kw):
    """An allocation with sensible defaults."""
    kw.setdefault("origin", "provincial_budget")
    kw.setdefault("level", "provincial")
    kw.setdefault("purpose", "housing")
    return Allocation(
        allocation_id=aid, recipient_kind=kind, recipient_id=rid, amount=amount, on=on, **kw
    )


def pay(did="D1", aid="A1", *, amount="10000", days=10, village=True, household=True, **kw):
    """A payment ``days`` after D0."""
    return Disbursement(
        disbursement_id=did,
        allocation_id=aid,
        on=D0 + dt.timedelta(days=days),
        amount=amount,
        signed_by_village_head=village,
        signed_by_household_head=household,
        **kw,
    )


class TestFundOrigin:
    """The 大扶贫 families (seed p. 5; glossary FundSource.SPECIAL/SECTOR/SOCIAL)."""

    def test_families(self):
        """Budgets are special, departments sector, pairing/units/charity social."""
        assert FundOrigin.CENTRAL_BUDGET.family is FundSource.SPECIAL
        assert FundOrigin.PROVINCIAL_BUDGET.family is FundSource.SPECIAL
        assert FundOrigin.SECTOR_DEPARTMENT.family is FundSource.SECTOR
        assert FundOrigin.DEVELOPED_REGION_PAIRING.family is FundSource.SOCIAL
        assert FundOrigin.UNIT_OWN_FUNDS.family is FundSource.SOCIAL
        assert FundOrigin.CHARITY.family is FundSource.SOCIAL

    def test_source_defaults_to_family_and_can_be_set(self):
        """A record keeps both the concrete origin and the family."""
        assert alloc(origin="charity").source is FundSource.SOCIAL
        assert alloc(origin="charity", source="special").source is FundSource.SPECIAL


class TestAllocation:
    """Record validation names the record and field."""

    def test_amount_must_be_positive_and_exact(self):
        """Zero and sub-fen amounts are rejected."""
        with pytest.raises(InvalidRecordError, match=r"allocation A1: amount=.*> 0"):
            alloc(amount=0)
        with pytest.raises(InvalidRecordError, match="fen"):
            alloc(amount="1.001")

    def test_recipient_must_be_village_or_household(self):
        """Units cannot receive funds in the ledger."""
        with pytest.raises(InvalidRecordError, match="recipient_kind"):
            alloc(kind="unit")

    def test_round_trips_through_json(self):
        """Allocations, payments, ledgers and projects serialise losslessly."""
        ledger = FundingLedger().allocate(alloc()).disburse(pay(purpose="industry"))
        assert from_json(to_json(ledger), FundingLedger) == ledger
        project = Project(project_id="P1", project_type="housing", village_id="V1", cost=5)
        assert from_json(to_json(project), Project) == project


class TestFundingLedger:
    """The immutable ledger."""

    def test_operations_return_new_ledgers(self):
        """Recording never mutates the old value."""
        empty = FundingLedger()
        one = empty.allocate(alloc())
        assert empty.allocations == ()
        assert len(one.allocations) == 1

    def test_balance_is_conserved(self):
        """allocated = disbursed + outstanding."""
        ledger = (
            FundingLedger()
            .allocate(alloc())
            .allocate(alloc("A2", amount="500.50"))
            .disburse(pay(amount="4000"))
        )
        balance = ledger.balance()
        assert balance.allocated == Decimal("10500.50")
        assert balance.disbursed == Decimal("4000.00")
        assert balance.outstanding == Decimal("6500.50")
        assert balance.conserved

    def test_cannot_overpay_exactly_at_the_limit(self):
        """Paying exactly the allocation is fine; one fen more is not."""
        ledger = FundingLedger().allocate(alloc())
        assert ledger.disburse(pay(amount="10000")).outstanding_of("A1") == 0
        with pytest.raises(LedgerError, match="exceeds the outstanding"):
            ledger.disburse(pay(amount="10000.01"))

    def test_refuses_bad_records(self):
        """Repeated ids, unknown allocations, payments before allocation."""
        ledger = FundingLedger().allocate(alloc())
        with pytest.raises(LedgerError, match="already recorded"):
            ledger.allocate(alloc())
        with pytest.raises(UnknownReferenceError):
            ledger.disburse(pay(aid="A9"))
        with pytest.raises(LedgerError, match="before the allocation date"):
            ledger.disburse(pay(days=-1))
        with pytest.raises(LedgerError, match="already recorded"):
            ledger.disburse(pay(amount=1)).disburse(pay(amount=1))

    def test_of_accepts_any_order(self):
        """Payments listed before their allocation are still recorded."""
        ledger = FundingLedger.of([pay(amount=5), alloc()])
        assert ledger.balance().disbursed == Decimal("5.00")

    def test_totals_by(self):
        """Totals by source, origin, year, recipient and purpose."""
        ledger = (
            FundingLedger()
            .allocate(alloc(origin="charity"))
            .allocate(alloc("A2", rid="V1", kind="village", amount=5, on=dt.date(2014, 1, 1)))
            .disburse(pay(amount=100, days=400))
        )
        assert ledger.totals_by("source") == {
            FundSource.SOCIAL: Decimal("10000.00"),
            FundSource.SPECIAL: Decimal("5.00"),
        }
        assert ledger.totals_by("year") == {2013: Decimal("10000.00"), 2014: Decimal("5.00")}
        assert ledger.totals_by("year", what="disbursed") == {2014: Decimal("100.00")}
        outstanding = ledger.totals_by("recipient", what="outstanding")
        assert outstanding[(PartyKind.HOUSEHOLD, "H1")] == Decimal("9900.00")
        with pytest.raises(InvalidRecordError):
            ledger.totals_by("colour")  # type: ignore[arg-type]

    def test_select(self):
        """Selecting by field keeps the payments of the selected allocations."""
        ledger = (
            FundingLedger()
            .allocate(alloc())
            .allocate(alloc("A2", origin="charity"))
            .disburse(pay(amount=1))
        )
        part = ledger.select(origin="provincial_budget")
        assert [a.allocation_id for a in part.allocations] == ["A1"]
        assert len(part.disbursements) == 1
        assert ledger.select(origin={"charity", "central_budget"}).balance().allocated == Decimal(
            "10000.00"
        )
        with pytest.raises(InvalidRecordError):
            ledger.select(colour="red")


class TestProjects:
    """Typed projects and the seed's categories (seed 专栏5)."""

    def test_seed_categories_cover_every_type(self):
        """Infrastructure, housing and training are the seed's 'other construction'."""
        assert ProjectType.AGRICULTURE.seed_category is SeedCategory.AGRICULTURE
        assert ProjectType.HOUSING.seed_category is SeedCategory.OTHER
        assert {t.seed_category for t in ProjectType} == set(SeedCategory)

    def test_totals_by_type_village_and_seed_category(self):
        """Counts add up."""
        ps = [
            Project(project_id="P1", project_type="agriculture", village_id="V2"),
            Project(project_id="P2", project_type="housing", village_id="V1"),
            Project(project_id="P3", project_type="infrastructure", village_id="V1"),
        ]
        assert projects_by_type(ps)[ProjectType.HOUSING] == 1
        assert sum(projects_by_type(ps).values()) == 3
        assert projects_by_seed_category(ps)[SeedCategory.OTHER] == 2
        assert list(projects_by_village(ps)) == ["V1", "V2"]
        with pytest.raises(LedgerError):
            projects_by_village([*ps, ps[0]])

    def test_project_funds(self):
        """A project's funds are the allocations naming it."""
        ledger = FundingLedger().allocate(alloc(project_id="P1")).allocate(alloc("A2"))
        project = Project(project_id="P1", project_type="housing", village_id="V1")
        assert project.funds(ledger).allocated == Decimal("10000.00")


class TestPublishedProjectCounts:
    """Seed 专栏5: 18,101 + 2,938 + 1,559 + 6,270 = 28,868."""

    def test_seed_arithmetic_holds_SEED(self):
        """The published categories add up to the published total."""
        decision = published_project_counts()
        assert decision.outcome
        assert decision.value == 18101 + 2938 + 1559 + 6270 == 28868

    def test_inconsistent_override_is_reported(self):
        """A changed category breaks the sum and the decision says so."""
        s = default_standards().with_overrides(
            {"outcomes.projects_by_category": {"agriculture": 1, "other": 2}}
        )
        assert published_project_counts(standards=s).code == "inconsistent"


class TestCheckUnsignedFunds:
    """S10: funds not signed for by the village head and household head."""

    def test_both_signed_is_fine(self):
        """No misuse."""
        ledger = FundingLedger().allocate(alloc()).disburse(pay())
        assert not check_unsigned_funds(ledger.disbursements[0], ledger=ledger).outcome

    @pytest.mark.parametrize(("village", "household"), [(False, True), (True, False)])
    def test_either_missing_is_misuse(self, village, household):
        """A household payment needs both signatures."""
        d = pay(village=village, household=household)
        ledger = FundingLedger().allocate(alloc()).disburse(d)
        decision = check_unsigned_funds(d, ledger=ledger)
        assert decision.outcome
        assert decision.code == "not_signed_for"
        assert decision.value == Decimal("10000.00")

    def test_village_funds_need_no_household_head(self):
        """Funds to a village need only the village head."""
        d = pay(household=False)
        ledger = FundingLedger().allocate(alloc(kind="village", rid="V1")).disburse(d)
        assert not check_unsigned_funds(d, ledger=ledger).outcome


class TestCheckDelayedFunds:
    """S10: delaying funds; the time limit was never published."""

    @pytest.mark.parametrize(("days", "late"), [(89, False), (90, False), (91, True)])
    def test_boundary_at_the_limit(self, days, late):
        """Late means strictly more days than the limit."""
        ledger = FundingLedger().allocate(alloc()).disburse(pay(days=days))
        decision = check_delayed_funds(ledger.allocations[0], ledger=ledger, limit_days=90)
        assert decision.outcome is late

    def test_limit_is_required(self):
        """No limit given and none in the standards: a clear error."""
        ledger = FundingLedger().allocate(alloc())
        with pytest.raises(MissingParameterError, match="limit_days"):
            check_delayed_funds(ledger.allocations[0], ledger=ledger)

    def test_limit_from_standards_override(self):
        """The standards parameter can be supplied as a scenario."""
        s = default_standards().with_overrides({"funding.disbursement_limit_days": 30})
        ledger = FundingLedger().allocate(alloc()).disburse(pay(days=31))
        assert check_delayed_funds(ledger.allocations[0], ledger=ledger, standards=s).outcome


class TestCheckWithheldFunds:
    """S10: withholding funds."""

    def test_unpaid_by_date(self):
        """Outstanding on the date is withheld; the amount is what is outstanding."""
        ledger = FundingLedger().allocate(alloc()).disburse(pay(amount=4000, days=10))
        a = ledger.allocations[0]
        assert check_withheld_funds(a, ledger=ledger, by=D0 + dt.timedelta(days=9)).value == (
            Decimal("10000.00")
        )
        decision = check_withheld_funds(a, ledger=ledger, by=D0 + dt.timedelta(days=10))
        assert decision.outcome
        assert decision.value == Decimal("6000.00")

    def test_fully_paid_is_fine_and_date_checked(self):
        """Fully paid: no misuse; a date before the allocation is an error."""
        ledger = FundingLedger().allocate(alloc()).disburse(pay())
        a = ledger.allocations[0]
        assert not check_withheld_funds(a, ledger=ledger, by=dt.date(2014, 1, 1)).outcome
        with pytest.raises(InvalidRecordError):
            check_withheld_funds(a, ledger=ledger, by=dt.date(2012, 1, 1))


class TestCheckOutsidePlan:
    """S10: no spending plan, or spending outside it."""

    plan = Plan(
        plan_id="PL1",
        subject_kind="household",
        subject_id="H1",
        measures=[Measure(kind="housing"), Measure(kind="education")],
        target_year=2015,
    )

    def test_purpose_in_plan(self):
        """Housing funds for a housing plan are fine."""
        assert not check_outside_plan(alloc(), plans=[self.plan]).outcome

    def test_purpose_outside_plan(self):
        """Industry funds outside the plan are misuse."""
        decision = check_outside_plan(alloc(purpose="industry"), plans=[self.plan])
        assert decision.outcome
        assert decision.reason("funding.outside_plan.purpose").holds
        assert decision.code == "misused_funds"

    def test_no_plan(self):
        """No plan for the recipient at all."""
        decision = check_outside_plan(alloc(rid="H2"), plans=[self.plan])
        assert decision.reason("funding.outside_plan.no_plan").holds
        assert decision.code == "no_spending_plan"

    def test_named_plan_must_exist(self):
        """A plan id that is not given is an error."""
        with pytest.raises(UnknownReferenceError):
            check_outside_plan(alloc(plan_id="PL9"), plans=[self.plan])

    def test_payment_spent_on_another_purpose(self):
        """A payment's own purpose is checked."""
        d = pay(purpose="industry")
        ledger = FundingLedger().allocate(alloc()).disburse(d)
        assert check_outside_plan(d, plans=[self.plan], ledger=ledger).outcome


class TestCheckMisdirectedFunds:
    """S10: misdirected approvals."""

    def test_recipient_not_assisted(self):
        """Only assisted recipients may get funds."""
        assert check_misdirected_funds(alloc(), assisted={"H2"}).outcome
        assert not check_misdirected_funds(alloc(), assisted={"H1"}).outcome


class TestAuditFunds:
    """Findings for the accountability triggers."""

    def test_findings_and_evidence(self):
        """Every misuse becomes a finding with evidence fields; skipped checks are listed."""
        ledger = (
            FundingLedger()
            .allocate(alloc())
            .allocate(alloc("A2", purpose="industry"))
            .disburse(pay(village=False))
        )
        audit = audit_funds(ledger, assisted={"H1"}, by=dt.date(2013, 12, 31), plans=[])
        kinds = sorted(f.kind.value for f in audit.findings)
        assert kinds == ["no_spending_plan", "no_spending_plan", "not_signed_for", "withheld_funds"]
        assert [k for k, _ in audit.checks_skipped] == [IrregularityKind.DELAYED_FUNDS]
        unsigned = IrregularityKind.NOT_SIGNED_FOR
        evidence = next(f for f in audit.findings if f.kind is unsigned).to_evidence()
        assert evidence["recipient_id"] == "H1"
        assert evidence["amount"] == Decimal("10000.00")
        assert evidence["date"] == D0 + dt.timedelta(days=10)
        assert "village head" in evidence["reason"]
        assert evidence["kind"] == "not_signed_for"

    def test_finding_from_rejects_other_rules(self):
        """Only misuse decisions become findings."""
        with pytest.raises(InvalidRecordError):
            finding_from(published_project_counts(), ledger=FundingLedger())
