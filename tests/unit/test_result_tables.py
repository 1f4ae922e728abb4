"""One result vocabulary (issue 16 item 8): tables, frames, money options, reprs, rich display."""

from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from shuangdao._frames import convert_money, is_money
from shuangdao.batch import BatchTables, identify
from shuangdao.errors import InvalidRecordError, UnknownReferenceError
from shuangdao.scenario import COMPARE_TABLES, TABLES, compare, run_round
from shuangdao.standards import default_standards

MONEY_OPTIONS = ("decimal", "float", "fen")


@pytest.fixture(scope="module")
def round_result():
    return run_round(round=2, scale=0.01)


@pytest.fixture(scope="module")
def comparison():
    return compare(round=2, scenario={"round2.household_ratio": "0.40"}, scale=0.01)


@pytest.fixture(scope="module")
def batch_result():
    villages = pa.table(
        {
            "village_id": ["v1", "v2"],
            "per_capita_income": ["5000", "2000"],
            "collective_income": ["100", "20000"],
        }
    )
    households = pa.table(
        {
            "household_id": ["h1", "h2", "h3"],
            "village_id": ["v1", "v1", "v2"],
            "members": [3, 4, 2],
            "income": ["9000.10", "12372.00", "6000.50"],
            "has_labour_capacity": [True, True, False],
        }
    )
    return identify(villages, households, round=2)


@pytest.fixture(params=["round", "batch", "comparison"])
def result(request, round_result, batch_result, comparison):
    return {"round": round_result, "batch": batch_result, "comparison": comparison}[request.param]


class TestTableAccess:
    def test_names_tables_and_table_agree(self, result):
        names = result.table_names
        assert names
        assert tuple(result.tables) == names
        for name in names:
            assert isinstance(result.table(name), pa.Table)
            assert result.table(name).equals(result.tables[name])

    def test_the_names_are_the_documented_ones(self, round_result, batch_result, comparison):
        assert set(round_result.table_names) == set(TABLES)
        assert comparison.table_names == COMPARE_TABLES
        assert batch_result.table_names == ("villages", "households", "rejected")

    def test_an_unknown_table_is_a_typed_error_naming_the_tables(self, result):
        with pytest.raises(UnknownReferenceError, match="is not a result table"):
            result.table("nope")
        with pytest.raises(UnknownReferenceError):
            result.to_pandas("nope")

    @pytest.mark.parametrize("method", ["to_arrow", "to_pandas", "to_polars"])
    def test_every_table_at_once_by_name(self, result, method):
        frames = getattr(result, method)()
        assert list(frames.keys()) == list(result.table_names)
        for name in result.table_names:
            assert len(frames[name]) == result.table(name).num_rows

    def test_one_table_in_each_frame_library(self, result):
        name = result.table_names[0]
        rows = result.table(name).num_rows
        assert isinstance(result.to_arrow(name), pa.Table)
        assert isinstance(result.to_pandas(name), pd.DataFrame)
        assert isinstance(result.to_polars(name), pl.DataFrame)
        assert len(result.to_pandas(name)) == len(result.to_polars(name)) == rows

    def test_batch_result_still_unpacks_as_three_tables(self, batch_result):
        villages, households, rejected = batch_result.to_pandas()
        frames = batch_result.to_pandas()
        assert isinstance(frames, BatchTables)
        assert frames["households"] is frames.households
        assert households.shape == frames.households.shape
        assert len(villages) == 2
        assert len(rejected) == 0

    def test_round_result_tables_stay_an_attribute_mapping(self, round_result):
        assert round_result.tables["progress"].equals(round_result.progress)

    def test_comparison_tables_is_a_mapping_and_calling_it_warns(self, comparison):
        assert set(comparison.tables) == set(COMPARE_TABLES)
        with pytest.warns(DeprecationWarning, match=r"Comparison\.tables\(\) is deprecated"):
            called = comparison.tables()
        assert called.keys() == dict(comparison.tables).keys()


class TestMoney:
    def test_money_columns_are_margins_and_incomes_not_scores_or_shares(self, round_result):
        progress = round_result.table("progress").schema
        assert is_money(progress.field("income_2013"))
        assert not is_money(progress.field("members"))
        assert not is_money(round_result.table("assessments").schema.field("score"))
        assert not is_money(round_result.table("settlement").schema.field("share"))
        households = round_result.table("identification_households").schema
        assert is_money(households.field("margin"))

    def test_decimal_is_the_default_and_exact(self, batch_result):
        frame = batch_result.to_pandas("households")
        assert all(isinstance(v, Decimal) for v in frame["margin"])
        assert batch_result.to_arrow("households").equals(batch_result.households)
        assert batch_result.to_polars("households")["margin"].dtype == pl.Decimal(20, 4)

    def test_float_gives_yuan_as_float64(self, batch_result):
        exact = batch_result.households.column("margin").to_pylist()
        frame = batch_result.to_pandas("households", money="float")
        assert frame["margin"].dtype == "float64"
        assert frame["margin"].tolist() == [float(v) for v in exact]
        assert batch_result.to_polars("households", money="float")["margin"].dtype == pl.Float64

    def test_fen_gives_integers_rounded_half_even_from_finer_amounts(self):
        margins = [Decimal("-293.0050"), Decimal("12.3450"), Decimal("0.0151"), Decimal("7.1250")]
        table = pa.table({"margin": pa.array(margins, pa.decimal128(20, 4))})
        assert convert_money(table, "fen").column("margin").to_pylist() == [
            -29300,
            1234,
            2,
            712,
        ]

    def test_fen_of_whole_fen_amounts_is_exact(self, round_result):
        progress = round_result.table("progress")
        fen = round_result.to_arrow("progress", money="fen")
        assert fen.schema.field("income_2013").type == pa.int64()
        assert fen.column("income_2013").to_pylist() == [
            None if v is None else int(v * 100) for v in progress.column("income_2013").to_pylist()
        ]
        # members are counts, never converted
        assert fen.column("members").equals(progress.column("members"))

    def test_fen_with_missing_values_stays_integer_in_pandas(self):
        table = pa.table({"income": pa.array([Decimal("1.25"), None], pa.decimal128(15, 2))})
        converted = convert_money(table, "fen")
        from shuangdao._frames import _pandas

        frame = _pandas(converted, "fen")
        assert str(frame["income"].dtype) == "Int64"
        assert frame["income"].tolist()[0] == 125

    def test_scores_and_shares_are_never_converted(self, round_result):
        for money in MONEY_OPTIONS:
            frame = round_result.to_arrow("settlement", money=money)
            assert frame.schema.field("share").type == pa.decimal128(6, 4)

    def test_an_unknown_money_option_is_a_typed_error(self, result):
        with pytest.raises(InvalidRecordError, match="money"):
            result.to_pandas(result.table_names[0], money="yuan")

    def test_metadata_unit_marks_money(self):
        field = pa.field("amount", pa.decimal128(12, 2), metadata={"unit": "yuan"})
        assert is_money(field)
        assert not is_money(pa.field("amount", pa.decimal128(12, 2)))


class TestDisplay:
    def test_short_text_reprs(self, round_result, batch_result, comparison):
        for value in (round_result, batch_result, comparison, round_result.summary()):
            text = repr(value)
            assert "\n" not in text
            assert len(text) < 400

    def test_comparison_repr_does_not_dump_tables(self, comparison):
        text = repr(comparison)
        assert text.startswith("Comparison(round=2, households +")
        assert "household_id" not in text

    @pytest.mark.parametrize(
        "make",
        [
            lambda r, b, c: r,
            lambda r, b, c: b,
            lambda r, b, c: c,
            lambda r, b, c: r.summary(),
            lambda r, b, c: default_standards(),
            lambda r, b, c: b.decision(household_id="h1"),
        ],
        ids=["round", "batch", "comparison", "summary", "standards", "decision"],
    )
    def test_rich_display(self, make, round_result, batch_result, comparison):
        html = make(round_result, batch_result, comparison)._repr_html_()
        assert html.startswith("<")
        assert "<script" not in html

    def test_summary_html_escapes_and_lists_every_line(self, round_result):
        summary = round_result.summary()
        html = summary._repr_html_()
        assert html.count("<li>") == len(summary.text().splitlines()) - 1

    def test_standards_html_shows_overrides_for_people(self):
        scenario = default_standards().with_overrides({"round2.household_ratio": "0.40"})
        html = scenario._repr_html_()
        assert "+scenario" in html
        assert "<td>round2.household_ratio</td><td>0.33</td><td>0.40</td><td>set</td>" in html
        assert "&quot;" not in html.split("<details>")[0]
