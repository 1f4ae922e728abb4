"""End-to-end tests of ``shuangdao run`` (the main job) at a small scale."""

import subprocess
import sys

import pytest

from shuangdao._cli.run import ProgressBar, default_out
from shuangdao.cli import main


@pytest.fixture(scope="module")
def overrides(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overrides")
    good = folder / "good.toml"
    good.write_text('[round2]\nhousehold_ratio = "0.40"\n', encoding="utf-8")
    unknown = folder / "unknown.toml"
    unknown.write_text("[round2]\nnope = 1\n", encoding="utf-8")
    wrong = folder / "wrong.toml"
    wrong.write_text('[round2]\nhousehold_ratio = "abc"\n', encoding="utf-8")
    return good, unknown, wrong


class TestRun:
    def test_end_to_end_with_comparison(self, tmp_path, overrides, capsys):
        out = tmp_path / "out"
        status = main(
            [
                "run",
                "--scale",
                "0.02",
                "--out",
                str(out),
                "--format",
                "csv",
                "--compare",
                str(overrides[0]),
            ]
        )
        assert status == 0
        printed = capsys.readouterr()
        assert "2,571" not in printed.out  # scaled down
        assert "51 of 380 villages are key villages" in printed.out
        assert "Settlement" in printed.out
        assert "comparison" in printed.out
        assert str(out) in printed.out
        assert "identifying" in printed.err  # stage lines when stderr is not a TTY
        for name in ("progress.csv", "settlement.csv", "report.md", "compare_entered.csv"):
            assert (out / name).is_file()

    def test_quiet_parquet_zh(self, tmp_path, capsys):
        out = tmp_path / "pq"
        status = main(
            [
                "run",
                "--scale",
                "0.01",
                "--out",
                str(out),
                "--quiet",
                "--lang",
                "zh",
                "--seed",
                "5",
            ]
        )
        assert status == 0
        printed = capsys.readouterr()
        assert printed.err == ""
        assert "三年结硬帐" in printed.out
        assert (out / "assessments.parquet").is_file()

    @pytest.mark.parametrize(("index", "key"), [(1, "round2.nope"), (2, "round2.household_ratio")])
    def test_bad_overrides_name_the_key(self, tmp_path, overrides, capsys, index, key):
        for option in ("--standards", "--compare"):
            status = main(
                ["run", "--scale", "0.01", "--out", str(tmp_path), option, str(overrides[index])]
            )
            assert status == 2
            err = capsys.readouterr().err
            assert key in err
            assert option in err

    def test_unusable_arguments(self, tmp_path, capsys):
        assert main(["run", "--villages", str(tmp_path / "v.csv")]) == 2
        assert main(["run", "--villages", "no.csv", "--households", "no.csv"]) == 2
        assert "no such file" in capsys.readouterr().err
        assert main(["run", "--scale", "0"]) == 2

    def test_real_data_with_rejections_exits_1(self, tmp_path, capsys):
        v = tmp_path / "v.csv"
        h = tmp_path / "h.csv"
        v.write_text(
            "village_id,county_id,per_capita_income,collective_income\nv1,k1,5000,100\n",
            encoding="utf-8",
        )
        h.write_text(
            "household_id,village_id,members,income,has_labour_capacity\n"
            "h1,v1,4,10000,true\nh2,v1,0,100,true\n",
            encoding="utf-8",
        )
        status = main(
            [
                "run",
                "--villages",
                str(v),
                "--households",
                str(h),
                "--out",
                str(tmp_path / "o"),
                "--quiet",
            ]
        )
        assert status == 1
        assert "pairing skipped" in capsys.readouterr().out

    def test_subprocess(self, tmp_path):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "shuangdao",
                "run",
                "--scale",
                "0.01",
                "--out",
                str(tmp_path / "o"),
                "--quiet",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "key villages" in done.stdout
        assert (tmp_path / "o" / "report.md").is_file()


_WITHOUT_PANDAS = """
import sys
import pyarrow as pa
from shuangdao._cli import run
from shuangdao.cli import main
if sys.argv[2] == "program":
    run.as_program()
status = main(["run", "--scale", "0.01", "--quiet", "--out", sys.argv[1]])
print(status, "pandas" in sys.modules)
import pandas as pd
table = pa.Table.from_pandas(pd.DataFrame({"a": pd.Series(["x", "y"], dtype="category")}))
print(table.schema.field("a").type)
print(pa.array(pd.Series(["x", "y"], dtype="category")).type)
"""


class TestWithoutPandas:
    """The ``shuangdao`` program keeps pyarrow from importing pandas (about 0.2 s)."""

    @pytest.mark.parametrize("mode", ["program", "main"])
    def test_pandas_imported_only_by_callers_of_main(self, tmp_path, mode):
        done = subprocess.run(
            [sys.executable, "-c", _WITHOUT_PANDAS, str(tmp_path / "o"), mode],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()[-3:]  # after the run's summary
        # the program never imports pandas; inside a Python process, pyarrow does as before
        assert lines[0] == ("0 False" if mode == "program" else "0 True")
        # and an explicit conversion still finds pandas, after which pyarrow knows it again
        assert all(line.startswith("dictionary<") for line in lines[1:])

    def test_nothing_changes_when_pandas_is_imported(self):
        import pandas  # noqa: F401 - imported before, as in a notebook

        from shuangdao._cli.run import _arrow_without_pandas

        _arrow_without_pandas()
        assert "pandas" in sys.modules


class TestProgressBar:
    def test_tty_bar(self):
        import io

        class Tty(io.StringIO):
            def isatty(self):
                return True

        stream = Tty()
        bar = ProgressBar(stream)
        bar("assess", 0, 10)
        bar("assess", 10, 10)
        assert "##########" in stream.getvalue()

    def test_default_out(self):
        assert str(default_out(2, 1.0, 20090601)) == "shuangdao-out/round2-x1-seed20090601"
