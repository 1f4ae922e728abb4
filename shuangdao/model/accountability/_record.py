"""One body's annual assessment with the accountability evidence found that year."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model.accountability._bodies import (
    AssistanceSide,
    BodyKind,
    _body_kind,
    _level,
    _side,
)
from shuangdao.model.accountability._consequences import AccountabilityAction
from shuangdao.model.accountability._evidence import (
    Aggravation,
    FundingIrregularity,
    LeaderLink,
    SanctionChoice,
    _optional_consequence,
    _optional_count,
    _optional_flag,
    _records,
    check_counts,
)
from shuangdao.model.fields import as_iterable, at_least, identifier, model, year


def _leader_links(value: object) -> tuple[LeaderLink, ...] | None:
    """Convert a mapping ``leader → village | None`` or links into a sorted tuple."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        links = [LeaderLink(leader_id=k, village_id=v) for k, v in value.items()]
    else:
        links = []
        for item in as_iterable(value, "leaders"):
            if not isinstance(item, LeaderLink):
                raise InvalidTypeError(
                    f"must hold LeaderLink records, not {type(item).__name__}",
                    field="leaders",
                    value=item,
                )
            links.append(item)
    seen: set[str] = set()
    for link in links:
        if link.leader_id in seen:
            raise InvalidRecordError(
                "must not repeat a leader", field="leaders", value=link.leader_id
            )
        seen.add(link.leader_id)
    return tuple(sorted(links, key=lambda link: link.leader_id))


def _irregularities(value: object) -> tuple[FundingIrregularity, ...]:
    """Convert ``irregularities`` to a tuple of :class:`FundingIrregularity`."""
    return _records(value, FundingIrregularity, "irregularities")


def _aggravations(value: object) -> tuple[Aggravation, ...]:
    """Convert ``aggravations`` to a tuple of :class:`Aggravation`."""
    return _records(value, Aggravation, "aggravations")


def _choices(value: object) -> tuple[SanctionChoice, ...]:
    """Convert ``sanctions_chosen`` to a tuple of :class:`SanctionChoice`."""
    return _records(value, SanctionChoice, "sanctions_chosen")


@model("accountability record", "body_id")
@frozen
class AccountabilityRecord:
    """One annual assessment of one body, with the accountability evidence found that year.

    Evidence left as ``None`` was not recorded and its condition is not evaluated (it is not
    assumed to be fine). The choices of the assessing body (2011 rules) and of the discipline
    body (2010 measures) are inputs too, for when a later rule needs them.

    Attributes:
        body_id: The area or unit assessed.
        body_kind: :class:`BodyKind`.
        level: The body's level (:data:`LEVELS`).
        assessment_number: Which annual assessment of the round (1st, 2nd, 3rd...).
        side: :class:`AssistanceSide`.
        year: Calendar year of the assessment, if known.
        failed: Villages rated failing in the body's area (with ``total``).
        total: Villages assessed.
        rated_failing: Whether the body itself was rated failing (2011 assessment rules).
        leaders: Each leadership member and the village they took charge of (挂村办点);
            a mapping ``leader_id → village_id | None`` is accepted.
        fiscal_guarantee: Whether the local budget guaranteed 双到 funds.
        irregularities: Findings of the fund and poor-list situations (all on this body).
        aggravations: Aggravating factors found against this body's officials.
        consequence_chosen: The assessing body's choice under the 2011 rules (notice, naming
            or coaching interview), if known.
        sanctions_chosen: The discipline body's choices under the 2010 measures, if known.

    Example:
        >>> r = AccountabilityRecord(body_id="K01", body_kind="area", level="county",
        ...                          assessment_number=1, failed=12, total=20,
        ...                          leaders={"L1": "V1", "L2": None})
        >>> [link.village_id for link in r.leaders]
        ['V1', None]
    """

    body_id: str = field(validator=identifier)
    body_kind: BodyKind = field(converter=_body_kind)
    level: str = field(validator=_level)
    assessment_number: int = field(validator=at_least(1))
    side: AssistanceSide = field(default=AssistanceSide.ASSISTED, converter=_side)
    year: int | None = field(default=None, validator=year)
    failed: int | None = field(default=None, validator=_optional_count)
    total: int | None = field(default=None, validator=_optional_count)
    rated_failing: bool | None = field(default=None, validator=_optional_flag)
    leaders: tuple[LeaderLink, ...] | None = field(default=None, converter=_leader_links)
    fiscal_guarantee: bool | None = field(default=None, validator=_optional_flag)
    irregularities: tuple[FundingIrregularity, ...] = field(default=(), converter=_irregularities)
    aggravations: tuple[Aggravation, ...] = field(default=(), converter=_aggravations)
    consequence_chosen: AccountabilityAction | None = field(
        default=None, converter=_optional_consequence
    )
    sanctions_chosen: tuple[SanctionChoice, ...] = field(default=(), converter=_choices)

    def __attrs_post_init__(self) -> None:
        if (self.failed is None) != (self.total is None):
            raise InvalidRecordError(
                "must be given together with failed", field="total", value=self.total
            )
        if self.total is not None and self.failed is not None:
            check_counts(self.failed, self.total, record=None)
        for item in self.irregularities:
            if item.body_id != self.body_id:
                raise InvalidRecordError(
                    f"names body {item.body_id!r}, not this record's body",
                    field="irregularities",
                    value=item.evidence_id or item.kind.value,
                )
        chosen = [c.official_id for c in self.sanctions_chosen]
        for official_id in chosen:
            if chosen.count(official_id) > 1:
                raise InvalidRecordError(
                    "must not choose twice for one official",
                    field="sanctions_chosen",
                    value=official_id,
                )
