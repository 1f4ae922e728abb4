"""What a responsibility ledger holds besides pairings: agreements and work-team postings.

* :class:`AssistanceAgreement` (帮扶协议) between an assisting unit and a village, with one
  :class:`Commitment` of funds, projects and people per year (regulation ch. 3, S17);
* :class:`TeamPosting`: a resident work team (驻村工作队) stationed in its village from one
  date to another.

Frozen, validated records with no policy logic (whether an agreement is *required* on a date
is the rule ``pairing.agreement``, :mod:`shuangdao.rules.pairing`). They live in a
:class:`~shuangdao.model.ledger.ResponsibilityLedger`.

.. versionchanged:: 0.2.0 Moved here from ``shuangdao.ledger`` (issue 13).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from shuangdao.errors import InvalidRecordError
from shuangdao.model.assistance import WorkTeam
from shuangdao.model.fields import (
    as_iterable,
    at_least,
    date,
    identifier,
    model,
    of_type,
    optional_date,
    year,
)
from shuangdao.quantities import money

__all__ = ["AssistanceAgreement", "Commitment", "TeamPosting"]


def _funds(value: object) -> Decimal:
    """Convert ``funds`` (errors name the field)."""
    return money(value, field="funds")


@model("commitment", "year")
@frozen
class Commitment:
    """One year's commitment of an assistance agreement (每年安排资金、项目、人力, S17).

    Attributes:
        year: Calendar year.
        funds: Funds committed for the year, exact yuan.
        projects: Projects committed (count).
        people: People (staff) committed (count).

    Example:
        >>> Commitment(year=2013, funds="300000", projects=2, people=3).funds
        Decimal('300000.00')
    """

    year: int = field(validator=[of_type(int, "a year"), year])
    funds: Decimal = field(converter=_funds)
    projects: int = field(validator=at_least(0))
    people: int = field(validator=at_least(0))


def _commitments(value: object) -> tuple[Commitment, ...]:
    """Convert ``commitments`` to a tuple sorted by year (errors name the field)."""
    items = tuple(as_iterable(value, "commitments"))
    for item in items:
        if not isinstance(item, Commitment):
            raise InvalidRecordError(
                "must hold Commitment objects", field="commitments", value=item
            )
    return tuple(sorted(items, key=_commitment_year))  # type: ignore[arg-type]


def _commitment_year(item: Commitment) -> int:
    """Sort key of a commitment."""
    return item.year


@model("assistance agreement", "agreement_id")
@frozen
class AssistanceAgreement:
    """An assistance agreement (帮扶协议) between a unit and a village (regulation ch. 3, S17).

    The regulation (in force 2012-01-01, S16) has assisting units commit funds, projects and
    staff **every year** and the two sides sign an agreement; the assisting side plans and
    delivers.

    Attributes:
        agreement_id: Stable id.
        unit_id: The assisting unit.
        village_id: The assisted village.
        signed_on: Date signed.
        commitments: One :class:`Commitment` per year, no year twice (kept sorted by year).

    Example:
        >>> import datetime as dt
        >>> a = AssistanceAgreement(agreement_id="A1", unit_id="U1", village_id="V1",
        ...     signed_on=dt.date(2013, 3, 1),
        ...     commitments=[Commitment(year=2013, funds="300000", projects=2, people=3)])
        >>> a.commitment(2013).projects, a.commitment(2014)
        (2, None)
    """

    agreement_id: str = field(validator=identifier)
    unit_id: str = field(validator=identifier)
    village_id: str = field(validator=identifier)
    signed_on: dt.date = field(validator=date)
    commitments: tuple[Commitment, ...] = field(default=(), converter=_commitments)

    def __attrs_post_init__(self) -> None:
        years = [c.year for c in self.commitments]
        if len(set(years)) != len(years):
            raise InvalidRecordError(
                "must not commit the same year twice", field="commitments", value=years
            )

    def commitment(self, year: int) -> Commitment | None:
        """Return the commitment for ``year``, or ``None``."""
        for item in self.commitments:
            if item.year == year:
                return item
        return None


def _work_team(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate ``team`` is a :class:`WorkTeam`."""
    if not isinstance(value, WorkTeam):
        raise InvalidRecordError("must be a WorkTeam", field=attribute.name, value=value)


@model("team posting", "team")
@frozen
class TeamPosting:
    """A resident work team (驻村工作队) stationed in its village from one date to another.

    Both dates are inclusive; ``valid_to=None`` means still stationed.

    Attributes:
        team: The :class:`~shuangdao.model.WorkTeam` (unit, village, cadres, leader).
        valid_from: First day stationed.
        valid_to: Last day stationed, or ``None``.

    Example:
        >>> import datetime as dt
        >>> t = TeamPosting(team=WorkTeam(team_id="T1", unit_id="U1", village_id="V1",
        ...                               cadre_ids=["R1"], leader_id="R1"),
        ...                 valid_from=dt.date(2010, 3, 1))
        >>> t.active_on(dt.date(2012, 12, 31))
        True
    """

    team: WorkTeam = field(validator=_work_team)
    valid_from: dt.date = field(validator=date)
    valid_to: dt.date | None = field(default=None, validator=optional_date)

    def __attrs_post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InvalidRecordError(
                f"must not be before valid_from {self.valid_from.isoformat()}",
                field="valid_to",
                value=self.valid_to,
            )

    @property
    def team_id(self) -> str:
        """The team's id."""
        return self.team.team_id

    def active_on(self, on: dt.date) -> bool:
        """Whether the team is stationed on ``on``."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


# ------------------------------------------------------------------ converters
