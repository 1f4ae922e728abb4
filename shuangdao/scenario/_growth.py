"""The income-growth model of a scenario run: baseline, plan measures, labour transfer.

All money is integer fen (``numpy.int64``, or Python ints in an ``object`` array when a
product could overflow). Every multiplication by a non-integer factor is done exactly on the
factor's integer ratio and rounded **half up to the fen** (the one rounding rule of this
module). Random draws (which measures a plan holds, which households transfer a worker, the
evidence of non-income indicators) are uniform numbers keyed by record
(:mod:`shuangdao.scenario._draws`), the same for any partitioning; a float only ever chooses
*what happens* in the simulation, never how a rule decides it.

Income of a poor household ``i`` in year ``y`` of the round::

    income[i, y] = baseline[i, y]
                 + members[i] × Σ_measures effect[m] × min(k, ramp) / ramp     (plan measures)
                 + transferred[i, y] × W × (1 + g)^(y − 2012)                 (labour transfer)

where ``k = y − first_assessment_year + 1`` (the measures start with the round's first
assessment year), ``W`` is ``scenario.labour_transfer_income`` (the seed's 2012 per-capita
wage income, 5,744 yuan) and ``g`` is ``scenario.baseline_growth``. The **baseline** is the
population's own ``income_<year>`` column when it has one (the synthetic province carries
2009–2018), else its latest earlier ``income_<year>`` column grown by ``(1 + g)^(y − y')``
(e.g. round 3's follow-up years 2019–2021 from 2018), else the identification-year income grown
by ``(1 + g)^(y − y0)``. The synthetic province's columns after a round's reference year are the
baseline *without* the modelled assistance, so the default run reproduces the published outcomes
(see :mod:`shuangdao.synth`, "The outcome model"). Village
per-capita income is the baseline village figure plus the village's total uplift divided by
its registered population (half up to the fen); village collective income adds the village
plan's measure effects (``scenario.collective_income_effects``) on the same ramp.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.quantities import money

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "WAGE_BASE_YEAR",
    "GrowthModel",
    "draw_measures",
    "fen_times",
    "growth_factor",
    "ramp_fraction",
    "transfer_years",
]

WAGE_BASE_YEAR = 2012
"""Year of the seed's wage-income figure (5,744 yuan per person in the poor villages)."""

_CONTEXT = decimal.Context(prec=80)
_SAFE = 2**62


def _effects(value: Mapping[str, Any]) -> Mapping[str, Decimal]:
    """Freeze a measure → yuan mapping, exact."""
    return MappingProxyType({str(k): Decimal(str(v)) for k, v in dict(value).items()})


def _decimal(value: Any) -> Decimal:
    """Exact decimal from a number or string."""
    return Decimal(str(value))


@frozen
class GrowthModel:
    """How the incomes of assisted households and villages move over a round.

    Build it from the standards (:meth:`from_standards`, the ``scenario.*`` parameters) and
    change a field with :func:`attrs.evolve`, or pass overrides of ``scenario.*`` keys to the
    standards. See the module docstring for the formula.

    Attributes:
        baseline_growth: Yearly growth of total household income where the population has no
            income column for the year (``scenario.baseline_growth``).
        measure_income_effects: Yuan per person per year each household-plan measure adds at
            full effect; only these measures are drawn into plans.
        collective_income_effects: Yuan per year each village-plan measure adds to collective
            income at full effect; only these measures are drawn into village plans.
        measure_ramp_years: Years to full effect.
        measures_per_household: Measures per household plan.
        measures_per_village: Measures per village plan.
        labour_transfer_income: Income per transferred worker per year at the 2012 level.
        labour_transfer_rate: Share of not-yet-transferred able households transferring a
            worker each year.

    Example:
        >>> model = GrowthModel.from_standards()
        >>> model.labour_transfer_income, model.measure_ramp_years
        (Decimal('5744.00'), 2)
    """

    baseline_growth: Decimal = field(converter=_decimal)
    measure_income_effects: Mapping[str, Decimal] = field(converter=_effects)
    collective_income_effects: Mapping[str, Decimal] = field(converter=_effects)
    measure_ramp_years: int = 2
    measures_per_household: int = 2
    measures_per_village: int = 3
    labour_transfer_income: Decimal = field(default=Decimal("5744"), converter=money)
    labour_transfer_rate: Decimal = field(default=Decimal("0.30"), converter=_decimal)

    def __attrs_post_init__(self) -> None:
        if self.measure_ramp_years < 1:
            raise InvalidRecordError(
                "must be >= 1", field="measure_ramp_years", value=self.measure_ramp_years
            )
        if not Decimal(0) <= self.labour_transfer_rate <= Decimal(1):
            raise InvalidRecordError(
                "must be between 0 and 1",
                field="labour_transfer_rate",
                value=self.labour_transfer_rate,
            )

    @classmethod
    def from_standards(cls, standards: Standards | None = None) -> GrowthModel:
        """Read the model from the ``scenario.*`` parameters of ``standards``."""
        from shuangdao.standards import default_standards

        s = default_standards() if standards is None else standards
        return cls(
            baseline_growth=s.value("scenario.baseline_growth"),
            measure_income_effects=s.value("scenario.measure_income_effects"),
            collective_income_effects=s.value("scenario.collective_income_effects"),
            measure_ramp_years=int(s.value("scenario.measure_ramp_years")),
            measures_per_household=int(s.value("scenario.measures_per_household")),
            measures_per_village=int(s.value("scenario.measures_per_village")),
            labour_transfer_income=s.value("scenario.labour_transfer_income"),
            labour_transfer_rate=s.value("scenario.labour_transfer_rate"),
        )

    def wage(self, year: int) -> Decimal:
        """Yearly income of one transferred worker in ``year`` (exact, rounded to the fen)."""
        factor = growth_factor(self.baseline_growth, year - WAGE_BASE_YEAR)
        return (self.labour_transfer_income * factor).quantize(
            Decimal("0.01"), rounding=decimal.ROUND_HALF_UP
        )


def growth_factor(growth: Decimal, years: int) -> Decimal:
    """Exactly ``(1 + growth) ** years`` (a negative ``years`` divides, to 40 digits).

    Example:
        >>> growth_factor(Decimal("0.08"), 2)
        Decimal('1.1664')
    """
    base = Decimal(1) + growth
    if years >= 0:
        return _CONTEXT.power(base, years) if years else Decimal(1)
    return _CONTEXT.divide(Decimal(1), _CONTEXT.power(base, -years))


def ramp_fraction(k: int, ramp: int) -> Decimal:
    """Share of full effect in a measure's ``k``-th year (``k <= 0``: not started)."""
    if k <= 0:
        return Decimal(0)
    return Decimal(min(k, ramp)) / Decimal(ramp)


def fen_times(fen: np.ndarray[Any, Any], factor: Decimal) -> np.ndarray[Any, Any]:
    """``fen × factor`` rounded half up to the fen, exactly (int64, or object if large).

    Example:
        >>> fen_times(np.array([100, 250, -250]), Decimal("0.5")).tolist()
        [50, 125, -125]
    """
    numerator, denominator = factor.as_integer_ratio()
    values = np.asarray(fen)
    top = int(np.abs(values).max()) if len(values) else 0
    if top * abs(numerator) * 2 + denominator >= _SAFE:
        values = values.astype(object)
    doubled = values * (2 * numerator) + denominator
    result = doubled // (2 * denominator)
    # half up means away from zero at the half for positive amounts; amounts here are >= 0
    # except deliberate test values: mirror the rule for negatives (half away from zero).
    negative = values < 0
    if np.any(negative):
        mirrored = -((-values[negative] * (2 * numerator) + denominator) // (2 * denominator))
        result = result.copy()
        result[negative] = mirrored
    if result.dtype == object and (not len(result) or int(np.abs(result).max()) < _SAFE):
        return result.astype(np.int64)
    return result


def draw_measures(keys: np.ndarray[Any, Any], k: int) -> np.ndarray[Any, Any]:
    """``k`` distinct catalogue positions per subject, in catalogue order (n × k).

    ``keys`` holds one uniform draw per subject and catalogue measure (n × catalogue); the
    measures with the ``k`` smallest keys are chosen (each ``k``-subset equally likely).
    """
    n, size = keys.shape
    k = min(k, size)
    if n == 0 or k == 0:
        return np.zeros((n, k), dtype=np.int64)
    chosen = np.argsort(keys, axis=1, kind="stable")[:, :k]
    return np.sort(chosen, axis=1).astype(np.int64)


def transfer_years(
    draws: np.ndarray[Any, Any],
    able: np.ndarray[Any, Any],
    years: Sequence[int],
    rate: Decimal,
) -> np.ndarray[Any, Any]:
    """The year each household transfers a worker (0: never), over ``years`` in order.

    ``draws`` holds one uniform draw per household and year (n × years): an able household
    not yet transferred transfers in a year whose draw is below ``rate``.
    """
    n = len(able)
    result = np.zeros(n, dtype=np.int64)
    p = float(rate)  # chooses what happens in the simulation; decides no rule
    for column, year in enumerate(years):
        now = able & (result == 0) & (draws[:, column] < p)
        result[now] = year
    return result
