"""Exit statuses a script can trust and outputs that never destroy data (issue 14, items 4–5).

In-process tests call :func:`shuangdao.cli.main`; what needs a real process (a closed pipe, an
ASCII terminal, SIGTERM, a missing optional package) runs ``python -m shuangdao``.
"""

import csv
import os
import signal
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pyarrow as pa
import pytest

from shuangdao import _output
from shuangdao._cli import EXIT_INTERNAL, ISSUES_URL
from shuangdao.cli import EXIT_STATUSES, build_parser, main

ROOT = Path(__file__).resolve().parents[2]
VILLAGES = "village_id,per_capita_income,collective_income\nv1,5622.99,29999.99\nv2,5623,0\n"
HOUSEHOLDS = (
    "household_id,village_id,members,income,has_labour_capacity\n"
    "h1,v1,4,12371.99,true\nh2,v1,4,12372.00,true\nh3,v2,1,1,true\n"
)
DOCUMENTED = {code for code, _, _ in EXIT_STATUSES}


@pytest.fixture
def files(tmp_path):
    v = tmp_path / "villages.csv"
    h = tmp_path / "households.csv"
    v.write_text(VILLAGES, encoding="utf-8")
    h.write_text(HOUSEHOLDS, encoding="utf-8")
    return v, h


def inputs(files, command="identify"):
    v, h = files
    return [command, "--round", "2", "--villages", str(v), "--households", str(h)]


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def hidden(folder):
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def shuangdao(*args, env=None, **kwargs):
    """Run ``python -m shuangdao`` in a fresh interpreter."""
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(
        [sys.executable, "-m", "shuangdao", *map(str, args)],
        check=False,
        timeout=120,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


class TestExitStatuses:
    def test_the_documented_set(self):
        assert {0, 1, 2, 70, 130, 143} == DOCUMENTED
        assert all(en and zh for _, en, zh in EXIT_STATUSES)

    def test_help_lists_every_status_and_where_to_report(self):
        text = build_parser().format_help()
        for code in DOCUMENTED:
            assert f"  {code:>3}  " in text
        assert ISSUES_URL in text

    def test_issue_tracker_is_the_one_in_pyproject(self):
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        assert project["project"]["urls"]["Issues"] == ISSUES_URL

    def test_every_command_takes_debug(self):
        parser = build_parser()
        assert parser.parse_args(["standards", "--debug"]).debug is True
        assert parser.parse_args(["--debug", "standards"]).debug is True
        assert parser.parse_args(["standards"]).debug is False


class TestInternalError:
    @pytest.fixture
    def broken(self, monkeypatch):
        def explode(*args, **kwargs):
            raise ZeroDivisionError("a bug")

        monkeypatch.setattr("shuangdao.io.identify_csv", explode)  # imported by run()
        monkeypatch.delenv("SHUANGDAO_DEBUG", raising=False)

    def test_one_line_naming_the_command_and_asking_for_a_report(
        self, broken, files, tmp_path, capsys
    ):
        assert main([*inputs(files), "--out", str(tmp_path / "o")]) == EXIT_INTERNAL
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith("shuangdao identify: internal error (ZeroDivisionError: a bug)")
        assert ISSUES_URL in err
        assert "--debug" in err
        assert "Traceback" not in err
        assert not (tmp_path / "o").exists()

    def test_debug_flag_shows_the_traceback(self, broken, files, tmp_path, capsys):
        assert main([*inputs(files), "--out", str(tmp_path / "o"), "--debug"]) == 70
        assert "Traceback" in capsys.readouterr().err

    def test_debug_environment_variable_shows_the_traceback(
        self, broken, files, tmp_path, capsys, monkeypatch
    ):
        monkeypatch.setenv("SHUANGDAO_DEBUG", "1")
        assert main([*inputs(files), "--out", str(tmp_path / "o")]) == 70
        assert "Traceback" in capsys.readouterr().err

    def test_ctrl_c_is_130_and_replaces_no_output(self, files, tmp_path, capsys, monkeypatch):
        out = tmp_path / "o"
        assert main([*inputs(files), "--out", str(out)]) == 0
        before = {name: (out / name).read_bytes() for name in os.listdir(out)}
        real = _output.csv_file

        def interrupted(header, rows):
            produce = real(header, rows)

            def write(path):
                if header[0] == "household_id":
                    raise KeyboardInterrupt
                produce(path)

            return write

        monkeypatch.setattr(_output, "csv_file", interrupted)
        (tmp_path / "households.csv").write_text(
            HOUSEHOLDS.replace("h3,v2,1,1", "h3,v1,1,1"), encoding="utf-8"
        )
        assert main([*inputs(files), "--out", str(out)]) == 130
        assert "interrupted" in capsys.readouterr().err
        assert {name: (out / name).read_bytes() for name in os.listdir(out)} == before


class TestMissingExtra:
    def test_run_without_pyarrow_names_the_pip_command(self, tmp_path):
        code = (
            "import sys; sys.modules['pyarrow'] = None; "
            "from shuangdao.cli import main; "
            f"sys.exit(main(['run', '--scale', '0.001', '--quiet', '--out', {str(tmp_path)!r}]))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
        )
        assert done.returncode == 2, done.stderr
        assert 'pip install "shuangdao[frame]"' in done.stderr
        assert "Traceback" not in done.stderr

    def test_identify_needs_no_extra(self, files, tmp_path):
        code = (
            "import sys\n"
            "for name in ('pyarrow', 'numpy', 'pandas', 'polars'): sys.modules[name] = None\n"
            "from shuangdao.cli import main\n"
            f"sys.exit(main({[*inputs(files), '--out', str(tmp_path / 'o')]!r}))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
        )
        assert done.returncode == 0, done.stderr


class TestTerminal:
    def test_closed_pipe_ends_quietly_with_the_commands_status(self, files):
        for args, status in ((["standards"], 0), (["schema", "Household"], 0)):
            process = subprocess.Popen(
                [sys.executable, "-m", "shuangdao", *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            assert process.stdout is not None
            process.stdout.read(10)
            process.stdout.close()
            _, err = process.communicate(timeout=120)
            assert process.returncode == status, err
            assert err == b""

    def test_validate_into_a_closed_pipe_still_says_rows_were_rejected(self, files, tmp_path):
        v, h = files
        h.write_text(HOUSEHOLDS + "".join(f"x{i},v9,1,1,true\n" for i in range(5000)))
        process = subprocess.Popen(
            [sys.executable, "-m", "shuangdao", *inputs((v, h), "validate")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()
        _, err = process.communicate(timeout=120)
        assert process.returncode == 1
        assert b"Traceback" not in err
        assert b"5000 row(s) would be rejected" in err

    @pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
    def test_chinese_on_a_terminal_that_cannot_show_it(self, files, tmp_path, encoding):
        env = {"PYTHONIOENCODING": encoding}
        done = shuangdao("standards", "--round", "2", "--lang", "zh", env=env)
        assert done.returncode == 0, done.stderr
        assert b"\\u" in done.stdout
        out = tmp_path / "o"
        done = shuangdao(*inputs(files), "--out", out, "--lang", "zh", env=env)
        assert done.returncode == 0, done.stderr
        assert b"\\u7b2c2\\u8f6e" in done.stdout  # 第2轮
        assert (out / "households.csv").is_file()
        done = shuangdao("--help", env=env)
        assert done.returncode == 0
        assert b"\\u53cc\\u5230" in done.stdout  # 双到

    def test_a_full_disk_on_stdout_is_an_error_not_a_success(self):
        full = Path("/dev/full")
        if not full.exists() or not stat.S_ISCHR(full.stat().st_mode):
            pytest.skip("no /dev/full")
        with full.open("wb") as sink:
            done = shuangdao("standards", stdout=sink, stderr=subprocess.PIPE)
        assert done.returncode == 2
        assert b"cannot write to standard output: No space left on device" in done.stderr
        assert b"Traceback" not in done.stderr

    def test_closed_stdout_and_stderr(self, files):
        command = f"exec {sys.executable} -m shuangdao standards >&- 2>&-"
        done = subprocess.run(["sh", "-c", command], check=False, timeout=120)
        assert done.returncode == 0
        command = f"exec {sys.executable} -m shuangdao standards --key nope >&- 2>&-"
        done = subprocess.run(["sh", "-c", command], check=False, timeout=120)
        assert done.returncode == 2

    def test_sigterm_removes_temporary_files(self, tmp_path):
        out = tmp_path / "out"
        process = subprocess.Popen(
            [sys.executable, "-m", "shuangdao", "run", "--scale", "1", "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert process.stderr is not None
        process.stderr.readline()  # the first stage has started: handlers are installed
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=120)
        if process.returncode in (0, -signal.SIGTERM) and b"finished in" in err:
            pytest.skip("the run finished before the signal arrived")
        assert process.returncode == 143
        assert b"terminated" in err
        assert b"Traceback" not in err
        assert not out.exists() or hidden(out) == []


class TestOutputsNeverDestroyInputs:
    def test_identify_into_the_input_folder_is_refused(self, files, tmp_path, capsys):
        before = [p.read_bytes() for p in files]
        assert main([*inputs(files), "--out", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "refusing to write" in err
        assert "--villages input" in err
        assert [p.read_bytes() for p in files] == before
        assert hidden(tmp_path) == []

    @pytest.mark.parametrize("link", ["same", "symlink", "hardlink", "dotted"])
    def test_validate_out_onto_an_input_is_refused(self, files, tmp_path, capsys, link):
        v, h = files
        target = {
            "same": h,
            "symlink": tmp_path / "link.csv",
            "hardlink": tmp_path / "hard.csv",
            "dotted": tmp_path / "sub" / ".." / "households.csv",
        }[link]
        if link == "symlink":
            target.symlink_to(h)
        elif link == "hardlink":
            os.link(h, target)
        elif link == "dotted":
            (tmp_path / "sub").mkdir()
        h.write_text(HOUSEHOLDS + "h9,v9,1,1,true\n")
        before = h.read_bytes()
        assert main([*inputs((v, h), "validate"), "--out", str(target)]) == 2
        assert "is the --households input" in capsys.readouterr().err
        assert h.read_bytes() == before

    def test_run_out_onto_its_input_is_refused(self, files, tmp_path, capsys):
        v, h = files
        report = tmp_path / "report.md"
        report.write_text("my notes\n")
        args = ["run", "--villages", str(v), "--households", str(h), "--quiet"]
        status = main([*args, "--standards", str(report), "--out", str(tmp_path)])
        assert status == 2
        assert report.read_text() == "my notes\n"

    @pytest.mark.parametrize("command", ["identify", "validate", "run", "schema"])
    def test_empty_out_is_an_error_not_the_current_folder(
        self, files, command, capsys, monkeypatch, tmp_path
    ):
        monkeypatch.chdir(tmp_path / "..")
        before = sorted(os.listdir("."))
        args = ["schema"] if command == "schema" else inputs(files, command=command)
        if command == "run":
            args = ["run", "--scale", "0.001"]
        assert main([*args, "--out", ""]) == 2
        assert "--out: must not be empty" in capsys.readouterr().err
        assert sorted(os.listdir(".")) == before

    @pytest.mark.parametrize("command", ["identify", "validate", "schema"])
    def test_out_into_a_missing_folder_is_created(self, files, tmp_path, command):
        out = tmp_path / "a" / "b" / ("rejected.csv" if command == "validate" else "out")
        args = ["schema"] if command == "schema" else inputs(files, command=command)
        assert main([*args, "--out", str(out)]) == 0
        assert out.exists()

    def test_out_that_is_not_a_regular_file_is_refused(self, files, tmp_path, capsys):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        assert main([*inputs(files, command="validate"), "--out", str(fifo)]) == 2
        assert "is not a regular file" in capsys.readouterr().err
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert main([*inputs(files, command="validate"), "--out", str(tmp_path)]) == 2
        assert main([*inputs(files), "--out", str(files[0])]) == 2
        assert "is not a folder" in capsys.readouterr().err

    def test_unwritable_out_is_exit_2_naming_the_file(self, files, tmp_path, capsys):
        blocker = tmp_path / "file"
        blocker.write_text("x")
        assert main([*inputs(files, command="validate"), "--out", str(blocker / "r.csv")]) == 2
        assert f"cannot write to {blocker}" in capsys.readouterr().err


class TestWriteFilesAsASet:
    def old_outputs(self, folder):
        folder.mkdir()
        for name in ("a.csv", "b.csv"):
            (folder / name).write_text(f"old {name}\n")

    def test_a_failing_file_replaces_nothing(self, tmp_path):
        folder = tmp_path / "out"
        self.old_outputs(folder)

        def boom(path):
            raise OSError(28, "No space left on device")

        with pytest.raises(OSError, match="No space"):
            _output.write_files(
                [
                    (folder / "a.csv", _output.csv_file(["x"], [[1]])),
                    (folder / "b.csv", boom),
                    (folder / "c.csv", _output.csv_file(["x"], [[1]])),
                ]
            )
        assert sorted(os.listdir(folder)) == ["a.csv", "b.csv"]
        assert (folder / "a.csv").read_text() == "old a.csv\n"

    def test_a_failing_move_puts_the_old_files_back(self, tmp_path, monkeypatch):
        folder = tmp_path / "out"
        self.old_outputs(folder)
        real = os.replace
        calls = []

        def flaky(source, target):
            calls.append(target)
            if len(calls) == 3:
                raise OSError(5, "Input/output error")
            real(source, target)

        monkeypatch.setattr(os, "replace", flaky)
        with pytest.raises(OSError, match="Input/output"):
            _output.write_files(
                {folder / name: _output.text_file("new\n") for name in ("a.csv", "n.csv", "b.csv")}
            )
        monkeypatch.setattr(os, "replace", real)
        assert sorted(os.listdir(folder)) == ["a.csv", "b.csv"]
        assert (folder / "a.csv").read_text() == "old a.csv\n"
        assert (folder / "b.csv").read_text() == "old b.csv\n"

    def test_success_replaces_all_and_leaves_nothing_hidden(self, tmp_path):
        folder = tmp_path / "out"
        self.old_outputs(folder)
        _output.write_files({folder / n: _output.text_file("new\n") for n in ("a.csv", "b.csv")})
        assert [(folder / n).read_text() for n in ("a.csv", "b.csv")] == ["new\n", "new\n"]
        assert hidden(folder) == []


class TestFileModes:
    @pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
    def test_every_command_respects_the_umask(self, files, tmp_path, umask, mode):
        previous = os.umask(umask)
        try:
            out = tmp_path / "o"
            assert main([*inputs(files), "--out", str(out)]) == 0
            assert main([*inputs(files, command="validate"), "--out", str(tmp_path / "r.csv")]) == 0
            assert main(["schema", "--out", str(tmp_path / "s")]) == 0
            written = [*out.iterdir(), tmp_path / "r.csv", *(tmp_path / "s").iterdir()]
        finally:
            os.umask(previous)
        assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {mode}

    def test_run_outputs_respect_the_umask(self, tmp_path):
        previous = os.umask(0o027)
        try:
            assert main(["run", "--scale", "0.001", "--quiet", "--out", str(tmp_path)]) == 0
        finally:
            os.umask(previous)
        modes = {stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
        assert modes == {0o640}


FORMULAS = ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1", "'quoted"]


class TestSpreadsheetSafety:
    @pytest.mark.parametrize("text", FORMULAS)
    def test_risky_text_gets_one_apostrophe(self, text):
        assert _output.spreadsheet_text(text) == "'" + text

    @pytest.mark.parametrize("text", ["-5.00", "+5", "-0", ".5", "-.5", "5.", "h1", "", "a=b"])
    def test_numbers_and_plain_text_stay(self, text):
        assert _output.spreadsheet_text(text) == text

    def test_number_with_trailing_newline_is_not_a_plain_number(self):
        assert _output.spreadsheet_text("-5\n") == "'-5\n"

    def test_arrow_tables_agree_with_the_text_rule(self):
        cells = [*FORMULAS, "-5.00", "h1", None]
        table = pa.table(
            {
                "text": pa.array(cells, pa.string()),
                "codes": pa.array(cells, pa.string()).dictionary_encode(),
                "money": pa.array([-5] * len(cells), pa.decimal128(15, 2)),
            }
        )
        safe = _output.safe_table(table)
        expected = [None if c is None else _output.spreadsheet_text(c) for c in cells]
        assert safe.column("text").to_pylist() == expected
        assert safe.column("codes").to_pylist() == expected
        assert safe.column("money").to_pylist() == table.column("money").to_pylist()

    def test_a_safe_table_is_returned_unchanged(self):
        table = pa.table({"a": ["x", "-5"]})
        assert _output.safe_table(table) is table

    def test_identify_and_validate_outputs_are_escaped(self, tmp_path, capsys):
        v = tmp_path / "v.csv"
        v.write_text(
            "village_id,per_capita_income,collective_income\n=v1,5000,0\n-5,5000,0\n@bad,x,0\n"
        )
        h = tmp_path / "h.csv"
        h.write_text(
            "household_id,village_id,members,income,has_labour_capacity\n"
            "+h1,=v1,2,100,true\n-2,-5,1,1,true\n"
        )
        out = tmp_path / "o"
        assert main([*inputs((v, h)), "--out", str(out)]) == 1
        assert read(out / "villages.csv")[1:] == [
            ["'=v1", "true", "selected", "confirmed"],
            ["-5", "true", "selected", "confirmed"],
        ]
        assert [row[0] for row in read(out / "households.csv")[1:]] == ["'+h1", "-2"]
        rejected = read(out / "rejected.csv")[1:]
        assert rejected[0][:4] == ["villages", "3", "'@bad", "per_capita_income"]
        capsys.readouterr()
        assert main(inputs((v, h), "validate")) == 1
        assert "villages,3,'@bad,per_capita_income" in capsys.readouterr().out

    def test_run_csv_tables_are_escaped_and_numbers_stay_numbers(self, tmp_path):
        v = tmp_path / "v.csv"
        v.write_text("village_id,per_capita_income,collective_income\n=v1,5000,0\n")
        h = tmp_path / "h.csv"
        h.write_text(
            "household_id,village_id,members,income,has_labour_capacity\n@h1,=v1,2,100,true\n"
        )
        out = tmp_path / "o"
        args = ["run", "--villages", str(v), "--households", str(h), "--format", "csv"]
        assert main([*args, "--quiet", "--out", str(out)]) == 0
        rows = read(out / "identification_households.csv")
        assert rows[1][rows[0].index("household_id")] == "'@h1"
        assert rows[1][rows[0].index("village_id")] == "'=v1"
        margin = rows[1][rows[0].index("margin")]
        assert margin.startswith("-")
        assert float(margin) < 0
