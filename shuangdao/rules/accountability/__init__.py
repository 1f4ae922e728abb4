"""Accountability (问责): two mechanisms, kept apart, and who each holds to account.

"Responsibility to the person" (责任到人) has teeth through two different texts:

* **The 2011 assessment rules** (《“双到”工作考核评估办法》, S36; seed article p. 5): the
  principal and responsible leaders of a city, county or assisting unit *rated failing* at
  the annual assessment get a circulated notice (通报), are named (点名) or are called to a
  one-to-one coaching interview (单兵教练约谈) — alternatives, chosen by the assessing body.
  :func:`failed_assessment_trigger` decides the rating's condition and
  :func:`assessment_consequences` returns the options for each addressee.
* **The 2010 accountability measures** (《广东省扶贫开发工作问责暂行办法》, S8, S9, S10, S13):
  when one of nine situations occurs — failing villages reach 50 % / 40 % / 20 % at the
  1st / 2nd / 3rd assessment (:func:`fail_share_trigger`), the leadership did not each take
  charge of a village (:func:`leader_village_trigger`), no local fiscal guarantee
  (:func:`fiscal_guarantee_trigger`), a fund or poor-list situation (:func:`funds_triggers`);
  :func:`evaluate_triggers` runs them all — the leaders named in art. 2 (:func:`is_covered`)
  are held to account with the art. 9 sanctions: public apology (alone or combined),
  suspension for self-examination, resignation, ordered resignation, removal from post
  (免职). :func:`sanction_options` returns them, mildest first (the order is recalled),
  made heavier by aggravating factors; :func:`measures_sanctions` applies the measures to an
  assessment, with referrals and the team's loss of that year's awards. A trigger at the
  first assessment can lead to removal from post. The seed's dismissals (撤职) are a
  disciplinary sanction, not 免职.

:func:`escalate` applies both to a body's new assessment and says in every decision which
one applies (:class:`~shuangdao.model.accountability.Mechanism`). An escalation across
assessments (notice → naming → interview → sanction) is recalled at most: it is an optional
reading, off by default (``accountability.ladder_enabled``).

The situations of the measures are declared once (:data:`TRIGGER_RULES`,
:class:`shuangdao.declare.Rule` s with this package's criterion kinds :class:`FailShare` and
:class:`Count`); the scalar rules and the columnar evaluator
(:func:`evaluate_trigger_columns`, the rules' :meth:`~shuangdao.declare.BoundRule.evaluate`)
read the same declarations, and :func:`mechanism_table` lays both mechanisms side by side for
readers.

The records (:class:`~shuangdao.model.accountability.AccountabilityRecord`,
:class:`~shuangdao.model.accountability.Official`...) live in
:mod:`shuangdao.model.accountability`.

.. versionchanged:: 0.2.0 split into a package by idea; the records moved to
   :mod:`shuangdao.model.accountability` (importing them from here still works for one
   release, with a :class:`DeprecationWarning`); ``Side``, ``Role`` and ``Action`` are now
   ``AssistanceSide``, ``OfficialRole`` and ``AccountabilityAction``.

Example:
    >>> from shuangdao.rules.accountability import fail_share_trigger
    >>> d = fail_share_trigger("K01", assessment_number=1, failed=12, total=20)
    >>> d.outcome
    True
    >>> print(d.title_en)
    case for accountability under the 2010 accountability measures (too many failing villages)
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any, Final

from shuangdao.rules.accountability._columnar import (
    TriggerColumns,
    evaluate_trigger_columns,
    fail_share_columns,
)
from shuangdao.rules.accountability._common import BodyRef
from shuangdao.rules.accountability._consequences import (
    assessment_consequences,
    failed_assessment_trigger,
)
from shuangdao.rules.accountability._coverage import is_covered
from shuangdao.rules.accountability._escalate import escalate
from shuangdao.rules.accountability._mechanisms import (
    MechanismCell,
    MechanismRow,
    mechanism_table,
)
from shuangdao.rules.accountability._sanctions import measures_sanctions, sanction_options
from shuangdao.rules.accountability._scale import severity_scale
from shuangdao.rules.accountability._triggers import (
    FAIL_SHARE,
    FISCAL_GUARANTEE,
    FUND_SITUATIONS,
    LEADER_VILLAGE,
    TRIGGER_RULES,
    Count,
    FailShare,
    evaluate_triggers,
    fail_share_trigger,
    fiscal_guarantee_trigger,
    funds_triggers,
    leader_village_trigger,
)

__all__ = [
    "BodyRef",
    "Count",
    "FAIL_SHARE",
    "FISCAL_GUARANTEE",
    "FUND_SITUATIONS",
    "FailShare",
    "LEADER_VILLAGE",
    "MechanismCell",
    "MechanismRow",
    "TRIGGER_RULES",
    "TriggerColumns",
    "assessment_consequences",
    "escalate",
    "evaluate_trigger_columns",
    "evaluate_triggers",
    "fail_share_columns",
    "fail_share_trigger",
    "failed_assessment_trigger",
    "fiscal_guarantee_trigger",
    "funds_triggers",
    "is_covered",
    "leader_village_trigger",
    "measures_sanctions",
    "mechanism_table",
    "sanction_options",
    "severity_scale",
]

_MOVED: Final = {
    "AccountabilityRecord": "AccountabilityRecord",
    "ActionDecision": "ActionDecision",
    "AggravatingFactor": "AggravatingFactor",
    "Aggravation": "Aggravation",
    "BodyKind": "BodyKind",
    "FundingIrregularity": "FundingIrregularity",
    "IrregularityKind": "IrregularityKind",
    "LEVELS": "LEVELS",
    "LeaderLink": "LeaderLink",
    "Official": "Official",
    "Sanction": "Sanction",
    "TriggerKind": "TriggerKind",
    "Side": "AssistanceSide",
    "Role": "OfficialRole",
    "Action": "AccountabilityAction",
}
"""Names that moved to :mod:`shuangdao.model.accountability` (old name → new name)."""


def __getattr__(name: str) -> Any:
    """Serve the moved names for one more release, with a :class:`DeprecationWarning`."""
    new = _MOVED.get(name)
    if new is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    target = f"shuangdao.model.accountability.{new}"
    warnings.warn(
        f"shuangdao.rules.accountability.{name} moved to {target}; "
        "the old name will be removed in the next release",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module("shuangdao.model.accountability"), new)
