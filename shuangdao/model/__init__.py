"""The domain model: frozen, validated records with no policy logic.

Every class is an immutable attrs value checked when built; change one with
:func:`attrs.evolve`. Invalid input raises a :class:`~shuangdao.errors.ShuangdaoError`
subclass naming the record, the field and the value.

The accountability records (:mod:`shuangdao.model.accountability`) are loaded on first use:
they hold explained decisions (:class:`~shuangdao.explain.Decision`), and
:mod:`shuangdao.explain` reads the standards, which read this package.
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
from shuangdao.model.household import Household, HouseholdClass
from shuangdao.model.plan import Measure, MeasureKind, Plan
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

__all__ = [
    "AccountabilityAction",
    "AccountabilityRecord",
    "ActionDecision",
    "AdminArea",
    "AdminLevel",
    "AggravatingFactor",
    "Aggravation",
    "AssistanceSide",
    "AssistingUnit",
    "BodyKind",
    "Cadre",
    "CountyIndicators",
    "DemocraticAppraisal",
    "ExitLine",
    "FundingIrregularity",
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
    "IrregularityKind",
    "KeyCounty",
    "LeaderLink",
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
    "RecheckSample",
    "Round",
    "Sanction",
    "SanctionChoice",
    "ScoringModel",
    "SpecialArea",
    "SubjectKind",
    "SurveyFigure",
    "TriggerKind",
    "UnitKind",
    "UnitLevel",
    "Village",
    "VillageIncomeHistory",
    "WorkTeam",
]


def __getattr__(name: str) -> Any:
    """Load the accountability records on first use (see the module docstring)."""
    if name in _ACCOUNTABILITY:
        module = importlib.import_module("shuangdao.model.accountability")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _ACCOUNTABILITY)
