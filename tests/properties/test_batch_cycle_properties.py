"""Exit and settlement in batch == the object path, record for record, in every round.

Populations are generated with incomes at, and one fen either side of, every line: the
household exit line of each year (``line × members``, rounded up to the fen), the village
collective target and round 2's 60 % per-capita line. Some rows are made invalid on purpose;
they must be rejected (and only they), and decided + rejected = input.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangdao.batch import exit_status, settlement
from shuangdao.calendar import round_calendar
from shuangdao.errors import InvalidRecordError
from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory
from shuangdao.rules.progress import (
    EXIT,
    VILLAGE_TARGETS,
    household_exit,
    household_exit_line,
    track_household,
)
from shuangdao.rules.settlement import settle_county, settle_round, settle_village
from shuangdao.standards import default_standards

ROUNDS = (1, 2, 3)


def _fen_at_least(amount: Decimal) -> int:
    """The smallest number of fen not below ``amount`` yuan."""
    return math.ceil(amount * 100)


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


@st.composite
def _amount(draw: Any, line_fen: int, *, missing: bool = True) -> Decimal | None:
    kind = draw(st.sampled_from(["at", "at", "random", "none"] if missing else ["at", "random"]))
    if kind == "none":
        return None
    if kind == "random":
        return _yuan(draw(st.integers(0, 2 * line_fen + 100)))
    return _yuan(max(0, line_fen + draw(st.sampled_from([-1, 0, 1]))))


@st.composite
def populations(draw: Any, number: int) -> dict[str, Any]:
    """Villages and households of one round, with incomes around every line."""
    s = default_standards()
    calendar = round_calendar(number, standards=s)
    years = calendar.assessment_years
    year = calendar.settlement_income_year
    lines = {y: household_exit_line(y, round=number, standards=s).line for y in years}
    n_villages = draw(st.integers(1, 4))
    # non-income targets (issue 15): some columns present, cells yes / no / empty
    optional = EXIT[number].optional_inputs
    household_targets = sorted(draw(st.sets(st.sampled_from(optional)))) if optional else []
    village_rule = VILLAGE_TARGETS[number]
    village_targets = (
        sorted(draw(st.sets(st.sampled_from(village_rule.optional_inputs))))
        if village_rule.optional_inputs
        else []
    )
    villages = []
    for i in range(n_villages):
        row: dict[str, Any] = {
            "village_id": f"v{i}",
            "county_id": draw(st.sampled_from(["c1", "c2", None])),
        }
        if number in (1, 2):
            key = "round1" if number == 1 else "round2"
            target = s.value(f"{key}.village_collective_target")
            row[f"collective_income_{year}"] = draw(_amount(_fen_at_least(target), missing=False))
        if number == 2:
            share = s.value("round2.village_target_ratio")
            average = s.series_value("statistics.provincial_rural_income", year).value
            row[f"per_capita_income_{year}"] = draw(
                _amount(_fen_at_least(share * average), missing=False)
            )
        for name in village_targets:
            row[name] = draw(st.none() | st.booleans())
        villages.append(row)
    households = []
    invalid: set[str] = set()
    for i in range(draw(st.integers(0, 12))):
        members = draw(st.integers(1, 6))
        row = {
            "household_id": f"h{i}",
            "village_id": f"v{draw(st.integers(0, n_villages - 1))}",
            "members": members,
            "has_labour_capacity": draw(st.booleans()),
        }
        for y in years:
            row[f"income_{y}"] = draw(_amount(_fen_at_least(lines[y] * members)))
        for name in household_targets:
            row[name] = draw(st.none() | st.booleans())
        households.append(row)
        if draw(st.integers(0, 9)) == 0:
            row["members"] = 0
            invalid.add(row["household_id"])
    return {
        "villages": villages,
        "households": households,
        "invalid": invalid,
        "years": years,
        "year": year,
        "household_targets": household_targets,
        "village_targets": village_targets,
    }


def _table(rows: list[dict[str, Any]], as_text: bool) -> pa.Table:
    if not rows:
        return pa.table({})
    columns = {c: [r[c] for r in rows] for c in rows[0]}
    if as_text:
        columns = {
            c: [None if v is None else str(v) for v in vs]
            if c.startswith(("income", "coll", "per"))
            else vs
            for c, vs in columns.items()
        }
    return pa.table(columns)


def _household_table(rows: list[dict[str, Any]], years: tuple[int, ...], as_text: bool) -> pa.Table:
    if rows:
        return _table(rows, as_text)
    schema = {
        "household_id": pa.string(),
        "village_id": pa.string(),
        "members": pa.int64(),
        "has_labour_capacity": pa.bool_(),
        **{f"income_{y}": pa.string() for y in years},
    }
    return pa.table({k: pa.array([], t) for k, t in schema.items()})


@pytest.mark.parametrize("number", ROUNDS)
@given(data=st.data(), as_text=st.booleans())
def test_exit_equals_household_exit_record_for_record(
    number: int, data: st.DataObject, as_text: bool
) -> None:
    p = data.draw(populations(number))
    table = _household_table(p["households"], p["years"], as_text)
    result = exit_status(table, round=number)
    # decided + rejected = input; exactly the invalid rows are rejected
    assert result.households.num_rows + result.rejected.num_rows == len(p["households"])
    assert set(result.rejected.column("id").to_pylist()) == p["invalid"]
    exits = {(r["household_id"], r["year"]): r for r in result.exits.to_pylist()}
    wide = {r["household_id"]: r for r in result.households.to_pylist()}
    for h in p["households"]:
        if h["household_id"] in p["invalid"]:
            continue
        incomes = {y: h[f"income_{y}"] for y in p["years"] if h[f"income_{y}"] is not None}
        targets = {name: h[name] for name in p["household_targets"]}
        for y in p["years"]:
            if y not in incomes:
                assert (h["household_id"], y) not in exits
                continue
            d = household_exit(
                h["household_id"],
                members=h["members"],
                income_by_year=incomes,
                round=number,
                year=y,
                **targets,
            )
            row = exits[h["household_id"], y]
            assert (row["exited"], row["reason"], row["margin"], row["not_assessed"]) == (
                d.outcome,
                d.code,
                d.reason("household_income").margin,
                "+".join(d.not_assessed) or None,
            )
        t = track_household(
            h["household_id"],
            members=h["members"],
            income_by_year=incomes,
            round=number,
            **targets,
        )
        row = wide[h["household_id"]]
        assert row["first_exit_year"] == t.first_exit_year
        assert tuple(row["relapse_years"]) == t.relapse_years
        assert tuple(row["missing_years"]) == t.missing_years
        assert row["above_at_end"] == t.above_at_end


def _expected(call: Any) -> tuple[bool | None, str, Decimal | None, str | None]:
    try:
        d = call()
    except InvalidRecordError as error:
        if "no counted household" not in str(error):
            raise
        return None, "no_counted_households", None, None
    return d.outcome, d.code, d.value, "+".join(d.not_assessed) or None


@pytest.mark.parametrize("number", ROUNDS)
@given(data=st.data(), as_text=st.booleans(), with_villages=st.booleans())
def test_settlement_equals_object_path_record_for_record(
    number: int, data: st.DataObject, as_text: bool, with_villages: bool
) -> None:
    p = data.draw(populations(number))
    year = p["year"]
    with_villages = with_villages or number in (1, 2)
    villages = _table(p["villages"], as_text) if with_villages else None
    households = _household_table(p["households"], p["years"], as_text)
    result = settlement(households, villages, round=number)
    rejected = result.rejected.to_pylist()
    household_rejected = {r["id"] for r in rejected if r["file"] == "households"}
    able_only = bool(default_standards().params.round(number).settlement_able_bodied_only)
    # a counted household without the year's income cannot be settled (the object path
    # raises for the whole subject): rejected, the rest settled
    unsettled = p["invalid"] | {
        h["household_id"]
        for h in p["households"]
        if h[f"income_{year}"] is None and (h["has_labour_capacity"] or not able_only)
    }
    assert household_rejected == unsettled
    assert result.households.num_rows + len(household_rejected) == len(p["households"])
    assert not [r for r in rejected if r["file"] == "villages"]

    hs = [
        HouseholdIncomeHistory(
            household_id=h["household_id"],
            village_id=h["village_id"],
            members=h["members"],
            income_by_year={} if h[f"income_{year}"] is None else {year: h[f"income_{year}"]},
            has_labour_capacity=h["has_labour_capacity"],
            **{name: h[name] for name in p["household_targets"]},
        )
        for h in p["households"]
        if h["household_id"] not in unsettled
    ]
    if with_villages:
        vs = [
            VillageIncomeHistory(
                village_id=v["village_id"],
                county_id=v["county_id"] or "",
                collective_income_by_year={year: v[f"collective_income_{year}"]}
                if f"collective_income_{year}" in v
                else {},
                per_capita_income_by_year={year: v[f"per_capita_income_{year}"]}
                if f"per_capita_income_{year}" in v
                else {},
                **{name: v[name] for name in p["village_targets"]},
            )
            for v in p["villages"]
        ]
    else:
        ids = dict.fromkeys(h.village_id for h in hs)
        vs = [VillageIncomeHistory(village_id=v, collective_income_by_year={}) for v in ids]
    rows = {(r["level"], r["subject_id"]): r for r in result.settlement.to_pylist()}
    assert len(rows) == result.settlement.num_rows

    def check(key: tuple[str, str], expected: tuple[Any, ...]) -> None:
        row = rows.pop(key)
        assert (row["passed"], row["code"], row["share"], row["not_assessed"]) == expected, key

    for v in vs:
        own = [h for h in hs if h.village_id == v.village_id]
        check(
            ("village", v.village_id),
            _expected(lambda v=v, own=own: settle_village(v, households=own, round=number)),
        )
    for county in sorted({v.county_id for v in vs} - {""}):
        cv = [v for v in vs if v.county_id == county]
        county_ids = {v.village_id for v in cv}
        ch = [h for h in hs if h.village_id in county_ids]
        check(
            ("county", county),
            _expected(
                lambda county=county, cv=cv, ch=ch: settle_county(
                    county, villages=cv, households=ch, round=number
                )
            ),
        )
    check(
        ("round", str(number)),
        _expected(lambda: settle_round(number, villages=vs, households=hs)),
    )
    assert not rows
    # households: counted and above the line as the object path's exit rule says
    for row, h in zip(result.households.to_pylist(), hs, strict=True):
        assert row["counted"] == (h.has_labour_capacity or not able_only)
        if row["counted"]:
            d = household_exit(
                h.household_id,
                members=h.members,
                income_by_year=h.income_by_year,
                round=number,
                year=year,
                **{name: getattr(h, name) for name in p["household_targets"]},
            )
            assert (row["above"], row["reason"], row["margin"], row["not_assessed"]) == (
                d.outcome,
                d.code,
                d.reason("household_income").margin,
                "+".join(d.not_assessed) or None,
            )
