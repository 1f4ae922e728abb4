"""Unit tests for ``shuangdao.io``: the CSV contract of ``shuangdao identify``."""

import doctest
import os
from decimal import Decimal

import pytest

import shuangdao.io as sio
from shuangdao.errors import InvalidRecordError, UnknownReferenceError
from shuangdao.ingest import Rejection
from shuangdao.io import (
    identify_csv,
    read_households_csv,
    read_villages_csv,
    write_csv_atomic,
    write_identification,
)

V2 = "village_id,per_capita_income,collective_income\n"
H = "household_id,village_id,members,income,has_labour_capacity\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_module_doctests():
    assert doctest.testmod(sio).failed == 0


class TestReadVillagesCsv:
    def test_round2_values_and_extra_columns(self, tmp_path):
        path = write(tmp_path, "v.csv", "extra," + V2 + "x, v1 ,9278.99,1000\n")
        villages, rejected = read_villages_csv(path, round=2)
        assert rejected == []
        assert villages[0].village_id == "v1"
        assert villages[0].per_capita_income == Decimal("9278.99")

    def test_bom_and_blank_lines(self, tmp_path):
        path = write(tmp_path, "v.csv", V2 + "v1,1,1\n\nv2,1,1\n", encoding="utf-8-sig")
        villages, rejected = read_villages_csv(path, round=2)
        assert [v.village_id for v in villages] == ["v1", "v2"]
        assert rejected == []

    @pytest.mark.parametrize(
        ("cell", "field"),
        [
            ("1,000", ""),
            ("1e3", "per_capita_income"),
            ("12.345", "per_capita_income"),
            ("-5", "per_capita_income"),
            ("abc", "per_capita_income"),
        ],
    )
    def test_bad_money_rejected(self, tmp_path, cell, field):
        path = write(tmp_path, "v.csv", V2 + f"v1,{cell},1\n")
        villages, rejected = read_villages_csv(path, round=2)
        assert villages == []
        assert rejected[0].field == field
        assert (rejected[0].file, rejected[0].row, rejected[0].id) == ("villages", 1, "v1")

    def test_duplicates_keep_the_first(self, tmp_path):
        path = write(tmp_path, "v.csv", V2 + "v1,1,1\nv2,1,1\nv1,2,2\n")
        villages, rejected = read_villages_csv(path, round=2)
        assert [v.village_id for v in villages] == ["v1", "v2"]
        assert rejected == [Rejection("villages", 3, "v1", "village_id", rejected[0].error, line=4)]
        assert "duplicate of villages[0] (row 1)" in rejected[0].error

    def test_round1_designated_booleans(self, tmp_path):
        text = (
            "village_id,per_capita_income,collective_income,designated\n"
            "a,,,TRUE\nb,,,no\nc,,,1\nd,,,maybe\ne,,,\n"
        )
        villages, rejected = read_villages_csv(write(tmp_path, "v.csv", text), round=1)
        assert [(v.village_id, v.designated) for v in villages] == [
            ("a", True),
            ("b", False),
            ("c", True),
            ("e", None),
        ]
        assert rejected[0].field == "designated"

    def test_round3_population_and_measure(self, tmp_path):
        text = (
            "village_id,per_capita_income,collective_income,registered_population\n"
            "a,8000,,100\nb,8000,,1.5\n"
        )
        villages, rejected = read_villages_csv(write(tmp_path, "v.csv", text), round=3)
        assert villages[0].income_measure.value == "disposable"
        assert rejected[0].field == "registered_population"

    def test_missing_column_is_a_file_error(self, tmp_path):
        with pytest.raises(InvalidRecordError, match="designated"):
            read_villages_csv(write(tmp_path, "v.csv", V2), round=1)

    def test_unreadable_empty_and_undecodable(self, tmp_path):
        with pytest.raises(InvalidRecordError, match="cannot be read"):
            read_villages_csv(tmp_path / "none.csv", round=2)
        with pytest.raises(InvalidRecordError, match="empty"):
            read_villages_csv(write(tmp_path, "e.csv", ""), round=2)
        bad = tmp_path / "b.csv"
        bad.write_bytes(V2.encode() + b"v1,\xff,1\n")
        with pytest.raises(InvalidRecordError, match="UTF-8"):
            read_villages_csv(bad, round=2)

    def test_too_many_values(self, tmp_path):
        _, rejected = read_villages_csv(write(tmp_path, "v.csv", V2 + "v1,1,1,oops\n"), round=2)
        assert rejected[0].field == ""

    def test_trailing_empty_values_are_fine(self, tmp_path):
        villages, _ = read_villages_csv(write(tmp_path, "v.csv", V2 + "v1,1,1,,\n"), round=2)
        assert len(villages) == 1

    def test_unknown_round(self, tmp_path):
        with pytest.raises(UnknownReferenceError):
            read_villages_csv(write(tmp_path, "v.csv", V2), round=4)


class TestReadHouseholdsCsv:
    @pytest.mark.parametrize(
        ("row", "field"),
        [
            ("h1,v1,0,1,true", "members"),
            ("h1,v1,x,1,true", "members"),
            ("h1,v1,2,,true", "income"),
            ("h1,v1,2,1,maybe", "has_labour_capacity"),
            ("h1,v9,2,1,true", "village_id"),
            (",v1,2,1,true", "household_id"),
            ("h1,,2,1,true", "village_id"),
            ("h1,v1,2.5,1,true", "members"),
            ("h1,v1,２,1,true", "members"),
            ("h1,v1,2,1e3,true", "income"),
        ],
    )
    def test_rejections_name_the_field(self, tmp_path, row, field):
        path = write(tmp_path, "h.csv", H + row + "\n")
        households, rejected = read_households_csv(path, round=2, village_ids={"v1"})
        assert households == []
        assert rejected[0].field == field

    def test_village_rejected_message(self, tmp_path):
        path = write(tmp_path, "h.csv", H + "h1,v2,2,1,true\n")
        _, rejected = read_households_csv(
            path, round=2, village_ids=["v1"], rejected_village_ids=["v2"]
        )
        assert "was rejected in the villages input" in rejected[0].error

    def test_values(self, tmp_path):
        path = write(tmp_path, "h.csv", H + " h1 , v1 , 4 , 12371.99 , Yes \n")
        households, _ = read_households_csv(path, round=3, village_ids={"v1"})
        h = households[0]
        assert (h.members, h.income, h.has_labour_capacity) == (4, Decimal("12371.99"), True)
        assert h.income_measure.value == "disposable"


class TestIdentifyCsv:
    def test_row_accounting(self, tmp_path):
        v = write(tmp_path, "v.csv", V2 + "v1,5000,0\nv2,x,0\nv1,1,1\nv3,,1\n")
        h = write(
            tmp_path,
            "h.csv",
            H + "h1,v1,2,100,true\nh2,v2,2,1,true\nh3,v3,1,1,1\n"
            "h4,v9,1,1,1\nh1,v1,1,1,1\nh5,v1,0,1,1\n",
        )
        result = identify_csv(v, h, round=2)
        rejected_v = [r for r in result.rejections if r.file == "villages"]
        rejected_h = [r for r in result.rejections if r.file == "households"]
        assert len(result.villages) + len(rejected_v) == result.village_rows == 4
        assert len(result.households) + len(rejected_h) == result.household_rows == 6
        assert [r.row for r in rejected_v] == [2, 3, 4]
        assert [r.row for r in rejected_h] == [2, 3, 4, 5, 6]
        # v3 had no income: rejected by the rule, and so is its household
        assert rejected_v[2].field == "per_capita_income"
        assert rejected_h[1].id == "h3"
        assert result.result.household("h1").outcome

    def test_round3_counts_from_decided_households(self, tmp_path):
        v = write(
            tmp_path,
            "v.csv",
            "village_id,per_capita_income,collective_income,registered_population\n"
            "v1,8000,,100\nv2,8000,,0\n",
        )
        h = write(tmp_path, "h.csv", H + "h1,v1,5,100,false\nh2,v2,1,1,true\n")
        result = identify_csv(v, h, round=3)
        assert result.villages[0].code == "selected"
        assert [(r.file, r.id) for r in result.rejections] == [
            ("villages", "v2"),
            ("households", "h2"),
        ]
        assert result.persons_selected == 5


class TestWriteIdentification:
    def test_writes_three_files(self, tmp_path):
        v = write(tmp_path, "v.csv", V2 + "v1,5000,0\n")
        h = write(tmp_path, "h.csv", H + "h1,v1,2,100,true\n")
        paths = write_identification(tmp_path / "out" / "deep", identify_csv(v, h, round=2))
        assert [p.read_text() for p in paths] == [
            "village_id,selected,reason,certainty\nv1,true,selected,confirmed\n",
            "household_id,poor,reason,certainty\nh1,true,selected,confirmed\n",
            "file,row,id,field,error\n",
        ]
        assert sorted(os.listdir(tmp_path / "out" / "deep")) == [
            "households.csv",
            "rejected.csv",
            "villages.csv",
        ]

    def test_failure_leaves_no_temporary_file(self, tmp_path):
        def rows():
            yield ("a",)
            raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            write_csv_atomic(tmp_path / "x.csv", ("h",), rows())
        assert os.listdir(tmp_path) == []
