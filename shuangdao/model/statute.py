"""The 2011 regulation's poverty standard (扶贫标准) as a caller-supplied record.

Art. 7 of the regulation (《广东省农村扶贫开发条例》, S14) leaves the rural poverty standard to
the provincial government and fixes no number, and no source gives the figure it set. A rule
applying art. 8 therefore takes the standard as an input, together with the income measure it
is stated in (art. 8 speaks of per-capita **net** income; round 3's line of 4000 is
**disposable** income at 2014 prices): comparing one measure with the other is an error.

.. versionadded:: 0.2.0 (issue 15)
"""

from __future__ import annotations

from decimal import Decimal

from attrs import field, frozen

from shuangdao.model.fields import model
from shuangdao.model.village import IncomeMeasure
from shuangdao.quantities import money

__all__ = ["PovertyStandard"]


def _amount(value: object) -> Decimal:
    return money(value, field="amount")


def _measure(value: object) -> IncomeMeasure:
    from shuangdao.ingest.schema import HOUSEHOLD

    measure: IncomeMeasure = HOUSEHOLD.parse("income_measure", value)
    return measure


@model("poverty standard", "label")
@frozen(kw_only=True)
class PovertyStandard:
    """A provincial rural poverty standard under art. 7: per-capita yuan and income measure.

    Attributes:
        amount: The standard, yuan per person per year (exact, fen precision).
        income_measure: The income it is stated in: ``net`` (纯收入, art. 8's measure) or
            ``disposable`` (可支配收入, e.g. at 2014 constant prices).
        label: Where the figure comes from, in the caller's words (shown nowhere in a
            decision's outcome; kept with the record).

    Example:
        >>> s = PovertyStandard(amount="3093", income_measure="net")
        >>> s.amount, s.income_measure.value
        (Decimal('3093.00'), 'net')
    """

    amount: Decimal = field(converter=_amount)
    income_measure: IncomeMeasure = field(converter=_measure)
    label: str = field(default="", converter=str)
