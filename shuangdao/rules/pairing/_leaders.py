"""Leaders: liaison with a city (挂钩联系), a village in their charge (挂村办点) (private)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from shuangdao.citations import Citation
from shuangdao.declare import Rule, declared
from shuangdao.explain import Decision
from shuangdao.model import PartyKind
from shuangdao.rules.criteria import Present
from shuangdao.rules.pairing._common import (
    listed,
    standards_or_default,
)
from shuangdao.standards.params import PairingParams as P

if TYPE_CHECKING:
    from shuangdao.model import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = [
    "LEADERSHIP_LIAISON",
    "LEADER_VILLAGE_LINK",
    "check_leader_village_link",
    "check_leadership_liaison",
]


LEADERSHIP_LIAISON: Final = Rule(
    id="pairing.leadership_liaison",
    subject="city",
    title_en="city with a liaising provincial leader",
    title_zh="有省领导挂钩联系的地级市",
    citation=Citation(("SEED",), article="p. 5"),
    criteria=(
        # 省委13位常委和分管扶贫副省长各挂钩联系一个地级市.
        Present(
            "liaison_leader",
            "liaison_leaders",
            "provincial leaders liaising with the city (挂钩联系)",
            "挂钩联系的省领导数",
            cites=P.leadership_liaison_leaders,
            unit="persons",
            details=("leader_ids",),
            notes=listed("leader_ids", "leaders", "挂钩领导"),
        ),
    ),
)
"""A prefecture-level city has a provincial leader liaising with it (SEED p. 5). Column:
``liaison_leaders``."""

LEADER_VILLAGE_LINK: Final = Rule(
    id="pairing.leader_village_link",
    subject="leader",
    title_en="leader who takes charge of a village",
    title_zh="挂村办点的领导",
    citation=Citation(("S9", "SEED")),
    criteria=(
        # 领导班子成员挂村办点.
        Present(
            "leader_village",
            "villages",
            "villages the leader takes charge of (挂村办点)",
            "所挂村数",
            citation=Citation(("S9", "SEED"), article="p. 5"),
            unit="villages",
            details=("village_ids",),
            notes=listed("village_ids", "villages", "所挂村"),
        ),
    ),
)
"""A city, county or township leader takes charge of a village (S9; SEED p. 5). Column:
``villages``."""


@declared(LEADERSHIP_LIAISON)
def check_leadership_liaison(
    city_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a prefecture-level city has a provincial leader liaising with it on ``on``.

    省委13位常委和分管扶贫副省长各挂钩联系一个地级市: a ``leader → city`` pairing in force.
    Cities and leaders are free ids in the ledger. The decision's ``value`` is the leader id
    (the first by id if several). Declared once as :data:`LEADERSHIP_LIAISON`.

    Policy: SEED (p. 5: 13 standing-committee members and the vice-governor each liaise one
    city; ``pairing.leadership_liaison_leaders``).

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> from shuangdao.model import Pairing
        >>> ledger = ResponsibilityLedger.create().add_pairing(Pairing(pairing_id="L1",
        ...     assisting_kind="leader", assisting_id="常委甲", assisted_kind="city",
        ...     assisted_id="梅州", valid_from=dt.date(2009, 6, 1)))
        >>> check_leadership_liaison("梅州", ledger=ledger, on=dt.date(2010, 1, 1)).value
        '常委甲'
        >>> check_leadership_liaison("河源", ledger=ledger, on=dt.date(2010, 1, 1)).outcome
        False
    """
    leaders = sorted(
        p.assisting_id
        for p in ledger.pairings_of(PartyKind.CITY, city_id, on=on)
        if p.assisting_kind is PartyKind.LEADER and p.assisted_id == city_id
    )
    return LEADERSHIP_LIAISON.bind(standards_or_default(standards)).decide(
        subject_id=city_id,
        as_of=on,
        liaison_leaders=len(leaders),
        leader_ids=leaders,
        value=leaders[0] if leaders else None,
    )


@declared(LEADER_VILLAGE_LINK)
def check_leader_village_link(
    leader_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a city, county or township leader takes charge of a village (挂村办点) on ``on``.

    The accountability measures name leaderships whose members did not each take charge of a
    village (S9, 2nd situation); this check answers it for one leader from the ledger's
    ``leader → village`` pairings. The decision's ``value`` is the number of villages.
    Declared once as :data:`LEADER_VILLAGE_LINK`.

    Policy: S9 (问责暂行办法: each leader takes charge of a village); SEED (p. 5: 亲自挂点).

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"])
        >>> check_leader_village_link("县长", ledger=ledger, on=dt.date(2011, 1, 1)).code
        'not:leader_village'
    """
    villages = sorted(
        p.assisted_id
        for p in ledger.pairings_of(PartyKind.LEADER, leader_id, on=on)
        if p.assisted_kind is PartyKind.VILLAGE and p.assisting_id == leader_id
    )
    return LEADER_VILLAGE_LINK.bind(standards_or_default(standards)).decide(
        subject_id=leader_id,
        as_of=on,
        villages=len(villages),
        village_ids=villages,
        value=len(villages),
    )
