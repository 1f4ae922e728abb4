"""Invariants of the final acceptance: the draw, the re-check and democratic appraisal."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuangdao.citations import Certainty
from shuangdao.ingest import COUNT_LIMIT
from shuangdao.model import DemocraticAppraisal, RecheckSample, SurveyFigure
from shuangdao.rules import acceptance
from shuangdao.standards import default_standards

ids = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=6),
    unique=True,
    max_size=60,
)
seeds = st.integers(0, COUNT_LIMIT - 1)
amounts = st.decimals(min_value=-(10**6), max_value=10**7, places=2, allow_nan=False)
shares = st.decimals(min_value=0, max_value=1, places=4)


@given(ids, seeds, st.data())
def test_draw_is_deterministic_and_within_the_population(population, seed, data):
    """The same seed draws the same sample, of distinct surveyed records, in any input order."""
    size = data.draw(st.integers(0, len(population)))
    sample = acceptance.draw_recheck_sample(population, seed=seed, size=size)
    assert sample.size == size
    assert set(sample.record_ids) <= set(population)
    assert len(set(sample.record_ids)) == size
    assert sample.population == len(population)
    shuffled = data.draw(st.permutations(population))
    again = acceptance.draw_recheck_sample(shuffled, seed=seed, size=size)
    assert again == sample


@given(ids, seeds, st.data())
def test_a_larger_sample_contains_the_smaller(population, seed, data):
    """Samples of one seed are nested: the smaller is a prefix of the larger."""
    small = data.draw(st.integers(0, len(population)))
    large = data.draw(st.integers(small, len(population)))
    a = acceptance.draw_recheck_sample(population, seed=seed, size=small)
    b = acceptance.draw_recheck_sample(population, seed=seed, size=large)
    assert b.record_ids[:small] == a.record_ids


@given(st.integers(0, 10**6), shares)
def test_sample_size_is_the_share_rounded_up(population, share):
    """ceil(share x N), at least one of a non-empty population, at most N."""
    s = default_standards().with_overrides({"acceptance.recheck_sample_share": str(share)})
    size = acceptance.recheck_sample_size(population, standards=s)
    assert 0 <= size <= population
    if population:
        assert size >= 1
        assert size >= share * population
        assert size == 1 or size - 1 < share * population


def _case(pairs: list[tuple[Decimal, Decimal]], tolerance: Decimal, allowed: Decimal):
    reported = [
        SurveyFigure(record_id=f"h{i}", item="x", value=r) for i, (r, _) in enumerate(pairs)
    ]
    rechecked = [
        SurveyFigure(record_id=f"h{i}", item="x", value=c) for i, (_, c) in enumerate(pairs)
    ]
    sample = RecheckSample(
        seed=0, population=len(pairs), record_ids=[f"h{i}" for i in range(len(pairs))]
    )
    s = default_standards().with_overrides(
        {
            "acceptance.recheck_tolerance": str(tolerance),
            "acceptance.recheck_discrepancy_share": str(allowed),
        }
    )
    return acceptance.recheck(reported, rechecked, sample=sample, subject_id="c", standards=s)


pairs = st.lists(st.tuples(amounts, amounts), min_size=1, max_size=12)
tolerances = st.decimals(min_value=0, max_value=1, places=3)


@given(pairs, tolerances, tolerances, shares)
def test_stands_is_monotone_in_the_tolerance(figures, t1, t2, allowed):
    """A wider tolerance never overturns results a narrower one lets stand."""
    low, high = sorted((t1, t2))
    narrow, wide = _case(figures, low, allowed), _case(figures, high, allowed)
    assert wide.value <= narrow.value
    assert not narrow.outcome or wide.outcome


@given(pairs, tolerances, shares, shares)
def test_stands_is_monotone_in_the_allowed_share(figures, tolerance, a1, a2):
    """Allowing more disagreements never overturns results that stood."""
    low, high = sorted((a1, a2))
    assert not _case(figures, tolerance, low).outcome or _case(figures, tolerance, high).outcome


@given(st.lists(amounts, min_size=1, max_size=12), tolerances, shares)
def test_a_re_check_that_finds_the_reported_figures_stands(values, tolerance, allowed):
    """Re-checked figures equal to the reported ones always agree."""
    d = _case([(v, v) for v in values], tolerance, allowed)
    assert (d.outcome, d.code, d.value) == (True, "stands", 0)


@given(pairs, tolerances, shares)
def test_certainty_is_never_stronger_than_its_assumed_parameters(figures, tolerance, allowed):
    """The tolerance and the allowed share are assumed: so is every re-check decision."""
    d = _case(figures, tolerance, allowed)
    assert d.certainty is Certainty.ASSUMED
    assert d.value == len([r for r in d.reasons if r.criterion.startswith("h")])


@given(st.integers(1, 500), st.data())
def test_appraisal_is_monotone_in_the_votes_in_favour(participants, data):
    """One more vote in favour never turns a pass into a failure."""
    in_favour = data.draw(st.integers(0, participants - 1))
    lower = DemocraticAppraisal(
        village_id="v", item="governance", participants=participants, in_favour=in_favour
    )
    higher = DemocraticAppraisal(
        village_id="v", item="governance", participants=participants, in_favour=in_favour + 1
    )
    assert not acceptance.appraise(lower).outcome or acceptance.appraise(higher).outcome
    assert (
        acceptance.appraisal_result(lower).achieved <= acceptance.appraisal_result(higher).achieved
    )


@given(st.integers(1, 10**6), st.data())
def test_appraisal_agrees_with_the_assessment_pass_line(participants, data):
    """The rounded-down achievement reaches the pass line exactly when the votes do."""
    from shuangdao.rules.assessment import indicator_points, scoring_model

    in_favour = data.draw(st.integers(0, participants))
    appraisal = DemocraticAppraisal(
        village_id="v", item="governance", participants=participants, in_favour=in_favour
    )
    indicator = scoring_model(1, "village").indicator("governance")
    _points, met = indicator_points(indicator, acceptance.appraisal_result(appraisal))
    assert met is acceptance.appraise(appraisal).outcome
