"""Accountability records, the shared vocabulary, deprecations and the data's citations."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

import shuangdao
from shuangdao.citations import Certainty
from shuangdao.errors import InvalidRecordError, InvalidTypeError, ShuangdaoError
from shuangdao.model import Allocation, Disbursement, FundingLedger, Measure, Plan
from shuangdao.model.accountability import (
    AccountabilityAction,
    AccountabilityRecord,
    AssistanceSide,
    BodyKind,
    FundingIrregularity,
    IrregularityKind,
    LeaderLink,
    Official,
    OfficialRole,
    SanctionChoice,
)
from shuangdao.rules.accountability import evaluate_triggers, funds_triggers
from shuangdao.rules.funding import audit_funds
from shuangdao.standards import default_standards


def record(number: int, **kw):
    """A county K01 record for assessment ``number``."""
    return AccountabilityRecord(
        body_id="K01", body_kind="area", level="county", assessment_number=number, **kw
    )


class TestRecords:
    """Record validation names the record and field."""

    def test_errors_name_the_record(self):
        """Bad records raise typed errors naming record and field."""
        with pytest.raises(InvalidRecordError, match="accountability record K01: total"):
            record(1, failed=3)
        with pytest.raises(InvalidRecordError, match="level='village'"):
            Official(official_id="P", role="staff", body_kind="area", body_id="K", level="village")
        with pytest.raises(InvalidRecordError, match="central"):
            Official(official_id="P", role="staff", body_kind="area", body_id="K", level="central")
        with pytest.raises(InvalidRecordError, match="team as a whole"):
            Official(
                official_id="P",
                role="leadership_team",
                body_kind="area",
                body_id="K",
                level="county",
            )
        with pytest.raises(ShuangdaoError, match="irregularities"):
            record(1, irregularities=[FundingIrregularity(kind="misused_funds", body_id="K9")])
        with pytest.raises(InvalidRecordError, match="repeat a leader"):
            record(1, leaders=[LeaderLink(leader_id="L1"), LeaderLink(leader_id="L1")])
        with pytest.raises(InvalidRecordError, match="kind"):
            FundingIrregularity(kind="theft", body_id="K01")
        with pytest.raises(InvalidRecordError, match="choose twice"):
            record(
                1,
                sanctions_chosen=[
                    SanctionChoice(official_id="P1", sanction="removal"),
                    SanctionChoice(official_id="P1", sanction="suspension"),
                ],
            )
        with pytest.raises(InvalidRecordError, match="consequence_chosen"):
            record(1, consequence_chosen="scolding")
        with pytest.raises(InvalidTypeError, match="SanctionChoice"):
            record(1, sanctions_chosen=["removal"])

    def test_body_kinds(self):
        """Every body kind is accepted."""
        for kind in BodyKind:
            assert (
                AccountabilityRecord(
                    body_id="B", body_kind=kind, level="county", assessment_number=1
                ).body_kind
                is kind
            )

    def test_records_are_in_the_model(self):
        """The records live in shuangdao.model, not in the rules (nor at the top level)."""
        from shuangdao import model

        for name in ("AccountabilityRecord", "Official", "ActionDecision", "SanctionChoice"):
            assert getattr(model, name).__module__.startswith("shuangdao.model.accountability.")
            assert name not in shuangdao.__all__


class TestDeprecatedNames:
    """Moved and renamed names keep working for one release, with a DeprecationWarning."""

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("Official", Official),
            ("AccountabilityRecord", AccountabilityRecord),
            ("IrregularityKind", IrregularityKind),
            ("Side", AssistanceSide),
            ("Role", OfficialRole),
            ("Action", AccountabilityAction),
        ],
    )
    def test_old_rules_path(self, old, new):
        """``from shuangdao.rules.accountability import Official`` warns and still works."""
        module = importlib.import_module("shuangdao.rules.accountability")
        with pytest.warns(DeprecationWarning, match="shuangdao.model.accountability"):
            assert getattr(module, old) is new

    @pytest.mark.parametrize(
        ("old", "new"),
        [("Side", AssistanceSide), ("Role", OfficialRole), ("Action", AccountabilityAction)],
    )
    def test_generic_top_level_names(self, old, new):
        """``shuangdao.Side`` is now ``shuangdao.model.AssistanceSide``."""
        with pytest.warns(DeprecationWarning, match=new.__name__):
            assert getattr(shuangdao, old) is new
        assert old not in shuangdao.__all__

    def test_misuse_kind_is_the_one_vocabulary(self):
        """``rules.funding.MisuseKind`` resolves to IrregularityKind, with a warning."""
        from shuangdao.rules import funding

        with pytest.warns(DeprecationWarning, match="IrregularityKind"):
            assert funding.MisuseKind is IrregularityKind

    def test_unknown_names_still_fail(self):
        """Only the moved names are served."""
        module = importlib.import_module("shuangdao.rules.accountability")
        with pytest.raises(AttributeError):
            module.Nothing  # noqa: B018
        with pytest.raises(AttributeError):
            shuangdao.Nothing  # noqa: B018


class TestOneVocabularyWithTheFundingChecks:
    """The funding checks find situations in the vocabulary the triggers read."""

    D0 = dt.date(2013, 1, 1)

    def _audit(self):
        """A ledger on which every check finds its situation."""
        d0 = self.D0

        def allocate(aid, rid, purpose="housing", kind="household"):
            return Allocation(
                allocation_id=aid,
                origin="provincial_budget",
                level="provincial",
                purpose=purpose,
                recipient_kind=kind,
                recipient_id=rid,
                on=d0,
                amount="10000",
            )

        ledger = (
            FundingLedger()
            .allocate(allocate("A1", "H1"))  # paid late, unsigned
            .allocate(allocate("A2", "H2"))  # never paid (withheld), no plan
            .allocate(allocate("A3", "H1", purpose="industry"))  # outside H1's plan
            .allocate(allocate("A4", "H9"))  # not an assisted household
            .disburse(
                Disbursement(
                    disbursement_id="D1",
                    allocation_id="A1",
                    on=d0 + dt.timedelta(days=200),
                    amount="10000",
                )
            )
        )
        plan = Plan(
            plan_id="PL1",
            subject_kind="household",
            subject_id="H1",
            measures=[Measure(kind="housing")],
            target_year=2015,
        )
        return audit_funds(
            ledger,
            plans=[plan],
            assisted={"H1", "H2"},
            by=dt.date(2013, 12, 31),
            limit_days=90,
        )

    def test_every_kind_the_checks_find_is_in_the_vocabulary(self):
        """Signatures, delays, withholding, plans, misdirection: all are IrregularityKind."""
        audit = self._audit()
        found = {f.kind for f in audit.findings}
        assert found == {
            IrregularityKind.NOT_SIGNED_FOR,
            IrregularityKind.DELAYED_FUNDS,
            IrregularityKind.WITHHELD_FUNDS,
            IrregularityKind.NO_SPENDING_PLAN,
            IrregularityKind.MISUSED_FUNDS,
            IrregularityKind.MISDIRECTED_APPROVAL,
        }
        assert set(audit.checks_run) == found
        assert not audit.checks_skipped

    def test_every_funding_finding_triggers_its_situation(self):
        """Each finding, passed as it is, triggers the situation of its own kind."""
        audit = self._audit()
        for finding in audit.findings:
            decisions = funds_triggers("K01", irregularities=[finding])
            held = [d.code for d in decisions if d.outcome]
            assert held == [f"triggered:funds.{finding.kind.value}"], finding.kind
        evidence = [FundingIrregularity.from_finding(f, body_id="K01") for f in audit.findings]
        fired = {d.code for d in evaluate_triggers(record(1, irregularities=evidence)) if d.outcome}
        assert fired == {f"triggered:funds.{f.kind.value}" for f in audit.findings}

    def test_from_finding_keeps_the_evidence(self):
        """The finding's record, village and amount become the evidence."""
        finding = self._audit().findings[0]
        evidence = FundingIrregularity.from_finding(finding, body_id="K01", discipline_due=True)
        assert (evidence.kind, evidence.evidence_id, evidence.amount) == (
            finding.kind,
            finding.record_id,
            finding.amount,
        )
        assert evidence.discipline_due
        with pytest.raises(InvalidTypeError, match="finding"):
            FundingIrregularity.from_finding("D1", body_id="K01")


class TestCitations:
    """S10 is said to be uncertain the same way everywhere; p. 5 is the seed's only."""

    S10_NOTE = (
        "S10 is a local copy of the measures; whether it is the provincial text is uncertain."
    )

    def test_every_parameter_citing_s10_says_the_copy_is_uncertain(self):
        """One sentence, on every parameter whose sources include S10."""
        s = default_standards()
        citing = {
            k: p
            for k, p in s.parameters.items()
            if k.startswith("accountability.") and "S10" in p.citation.source_ids
        }
        assert citing
        for key, param in citing.items():
            assert self.S10_NOTE in param.citation.note, key

    def test_the_facts_s10_states_are_tagged_confirmed(self):
        """The situations, the sanctions, the apology, the factors, the awards: [C] (brief §5)."""
        s = default_standards()
        for name in (
            "irregularity_kinds",
            "sanctions",
            "combinable_sanctions",
            "aggravating_factors",
            "award_loss",
        ):
            assert s.param(f"accountability.{name}").certainty is Certainty.CONFIRMED, name

    def test_page_five_belongs_to_the_seed(self):
        """A citation's 'p. 5' always belongs to SEED (alone, or written 'SEED p. 5')."""
        s = default_standards()
        for key, param in s.parameters.items():
            if not key.startswith("accountability."):
                continue
            citation = param.citation
            if "p. 5" not in citation.article:
                continue
            assert "SEED" in citation.source_ids, key
            if citation.source_ids != ("SEED",):
                assert "SEED p. 5" in citation.article, key

    def test_the_procedure_cites_s15_and_tags_its_rejections(self):
        """Art. 9 is in S15 (S14 stops at art. 8); rejection steps are assumed."""
        from shuangdao.rules.procedure import PROCEDURES, ApplicationState, ProcedureKind

        household = PROCEDURES[ProcedureKind.HOUSEHOLD]
        assert household.citation.source_ids == ("S15",)
        assert household.citation.article == "art. 9"
        for procedure in PROCEDURES.values():
            for step in procedure.transitions:
                if step.target is ApplicationState.REJECTED:
                    assert step.citation.certainty is Certainty.ASSUMED
                    assert step.citation.source_ids == ("PROJECT",)
                else:
                    assert step.citation.source_ids == procedure.citation.source_ids
                    assert step.citation.certainty is Certainty.CONFIRMED
