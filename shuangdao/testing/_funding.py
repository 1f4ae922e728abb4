"""Hypothesis strategies for funds, projects and outcome metrics (re-exported by the lead).

``funding_ledgers()`` builds valid ledgers (every payment after its allocation, never more than
allocated); ``funding_records()`` gives the same records as a list, for order-independence tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from shuangdao.metrics import Region, VillageLivelihood
from shuangdao.model import MeasureKind, PartyKind, UnitLevel
from shuangdao.model.funding import (
    Allocation,
    Disbursement,
    FundingLedger,
    FundOrigin,
    Project,
    ProjectType,
)

__all__ = [
    "allocations",
    "funding_ledgers",
    "funding_records",
    "projects",
    "regions",
    "village_livelihoods",
]

_FEN = Decimal("0.01")


def _amounts(max_yuan: int = 1_000_000) -> st.SearchStrategy[Decimal]:
    return st.integers(1, max_yuan * 100).map(lambda fen: (Decimal(fen) * _FEN).quantize(_FEN))


@st.composite
def allocations(
    draw: st.DrawFn, *, allocation_id: str | None = None, recipient_ids: tuple[str, ...] = ()
) -> Allocation:
    """Valid :class:`~shuangdao.model.funding.Allocation` values (2009–2018)."""
    kind = draw(st.sampled_from([PartyKind.VILLAGE, PartyKind.HOUSEHOLD]))
    recipient = (
        draw(st.sampled_from(recipient_ids))
        if recipient_ids
        else draw(st.from_regex(r"[VH][0-9]{1,3}", fullmatch=True))
    )
    return Allocation(
        allocation_id=allocation_id or draw(st.from_regex(r"A[0-9]{1,4}", fullmatch=True)),
        origin=draw(st.sampled_from(FundOrigin)),
        level=draw(st.sampled_from(UnitLevel)),
        purpose=draw(st.sampled_from(MeasureKind)),
        recipient_kind=kind,
        recipient_id=recipient,
        on=draw(st.dates(dt.date(2009, 1, 1), dt.date(2018, 12, 31))),
        amount=draw(_amounts()),
    )


@st.composite
def funding_records(
    draw: st.DrawFn, *, max_allocations: int = 8, max_payments: int = 3
) -> list[Allocation | Disbursement]:
    """Allocations then, for each, up to ``max_payments`` valid payments (in recording order)."""
    count = draw(st.integers(0, max_allocations))
    records: list[Allocation | Disbursement] = []
    payments: list[Allocation | Disbursement] = []
    for index in range(count):
        allocation = draw(allocations(allocation_id=f"A{index}"))
        records.append(allocation)
        left = int(allocation.amount * 100)
        for number in range(draw(st.integers(0, max_payments))):
            if left == 0:
                break
            fen = draw(st.integers(1, left))
            left -= fen
            payments.append(
                Disbursement(
                    disbursement_id=f"D{index}-{number}",
                    allocation_id=allocation.allocation_id,
                    on=allocation.on + dt.timedelta(days=draw(st.integers(0, 800))),
                    amount=(Decimal(fen) * _FEN).quantize(_FEN),
                    signed_by_village_head=draw(st.booleans()),
                    signed_by_household_head=draw(st.booleans()),
                )
            )
    return records + payments


def funding_ledgers(
    *, max_allocations: int = 8, max_payments: int = 3
) -> st.SearchStrategy[FundingLedger]:
    """Valid :class:`~shuangdao.model.funding.FundingLedger` values."""
    return funding_records(max_allocations=max_allocations, max_payments=max_payments).map(
        FundingLedger.of
    )


def projects(*, village_ids: tuple[str, ...] = ()) -> st.SearchStrategy[Project]:
    """Valid :class:`~shuangdao.model.funding.Project` values."""
    village = (
        st.sampled_from(village_ids)
        if village_ids
        else st.from_regex(r"V[0-9]{1,3}", fullmatch=True)
    )
    return st.builds(
        Project,
        project_id=st.from_regex(r"P[0-9]{1,5}", fullmatch=True),
        project_type=st.sampled_from(ProjectType),
        village_id=village,
        start_year=st.none() | st.integers(2009, 2018),
        cost=st.none() | _amounts(),
    )


def regions() -> st.SearchStrategy[Region]:
    """Valid :class:`~shuangdao.metrics.Region` values (GDP in 万元, population in persons)."""
    return st.builds(
        Region,
        region_id=st.from_regex(r"C[0-9]{2}", fullmatch=True),
        gdp=st.integers(1, 10**9).map(Decimal),
        population=st.integers(1, 20_000_000),
    )


@st.composite
def village_livelihoods(draw: st.DrawFn) -> VillageLivelihood:
    """Valid :class:`~shuangdao.metrics.VillageLivelihood` values."""
    population = draw(st.integers(0, 5000))
    needy = draw(st.integers(0, 200))
    return VillageLivelihood(
        village_id=draw(st.from_regex(r"V[0-9]{1,4}", fullmatch=True)),
        hardened_road=draw(st.booleans()),
        population=population,
        safe_water_population=draw(st.integers(0, population)),
        housing_needy=needy,
        housing_rebuilt=draw(st.integers(0, needy)),
    )
