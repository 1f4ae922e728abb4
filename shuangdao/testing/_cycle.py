"""Hypothesis strategies for the cycle: income histories, indicators and their results.

Example:
    >>> from hypothesis import given
    >>> @given(household_income_histories(years=(2010, 2011, 2012)))
    ... def test_years(history):
    ...     assert set(history.income_by_year) == {2010, 2011, 2012}
    >>> test_years()
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st

from shuangdao.model import (
    Grade,
    GradeBand,
    HouseholdIncomeHistory,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    MandatedFailure,
    ScoringModel,
    SubjectKind,
    VillageIncomeHistory,
)

__all__ = [
    "household_income_histories",
    "income_histories",
    "indicator_results",
    "indicators",
    "scoring_models",
    "village_income_histories",
]

_ID = "abcdefghjkmnpqrstuvwxyz0123456789"


def _money(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low * 100, high * 100).map(lambda fen: Decimal(fen).scaleb(-2))


def income_histories(
    *, years: Sequence[int], min_value: int = 0, max_value: int = 60_000
) -> st.SearchStrategy[dict[int, Decimal]]:
    """Mappings year → exact yuan (fen precision) for every year in ``years``."""
    return st.fixed_dictionaries({year: _money(min_value, max_value) for year in years})


@st.composite
def household_income_histories(
    draw: st.DrawFn,
    *,
    years: Sequence[int] = (2010, 2011, 2012),
    village_id: str | None = None,
    household_id: str | None = None,
    max_members: int = 8,
    max_income: int = 60_000,
) -> HouseholdIncomeHistory:
    """Valid :class:`HouseholdIncomeHistory` records with an income for each of ``years``."""
    return HouseholdIncomeHistory(
        household_id=household_id or draw(st.text(_ID, min_size=1, max_size=8)),
        village_id=village_id or draw(st.text(_ID, min_size=1, max_size=4)),
        members=draw(st.integers(1, max_members)),
        income_by_year=draw(income_histories(years=years, max_value=max_income)),
        has_labour_capacity=draw(st.booleans()),
    )


@st.composite
def village_income_histories(
    draw: st.DrawFn,
    *,
    years: Sequence[int] = (2010, 2011, 2012),
    village_id: str | None = None,
    max_collective: int = 120_000,
) -> VillageIncomeHistory:
    """Valid :class:`VillageIncomeHistory` records (collective and per-capita incomes)."""
    return VillageIncomeHistory(
        village_id=village_id or draw(st.text(_ID, min_size=1, max_size=4)),
        collective_income_by_year=draw(income_histories(years=years, max_value=max_collective)),
        per_capita_income_by_year=draw(income_histories(years=years, max_value=20_000)),
    )


@st.composite
def indicators(
    draw: st.DrawFn, *, kind: IndicatorKind | None = None, indicator_id: str | None = None
) -> Indicator:
    """Valid indicators: weights 0–60, pass lines 0–1, bonuses, deductions and gates."""
    chosen = kind or draw(st.sampled_from(IndicatorKind))
    gate = draw(st.none() | st.decimals("0", "0.2", places=2))
    return Indicator(
        id=indicator_id or draw(st.text(_ID, min_size=1, max_size=6)),
        kind=chosen,
        weight=draw(st.integers(0, 60)),
        pass_line=draw(st.decimals("0", "1", places=2)),
        max_bonus=draw(st.integers(0, 10)),
        deduction=draw(st.integers(0, 3)),
        gate_limit=gate,
    )


def indicator_results(indicator: Indicator) -> st.SearchStrategy[IndicatorResult]:
    """Results for ``indicator``: achievement 0–1.5, deductions 0–20, a gate value if needed."""
    gate: st.SearchStrategy[Decimal | None] = (
        st.decimals("0", "0.3", places=3) if indicator.gate_limit is not None else st.none()
    )
    return st.builds(
        IndicatorResult,
        indicator_id=st.just(indicator.id),
        achieved=st.decimals("0", "1.5", places=3),
        deductions=st.integers(0, 20),
        gate_value=gate,
    )


@st.composite
def scoring_models(draw: st.DrawFn, *, max_indicators: int = 6) -> ScoringModel:
    """Valid scoring models with distinct indicator ids and a two-band scale."""
    count = draw(st.integers(1, max_indicators))
    items = [draw(indicators(indicator_id=f"i{n}")) for n in range(count)]
    cut = draw(st.decimals("0.01", "1", places=2))
    return ScoringModel(
        round=draw(st.sampled_from((1, 2, 3))),
        subject_kind=draw(st.sampled_from(SubjectKind)),
        indicators=items,
        grade_scale=[
            GradeBand(Grade.PASS, cut, passing=True, zh="及格"),
            GradeBand(Grade.FAIL, Decimal(0), passing=False, zh="不及格"),
        ],
        mandated_failure=draw(st.sampled_from(MandatedFailure)),
        citation=items[0].citation,
    )
