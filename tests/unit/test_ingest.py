"""The one ingest: the cell grammar, the CSV reader and the header checks (shuangdao.ingest)."""

import datetime as dt
import doctest
import json
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import shuangdao.ingest as ingest
from shuangdao import Household, Pairing, Plan, Standards, batch, default_standards
from shuangdao.errors import (
    InvalidMoneyError,
    InvalidRecordError,
    InvalidTypeError,
    RecordErrors,
    ShuangdaoError,
)
from shuangdao.ingest import _csv, _grammar
from shuangdao.ingest import table as t
from shuangdao.io import identify_csv
from shuangdao.serialize import from_json, structure, to_json

V2 = "village_id,per_capita_income,collective_income\n"
H = "household_id,village_id,members,income,has_labour_capacity\n"


def test_doctests():
    for module in (ingest, _grammar, ingest.schema, ingest._rejection):
        assert doctest.testmod(module).failed == 0


class TestGrammar:
    @pytest.mark.parametrize(
        ("cell", "value"),
        [
            ("true", True),
            ("TRUE", True),
            (" Yes ", True),
            ("1", True),
            ("t", True),
            ("Y", True),
            ("是", True),
            ("false", False),
            ("No", False),
            ("0", False),
            ("F", False),
            ("n", False),
            ("否", False),
            (True, True),
            (0, False),
            (1.0, True),
            (Decimal("0"), False),
        ],
    )
    def test_flag_spellings(self, cell, value):
        assert ingest.parse_flag(cell) is value

    @pytest.mark.parametrize(
        "cell",
        ["maybe", "yes!", "ｙｅｓ", "2", 2, -1, 0.5, "tru", Decimal("sNaN"), Decimal("NaN")],
    )
    def test_flag_refused(self, cell):
        # A signalling NaN cannot be hashed: it used to leak a TypeError (found by fuzzing).
        with pytest.raises(InvalidRecordError):
            ingest.parse_flag(cell)

    def test_flag_other_types_are_type_errors(self):
        with pytest.raises(InvalidTypeError):
            ingest.parse_flag(dt.date(2011, 1, 1))

    @pytest.mark.parametrize(
        ("cell", "value"),
        [("4", 4), (" 4 ", 4), ("+4", 4), ("004", 4), ("4.0", 4), ("4.", 4), (4.0, 4), (4, 4)],
    )
    def test_counts(self, cell, value):
        assert ingest.parse_count(cell, minimum=1) == value

    @pytest.mark.parametrize(
        "cell",
        [
            "4.5",
            "1e3",
            "1_000",
            "1,000",
            "４",
            "٤",
            "",
            " ",
            "-1",
            True,
            4.5,
            float("nan"),
            "9" * 19,
        ],
    )
    def test_counts_refused(self, cell):
        with pytest.raises((InvalidRecordError, InvalidTypeError)):
            ingest.parse_count(cell, minimum=1)

    def test_huge_digit_strings_are_refused_quickly(self):
        with pytest.raises(InvalidRecordError, match="out of range"):
            ingest.parse_count("1" * 5000)
        with pytest.raises(InvalidMoneyError, match="out of range"):
            ingest.parse_money("1" * 5000)
        with pytest.raises(InvalidRecordError, match="longer than 131,072"):
            ingest.parse_money("1" * 200_000)

    @pytest.mark.parametrize(
        ("cell", "value"),
        [
            ("9278.99", "9278.99"),
            (" 1500 ", "1500.00"),
            ("-0", "0.00"),
            (".5", "0.50"),
            ("5.", "5.00"),
            ("1.500", "1.50"),
            (0.1, "0.10"),
            (7, "7.00"),
            (Decimal("1E+3"), "1000.00"),
        ],
    )
    def test_money(self, cell, value):
        assert ingest.parse_money(cell) == Decimal(value)

    @pytest.mark.parametrize(
        ("cell", "hint"),
        [
            ("1e3", "exponent"),
            ("1_000", "underscores"),
            ("1,000", "separators"),
            ("４", "full-width"),
            ("1２", "full-width"),
            ("NaN", "finite"),
            ("Infinity", "finite"),
            ("sNaN", "finite"),
            ("¥5", "decimal number"),
            ("1.001", "two decimals"),
            ("-5", ">= 0"),
        ],
    )
    def test_money_refused_with_a_reason(self, cell, hint):
        with pytest.raises(InvalidMoneyError, match=hint):
            ingest.parse_money(cell)

    @pytest.mark.parametrize(
        ("cell", "value"), [(" h1 ", "h1"), ("4418-023", "4418-023"), (12, "12"), (12.0, "12")]
    )
    def test_ids(self, cell, value):
        assert ingest.parse_id(cell) == value

    @pytest.mark.parametrize("cell", ["", "  ", "h\x01", "a\nb", 12.5, True, 2**53, float("inf")])
    def test_ids_refused(self, cell):
        with pytest.raises((InvalidRecordError, InvalidTypeError)):
            ingest.parse_id(cell)

    def test_dates(self):
        assert ingest.parse_date(" 2011-02-28 ") == dt.date(2011, 2, 28)
        for bad in ("2011-02-30", "20110228", "2011-2-28", "２０１１-02-28"):
            with pytest.raises(InvalidRecordError):
                ingest.parse_date(bad)
        with pytest.raises(InvalidTypeError):
            ingest.parse_date(dt.datetime(2011, 2, 28))

    def test_years(self):
        assert ingest.parse_year("2011") == 2011
        with pytest.raises(InvalidRecordError, match="1949 and 2100"):
            ingest.parse_year("2101")


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding, newline="")
    return path


@pytest.fixture(params=["arrow", "rows"])
def reader(request, monkeypatch):
    """Read CSV files with pyarrow (when it can) or force the row-by-row reader."""
    if request.param == "rows":
        monkeypatch.setattr(_csv, "_read_fast", lambda *a, **k: None)
    return request.param


def _rejected(result):
    return [(r.row, r.id, r.field, r.line) for r in result.rejections]


class TestCsvFile:
    def test_malformed_rows_reject_the_row_with_its_line(self, tmp_path, reader):
        villages = write(tmp_path, "v.csv", V2 + "v1,1,1\n")
        households = write(
            tmp_path,
            "h.csv",
            H + "h1,v1,1,1,yes\n\n"
            '"h2"x,v1,1,1,yes\n'
            "h3,v1,1,1,yes,extra\n"
            '"h4","v1","1","1","yes"\n'
            "h5,v1,1,1,yes\n",
        )
        result = identify_csv(villages, households, round=2)
        assert [d.subject_id for d in result.households] == ["h1", "h4", "h5"]
        assert _rejected(result) == [(2, "", "", 4), (3, "h3", "", 5)]
        assert "line 4" in result.rejections[0].error
        assert result.household_rows == 5

    def test_a_cell_too_long_rejects_its_row_not_the_file(self, tmp_path, reader):
        villages = write(tmp_path, "v.csv", V2 + "v1,1,1\n")
        long = "x" * 131_073
        households = write(
            tmp_path, "h.csv", H + f"h1,v1,1,1,yes\nh2,v1,1,1,yes,{long}\nh3,v1,1,1,yes\n"
        )
        result = identify_csv(villages, households, round=2)
        assert [d.subject_id for d in result.households] == ["h1", "h3"]
        assert [(r.row, r.line) for r in result.rejections] == [(2, 3)]
        assert "131,072" in result.rejections[0].error

    def test_a_malformed_row_names_its_id_when_the_line_holds_it(self, tmp_path, reader):
        villages = write(tmp_path, "v.csv", V2 + "v1,1,1\n")
        long = "9" * 131_073
        households = write(
            tmp_path,
            "h.csv",
            H + f"h1,v1,1,1,yes\n"  # decided
            f"h2,v1,1,{long},yes\n"  # too long after the id: named
            '"h 3",v1,1,"1"x,yes\n'  # stray quote after a quoted id: named
            'h"4,v1,1,1,yes\n'  # a quote inside an unquoted cell is text: decided
            '"h5"x,v1,1,1,yes\n'  # the id cell itself is malformed: no id
            f"{'h' * 131_073},v1,1,1,yes,extra\n"  # an over-long id is never guessed
            'h7,v1,"1,1,yes\n',  # a quote never closed: named, with its lines
        )
        result = identify_csv(villages, households, round=2)
        assert [d.subject_id for d in result.households] == ["h1", 'h"4']  # a quote is text
        assert [(r.row, r.id, r.field, r.line) for r in result.rejections] == [
            (2, "h2", "", 3),
            (3, "h 3", "", 4),
            (5, "", "", 6),
            (6, "", "", 7),
            (7, "h7", "", 8),
        ]
        errors = [r.error for r in result.rejections]
        assert errors[0].startswith("household h2 (row 2, line 3): has a cell longer")
        assert errors[1].startswith("household h 3 (row 3, line 4): is not valid CSV")
        assert errors[2].startswith("households row 5 (line 6): is not valid CSV")
        assert errors[3].startswith("households row 6 (line 7): has a cell longer")
        assert errors[4].startswith("household h7 (row 7, line 8): has a quoted cell opened")
        assert result.household_rows == 7

    @pytest.mark.parametrize(
        ("line", "index", "expected"),
        [
            ('h2,v1,"4,9000,yes\n', 0, "h2"),
            ('h2,v1,"4,9000,yes\n', 1, "v1"),
            ('h2,v1,"4,9000,yes\n', 2, ""),
            ('"h ""2""",v1\r\n', 0, 'h "2"'),
            ('" h2 "', 0, "h2"),
            ('h"2,v1\n', 0, 'h"2'),
            ('"h2"x,v1\n', 0, ""),
            ('"h2\n', 0, ""),
            ("", 0, ""),
            ("h2", 3, ""),
        ],
    )
    def test_recover_id(self, line, index, expected):
        assert _csv.recover_id(line, index) == expected

    def test_unterminated_quote(self, tmp_path, reader):
        villages = write(tmp_path, "v.csv", V2 + "v1,1,1\n")
        households = write(tmp_path, "h.csv", H + 'h1,v1,1,1,yes\nh2,"v1,1,1,yes\nh3,v1,1,1,no\n')
        result = identify_csv(villages, households, round=2)
        assert [d.subject_id for d in result.households] == ["h1"]
        assert "never closed" in result.rejections[0].error
        assert result.household_rows == 2  # the open quote swallows the rest of the file

    def test_quoted_newlines_keep_line_numbers(self, tmp_path, reader):
        villages = write(
            tmp_path,
            "v.csv",
            "village_id,per_capita_income,collective_income,name\n"
            'v1,1,1,"two\nlines"\nv2,x,1,plain\n',
        )
        result = identify_csv(villages, write(tmp_path, "h.csv", H), round=2)
        assert _rejected(result) == [(2, "v2", "per_capita_income", 4)]

    def test_bom_crlf_and_blank_lines(self, tmp_path, reader):
        villages = write(tmp_path, "v.csv", "\ufeff" + V2.replace("\n", "\r\n") + "v1,1,1\r\n\r\n")
        households = write(tmp_path, "h.csv", H + "h1,v1,1,1,是\nh2,v1,1,x,是\n")
        result = identify_csv(villages, households, round=2)
        assert [d.subject_id for d in result.villages] == ["v1"]
        assert _rejected(result) == [(2, "h2", "income", 3)]

    def test_not_utf8_names_line_and_file_offset(self, tmp_path, reader):
        path = tmp_path / "v.csv"
        path.write_bytes(b"\xef\xbb\xbf" + V2.encode() + b"v1,1,1\nv2,\xff,1\n")
        with pytest.raises(InvalidRecordError, match=r"line 3, at byte offset 60 of the file"):
            identify_csv(path, write(tmp_path, "h.csv", H), round=2)

    def test_duplicate_columns_after_stripping(self, tmp_path, reader):
        path = write(
            tmp_path, "v.csv", "village_id, village_id,per_capita_income,collective_income\n"
        )
        with pytest.raises(InvalidRecordError, match="duplicate columns: village_id"):
            identify_csv(path, write(tmp_path, "h.csv", H), round=2)

    def test_a_wide_header_is_checked_in_linear_time(self, tmp_path):
        names = [f"c{i}" for i in range(40_000)]
        assert _csv.header_problem(names, required=["c39999"]) is None
        assert _csv.header_problem([*names, "c7"]) == "has duplicate columns: c7"

    def test_both_readers_agree(self, tmp_path, monkeypatch):
        villages = write(tmp_path, "v.csv", V2 + 'v1,1,1\n"v2",2,2\nv3, ４,1\n')
        households = write(
            tmp_path, "h.csv", H + 'h1,v1,2,1e3,y\nh2,v2,"2",1,N\nh3,v3,1,1,t\nh1,v1,1,1,1\n'
        )
        fast = identify_csv(villages, households, round=2)
        monkeypatch.setattr(_csv, "_read_fast", lambda *a, **k: None)
        slow = identify_csv(villages, households, round=2)
        assert fast.rejections == slow.rejections
        assert list(fast.outcomes("households")) == list(slow.outcomes("households"))


class TestTables:
    def test_pandas_duplicate_columns_are_an_error_not_a_crash(self):
        frame = pd.DataFrame([["v1", 1, 1]], columns=["village_id", "village_id", "x"])
        with pytest.raises(InvalidRecordError, match="duplicate columns"):
            t.read_source(frame, name="villages")

    def test_missing_column_is_a_table_error_at_every_door(self):
        villages = pa.table({"village_id": ["v1"], "per_capita_income": ["1"]})
        households = pa.table({k: ["x"] for k in H.strip().split(",")})
        with pytest.raises(InvalidRecordError, match=r"lacks required column.*collective_income"):
            batch.identify(villages, households, round=2)

    def test_pandas_nan_is_missing(self):
        villages = pd.DataFrame(
            {
                "village_id": ["v1", "v2"],
                "per_capita_income": [np.nan, 1.0],
                "collective_income": [1.0, 2.0],
                "designated": [True, None],
            }
        )
        households = pd.DataFrame({k: [] for k in H.strip().split(",")})
        result = batch.identify(villages, households, round=1)
        assert result.villages.column("village_id").to_pylist() == ["v1"]
        assert result.rejected.column("field").to_pylist() == ["designated"]

    @pytest.mark.parametrize(
        ("number", "kind"),
        [(2**63, "uint64"), (-(2**63), "int64"), (2**53, "int64"), (-(2**53), "int64")],
    )
    def test_integer_ids_beyond_2_53_are_rejected_not_a_crash(self, number, kind):
        # 2**63 in uint64 and -2**63 in int64 overflowed a cast and abs (found by fuzzing).
        villages = pd.DataFrame(
            {
                "village_id": ["v1", "v2"],
                "county_id": pd.array([number, 7], dtype=kind),
                "per_capita_income": ["1", "1"],
                "collective_income": ["1", "1"],
            }
        )
        households = pd.DataFrame({k: [] for k in H.strip().split(",")})
        result = batch.identify(villages, households, round=2)
        assert result.villages.column("village_id").to_pylist() == ["v2"]
        (problem,) = result.rejected.to_pylist()
        assert problem["field"] == "county_id"
        assert "too large a number to be an exact id" in problem["error"]


def test_old_rejection_names_still_work_with_a_warning():
    import shuangdao.batch._load as old_batch
    import shuangdao.io as old_io

    with pytest.warns(DeprecationWarning, match=r"shuangdao\.ingest\.Rejection"):
        io_rejection = old_io.Rejection
    with pytest.warns(DeprecationWarning, match=r"shuangdao\.ingest\.Rejection"):
        batch_rejection = old_batch.Rejection
    assert io_rejection is batch_rejection is ingest.Rejection
    with pytest.warns(DeprecationWarning, match="parse_flag"):
        parse_bool = old_batch.parse_bool
    assert parse_bool(" Y ") is True


HOUSEHOLD_JSON = (
    '{"household_id": "h1", "village_id": "v1", "members": 4, "income": "12371.99", '
    '"has_labour_capacity": true}'
)


class TestStrictJson:
    def _data(self, **changes):
        data = json.loads(HOUSEHOLD_JSON)
        data.update(changes)
        return json.dumps(data)

    def test_false_text_is_no(self):
        household = from_json(self._data(has_labour_capacity="false"), Household)
        assert household.has_labour_capacity is False

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("members", 4.9, "is not a whole number"),
            ("members", True, "not a boolean"),
            ("household_id", None, "is missing"),
            ("members", 0, "must be >= 1"),
            ("income", "1e3", "exponent"),
        ],
    )
    def test_json_refuses_what_the_constructor_refuses(self, field, value, message):
        with pytest.raises(RecordErrors) as info:
            from_json(self._data(**{field: value}), Household)
        [(path, error)] = info.value.located()
        assert path == f"$.{field}"
        assert message in str(error)
        assert error.rule == "model.household"

    def test_every_problem_is_collected_with_its_path(self):
        text = (
            '{"plan_id": "p1", "subject_kind": "unit", "subject_id": "h1", "target_year": 1900,'
            ' "measures": [{"kind": "education"}, {"kind": "bogus", "amount": "1.001"}],'
            ' "extra": 1}'
        )
        with pytest.raises(RecordErrors) as info:
            from_json(text, Plan)
        assert [p for p, _ in info.value.located()] == [
            "$.extra",
            "$.subject_kind",
            "$.measures[1].kind",
            "$.measures[1].amount",
            "$.target_year",
        ]

    def test_lists_of_records_locate_each_problem(self):
        data = [json.loads(HOUSEHOLD_JSON), {**json.loads(HOUSEHOLD_JSON), "members": "x"}]
        with pytest.raises(RecordErrors) as info:
            structure(data, list[Household])
        assert [p for p, _ in info.value.located()] == ["$[1].members"]

    def test_cross_field_checks_run_in_the_constructor(self):
        text = (
            '{"pairing_id": "p1", "assisting_kind": "unit", "assisting_id": "u1",'
            ' "assisted_kind": "village", "assisted_id": "v1", "valid_from": "2011-01-01",'
            ' "valid_to": "2010-01-01"}'
        )
        with pytest.raises(RecordErrors) as info:
            from_json(text, Pairing)
        assert "must not be before valid_from" in info.value.explain()
        assert [p for p, _ in info.value.located()] == ["$.valid_to"]

    def test_not_json(self):
        with pytest.raises(InvalidRecordError, match="line 1"):
            from_json("{", Household)
        with pytest.raises(InvalidRecordError, match="NaN"):
            from_json('{"members": NaN}', Household)

    @pytest.mark.parametrize("bad", ["-5", "Infinity", "3093.001", "sNaN", "1e999999999", -5])
    def test_standards_from_json_are_checked_like_overrides(self, bad):
        data = json.loads(to_json(default_standards()))
        data["parameters"]["round2.household_line"]["value"] = bad
        with pytest.raises(RecordErrors) as info:
            from_json(json.dumps(data), Standards)
        [(path, error)] = info.value.located()
        assert path == '$.parameters["round2.household_line"].value'
        assert "round2.household_line" in str(error)

    def test_every_problem_of_standards_json_is_reported_at_its_path(self):
        """Problems in several parameters and fields are all named, each where it is."""
        data = json.loads(to_json(default_standards()))
        parameters = data["parameters"]
        parameters["round2.household_ratio"]["value"] = "zero point three"
        parameters["round2.village_ratio"]["citation"]["certainty"] = "maybe"
        cited = parameters["round1.household_line"]["citation"]
        parameters["round1.household_line"]["history"] = [
            {"since": "2010-13-01", "value": "x", "citation": cited}
        ]
        with pytest.raises(RecordErrors) as info:
            from_json(json.dumps(data), Standards)
        paths = [path for path, _ in info.value.located()]
        assert paths == [
            '$.parameters["round1.household_line"].history[0].since',
            '$.parameters["round1.household_line"].history[0].value',
            '$.parameters["round2.household_ratio"].value',
            '$.parameters["round2.village_ratio"].citation.certainty',
        ]
        text = info.value.explain()
        assert "round2.household_ratio='zero point three' is not a decimal number" in text
        assert "'maybe' is not a valid Certainty" in text

    @pytest.mark.parametrize("bad", ["-5", "Infinity", "3093.001", "sNaN", "1e999999999", -5])
    def test_a_line_set_in_json_is_checked_exactly_as_the_same_override(self, bad):
        # Listed among the overrides, the line is an override of its key: same message.
        scenario = default_standards().with_overrides({"round2.household_line": "3500"})
        data = json.loads(to_json(scenario))
        data["parameters"]["round2.household_line"]["value"] = bad
        with pytest.raises(RecordErrors) as info:
            from_json(json.dumps(data), Standards)
        with pytest.raises(ShuangdaoError) as override:
            default_standards().with_overrides({"round2.household_line": bad})
        [(path, error)] = info.value.located()
        assert path.startswith('$.parameters["round2.household_line"]')
        assert str(error) == str(override.value)

    def test_standards_unknown_keys_and_declarations(self):
        data = json.loads(to_json(default_standards()))
        data["parameters"]["round2.nonsense"] = dict(data["parameters"]["round2.household_line"])
        data["parameters"]["round2.household_ratio"]["maximum"] = "5"
        with pytest.raises(RecordErrors) as info:
            from_json(json.dumps(data), Standards)
        paths = [p for p, _ in info.value.located()]
        assert '$.parameters["round2.nonsense"]' in paths
        assert '$.parameters["round2.household_ratio"].maximum' in paths

    def test_standards_with_a_derived_line_set_directly_round_trip(self):
        scenario = default_standards().with_overrides({"round2.household_line": "3500"})
        assert from_json(to_json(scenario), Standards) == scenario


class TestSmallTables:
    def test_units_without_kind_is_a_file_error(self, tmp_path):
        path = write(tmp_path, "units.csv", "unit_id,level\nu1,county\n")
        with pytest.raises(InvalidRecordError, match=r"lacks required column.*kind"):
            t.read_rows(path, ingest.CONTRACTS["units"])

    def test_every_bad_row_is_named(self, tmp_path):
        path = write(
            tmp_path,
            "units.csv",
            "unit_id,kind,level,capacity_villages\nu1,public_institution,county,2\n"
            "u2,bogus,county,1\nu1,public_institution,city,x\nu3,public_institution,city,\n",
        )
        with pytest.raises(RecordErrors) as info:
            t.read_rows(path, ingest.CONTRACTS["units"])
        assert [p for p, _ in info.value.located()] == [
            "$.units[row 2].kind",
            "$.units[row 3].capacity_villages",
        ]

    def test_rows(self, tmp_path):
        path = write(tmp_path, "cadres.csv", "cadre_id,unit_id,extra\nc1, u1 ,x\n")
        assert t.read_rows(path, ingest.CONTRACTS["cadres"]) == [
            {"cadre_id": "c1", "unit_id": "u1"}
        ]


def test_input_columns_for_the_cli_help():
    tables = dict(ingest.input_columns("run"))
    assert set(tables) == {"--villages", "--households", "--units", "--cadres"}
    population = tables["--villages"].column("registered_population")
    assert population.required_text() == "required in round(s) 3"
    assert population.required_text("zh") == "第 3 轮必填"
    assert "户籍人口" in population.meaning("zh")
    assert tables["--households"].column("income").cell.type_name("zh").startswith("金额")


class TestTextFastPath:
    """Text tables (CSV files) of plain cells are typed in bulk; anything else is not."""

    def _households(self, **changes):
        rows = {
            "household_id": ["h1", "h2", "h3"],
            "village_id": ["v1", "v1", "v1"],
            "members": ["4", "007", "1"],
            "income": ["12371.99", "5", "0.5"],
            "has_labour_capacity": ["TRUE", "n", "Y"],
        }
        rows.update(changes)
        return pa.table({k: pa.array(v, pa.large_string()) for k, v in rows.items()})

    def test_plain_text_is_typed_exactly(self):
        from shuangdao.batch._load import _typed_text

        typed = _typed_text(self._households())
        assert typed is not None
        assert typed.column("members").to_pylist() == [4, 7, 1]
        assert typed.column("income").to_pylist() == [
            Decimal("12371.99"),
            Decimal("5.00"),
            Decimal("0.50"),
        ]
        assert typed.column("has_labour_capacity").to_pylist() == [True, False, True]

    @pytest.mark.parametrize(
        ("field", "cell"),
        [
            ("members", "0x10"),
            ("members", " 4"),
            ("members", "4.0"),
            ("income", "1e3"),
            ("income", "+1.5"),
            ("has_labour_capacity", "是"),
            ("has_labour_capacity", "maybe"),
        ],
    )
    def test_anything_else_takes_the_general_path(self, field, cell):
        from shuangdao.batch._load import _typed_text

        table = self._households(
            **{field: [cell, "1" if field != "has_labour_capacity" else "y", "1"]}
        )
        if field == "income":
            table = self._households(income=[cell, "1", "1"])
        assert _typed_text(table) is None
        villages = pa.table(
            {"village_id": ["v1"], "per_capita_income": ["1"], "collective_income": ["1"]}
        )
        general = batch.identify(villages, table, round=2)
        assert general.households.num_rows + general.rejected.num_rows == 3
