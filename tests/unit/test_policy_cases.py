"""Policy cases a reader can check: ``tests/cases/cycle/*.toml``.

Each file is one case named as a sentence, with ``title`` (the sentence), ``source`` (the
published source ids, e.g. ``"S11 art. 1"``), ``rule`` (which function decides it, below),
``[input]`` and ``[expected]``. An optional ``xfail = "reason"`` marks a case that shows a
known bug (strict: the case must keep failing until the bug is fixed).

Rules and their inputs:

* ``progress.household_exit`` — ``members``, ``income``, ``round``, ``year``, optional
  ``targets`` (the round's non-income targets by input name; absent: not assessed).
* ``progress.household_exit_line`` — ``round``, ``year``; ``value`` is the per-capita line.
* ``progress.village_exit`` — ``round``, ``year``, ``collective_income``, ``per_capita_income``,
  optional ``targets``.
* ``progress.track_household`` — ``members``, ``round``, ``income_by_year``.
* ``settlement.village`` — ``round``, ``collective_income``, ``per_capita_income``, optional
  ``year``, and ``households`` (``members``, ``income``, optional ``count`` of identical
  households, ``has_labour_capacity`` and ``targets``), optional village ``targets``;
  ``value`` is the share of persons meeting the exit rule.
* ``progress.key_county`` — ``county_id``, ``year``, ``per_capita_gdp_growth``,
  ``provincial_per_capita_gdp_growth``, ``farmers_income``; ``[overrides]`` of the case
  supply the unpublished income share.
* ``progress.is_key_county`` — ``name``; ``outcome`` is whether it is one of the 21, ``value``
  its pinyin.
* ``acceptance.recheck`` — ``figures``: one table per figure with ``record_id``, ``item``,
  ``reported`` and, for the records drawn, ``rechecked``; ``seed``. The sample is the records
  with a re-checked figure (the draw itself has its own cases); ``value`` is the number of
  disagreeing figures, ``code`` ``stands`` or ``overturned``.
* ``acceptance.sample_size`` — ``population``; ``value`` is the number of records drawn.
* ``acceptance.appraisal`` — ``village_id``, ``item``, ``participants``, ``in_favour``;
  ``value`` is the achievement passed to the assessment.
* ``assessment.indicator_points`` — ``round``, ``subject``, ``indicator`` (an indicator of the
  shipped scoring model), ``achieved``; ``value`` is the points, ``outcome`` whether it is met.
* ``follow_up.check`` — ``round``, ``on``, ``following_unit``, ``original_unit`` and
  ``households`` (``household_id``, ``members``, ``income_by_year``).

The accountability cases (``tests/cases/accountability``) have their own runner,
``test_accountability_cases.py``.

An optional ``[overrides]`` table sets standards parameters for the case. ``[expected]`` may
be ``error`` (an error class name of :mod:`shuangdao.errors`) instead.

``[expected]`` keys compared when present: ``outcome``, ``code``, ``value`` (a Decimal written
as a string), ``deciding``, ``not_assessed`` (the criteria not assessed, in order); and per rule ``weight``, ``first_exit_year``, ``relapse_years``,
``stable``. A failure names the case file and its source.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shuangdao import errors
from shuangdao import model as records
from shuangdao.calendar import round_calendar
from shuangdao.explain import Decision
from shuangdao.rules import (
    acceptance,
    assessment,
    follow_up,
    key_counties,
    progress,
    settlement,
)
from shuangdao.standards import default_standards

ROOT = Path(__file__).parent.parent / "cases"
AREAS = ("acceptance", "cycle")
CASES = sorted(path for area in AREAS for path in (ROOT / area).glob("*.toml"))

Observed = dict[str, Any]


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"))


def _decision(decision: Decision) -> Observed:
    return {
        "outcome": decision.outcome,
        "code": decision.code,
        "value": decision.value,
        "deciding": list(decision.deciding),
        "not_assessed": list(decision.not_assessed),
    }


def _household_exit(data: dict[str, Any]) -> Observed:
    year = data["year"]
    return _decision(
        progress.household_exit(
            data.get("household_id", "h1"),
            members=data["members"],
            income_by_year={year: data["income"]},
            round=data["round"],
            year=year,
            **data.get("targets", {}),
        )
    )


def _household_exit_line(data: dict[str, Any]) -> Observed:
    line = progress.household_exit_line(data["year"], round=data["round"])
    return {"value": line.line}


def _village(data: dict[str, Any], year: int) -> records.VillageIncomeHistory:
    per_capita = data.get("per_capita_income")
    return records.VillageIncomeHistory(
        village_id=data.get("village_id", "v1"),
        collective_income_by_year={year: data["collective_income"]},
        per_capita_income_by_year={} if per_capita is None else {year: per_capita},
        **data.get("targets", {}),
    )


def _village_exit(data: dict[str, Any]) -> Observed:
    year = data["year"]
    village = _village(data, year)
    return _decision(progress.village_exit(village, round=data["round"], year=year))


def _track_household(data: dict[str, Any]) -> Observed:
    track = progress.track_household(
        data.get("household_id", "h1"),
        members=data["members"],
        income_by_year=data["income_by_year"],
        round=data["round"],
    )
    return {
        "outcome": track.exited,
        "first_exit_year": track.first_exit_year,
        "relapse_years": list(track.relapse_years),
        "stable": track.stable,
    }


def _settlement_village(data: dict[str, Any]) -> Observed:
    year = data.get("year", round_calendar(data["round"]).settlement_income_year)
    village = _village(data, year)
    households = [
        records.HouseholdIncomeHistory(
            household_id=f"h{group + 1}-{index + 1}",
            village_id=village.village_id,
            members=entry["members"],
            income_by_year={year: entry["income"]},
            has_labour_capacity=entry.get("has_labour_capacity", True),
            **entry.get("targets", {}),
        )
        for group, entry in enumerate(data["households"])
        for index in range(entry.get("count", 1))
    ]
    return _decision(
        settlement.settle_village(village, households=households, round=data["round"], year=year)
    )


def _key_county(data: dict[str, Any], standards: Any = None) -> Observed:
    indicators = records.CountyIndicators(**data)
    return _decision(key_counties.key_county_targets(indicators, standards=standards))


def _is_key_county(data: dict[str, Any]) -> Observed:
    county = key_counties.find_key_county(data["name"])
    return {"outcome": county is not None, "value": None if county is None else county.pinyin}


def _recheck(data: dict[str, Any], standards: Any = None) -> Observed:
    figures = data["figures"]
    reported = [
        records.SurveyFigure(record_id=f["record_id"], item=f["item"], value=f["reported"])
        for f in figures
    ]
    rechecked = [
        records.SurveyFigure(record_id=f["record_id"], item=f["item"], value=f["rechecked"])
        for f in figures
        if "rechecked" in f
    ]
    drawn = tuple(dict.fromkeys(f.record_id for f in rechecked))
    population = len({f.record_id for f in reported})
    sample = records.RecheckSample(seed=data["seed"], population=population, record_ids=drawn)
    decision = acceptance.recheck(
        reported, rechecked, sample=sample, subject_id="case", standards=standards
    )
    return _decision(decision)


def _sample_size(data: dict[str, Any], standards: Any = None) -> Observed:
    return {"value": acceptance.recheck_sample_size(data["population"], standards=standards)}


def _appraisal(data: dict[str, Any], standards: Any = None) -> Observed:
    return _decision(acceptance.appraise(records.DemocraticAppraisal(**data), standards=standards))


def _indicator_points(data: dict[str, Any]) -> Observed:
    model = assessment.scoring_model(data["round"], data["subject"])
    indicator = model.indicator(data["indicator"])
    result = records.IndicatorResult(indicator.id, achieved=data["achieved"])
    points, met = assessment.indicator_points(indicator, result)
    return {"value": points, "outcome": met, "weight": indicator.weight}


def _follow_up_check(data: dict[str, Any]) -> Observed:
    village_id = data.get("village_id", "v1")
    households = [
        records.HouseholdIncomeHistory(
            household_id=entry["household_id"],
            village_id=village_id,
            members=entry["members"],
            income_by_year=entry["income_by_year"],
        )
        for entry in data["households"]
    ]
    on: dt.date = data["on"]
    return _decision(
        follow_up.follow_up_check(
            village_id,
            exited_households=households,
            following_unit_id=data["following_unit"],
            original_unit_id=data["original_unit"],
            on=on,
            round=data["round"],
        )
    )


RULES: dict[str, Callable[[dict[str, Any]], Observed]] = {
    "acceptance.appraisal": _appraisal,
    "acceptance.recheck": _recheck,
    "acceptance.sample_size": _sample_size,
    "assessment.indicator_points": _indicator_points,
    "follow_up.check": _follow_up_check,
    "progress.household_exit": _household_exit,
    "progress.household_exit_line": _household_exit_line,
    "progress.is_key_county": _is_key_county,
    "progress.key_county": _key_county,
    "progress.track_household": _track_household,
    "progress.village_exit": _village_exit,
    "settlement.village": _settlement_village,
}


def _run(case: dict[str, Any]) -> Observed:
    if "overrides" in case:
        standards = default_standards().with_overrides(case["overrides"])
        return RULES[case["rule"]](dict(case["input"]), standards)  # type: ignore[call-arg]
    return RULES[case["rule"]](dict(case["input"]))


def _same(actual: object, expected: object) -> bool:
    if isinstance(actual, Decimal) and isinstance(expected, str):
        return actual == Decimal(expected)
    return actual == expected


def _param(path: Path) -> Any:
    case = _load(path)
    marks = []
    if "xfail" in case:
        marks.append(pytest.mark.xfail(strict=True, reason=str(case["xfail"])))
    return pytest.param(path, id=f"{path.parent.name}/{path.stem}", marks=marks)


def test_there_are_cases_for_the_cycle() -> None:
    for area in AREAS:
        assert list((ROOT / area).glob("*.toml")), f"no cases in tests/cases/{area}"


@pytest.mark.parametrize("path", [_param(p) for p in CASES])
def test_case(path: Path) -> None:
    case = _load(path)
    where = f"{path.parent.name}/{path.name} [{case.get('source', 'NO SOURCE')}]"
    for key in ("title", "source", "rule", "input", "expected"):
        assert case.get(key), f"{where}: missing {key!r}"
    assert case["rule"] in RULES, f"{where}: unknown rule {case['rule']!r}"
    if "error" in case["expected"]:
        with pytest.raises(getattr(errors, case["expected"]["error"])):
            _run(case)
        return
    observed = _run(case)
    for key, expected in case["expected"].items():
        assert key in observed, f"{where}: rule {case['rule']} does not report {key!r}"
        actual = observed[key]
        assert _same(actual, expected), f"{where}: {key} is {actual!r}, expected {expected!r}"
