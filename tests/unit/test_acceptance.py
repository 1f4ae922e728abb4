"""Round 1's final acceptance: the re-check draw, the re-check rule and democratic appraisal."""

from __future__ import annotations

import decimal
import hashlib
from decimal import Decimal

import pytest

from shuangdao.citations import Certainty
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.model import DemocraticAppraisal, RecheckSample, SurveyFigure
from shuangdao.rules import acceptance
from shuangdao.standards import default_standards


def figure(record_id: str, value: str, item: str = "income") -> SurveyFigure:
    """One figure."""
    return SurveyFigure(record_id=record_id, item=item, value=value)


def one_figure_case(reported: str, rechecked: str, **overrides: str):
    """Re-check one of two households (h1); the other (h2) is not drawn."""
    standards = default_standards().with_overrides(overrides) if overrides else None
    sample = RecheckSample(seed=1, population=2, record_ids=("h1",))
    return acceptance.recheck(
        [figure("h1", reported), figure("h2", "2600")],
        [figure("h1", rechecked)],
        sample=sample,
        subject_id="county-x",
        standards=standards,
    )


class TestSurveyFigure:
    """The figure record."""

    def test_exact_value_of_any_sign(self):
        """Values stay exact; corrections may be negative."""
        assert figure("h1", "-12.345").value == Decimal("-12.345")

    def test_a_boolean_is_refused(self):
        """A yes/no item is written 0 or 1."""
        with pytest.raises(InvalidTypeError) as info:
            SurveyFigure(record_id="h1", item="road", value=True)
        assert info.value.field == "value"
        assert info.value.record == "survey figure h1"

    def test_not_a_number(self):
        """Text that is not a number is refused, naming the record."""
        with pytest.raises(InvalidRecordError) as info:
            figure("h1", "abc")
        assert info.value.record == "survey figure h1"


class TestRecheckSample:
    """The sample record."""

    def test_cannot_draw_more_than_the_population(self):
        """A sample larger than its population is refused."""
        with pytest.raises(InvalidRecordError):
            RecheckSample(seed=1, population=1, record_ids=("a", "b"))

    def test_ids_do_not_repeat(self):
        """A record is drawn once."""
        with pytest.raises(InvalidRecordError):
            RecheckSample(seed=1, population=3, record_ids=("a", "a"))

    def test_negative_seed(self):
        """Seeds are non-negative."""
        with pytest.raises(InvalidRecordError):
            RecheckSample(seed=-1, population=3, record_ids=())


class TestRecheckSampleSize:
    """Size of the sample: ceil(share x population), at least one."""

    @pytest.mark.parametrize(
        ("population", "size"), [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (3407, 341)]
    )
    def test_default_share(self, population, size):
        """0.10 of the population, rounded up."""
        assert acceptance.recheck_sample_size(population) == size

    def test_share_is_overridable(self):
        """The share is an assumed parameter."""
        s = default_standards().with_overrides({"acceptance.recheck_sample_share": "0.5"})
        assert acceptance.recheck_sample_size(7, standards=s) == 4

    def test_share_zero_still_draws_one(self):
        """A non-empty population always has at least one record re-checked."""
        s = default_standards().with_overrides({"acceptance.recheck_sample_share": "0"})
        assert acceptance.recheck_sample_size(7, standards=s) == 1

    def test_parameter_is_assumed(self):
        """Not published: tagged assumed."""
        param = default_standards().param("acceptance.recheck_sample_share")
        assert param.certainty is Certainty.ASSUMED
        assert "S11" in param.citation.source_ids

    def test_bad_population(self):
        """Typed errors."""
        with pytest.raises(InvalidTypeError):
            acceptance.recheck_sample_size(True)
        with pytest.raises(InvalidRecordError):
            acceptance.recheck_sample_size(-1)


class TestDrawRecheckSample:
    """The documented draw."""

    def test_the_documented_keys(self):
        """The sample is the ids ordered by SHA-256 of domain NUL seed NUL id."""
        ids = [f"v{i}" for i in range(50)]

        def key(record_id: str) -> bytes:
            data = b"shuangdao.acceptance.recheck\x00" + b"99\x00" + record_id.encode()
            return hashlib.sha256(data).digest()

        expected = tuple(sorted(ids, key=key)[:5])
        assert acceptance.draw_recheck_sample(ids, seed=99).record_ids == expected

    def test_published_example(self):
        """The module example, pinned (a change of the draw changes it)."""
        sample = acceptance.draw_recheck_sample([f"h{i}" for i in range(40)], seed=2012)
        assert sample.record_ids == ("h31", "h21", "h32", "h15")
        assert sample.method == acceptance.DRAW_METHOD == "sha256-order/v1"

    def test_size_given(self):
        """An explicit size wins over the share."""
        assert acceptance.draw_recheck_sample(["a", "b", "c"], seed=1, size=3).size == 3
        assert acceptance.draw_recheck_sample(["a", "b", "c"], seed=1, size=0).size == 0

    def test_size_beyond_population(self):
        """Refused, naming the field."""
        with pytest.raises(InvalidRecordError) as info:
            acceptance.draw_recheck_sample(["a"], seed=1, size=2)
        assert info.value.field == "size"

    def test_duplicate_id(self):
        """A record listed twice is an error naming it."""
        with pytest.raises(InvalidRecordError) as info:
            acceptance.draw_recheck_sample(["a", "b", "a"], seed=1)
        assert info.value.record == "record a"

    @pytest.mark.parametrize("seed", [True, "1", 1.0])
    def test_seed_must_be_an_integer(self, seed):
        """Typed error."""
        with pytest.raises(InvalidTypeError):
            acceptance.draw_recheck_sample(["a"], seed=seed)

    def test_ids_must_be_text(self):
        """Typed error."""
        with pytest.raises(InvalidTypeError):
            acceptance.draw_recheck_sample([1, 2], seed=1)  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError):
            acceptance.draw_recheck_sample("abc", seed=1)


class TestRecheck:
    """Whether the reported results stand."""

    def test_agrees_at_the_tolerance(self):
        """|2375 - 2500| = 125 = 0.05 x 2500: agrees."""
        d = one_figure_case("2500", "2375")
        assert (d.outcome, d.code, d.value) == (True, "stands", 0)

    def test_one_fen_beyond_the_tolerance(self):
        """125.01 > 125: disagrees, and 1 > 0.05 x 1 overturns."""
        d = one_figure_case("2500", "2374.99")
        assert (d.outcome, d.code, d.value) == (False, "overturned", 1)
        assert d.deciding == ("recheck_agrees",)

    def test_one_fen_within_above(self):
        """2624.99 is within 125 above 2500."""
        assert one_figure_case("2500", "2624.99").outcome
        assert one_figure_case("2500", "2625").outcome
        assert not one_figure_case("2500", "2625.01").outcome

    def test_reported_zero_agrees_only_with_zero(self):
        """5 % of 0 is 0."""
        assert one_figure_case("0", "0").outcome
        assert not one_figure_case("0", "0.01").outcome

    def test_tolerance_is_overridable(self):
        """A wider tolerance lets the same figure agree."""
        assert one_figure_case("2500", "2000", **{"acceptance.recheck_tolerance": "0.2"}).outcome

    def test_allowed_share_at_the_boundary(self):
        """1 disagreement of 20 at 0.05 stands; 2 of 20 overturn; 0.0499 overturns 1."""
        reported = [figure(f"h{i}", "2600") for i in range(20)]
        sample = RecheckSample(seed=0, population=20, record_ids=[f"h{i}" for i in range(20)])

        def decide(bad: int, share: str = "0.05"):
            rechecked = [figure(f"h{i}", "2000" if i < bad else "2600") for i in range(20)]
            s = default_standards().with_overrides({"acceptance.recheck_discrepancy_share": share})
            return acceptance.recheck(
                reported, rechecked, sample=sample, subject_id="c", standards=s
            )

        assert decide(1).code == "stands"
        assert decide(2).code == "overturned"
        assert decide(1, "0.0499").code == "overturned"
        assert decide(1, "0.0501").code == "stands"

    def test_reasons_explain_each_disagreement(self):
        """Informational reasons name the record, the item and both figures."""
        d = one_figure_case("2500", "2374.99")
        criteria = [r.criterion for r in d.reasons]
        assert criteria == ["recheck_agrees", "sample", "h1.income"]
        bad = d.reasons[2]
        assert bad.observed == Decimal("125.01")
        assert bad.threshold == Decimal("125.00")
        assert "re-checked 2374.99" in bad.note_en
        assert "复核2374.99" in bad.note_zh

    def test_certainty_is_assumed_and_says_why(self):
        """The tolerance and the allowed share are not published."""
        d = one_figure_case("2500", "2500")
        assert d.certainty is Certainty.ASSUMED
        assert "acceptance.recheck_tolerance" in d.reasons[0].rests_on
        assert "S11" in d.citation.source_ids

    def test_explains_in_both_languages(self):
        """The explanation renders in English and Chinese."""
        d = one_figure_case("2500", "2374.99")
        assert "re-check" in d.explain("en")
        assert "复核" in d.explain("zh")

    def test_exact_whatever_the_callers_context(self):
        """A coarse caller context does not change the decision."""
        with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
            d = one_figure_case("2500.01", "2375.009")
        assert d.outcome is False  # 125.001 > 0.05 x 2500.01 = 125.0005 (both 125 at prec 3)

    def test_sample_from_another_population(self):
        """The sample's population must be the survey's."""
        sample = RecheckSample(seed=1, population=3, record_ids=("h1",))
        with pytest.raises(InvalidRecordError) as info:
            acceptance.recheck(
                [figure("h1", "1"), figure("h2", "1")],
                [figure("h1", "1")],
                sample=sample,
                subject_id="c",
            )
        assert info.value.field == "population"

    def test_recheck_of_a_record_not_drawn(self):
        """Re-checking outside the sample is an error naming the record."""
        sample = RecheckSample(seed=1, population=2, record_ids=("h1",))
        with pytest.raises(InvalidRecordError) as info:
            acceptance.recheck(
                [figure("h1", "1"), figure("h2", "1")],
                [figure("h1", "1"), figure("h2", "1")],
                sample=sample,
                subject_id="c",
            )
        assert info.value.record == "record h2"

    def test_drawn_figure_not_rechecked(self):
        """Every reported figure of a drawn record is re-checked."""
        sample = RecheckSample(seed=1, population=1, record_ids=("v1",))
        with pytest.raises(InvalidRecordError) as info:
            acceptance.recheck(
                [figure("v1", "1", "road"), figure("v1", "30000", "collective")],
                [figure("v1", "1", "road")],
                sample=sample,
                subject_id="c",
            )
        assert (info.value.record, info.value.field) == ("record v1", "collective")

    def test_item_not_reported(self):
        """A re-checked item the survey did not report is an error."""
        sample = RecheckSample(seed=1, population=1, record_ids=("v1",))
        with pytest.raises(InvalidRecordError) as info:
            acceptance.recheck(
                [figure("v1", "1", "road")],
                [figure("v1", "1", "road"), figure("v1", "1", "water")],
                sample=sample,
                subject_id="c",
            )
        assert info.value.field == "water"

    def test_sampled_record_missing_from_the_survey(self):
        """A sampled record the survey lacks."""
        sample = RecheckSample(seed=1, population=1, record_ids=("h9",))
        with pytest.raises(InvalidRecordError) as info:
            acceptance.recheck([figure("h1", "1")], [], sample=sample, subject_id="c")
        assert info.value.record == "record h9"

    def test_duplicate_figure(self):
        """A figure reported twice."""
        sample = RecheckSample(seed=1, population=1, record_ids=("h1",))
        with pytest.raises(InvalidRecordError):
            acceptance.recheck(
                [figure("h1", "1"), figure("h1", "2")],
                [figure("h1", "1")],
                sample=sample,
                subject_id="c",
            )

    def test_empty_sample(self):
        """Nothing re-checked cannot decide."""
        sample = RecheckSample(seed=1, population=1, record_ids=())
        with pytest.raises(InvalidRecordError):
            acceptance.recheck([figure("h1", "1")], [], sample=sample, subject_id="c")

    def test_wrong_types(self):
        """Typed errors."""
        with pytest.raises(InvalidTypeError):
            acceptance.recheck([], [], sample="s", subject_id="c")  # type: ignore[arg-type]
        sample = RecheckSample(seed=1, population=1, record_ids=("h1",))
        with pytest.raises(InvalidTypeError):
            acceptance.recheck(["x"], [], sample=sample, subject_id="c")  # type: ignore[list-item]


class TestAppraisal:
    """Democratic appraisal of governance items."""

    def test_record_bounds(self):
        """in_favour within [0, participants]."""
        with pytest.raises(InvalidRecordError):
            DemocraticAppraisal(village_id="v", item="governance", participants=3, in_favour=4)
        with pytest.raises(InvalidRecordError):
            DemocraticAppraisal(village_id="v", item="governance", participants=0, in_favour=0)

    @pytest.mark.parametrize(("in_favour", "passes"), [(23, False), (24, True), (25, True)])
    def test_pass_line(self, in_favour, passes):
        """0.60 of 40 is 24: at, one below, one above."""
        a = DemocraticAppraisal(
            village_id="v1", item="governance", participants=40, in_favour=in_favour
        )
        d = acceptance.appraise(a)
        assert d.outcome is passes
        assert d.certainty is Certainty.ASSUMED
        assert d.rule == "acceptance.appraisal"

    def test_pass_line_is_the_scoring_models(self):
        """The pass line is read from assessment.round1_village, not restated."""
        rows = [
            dict(row, pass_line="0.75") if row["id"] == "governance" else row
            for row in default_standards().params.assessment.round1_village
        ]
        s = default_standards().with_overrides({"assessment.round1_village": rows})
        a = DemocraticAppraisal(village_id="v1", item="governance", participants=4, in_favour=3)
        assert acceptance.appraise(a, standards=s).outcome
        a = DemocraticAppraisal(village_id="v1", item="governance", participants=40, in_favour=29)
        assert not acceptance.appraise(a, standards=s).outcome

    def test_result_feeds_the_assessment(self):
        """The share, rounded down to 0.0001, is the indicator's achievement."""
        a = DemocraticAppraisal(village_id="v1", item="governance", participants=3, in_favour=2)
        result = acceptance.appraisal_result(a)
        assert (result.indicator_id, result.achieved) == ("governance", Decimal("0.6666"))

    def test_unknown_item(self):
        """An item the model lacks."""
        a = DemocraticAppraisal(village_id="v1", item="nothing", participants=3, in_favour=2)
        with pytest.raises(UnknownReferenceError):
            acceptance.appraise(a)

    def test_mandated_item_is_measured(self):
        """民生 items are not appraised."""
        a = DemocraticAppraisal(village_id="v1", item="housing", participants=3, in_favour=3)
        with pytest.raises(InvalidRecordError) as info:
            acceptance.appraise(a)
        assert info.value.record == "village v1"

    def test_wrong_type(self):
        """Typed errors."""
        with pytest.raises(InvalidTypeError):
            acceptance.appraise("x")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            acceptance.appraisal_result("x")  # type: ignore[arg-type]
