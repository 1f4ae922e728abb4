"""Hypothesis strategies for the accountability types (问责).

Re-exported from :mod:`shuangdao.testing`. They shrink towards small counts, no findings and
the first assessment.

Example:
    >>> from hypothesis import given
    >>> from shuangdao.testing._accountability import accountability_records
    >>> @given(accountability_records())
    ... def test_failed_within_total(record):
    ...     assert record.failed is None or record.failed <= record.total
    >>> test_failed_within_total()
"""

from __future__ import annotations

from hypothesis import strategies as st

from shuangdao.model.accountability import (
    LEVELS,
    AccountabilityRecord,
    AggravatingFactor,
    Aggravation,
    AssistanceSide,
    BodyKind,
    FundingIrregularity,
    IrregularityKind,
    Official,
    OfficialRole,
)
from shuangdao.standards import default_standards

__all__ = [
    "accountability_histories",
    "accountability_records",
    "aggravations",
    "funding_irregularities",
    "officials",
]

_PERSON_ROLES = tuple(r for r in OfficialRole if r is not OfficialRole.LEADERSHIP_TEAM)
_AREA_LEVELS = tuple(level for level in LEVELS if level != "central")
# The levels the regional situations are evaluated for, as the declaration reads them.
_REGIONAL_LEVELS = tuple(default_standards().params.accountability.trigger_levels)


@st.composite
def officials(
    draw: st.DrawFn,
    *,
    body_id: str | None = None,
    body_kind: BodyKind | None = None,
    level: str | None = None,
) -> Official:
    """Officials of any role on either side; fix ``body_id``/``body_kind``/``level`` to pin them."""
    kind = body_kind if body_kind is not None else draw(st.sampled_from(BodyKind))
    if level is None:
        level = draw(st.sampled_from(_AREA_LEVELS if kind is BodyKind.AREA else LEVELS))
    return Official(
        official_id=draw(st.from_regex(r"P[0-9]{1,3}", fullmatch=True)),
        role=draw(st.sampled_from(_PERSON_ROLES)),
        body_kind=kind,
        body_id=body_id if body_id is not None else draw(st.sampled_from(["K01", "K02", "U01"])),
        level=level,
        side=draw(st.sampled_from(AssistanceSide)),
    )


def funding_irregularities(*, body_id: str = "K01") -> st.SearchStrategy[FundingIrregularity]:
    """Findings of the S10 situations on ``body_id`` (amounts in whole yuan, optional)."""
    return st.builds(
        FundingIrregularity,
        kind=st.sampled_from(IrregularityKind),
        body_id=st.just(body_id),
        village_id=st.none() | st.sampled_from(["V1", "V2", "V3"]),
        amount=st.none() | st.integers(min_value=0, max_value=10_000_000),
        evidence_id=st.sampled_from(["", "E1", "E2"]),
        discipline_due=st.booleans(),
        criminal_suspected=st.booleans(),
    )


def aggravations(*, official_ids: tuple[str, ...]) -> st.SearchStrategy[Aggravation]:
    """Aggravating factors against one of ``official_ids``."""
    return st.builds(
        Aggravation,
        official_id=st.sampled_from(official_ids),
        factor=st.sampled_from(AggravatingFactor),
    )


@st.composite
def accountability_records(
    draw: st.DrawFn,
    *,
    body_id: str = "K01",
    body_kind: BodyKind = BodyKind.AREA,
    level: str = "county",
    assessment_number: int | None = None,
    max_total: int = 40,
    with_irregularities: bool = True,
) -> AccountabilityRecord:
    """One body's assessment with random evidence (any piece may be unrecorded, ``None``).

    Regional evidence (village counts, leaders' villages, the fiscal guarantee) is drawn only
    for areas at the levels the 2010 measures evaluate (city, county, township), and village
    counts only for assessments 1–3 (the ones the shipped standards have thresholds for).
    """
    number = (
        assessment_number
        if assessment_number is not None
        else draw(st.integers(min_value=1, max_value=3))
    )
    failed = total = None
    regional = body_kind is BodyKind.AREA and level in _REGIONAL_LEVELS
    if regional and number <= 3 and draw(st.booleans()):
        total = draw(st.integers(min_value=1, max_value=max_total))
        failed = draw(st.integers(min_value=0, max_value=total))
    leaders = None
    if regional and draw(st.booleans()):
        leaders = draw(
            st.dictionaries(
                st.sampled_from(["L1", "L2", "L3"]),
                st.none() | st.sampled_from(["V1", "V2"]),
                min_size=1,
            )
        )
    irregularities = (
        draw(st.lists(funding_irregularities(body_id=body_id), max_size=2))
        if with_irregularities
        else []
    )
    return AccountabilityRecord(
        body_id=body_id,
        body_kind=body_kind,
        level=level,
        assessment_number=number,
        year=2009 + number,
        failed=failed,
        total=total,
        rated_failing=draw(st.none() | st.booleans()),
        leaders=leaders,
        fiscal_guarantee=draw(st.none() | st.booleans()) if regional else None,
        irregularities=irregularities,
    )


@st.composite
def accountability_histories(
    draw: st.DrawFn,
    *,
    body_id: str = "K01",
    body_kind: BodyKind = BodyKind.AREA,
    level: str = "county",
    min_size: int = 1,
    max_size: int = 3,
    with_irregularities: bool = True,
) -> list[AccountabilityRecord]:
    """A body's assessments 1, 2, ... in order (the last is the "new" one)."""
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    return [
        draw(
            accountability_records(
                body_id=body_id,
                body_kind=body_kind,
                level=level,
                assessment_number=number,
                with_irregularities=with_irregularities,
            )
        )
        for number in range(1, size + 1)
    ]
