"""Households and cadres: a named responsible cadre, the cadre's load (private)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import Rule, declared
from shuangdao.errors import InvalidRecordError
from shuangdao.explain import Decision
from shuangdao.model import Household
from shuangdao.quantities import Comparator
from shuangdao.rules.criteria import Limit, Present
from shuangdao.rules.pairing._common import (
    RESPONSIBLE_CITATION,
    household_id_of,
    listed,
    standards_or_default,
)
from shuangdao.standards.params import PairingParams as P

if TYPE_CHECKING:
    from shuangdao.model import ResponsibilityLedger
    from shuangdao.standards import Standards

__all__ = [
    "CADRE_LOAD",
    "HOUSEHOLD_RESPONSIBLE",
    "check_cadre_load",
    "check_household_responsibility",
    "load_limit",
]


HOUSEHOLD_RESPONSIBLE: Final = Rule(
    id="pairing.household_responsible",
    subject="household",
    title_en="household with a named responsible cadre",
    title_zh="有责任人的贫困户",
    citation=RESPONSIBLE_CITATION,
    criteria=(
        # 每个贫困户都有帮扶责任人（至少一人）.
        Present(
            "responsible_cadre",
            "responsible_cadres",
            "responsible cadres (责任人, at least one)",
            "责任人数（至少一人）",
            citation=RESPONSIBLE_CITATION,
            unit="persons",
            details=("cadre_ids",),
            notes=listed("cadre_ids", "cadres", "责任人"),
        ),
        # No source caps it: an assumed cap, off by default.
        Limit(
            "cadres_within_limit",
            "responsible_cadres",
            P.max_cadres_per_household,
            Comparator.LE,
            "responsible cadres at once (assumed cap)",
            "同时的责任人数（假定上限）",
            switch=P.responsible_cadres_limited,
            unit="persons",
        ),
    ),
)
"""Every poor household has a named responsible person: at least one (S4). A cap applies only
when ``pairing.responsible_cadres_limited`` is on (assumed; off by default). Column:
``responsible_cadres``."""

CADRE_LOAD: Final = Rule(
    id="pairing.cadre_load",
    subject="cadre",
    title_en="cadre within the household load limit",
    title_zh="挂钩户数未超上限的责任人",
    citation=Citation(("S3", "S4")),
    criteria=(
        # 挂钩包户: the ratio was never published — a required, assumed parameter.
        Limit(
            "cadre_load",
            "households",
            P.max_households_per_cadre,
            Comparator.LE,
            "households in the cadre's charge",
            "挂钩贫困户数",
            unit="households",
        ),
    ),
)
"""A cadre is responsible for at most ``pairing.max_households_per_cadre`` households (S3, S4;
the limit was never published: required, assumed). Column: ``households``."""


@declared(HOUSEHOLD_RESPONSIBLE)
def check_household_responsibility(
    household: Household | str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    standards: Standards | None = None,
) -> Decision:
    """Check that a household has a named responsible cadre (责任人) on ``on``: at least one.

    The policy names a responsible person for every poor household and sets no maximum: two
    cadres responsible for one household pass. A cap is checked only when
    ``pairing.responsible_cadres_limited`` is on (an assumed parameter, off by default; the
    cap is ``pairing.max_cadres_per_household``). The decision's ``value`` is the
    responsible cadre's id, the ids joined by ``", "`` when there are several, or ``None``.
    Declared once as :data:`HOUSEHOLD_RESPONSIBLE`.

    Policy: S4 (every poor household has a named responsible person; 责任到人).

    Raises:
        LedgerError: The household is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
        >>> check_household_responsibility("H1", ledger=ledger, on=dt.date(2011, 1, 1)).outcome
        False
    """
    household_id = household_id_of(household)
    cadres = sorted(p.assisting_id for p in ledger.history(household_id) if p.active_on(on))
    return HOUSEHOLD_RESPONSIBLE.bind(standards_or_default(standards)).decide(
        subject_id=household_id,
        as_of=on,
        responsible_cadres=len(cadres),
        cadre_ids=cadres,
        value=", ".join(cadres) or None,
    )


# ------------------------------------------------------------------------------ cadres
def _positive(max_households: object) -> int:
    if (
        isinstance(max_households, bool)
        or not isinstance(max_households, int)
        or max_households < 1
    ):
        raise InvalidRecordError(
            "must be a positive integer",
            field="max_households",
            value=max_households,
            rule=CADRE_LOAD.id,
        )
    return max_households


def _load_standards(max_households: int | None, standards: Standards) -> Standards:
    """The standards with the caller's limit, if given, as an override (recorded as such)."""
    if max_households is None:
        return standards
    return standards.with_overrides({P.max_households_per_cadre: _positive(max_households)})


@declared(CADRE_LOAD)
def load_limit(
    max_households: int | None, standards: Standards
) -> tuple[int, Citation, str | None]:
    """Return the households-per-cadre limit, its citation and the parameter key it came from.

    The limit of :data:`CADRE_LOAD`: ``max_households`` when given (the key is then
    ``None``), else the parameter ``pairing.max_households_per_cadre``.

    Policy: S3, S4 (cadres linked to households, 挂钩包户); the limit itself was never
    published (no source gives one), so it is ``max_households`` or the parameter.

    Raises:
        MissingParameterError: ``max_households`` is ``None`` and the parameter has no value.
        InvalidRecordError: ``max_households`` is not a positive integer.

    Example:
        >>> from shuangdao.standards import default_standards
        >>> load_limit(30, default_standards())[0]
        30
    """
    if max_households is not None:
        citation = Citation(
            ("PROJECT",),
            certainty=Certainty.ASSUMED,
            note="limit supplied by the caller (max_households=)",
        )
        return _positive(max_households), citation, None
    bound = CADRE_LOAD.bind(standards).criterion("cadre_load")
    limit: int = bound.limit  # type: ignore[attr-defined]
    return limit, standards.citation(P.max_households_per_cadre), str(P.max_households_per_cadre)


@declared(CADRE_LOAD)
def check_cadre_load(
    cadre_id: str,
    *,
    ledger: ResponsibilityLedger,
    on: dt.date,
    max_households: int | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Check that a cadre is responsible for no more households than the limit on ``on``.

    The policy never published a cadre:household ratio (no source gives one): pass
    ``max_households=`` (applied as an override of ``pairing.max_households_per_cadre``, so
    the decision records it) or override the parameter. The decision's ``value`` is the load.
    Declared once as :data:`CADRE_LOAD`.

    Policy: S3 (挂钩包户, units link staff to households); S4. The limit is a project
    parameter (certainty: assumed).

    Raises:
        MissingParameterError: No limit given and none in the standards.
        LedgerError: The cadre is not registered in the ledger.

    Example:
        >>> import datetime as dt
        >>> from shuangdao.model import ResponsibilityLedger
        >>> from shuangdao.model import AssistingUnit, Cadre
        >>> ledger = ResponsibilityLedger.create(
        ...     units=[AssistingUnit(unit_id="U1", name="u", kind="public_institution",
        ...                          level="county")],
        ...     cadres=[Cadre(cadre_id="R1", unit_id="U1")])
        >>> check_cadre_load("R1", ledger=ledger, on=dt.date(2011, 1, 1), max_households=5).code
        'selected'
    """
    std = _load_standards(max_households, standards_or_default(standards))
    bound = CADRE_LOAD.bind(std)
    load = len(ledger.households_of(cadre_id, on))
    return bound.decide(subject_id=cadre_id, as_of=on, households=load, value=load)
