"""The administrative hierarchy: province → city → county → township → village, by ids."""

from __future__ import annotations

import enum

from attrs import field, frozen

from shuangdao.model._base import convert_enum, identifier, model, optional_identifier, text

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


def _level(value: object) -> AdminLevel:
    """Convert ``level`` (errors name the field)."""
    return convert_enum(AdminLevel, value, "level")


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

    area_id: str = field(validator=identifier)
    level: AdminLevel = field(converter=_level)
    name: str = field(default="", validator=text)
    parent_id: str | None = field(default=None, validator=optional_identifier)

    def __attrs_post_init__(self) -> None:
        from shuangdao.errors import InvalidRecordError

        if (self.level is AdminLevel.PROVINCE) != (self.parent_id is None):
            raise InvalidRecordError(
                "must be empty exactly for a province",
                field="parent_id",
                value=self.parent_id,
            )
