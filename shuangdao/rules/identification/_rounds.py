"""How each round's identification rules fit together, declared once for every path.

:data:`IDENTIFICATION` gives each round's village and household rules, how they link and
what they designate (:class:`Designation`); :func:`village_rule` and :func:`household_rule`
give a round's rule; :data:`IDENTIFICATION_RULES` lists every declaration and
:data:`RULE_IDS` their ids by round and subject.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

from attrs import frozen

from shuangdao.declare import Rule, declared
from shuangdao.errors import UnknownReferenceError
from shuangdao.rules.identification._round1 import (
    ROUND1_HOUSEHOLD,
    ROUND1_HOUSEHOLD_CLASS,
    ROUND1_VILLAGE,
    ROUND1_VILLAGE_BY_COLLECTIVE_INCOME,
    round1_village_rule,
)
from shuangdao.rules.identification._round2 import ROUND2_HOUSEHOLD, ROUND2_VILLAGE
from shuangdao.rules.identification._round3 import ROUND3_HOUSEHOLD, ROUND3_VILLAGE
from shuangdao.rules.identification._statute import STATUTE_HOUSEHOLD
from shuangdao.standards import Standards

__all__ = [
    "Designation",
    "IDENTIFICATION",
    "IDENTIFICATION_RULES",
    "RULE_IDS",
    "RoundIdentification",
    "household_rule",
    "village_rule",
]

# --------------------------------------------------------------------------- the declarations
IDENTIFICATION_RULES: Final[tuple[Rule, ...]] = (
    ROUND1_VILLAGE,
    ROUND1_VILLAGE_BY_COLLECTIVE_INCOME,
    ROUND1_HOUSEHOLD,
    ROUND1_HOUSEHOLD_CLASS,
    ROUND2_VILLAGE,
    ROUND2_HOUSEHOLD,
    ROUND3_HOUSEHOLD,
    ROUND3_VILLAGE,
    STATUTE_HOUSEHOLD,
)
"""Every identification rule declared here (the docs list their parameters from these)."""

RULE_IDS: Final = {
    (1, "village"): ROUND1_VILLAGE.id,
    (1, "household"): ROUND1_HOUSEHOLD.id,
    (2, "village"): ROUND2_VILLAGE.id,
    (2, "household"): ROUND2_HOUSEHOLD.id,
    (3, "village"): ROUND3_VILLAGE.id,
    (3, "household"): ROUND3_HOUSEHOLD.id,
    (0, "household"): STATUTE_HOUSEHOLD.id,
}
"""Rule id by ``(round, subject kind)``; round ``0`` is the 2011 regulation (art. 8)."""


class Designation(enum.Enum):
    """What identification makes of a selected village or household, by round.

    The glossary's identifiers (one English name per Chinese term): round 1 designates poor
    villages (贫困村), round 2 selects key villages (重点帮扶村), round 3 relatively poor
    villages (相对贫困村); rounds 1–2 identify poor households (贫困户), round 3 relatively
    poor households (相对贫困户). Each round's pair is declared in :data:`IDENTIFICATION`
    (:attr:`RoundIdentification.village_designation`, ``household_designation``).

    Example:
        >>> IDENTIFICATION[2].village_designation.zh
        '重点帮扶村'
        >>> IDENTIFICATION[3].household_designation.en
        'relatively poor household'
    """

    DESIGNATED_VILLAGE = "designated_village"
    KEY_VILLAGE = "key_village"
    RELATIVELY_POOR_VILLAGE = "relatively_poor_village"
    POOR_HOUSEHOLD = "poor_household"
    RELATIVELY_POOR_HOUSEHOLD = "relatively_poor_household"

    @property
    def zh(self) -> str:
        """The Chinese term."""
        return _DESIGNATION_TERMS[self][0]

    @property
    def en(self) -> str:
        """The English name, in words."""
        return _DESIGNATION_TERMS[self][1]


_DESIGNATION_TERMS: Final = {
    Designation.DESIGNATED_VILLAGE: ("贫困村", "designated poor village"),
    Designation.KEY_VILLAGE: ("重点帮扶村", "key village"),
    Designation.RELATIVELY_POOR_VILLAGE: ("相对贫困村", "relatively poor village"),
    Designation.POOR_HOUSEHOLD: ("贫困户", "poor household"),
    Designation.RELATIVELY_POOR_HOUSEHOLD: ("相对贫困户", "relatively poor household"),
}


@frozen
class RoundIdentification:
    """How a round's two identification rules fit together (declared once, for every path).

    Attributes:
        round: The round.
        village: Its village rule under given standards (round 1's depends on a parameter).
        household: Its household rule.
        households_first: Round 3 decides households first: a village's count of relatively
            poor persons comes from its households' decisions.
        village_outcome: The household input that is its village's outcome
            (``in_key_village``), if any.
        poor_persons: The village input that counts the members of its selected households
            (``relatively_poor_persons``), if any.
        margin: The household criterion whose per-capita margin tables report.
        household_class: A rule classifying the selected households (round 1: welfare or
            development household), reading the household rule's outcome as
            ``poor_household``; tables add a ``household_class`` column when there is one.
        village_designation: What a selected village is (:class:`Designation`).
        household_designation: What a selected household is.

    .. versionchanged:: 0.2.0 ``household_class``, ``village_designation``,
       ``household_designation``.
    """

    round: int
    village: Callable[[Standards], Rule]
    household: Rule
    households_first: bool = False
    village_outcome: str | None = None
    poor_persons: str | None = None
    margin: str = "household_income"
    household_class: Rule | None = None
    village_designation: Designation = Designation.KEY_VILLAGE
    household_designation: Designation = Designation.POOR_HOUSEHOLD


IDENTIFICATION: Final[Mapping[int, RoundIdentification]] = MappingProxyType(
    {
        1: RoundIdentification(
            1,
            round1_village_rule,
            ROUND1_HOUSEHOLD,
            village_outcome="in_designated_village",
            household_class=ROUND1_HOUSEHOLD_CLASS,
            village_designation=Designation.DESIGNATED_VILLAGE,
        ),
        2: RoundIdentification(
            2,
            lambda _: ROUND2_VILLAGE,
            ROUND2_HOUSEHOLD,
            village_outcome="in_key_village",
            village_designation=Designation.KEY_VILLAGE,
        ),
        3: RoundIdentification(
            3,
            lambda _: ROUND3_VILLAGE,
            ROUND3_HOUSEHOLD,
            households_first=True,
            poor_persons="relatively_poor_persons",
            village_designation=Designation.RELATIVELY_POOR_VILLAGE,
            household_designation=Designation.RELATIVELY_POOR_HOUSEHOLD,
        ),
    }
)
"""Each round's identification: its rules and how they link (read by :mod:`shuangdao.batch`)."""


@declared(ROUND1_VILLAGE, ROUND1_VILLAGE_BY_COLLECTIVE_INCOME, ROUND2_VILLAGE, ROUND3_VILLAGE)
def village_rule(round: int, standards: Standards | None = None) -> Rule:
    """Return round ``round``'s village identification rule under ``standards``.

    Policy: S5, S13 (round 1); S1 (round 2); S18, S19 (round 3).

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.

    Example:
        >>> village_rule(2).names
        ('village_income', 'collective_income')
    """
    if round == 1:
        return round1_village_rule(standards)
    return _by_round(round, {2: ROUND2_VILLAGE, 3: ROUND3_VILLAGE})


@declared(ROUND1_HOUSEHOLD, ROUND2_HOUSEHOLD, ROUND3_HOUSEHOLD)
def household_rule(round: int) -> Rule:
    """Return round ``round``'s household identification rule.

    Policy: S3, S5 (round 1); S1, S24 (round 2); S18 (round 3).

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.

    Example:
        >>> household_rule(1).names
        ('in_designated_village', 'household_income')
    """
    return _by_round(round, {1: ROUND1_HOUSEHOLD, 2: ROUND2_HOUSEHOLD, 3: ROUND3_HOUSEHOLD})


def _by_round(round: int, rules: Mapping[int, Rule]) -> Rule:
    if isinstance(round, bool) or round not in rules:
        raise UnknownReferenceError(
            "is not a round with identification rules (1, 2, 3)", field="round", value=round
        )
    return rules[round]
