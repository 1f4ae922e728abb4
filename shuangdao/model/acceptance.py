"""The 2012 final acceptance's records: survey figures, the re-check sample, democratic appraisal.

Round 1's final acceptance (考核验收, S11) combined a **full survey** (every assisted household
and village reported its figures), a **sample re-check** (a sample of those records measured
again) and **democratic appraisal** (民主评议) for the village governance and service items.
These are plain records, validated when built, with no policy logic: the sample is drawn and
the re-check decided in :mod:`shuangdao.rules.acceptance`.

.. versionadded:: 0.2.0 (issue 15)
"""

from __future__ import annotations

from decimal import Decimal

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model.fields import as_iterable, at_least, identifier, ids_of, model

__all__ = ["DemocraticAppraisal", "RecheckSample", "SurveyFigure"]


def _value(value: object) -> Decimal:
    """Convert ``value``: an exact, finite number of any sign (yuan, a count, a 0/1 flag)."""
    from shuangdao.ingest.schema import Cell, Kind  # the ingest grammar (imported when used)

    if isinstance(value, bool):
        raise InvalidTypeError(
            "must be a number, not a boolean (use 0 or 1)", field="value", value=value
        )
    cell = Cell(Kind.RATIO, "A figure, exact.", "数值，精确。", minimum=Decimal("-Infinity"))
    number: Decimal = cell.parse(value, field="value")
    return number


@model("survey figure", "record_id")
@frozen(kw_only=True)
class SurveyFigure:
    """One figure of one record: reported by the full survey, or found by the re-check.

    The same record type carries both sides, so a reported figure and its re-check are paired
    by ``(record_id, item)``.

    Attributes:
        record_id: The household or village the figure is about.
        item: What was measured (``"per_capita_net_income"``, ``"collective_income"``,
            ``"road_hardened"`` as 0/1...): your own names, the same on both sides.
        value: The figure, exact (yuan to any precision, a count, or 0/1 for a yes/no item).

    Example:
        >>> SurveyFigure(record_id="h1", item="per_capita_net_income", value="2610.50").value
        Decimal('2610.50')
    """

    record_id: str = field(validator=identifier)
    item: str = field(validator=identifier)
    value: Decimal = field(converter=_value)


def _ids(value: object) -> tuple[str, ...]:
    """Convert ``record_ids`` to a tuple (the order is the draw order)."""
    return tuple(as_iterable(value, "record_ids"))  # type: ignore[arg-type]


@model("recheck sample", "seed")
@frozen(kw_only=True)
class RecheckSample:
    """The records drawn for the sample re-check, and how (see :mod:`shuangdao.rules.acceptance`).

    Attributes:
        seed: The seed of the draw (an integer in ``[0, 10**18)``, below
            :data:`shuangdao.ingest.COUNT_LIMIT`); the same seed and population give the same
            sample.
        population: How many records the full survey had.
        record_ids: The records drawn, in draw order (no repeats).
        method: The draw's name and version (``"sha256-order/v1"``), so that a later
            library can tell an old sample from its own.

    Example:
        >>> s = RecheckSample(seed=2012, population=10, record_ids=("h3", "h7"))
        >>> s.size, "h3" in s
        (2, True)
    """

    seed: int = field(validator=at_least(0))
    population: int = field(validator=at_least(0))
    record_ids: tuple[str, ...] = field(converter=_ids, validator=ids_of)
    method: str = field(default="sha256-order/v1", validator=identifier)

    def __attrs_post_init__(self) -> None:
        if len(self.record_ids) > self.population:
            raise InvalidRecordError(
                f"draws {len(self.record_ids)} records from a population of {self.population}",
                field="record_ids",
                value=len(self.record_ids),
            )

    @property
    def size(self) -> int:
        """How many records were drawn."""
        return len(self.record_ids)

    def __contains__(self, record_id: object) -> bool:
        """Whether ``record_id`` was drawn."""
        return record_id in self.record_ids


@model("democratic appraisal", "village_id")
@frozen(kw_only=True)
class DemocraticAppraisal:
    """The result of a democratic appraisal (民主评议) of one governance item of a village.

    S11 assesses village governance and services by democratic appraisal, not by measured
    figures: the appraisal is an input, and its share in favour is the item's achievement.

    Attributes:
        village_id: The village appraised.
        item: The assessment indicator it stands for (``"governance"`` in the round-1 village
            model).
        participants: How many took part (at least 1).
        in_favour: How many rated the item satisfactory (0 to ``participants``).

    Example:
        >>> a = DemocraticAppraisal(village_id="v1", item="governance", participants=40,
        ...                         in_favour=31)
        >>> a.in_favour, a.participants
        (31, 40)
    """

    village_id: str = field(validator=identifier)
    item: str = field(validator=identifier)
    participants: int = field(validator=at_least(1))
    in_favour: int = field(validator=at_least(0))

    def __attrs_post_init__(self) -> None:
        if self.in_favour > self.participants:
            raise InvalidRecordError(
                f"must be at most participants ({self.participants})",
                field="in_favour",
                value=self.in_favour,
            )
