"""What every identification rule checks before it decides (private helpers).

The standards given (``None``: the defaults), the income measure of the round, money a
rule requires, and a household in the village it is decided with.
"""

from __future__ import annotations

from decimal import Decimal

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model import Household, IncomeMeasure, Village
from shuangdao.standards import Standards, default_standards


def _standards(standards: Standards | None) -> Standards:
    if standards is None:
        return default_standards()
    if type(standards) is not Standards and not isinstance(standards, Standards):
        raise InvalidTypeError(
            f"must be a Standards object, not {type(standards).__name__}", field="standards"
        )
    return standards


def _check_measure(
    subject: str, measure: IncomeMeasure, expected: IncomeMeasure, rule: str
) -> None:
    if measure is not expected:
        raise InvalidRecordError(
            f"must be {expected.value} income for this round (measures must match the round)",
            record=subject,
            field="income_measure",
            value=measure.value,
            rule=rule,
        )


def _required_money(village: Village, name: str, rule: str) -> Decimal:
    value: Decimal | None = getattr(village, name)
    if value is None:
        raise InvalidRecordError(
            "is missing (required by this rule)",
            record=f"village {village.village_id}",
            field=name,
            rule=rule,
        )
    return value


def _check_same_village(household: Household, village: Village, rule: str) -> None:
    if household.village_id != village.village_id:
        raise InvalidRecordError(
            f"does not match the village given ({village.village_id})",
            record=f"household {household.household_id}",
            field="village_id",
            value=household.village_id,
            rule=rule,
        )
