"""Hypothesis strategies for whole populations (villages + households), for the batch path.

:func:`populations` draws the two tables of the ``identify`` contract as lists of row dicts,
with many records placed *exactly* at a threshold or one fen either side of it (village
income at the village line, collective income 29999.99 / 30000.00 / 30000.01, household
income ``line × members``, relatively poor persons exactly 5 % of the registered
population...). Thresholds are read from the standards, never written here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from shuangdao.standards import Standards, default_standards

__all__ = ["populations", "threshold_amounts"]

_FEN = Decimal("0.01")


def threshold_amounts(line: Decimal, *, times: int = 1) -> st.SearchStrategy[Decimal]:
    """Amounts at ``line × times`` and one fen either side (and sometimes anywhere near)."""
    exact = (line * times).quantize(_FEN, rounding="ROUND_CEILING")
    near = [exact - _FEN, exact, exact + _FEN, (line * times).quantize(_FEN)]
    return st.one_of(
        st.sampled_from([a for a in near if a >= 0]),
        st.integers(0, int(exact * 200)).map(lambda fen: Decimal(fen) / 100),
    )


def _line(standards: Standards, key: str) -> Decimal:
    value: Decimal = standards.value(key)
    return value


@st.composite
def populations(
    draw: st.DrawFn,
    *,
    round: int,
    standards: Standards | None = None,
    max_villages: int = 6,
    max_households: int = 30,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Valid ``(villages, households)`` rows for ``round``, many exactly at a threshold.

    Ids are unique and every household lives in one of the villages, so every row is
    decided (use it to compare the batch and object paths record for record).
    """
    std = default_standards() if standards is None else standards
    n_villages = draw(st.integers(1, max_villages))
    village_line = {1: None, 2: "round2.village_line", 3: "round3.village_line"}[round]
    household_line: Decimal = std.params.round(round).household_line
    villages: list[dict[str, Any]] = []
    for number in range(n_villages):
        row: dict[str, Any] = {
            "village_id": f"V{number:03d}",
            "county_id": draw(st.sampled_from(["K1", "K2"])),
        }
        if village_line is None:
            row["per_capita_income"] = draw(st.none() | threshold_amounts(Decimal(3000)))
        else:
            row["per_capita_income"] = draw(threshold_amounts(_line(std, village_line)))
        row["collective_income"] = draw(threshold_amounts(_line(std, "round2.collective_line")))
        if round == 1:
            row["designated"] = draw(st.booleans())
        if round == 3:
            row["registered_population"] = draw(st.integers(1, 200))
        villages.append(row)
    n_households = draw(st.integers(0, max_households))
    households: list[dict[str, Any]] = []
    for number in range(n_households):
        members = draw(st.integers(1, 9))
        households.append(
            {
                "household_id": f"H{number:04d}",
                "village_id": draw(st.sampled_from([v["village_id"] for v in villages])),
                "members": members,
                "income": draw(threshold_amounts(household_line, times=members)),
                "has_labour_capacity": draw(st.booleans()),
            }
        )
    if round == 3:
        # Put some villages exactly at the poor-share threshold: 5 % of the registered
        # population equal to the persons of their relatively poor households (or one off).
        share = _line(std, "round3.village_poor_share")
        for village in villages:
            persons = sum(
                h["members"]
                for h in households
                if h["village_id"] == village["village_id"]
                and h["income"] < household_line * h["members"]
            )
            if persons and draw(st.booleans()):
                population = persons / share
                if population == population.to_integral_value():
                    village["registered_population"] = int(population) + draw(
                        st.sampled_from([-1, 0, 0, 1])
                    )
                    village["registered_population"] = max(1, village["registered_population"])
    return villages, households
