"""The domain model: frozen, validated records with no policy logic.

Every class is an immutable attrs value checked when built; change one with
:func:`attrs.evolve`. Invalid input raises a :class:`~shuangdao.errors.ShuangdaoError`
subclass naming the record, the field and the value.

The accountability records (:mod:`shuangdao.model.accountability`) and the funding audit's
findings (:mod:`shuangdao.model.funding_audit`) are loaded on first use: they hold explained
decisions (:class:`~shuangdao.explain.Decision`), and :mod:`shuangdao.explain` reads the
standards, which read this package.

The ledgers and the records they hold: :mod:`shuangdao.model.ledger` (the responsibility
ledger), :mod:`shuangdao.model.responsibility` (agreements, work-team postings) and
:mod:`shuangdao.model.funding` (allocations, disbursements, the funding ledger, projects).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from shuangdao.model.acceptance import DemocraticAppraisal, RecheckSample, SurveyFigure
from shuangdao.model.admin import AdminArea, AdminLevel
from shuangdao.model.assessment import (
    Grade,
    GradeBand,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    MandatedFailure,
    ScoringModel,
    SubjectKind,
)
from shuangdao.model.assistance import (
    ALLOWED_PAIRINGS,
    AssistingUnit,
    Cadre,
    Pairing,
    PartyKind,
    UnitKind,
    UnitLevel,
    WorkTeam,
)
from shuangdao.model.county import CountyIndicators, KeyCounty
from shuangdao.model.cycle import (
    ExitLine,
    HouseholdIncomeHistory,
    HouseholdTrack,
    VillageIncomeHistory,
)
from shuangdao.model.funding import (
    Allocation,
    AssistedBy,
    Disbursement,
    FundingLedger,
    FundOrigin,
    FundSource,
    Instalment,
    LedgerBalance,
    Project,
    ProjectType,
    SeedCategory,
)
from shuangdao.model.household import Household, HouseholdClass
from shuangdao.model.ledger import ResponsibilityLedger
from shuangdao.model.plan import Measure, MeasureKind, Plan
from shuangdao.model.responsibility import AssistanceAgreement, Commitment, TeamPosting
from shuangdao.model.round import Round
from shuangdao.model.statute import PovertyStandard
from shuangdao.model.village import IncomeMeasure, SpecialArea, Village

if TYPE_CHECKING:
    from shuangdao.model.accountability import (
        AccountabilityAction,
        AccountabilityRecord,
        ActionDecision,
        AggravatingFactor,
        Aggravation,
        AssistanceSide,
        BodyKind,
        FundingIrregularity,
        IrregularityKind,
        LeaderLink,
        Mechanism,
        Official,
        OfficialRole,
        Sanction,
        SanctionChoice,
        TriggerKind,
    )
    from shuangdao.model.funding_audit import FundingAudit, FundingFinding

_ACCOUNTABILITY = frozenset(
    {
        "AccountabilityAction",
        "AccountabilityRecord",
        "ActionDecision",
        "AggravatingFactor",
        "Aggravation",
        "AssistanceSide",
        "BodyKind",
        "FundingIrregularity",
        "IrregularityKind",
        "LeaderLink",
        "Mechanism",
        "Official",
        "OfficialRole",
        "Sanction",
        "SanctionChoice",
        "TriggerKind",
    }
)
_FUNDING_AUDIT = frozenset({"FundingAudit", "FundingFinding"})

__all__ = [
    "ALLOWED_PAIRINGS",
    "AccountabilityAction",
    "AccountabilityRecord",
    "ActionDecision",
    "AdminArea",
    "AdminLevel",
    "AggravatingFactor",
    "Aggravation",
    "Allocation",
    "AssistanceAgreement",
    "AssistanceSide",
    "AssistedBy",
    "AssistingUnit",
    "BodyKind",
    "Cadre",
    "Commitment",
    "CountyIndicators",
    "DemocraticAppraisal",
    "Disbursement",
    "ExitLine",
    "FundOrigin",
    "FundSource",
    "FundingAudit",
    "FundingFinding",
    "FundingIrregularity",
    "FundingLedger",
    "Grade",
    "GradeBand",
    "Household",
    "HouseholdClass",
    "HouseholdIncomeHistory",
    "HouseholdTrack",
    "IncomeMeasure",
    "Indicator",
    "IndicatorKind",
    "IndicatorResult",
    "Instalment",
    "IrregularityKind",
    "KeyCounty",
    "LeaderLink",
    "LedgerBalance",
    "MandatedFailure",
    "Measure",
    "MeasureKind",
    "Mechanism",
    "Official",
    "OfficialRole",
    "Pairing",
    "PartyKind",
    "Plan",
    "PovertyStandard",
    "Project",
    "ProjectType",
    "RecheckSample",
    "ResponsibilityLedger",
    "Round",
    "Sanction",
    "SanctionChoice",
    "ScoringModel",
    "SeedCategory",
    "SpecialArea",
    "SubjectKind",
    "SurveyFigure",
    "TeamPosting",
    "TriggerKind",
    "UnitKind",
    "UnitLevel",
    "Village",
    "VillageIncomeHistory",
    "WorkTeam",
]


def __getattr__(name: str) -> Any:
    """Load the accountability records on first use (see the module docstring)."""
    if name in _ACCOUNTABILITY or name in _FUNDING_AUDIT:
        where = "accountability" if name in _ACCOUNTABILITY else "funding_audit"
        module = importlib.import_module(f"shuangdao.model.{where}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _ACCOUNTABILITY | _FUNDING_AUDIT)
