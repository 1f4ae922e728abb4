"""Policy cases a reader can check: ``tests/cases/pairing/*.toml`` and ``tests/cases/funding/*.toml``.

Each file is one case named as a sentence, with ``title`` (the sentence), ``source`` (the
published sources), ``rule`` (a declared rule id, below), an optional ``on`` (the day
checked), optional ``[overrides]`` of the standards, ``[input]`` and ``[expected]``.

* The pairing rules (``pairing.*``) and the fund checks (``funding.unsigned``,
  ``funding.delayed``, ``funding.withheld``, ``funding.outside_plan``,
  ``funding.misdirected``) take their declared inputs (counts, flags, a plan's measures and
  target year, a payment's signatures); each case is decided by the scalar evaluator *and*
  the columnar one, which must agree.
* ``funding.provincial_subsidy`` — ``tier``, ``special_county``, ``assisted_by``;
  ``funding.housing_subsidy`` — ``housing_difficulty``, ``year``;
  ``regulation.poverty_relief_day`` — ``year``, expecting a ``date`` or an ``error``.

``[expected]`` keys compared when present: ``outcome``, ``code``, ``value`` (a Decimal as a
string), ``certainty``, ``note`` (text every reason's English note starts with), ``date``,
``error`` (the error class name), ``cites`` (a source every reason cites), ``citation_note``
(text every reason's citation note contains). A failure names the case file and its source.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from shuangdao import errors
from shuangdao.explain import Decision
from shuangdao.rules.funding import (
    MISUSE_RULES,
    housing_subsidy,
    poverty_relief_day,
    provincial_subsidy,
)
from shuangdao.rules.pairing import PAIRING_RULES
from shuangdao.standards import default_standards

ROOT = Path(__file__).parent.parent / "cases"
CASES = sorted(path for area in ("pairing", "funding") for path in (ROOT / area).glob("*.toml"))
RULES = {rule.id: rule for rule in (*PAIRING_RULES, *MISUSE_RULES)}


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, list):
            column = np.empty(1, dtype=object)
            column[0] = tuple(value)
            columns[name] = column
        else:
            columns[name] = np.array([value])
    return columns


def _pairing(case: dict[str, Any], standards: Any) -> Decision:
    rule = RULES[case["rule"]]
    bound = rule.bind(standards, on=case.get("on"))
    decision = bound.decide(subject_id="case", **case["input"])
    columnar = bound.evaluate(_columns(case["input"]))
    assert columnar.outcome.tolist() == [decision.outcome]
    assert columnar.codes().to_pylist() == [decision.code]
    return decision


def _decide(case: dict[str, Any]) -> Decision | dt.date:
    standards = default_standards().with_overrides(case.get("overrides", {}))
    rule, given = case["rule"], case["input"]
    if rule in RULES:
        return _pairing(case, standards)
    if rule == "funding.provincial_subsidy":
        return provincial_subsidy("case", standards=standards, **given)
    if rule == "funding.housing_subsidy":
        return housing_subsidy("case", standards=standards, **given)
    if rule == "regulation.poverty_relief_day":
        return poverty_relief_day(given["year"], standards=standards)
    raise AssertionError(f"unknown rule {rule}")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_policy_case(path: Path) -> None:
    case = tomllib.loads(path.read_text("utf-8"))
    expected = case["expected"]
    where = f"{path.name} ({case['source']})"
    assert case["title"], where
    assert case["source"], where
    if "error" in expected:
        with pytest.raises(getattr(errors, expected["error"])):
            _decide(case)
        return
    result = _decide(case)
    if "date" in expected:
        assert result == expected["date"], where
        return
    assert isinstance(result, Decision)
    if "outcome" in expected:
        assert result.outcome is expected["outcome"], where
    if "code" in expected:
        assert result.code == expected["code"], where
    if "value" in expected:
        assert result.value == Decimal(expected["value"]), where
    if "certainty" in expected:
        assert result.certainty.value == expected["certainty"], where
    if "note" in expected:
        assert all(r.note_en.startswith(expected["note"]) for r in result.reasons), where
    if "cites" in expected:
        assert all(expected["cites"] in r.citation.source_ids for r in result.reasons), where
    if "citation_note" in expected:
        assert all(expected["citation_note"] in r.citation.note for r in result.reasons), where


def test_every_area_has_cases() -> None:
    assert {p.parent.name for p in CASES} == {"pairing", "funding"}
