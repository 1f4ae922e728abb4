"""Accountability policy cases a reader can check: ``tests/cases/accountability/*.toml``.

Each file is one case named as a sentence, with ``title`` (the sentence), ``source`` (the
published source ids), ``rule`` (below), ``[input]``, ``[expected]`` and optional
``[overrides]`` (standards overrides, e.g. to switch on the recalled ladder).

Rules and their inputs:

* ``accountability.fail_share`` — ``area``, optional ``level`` (city, county, township),
  ``assessment_number``, ``failed``, ``total``; reports ``outcome``, ``code``, ``mechanism``.
* ``accountability.leader_village`` — ``area``, ``leaders``, ``links`` (leader → village);
  reports ``outcome``, ``code``, ``without_village``.
* ``accountability.coverage`` — ``official`` (an Official's fields); reports ``outcome``.
* ``accountability.assessments`` — ``body`` (``body_id``, ``body_kind``, ``level``, optional
  ``side``), ``officials`` (a list of Official fields, may be empty) and ``assessments``
  (oldest first: AccountabilityRecord fields, with ``aggravations`` as ``{official_id,
  factor}``, ``sanctions_chosen`` as ``{official_id, sanction}`` and ``irregularities`` as
  FundingIrregularity fields without ``body_id``). Each assessment is
  decided with the ones before it as history (:func:`~shuangdao.rules.accountability.escalate`).
  Reports, for the **last** assessment: ``decisions`` (``"mechanism:action:who"``, who = the
  official id or the role), ``options`` (the 2011 alternatives), ``sanction_options`` and
  ``sanction`` (of the first 2010 sanction decision), ``aggravating``; and for every
  assessment: ``per_assessment`` (its ``"mechanism:action"`` list joined by ``+``, ``"none"``
  when nothing) and ``ladder`` (its recalled-ladder steps, ``"none"`` when none).

``[expected]`` keys are compared when present; a failure names the case file and its source.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shuangdao.explain import Decision
from shuangdao.model import AdminArea
from shuangdao.model.accountability import (
    AccountabilityAction,
    AccountabilityRecord,
    ActionDecision,
    Aggravation,
    FundingIrregularity,
    Mechanism,
    Official,
    SanctionChoice,
)
from shuangdao.rules.accountability import (
    escalate,
    fail_share_trigger,
    is_covered,
    leader_village_trigger,
)
from shuangdao.standards import Standards, default_standards

ROOT = Path(__file__).parent.parent / "cases" / "accountability"
CASES = sorted(ROOT.glob("*.toml"))

Observed = dict[str, Any]


def _decision(decision: Decision) -> Observed:
    return {"outcome": decision.outcome, "code": decision.code}


def _fail_share(data: dict[str, Any], s: Standards) -> Observed:
    area: str | AdminArea = data.get("area", "K01")
    if "level" in data:
        area = AdminArea(area_id=str(area), level=data["level"], parent_id="P")
    decision = fail_share_trigger(
        area,
        assessment_number=data["assessment_number"],
        failed=data["failed"],
        total=data["total"],
        standards=s,
    )
    return {**_decision(decision), "mechanism": Mechanism.ACCOUNTABILITY_MEASURES.value}


def _leader_village(data: dict[str, Any], s: Standards) -> Observed:
    decision = leader_village_trigger(
        data.get("area", "K01"), links=data["links"], leaders=data["leaders"], standards=s
    )
    return {**_decision(decision), "without_village": decision.reasons[0].observed}


def _coverage(data: dict[str, Any], s: Standards) -> Observed:
    return _decision(is_covered(Official(**data["official"]), standards=s))


def _who(action: ActionDecision) -> str:
    return action.official_id or action.role.value


def _assessments(data: dict[str, Any], s: Standards) -> Observed:
    body = data["body"]
    officials = [Official(**entry) for entry in data.get("officials", [])]
    records = []
    for entry in data["assessments"]:
        fields = dict(entry)
        fields["aggravations"] = [Aggravation(**a) for a in fields.get("aggravations", [])]
        fields["sanctions_chosen"] = [
            SanctionChoice(**c) for c in fields.get("sanctions_chosen", [])
        ]
        fields["irregularities"] = [
            FundingIrregularity(body_id=body["body_id"], **i)
            for i in fields.get("irregularities", [])
        ]
        records.append(AccountabilityRecord(**body, **fields))
    per_assessment, ladder = [], []
    actions: tuple[ActionDecision, ...] = ()
    for index, new in enumerate(records):
        actions = escalate(records[:index], new, subject=officials, standards=s)
        per_assessment.append(
            "+".join(f"{a.mechanism.value}:{a.action.value}" for a in actions) or "none"
        )
        steps = [
            a.decision.code
            for a in actions
            if a.mechanism is Mechanism.RECALLED_LADDER and a.severity > 0
        ]
        ladder.append("+".join(steps) or "none")
    sanctions = [a for a in actions if a.action is AccountabilityAction.SANCTION]
    consequences = [a for a in actions if a.options]
    first = sanctions[0] if sanctions else None
    return {
        "decisions": [f"{a.mechanism.value}:{a.action.value}:{_who(a)}" for a in actions],
        "options": [o.value for o in consequences[0].options] if consequences else [],
        "sanction_options": [x.value for x in first.sanction_options] if first else [],
        "sanction": first.sanction.value if first and first.sanction else "none",
        "aggravating": [f.value for f in first.aggravating] if first else [],
        "per_assessment": per_assessment,
        "ladder": ladder,
    }


RULES: dict[str, Callable[[dict[str, Any], Standards], Observed]] = {
    "accountability.assessments": _assessments,
    "accountability.coverage": _coverage,
    "accountability.fail_share": _fail_share,
    "accountability.leader_village": _leader_village,
}


def test_there_are_cases() -> None:
    """The folder holds cases."""
    assert CASES, "no cases in tests/cases/accountability"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    """Run one case and compare every expected key."""
    case = tomllib.loads(path.read_text("utf-8"))
    where = f"{path.name} [{case.get('source', 'NO SOURCE')}]"
    for key in ("title", "source", "rule", "input", "expected"):
        assert case.get(key), f"{where}: missing {key!r}"
    assert case["rule"] in RULES, f"{where}: unknown rule {case['rule']!r}"
    standards = default_standards().with_overrides(case.get("overrides", {}))
    observed = RULES[case["rule"]](dict(case["input"]), standards)
    for key, expected in case["expected"].items():
        assert key in observed, f"{where}: rule {case['rule']} does not report {key!r}"
        assert observed[key] == expected, (
            f"{where}: {key} is {observed[key]!r}, expected {expected!r}"
        )
