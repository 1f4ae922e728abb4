"""Unit tests for ``shuangdao.rules.procedure`` (条例 art. 9, S15; village procedure, S19)."""

import datetime as dt
import doctest

import pytest

from shuangdao.errors import IllegalTransitionError, InvalidRecordError, InvalidTypeError
from shuangdao.rules import procedure as proc
from shuangdao.rules.procedure import (
    PROCEDURES,
    Application,
    ApplicationState,
    HistoryEntry,
    ProcedureKind,
    advance,
    allowed_steps,
    apply,
    approve,
    deliberate,
    publish,
    reject,
    report,
    review,
    verify,
)
from shuangdao.serialize import from_json, to_json

S = ApplicationState
D = dt.date(2013, 3, 1)


def day(n):
    return D + dt.timedelta(days=n)


def test_module_doctests():
    assert doctest.testmod(proc).failed == 0


class TestApply:
    def test_household_applies_S15(self):
        app = apply("a1", "h1", on=D)
        assert app.state is S.APPLIED
        assert app.household_id == "h1"
        assert app.history[0].actor == "household"
        assert not app.final

    def test_village_committee_applies_S19(self):
        app = apply("a1", "v1", on=D, procedure=ProcedureKind.VILLAGE)
        assert app.history[0].actor == "village committee"
        assert allowed_steps(app) == (S.REVIEWED, S.REJECTED)

    def test_bad_id(self):
        with pytest.raises(InvalidRecordError):
            apply("", "h1", on=D)


class TestAdvance:
    def test_full_household_procedure_in_order_S15(self):
        """S15 art. 9: apply → verify → deliberate → township review → county decides → report."""
        app = apply("a1", "h1", on=D)
        app = verify(app, on=day(1))
        app = deliberate(app, on=day(2))
        app = review(app, on=day(3))
        app = approve(app, on=day(4))
        app = report(app, on=day(5), note="to the prefecture poverty office")
        assert [e.state for e in app.history] == [
            S.APPLIED,
            S.VERIFIED,
            S.DELIBERATED,
            S.REVIEWED,
            S.APPROVED,
            S.REPORTED,
        ]
        assert [e.actor for e in app.history][1:] == [
            "village committee",
            "villagers' (representatives') meeting",
            "township government",
            "county government",
            "county government",
        ]
        assert app.final

    def test_full_village_procedure_S19(self):
        app = apply("a1", "v1", on=D, procedure="village")
        for n, state in enumerate(
            [S.REVIEWED, S.COUNTY_REVIEWED, S.PREFECTURE_REVIEWED, S.APPROVED], start=1
        ):
            app = advance(app, state, on=day(n))
        app = publish(app, on=day(9))
        assert app.state is S.PUBLISHED
        assert app.final
        assert app.history[4].actor == "provincial poverty office"

    @pytest.mark.parametrize("steps", [0, 1, 2, 3])
    def test_rejection_possible_at_each_review_step(self, steps):
        app = apply("a1", "h1", on=D)
        for step in (verify, deliberate, review)[:steps]:
            app = step(app, on=D)
        app = reject(app, on=D, note="income above the line")
        assert app.state is S.REJECTED
        assert app.final
        with pytest.raises(IllegalTransitionError, match="rejected is final"):
            verify(app, on=D)

    def test_illegal_step_names_both_states(self):
        with pytest.raises(IllegalTransitionError) as info:
            review(apply("a1", "h1", on=D), on=D)
        assert "cannot go from applied to reviewed" in str(info.value)
        assert "application a1" in str(info.value)
        assert info.value.rule == "procedure.household"

    def test_cannot_report_a_rejection(self):
        app = reject(apply("a1", "h1", on=D), on=D)
        with pytest.raises(IllegalTransitionError):
            report(app, on=D)

    def test_dates_must_not_go_back(self):
        app = apply("a1", "h1", on=D)
        with pytest.raises(InvalidRecordError, match="before the previous step"):
            verify(app, on=D - dt.timedelta(days=1))

    def test_on_must_be_a_date(self):
        with pytest.raises(InvalidTypeError):
            verify(apply("a1", "h1", on=D), on=dt.datetime(2013, 3, 2))

    def test_unknown_state(self):
        with pytest.raises(InvalidRecordError, match="state"):
            advance(apply("a1", "h1", on=D), "nonsense", on=D)


class TestApplication:
    def test_json_round_trip(self):
        app = review(deliberate(verify(apply("a1", "h1", on=D), on=day(1)), on=day(2)), on=day(3))
        assert from_json(to_json(app), Application) == app

    def test_history_is_checked_when_built(self):
        history = [HistoryEntry(S.APPLIED, D), HistoryEntry(S.REVIEWED, D)]
        with pytest.raises(IllegalTransitionError, match="applied to reviewed"):
            Application("a1", "h1", history)

    def test_history_must_start_at_applied(self):
        with pytest.raises(IllegalTransitionError, match="must start at applied"):
            Application("a1", "h1", [HistoryEntry(S.VERIFIED, D)])

    def test_history_must_not_be_empty(self):
        with pytest.raises(InvalidRecordError):
            Application("a1", "h1", [])

    def test_history_dates_ordered(self):
        history = [HistoryEntry(S.APPLIED, day(2)), HistoryEntry(S.VERIFIED, day(1))]
        with pytest.raises(InvalidRecordError):
            Application("a1", "h1", history)


class TestProcedures:
    def test_every_non_final_state_can_reject(self):
        for procedure in PROCEDURES.values():
            for t in procedure.transitions:
                if (
                    t.target not in (S.REJECTED, S.REPORTED, S.PUBLISHED)
                    and t.target is not S.APPROVED
                ):
                    assert S.REJECTED in procedure.allowed(t.source)

    def test_citations(self):
        assert PROCEDURES[ProcedureKind.HOUSEHOLD].citation.article == "art. 9"
        assert PROCEDURES[ProcedureKind.VILLAGE].citation.source_ids == ("S19",)
