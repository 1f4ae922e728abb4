"""The assisting side: units (帮扶单位), cadres (干部), work teams (驻村工作队) and pairings."""

from __future__ import annotations

import datetime as dt
import enum

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.model._base import (
    as_iterable,
    convert_enum,
    date,
    identifier,
    ids_of,
    model,
    optional_at_least,
    optional_date,
    optional_identifier,
    text,
)

__all__ = [
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


def _unit_kind(value: object) -> UnitKind:
    """Convert ``kind`` (errors name the field)."""
    return convert_enum(UnitKind, value, "kind")


def _unit_level(value: object) -> UnitLevel:
    """Convert ``level`` (errors name the field)."""
    return convert_enum(UnitLevel, value, "level")


def _cadre_ids(value: object) -> tuple[str, ...]:
    """Convert ``cadre_ids`` (errors name the field)."""
    return tuple(as_iterable(value, "cadre_ids"))  # type: ignore[arg-type]


def _assisting_kind(value: object) -> PartyKind:
    """Convert ``assisting_kind`` (errors name the field)."""
    return convert_enum(PartyKind, value, "assisting_kind")


def _assisted_kind(value: object) -> PartyKind:
    """Convert ``assisted_kind`` (errors name the field)."""
    return convert_enum(PartyKind, value, "assisted_kind")


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

    unit_id: str = field(validator=identifier)
    name: str = field(validator=text)
    kind: UnitKind = field(converter=_unit_kind)
    level: UnitLevel = field(converter=_unit_level)
    city_id: str | None = field(default=None, validator=optional_identifier)
    capacity_villages: int | None = field(default=None, validator=optional_at_least(0))
    capacity_cadres: int | None = field(default=None, validator=optional_at_least(0))


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

    cadre_id: str = field(validator=identifier)
    unit_id: str = field(validator=identifier)
    name: str = field(default="", validator=text)
    role: str = field(default="", validator=text)


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

    team_id: str = field(validator=identifier)
    unit_id: str = field(validator=identifier)
    village_id: str = field(validator=identifier)
    cadre_ids: tuple[str, ...] = field(default=(), converter=_cadre_ids, validator=ids_of)
    leader_id: str | None = field(default=None, validator=optional_identifier)

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


_ALLOWED = {
    PartyKind.UNIT: {PartyKind.VILLAGE},
    PartyKind.CADRE: {PartyKind.HOUSEHOLD},
    PartyKind.CITY: {PartyKind.CITY},
    PartyKind.LEADER: {PartyKind.CITY, PartyKind.VILLAGE},
}


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

    pairing_id: str = field(validator=identifier)
    assisting_kind: PartyKind = field(converter=_assisting_kind)
    assisting_id: str = field(validator=identifier)
    assisted_kind: PartyKind = field(converter=_assisted_kind)
    assisted_id: str = field(validator=identifier)
    valid_from: dt.date = field(validator=date)
    valid_to: dt.date | None = field(default=None, validator=optional_date)
    note: str = field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        allowed = _ALLOWED.get(self.assisting_kind, set())
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
