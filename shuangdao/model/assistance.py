"""The assisting side: units (帮扶单位), cadres (干部), work teams (驻村工作队) and pairings."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, cast

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.ingest.schema import ASSISTING_UNIT as _U
from shuangdao.ingest.schema import CADRE as _C
from shuangdao.ingest.schema import PAIRING as _P
from shuangdao.ingest.schema import WORK_TEAM as _W
from shuangdao.model.fields import model

__all__ = [
    "ALLOWED_PAIRINGS",
    "AssistingUnit",
    "Cadre",
    "Pairing",
    "PartyKind",
    "UnitKind",
    "UnitLevel",
    "WorkTeam",
]


class UnitKind(enum.Enum):
    """What kind of body an assisting unit is (条例 ch. 3, S17)."""

    PARTY_GOVERNMENT_ORGAN = "party_government_organ"
    """党政机关 (party or state organ)."""
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise"
    """国有企业."""
    PUBLIC_INSTITUTION = "public_institution"
    """事业单位."""
    SOCIAL_ORGANISATION = "social_organisation"
    """社会组织."""
    DEVELOPED_REGION_CITY = "developed_region_city"
    """发达地区 (a Pearl River Delta city assisting a less-developed city)."""


class UnitLevel(enum.Enum):
    """The administrative level a unit belongs to."""

    CENTRAL = "central"
    """中直 (central)."""
    PROVINCIAL = "provincial"
    """省直 (provincial)."""
    CITY = "city"
    """市直 (city)."""
    COUNTY = "county"
    """县直 (county)."""


def _u_unit_id(value: object) -> str:
    return cast("str", _U.parse("unit_id", value))


def _u_name(value: object) -> str:
    return cast("str", _U.parse("name", value))


def _u_kind(value: object) -> UnitKind:
    return cast("UnitKind", _U.parse("kind", value))


def _u_level(value: object) -> UnitLevel:
    return cast("UnitLevel", _U.parse("level", value))


def _u_city_id(value: object) -> str | None:
    return cast("str | None", _U.parse("city_id", value))


def _u_capacity_villages(value: object) -> int | None:
    return cast("int | None", _U.parse("capacity_villages", value))


def _u_capacity_cadres(value: object) -> int | None:
    return cast("int | None", _U.parse("capacity_cadres", value))


def _c_cadre_id(value: object) -> str:
    return cast("str", _C.parse("cadre_id", value))


def _c_unit_id(value: object) -> str:
    return cast("str", _C.parse("unit_id", value))


def _c_name(value: object) -> str:
    return cast("str", _C.parse("name", value))


def _c_role(value: object) -> str:
    return cast("str", _C.parse("role", value))


def _w_team_id(value: object) -> str:
    return cast("str", _W.parse("team_id", value))


def _w_unit_id(value: object) -> str:
    return cast("str", _W.parse("unit_id", value))


def _w_village_id(value: object) -> str:
    return cast("str", _W.parse("village_id", value))


def _w_cadre_ids(value: object) -> tuple[str, ...]:
    return cast("tuple[str, ...]", _W.parse("cadre_ids", value))


def _w_leader_id(value: object) -> str | None:
    return cast("str | None", _W.parse("leader_id", value))


def _p_pairing_id(value: object) -> str:
    return cast("str", _P.parse("pairing_id", value))


def _p_assisting_kind(value: object) -> PartyKind:
    return cast("PartyKind", _P.parse("assisting_kind", value))


def _p_assisting_id(value: object) -> str:
    return cast("str", _P.parse("assisting_id", value))


def _p_assisted_kind(value: object) -> PartyKind:
    return cast("PartyKind", _P.parse("assisted_kind", value))


def _p_assisted_id(value: object) -> str:
    return cast("str", _P.parse("assisted_id", value))


def _p_valid_from(value: object) -> dt.date:
    return cast("dt.date", _P.parse("valid_from", value))


def _p_valid_to(value: object) -> dt.date | None:
    return cast("dt.date | None", _P.parse("valid_to", value))


def _p_note(value: object) -> str:
    return cast("str", _P.parse("note", value))


@model("assisting unit", "unit_id")
@frozen
class AssistingUnit:
    """An assisting unit (帮扶单位).

    Attributes:
        unit_id: Stable id.
        name: Name.
        kind: :class:`UnitKind`.
        level: :class:`UnitLevel`.
        city_id: Home city (for developed-region pairing), if any.
        capacity_villages: How many villages it can take (assignment helper input).
        capacity_cadres: How many resident cadres it can send.
    """

    unit_id: str = field(converter=_u_unit_id)
    name: str = field(converter=_u_name)
    kind: UnitKind = field(converter=_u_kind)
    level: UnitLevel = field(converter=_u_level)
    city_id: str | None = field(default=None, converter=_u_city_id)
    capacity_villages: int | None = field(default=None, converter=_u_capacity_villages)
    capacity_cadres: int | None = field(default=None, converter=_u_capacity_cadres)


@model("cadre", "cadre_id")
@frozen
class Cadre:
    """A cadre (干部) of an assisting unit, who may be responsible for households (责任人).

    Attributes:
        cadre_id: Stable id.
        unit_id: The unit the cadre belongs to.
        name: Name.
        role: Role in words (``"resident cadre"``, ``"team leader"``...).
    """

    cadre_id: str = field(converter=_c_cadre_id)
    unit_id: str = field(converter=_c_unit_id)
    name: str = field(default="", converter=_c_name)
    role: str = field(default="", converter=_c_role)


@model("work team", "team_id")
@frozen
class WorkTeam:
    """A resident work team (驻村工作队) a unit sends to a village.

    Attributes:
        team_id: Stable id.
        unit_id: The sending unit.
        village_id: The village it is stationed in.
        cadre_ids: Its resident cadres (驻村干部), no repeats.
        leader_id: The team leader, one of ``cadre_ids``.
    """

    team_id: str = field(converter=_w_team_id)
    unit_id: str = field(converter=_w_unit_id)
    village_id: str = field(converter=_w_village_id)
    cadre_ids: tuple[str, ...] = field(default=(), converter=_w_cadre_ids)
    leader_id: str | None = field(default=None, converter=_w_leader_id)

    def __attrs_post_init__(self) -> None:
        if self.leader_id is not None and self.leader_id not in self.cadre_ids:
            raise InvalidRecordError(
                "must be one of the team's cadre_ids", field="leader_id", value=self.leader_id
            )


class PartyKind(enum.Enum):
    """The kind of party on either side of a :class:`Pairing`."""

    UNIT = "unit"
    """An assisting unit."""
    CADRE = "cadre"
    """A cadre (responsible person)."""
    CITY = "city"
    """A city (developed-region city ↔ less-developed city, 对口帮扶)."""
    LEADER = "leader"
    """A leader (standing-committee member, city/county/township leader)."""
    VILLAGE = "village"
    """A village."""
    HOUSEHOLD = "household"
    """A household."""


ALLOWED_PAIRINGS: Final[Mapping[PartyKind, frozenset[PartyKind]]] = MappingProxyType(
    {
        PartyKind.UNIT: frozenset({PartyKind.VILLAGE}),
        PartyKind.CADRE: frozenset({PartyKind.HOUSEHOLD}),
        PartyKind.CITY: frozenset({PartyKind.CITY}),
        PartyKind.LEADER: frozenset({PartyKind.CITY, PartyKind.VILLAGE}),
    }
)
"""Who may assist whom: each assisting kind → the kinds it may be paired with.

Unit → village (定点帮扶), cadre → household (责任到人), city → city (对口帮扶), leader →
city (挂钩联系) or village (挂村办点). :class:`Pairing` refuses any other pair; the JSON
Schema of ``Pairing`` states the same pairs (:func:`shuangdao.ingest.json_schema`).
"""


@model("pairing", "pairing_id")
@frozen
class Pairing:
    """Who assists whom, from when to when (both dates inclusive; ``valid_to=None`` = open).

    Allowed pairs: unit → village (定点帮扶), cadre → household (责任到人),
    city → city (对口帮扶), leader → city (挂钩联系) or leader → village (挂村办点).

    Attributes:
        pairing_id: Stable id.
        assisting_kind: Kind of the assisting side.
        assisting_id: Id of the assisting side.
        assisted_kind: Kind of the assisted side.
        assisted_id: Id of the assisted side.
        valid_from: First day (inclusive).
        valid_to: Last day (inclusive), or ``None`` while open.
        note: Free text (reason for a reassignment...).

    Example:
        >>> import datetime as dt
        >>> p = Pairing(pairing_id="p1", assisting_kind="unit", assisting_id="u1",
        ...             assisted_kind="village", assisted_id="v1",
        ...             valid_from=dt.date(2010, 3, 1), valid_to=None)
        >>> p.active_on(dt.date(2012, 12, 31))
        True
    """

    pairing_id: str = field(converter=_p_pairing_id)
    assisting_kind: PartyKind = field(converter=_p_assisting_kind)
    assisting_id: str = field(converter=_p_assisting_id)
    assisted_kind: PartyKind = field(converter=_p_assisted_kind)
    assisted_id: str = field(converter=_p_assisted_id)
    valid_from: dt.date = field(converter=_p_valid_from)
    valid_to: dt.date | None = field(default=None, converter=_p_valid_to)
    note: str = field(default="", converter=_p_note)

    def __attrs_post_init__(self) -> None:
        allowed = ALLOWED_PAIRINGS.get(self.assisting_kind, frozenset())
        if self.assisted_kind not in allowed:
            raise InvalidRecordError(
                f"cannot be assisted by a {self.assisting_kind.value}",
                field="assisted_kind",
                value=self.assisted_kind.value,
            )
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InvalidRecordError(
                f"must not be before valid_from {self.valid_from.isoformat()}",
                field="valid_to",
                value=self.valid_to,
            )

    def active_on(self, on: dt.date) -> bool:
        """Whether the pairing is in force on ``on``."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
