"""Accountability records (问责): who may be held to account, the evidence, and the outcome.

Two mechanisms hold leaders to account for the 双到 work, and the records below serve both
(the rules are in :mod:`shuangdao.rules.accountability`):

* the **2011 assessment rules** (考核评估办法, S36; seed article p. 5): the leaders of a city,
  county or assisting unit *rated failing* get a circulated notice, naming or a one-to-one
  coaching interview — alternatives, chosen by the assessing body;
* the **2010 accountability measures** (问责暂行办法, S8, S9, S10, S13): when one of the nine
  situations occurs, the leaders named in art. 2 are held to account with the art. 9
  sanctions, made heavier by aggravating factors.

:class:`Mechanism` names them (plus the recalled escalation ladder, an optional reading that
is off by default); every :class:`ActionDecision` says which one it applies.

The vocabulary (:class:`AssistanceSide`, :class:`BodyKind`, :class:`OfficialRole`,
:class:`AccountabilityAction`, :class:`Sanction`, :class:`AggravatingFactor`,
:class:`IrregularityKind`, :class:`TriggerKind`) is shared by the rules and the funding checks
(:mod:`shuangdao.rules.funding` reports its findings as :class:`IrregularityKind`).

.. versionadded:: 0.2.0 moved here from ``shuangdao.rules.accountability`` (the old import
   path warns for one release); ``Side``, ``Role`` and ``Action`` are now
   :class:`AssistanceSide`, :class:`OfficialRole` and :class:`AccountabilityAction`.
"""

from __future__ import annotations

# The records, split by idea: who (``_bodies``), which text and condition (``_mechanisms``),
# what it calls for (``_consequences``), the evidence (``_evidence``), one body's year
# (``_record``) and the outcome (``_decision``). ``LEVEL_ZH``, ``LADDER_ACTIONS``, ``ordinal``
# and ``check_counts`` are shared with :mod:`shuangdao.rules.accountability` (not in ``__all__``).
from shuangdao.model.accountability._bodies import (
    LEVEL_ZH as LEVEL_ZH,
)
from shuangdao.model.accountability._bodies import (
    LEVELS,
    AssistanceSide,
    BodyKind,
    Official,
    OfficialRole,
)
from shuangdao.model.accountability._consequences import (
    LADDER_ACTIONS as LADDER_ACTIONS,
)
from shuangdao.model.accountability._consequences import (
    AccountabilityAction,
    AggravatingFactor,
    Sanction,
)
from shuangdao.model.accountability._decision import ActionDecision
from shuangdao.model.accountability._decision import ordinal as ordinal
from shuangdao.model.accountability._evidence import (
    Aggravation,
    FundingIrregularity,
    LeaderLink,
    SanctionChoice,
)
from shuangdao.model.accountability._evidence import (
    check_counts as check_counts,
)
from shuangdao.model.accountability._mechanisms import IrregularityKind, Mechanism, TriggerKind
from shuangdao.model.accountability._record import AccountabilityRecord

__all__ = [
    "AccountabilityAction",
    "AccountabilityRecord",
    "ActionDecision",
    "AggravatingFactor",
    "Aggravation",
    "AssistanceSide",
    "BodyKind",
    "FundingIrregularity",
    "IrregularityKind",
    "LEVELS",
    "LeaderLink",
    "Mechanism",
    "Official",
    "OfficialRole",
    "Sanction",
    "SanctionChoice",
    "TriggerKind",
]
