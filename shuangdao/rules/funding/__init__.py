"""Funding rules: subsidies, the misuse of funds, the poverty relief day — each declared once.

Every decision here is a :class:`~shuangdao.declare.Rule` read by two evaluators: a function
deciding one record (an explained :class:`~shuangdao.explain.Decision`) and the columnar
evaluator deciding a table (``RULE.bind(standards).evaluate(columns)``, money in integer fen).

**Subsidies.**

* :func:`provincial_subsidy` (:data:`PROVINCIAL_SUBSIDY`; many villages:
  :func:`subsidy_columns`) and :func:`subsidy_schedule` — round 2's provincial subsidy for key
  villages (S2, rule R10): 900k / 750k / 600k yuan by tier, 1M in a former Central-Soviet or
  minority autonomous county, paid in 2013 and 2014. The tier thresholds were never
  published, so the tier is an *input*; the split between the two instalments was never
  published either (``funding.subsidy_instalment_shares``, assumed 50/50).
* :func:`housing_subsidy` (:data:`HOUSING_SUBSIDY`) — 10,000 yuan per low-income household with
  housing difficulties, in the five years from 2011 (S13: 2011–2015, the end of round 1 and
  the whole of round 2).

**The misuse checks** of the 问责 rules (S10), each over a
:class:`~shuangdao.model.FundingLedger`, whose outcome is **true when the misuse is found**:

* :func:`check_unsigned_funds` (:data:`UNSIGNED_FUNDS`) — funds not signed for by the village
  head and household head;
* :func:`check_delayed_funds` (:data:`DELAYED_FUNDS`) — paid out later than a time limit after
  allocation (the limit was never published: ``limit_days`` or
  ``funding.disbursement_limit_days``, required);
* :func:`check_withheld_funds` (:data:`WITHHELD_FUNDS`) — allocated but not (fully) paid out
  by a date;
* :func:`check_outside_plan` (:data:`OUTSIDE_PLAN`) — no spending plan, or spent on a purpose
  outside the recipient's plan measures;
* :func:`check_misdirected_funds` (:data:`MISDIRECTED_FUNDS`) — approved for a recipient that
  is not an assisted village or household.

A decision's code is the situation found (``not_signed_for``, ``no_spending_plan``...) or
``ok``; :func:`misuse_codes` gives the codes of a whole table. :func:`audit_funds` runs every
check it has inputs for and returns :class:`~shuangdao.model.FundingFinding` records. Their
kinds are the one vocabulary the accountability triggers read
(:class:`~shuangdao.model.accountability.IrregularityKind`): a finding passes straight to
:func:`~shuangdao.rules.accountability.funds_triggers`, or becomes evidence against a body
with :meth:`~shuangdao.model.accountability.FundingIrregularity.from_finding`.

**Guangdong Poverty Relief Day** (广东扶贫济困日, :data:`POVERTY_RELIEF_DAY`):
:func:`poverty_relief_day` gives 30 June of a year from 2010 on (regulation art. 6).

:func:`published_project_counts` checks the seed's project arithmetic
(18,101 + 2,938 + 1,559 + 6,270 = 28,868).

.. versionchanged:: 0.2.0 Split by idea into private modules (subsidies, misuse checks, the
   audit, the relief day); the records (``AssistedBy``, ``Instalment``, ``FundingFinding``,
   ``FundingAudit``) moved to :mod:`shuangdao.model` and keep working here for one release
   with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

from shuangdao.rules.funding._audit import audit_funds, finding_from
from shuangdao.rules.funding._misuse import (
    DELAYED_FUNDS,
    MISDIRECTED_FUNDS,
    MISUSE_RULES,
    OUTSIDE_PLAN,
    UNSIGNED_FUNDS,
    WITHHELD_FUNDS,
    check_delayed_funds,
    check_misdirected_funds,
    check_outside_plan,
    check_unsigned_funds,
    check_withheld_funds,
    misuse_codes,
)
from shuangdao.rules.funding._published import published_project_counts
from shuangdao.rules.funding._relief_day import POVERTY_RELIEF_DAY, AnnualDay, poverty_relief_day
from shuangdao.rules.funding._subsidy import (
    HOUSING_SUBSIDY,
    PROVINCIAL_SUBSIDY,
    housing_subsidy,
    provincial_subsidy,
    subsidy_columns,
    subsidy_schedule,
)

__all__ = [
    "AnnualDay",
    "DELAYED_FUNDS",
    "HOUSING_SUBSIDY",
    "MISDIRECTED_FUNDS",
    "MISUSE_RULES",
    "OUTSIDE_PLAN",
    "POVERTY_RELIEF_DAY",
    "PROVINCIAL_SUBSIDY",
    "UNSIGNED_FUNDS",
    "WITHHELD_FUNDS",
    "audit_funds",
    "check_delayed_funds",
    "check_misdirected_funds",
    "check_outside_plan",
    "check_unsigned_funds",
    "check_withheld_funds",
    "finding_from",
    "housing_subsidy",
    "misuse_codes",
    "poverty_relief_day",
    "provincial_subsidy",
    "published_project_counts",
    "subsidy_columns",
    "subsidy_schedule",
]

_MOVED = {
    "AssistedBy": "shuangdao.model.funding",
    "Instalment": "shuangdao.model.funding",
    "FundingFinding": "shuangdao.model.funding_audit",
    "FundingAudit": "shuangdao.model.funding_audit",
}


def __getattr__(name: str) -> Any:
    """Moved records (and ``MisuseKind``, removed in 0.2.0) resolve with a warning."""
    if name == "MisuseKind":
        warnings.warn(
            "shuangdao.rules.funding.MisuseKind is replaced by the one vocabulary "
            "shuangdao.model.accountability.IrregularityKind (UNSIGNED → NOT_SIGNED_FOR, "
            "DELAYED → DELAYED_FUNDS, WITHHELD → WITHHELD_FUNDS, OUTSIDE_PLAN → "
            "NO_SPENDING_PLAN or MISUSED_FUNDS, MISDIRECTED → MISDIRECTED_APPROVAL); "
            "the old name will be removed in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        from shuangdao.model.accountability import IrregularityKind

        return IrregularityKind
    if name in _MOVED:
        module = _MOVED[name]
        warnings.warn(
            f"shuangdao.rules.funding.{name} moved to {module}.{name} (also exported by "
            "shuangdao.model); the old name will be removed in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
