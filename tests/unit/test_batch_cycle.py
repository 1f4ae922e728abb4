"""Exit and settlement in batch (issue 7 part 2): boundaries, rejections, expansion."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from shuangdao.batch import ExitResult, SettlementResult, exit_status, settlement
from shuangdao.errors import InvalidRecordError, InvalidTypeError, UnknownReferenceError
from shuangdao.model import HouseholdIncomeHistory, VillageIncomeHistory
from shuangdao.rules.progress import household_exit, track_household
from shuangdao.rules.settlement import settle_county, settle_round, settle_village


def _households(**columns: list[object]) -> pa.Table:
    n = len(next(iter(columns.values())))
    base: dict[str, list[object]] = {
        "household_id": [f"h{i}" for i in range(n)],
        "members": [1] * n,
    }
    base.update(columns)
    return pa.table(base)


class TestExitStatus:
    def test_round1_exactly_2500_per_person_exits_S11(self) -> None:
        """S11 art. 1: 2500 以上 — 3 × 2500 = 7500 exits, 7499.99 does not."""
        h = _households(members=[3, 3, 3], income_2012=["7500", "7499.99", "7500.01"])
        r = exit_status(h, round=1, years=[2012])
        assert r.exits.column("exited").to_pylist() == [True, False, True]
        assert r.exits.column("reason").to_pylist() == [
            "selected",
            "not:household_income",
            "selected",
        ]
        assert r.exits.column("margin").to_pylist() == [
            Decimal("0.0000"),
            Decimal("-0.0033"),
            Decimal("0.0033"),
        ]

    def test_round2_line_is_45_percent_of_11669_unrounded_S1(self) -> None:
        """S1: 45 % of 11669 = 5251.05; four persons pass with 21004.20, fail with 21004.19."""
        h = _households(members=[4, 4], income_2013=[Decimal("21004.20"), Decimal("21004.19")])
        r = exit_status(h, round=2, years=[2013])
        assert r.exits.column("exited").to_pylist() == [True, False]
        assert r.exits.column("margin").to_pylist() == [Decimal("0.0000"), Decimal("-0.0025")]

    def test_round3_exit_line_of_the_year_S20(self) -> None:
        """S20: 2017 line 6883 — two persons at 13766 exit, one fen below do not."""
        h = _households(members=[2, 2], income_2017=[13766.0, 13765.99])
        r = exit_status(h, round=3, years=[2017])
        assert r.exits.column("exited").to_pylist() == [True, False]

    def test_equal_to_household_exit_record_for_record(self) -> None:
        h = _households(
            members=[1, 2, 5],
            income_2013=["5251.05", "10502.09", None],
            income_2014=["9000", "1", "100000"],
            income_2015=[0, 30000, 50000],
        )
        r = exit_status(h, round=2)
        assert r.years == (2013, 2014, 2015)
        for row in r.exits.to_pylist():
            d = r.decision(household_id=row["household_id"], year=row["year"])
            incomes = {
                y: Decimal(str(v))
                for y, v in (
                    (2013, h["income_2013"][int(row["household_id"][1:])].as_py()),
                    (2014, h["income_2014"][int(row["household_id"][1:])].as_py()),
                    (2015, h["income_2015"][int(row["household_id"][1:])].as_py()),
                )
                if v is not None
            }
            i = int(row["household_id"][1:])
            expected = household_exit(
                row["household_id"],
                members=[1, 2, 5][i],
                income_by_year=incomes,
                round=2,
                year=row["year"],
            )
            assert (row["exited"], row["reason"], row["margin"]) == (
                expected.outcome,
                expected.code,
                expected.reason("household_income").margin,
            )
            assert d.code == expected.code

    def test_missing_income_is_listed_not_decided(self) -> None:
        h = _households(income_2016=[6433, None], income_2017=[None, 6883], income_2018=[1, 1])
        r = exit_status(h, round=3)
        assert r.exits.num_rows == 4
        wide = r.households.to_pylist()
        assert wide[0]["missing_years"] == [2017]
        assert wide[0]["exited_2017"] is None
        assert wide[1]["first_exit_year"] == 2017
        assert wide[1]["relapse_years"] == [2018]
        assert wide[1]["above_at_end"] is False
        with pytest.raises(InvalidRecordError):
            r.decision(household_id="h0", year=2017)

    def test_wide_table_follows_track_household_S20(self) -> None:
        """S20: exits early, stays tracked to 2018; a fall back is a relapse."""
        h = _households(income_2016=["6500"], income_2017=["6800"], income_2018=["7400"])
        r = exit_status(h, round=3)
        t = track_household(
            "h0",
            members=1,
            income_by_year={2016: Decimal(6500), 2017: Decimal(6800), 2018: Decimal(7400)},
            round=3,
        )
        row = r.households.to_pylist()[0]
        assert row["first_exit_year"] == t.first_exit_year == 2016
        assert tuple(row["relapse_years"]) == t.relapse_years == (2017,)
        assert row["above_at_end"] is t.above_at_end is True
        assert r.track("h0") == t

    def test_bad_rows_are_rejected_never_dropped(self) -> None:
        h = pd.DataFrame(
            {
                "household_id": ["h1", "h2", "h3", "h1", None, "h6"],
                "members": [1, 0, 2, 1, 1, "x"],
                "income_2012": ["1", "1", "0.001", "1", "1", "1"],
            }
        )
        r = exit_status(h, round=1, years=[2012])
        assert r.households.num_rows + r.rejected.num_rows == 6
        assert r.rejected.column("field").to_pylist() == [
            "members",
            "income_2012",
            "household_id",
            "household_id",
            "members",
        ]
        assert r.rejected.column("row").to_pylist() == [2, 3, 4, 5, 6]
        with pytest.raises(UnknownReferenceError, match="was rejected"):
            r.decision(household_id="h2", year=2012)

    def test_negative_float_cents_and_pandas_nan(self) -> None:
        """A negative or sub-fen amount is rejected; pandas NaN is a missing value."""
        h = pd.DataFrame(
            {
                "household_id": ["a", "b", "c", "d"],
                "members": [1, 1, 1, 1],
                "income_2012": [-1.0, float("nan"), 2500.1, 2500.001],
            }
        )
        r = exit_status(h, round=1, years=[2012])
        assert r.exits.column("household_id").to_pylist() == ["c"]
        assert r.households.column("missing_years").to_pylist() == [[2012], []]
        assert r.rejected.column("id").to_pylist() == ["a", "d"]

    def test_inputs_pandas_polars_csv_parquet(self, tmp_path) -> None:
        frame = pd.DataFrame(
            {"household_id": ["h1", "h2"], "members": [2, 2], "income_2012": ["5000", "4999.99"]}
        )
        csv_path = tmp_path / "h.csv"
        frame.to_csv(csv_path, index=False)
        parquet_path = tmp_path / "h.parquet"
        frame.to_parquet(parquet_path)
        for source in (frame, pl.from_pandas(frame), csv_path, str(parquet_path)):
            r = exit_status(source, round=1, years=[2012])
            assert r.exits.column("exited").to_pylist() == [True, False]

    def test_year_without_a_line_is_refused(self) -> None:
        with pytest.raises(UnknownReferenceError):
            exit_status(_households(income_2019=[1]), round=3, years=[2019])

    def test_no_income_column_is_refused(self) -> None:
        with pytest.raises(InvalidRecordError, match="no income column"):
            exit_status(_households(income_1999=[1]), round=1)

    def test_bad_round_and_standards(self) -> None:
        with pytest.raises(UnknownReferenceError):
            exit_status(_households(income_2012=[1]), round=4)
        with pytest.raises(InvalidTypeError):
            exit_status(_households(income_2012=[1]), round=1, standards="x")  # type: ignore[arg-type]

    def test_frames_and_html(self) -> None:
        r = exit_status(_households(income_2012=["2500"]), round=1, years=[2012])
        assert isinstance(r, ExitResult)
        assert list(r.to_pandas()) == ["exits", "households", "rejected"]
        assert r.to_polars("exits").height == 1
        assert "round 1" in r._repr_html_()
        assert r.summary() == {2012: (1, 1)}
        assert "ExitResult(round=1" in repr(r)
        with pytest.raises(UnknownReferenceError):
            r.to_pandas("nope")


def _round1_tables(incomes: list[str], collective: str = "30000") -> tuple[pa.Table, pa.Table]:
    villages = pa.table({"village_id": ["v1"], "collective_income_2012": [collective]})
    households = pa.table(
        {
            "household_id": [f"h{i}" for i in range(len(incomes))],
            "village_id": ["v1"] * len(incomes),
            "members": [1] * len(incomes),
            "income_2012": incomes,
        }
    )
    return villages, households


def _histories(
    villages: pa.Table, households: pa.Table, year: int
) -> tuple[list[VillageIncomeHistory], list[HouseholdIncomeHistory]]:
    vs = [
        VillageIncomeHistory(
            village_id=v["village_id"],
            county_id=v.get("county_id") or "",
            collective_income_by_year={year: v[f"collective_income_{year}"]}
            if v.get(f"collective_income_{year}") is not None
            else {},
            per_capita_income_by_year={year: v[f"per_capita_income_{year}"]}
            if v.get(f"per_capita_income_{year}") is not None
            else {},
        )
        for v in villages.to_pylist()
    ]
    hs = [
        HouseholdIncomeHistory(
            household_id=h["household_id"],
            village_id=h["village_id"],
            members=h["members"],
            income_by_year={year: h[f"income_{year}"]} if h[f"income_{year}"] is not None else {},
            has_labour_capacity=h.get("has_labour_capacity", True),
        )
        for h in households.to_pylist()
    ]
    return vs, hs


class TestSettlement:
    def test_round1_exactly_80_percent_passes_S11(self) -> None:
        """S11 art. 1: 80 % 以上 — 4 of 5 persons pass, 3 of 5 fail."""
        v, h = _round1_tables(["2500", "2500", "2500", "2500", "2499.99"])
        r = settlement(h, v, round=1)
        row = r.level("round").to_pylist()[0]
        assert (row["passed"], row["share"], row["code"]) == (True, Decimal("0.8000"), "selected")
        assert r.failing_households.column("household_id").to_pylist() == ["h4"]
        v, h = _round1_tables(["2500", "2500", "2500", "2499.99", "2499.99"])
        row = settlement(h, v, round=1).level("village").to_pylist()[0]
        assert (row["passed"], row["code"]) == (False, "not:persons_share")

    def test_round1_collective_30000_S3(self) -> None:
        """S3: collective income 3万 以上 — 29999.99 fails the village target."""
        v, h = _round1_tables(["2500"], collective="29999.99")
        r = settlement(h, v, round=1)
        assert r.level("round").column("code").to_pylist() == [
            "not:villages_target+village.v1.collective_income"
        ]
        assert r.failing_villages.to_pylist() == [
            {
                "village_id": "v1",
                "county_id": "",
                "criterion": "collective_income",
                "observed": Decimal("29999.9900"),
                "threshold": Decimal("30000.0000"),
            }
        ]

    @pytest.mark.parametrize(
        ("collective", "per_capita", "code"),
        [
            ("50000", "8016.01", "selected"),
            ("49999.99", "8016.01", "not:villages_target+village.v1.collective_income"),
            ("50000", "8016.00", "not:villages_target+village.v1.village_income"),
            (
                "49999.99",
                "8016",
                "not:villages_target+village.v1.village_income+village.v1.collective_income",
            ),
        ],
    )
    def test_round2_village_targets_strict_60_percent_and_50000_S1(
        self, collective: str, per_capita: str, code: str
    ) -> None:
        """S1: per-capita strictly above 60 % of P(2015) (8016), collective 5万 以上."""
        v = pa.table(
            {
                "village_id": ["v1"],
                "county_id": ["c1"],
                "collective_income_2015": [collective],
                "per_capita_income_2015": [per_capita],
            }
        )
        h = pa.table(
            {
                "household_id": ["h1"],
                "village_id": ["v1"],
                "members": [2],
                "income_2015": ["13000"],
                "has_labour_capacity": [True],
            }
        )
        r = settlement(h, v, round=2)
        assert r.settlement.column("code").to_pylist() == [code] * 3
        vs, hs = _histories(v, h, 2015)
        assert settle_village(vs[0], households=hs, round=2).code == code
        assert settle_county("c1", villages=vs, households=hs, round=2).code == code
        assert r.decision(village_id="v1").code == code
        assert r.decision(county_id="c1").code == code
        assert r.decision().code == code

    def test_round2_counts_only_households_with_labour_capacity(self) -> None:
        v = pa.table(
            {
                "village_id": ["v1"],
                "collective_income_2015": ["50000"],
                "per_capita_income_2015": ["9000"],
            }
        )
        h = pa.table(
            {
                "household_id": ["h1", "h2"],
                "village_id": ["v1", "v1"],
                "members": [3, 2],
                "income_2015": [None, "20000"],
                "has_labour_capacity": [False, True],
            }
        )
        r = settlement(h, v, round=2)
        assert r.rejected.num_rows == 0
        row = r.level("round").to_pylist()[0]
        assert (row["households"], row["persons"], row["passed"]) == (1, 2, True)
        assert r.households.column("counted").to_pylist() == [False, True]
        assert r.households.column("above").to_pylist() == [None, True]

    def test_round3_without_villages_and_no_counted_households(self) -> None:
        h = pa.table(
            {
                "household_id": ["h1", "h2"],
                "village_id": ["v1", "v2"],
                "members": [3, 1],
                "income_2018": ["22095", None],
                "has_labour_capacity": [True, False],
            }
        )
        r = settlement(h, round=3)
        rows = {(x["level"], x["subject_id"]): x for x in r.settlement.to_pylist()}
        assert rows["village", "v1"]["passed"] is True
        assert rows["village", "v2"]["code"] == "no_counted_households"
        assert rows["village", "v2"]["passed"] is None
        assert rows["round", "3"]["passed"] is True
        with pytest.raises(InvalidRecordError, match="no counted household"):
            r.decision(village_id="v2")
        assert r.decision(village_id="v1").outcome is True

    def test_equal_to_settle_round_with_counties(self) -> None:
        v = pa.table(
            {
                "village_id": ["v1", "v2", "v3"],
                "county_id": ["c1", "c1", "c2"],
                "collective_income_2012": ["30000", "29999.99", "40000"],
            }
        )
        h = pa.table(
            {
                "household_id": ["a", "b", "c", "d"],
                "village_id": ["v1", "v2", "v3", "v3"],
                "members": [2, 3, 4, 1],
                "income_2012": ["5000", "7499.99", "10000", "2500"],
            }
        )
        r = settlement(h, v, round=1)
        vs, hs = _histories(v, h, 2012)
        expected = settle_round(1, villages=vs, households=hs)
        row = r.level("round").to_pylist()[0]
        assert (row["passed"], row["code"], row["share"]) == (
            expected.outcome,
            expected.code,
            expected.value,
        )
        c1 = settle_county("c1", villages=vs[:2], households=hs[:2], round=1)
        counties = r.level("county").to_pylist()
        assert [c["subject_id"] for c in counties] == ["c1", "c2"]
        assert (counties[0]["passed"], counties[0]["code"]) == (c1.outcome, c1.code)

    def test_county_argument_rejects_villages_of_other_counties(self) -> None:
        v = pa.table(
            {
                "village_id": ["v1", "v2"],
                "county_id": ["c1", "c9"],
                "collective_income_2012": ["30000", "30000"],
            }
        )
        h = pa.table(
            {
                "household_id": ["a", "b"],
                "village_id": ["v1", "v2"],
                "members": [1, 1],
                "income_2012": ["2500", "2500"],
            }
        )
        r = settlement(h, v, round=1, county="c1")
        assert r.rejected.column("file").to_pylist() == ["villages", "households"]
        assert r.rejected.column("field").to_pylist() == ["county_id", "village_id"]
        assert r.level("round").num_rows == 0
        assert r.level("county").column("passed").to_pylist() == [True]

    def test_rejections_unknown_village_missing_income_duplicates(self) -> None:
        v = pa.table({"village_id": ["v1", "v1"], "collective_income_2012": ["30000", "1"]})
        h = pa.table(
            {
                "household_id": ["a", "b", "a", "c"],
                "village_id": ["v1", "v1", "v1", "zz"],
                "members": [1, 1, 1, 1],
                "income_2012": ["2500", None, "2500", "2500"],
            }
        )
        r = settlement(h, v, round=1)
        households = r.rejected.filter(pa.compute.equal(r.rejected.column("file"), "households"))
        assert r.households.num_rows + households.num_rows == 4
        assert r.rejected.column("field").to_pylist() == [
            "village_id",
            "income_2012",
            "household_id",
            "village_id",
        ]
        assert r.rejected.column("row").to_pylist() == [2, 2, 3, 4]

    def test_an_unknown_village_is_listed_beside_the_row_s_other_problems(self) -> None:
        v = pa.table({"village_id": ["v1"], "collective_income_2012": ["30000"]})
        h = pa.table(
            {
                "household_id": ["a", "b", "c"],
                "village_id": ["zz", None, "v1"],
                "members": ["x", "x", "1"],
                "income_2012": ["2500", "2500", "2500"],
            }
        )
        r = settlement(h, v, round=1)
        lines = zip(*(r.rejected.column(c).to_pylist() for c in ("row", "field")), strict=True)
        assert list(lines) == [
            (1, "village_id"),  # read, unknown: reported beside members
            (1, "members"),
            (2, "village_id"),  # missing: not also "not among the villages settled"
            (2, "members"),
        ]
        assert r.households.column("household_id").to_pylist() == ["c"]
        assert "rejected=2)" in repr(r)

    def test_villages_required_in_rounds_1_and_2(self) -> None:
        _, h = _round1_tables(["2500"])
        with pytest.raises(InvalidRecordError, match="required in round 1"):
            settlement(h, round=1)

    def test_frames_and_html(self) -> None:
        v, h = _round1_tables(["2500"])
        r = settlement(h, v, round=1)
        assert isinstance(r, SettlementResult)
        assert set(r.to_pandas()) == {"settlement", "households", "failing_villages", "rejected"}
        assert r.to_polars("settlement").height == 2
        assert "round 1" in r._repr_html_()
        assert "SettlementResult(round=1" in repr(r)
        assert r.decision(household_id="h0").outcome is True
        with pytest.raises(InvalidRecordError):
            r.decision(village_id="v1", county_id="c1")
        with pytest.raises(UnknownReferenceError):
            r.level("district")


class TestCertaintyColumns:
    """Issue 15: the columnar evaluator's certainty equals the scalar decision's, row by row."""

    def test_exit_rows_carry_their_year_s_certainty(self):
        import pyarrow as pa

        households = pa.table(
            {
                "household_id": ["h1"],
                "members": [2],
                "income_2013": ["12000"],
                "income_2014": ["12000"],
                "income_2015": ["12000"],
            }
        )
        result = exit_status(households, round=2)
        rows = result.exits.to_pylist()
        assert [r["certainty"] for r in rows] == ["confirmed", "recalled", "derived"]
        for row in rows:
            decision = result.decision(household_id="h1", year=row["year"])
            assert decision.certainty.value == row["certainty"]

    def test_settlement_rows_agree_with_their_decisions(self):
        import pyarrow as pa

        villages = pa.table(
            {
                "village_id": ["v1", "v2"],
                "county_id": ["c1", "c1"],
                "collective_income_2015": ["60000", "40000"],
                "per_capita_income_2015": ["9000", "9000"],
            }
        )
        households = pa.table(
            {
                "household_id": ["h1", "h2"],
                "village_id": ["v1", "v2"],
                "members": [2, 3],
                "has_labour_capacity": [True, True],
                "income_2015": ["13000", "9000"],
            }
        )
        result = settlement(households, villages, round=2)
        for row in result.settlement.to_pylist():
            kind = {"village": "village_id", "county": "county_id"}.get(row["level"])
            decision = result.decision(**{kind: row["subject_id"]}) if kind else result.decision()
            assert decision.certainty.value == row["certainty"]
            assert decision.code == row["code"]
        for row in result.households.to_pylist():
            decision = result.decision(household_id=row["household_id"])
            assert decision.certainty.value == row["certainty"]


class TestNonIncomeTargets:
    """Issue 15 item 8: optional target columns, the same tri-state as the object path."""

    def test_exit_reads_yes_no_and_empty_cells(self) -> None:
        h = _households(
            members=[1, 1, 1, 1],
            income_2015=["7000", "7000", "7000", "1"],
            all_in_ncms=["yes", "no", None, "yes"],
        )
        r = exit_status(h, round=2, years=[2015])
        rows = r.exits.select(["exited", "reason", "not_assessed"]).to_pylist()
        rest = "rural_pension+dibao_coverage+housing"
        assert rows == [
            {"exited": True, "reason": "selected", "not_assessed": rest},
            {"exited": False, "reason": "not:ncms", "not_assessed": rest},
            {"exited": True, "reason": "selected", "not_assessed": "ncms+" + rest},
            {"exited": False, "reason": "not:household_income", "not_assessed": rest},
        ]
        assert r.decision(household_id="h1", year=2015).code == "not:ncms"

    def test_without_target_columns_nothing_is_assumed(self) -> None:
        h = _households(members=[1], income_2018=["7365"])
        r = exit_status(h, round=3, years=[2018])
        row = r.exits.to_pylist()[0]
        assert (row["exited"], row["not_assessed"]) == (
            True,
            "food_and_clothing+compulsory_education+basic_medical_care+safe_housing",
        )
        assert exit_status(_households(income_2012=["2500"]), round=1, years=[2012]).exits.column(
            "not_assessed"
        ).to_pylist() == [None]

    def test_a_target_cell_that_is_not_yes_or_no_rejects_the_row(self) -> None:
        h = _households(members=[1, 1], income_2015=["7000", "7000"], all_in_ncms=["yes", "maybe"])
        r = exit_status(h, round=2, years=[2015])
        assert r.rejected.select(["id", "field"]).to_pylist() == [
            {"id": "h1", "field": "all_in_ncms"}
        ]

    def test_settlement_tables_carry_the_tri_state(self) -> None:
        v = pa.table(
            {
                "village_id": ["v1"],
                "collective_income_2015": ["60000"],
                "per_capita_income_2015": ["9000"],
                "democratic_management_sound": [False],
            }
        )
        h = pa.table(
            {
                "household_id": ["h0", "h1"],
                "village_id": ["v1", "v1"],
                "members": [1, 1],
                "has_labour_capacity": [True, True],
                "income_2015": ["7000", "7000"],
                "housing_rebuilt_or_relocated": [True, None],
            }
        )
        r = settlement(h, v, round=2)
        village = r.level("village").to_pylist()[0]
        assert village["code"] == "not:villages_target+village.v1.democratic_management"
        assert village["not_assessed"] == (
            "households.ncms+households.rural_pension+households.dibao_coverage"
            "+households.housing+villages.basic_infrastructure"
        )
        expanded = r.decision(village_id="v1")
        assert (expanded.code, "+".join(expanded.not_assessed)) == (
            village["code"],
            village["not_assessed"],
        )
        assert r.failing_villages.select(["criterion", "observed"]).to_pylist() == [
            {"criterion": "democratic_management", "observed": None}
        ]
        assert r.households.column("not_assessed").to_pylist() == [
            "ncms+rural_pension+dibao_coverage",
            "ncms+rural_pension+dibao_coverage+housing",
        ]
