"""What the pairing rules share: their citations and small helpers (private)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from shuangdao.citations import Citation
from shuangdao.model import Household, Village
from shuangdao.standards import default_standards

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "AGREEMENT_CITATION",
    "PLAN_CITATION",
    "REGULATION_EN",
    "REGULATION_ZH",
    "RESPONSIBLE_CITATION",
    "TEAM_CITATION",
    "UNIT_CITATION",
    "household_id_of",
    "listed",
    "standards_or_default",
    "village_id_of",
]

UNIT_CITATION: Final = Citation(("S3", "S17"), article="条例 ch. 3")
TEAM_CITATION: Final = Citation(("S4", "S6"), note="resident work teams from March 2010")
RESPONSIBLE_CITATION: Final = Citation(
    ("S4",), note="every poor household has a named responsible person"
)
PLAN_CITATION: Final = Citation(
    ("S4",), note="every poor village and household has a concrete plan"
)
AGREEMENT_CITATION: Final = Citation(("S17",), article="条例 ch. 3")
REGULATION_EN: Final = "the 2011 regulation (ch. 3)"
REGULATION_ZH: Final = "《广东省农村扶贫开发条例》第三章"


def listed(name: str, en: str, zh: str) -> Any:
    """Notes listing the ids of what was counted (``units: U1, U2``)."""

    def notes(values: Mapping[str, Any]) -> tuple[str, str]:
        ids = ", ".join(values.get(name) or ()) or "none"
        return f"{en}: {ids}", f"{zh}：{ids}"

    return notes


def standards_or_default(standards: Standards | None) -> Standards:
    """Return ``standards`` or the shipped defaults."""
    return default_standards() if standards is None else standards


def village_id_of(village: Village | str) -> str:
    """Id of a village given as object or id."""
    return village.village_id if isinstance(village, Village) else village


def household_id_of(household: Household | str) -> str:
    """Id of a household given as object or id."""
    return household.household_id if isinstance(household, Household) else household
