"""End-to-end tests of the ``shuangdao`` command line (files in temporary folders)."""

import csv
import json
import os
import subprocess
import sys

import pytest

from shuangdao.cli import COMMANDS, build_parser, main
from shuangdao.explain import Decision
from shuangdao.serialize import from_json

VILLAGES = "village_id,per_capita_income,collective_income\nv1,5622.99,29999.99\nv2,5623,0\n"
HOUSEHOLDS = (
    "household_id,village_id,members,income,has_labour_capacity\n"
    "h1,v1,4,12371.99,true\nh2,v1,4,12372.00,true\nh3,v2,1,1,true\n"
)


@pytest.fixture
def files(tmp_path):
    v = tmp_path / "villages.csv"
    h = tmp_path / "households.csv"
    v.write_text(VILLAGES, encoding="utf-8")
    h.write_text(HOUSEHOLDS, encoding="utf-8")
    return v, h


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def identify(v, h, out, *extra):
    return main(
        [
            "identify",
            "--round",
            "2",
            "--villages",
            str(v),
            "--households",
            str(h),
            "--out",
            str(out),
            *extra,
        ]
    )


class TestMain:
    def test_commands_registered(self):
        assert {"identify", "explain", "run"} <= {c.__name__.rsplit(".", 1)[-1] for c in COMMANDS}
        assert build_parser().prog == "shuangdao"

    def test_no_command_is_usage_error(self, capsys):
        assert main([]) == 2
        assert "command is required" in capsys.readouterr().err

    def test_bad_arguments_exit_2(self, capsys):
        assert main(["identify", "--round", "4"]) == 2
        assert main(["frobnicate"]) == 2

    def test_version(self, capsys):
        assert main(["--version"]) == 0
        assert "shuangdao" in capsys.readouterr().out


class TestIdentify:
    def test_everything_decided_exit_0(self, files, tmp_path, capsys):
        out = tmp_path / "out"
        assert identify(*files, out) == 0
        assert read(out / "villages.csv") == [
            {
                "village_id": "v1",
                "selected": "true",
                "reason": "selected",
                "certainty": "confirmed",
            },
            {
                "village_id": "v2",
                "selected": "false",
                "reason": "not:village_income",
                "certainty": "confirmed",
            },
        ]
        assert read(out / "households.csv") == [
            {"household_id": "h1", "poor": "true", "reason": "selected", "certainty": "confirmed"},
            {
                "household_id": "h2",
                "poor": "false",
                "reason": "not:household_income",
                "certainty": "confirmed",
            },
            {
                "household_id": "h3",
                "poor": "false",
                "reason": "not:in_key_village",
                "certainty": "confirmed",
            },
        ]
        assert read(out / "rejected.csv") == []
        assert "1 of 2 villages" in capsys.readouterr().out

    def test_certainty_is_the_last_column_and_only_appended(self, files, tmp_path):
        """Issue 15 item 5: the columns of 0.1 keep their names and order; certainty is last."""
        out = tmp_path / "out"
        assert identify(*files, out) == 0
        villages = (out / "villages.csv").read_text("utf-8").splitlines()
        households = (out / "households.csv").read_text("utf-8").splitlines()
        assert villages[0] == "village_id,selected,reason,certainty"
        assert households[0] == "household_id,poor,reason,certainty"
        assert (out / "rejected.csv").read_text("utf-8").splitlines()[0] == (
            "file,row,id,field,error"
        )

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_help_names_the_columns_written(self, files, tmp_path, capsys, lang):
        """The help's column lists are the header lines of the files identify writes."""
        out = tmp_path / "out"
        assert identify(*files, out) == 0
        capsys.readouterr()
        assert main(["identify", "--help", "--lang", lang]) == 0
        shown = "".join(capsys.readouterr().out.split())  # wrapped lines joined
        for name in ("villages.csv", "households.csv", "rejected.csv"):
            header = (out / name).read_text("utf-8").splitlines()[0]
            assert f"DIR/{name}({header}" in shown or f"DIR/{name}（{header}" in shown

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_validate_help_names_the_rejected_columns(self, capsys, lang):
        from shuangdao.ingest import REJECTED_COLUMNS

        assert main(["validate", "--help", "--lang", lang]) == 0
        shown = "".join(capsys.readouterr().out.split())
        assert (
            ",".join(REJECTED_COLUMNS) + ")" in shown or ",".join(REJECTED_COLUMNS) + "）" in shown
        )

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_run_help_quotes_the_published_counts_of_the_standards(self, capsys, lang):
        from shuangdao import default_standards
        from shuangdao.standards.params import Round2Params

        s = default_standards()
        villages = s.param(Round2Params.published_villages).value
        households = s.param(Round2Params.published_households).value
        assert main(["run", "--help", "--lang", lang]) == 0
        shown = "".join(capsys.readouterr().out.split())
        if lang == "en":
            assert f"published{villages:,}keyvillagesand{households:,}poorhouseholds" in shown
        else:
            assert f"公布的{villages}个重点帮扶村、{households / 10_000:g}万贫困户" in shown

    def test_certainty_column_reports_recalled_and_assumed_values(self, tmp_path):
        """Round 1's 以下 comparator is recalled; an overridden line is assumed."""
        v1 = tmp_path / "v1.csv"
        v1.write_text("village_id,per_capita_income,collective_income,designated\na,,,true\n")
        h1 = tmp_path / "h1.csv"
        h1.write_text(
            "household_id,village_id,members,income,has_labour_capacity\nx,a,2,3000,false\n"
        )
        out = tmp_path / "o1"
        argv = ["identify", "--round", "1", "--villages", str(v1), "--households", str(h1)]
        assert main([*argv, "--out", str(out)]) == 0
        assert read(out / "villages.csv")[0]["certainty"] == "confirmed"
        assert read(out / "households.csv")[0]["certainty"] == "recalled"
        overrides = tmp_path / "s.toml"
        overrides.write_text('[round1]\nhousehold_line = "1600"\n', encoding="utf-8")
        out2 = tmp_path / "o2"
        assert main([*argv, "--out", str(out2), "--standards", str(overrides)]) == 0
        assert read(out2 / "households.csv")[0]["certainty"] == "assumed"

    def test_summary_in_chinese(self, files, tmp_path, capsys):
        assert identify(*files, tmp_path / "out", "--lang", "zh") == 0
        assert "第2轮" in capsys.readouterr().out

    def test_rejected_rows_exit_1_and_accounting(self, files, tmp_path):
        v, h = files
        h.write_text(
            HOUSEHOLDS + "h4,v9,1,1,true\nh5,v1,0,1,true\nh1,v1,1,1,true\nh6,v1,2,abc,no\n",
            encoding="utf-8",
        )
        out = tmp_path / "out"
        assert identify(v, h, out) == 1
        decided = read(out / "households.csv")
        rejected = [r for r in read(out / "rejected.csv") if r["file"] == "households"]
        assert len(decided) + len(rejected) == 7
        assert [(r["row"], r["id"], r["field"]) for r in rejected] == [
            ("4", "h4", "village_id"),
            ("5", "h5", "members"),
            ("6", "h1", "household_id"),
            ("7", "h6", "income"),
        ]

    def test_standards_override_changes_results(self, files, tmp_path):
        overrides = tmp_path / "s.toml"
        overrides.write_text('[round2]\nhousehold_line = "3094"\n', encoding="utf-8")
        out = tmp_path / "out"
        assert identify(*files, out, "--standards", str(overrides)) == 0
        assert read(out / "households.csv")[1]["poor"] == "true"

    def test_bad_override_key_exit_2_names_key(self, files, tmp_path, capsys):
        overrides = tmp_path / "s.toml"
        overrides.write_text('[round2]\nhousehold_lin = "3094"\n', encoding="utf-8")
        out = tmp_path / "out"
        assert identify(*files, out, "--standards", str(overrides)) == 2
        assert "round2.household_lin" in capsys.readouterr().err
        assert not out.exists()

    def test_missing_column_exit_2(self, files, tmp_path, capsys):
        v, h = files
        v.write_text("village_id,per_capita_income\nv1,1\n", encoding="utf-8")
        out = tmp_path / "out"
        assert identify(v, h, out) == 2
        assert "collective_income" in capsys.readouterr().err
        assert not out.exists()

    def test_unreadable_file_exit_2(self, files, tmp_path, capsys):
        assert identify(tmp_path / "nope.csv", files[1], tmp_path / "out") == 2
        assert "cannot be read" in capsys.readouterr().err

    def test_unwritable_out_exit_2_without_partial_files(self, files, tmp_path, capsys):
        blocker = tmp_path / "file"
        blocker.write_text("x")
        assert identify(*files, blocker / "out") == 2
        assert "cannot write" in capsys.readouterr().err
        if hasattr(os, "geteuid") and os.geteuid() != 0:
            locked = tmp_path / "locked"
            locked.mkdir()
            locked.chmod(0o500)
            try:
                assert identify(*files, locked) == 2
                assert os.listdir(locked) == []
            finally:
                locked.chmod(0o700)

    def test_existing_outputs_are_replaced_whole(self, files, tmp_path):
        out = tmp_path / "out"
        out.mkdir()
        (out / "villages.csv").write_text("old\n")
        assert identify(*files, out) == 0
        assert sorted(os.listdir(out)) == ["households.csv", "rejected.csv", "villages.csv"]
        assert read(out / "villages.csv")[0]["village_id"] == "v1"

    def test_round_1_and_3(self, tmp_path):
        v1 = tmp_path / "v1.csv"
        v1.write_text("village_id,per_capita_income,collective_income,designated\na,,,true\n")
        h1 = tmp_path / "h1.csv"
        h1.write_text(
            "household_id,village_id,members,income,has_labour_capacity\nx,a,2,3000,false\n"
        )
        assert (
            main(
                [
                    "identify",
                    "--round",
                    "1",
                    "--villages",
                    str(v1),
                    "--households",
                    str(h1),
                    "--out",
                    str(tmp_path / "o1"),
                ]
            )
            == 0
        )
        assert read(tmp_path / "o1" / "households.csv")[0]["poor"] == "true"
        v3 = tmp_path / "v3.csv"
        v3.write_text(
            "village_id,per_capita_income,collective_income,registered_population\na,8000,,40\n"
        )
        assert (
            main(
                [
                    "identify",
                    "--round",
                    "3",
                    "--villages",
                    str(v3),
                    "--households",
                    str(h1),
                    "--out",
                    str(tmp_path / "o3"),
                ]
            )
            == 0
        )
        assert read(tmp_path / "o3" / "villages.csv")[0]["reason"] == "selected"

    def test_round_1_without_designation_rejects_rows(self, tmp_path):
        v1 = tmp_path / "v1.csv"
        v1.write_text("village_id,per_capita_income,collective_income,designated\na,,,\n")
        h1 = tmp_path / "h1.csv"
        h1.write_text(
            "household_id,village_id,members,income,has_labour_capacity\nx,a,2,3000,false\n"
        )
        out = tmp_path / "o"
        assert (
            main(
                [
                    "identify",
                    "--round",
                    "1",
                    "--villages",
                    str(v1),
                    "--households",
                    str(h1),
                    "--out",
                    str(out),
                ]
            )
            == 1
        )
        rejected = read(out / "rejected.csv")
        assert [(r["file"], r["field"]) for r in rejected] == [
            ("villages", "designated"),
            ("households", "village_id"),
        ]
        assert "collective_income_below" in rejected[0]["error"]


class TestExplain:
    def args(self, files, *extra):
        v, h = files
        return ["explain", "--round", "2", "--villages", str(v), "--households", str(h), *extra]

    def test_english(self, files, capsys):
        assert main(self.args(files, "--household", "h2")) == 0
        out = capsys.readouterr().out
        assert "Household h2 is not a poor household" in out
        assert "household net income" in out

    def test_chinese(self, files, capsys):
        assert main(self.args(files, "--household", "h1", "--lang", "zh")) == 0
        assert "农户h1属于贫困户" in capsys.readouterr().out

    def test_village_and_json(self, files, capsys):
        assert main(self.args(files, "--village", "v2", "--json")) == 0
        out = capsys.readouterr().out
        assert '"rule": "identification.round2.village"' in out
        document = json.loads(out)
        assert set(document) == {"decision", "explanation"}
        decision = from_json(json.dumps(document["decision"]), Decision)
        assert document["explanation"] == decision.explanation("en").to_dict()

    def test_json_in_chinese(self, files, capsys):
        assert main(self.args(files, "--household", "h2", "--json", "--lang", "zh")) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["explanation"]["verdict"].startswith("农户h2不属于贫困户")
        assert document["explanation"]["criteria"][1]["margin_exact"] == "0.0000"

    def test_unknown_id_exit_2(self, files, capsys):
        assert main(self.args(files, "--household", "zz")) == 2
        assert "'zz'" in capsys.readouterr().err

    def test_rejected_id_exit_1(self, files, capsys):
        h = files[1]
        h.write_text(HOUSEHOLDS + "h9,v9,1,1,true\n", encoding="utf-8")
        assert main(self.args(files, "--household", "h9")) == 1
        assert "not in the villages input" in capsys.readouterr().err


def test_python_dash_m_subprocess(files, tmp_path):
    v, h = files
    h.write_text(HOUSEHOLDS + "h4,v9,1,1,true\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "shuangdao",
            "identify",
            "--round",
            "2",
            "--villages",
            str(v),
            "--households",
            str(h),
            "--out",
            str(out),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "could not be decided" in done.stdout
    assert len(read(out / "households.csv")) + len(read(out / "rejected.csv")) == 4


def test_python_dash_m_shuangdao_cli_is_the_same_program(files):
    """``python -m shuangdao.cli`` runs the command line (it once printed nothing, status 0)."""
    v, h = files
    args = ["validate", "--round", "2", "--villages", str(v), "--households", str(h)]
    done = [
        subprocess.run(
            [sys.executable, "-m", module, *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        for module in ("shuangdao", "shuangdao.cli")
    ]
    assert done[1].returncode == done[0].returncode
    assert done[1].stdout == done[0].stdout
    assert done[1].stdout.startswith("file,row,id,field,error")
    assert done[1].stderr == done[0].stderr
