"""Parameter keys renamed in 0.2.0, and the warning their old names give (private).

Round 1 is keyed like rounds 2 and 3 (the same name for the same role in every round), and
each round's cycle parameters (assessment years and dates, settlement, follow-up, target
share) live in the round's own file, so that no rule chooses a key with ``if round == 1``
or assembles one from a template. The old keys keep working for one release in
:meth:`~shuangdao.standards.Standards.value`, ``param``, ``citation`` and in overrides, with a
:class:`DeprecationWarning`; they will be removed in 0.3.0.

``cycle.settlement_share_comparator`` was one parameter for rounds 2 and 3; it is now
``round2.target_share_comparator`` and ``round3.target_share_comparator``. Reading the old
key returns round 2's; overriding it sets both.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["RENAMED", "REMOVED_IN", "warn_renamed"]

REMOVED_IN: Final = "0.3.0"
"""The release that drops the old keys."""

RENAMED: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        # round 1 keyed like rounds 2-3
        "round1.village_collective_line": ("round1.collective_line",),
        "identification.round1_village_collective_comparator": ("round1.collective_comparator",),
        "round1.village_collective_comparator": ("round1.village_collective_target_comparator",),
        # round 2 keyed like rounds 1 and 3
        "round2.household_exit_ratio": ("round2.exit_ratio",),
        "round2.household_exit_comparator": ("round2.exit_comparator",),
        # round 3's priority comparator next to its share
        "identification.round3_priority_dilapidated_comparator": (
            "round3.priority_dilapidated_comparator",
        ),
        # the cycle of each round, in the round's own file
        "cycle.settlement_share_comparator": (
            "round2.target_share_comparator",
            "round3.target_share_comparator",
        ),
        "cycle.round1_assessment_1": ("round1.assessment_1",),
        "cycle.round1_assessment_2": ("round1.assessment_2",),
        "cycle.round1_assessment_3": ("round1.assessment_3",),
        "cycle.round1_assessment_years": ("round1.assessment_years",),
        "cycle.round1_follow_up_years": ("round1.follow_up_years",),
        "cycle.round1_settlement_able_bodied_only": ("round1.settlement_able_bodied_only",),
        "cycle.round1_settlement_date": ("round1.settlement_date",),
        "cycle.round1_settlement_income_year": ("round1.settlement_income_year",),
        "cycle.round2_assessment_1": ("round2.assessment_1",),
        "cycle.round2_assessment_2": ("round2.assessment_2",),
        "cycle.round2_assessment_3": ("round2.assessment_3",),
        "cycle.round2_assessment_years": ("round2.assessment_years",),
        "cycle.round2_follow_up_years": ("round2.follow_up_years",),
        "cycle.round2_settlement_able_bodied_only": ("round2.settlement_able_bodied_only",),
        "cycle.round2_settlement_date": ("round2.settlement_date",),
        "cycle.round2_settlement_income_year": ("round2.settlement_income_year",),
        "cycle.round2_household_target_share": ("round2.target_share",),
        "cycle.round3_assessment_1": ("round3.assessment_1",),
        "cycle.round3_assessment_2": ("round3.assessment_2",),
        "cycle.round3_assessment_3": ("round3.assessment_3",),
        "cycle.round3_assessment_years": ("round3.assessment_years",),
        "cycle.round3_follow_up_years": ("round3.follow_up_years",),
        "cycle.round3_settlement_able_bodied_only": ("round3.settlement_able_bodied_only",),
        "cycle.round3_settlement_date": ("round3.settlement_date",),
        "cycle.round3_settlement_income_year": ("round3.settlement_income_year",),
        "cycle.round3_household_target_share": ("round3.target_share",),
        "cycle.round3_village_target": ("round3.village_target",),
    }
)
"""Old key → new key(s)."""


def warn_renamed(key: str, *, stacklevel: int = 3) -> tuple[str, ...]:
    """Warn that ``key`` was renamed and return its new key(s)."""
    new = RENAMED[key]
    warnings.warn(
        f"standards key {key!r} is renamed {' and '.join(repr(k) for k in new)}; "
        f"the old key will be removed in {REMOVED_IN}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )
    return new
