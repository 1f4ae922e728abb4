"""What every identification rule checks before it decides (private helpers).

The standards given (``None``: the defaults), the income measure of the round (the round's
``income_measure`` in the standards), what the rule requires of a village (its declared
:attr:`~shuangdao.declare.Rule.requires`), and a household in the village it is decided with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model import Household, IncomeMeasure, Village
from shuangdao.standards import Standards, default_standards

if TYPE_CHECKING:
    from shuangdao.declare import Rule


def _standards(standards: Standards | None) -> Standards:
    if standards is None:
        return default_standards()
    if type(standards) is not Standards and not isinstance(standards, Standards):
        raise InvalidTypeError(
            f"must be a Standards object, not {type(standards).__name__}", field="standards"
        )
    return standards


def _check_measure(subject: str, measure: IncomeMeasure, rule: Rule, standards: Standards) -> None:
    """The record's income measure is the round's (``income_measure`` of ``rounds.toml``)."""
    assert rule.round is not None
    expected = standards.round(rule.round).income_measure
    if measure is not expected:
        raise InvalidRecordError(
            f"must be {expected.value} income for this round (measures must match the round)",
            record=subject,
            field="income_measure",
            value=measure.value,
            rule=rule.id,
        )


def _require(rule: Rule, village: Village, standards: Standards) -> None:
    """Raise the first requirement of ``rule`` that ``village`` does not meet."""
    unmet = rule.unmet(village, subject=f"village {village.village_id}", standards=standards)
    if unmet:
        raise unmet[0]


def _check_same_village(household: Household, village: Village, rule: str) -> None:
    if household.village_id != village.village_id:
        raise InvalidRecordError(
            f"does not match the village given ({village.village_id})",
            record=f"household {household.household_id}",
            field="village_id",
            value=household.village_id,
            rule=rule,
        )
