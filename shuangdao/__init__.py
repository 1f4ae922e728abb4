"""shuangdao: Guangdong's 双到 poverty-alleviation rules as exact, cited, tested Python.

双到 — 规划到户、责任到人: a plan made for each household, a named person responsible for
each household. The library encodes the rules of the three rounds (2009/10–2012,
2013–2015, 2016–2018) so that each decision explains itself and cites its source.

The top level holds what a user starts with (the list is the API reference's "Top level"
page, and a test keeps the two equal):

- the records: :class:`Household`, :class:`Village`, :class:`AssistingUnit`, :class:`Cadre`,
  :class:`WorkTeam`, :class:`Pairing`, :class:`Plan`, :class:`Measure`, :class:`Round`,
  :class:`AdminArea`;
- the standards: :class:`Standards`, :func:`default_standards`, :func:`load_overrides`;
- deciding: :func:`identify` (a whole round of records) and the identification rules of each
  round (:func:`identify_household_round2`...), which return a :class:`Decision` that explains
  itself (``decision.explain()``);
- the error root, :class:`ShuangdaoError`;
- batch and scenario entry points: :func:`identify_csv` (a register's CSV files) and
  :func:`run_round` (a whole round; needs the ``frame`` extra).

Each of these names is imported from its module on first use, so ``import shuangdao`` (and
the command line) loads only what is used.

Everything else lives in its topic module: :mod:`shuangdao.model` (every record and enum),
:mod:`shuangdao.rules` (``.identification``, ``.pairing``, ``.assessment``, ``.progress``,
``.settlement``, ``.follow_up``, ``.accountability``, ``.funding``, ``.procedure``),
:mod:`shuangdao.explain` (``Reason``, ``Provenance``, ``decide``), :mod:`shuangdao.errors`,
:mod:`shuangdao.standards`, :mod:`shuangdao.citations`, :mod:`shuangdao.serialize`,
:mod:`shuangdao.ingest`, :mod:`shuangdao.calendar`, :mod:`shuangdao.quantities`,
:mod:`shuangdao.assignment`, :mod:`shuangdao.ledger`, :mod:`shuangdao.funding`,
:mod:`shuangdao.reports`, :mod:`shuangdao.batch`, :mod:`shuangdao.scenario`.

.. versionchanged:: 0.2.0 The top level keeps only the names above; the others moved to
   their topic modules and still work from here for one release, with a
   ``DeprecationWarning`` naming the new home (the CHANGELOG lists every one). The names
   above are imported on first use.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Final

from shuangdao import _pickling  # noqa: F401  (read-only mappings pickle: see the module)
from shuangdao._version import __version__

if TYPE_CHECKING:
    from shuangdao.errors import ShuangdaoError
    from shuangdao.explain import Decision
    from shuangdao.io import identify_csv
    from shuangdao.model import (
        AdminArea,
        AssistingUnit,
        Cadre,
        Household,
        Measure,
        Pairing,
        Plan,
        Round,
        Village,
        WorkTeam,
    )
    from shuangdao.rules.identification import (
        identify,
        identify_household_round1,
        identify_household_round2,
        identify_household_round3,
        identify_household_statute,
        identify_village_round1,
        identify_village_round2,
        identify_village_round3,
    )
    from shuangdao.scenario import run_round
    from shuangdao.standards import Standards, default_standards, load_overrides

__all__ = [
    "AdminArea",
    "AssistingUnit",
    "Cadre",
    "Decision",
    "Household",
    "Measure",
    "Pairing",
    "Plan",
    "Round",
    "ShuangdaoError",
    "Standards",
    "Village",
    "WorkTeam",
    "__version__",
    "default_standards",
    "identify",
    "identify_csv",
    "identify_household_round1",
    "identify_household_round2",
    "identify_household_round3",
    "identify_household_statute",
    "identify_village_round1",
    "identify_village_round2",
    "identify_village_round3",
    "load_overrides",
    "run_round",
]

_LAZY: Final = {
    "AdminArea": "shuangdao.model",
    "AssistingUnit": "shuangdao.model",
    "Cadre": "shuangdao.model",
    "Decision": "shuangdao.explain",
    "Household": "shuangdao.model",
    "Measure": "shuangdao.model",
    "Pairing": "shuangdao.model",
    "Plan": "shuangdao.model",
    "Round": "shuangdao.model",
    "ShuangdaoError": "shuangdao.errors",
    "Standards": "shuangdao.standards",
    "Village": "shuangdao.model",
    "WorkTeam": "shuangdao.model",
    "default_standards": "shuangdao.standards",
    "identify": "shuangdao.rules.identification",
    "identify_csv": "shuangdao.io",
    "identify_household_round1": "shuangdao.rules.identification",
    "identify_household_round2": "shuangdao.rules.identification",
    "identify_household_round3": "shuangdao.rules.identification",
    "identify_household_statute": "shuangdao.rules.identification",
    "identify_village_round1": "shuangdao.rules.identification",
    "identify_village_round2": "shuangdao.rules.identification",
    "identify_village_round3": "shuangdao.rules.identification",
    "load_overrides": "shuangdao.standards",
    "run_round": "shuangdao.scenario",
}
"""Where each top-level name lives; it is imported on first use (``from shuangdao import X``
or ``shuangdao.X``), so that ``import shuangdao`` and the command line (``shuangdao run``)
load only the modules they use. ``run_round`` needs the optional ``frame`` extra."""

_MOVED: Final = {
    "AccountabilityAction": "shuangdao.model",
    "AccountabilityRecord": "shuangdao.model",
    "ActionDecision": "shuangdao.model",
    "AdminLevel": "shuangdao.model",
    "AggravatingFactor": "shuangdao.model",
    "Allocation": "shuangdao.model",
    "Application": "shuangdao.rules.procedure",
    "ApplicationState": "shuangdao.rules.procedure",
    "Assignment": "shuangdao.assignment",
    "AssignmentConstraints": "shuangdao.assignment",
    "AssistanceAgreement": "shuangdao.model",
    "AssistanceSide": "shuangdao.model",
    "Certainty": "shuangdao.citations",
    "Citation": "shuangdao.citations",
    "Combine": "shuangdao.explain",
    "Commitment": "shuangdao.model",
    "Comparator": "shuangdao.quantities",
    "Disbursement": "shuangdao.model",
    "FollowUpWindow": "shuangdao.calendar",
    "FundOrigin": "shuangdao.model",
    "FundSource": "shuangdao.model",
    "FundingIrregularity": "shuangdao.model",
    "FundingLedger": "shuangdao.model",
    "Grade": "shuangdao.model",
    "HouseholdIncomeHistory": "shuangdao.model",
    "IdentificationResult": "shuangdao.rules.identification",
    "IllegalTransitionError": "shuangdao.errors",
    "IncomeMeasure": "shuangdao.model",
    "Indicator": "shuangdao.model",
    "IndicatorKind": "shuangdao.model",
    "IndicatorResult": "shuangdao.model",
    "InvalidMoneyError": "shuangdao.errors",
    "InvalidRecordError": "shuangdao.errors",
    "InvalidTypeError": "shuangdao.errors",
    "LedgerError": "shuangdao.errors",
    "MeasureKind": "shuangdao.model",
    "Mechanism": "shuangdao.model",
    "MissingParameterError": "shuangdao.errors",
    "NoSolutionError": "shuangdao.errors",
    "Official": "shuangdao.model",
    "OfficialRole": "shuangdao.model",
    "OverrideError": "shuangdao.errors",
    "Parameter": "shuangdao.standards",
    "PartyKind": "shuangdao.model",
    "ProcedureKind": "shuangdao.rules.procedure",
    "Project": "shuangdao.model",
    "ProjectType": "shuangdao.model",
    "Provenance": "shuangdao.explain",
    "Reason": "shuangdao.explain",
    "RecordErrors": "shuangdao.errors",
    "Rejection": "shuangdao.ingest",
    "Report": "shuangdao.reports",
    "ResponsibilityLedger": "shuangdao.model",
    "RoundCalendar": "shuangdao.calendar",
    "Sanction": "shuangdao.model",
    "SanctionChoice": "shuangdao.model",
    "ScoringModel": "shuangdao.model",
    "Source": "shuangdao.citations",
    "SpecialArea": "shuangdao.model",
    "StandardsError": "shuangdao.errors",
    "TeamPosting": "shuangdao.model",
    "UnitKind": "shuangdao.model",
    "UnitLevel": "shuangdao.model",
    "UnknownReferenceError": "shuangdao.errors",
    "VillageIncomeHistory": "shuangdao.model",
    "advance": "shuangdao.rules.procedure",
    "assess": "shuangdao.rules.assessment",
    "assessment_consequences": "shuangdao.rules.accountability",
    "assessment_year": "shuangdao.calendar",
    "assign": "shuangdao.assignment",
    "assign_scattered": "shuangdao.assignment",
    "audit_funds": "shuangdao.rules.funding",
    "check_agreement": "shuangdao.rules.pairing",
    "check_cadre_load": "shuangdao.rules.pairing",
    "check_household_plan": "shuangdao.rules.pairing",
    "check_household_responsibility": "shuangdao.rules.pairing",
    "check_leader_village_link": "shuangdao.rules.pairing",
    "check_leadership_liaison": "shuangdao.rules.pairing",
    "check_village_assistance": "shuangdao.rules.pairing",
    "check_village_plan": "shuangdao.rules.pairing",
    "compare_per_capita": "shuangdao.quantities",
    "decide": "shuangdao.explain",
    "escalate": "shuangdao.rules.accountability",
    "evaluate_triggers": "shuangdao.rules.accountability",
    "fail_share_trigger": "shuangdao.rules.accountability",
    "follow_up_check": "shuangdao.rules.follow_up",
    "follow_up_end": "shuangdao.calendar",
    "from_json": "shuangdao.serialize",
    "gap_report": "shuangdao.reports",
    "household_exit": "shuangdao.rules.progress",
    "is_settled": "shuangdao.calendar",
    "json_schema": "shuangdao.serialize",
    "make_converter": "shuangdao.serialize",
    "measures_sanctions": "shuangdao.rules.accountability",
    "money": "shuangdao.quantities",
    "overload_report": "shuangdao.reports",
    "plan_report": "shuangdao.reports",
    "provincial_subsidy": "shuangdao.rules.funding",
    "ratio": "shuangdao.quantities",
    "round_calendar": "shuangdao.calendar",
    "sanction_options": "shuangdao.rules.accountability",
    "scoring_model": "shuangdao.rules.assessment",
    "settle_county": "shuangdao.rules.settlement",
    "settle_round": "shuangdao.rules.settlement",
    "settle_village": "shuangdao.rules.settlement",
    "sources": "shuangdao.citations",
    "subsidy_schedule": "shuangdao.rules.funding",
    "to_json": "shuangdao.serialize",
    "track_household": "shuangdao.rules.progress",
    "village_exit": "shuangdao.rules.progress",
}
"""Names that left the top level in 0.2.0 (name → its topic module); they warn for one release."""

_RENAMED: Final = {
    "Action": ("shuangdao.model", "AccountabilityAction"),
    "Role": ("shuangdao.model", "OfficialRole"),
    "Side": ("shuangdao.model", "AssistanceSide"),
}
"""Generic names renamed in 0.2.0 (old → (module, new name)); they warn for one release."""


def __getattr__(name: str) -> object:
    """Import a top-level name on first use; serve a moved or renamed name, with a warning."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _MOVED:
        home, new = _MOVED[name], name
    elif name in _RENAMED:
        home, new = _RENAMED[name]
    else:
        raise AttributeError(f"module 'shuangdao' has no attribute {name!r}")
    warnings.warn(
        f"shuangdao.{name} has moved to {home}.{new} (from {home} import {new}); "
        "the top-level name will be removed in the next release",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(home), new)


def __dir__() -> list[str]:
    """The module's attributes, the top-level names not yet imported included."""
    return sorted(set(globals()) | set(__all__))
