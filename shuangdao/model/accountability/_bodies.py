"""Who may be held to account: levels, sides, kinds of body, roles and the official (art. 2, S8)."""

from __future__ import annotations

import enum
from typing import Final

import attrs
from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model.fields import convert_enum, identifier, model, text

LEVELS: Final = ("central", "province", "city", "county", "township")
"""Levels a body can sit at: ``central`` (中直, units only), province, city, county, township."""

LEVEL_ZH: Final = {
    "central": "中直",
    "province": "省",
    "city": "市",
    "county": "县",
    "township": "乡镇",
}
"""Chinese names of :data:`LEVELS` (for explanations)."""


class AssistanceSide(enum.Enum):
    """Which side of the assistance a body is on; art. 2 of the 2010 measures covers both."""

    ASSISTING = "assisting"
    """帮扶方: assisting units, developed-region (PRD) cities."""
    ASSISTED = "assisted"
    """被帮扶方: the less-developed cities, counties and townships with poor villages."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return "帮扶方" if self is AssistanceSide.ASSISTING else "被帮扶方"

    @property
    def en(self) -> str:
        """English label."""
        return f"{self.value} side"


class BodyKind(enum.Enum):
    """The kind of body an official leads or a decision is about."""

    AREA = "area"
    """A city, county or township's party committee and government (党委政府)."""
    UNIT = "unit"
    """A department or assisting unit (部门、单位)."""
    POVERTY_OFFICE = "poverty_office"
    """A poverty-alleviation office (扶贫办)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return {
            BodyKind.AREA: "党委政府",
            BodyKind.UNIT: "单位",
            BodyKind.POVERTY_OFFICE: "扶贫办",
        }[self]


class OfficialRole(enum.Enum):
    """A role in a body; who is covered is data (``accountability.coverage``, art. 2, S8)."""

    PRINCIPAL_LEADER = "principal_leader"
    """党政主要负责人 / 主要领导 of a city, county or township."""
    LEADERSHIP_MEMBER = "leadership_member"
    """领导班子成员 (a member of a county-and-above leadership)."""
    IN_CHARGE_LEADER = "in_charge_leader"
    """分管领导 (the leader in charge of poverty work)."""
    UNIT_PRINCIPAL = "unit_principal"
    """主要负责人 of a department, assisting unit or poverty office."""
    UNIT_IN_CHARGE = "unit_in_charge"
    """分管负责人 of a department, assisting unit or poverty office."""
    STAFF = "staff"
    """一般工作人员 (ordinary staff; not covered by art. 2)."""
    LEADERSHIP_TEAM = "leadership_team"
    """领导班子 (the team as a whole; it loses that year's award eligibility)."""

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _ROLE_ZH[self]

    @property
    def en(self) -> str:
        """English label."""
        return _ROLE_EN[self]


_ROLE_EN: Final = {
    OfficialRole.PRINCIPAL_LEADER: "principal leader",
    OfficialRole.LEADERSHIP_MEMBER: "leadership member",
    OfficialRole.IN_CHARGE_LEADER: "leader in charge",
    OfficialRole.UNIT_PRINCIPAL: "principal head",
    OfficialRole.UNIT_IN_CHARGE: "head in charge",
    OfficialRole.STAFF: "staff member",
    OfficialRole.LEADERSHIP_TEAM: "leadership team",
}
_ROLE_ZH: Final = {
    OfficialRole.PRINCIPAL_LEADER: "主要领导",
    OfficialRole.LEADERSHIP_MEMBER: "领导班子成员",
    OfficialRole.IN_CHARGE_LEADER: "分管领导",
    OfficialRole.UNIT_PRINCIPAL: "主要负责人",
    OfficialRole.UNIT_IN_CHARGE: "分管负责人",
    OfficialRole.STAFF: "工作人员",
    OfficialRole.LEADERSHIP_TEAM: "领导班子",
}


def _side(value: object) -> AssistanceSide:
    """Convert ``side`` (errors name the field)."""
    return convert_enum(AssistanceSide, value, "side")


def _role(value: object) -> OfficialRole:
    """Convert ``role`` (errors name the field)."""
    return convert_enum(OfficialRole, value, "role")


def _body_kind(value: object) -> BodyKind:
    """Convert ``body_kind`` (errors name the field)."""
    return convert_enum(BodyKind, value, "body_kind")


def _level(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """Validate a level name (one of :data:`LEVELS`)."""
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"must be a level name, not {type(value).__name__}", field=attribute.name, value=value
        )
    if value not in LEVELS:
        raise InvalidRecordError(
            f"must be one of {', '.join(LEVELS)}", field=attribute.name, value=value
        )


@model("official", "official_id")
@frozen
class Official:
    """A person who may be held to account: a role in a body, on one side (art. 2, S8).

    Attributes:
        official_id: Stable id of the person.
        role: Their :class:`OfficialRole` in the body.
        body_kind: The kind of body (:class:`BodyKind`).
        body_id: The body's id — an area id (``"C01-K03"``) or a unit id.
        level: The body's level, one of :data:`LEVELS`.
        side: :class:`AssistanceSide` (assisting or assisted).
        name: Display name.

    Example:
        >>> Official(official_id="P1", role="principal_leader", body_kind="area",
        ...          body_id="K01", level="county", side="assisted").role
        <OfficialRole.PRINCIPAL_LEADER: 'principal_leader'>
    """

    official_id: str = field(validator=identifier)
    role: OfficialRole = field(converter=_role)
    body_kind: BodyKind = field(converter=_body_kind)
    body_id: str = field(validator=identifier)
    level: str = field(validator=_level)
    side: AssistanceSide = field(default=AssistanceSide.ASSISTED, converter=_side)
    name: str = field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if self.role is OfficialRole.LEADERSHIP_TEAM:
            raise InvalidRecordError(
                "is the team as a whole, not a person's role", field="role", value=self.role.value
            )
        if self.body_kind is BodyKind.AREA and self.level == "central":
            raise InvalidRecordError(
                "must not be 'central' for an area", field="level", value=self.level
            )
