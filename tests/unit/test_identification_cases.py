"""Policy cases a reader can check: ``tests/cases/identification/*.toml``.

Each file is one case named as a sentence. Keys: ``rule`` (``round1.village``,
``round1.household``, ``round1.household_class``, ``round2.village``, ``round2.household``,
``round3.village``, ``round3.household``, ``statute.household``), ``source``, optional
``[overrides]``,
``[household]`` / ``[village]`` fields (ids default to ``h1`` / ``v1``; the income measure
follows the round), ``[context]`` (``in_key_village``, ``relatively_poor_persons``, ``on``),
``[standard]`` (the 2011 regulation's poverty standard: ``amount``, ``income_measure``; art. 7
fixes no number, so the caller supplies it) and ``[expected]`` with ``outcome``, ``code`` and
(a household class) ``value``, or ``error`` (an error class name).
"""

import tomllib
from pathlib import Path
from typing import Any

import pytest

from shuangdao import errors
from shuangdao.model import Household, PovertyStandard, Village
from shuangdao.rules import identification as ident
from shuangdao.standards import default_standards

CASES = sorted((Path(__file__).parent.parent / "cases" / "identification").glob("*.toml"))
MEASURE = {"round1": "net", "round2": "net", "round3": "disposable", "statute": "net"}


def _run(case):
    rule = case["rule"]
    standards = default_standards()
    if "overrides" in case:
        standards = standards.with_overrides(case["overrides"])
    measure = MEASURE[rule.split(".")[0]]
    context = case.get("context", {})
    village: Any = (
        Village(**{"village_id": "v1", "income_measure": measure, **case.get("village", {})})
        if "village" in case
        else None
    )
    household: Any = (
        Household(
            **{
                "household_id": "h1",
                "village_id": "v1",
                "income_measure": measure,
                **case.get("household", {}),
            }
        )
        if "household" in case
        else None
    )
    if rule == "round1.village":
        return ident.identify_village_round1(village, standards=standards)
    if rule == "round1.household":
        return ident.identify_household_round1(household, village=village, standards=standards)
    if rule == "round1.household_class":
        return ident.classify_household_round1(household, village=village, standards=standards)
    if rule == "round2.village":
        return ident.identify_village_round2(village, standards=standards)
    if rule == "round2.household":
        return ident.identify_household_round2(household, standards=standards, **context)
    if rule == "round3.village":
        return ident.identify_village_round3(village, standards=standards, **context)
    if rule == "round3.household":
        return ident.identify_household_round3(household, standards=standards)
    if rule == "statute.household":
        standard = PovertyStandard(**case["standard"]) if "standard" in case else None
        return ident.identify_household_statute(
            household, standards=standards, standard=standard, **context
        )
    raise AssertionError(f"unknown rule {rule}")


def test_cases_cover_every_round_and_the_statute():
    rules = {tomllib.loads(p.read_text("utf-8"))["rule"].split(".")[0] for p in CASES}
    assert rules == {"round1", "round2", "round3", "statute"}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path):
    case = tomllib.loads(path.read_text("utf-8"))
    assert case.get("source"), "every case names its published source"
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(getattr(errors, expected["error"])):
            _run(case)
        return
    decision = _run(case)
    assert decision.outcome is expected["outcome"]
    assert decision.code == expected["code"]
    assert decision.value == expected.get("value")  # a class, or none
    assert decision.deciding  # always names what decided it
