"""shuangdao: Guangdong's 双到 poverty-alleviation rules as exact, cited, tested Python.

双到 — 规划到户、责任到人: a plan made for each household, a named person responsible for
each household. The library encodes the rules of the three rounds (2009/10–2012,
2013–2015, 2016–2018) so that each decision explains itself and cites its source.

The public API is re-exported here; submodules (:mod:`shuangdao.model`,
:mod:`shuangdao.standards`, :mod:`shuangdao.rules`, :mod:`shuangdao.serialize`...) hold the
same names by topic.
"""

from shuangdao._version import __version__
from shuangdao.assignment import Assignment, AssignmentConstraints, assign, assign_scattered
from shuangdao.calendar import (
    FollowUpWindow,
    RoundCalendar,
    assessment_year,
    follow_up_end,
    is_settled,
    round_calendar,
)
from shuangdao.citations import Certainty, Citation, Source, sources
from shuangdao.errors import (
    IllegalTransitionError,
    InvalidMoneyError,
    InvalidRecordError,
    InvalidTypeError,
    LedgerError,
    MissingParameterError,
    NoSolutionError,
    OverrideError,
    RecordErrors,
    ShuangdaoError,
    StandardsError,
    UnknownReferenceError,
)
from shuangdao.explain import Combine, Decision, Provenance, Reason, decide
from shuangdao.ingest import Rejection
from shuangdao.io import identify_csv
from shuangdao.model import (
    AccountabilityAction,
    AccountabilityRecord,
    ActionDecision,
    AdminArea,
    AdminLevel,
    AggravatingFactor,
    Allocation,
    AssistanceAgreement,
    AssistanceSide,
    AssistingUnit,
    Cadre,
    Commitment,
    Disbursement,
    FundingIrregularity,
    FundingLedger,
    FundOrigin,
    FundSource,
    Grade,
    Household,
    HouseholdIncomeHistory,
    IncomeMeasure,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    Measure,
    MeasureKind,
    Mechanism,
    Official,
    OfficialRole,
    Pairing,
    PartyKind,
    Plan,
    Project,
    ProjectType,
    ResponsibilityLedger,
    Round,
    Sanction,
    SanctionChoice,
    ScoringModel,
    SpecialArea,
    TeamPosting,
    UnitKind,
    UnitLevel,
    Village,
    VillageIncomeHistory,
    WorkTeam,
)
from shuangdao.quantities import Comparator, compare_per_capita, money, ratio
from shuangdao.reports import Report, gap_report, overload_report, plan_report
from shuangdao.rules.accountability import (
    assessment_consequences,
    escalate,
    evaluate_triggers,
    fail_share_trigger,
    measures_sanctions,
    sanction_options,
)
from shuangdao.rules.assessment import assess, scoring_model
from shuangdao.rules.follow_up import follow_up_check
from shuangdao.rules.funding import audit_funds, provincial_subsidy, subsidy_schedule
from shuangdao.rules.identification import (
    IdentificationResult,
    identify,
    identify_household_round1,
    identify_household_round2,
    identify_household_round3,
    identify_household_statute,
    identify_village_round1,
    identify_village_round2,
    identify_village_round3,
)
from shuangdao.rules.pairing import (
    check_agreement,
    check_cadre_load,
    check_household_plan,
    check_household_responsibility,
    check_leader_village_link,
    check_leadership_liaison,
    check_village_assistance,
    check_village_plan,
)
from shuangdao.rules.procedure import Application, ApplicationState, ProcedureKind, advance
from shuangdao.rules.progress import household_exit, track_household, village_exit
from shuangdao.rules.settlement import settle_county, settle_round, settle_village
from shuangdao.serialize import from_json, json_schema, make_converter, to_json
from shuangdao.standards import Parameter, Standards, default_standards, load_overrides

__all__ = [
    "AccountabilityAction",
    "AccountabilityRecord",
    "ActionDecision",
    "AdminArea",
    "AdminLevel",
    "AggravatingFactor",
    "Allocation",
    "Application",
    "ApplicationState",
    "Assignment",
    "AssignmentConstraints",
    "AssistanceAgreement",
    "AssistanceSide",
    "AssistingUnit",
    "Cadre",
    "Certainty",
    "Citation",
    "Combine",
    "Commitment",
    "Comparator",
    "Decision",
    "Disbursement",
    "FollowUpWindow",
    "FundOrigin",
    "FundSource",
    "FundingIrregularity",
    "FundingLedger",
    "Grade",
    "Household",
    "HouseholdIncomeHistory",
    "IdentificationResult",
    "IllegalTransitionError",
    "IncomeMeasure",
    "Indicator",
    "IndicatorKind",
    "IndicatorResult",
    "InvalidMoneyError",
    "InvalidRecordError",
    "InvalidTypeError",
    "LedgerError",
    "Measure",
    "MeasureKind",
    "Mechanism",
    "MissingParameterError",
    "NoSolutionError",
    "Official",
    "OfficialRole",
    "OverrideError",
    "Pairing",
    "Parameter",
    "PartyKind",
    "Plan",
    "ProcedureKind",
    "Project",
    "ProjectType",
    "Provenance",
    "Reason",
    "RecordErrors",
    "Rejection",
    "Report",
    "ResponsibilityLedger",
    "Round",
    "RoundCalendar",
    "Sanction",
    "SanctionChoice",
    "ScoringModel",
    "ShuangdaoError",
    "Source",
    "SpecialArea",
    "Standards",
    "StandardsError",
    "TeamPosting",
    "UnitKind",
    "UnitLevel",
    "UnknownReferenceError",
    "Village",
    "VillageIncomeHistory",
    "WorkTeam",
    "__version__",
    "advance",
    "assess",
    "assessment_consequences",
    "assessment_year",
    "assign",
    "assign_scattered",
    "audit_funds",
    "check_agreement",
    "check_cadre_load",
    "check_household_plan",
    "check_household_responsibility",
    "check_leader_village_link",
    "check_leadership_liaison",
    "check_village_assistance",
    "check_village_plan",
    "compare_per_capita",
    "decide",
    "default_standards",
    "escalate",
    "evaluate_triggers",
    "fail_share_trigger",
    "follow_up_check",
    "follow_up_end",
    "from_json",
    "gap_report",
    "household_exit",
    "identify",
    "identify_csv",
    "identify_household_round1",
    "identify_household_round2",
    "identify_household_round3",
    "identify_household_statute",
    "identify_village_round1",
    "identify_village_round2",
    "identify_village_round3",
    "is_settled",
    "json_schema",
    "load_overrides",
    "make_converter",
    "measures_sanctions",
    "money",
    "overload_report",
    "plan_report",
    "provincial_subsidy",
    "ratio",
    "round_calendar",
    "sanction_options",
    "scoring_model",
    "settle_county",
    "settle_round",
    "settle_village",
    "sources",
    "subsidy_schedule",
    "to_json",
    "track_household",
    "village_exit",
]

_RENAMED = {
    "Action": "AccountabilityAction",
    "Role": "OfficialRole",
    "Side": "AssistanceSide",
}
"""Generic names renamed in 0.2.0 (old → new); the old ones warn for one release."""


def __getattr__(name: str) -> object:
    """Serve the renamed accountability names for one more release, with a warning."""
    new = _RENAMED.get(name)
    if new is None:
        raise AttributeError(f"module 'shuangdao' has no attribute {name!r}")
    import warnings

    warnings.warn(
        f"shuangdao.{name} is now shuangdao.{new} (shuangdao.model.accountability.{new}); "
        "the old name will be removed in the next release",
        DeprecationWarning,
        stacklevel=2,
    )
    return globals()[new]
