"""Every independent problem of a rejected row is reported, one line per failing field.

Before, a row was reported for its first bad field only, so a register with three bad cells
in a row took three runs of ``validate``. Now every door lists each failing field of a row
(in the contract's column order; rows in file order); checks that depend on a value that
already failed add nothing; and every count of rejected rows still counts rows.
"""

import csv
import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shuangdao import batch, ingest
from shuangdao.cli import main
from shuangdao.errors import RecordErrors, UnknownReferenceError
from shuangdao.ingest import Rejection, rejected_rows, row_problems
from shuangdao.ingest import table as t
from shuangdao.io import identify_csv, read_households_csv

VILLAGES = "village_id,per_capita_income,collective_income\nv1,3000,20000\nv2,abc,\n"
HOUSEHOLDS = (
    "household_id,village_id,members,income,has_labour_capacity\n"
    "h1,v1,abc,-5,maybe\nh2,v1,0,12.345,yes\nh3,v9,4,100,yes\nh4,v1,4,100,no\n"
)
CHOICES = "(true/false, yes/no, 1/0, t/f, y/n, 是/否)"
EXPECTED = {
    "en": [
        "file,row,id,field,error",
        (
            "villages,2,v2,per_capita_income,village v2: per_capita_income='abc' is not a decimal "
            "number (yuan) (rule model.village)"
        ),
        (
            "villages,2,v2,collective_income,village v2: collective_income is missing (required by "
            "this rule) (rule identification.round2.village)"
        ),
        (
            "households,1,h1,members,household h1: members='abc' is not a whole number "
            "(rule model.household)"
        ),
        "households,1,h1,income,household h1: income='-5' must be >= 0 (rule model.household)",
        (
            "households,1,h1,has_labour_capacity,\"household h1: has_labour_capacity='maybe' is not "
            f'a yes/no value {CHOICES} (rule model.household)"'
        ),
        "households,2,h2,members,household h2: members=0 must be >= 1 (rule model.household)",
        (
            "households,2,h2,income,household h2: income='12.345' has more than two decimals "
            "(fen precision) (rule model.household)"
        ),
        (
            "households,3,h3,village_id,household h3: village_id='v9' is not in the villages input "
            "(rule identification)"
        ),
    ],
    "zh": [
        "file,row,id,field,error",
        (
            "villages,2,v2,per_capita_income,村 v2：per_capita_income='abc' 不是十进制数（元）"
            "（规则 model.village）"
        ),
        (
            "villages,2,v2,collective_income,村 v2：collective_income 缺失（本规则必需）"
            "（规则 identification.round2.village）"
        ),
        "households,1,h1,members,农户 h1：members='abc' 不是整数（规则 model.household）",
        "households,1,h1,income,农户 h1：income='-5' 须 >= 0（规则 model.household）",
        (
            "households,1,h1,has_labour_capacity,\"农户 h1：has_labour_capacity='maybe' 不是是/否值"
            '（true/false, yes/no, 1/0, t/f, y/n, 是/否）（规则 model.household）"'
        ),
        "households,2,h2,members,农户 h2：members=0 须 >= 1（规则 model.household）",
        (
            "households,2,h2,income,农户 h2：income='12.345' 小数多于两位（须精确到分）"
            "（规则 model.household）"
        ),
        "households,3,h3,village_id,农户 h3：village_id='v9' 不在村表中（规则 identification）",
    ],
}
COUNTS = {
    "en": "2 village and 4 household rows read; 4 row(s) would be rejected (8 problems)",
    "zh": "读取村2行、农户4行；4行将被拒绝（共8个问题）",
}
LINES = [  # (file, row, id, field) of every expected line
    ("villages", 2, "v2", "per_capita_income"),
    ("villages", 2, "v2", "collective_income"),
    ("households", 1, "h1", "members"),
    ("households", 1, "h1", "income"),
    ("households", 1, "h1", "has_labour_capacity"),
    ("households", 2, "h2", "members"),
    ("households", 2, "h2", "income"),
    ("households", 3, "h3", "village_id"),
]


@pytest.fixture
def files(tmp_path):
    v, h = tmp_path / "v.csv", tmp_path / "h.csv"
    v.write_text(VILLAGES, encoding="utf-8")
    h.write_text(HOUSEHOLDS, encoding="utf-8")
    return v, h


def _cells(table):
    return list(
        zip(
            *(table.column(name).to_pylist() for name in ("file", "row", "id", "field")),
            strict=True,
        )
    )


class TestTheExample:
    """The register of the report: v2 and h1..h3 have one to three problems each."""

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_validate_lists_every_line_and_counts_rows(self, files, capsys, lang):
        v, h = files
        status = main(
            [
                "validate",
                "--round",
                "2",
                "--villages",
                str(v),
                "--households",
                str(h),
                "--lang",
                lang,
            ]
        )
        out, err = capsys.readouterr()
        assert status == 1
        assert out.splitlines() == EXPECTED[lang]
        assert err.strip() == COUNTS[lang]

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_identify_writes_the_same_lines_and_counts_rows(self, files, tmp_path, capsys, lang):
        v, h = files
        out = tmp_path / "out"
        status = main(
            [
                *("identify", "--round", "2", "--villages", str(v), "--households", str(h)),
                *("--out", str(out), "--lang", lang),
            ]
        )
        printed = capsys.readouterr().out
        assert status == 1
        written = (out / "rejected.csv").read_text(encoding="utf-8").splitlines()
        assert written == EXPECTED["en"]  # rejected.csv is always in English
        if lang == "en":
            assert "4 row(s) could not be decided (8 problems) (see rejected.csv)." in printed
        else:
            assert "4行未能判定（共8个问题）（见 rejected.csv）。" in printed
        assert [r[0] for r in csv.reader(io.StringIO((out / "households.csv").read_text()))] == [
            "household_id",
            "h4",
        ]

    def test_every_table_door_gives_the_same_lines(self, files, tmp_path):
        v, h = files
        frames = tuple(pd.read_csv(path, dtype=str, keep_default_na=False) for path in (v, h))
        for name, frame in zip(("v", "h"), frames, strict=True):
            table = pa.Table.from_pandas(frame, preserve_index=False)
            pq.write_table(table, tmp_path / f"{name}.parquet")
        doors = {
            "csv": (v, h),
            "parquet": (tmp_path / "v.parquet", tmp_path / "h.parquet"),
            "pandas": frames,
            "arrow": tuple(pa.Table.from_pandas(f, preserve_index=False) for f in frames),
        }
        tables = {}
        for door, (villages, households) in doors.items():
            result = batch.identify(villages, households, round=2)
            assert _cells(result.rejected) == LINES, door
            assert result.summary().rejected == 4
            assert result.households.column("household_id").to_pylist() == ["h4"]
            tables[door] = result.rejected.select(["file", "row", "id", "field", "error"])
        assert all(table.equals(tables["csv"]) for table in tables.values())
        assert "rejected=4" in repr(batch.identify(v, h, round=2))
        assert "4 rows rejected (8 problems)" in batch.identify(v, h, round=2)._repr_html_()

    def test_the_library_and_the_row_by_row_reader(self, files):
        v, h = files
        errors = [row[4] for row in csv.reader(EXPECTED["en"][1:])]
        result = identify_csv(v, h, round=2)
        assert [(r.file, r.row, r.id, r.field) for r in result.rejections] == LINES
        assert [r.error for r in result.rejections] == errors
        # the row-by-row reader (no frame extra) reads the households the same way
        _, rejected = read_households_csv(h, round=2, village_ids={"v1"})
        assert [(r.file, r.row, r.id, r.field) for r in rejected] == LINES[2:]
        assert [r.error for r in rejected] == errors[2:]
        assert [r.line for r in rejected] == [2, 2, 2, 3, 3, 4]

    @pytest.mark.parametrize("fmt", ["csv", "parquet", None])
    def test_the_run_counts_rows(self, files, tmp_path, fmt):
        from shuangdao.scenario import run_round

        v, h = files
        kwargs = {} if fmt is None else {"out": tmp_path / "out", "format": fmt}
        result = run_round((str(v), str(h)), round=2, **kwargs)
        assert result.summary().rejected == 4
        assert _cells(result.tables["rejected"]) == LINES
        assert "4 rows rejected" in result.summary().text()


class TestAskingAboutARejectedRecord:
    """explain, ``BatchResult.decision`` and ``CsvIdentification.problems`` name every problem."""

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_explain_lists_every_problem_of_the_row(self, files, capsys, lang):
        v, h = files
        ask = ["explain", "--round", "2", "--villages", str(v), "--households", str(h)]
        assert main([*ask, "--household", "h1", "--lang", lang]) == 1
        err = capsys.readouterr().err.splitlines()
        lines = [row[4] for row in csv.reader(EXPECTED[lang][3:6])]
        if lang == "en":
            head = "shuangdao: household h1 was not decided (households row 1; 3 problems):"
        else:
            head = "shuangdao：农户 h1 未判定（households 第1行，共3个问题）："
        assert err == [head, *(f"  {line}" for line in lines)]

    def test_explain_keeps_one_line_for_one_problem(self, files, capsys):
        v, h = files
        ask = ["explain", "--round", "2", "--villages", str(v), "--households", str(h)]
        assert main([*ask, "--household", "h3"]) == 1
        assert capsys.readouterr().err.strip() == (
            "shuangdao: household h3 was not decided (households row 3): household h3: "
            "village_id='v9' is not in the villages input (rule identification)"
        )

    def test_the_library_gives_every_problem(self, files):
        v, h = files
        result = identify_csv(v, h, round=2)
        assert [p.field for p in result.problems("households", "h2")] == ["members", "income"]
        assert result.rejection("households", "h2") == result.problems("households", "h2")[0]
        assert result.problems("villages", "h2") == ()
        assert [p.field for p in result.problems("villages", "v2")] == [
            "per_capita_income",
            "collective_income",
        ]

    def test_batch_decision_names_every_problem(self, files):
        v, h = files
        result = batch.identify(v, h, round=2)
        with pytest.raises(UnknownReferenceError) as raised:
            result.decision(household_id="h1")
        text = str(raised.value)
        assert "was rejected (row 1: " in text
        for cell in ("members='abc'", "income='-5'", "has_labour_capacity='maybe'"):
            assert cell in text
        with pytest.raises(UnknownReferenceError, match="is not in this result"):
            result.decision(household_id="h99")

    def test_row_problems_takes_the_first_rejected_row_of_the_id(self, files):
        v, h = files
        table = batch.identify(v, h, round=2).rejected
        assert [(p.row, p.field) for p in row_problems(table, "h2")] == [
            (2, "members"),
            (2, "income"),
        ]
        assert row_problems(table, "h2", file="villages") == ()
        assert row_problems(table, "nobody") == ()


class TestDependentChecks:
    """A check that depends on a value that already failed adds no line of its own."""

    def _identify(self, tmp_path, villages, households, round=2):
        v, h = tmp_path / "v.csv", tmp_path / "h.csv"
        v.write_text(villages, encoding="utf-8")
        h.write_text(households, encoding="utf-8")
        return batch.identify(v, h, round=round)

    def test_an_unreadable_village_id_is_not_also_an_unknown_village(self, tmp_path):
        result = self._identify(
            tmp_path,
            VILLAGES,
            "household_id,village_id,members,income,has_labour_capacity\n"
            "h1,,0,1,yes\nh2,v9,0,1,yes\nh3,v2,x,1,yes\n",
        )
        assert [(r[1], r[3]) for r in _cells(result.rejected) if r[0] == "households"] == [
            (1, "village_id"),  # missing: not also "not in the villages input"
            (1, "members"),
            (2, "village_id"),  # read, unknown: reported beside members
            (2, "members"),
            (3, "village_id"),  # read, its village rejected: beside members
            (3, "members"),
        ]
        errors = result.rejected.column("error").to_pylist()
        assert "household h1: village_id is missing" in errors[2]
        assert "is not in the villages input" in errors[4]
        assert "was rejected in the villages input" in errors[6]

    def test_a_field_gets_one_line_its_first_problem(self, tmp_path):
        villages = (
            "village_id,per_capita_income,collective_income,registered_population\n"
            "v1,3000,20000,abc\nv2,,x,0\nv3,3000,20000,100\n"
        )
        result = self._identify(
            tmp_path,
            villages,
            "household_id,village_id,members,income,has_labour_capacity\nh1,v3,4,1,yes\n",
            round=3,
        )
        rows = [(r[1], r[3]) for r in _cells(result.rejected)]
        assert rows == [
            (1, "registered_population"),  # unreadable: not also "must be >= 1"
            (2, "per_capita_income"),  # missing, needed by the rule
            (2, "collective_income"),  # unreadable
            (2, "registered_population"),  # read, but 0: needed >= 1
        ]
        errors = result.rejected.column("error").to_pylist()
        assert "registered_population='abc' is not a whole number" in errors[0]
        assert "must be >= 1 to compute the relatively poor share" in errors[3]
        assert result.summary().rejected == 2

    def test_duplicates_are_judged_among_valid_rows(self, tmp_path):
        result = self._identify(
            tmp_path,
            VILLAGES,
            "household_id,village_id,members,income,has_labour_capacity\n"
            "h1,v1,0,1,yes\nh1,v1,4,1,yes\nh1,v1,4,x,maybe\nh1,v1,4,1,no\n",
        )
        assert [(r[1], r[3]) for r in _cells(result.rejected) if r[0] == "households"] == [
            (1, "members"),  # rejected: not the occurrence kept
            (3, "income"),  # its own problems only, no "duplicate" line beside them
            (3, "has_labour_capacity"),
            (4, "household_id"),  # valid but a duplicate of row 2
        ]
        assert result.households.num_rows == 1
        assert result.summary().rejected == 1 + 3  # v2, and rows 1, 3, 4

    def test_a_rejected_row_reaches_no_rule(self, tmp_path):
        """Nothing derived from ``members`` (per-capita income) when it is unreadable."""
        result = self._identify(
            tmp_path,
            VILLAGES,
            "household_id,village_id,members,income,has_labour_capacity\nh1,v1,abc,100,yes\n",
        )
        assert _cells(result.rejected)[-1] == ("households", 1, "h1", "members")
        assert result.households.num_rows == 0


class TestCounts:
    def test_rejected_rows_counts_rows_not_lines(self):
        lines = [
            Rejection("households", 1, "h1", "members", "x"),
            Rejection("households", 1, "h1", "income", "y"),
            Rejection("villages", 1, "v1", "per_capita_income", "z"),
        ]
        assert rejected_rows(lines) == 2
        assert rejected_rows([]) == 0
        table = pa.table(
            {
                "file": [r.file for r in lines],
                "row": [r.row for r in lines],
                "id": [r.id for r in lines],
            }
        )
        assert rejected_rows(table) == 2
        assert rejected_rows(table.slice(0, 0)) == 0

    def test_check_keeps_one_line_per_field_in_the_contract_order(self):
        check = t.Check(file="households", kind="household", n=3, fields=("a", "b", "c"))
        check.reject(1, "c", "third")
        check.reject(1, "a", "first")
        check.reject(1, "a", "again")  # the field already failed: not a second line
        check.reject(2, "z", "unknown field")
        check.reject(2, "b", "second")
        assert check.bad.tolist() == [False, True, True]
        assert check.failed("a").tolist() == [False, True, False]
        assert check.n_rejected == 2
        assert [(r.row, r.field, r.error) for r in check.rejections()] == [
            (2, "a", "first"),
            (2, "c", "third"),
            (3, "b", "second"),
            (3, "z", "unknown field"),
        ]

    def test_read_rows_lists_each_cell_and_counts_rows(self, tmp_path):
        path = tmp_path / "units.csv"
        path.write_text(
            "unit_id,kind,level,capacity_villages\nu1,bogus,nowhere,x\nu2,bogus,county,1\n"
            "u1,public_institution,county,1\n",
            encoding="utf-8",
        )
        with pytest.raises(RecordErrors) as info:
            t.read_rows(path, ingest.CONTRACTS["units"])
        assert [p for p, _ in info.value.located()] == [
            "$.units[row 1].kind",
            "$.units[row 1].level",
            "$.units[row 1].capacity_villages",
            "$.units[row 2].kind",
        ]
        assert str(info.value).startswith("2 invalid row(s) in units (4 problems)")


def test_a_missing_cell_reads_the_same_at_the_table_door_and_the_row_reader(tmp_path):
    """A missing cell reads "members is missing" at both doors (not "members=None is missing")."""
    v, h = tmp_path / "v.csv", tmp_path / "h.csv"
    v.write_text("village_id,per_capita_income,collective_income\nv1,3000,20000\n", "utf-8")
    h.write_text(
        "household_id,village_id,members,income,has_labour_capacity\n"
        "h1,v1,,100,yes\nh3,,2,100,yes\n",
        encoding="utf-8",
    )
    table = [r.error for r in identify_csv(v, h, round=2).rejections]
    _, rows = read_households_csv(h, round=2, village_ids={"v1"})
    expected = [
        "household h1: members is missing (rule model.household)",
        "household h3: village_id is missing (rule model.household)",
    ]
    assert table == expected
    assert [r.error for r in rows] == expected
