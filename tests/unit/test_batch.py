"""Batch identification: inputs, rejections, results (issue 7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shuangdao import batch, io
from shuangdao.errors import InvalidTypeError, ShuangdaoError, UnknownReferenceError
from shuangdao.standards import default_standards

VILLAGES: dict[str, list[object]] = {
    "village_id": ["v1", "v2", "v3"],
    "county_id": ["K1", "K1", "K2"],
    "per_capita_income": ["5622.99", "5623.00", "100"],
    "collective_income": ["29999.99", "0", "30000.00"],
}
HOUSEHOLDS: dict[str, list[object]] = {
    "household_id": ["h1", "h2", "h3", "h4"],
    "village_id": ["v1", "v1", "v2", "v1"],
    "members": [4, 4, 1, 2],
    "income": ["12371.99", "12372.00", "1", "6185.99"],
    "has_labour_capacity": [True, True, True, False],
}


def _reasons(result):
    return (
        result.villages.column("reason").to_pylist(),
        result.households.column("reason").to_pylist(),
    )


EXPECTED = (
    ["selected", "not:village_income", "not:collective_income"],
    ["selected", "not:household_income", "not:in_key_village", "not:labour_capacity"],
)


class TestIdentify:
    def test_arrow_tables_round2_published_lines_S1(self):
        """5623 and 3093 (S1) are strict 低于 lines: at the line is not selected."""
        result = batch.identify(pa.table(VILLAGES), pa.table(HOUSEHOLDS), round=2)
        assert _reasons(result) == EXPECTED
        assert result.households.column("margin").to_pylist() == [
            Decimal("-0.0025"),
            Decimal("0.0000"),
            Decimal("-3092.0000"),
            Decimal("-0.0050"),
        ]
        assert result.households.schema.field("margin").type == pa.decimal128(20, 4)

    def test_pandas_with_float_money(self):
        v = pd.DataFrame({**VILLAGES, "per_capita_income": [5622.99, 5623.0, 100.0]})
        h = pd.DataFrame({**HOUSEHOLDS, "income": [12371.99, 12372.0, 1.0, 6185.99]})
        assert _reasons(batch.identify(v, h, round=2)) == EXPECTED

    def test_polars(self):
        result = batch.identify(pl.DataFrame(VILLAGES), pl.DataFrame(HOUSEHOLDS), round=2)
        assert _reasons(result) == EXPECTED
        assert isinstance(result.to_polars("households"), pl.DataFrame)
        assert isinstance(result.to_pandas().rejected, pd.DataFrame)

    def test_arrow_stream_interface(self):
        class Stream:
            def __init__(self, table):
                self.table = table

            def __arrow_c_stream__(self, requested_schema=None):
                return self.table.__arrow_c_stream__(requested_schema)

        result = batch.identify(Stream(pa.table(VILLAGES)), Stream(pa.table(HOUSEHOLDS)), round=2)
        assert _reasons(result) == EXPECTED

    def test_parquet_paths(self, tmp_path):
        pq.write_table(pa.table(VILLAGES), tmp_path / "v.parquet")
        pq.write_table(pa.table(HOUSEHOLDS), tmp_path / "h.parquet")
        result = batch.identify(tmp_path / "v.parquet", str(tmp_path / "h.parquet"), round=2)
        assert _reasons(result) == EXPECTED

    def test_decimal_columns_of_other_scales(self):
        v = pa.table(
            {
                **VILLAGES,
                "per_capita_income": pa.array(
                    [Decimal("5622.99"), Decimal("5623"), Decimal("100")], pa.decimal128(10, 2)
                ).cast(pa.decimal128(12, 4)),
            }
        )
        h = pa.table({**HOUSEHOLDS, "income": pa.array([12371.99, 12372.0, 1.0, 6185.99])})
        assert _reasons(batch.identify(v, h, round=2)) == EXPECTED

    def test_unsupported_input(self):
        with pytest.raises(InvalidTypeError):
            batch.identify(object(), pa.table(HOUSEHOLDS), round=2)

    def test_unknown_round(self):
        with pytest.raises(UnknownReferenceError):
            batch.identify(pa.table(VILLAGES), pa.table(HOUSEHOLDS), round=4)


class TestRejections:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("income", "1.001"),
            ("income", "-1"),
            ("income", "abc"),
            ("income", None),
            ("members", 0),
            ("members", None),
            ("household_id", "h\x019"),
            ("has_labour_capacity", "maybe"),
        ],
    )
    def test_bad_household_values(self, field, value):
        rows: dict[str, list[object]] = {k: [*v] for k, v in HOUSEHOLDS.items()}
        rows[field][1] = value
        result = batch.identify(pa.table(VILLAGES), pd.DataFrame(rows), round=2)
        rejected = result.rejected.to_pylist()
        assert [(r["file"], r["row"], r["field"]) for r in rejected] == [("households", 2, field)]
        assert result.households.num_rows == 3

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.001, -0.5])
    def test_bad_floats_are_rejected_never_rounded(self, value):
        h = pd.DataFrame({**HOUSEHOLDS, "income": [value, 12372.0, 1.0, 6185.99]})
        result = batch.identify(pd.DataFrame(VILLAGES), h, round=2)
        assert result.rejected.column("field").to_pylist() == ["income"]

    def test_duplicates_unknown_and_rejected_villages(self):
        v = {k: [*v, v[0]] for k, v in VILLAGES.items()}  # duplicate v1 (row 4)
        v["village_id"][2] = "v3"
        v["per_capita_income"][2] = "x"  # v3 rejected
        h = {
            "household_id": ["h1", "h1", "h2", "h3"],
            "village_id": ["v1", "v1", "v9", "v3"],
            "members": [1, 1, 1, 1],
            "income": ["1", "1", "1", "1"],
            "has_labour_capacity": [True] * 4,
        }
        result = batch.identify(pa.table(v), pa.table(h), round=2)
        rejected = [(r["file"], r["row"], r["field"]) for r in result.rejected.to_pylist()]
        assert rejected == [
            ("villages", 3, "per_capita_income"),
            ("villages", 4, "village_id"),
            ("households", 2, "household_id"),
            ("households", 3, "village_id"),
            ("households", 4, "village_id"),
        ]
        assert result.households.column("household_id").to_pylist() == ["h1"]

    def test_mixed_pandas_objects(self):
        h = pd.DataFrame({**HOUSEHOLDS, "income": [Decimal("12371.99"), "12372.00", 1, [1]]})
        result = batch.identify(pd.DataFrame(VILLAGES), h, round=2)
        assert result.rejected.column("row").to_pylist() == [4]


class TestCsv:
    def _write(self, folder: Path, villages: str, households: str):
        (folder / "v.csv").write_text(villages)
        (folder / "h.csv").write_text(households)

    @pytest.mark.parametrize("round", [1, 2, 3])
    def test_csv_equals_cli_files(self, tmp_path, round):
        extra_v = {1: ",designated", 2: "", 3: ",registered_population"}[round]
        cells = {1: ["true", "", "no"], 2: ["", "", ""], 3: ["20", "0", "x"]}[round]
        villages = f"village_id,per_capita_income,collective_income{extra_v}\n" + "".join(
            f"{vid},{pci},{ci}{',' + c if extra_v else ''}\n"
            for vid, pci, ci, c in zip(
                ["v1", "v2", "v3", "v1"],
                ["5622.99", "8000", "1e3", "1"],
                ["29999.99", "", "0", "0"],
                [*cells, cells[0]],
                strict=True,
            )
        )
        households = (
            "household_id,village_id,members,income,has_labour_capacity\n"
            "h1,v1,4,12371.99,true\n\nh2,v2,1,3999.99,YES\nh1,v1,1,1,1\nh3,v3,1,1,0\n"
            "h4,v9,1,1,0\nh5,v1,0,1,0\nh6,v1,2, 1.5 ,no\nh7,v1,2,1.234,no\n"
        )
        self._write(tmp_path, villages, households)
        result = batch.identify(tmp_path / "v.csv", tmp_path / "h.csv", round=round)
        cli = io.identify_csv(tmp_path / "v.csv", tmp_path / "h.csv", round=round)
        io.write_identification(tmp_path / "cli", cli)
        result.write(tmp_path / "batch")
        rows = io._identify_rows(tmp_path / "v.csv", tmp_path / "h.csv", round, None, None)
        io.write_identification(tmp_path / "rows", rows)  # without the frame extra
        for name in ("villages.csv", "households.csv", "rejected.csv"):
            assert (tmp_path / "batch" / name).read_text() == (
                tmp_path / "cli" / name
            ).read_text(), name
            if name != "rejected.csv":  # the rows path words some rejections differently
                assert (tmp_path / "rows" / name).read_text() == (
                    tmp_path / "cli" / name
                ).read_text(), name
        header = (tmp_path / "batch" / "households.csv").read_text().splitlines()[0]
        assert header == "household_id,poor,reason,certainty"


class TestHouseholdClass:
    """Round 1's welfare / development households (S5) in the batch tables."""

    @pytest.mark.parametrize("source", ["csv", "arrow"])
    def test_round_1_households_carry_their_class(self, tmp_path, source):
        villages = "village_id,per_capita_income,collective_income,designated\nv1,,,true\nv2,,,no\n"
        households = (
            "household_id,village_id,members,income,has_labour_capacity\n"
            "a,v1,2,2399.99,true\nb,v1,2,2400.00,true\nc,v1,2,3000.00,false\n"
            "d,v1,2,3000.01,true\ne,v2,1,1,true\n"
        )
        (tmp_path / "v.csv").write_text(villages)
        (tmp_path / "h.csv").write_text(households)
        if source == "csv":
            result = batch.identify(tmp_path / "v.csv", tmp_path / "h.csv", round=1)
        else:
            from pyarrow import csv as pacsv

            result = batch.identify(
                pacsv.read_csv(tmp_path / "v.csv"), pacsv.read_csv(tmp_path / "h.csv"), round=1
            )
        assert result.households.column_names[-1] == "household_class"
        assert result.households.schema.field("household_class").type == (
            batch.HOUSEHOLD_CLASS_TYPE
        )
        assert result.households.column("household_class").to_pylist() == [
            "welfare",
            "development",
            "development",
            None,
            None,
        ]

    def test_other_rounds_have_no_class(self):
        result = batch.identify(pa.table(VILLAGES), pa.table(HOUSEHOLDS), round=2)
        assert "household_class" not in result.households.column_names


class TestResult:
    def test_summary_per_county(self):
        result = batch.identify(pa.table(VILLAGES), pa.table(HOUSEHOLDS), round=2)
        summary = result.summary()
        assert (
            summary.villages_selected,
            summary.households_selected,
            summary.persons_selected,
        ) == (1, 1, 4)
        assert summary.household_reasons["selected"] == 1
        assert summary.by_county is not None
        assert summary.by_county.to_pylist()[0] == {
            "county_id": "K1",
            "villages": 2,
            "villages_selected": 1,
            "households": 4,
            "households_selected": 1,
            "persons_selected": 4,
        }
        assert "round 2" in result._repr_html_()

    def test_decision_expands_with_object_path(self):
        result = batch.identify(
            pa.table(VILLAGES), pa.table(HOUSEHOLDS), round=2, as_of=dt.date(2013, 1, 1)
        )
        decision = result.decision(household_id="h2")
        assert decision.code == "not:household_income"
        assert "3093" in decision.explain().replace(",", "")
        assert result.decision(village_id="v3").code == "not:collective_income"

    def test_decision_of_rejected_record_says_why(self):
        rows = {**HOUSEHOLDS, "members": [4, 0, 1, 2]}
        result = batch.identify(pa.table(VILLAGES), pa.table(rows), round=2)
        with pytest.raises(UnknownReferenceError, match="rejected"):
            result.decision(household_id="h2")
        with pytest.raises(ShuangdaoError):
            result.decision()

    def test_huge_amounts_stay_exact(self):
        """Beyond int64 after scaling, the rules fall back to Python integers."""
        standards = default_standards().with_overrides(
            {"round2.line_rounding": "exact", "round2.household_ratio": "0.333333"}
        )
        h = {
            **HOUSEHOLDS,
            "income": ["999999999999999.99", "12372.00", "1", "6185.99"],
            "members": [2**40, 4, 1, 2],
        }
        result = batch.identify(pa.table(VILLAGES), pa.table(h), round=2, standards=standards)
        expected = result.decision(household_id="h1")
        assert result.households.column("reason")[0].as_py() == expected.code
        assert (
            result.households.column("margin")[0].as_py()
            == expected.reason("household_income").margin
        )

    def test_empty_tables(self):
        names = [*VILLAGES, "registered_population"]
        v = pa.table({k: pa.array([], pa.string()) for k in names})
        h = pa.table({k: pa.array([], pa.string()) for k in HOUSEHOLDS})
        result = batch.identify(v, h, round=3)
        assert result.households.num_rows == result.rejected.num_rows == 0
        assert np.asarray(result.summary().persons_selected) == 0


DECIMAL = pa.decimal128(15, 2)


def _typed(rows: dict[str, Any], chunks: int = 1, income=DECIMAL):
    """Households as the fast path takes them: decimal income, int members, bool flags."""
    table = pa.table(
        {
            "household_id": pa.array(rows["household_id"], pa.string()),
            "village_id": pa.array(rows["village_id"], pa.string()),
            "members": pa.array(rows["members"], pa.int64()),
            "income": pa.array(
                [None if x is None else Decimal(str(x)) for x in rows["income"]], income
            ),
            "has_labour_capacity": pa.array(rows["has_labour_capacity"], pa.bool_()),
        }
    )
    size = -(-table.num_rows // chunks)
    return pa.Table.from_batches(table.to_batches(max_chunksize=max(1, size)))


def _same_result(a, b):
    for name in ("villages", "households", "rejected"):
        assert getattr(a, name).to_pylist() == getattr(b, name).to_pylist(), name
    assert a.summary() == b.summary()


class TestFastPath:
    """Typed Arrow tables with every row valid skip the row checks; answers are identical."""

    @pytest.mark.parametrize("round", [1, 2, 3])
    @pytest.mark.parametrize("chunks", [1, 3])
    def test_equals_general_path(self, round, chunks):
        v = {
            **VILLAGES,
            "designated": [True, False, True],
            "registered_population": [20, 1, 3],
        }
        h: dict[str, Any] = {  # not sorted by id, village ids repeated and out of order
            "household_id": ["h9", "h1", "h5", "h2", "h3", "h4", "h0"],
            "village_id": ["v3", "v1", "v1", "v2", "v1", "v3", "v2"],
            "members": [1, 4, 4, 1, 2, 3, 7],
            "income": ["0", "12371.99", "12372.00", "1", "6185.99", "9279", "21650.99"],
            "has_labour_capacity": [True, True, True, True, False, True, False],
        }
        fast = batch.identify(pa.table(v), _typed(h, chunks), round=round)
        general = batch.identify(pa.table(v), pa.table(h), round=round)
        assert fast._households.chunks is not None
        assert general._households.chunks is None
        _same_result(fast, general)
        for name in ("members", "income", "has_labour_capacity"):
            assert np.array_equal(fast._households.columns[name], general._households.columns[name])
        assert np.array_equal(fast._households.index, general._households.index)
        assert np.array_equal(
            np.asarray(fast._household_village), np.asarray(general._household_village)
        )
        assert fast._household_village[3] == general._household_village[3]
        for household_id in h["household_id"]:
            assert fast.decision(household_id=household_id) == general.decision(
                household_id=household_id
            )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("income", None),
            ("income", "-0.01"),
            ("income", "1000000000000000"),
            ("members", 0),
            ("members", None),
            ("household_id", "h\x019"),
            ("household_id", ""),
            ("household_id", "h\x01"),
            ("household_id", "h1"),
            ("village_id", "v9"),
            ("village_id", "v\x01"),
            ("village_id", None),
            ("has_labour_capacity", None),
        ],
    )
    @pytest.mark.parametrize("chunks", [1, 4])
    def test_bad_rows_are_rejected_as_by_the_general_path(self, field, value, chunks):
        rows: dict[str, list[object]] = {k: [*v] for k, v in HOUSEHOLDS.items()}
        rows[field][2] = value
        income = pa.decimal128(18, 2) if field == "income" else pa.decimal128(15, 2)
        result = batch.identify(pa.table(VILLAGES), _typed(rows, chunks, income), round=2)
        rejected = result.rejected.to_pylist()
        assert [(r["file"], r["row"], r["field"]) for r in rejected] == [("households", 3, field)]
        assert result.households.num_rows == 3

    def test_unsorted_duplicates_are_rejected(self):
        rows: dict[str, list[object]] = {k: [*v] for k, v in HOUSEHOLDS.items()}
        rows["household_id"] = ["h3", "h1", "h2", "h1"]
        result = batch.identify(pa.table(VILLAGES), _typed(rows, 2), round=2)
        assert result.rejected.column("row").to_pylist() == [4]

    def test_wide_decimals_check_the_high_word(self):
        """decimal128(38, 2): a value past 64 bits is rejected, never wrapped."""
        rows: dict[str, list[object]] = {k: [*v] for k, v in HOUSEHOLDS.items()}
        rows["income"] = [
            "999999999999999.99",
            str(Decimal(2**64) / 100 + Decimal("12371.99")),
            "1",
            "6185.99",
        ]
        result = batch.identify(pa.table(VILLAGES), _typed(rows, 1, pa.decimal128(38, 2)), round=2)
        assert result.rejected.to_pylist()[0]["row"] == 2
        assert result.households.column("household_id").to_pylist() == ["h1", "h3", "h4"]
        rows["income"][:2] = ["12371.99", "12372.00"]
        result = batch.identify(pa.table(VILLAGES), _typed(rows, 1, pa.decimal128(38, 2)), round=2)
        assert result._households.chunks is not None
        assert _reasons(result) == EXPECTED

    def test_huge_amounts_stay_exact(self):
        standards = default_standards().with_overrides(
            {"round2.line_rounding": "exact", "round2.household_ratio": "0.333333"}
        )
        rows: dict[str, Any] = {
            **HOUSEHOLDS,
            "income": ["999999999999999.99", "12372.00", "1", "6185.99"],
            "members": [2**40, 4, 1, 2],
        }
        result = batch.identify(
            pa.table(VILLAGES), _typed(rows, 1, pa.decimal128(17, 2)), round=2, standards=standards
        )
        assert result._households.chunks is not None
        for i, household_id in enumerate(rows["household_id"]):
            expected = result.decision(household_id=household_id)
            assert result.households.column("reason")[i].as_py() == expected.code
            assert (
                result.households.column("margin")[i].as_py()
                == expected.reason("household_income").margin
            )

    def test_dictionary_village_ids(self, tmp_path):
        """Parquet village ids are read as dictionaries; an unused unknown entry is harmless."""
        table = _typed(HOUSEHOLDS, 2)
        ids = pa.DictionaryArray.from_arrays(
            pa.array([0, 0, 1, 0], pa.int32()), pa.array(["v1", "v2", "v-unused"])
        )
        typed = table.set_column(1, "village_id", ids)
        result = batch.identify(pa.table(VILLAGES), typed, round=2)
        assert result._households.chunks is not None
        assert _reasons(result) == EXPECTED
        assert result.decision(household_id="h3").code == "not:in_key_village"
        bad = pa.DictionaryArray.from_arrays(
            pa.array([0, 0, 2, 0], pa.int32()), pa.array(["v1", "v2", "v9"])
        )
        result = batch.identify(pa.table(VILLAGES), typed.set_column(1, "village_id", bad), round=2)
        assert [(r["row"], r["field"]) for r in result.rejected.to_pylist()] == [(3, "village_id")]
        pq.write_table(_typed(HOUSEHOLDS, 2), tmp_path / "h.parquet")
        pq.write_table(pa.table(VILLAGES), tmp_path / "v.parquet")
        result = batch.identify(tmp_path / "v.parquet", tmp_path / "h.parquet", round=2)
        assert result._households.chunks is not None
        assert _reasons(result) == EXPECTED
