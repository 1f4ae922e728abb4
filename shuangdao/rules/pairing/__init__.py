"""Responsibility and plans (责任到人、规划到户): every check declared once, evaluated twice.

Each rule is a :class:`~shuangdao.declare.Rule` declared next to the function that applies it
to a :class:`~shuangdao.model.ResponsibilityLedger` on a date (the scalar evaluator, one
subject → an explained :class:`~shuangdao.explain.Decision`). The same declaration decides
whole tables (the columnar evaluator): ``RULE.bind(standards, on=day).evaluate(columns)``
with the inputs below as numpy (or Arrow) columns, one row per subject —
:func:`shuangdao.reports.ledger_columns` builds them from a ledger, and the whole-round runner
from its own pairing plan.

=================================  ==============================================  =========
rule (declaration)                 criteria (in order) — inputs as columns          policy
=================================  ==============================================  =========
``pairing.village_assistance``     ``assisting_unit`` (``assisting_units`` >= 1),  S3, S4,
(:data:`VILLAGE_ASSISTANCE`)       ``work_team`` (``work_teams`` >= 1)             S17
``pairing.units_per_village``      ``units_per_village`` (``assisting_units`` <=   S3
(:data:`UNITS_PER_VILLAGE`)        ``pairing.max_units_per_village``)
``pairing.household_responsible``  ``responsible_cadre`` (``responsible_cadres``   S4
(:data:`HOUSEHOLD_RESPONSIBLE`)    >= 1), ``cadres_within_limit`` (<=
                                   ``pairing.max_cadres_per_household`` when
                                   ``pairing.responsible_cadres_limited``; off by
                                   default)
``pairing.cadre_load``             ``cadre_load`` (``households`` <=               S3, S4
(:data:`CADRE_LOAD`)               ``pairing.max_households_per_cadre``)
``pairing.household_plan``         ``has_plan``, ``measures_in_catalogue``         S4
``pairing.village_plan``           (``measures``), ``not_overdue``
(:data:`HOUSEHOLD_PLAN`,           (``target_year``)
:data:`VILLAGE_PLAN`)
``pairing.agreement``              ``agreement_signed``, ``yearly_commitment``     S16, S17
(:data:`AGREEMENT`)                (booleans) — duties from 2012-01-01
``pairing.leadership_liaison``     ``liaison_leader`` (``liaison_leaders`` >= 1)   SEED p. 5
``pairing.leader_village_link``    ``leader_village`` (``villages`` >= 1)          S9, SEED
=================================  ==============================================  =========

**Limits flag, they never refuse.** The ledger keeps structural invariants only; a village
with more units than ``pairing.max_units_per_village`` or a cadre with more households than
``pairing.max_households_per_cadre`` is recorded, and these rules flag it (see
:func:`shuangdao.reports.limit_report` and :func:`~shuangdao.reports.overload_report`).

**A named responsible person: at least one.** Every poor household has a named responsible
person (S4); no source caps how many. A household with two responsible cadres passes; a cap
is an explicit, assumed parameter (``pairing.responsible_cadres_limited``, off by default).

**Duties from dated texts apply from their effective date.** The assistance agreement with
yearly commitments comes from the 2011 regulation (ch. 3, S17), in force from
``regulation.in_force`` (2012-01-01, S16): before that day the agreement criteria hold and
say "not yet in force", so a round-1 pairing of 2010 needs no agreement.

The cadre:household ratio was never published (no source gives one): ``check_cadre_load`` needs
``max_households=`` or an override of ``pairing.max_households_per_cadre``, otherwise it
raises :class:`~shuangdao.errors.MissingParameterError` with a hint. A plan is *current*
on a date when it is the latest plan made on or before it (a plan without ``made_on``
counts as made before any date); it is overdue after 31 December of its target year
(``pairing.plan_due_month_day``). Measures must come from ``pairing.measure_catalogue``.

Example:
    >>> import datetime as dt
    >>> import numpy as np
    >>> from shuangdao.model import ResponsibilityLedger
    >>> ledger = ResponsibilityLedger.create(villages=["V1"], households={"H1": "V1"})
    >>> d = check_household_responsibility("H1", ledger=ledger, on=dt.date(2011, 1, 1))
    >>> d.outcome, d.code
    (False, 'not:responsible_cadre')
    >>> e = HOUSEHOLD_RESPONSIBLE.bind().evaluate({"responsible_cadres": np.array([0, 1, 2])})
    >>> e.outcome.tolist()
    [False, True, True]
"""

from __future__ import annotations

from typing import Final

from shuangdao.rules.pairing._agreements import AGREEMENT, agreement_inputs, check_agreement
from shuangdao.rules.pairing._households import (
    CADRE_LOAD,
    HOUSEHOLD_RESPONSIBLE,
    check_cadre_load,
    check_household_responsibility,
    load_limit,
)
from shuangdao.rules.pairing._leaders import (
    LEADER_VILLAGE_LINK,
    LEADERSHIP_LIAISON,
    check_leader_village_link,
    check_leadership_liaison,
)
from shuangdao.rules.pairing._plans import (
    HOUSEHOLD_PLAN,
    VILLAGE_PLAN,
    check_household_plan,
    check_village_plan,
    current_plan,
    plan_inputs,
)
from shuangdao.rules.pairing._villages import (
    UNITS_PER_VILLAGE,
    VILLAGE_ASSISTANCE,
    check_units_per_village,
    check_village_assistance,
    units_limit,
)

__all__ = [
    "AGREEMENT",
    "CADRE_LOAD",
    "HOUSEHOLD_PLAN",
    "HOUSEHOLD_RESPONSIBLE",
    "LEADERSHIP_LIAISON",
    "LEADER_VILLAGE_LINK",
    "PAIRING_RULES",
    "RULE_IDS",
    "UNITS_PER_VILLAGE",
    "VILLAGE_ASSISTANCE",
    "VILLAGE_PLAN",
    "agreement_inputs",
    "check_agreement",
    "check_cadre_load",
    "check_household_plan",
    "check_household_responsibility",
    "check_leader_village_link",
    "check_leadership_liaison",
    "check_units_per_village",
    "check_village_assistance",
    "check_village_plan",
    "current_plan",
    "load_limit",
    "plan_inputs",
    "units_limit",
]


PAIRING_RULES: Final = (
    VILLAGE_ASSISTANCE,
    UNITS_PER_VILLAGE,
    HOUSEHOLD_RESPONSIBLE,
    CADRE_LOAD,
    HOUSEHOLD_PLAN,
    VILLAGE_PLAN,
    AGREEMENT,
    LEADERSHIP_LIAISON,
    LEADER_VILLAGE_LINK,
)
"""Every declared pairing rule."""

RULE_IDS: Final = {
    "village_assistance": VILLAGE_ASSISTANCE.id,
    "units_per_village": UNITS_PER_VILLAGE.id,
    "household_responsible": HOUSEHOLD_RESPONSIBLE.id,
    "cadre_load": CADRE_LOAD.id,
    "household_plan": HOUSEHOLD_PLAN.id,
    "village_plan": VILLAGE_PLAN.id,
    "agreement": AGREEMENT.id,
    "leadership_liaison": LEADERSHIP_LIAISON.id,
    "leader_village_link": LEADER_VILLAGE_LINK.id,
}
"""Stable rule ids of this module (read from the declarations)."""
