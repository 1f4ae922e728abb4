"""What the generator is calibrated against, read once from the shipped standards."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from shuangdao.declare import kernel
from shuangdao.errors import MissingParameterError
from shuangdao.quantities import Comparator
from shuangdao.standards import default_standards

# --- what the generator is calibrated against, read from the shipped standards -----------------


@attrs.frozen
class _Line:
    """A line in integer fen with the comparator of its rule (``holds`` = selected)."""

    fen: int
    comparator: Comparator

    def holds(self, amount: Any, times: Any = None) -> Any:
        """Where ``amount <op> line × times`` (integer fen; exact)."""
        return kernel.compare(amount, self.comparator, kernel.scaled(_yuan(self.fen)), times=times)

    def last_selected(self, times: Any = 1) -> Any:
        """The largest total (fen) that still satisfies a line selecting *below* it."""
        if self.comparator.holds(Decimal(self.fen), Decimal(self.fen)):
            return self.fen * times
        if self.comparator.holds(Decimal(self.fen - 1), Decimal(self.fen)):
            return self.fen * times - 1
        msg = f"a {self.comparator.value} line does not select the incomes below it"
        raise ValueError(msg)


def _yuan(fen: int) -> Decimal:
    return kernel.as_decimal(fen, 2)


def _fen(value: Decimal) -> int:
    amount = kernel.fen(value)
    if amount is None:  # pragma: no cover - the shipped lines are whole fen
        msg = f"{value} is not a whole number of fen"
        raise ValueError(msg)
    return amount


@attrs.frozen
class _Calibration:
    """Every policy figure the generator uses, read once from :func:`default_standards`."""

    income_year: Mapping[int, int]
    """Round → the income year its identification reads (round 1: assumed, see the docstring)."""
    assessment_years: Mapping[int, tuple[int, ...]]
    settlement_year: Mapping[int, int]
    years: tuple[int, ...]
    household: Mapping[int, _Line]
    key_village: _Line
    collective: _Line
    r3_village: _Line
    r3_poor_share: Decimal
    r3_poor_share_comparator: Comparator
    r1_exit_line: int
    r1_collective_target: int
    r2_exit_ratio: float
    r2_village_target_ratio: float
    r2_collective_target: int
    r3_exit_lines: Mapping[int, int]
    provincial: Mapping[int, float]
    published: Mapping[int, Mapping[str, int]]

    def provincial_growth(self, year: int, base: int) -> float:
        """``P(year) / P(base)`` of the provincial rural per-capita income."""
        return self.provincial[year] / self.provincial[base]


@functools.cache
def _calibration() -> _Calibration:
    s = default_standards()
    p = s.params
    rounds = (p.round1, p.round2, p.round3)
    assessment = {r.number: tuple(sorted(r.assessment_years.values())) for r in rounds}
    try:
        first_year = p.round1.income_base_year
    except MissingParameterError:
        # never published: the year before round 1's first assessment year (2009)
        first_year = assessment[1][0] - 1
    income_year = {1: first_year, 2: p.round2.reference_year, 3: p.round3.price_base_year}
    settlement = {r.number: r.settlement_income_year for r in rounds}
    years = tuple(range(income_year[1], settlement[3] + 1))
    series = p.statistics.provincial_rural_income
    return _Calibration(
        income_year=income_year,
        assessment_years=assessment,
        settlement_year=settlement,
        years=years,
        household={r.number: _Line(_fen(r.household_line), r.household_comparator) for r in rounds},
        key_village=_Line(_fen(p.round2.village_line), p.round2.village_comparator),
        collective=_Line(_fen(p.round2.collective_line), p.round2.collective_comparator),
        r3_village=_Line(_fen(p.round3.village_line), p.round3.village_comparator),
        r3_poor_share=p.round3.village_poor_share,
        r3_poor_share_comparator=p.round3.village_poor_share_comparator,
        r1_exit_line=_fen(p.round1.exit_line),
        r1_collective_target=_fen(p.round1.village_collective_target),
        r2_exit_ratio=float(p.round2.exit_ratio),
        r2_village_target_ratio=float(p.round2.village_target_ratio),
        r2_collective_target=_fen(p.round2.village_collective_target),
        r3_exit_lines={int(y): _fen(v) for y, v in p.round3.exit_lines.items()},
        provincial={y: float(series[y].value) for y in years},
        published={
            r.number: {
                "villages": r.published_villages,
                "households": r.published_households,
                "people": r.published_persons,
            }
            for r in rounds
        },
    )


_CAL: Final = _calibration()

INCOME_YEARS: Final = _CAL.years
"""Years carried by the ``income_<year>``, ``per_capita_income_<year>`` and
``collective_income_<year>`` columns: round 1's income year (2009) to round 3's settlement
income year (2018, ``round3.settlement_income_year``)."""

ROUND_INCOME_YEAR: Final[Mapping[int, int]] = _CAL.income_year
"""Income year used by each round's identification.

2009 for round 1 (``round1.income_base_year`` was not published: the year before the round's
first assessment), end of 2011 for round 2 (``round2.reference_year``, S1), 2014 prices for
round 3 (``round3.price_base_year``, S18).
"""

PUBLISHED_TARGETS: Final[Mapping[int, Mapping[str, int]]] = _CAL.published
"""Published identification aggregates the province is calibrated to at scale 1.

Read from ``round<n>.published_villages``, ``published_households`` and ``published_persons``:
round 1: 3407 villages at acceptance (S11), ~37万 households (S6, S7) and 158.6万 people
(one of 155.8/158.6/159.8万); round 2: 2571 / 20.9万 / 90.6万 (S1); round 3:
2277 / 70.8万 / 176.5万 (S18).
"""
