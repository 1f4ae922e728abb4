"""The administrative hierarchy: province → city → county → township → village, by ids."""

from __future__ import annotations

import enum
from typing import cast

from attrs import field, frozen

from shuangdao.ingest.schema import ADMIN_AREA as _S
from shuangdao.model.fields import model

__all__ = ["AdminArea", "AdminLevel"]


class AdminLevel(enum.Enum):
    """Administrative level (行政级别)."""

    PROVINCE = "province"
    """省."""
    CITY = "city"
    """地级以上市 (prefecture-level city; 顺德 is treated as one for 双到)."""
    COUNTY = "county"
    """县 (county, county-level city or district)."""
    TOWNSHIP = "township"
    """乡镇."""
    VILLAGE = "village"
    """行政村 (administrative village)."""

    @property
    def parent(self) -> AdminLevel | None:
        """The level directly above (``None`` for the province)."""
        order = list(AdminLevel)
        index = order.index(self)
        return order[index - 1] if index else None


def _s_area_id(value: object) -> str:
    return cast("str", _S.parse("area_id", value))


def _s_level(value: object) -> AdminLevel:
    return cast("AdminLevel", _S.parse("level", value))


def _s_name(value: object) -> str:
    return cast("str", _S.parse("name", value))


def _s_parent_id(value: object) -> str | None:
    return cast("str | None", _S.parse("parent_id", value))


@model("admin area", "area_id")
@frozen
class AdminArea:
    """A unit of the administrative hierarchy, linked to its parent by id.

    Attributes:
        area_id: Stable id (``"C01-K03"``).
        level: Its :class:`AdminLevel`.
        name: Display name (Chinese or English).
        parent_id: Id of the area one level up (``None`` only for a province).

    Example:
        >>> AdminArea(area_id="C01-K03", level="county", parent_id="C01").level
        <AdminLevel.COUNTY: 'county'>
    """

    area_id: str = field(converter=_s_area_id)
    level: AdminLevel = field(converter=_s_level)
    name: str = field(default="", converter=_s_name)
    parent_id: str | None = field(default=None, converter=_s_parent_id)

    def __attrs_post_init__(self) -> None:
        from shuangdao.errors import InvalidRecordError

        if (self.level is AdminLevel.PROVINCE) != (self.parent_id is None):
            raise InvalidRecordError(
                "must be empty exactly for a province",
                field="parent_id",
                value=self.parent_id,
            )
