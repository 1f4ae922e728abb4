"""The whole-round runner's accountability stage: cities, counties and townships (S9)."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest

from shuangdao.model.accountability import AccountabilityRecord, Mechanism
from shuangdao.rules.accountability import fail_share_trigger, measures_sanctions
from shuangdao.scenario import run_round


@pytest.fixture(scope="module")
def small():
    """A small round-2 run of the built-in province."""
    return run_round(round=2, scale=0.05)


def test_every_level_is_evaluated(small):
    """S9 situation 1 counts failing villages in cities, counties and townships."""
    table = small.tables["accountability"]
    levels = set(table.column("level").to_pylist())
    assert levels == {"city", "county", "township"}
    years = set(table.column("year").to_pylist())
    for level in levels:
        rows = [r for r in table.to_pylist() if r["level"] == level]
        assert {r["year"] for r in rows} == years
        # every key village is counted once per level and year
        per_year = {y: sum(r["total"] for r in rows if r["year"] == y) for y in years}
        assert len(set(per_year.values())) == 1


def test_columnar_flags_equal_the_scalar_rule(small):
    """Each row's flag (columnar evaluator) is the scalar rule's outcome on the same counts."""
    for row in small.tables["accountability"].to_pylist():
        number = row["assessment_number"]
        scalar = fail_share_trigger(
            row["area_id"], assessment_number=number, failed=row["failed"], total=row["total"]
        )
        assert scalar.outcome is row["triggered"], row
        assert (
            small.decision("accountability", row["area_id"], year=row["year"]).outcome
            is (row["triggered"])
        )


def test_triggered_areas_get_the_measures_decisions(small):
    """A triggered area's rows are what measures_sanctions decides for its record."""
    table = small.tables["accountability"].to_pylist()
    actions = small.tables["accountability_actions"].to_pylist()
    triggered = [r for r in table if r["triggered"]]
    for row in triggered:
        record = AccountabilityRecord(
            body_id=row["area_id"],
            body_kind="area",
            level=row["level"],
            assessment_number=row["assessment_number"],
            failed=row["failed"],
            total=row["total"],
        )
        expected = measures_sanctions(record)
        mine = [a for a in actions if (a["area_id"], a["year"]) == (row["area_id"], row["year"])]
        assert [(a["action"], a["role"], a["severity"]) for a in mine] == [
            (e.action.value, e.role.value, e.severity) for e in expected
        ]
        assert {a["mechanism"] for a in mine} == {Mechanism.ACCOUNTABILITY_MEASURES.value}
        assert row["mechanism"] == Mechanism.ACCOUNTABILITY_MEASURES.value
    untriggered = [r for r in table if not r["triggered"]]
    assert all(r["actions"] == "" and r["mechanism"] is None for r in untriggered)
    summary = small.summary()
    assert sum(summary.escalations.values()) == len(actions)
    for level in ("city", "county", "township"):
        for year, count in summary.triggered[level].items():
            rows = [r for r in triggered if (r["level"], r["year"]) == (level, year)]
            assert count == len(rows), (level, year)


def test_the_summary_reports_triggers_per_level():
    """Township triggers are reported as such, not as "0 counties triggered"."""
    result = run_round(round=2, scale=0.02)
    summary = result.summary()
    table = result.tables["accountability"].to_pylist()
    township = [r for r in table if r["level"] == "township" and r["triggered"]]
    assert township, "the seeded run has a township trigger"
    first = min(r["year"] for r in township)
    assert summary.triggered["township"][first] == sum(r["year"] == first for r in township)
    en = summary.text("en")
    assert f"Assessment {first}:" in en
    line = next(x for x in en.splitlines() if x.startswith(f"Assessment {first}:"))
    assert "0 cities, 0 counties, 1 township)" in line
    zh = next(x for x in summary.text("zh").splitlines() if x.startswith(f"{first}年度考核"))
    assert "触发：市0个、县0个、乡镇1个" in zh
    report = result.report()
    assert "## Accountability triggers" in report
    assert "| townships | 1 | 0 | 0 |" in report
    assert summary.to_dict()["triggered"]["township"][str(first)] == 1
    with pytest.warns(DeprecationWarning, match=r"triggered\['county'\]"):
        assert summary.counties_triggered == summary.triggered["county"]


def test_explanations_name_the_level_of_the_area(small):
    """An area's decision is labelled city, county or township, as the table says."""
    seen = set()
    for row in small.tables["accountability"].to_pylist():
        if row["level"] in seen:
            continue
        seen.add(row["level"])
        decision = small.decision("accountability", row["area_id"], year=row["year"])
        assert decision.subject_kind == row["level"]
        assert decision.explain().startswith(row["level"].capitalize() + " ")
    assert seen == {"city", "county", "township"}
    with pytest.raises(Exception, match="city, county or township"):
        small.decision("accountability", "nowhere", year=row["year"])


def _population(with_townships: bool):
    villages = {
        "village_id": ["v1", "v2", "v3", "v4"],
        "county_id": ["k1", "k1", "k2", "k2"],
        "per_capita_income": [Decimal("5000")] * 4,
        "collective_income": [Decimal("10000")] * 4,
    }
    if with_townships:
        villages["township_id"] = ["t1", "t1", "t1", "t2"]  # 't1' in two counties
    households = pa.table(
        {
            "household_id": [f"h{i}" for i in range(8)],
            "village_id": ["v1", "v1", "v2", "v2", "v3", "v3", "v4", "v4"],
            "members": [4, 2] * 4,
            "income": [Decimal("10000"), Decimal("20000")] * 4,
            "has_labour_capacity": [True] * 8,
        }
    )
    return pa.table(villages), households


def test_user_data_without_township_ids_says_so():
    """Levels the population has no ids for are not evaluated, and the notes say so."""
    result = run_round(_population(False), round=2)
    assert set(result.tables["accountability"].column("level").to_pylist()) == {"county"}
    assert any("not evaluated for city, township" in n for n in result.summary().notes)


def test_user_township_ids_are_kept_apart_by_county():
    """A township id repeated in two counties is two townships (keyed county/township)."""
    result = run_round(_population(True), round=2)
    table = result.tables["accountability"].to_pylist()
    townships = sorted({r["area_id"] for r in table if r["level"] == "township"})
    assert townships == ["k1/t1", "k2/t1", "t2"]
