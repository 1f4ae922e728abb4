"""Villages: an assisting unit and a work team; the units-per-village limit (private)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import Rule, declared
from shuangdao.explain import Decision
from shuangdao.model import Village
from shuangdao.quantities import Comparator
from shuangdao.rules.criteria import Limit, Present
from shuangdao.rules.pairing._common import (
    TEAM_CITATION,
    UNIT_CITATION,
    listed,
    standards_or_default,
    village_id_of,
)
from shuangdao.standards.params import PairingParams as P

if TYPE_CHECKING:
    from shuangdao.model import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = [
    "UNITS_PER_VILLAGE",
    "VILLAGE_ASSISTANCE",
    "check_units_per_village",
    "check_village_assistance",
    "units_limit",
]


VILLAGE_ASSISTANCE: Final = Rule(
    id="pairing.village_assistance",
    subject="village",
    title_en="village with an assisting unit and a resident work team",
    title_zh="有帮扶单位和驻村工作队的村",
    citation=Citation(("S3", "S4", "S17")),
    criteria=(
        # 定点帮扶：每个重点帮扶村有帮扶单位 ...
        Present(
            "assisting_unit",
            "assisting_units",
            "assisting units (帮扶单位)",
            "帮扶单位数",
            citation=UNIT_CITATION,
            unit="units",
            details=("unit_ids",),
            notes=listed("unit_ids", "units", "帮扶单位"),
        ),
        # ... 并派驻驻村工作队（至少一名干部）.
        Present(
            "work_team",
            "work_teams",
            "resident work teams with cadres (驻村工作队)",
            "驻村工作队数",
            citation=TEAM_CITATION,
            unit="teams",
            details=("team_ids",),
            notes=listed("team_ids", "teams", "工作队"),
        ),
    ),
)
"""A village has an assisting unit and a resident work team with at least one cadre (S3, S4,
S6, S17). Columns: ``assisting_units``, ``work_teams`` (counts on the day checked)."""

UNITS_PER_VILLAGE: Final = Rule(
    id="pairing.units_per_village",
    subject="village",
    title_en="village within the limit of assisting units at once",
    title_zh="同时帮扶单位数未超上限的村",
    citation=Citation(("S3",), certainty=Certainty.ASSUMED, note="one unit ↔ one village"),
    criteria=(
        # 一村一单位（S3 illustrates it; never stated as a rule: an assumed limit）.
        Limit(
            "units_per_village",
            "assisting_units",
            P.max_units_per_village,
            Comparator.LE,
            "assisting units at once",
            "同时帮扶的单位数",
            unit="units",
            details=("unit_ids",),
            notes=listed("unit_ids", "units", "帮扶单位"),
        ),
    ),
)
"""A village has no more assisting units at once than ``pairing.max_units_per_village`` (1,
assumed: S3 illustrates one unit per village). Flags, never refuses. Column:
``assisting_units``."""


@declared(VILLAGE_ASSISTANCE)
def check_village_assistance(
    village: Village | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a village has an assisting unit and a resident work team on ``on``.

    A work team counts when it is stationed on ``on`` and has at least one cadre. Declared
    once as :data:`VILLAGE_ASSISTANCE`.

    Policy: S3 (unit ↔ village, 定点帮扶); S4, S6 (resident work teams); S17 (regulation
    ch. 3, designated assistance).

    Raises:
        LedgerError: The village is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_village_assistance("V1", ledger=ledger, on=dt.date(2011, 1, 1)).code
        'not:assisting_unit+work_team'
    """
    village_id = village_id_of(village)
    units = ledger.assisting_units(village_id, on)
    teams = [t for t in ledger.work_teams(village_id, on) if t.cadre_ids]
    return VILLAGE_ASSISTANCE.bind(standards_or_default(standards)).decide(
        subject_id=village_id,
        as_of=on,
        assisting_units=len(units),
        unit_ids=[u.unit_id for u in units],
        work_teams=len(teams),
        team_ids=[t.team_id for t in teams],
    )


@declared(UNITS_PER_VILLAGE)
def check_units_per_village(
    village: Village | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a village has no more assisting units at once than the limit on ``on``.

    The limit is ``pairing.max_units_per_village`` (1 by default, assumed: S3 illustrates
    one unit per village but no source states it as a rule). The ledger records any number
    of units; this rule flags the villages above the limit. The decision's ``value`` is the
    number of units. Declared once as :data:`UNITS_PER_VILLAGE`.

    Policy: S3 (one unit ↔ one village, illustrated); the limit is a project parameter
    (certainty: assumed).

    Raises:
        LedgerError: The village is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_units_per_village("V1", ledger=ledger, on=dt.date(2011, 1, 1)).outcome
        True
    """
    village_id = village_id_of(village)
    units = ledger.assisting_units(village_id, on)
    return UNITS_PER_VILLAGE.bind(standards_or_default(standards)).decide(
        subject_id=village_id,
        as_of=on,
        assisting_units=len(units),
        unit_ids=[u.unit_id for u in units],
        value=len(units),
    )


@declared(UNITS_PER_VILLAGE)
def units_limit(standards: Standards | None = None) -> int:
    """The most units that may assist one village at once: the limit of :data:`UNITS_PER_VILLAGE`.

    The assignment helper pairs within it; the rule flags villages above it.

    Policy: S3 (one unit ↔ one village, illustrated; ``pairing.max_units_per_village``,
    assumed).

    Example:
        >>> units_limit()
        1
    """
    bound = UNITS_PER_VILLAGE.bind(standards_or_default(standards)).criterion("units_per_village")
    limit: int = bound.limit  # type: ignore[attr-defined]
    return limit
