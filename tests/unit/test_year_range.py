"""The calendar-year range is declared once (``shuangdao.ingest.YEAR_RANGE``); every reader agrees.

Input cells, the model's year fields, the standards' year, date and year-keyed parameters, the
round calendar and the JSON Schemas' year pattern accept exactly the years of the range.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from shuangdao.errors import ShuangdaoError
from shuangdao.ingest import YEAR_RANGE, json_schema, parse_year
from shuangdao.ingest._jsonschema import _year_text
from shuangdao.model import AccountabilityRecord, CountyIndicators, HouseholdIncomeHistory
from shuangdao.standards import coerce_value, default_standards

FIRST, LAST = YEAR_RANGE
EDGES = [(FIRST - 1, False), (FIRST, True), (LAST, True), (LAST + 1, False)]


def accepts(build) -> bool:
    try:
        build()
    except ShuangdaoError:
        return False
    return True


def test_the_range_is_the_published_one():
    assert YEAR_RANGE == (1949, 2100)


@pytest.mark.parametrize(("year", "ok"), EDGES)
def test_the_input_grammar(year, ok):
    assert accepts(lambda: parse_year(str(year))) is ok


@pytest.mark.parametrize(("year", "ok"), EDGES)
def test_the_model_year_fields(year, ok):
    assert (
        accepts(
            lambda: AccountabilityRecord(
                body_id="K01", body_kind="area", level="county", assessment_number=1, year=year
            )
        )
        is ok
    )
    assert (
        accepts(
            lambda: CountyIndicators(
                county_id="K01",
                year=year,
                per_capita_gdp_growth="0.09",
                provincial_per_capita_gdp_growth="0.075",
                farmers_income="10500",
            )
        )
        is ok
    )
    assert (
        accepts(
            lambda: HouseholdIncomeHistory(
                household_id="h1", village_id="v1", members=4, income_by_year={year: "5000"}
            )
        )
        is ok
    )


@pytest.mark.parametrize(("year", "ok"), EDGES)
def test_the_standards_parameters(year, ok):
    s = default_standards()
    by_type = {p.type.name: p for p in s.parameters.values()}
    assert accepts(lambda: coerce_value(by_type["YEAR"], year)) is ok
    assert accepts(lambda: coerce_value(by_type["MONEY_BY_YEAR"], {str(year): "100"})) is ok
    first_day, last_day = dt.date(year, 1, 1), dt.date(year, 12, 31)
    assert accepts(lambda: coerce_value(by_type["DATE"], first_day.isoformat())) is ok
    assert accepts(lambda: coerce_value(by_type["DATE"], last_day.isoformat())) is ok


def test_the_json_schema_year_pattern_is_the_range():
    pattern = re.compile(_year_text(*YEAR_RANGE))
    accepted = {y for y in range(10_000) if pattern.match(f"{y:04d}")}
    assert accepted == set(range(FIRST, LAST + 1))
    from shuangdao import model
    from shuangdao.ingest import RECORDS

    schemas = json.dumps([json_schema(getattr(model, name)) for name in RECORDS])
    assert json.dumps(_year_text(*YEAR_RANGE))[1:-1] in schemas  # a year cell uses it


@pytest.mark.parametrize(("low", "high"), [(1000, 9999), (1949, 1949), (1950, 2049), (1234, 5678)])
def test_the_year_pattern_builder_matches_exactly_its_range(low, high):
    pattern = re.compile(_year_text(low, high))
    assert {y for y in range(1000, 10_000) if pattern.match(str(y))} == set(range(low, high + 1))
