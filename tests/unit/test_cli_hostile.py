"""Every command against hostile or careless input: no traceback, a documented status, a message
that names the file, row or field (issue 14: "crashes look like results").

Each case runs :func:`shuangdao.cli.main` in-process and checks the same three things:

- nothing on stderr looks like a traceback, and ``main`` returns (never raises);
- the exit status is one a user error may have: 0, 1 or 2, never 70 (an internal error is a
  bug) — and the one the case expects;
- a status-2 message names what was wrong (the file, the key, the option or the field).

Cases that need a real process (a closed or ASCII standard output) are at the end.
"""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shuangdao.cli import main

VH = "village_id,per_capita_income,collective_income\n"
HH = "household_id,village_id,members,income,has_labour_capacity\n"
VILLAGES = VH + "v1,5622.99,29999.99\nv2,5623,0\n"
HOUSEHOLDS = HH + "h1,v1,4,12371.99,true\nh2,v1,4,12372.00,true\nh3,v2,1,1,true\n"
UNITS = "unit_id,kind,level,home_city_id\nu1,party_government_organ,provincial,c1\n"
CADRES = "cadre_id,unit_id\nk1,u1\nk2,u1\n"

# name -> (content, status of identify/validate, what a status-2 message names)
HOSTILE_TABLES = {
    "missing": (None, 2, "cannot be read"),
    "folder": ("<folder>", 2, "cannot be read"),
    "empty": (b"", 2, "is empty"),
    "bom_only": ("\ufeff", 2, "is empty"),
    "binary": (bytes(range(256)) * 8, 2, "not UTF-8"),
    "latin1": ("x,y\né,1\n".encode("latin-1"), 2, "not UTF-8"),
    "utf16": ("village_id\nv1\n".encode("utf-16"), 2, "not UTF-8"),
    "wrong_header": ("a,b,c\n1,2,3\n", 2, "lacks required column"),
    "duplicate_header": ("<dup>", 2, "duplicate columns"),
    "blank_lines": ("\n\n\n", 2, "is empty"),
}
HOSTILE_ROWS_V = {
    "header_only": VH,
    "nul": VH + "v1\x00,1,1\nv2,5623,0\n",
    "money_spellings": VH + "v1,1e999,nan\nv2,inf,-0\nv3,１２,1_000\nv4,99999999999999999999,0\n",
    "formula_ids": VH + "=cmd(),1,1\n+1,2,2\n@x,3,3\nv1,5622.99,29999.99\nv2,5623,0\n",
    "crlf": VILLAGES.replace("\n", "\r\n"),
    "extra_values": VH + "v1,5622.99,29999.99,surplus\nv2,5623,0\n",
}
HOSTILE_ROWS_H = {
    "huge_count": HH + "h1,v1," + "9" * 5000 + ",1,true\n",
    "big_count": HH + "h1,v1," + "9" * 30 + ",1,true\n",
    "spellings": HH + "h1,v1,4.0,1,y\nh2,v1,４,1,T\nh3,v1,1,-5,true\n",
    "short_row": HH + "h1\n",
    "unknown_village": HH + "h1,v9,1,1,true\n",
    "duplicate_ids": HH + "h1,v1,1,1,true\nh1,v1,1,1,true\n",
}


def _write(folder: Path, name: str, content) -> Path:
    path = folder / name
    if content is None:
        return path
    if content == "<folder>":
        path.mkdir()
        return path
    if content == "<dup>":
        content = VH.strip() + ",village_id\nv1,1,1,v2\n"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.fixture
def good(tmp_path):
    v = _write(tmp_path, "villages.csv", VILLAGES)
    h = _write(tmp_path, "households.csv", HOUSEHOLDS)
    return v, h


def call(capsys, args):
    """Run the command line; return ``(status, stdout, stderr)`` after the common checks."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    assert status in (0, 1, 2), err
    if status == 2:
        assert err.startswith(("shuangdao: error: ", "usage: shuangdao")), err
    return status, out, err


def command(name, files, out):
    v, h = files
    args = [name, "--round", "2", "--villages", v, "--households", h]
    if name == "identify":
        args += ["--out", out]
    if name == "explain":
        args += ["--household", "h1"]
    if name == "run":
        args = ["run", "--quiet", "--villages", v, "--households", h, "--out", out]
    return args


class TestHostileFiles:
    @pytest.mark.parametrize("name", sorted(HOSTILE_TABLES))
    @pytest.mark.parametrize("which", ["villages", "households"])
    @pytest.mark.parametrize("cmd", ["identify", "validate", "explain", "run"])
    def test_unusable_files_are_status_2_naming_the_file(
        self, good, tmp_path, capsys, name, which, cmd
    ):
        content, expected, words = HOSTILE_TABLES[name]
        bad = _write(tmp_path, f"bad-{name}.csv", content)
        v, h = (bad, good[1]) if which == "villages" else (good[0], bad)
        out = tmp_path / "out"
        status, _, err = call(capsys, command(cmd, (v, h), out))
        assert status == expected
        assert str(bad) in err
        assert words in err or (cmd == "run" and name in ("missing", "folder"))
        assert not out.exists()

    @pytest.mark.parametrize("name", sorted(HOSTILE_ROWS_V))
    @pytest.mark.parametrize("cmd", ["identify", "validate", "run"])
    def test_bad_village_rows_are_rejections_and_counted(self, good, tmp_path, capsys, name, cmd):
        v = _write(tmp_path, "v.csv", HOSTILE_ROWS_V[name])
        out = tmp_path / "out"
        status, stdout, _ = call(capsys, command(cmd, (v, good[1]), out))
        assert status == (0 if name in ("crlf", "formula_ids") else 1)
        if cmd == "identify":
            decided = (out / "villages.csv").read_text().count("\n") - 1
            rejected = (out / "rejected.csv").read_text(encoding="utf-8")
            rows = HOSTILE_ROWS_V[name].replace("\r\n", "\n").strip().count("\n")
            # rows, not lines: a row with two bad cells has two lines (money_spellings)
            rejected_rows = {
                (r["file"], r["row"])
                for r in csv.DictReader(io.StringIO(rejected))
                if r["file"] == "villages"
            }
            assert decided + len(rejected_rows) == rows
        if cmd == "validate":
            assert ("\nvillages," in stdout) == (status == 1 and name != "header_only")
        if cmd == "identify" and name == "formula_ids":
            ids = [line.split(",")[0] for line in (out / "villages.csv").read_text().split()]
            assert ids[1:4] == ["'=cmd()", "+1", "'@x"]

    @pytest.mark.parametrize("name", sorted(HOSTILE_ROWS_H))
    @pytest.mark.parametrize("cmd", ["identify", "validate", "run"])
    def test_bad_household_rows_are_rejections(self, good, tmp_path, capsys, name, cmd):
        h = _write(tmp_path, "h.csv", HOSTILE_ROWS_H[name])
        out = tmp_path / "out"
        status, stdout, _ = call(capsys, command(cmd, (good[0], h), out))
        assert status == 1
        if cmd == "validate":
            assert "\nhouseholds," in stdout

    def test_explain_a_rejected_row_is_1_naming_row_and_field(self, good, tmp_path, capsys):
        h = _write(tmp_path, "h.csv", HH + "h1,v1,0,1,true\n")
        status, _, err = call(capsys, command("explain", (good[0], h), tmp_path))
        assert status == 1
        assert "households row 1" in err
        assert "members" in err

    def test_explain_an_unknown_id_is_2(self, good, tmp_path, capsys):
        args = command("explain", good, tmp_path)
        args[-1] = "h" * 10_000
        status, _, err = call(capsys, args)
        assert status == 2
        assert len(err) < 2_500  # long values are shortened, not repeated in full

    def test_a_huge_cell_rejects_its_row_naming_the_line(self, good, tmp_path, capsys):
        v = _write(tmp_path, "v.csv", VH + "v1," + "1" * 200_000 + ",1\nv2,5623,0\n")
        status, out, _ = call(capsys, command("validate", (v, good[1]), tmp_path))
        assert status == 1
        assert "village v1 (row 1, line 2)" in out  # the id read from the line before the cell

    @pytest.mark.parametrize(
        ("row", "asked", "words"),
        [
            ('h2,v1,"4,12372.00,true\n', "h2", "household h2 (row 2, lines 3–4): has a quoted"),
            ("h2,v1,4," + "1" * 200_000 + ",true\n", "h2", "household h2 (row 2, line 3)"),
            ('"h2"x,v1,4,1,true\n', "h2", "1 rejected row(s) have no readable id (row 2 (line"),
        ],
    )
    def test_explain_a_malformed_row_is_1_naming_its_line(
        self, good, tmp_path, capsys, row, asked, words
    ):
        h = _write(tmp_path, "h.csv", HH + "h1,v1,4,12371.99,true\n" + row + "h3,v2,1,1,true\n")
        args = command("explain", (good[0], h), tmp_path)
        args[-1] = asked
        status, _, err = call(capsys, args)
        assert status == 1  # rows were rejected: the documented status, not 2
        assert words in err
        if "no readable id" in words:
            status, _, err = call(capsys, [*args, "--lang", "zh"])
            assert status == 1
            assert "编号无法读取（第2行（文件第3行））" in err


BAD_OVERRIDES = {
    "unknown_key": ("[round2]\nhousehold_lin = 1\n", "round2.household_lin"),
    "wrong_type": ('[round2]\nhousehold_ratio = "abc"\n', "round2.household_ratio"),
    "date_9999": ("[round2]\nsettlement_date = 9999-12-31\n", "round2.settlement_date"),
    "datetime": ("[round2]\nsettlement_date = 2015-12-01T00:00:00\n", "settlement_date"),
    "negative_table": (
        '[scenario.max_households_per_cadre]\n"1" = -5\n"2" = 60\n"3" = 100\n',
        "max_households_per_cadre.1",
    ),
    "dotted_and_table": (
        '"round2.household_ratio" = "0.4"\n[round2]\nhousehold_ratio = "0.3"\n',
        "given twice",
    ),
    "deep_nesting": ("a = " + "[" * 5000 + "]" * 5000 + "\n", "too deeply"),
    "deep_tables": ("[" + ".".join(["a"] * 3000) + "]\n", "levels deep"),
    "not_toml": ("round2 = [\n", "not valid TOML"),
    "latin1": ("[round2]\nx = 'é'\n".encode("latin-1"), "not UTF-8"),
    "nul": ("[round2]\nhousehold_ratio = '0.4\x00'\n", "not valid TOML"),
    "binary": (bytes(range(256)), "not UTF-8"),
    "infinite": ("[round2]\nhousehold_ratio = inf\n", "finite"),
    "huge_follow_up": ("[round2]\nfollow_up_years = 1000000000000\n", "<= 50"),
    "series_table": ("[statistics]\nprovincial_rural_income = {2011 = '1'}\n", "single years"),
    "folder": ("<folder>", "cannot be read"),
    "missing": (None, "cannot be read"),
}


class TestHostileOverrides:
    @pytest.mark.parametrize("name", sorted(BAD_OVERRIDES))
    @pytest.mark.parametrize("cmd", ["standards", "identify", "validate", "explain", "run"])
    def test_bad_overrides_are_status_2_naming_the_key_or_file(
        self, good, tmp_path, capsys, name, cmd
    ):
        content, words = BAD_OVERRIDES[name]
        toml = _write(tmp_path, f"{name}.toml", content)
        out = tmp_path / "out"
        args = ["standards"] if cmd == "standards" else command(cmd, good, out)
        status, _, err = call(capsys, [*args, "--standards", toml])
        assert status == 2
        assert f"bad --standards {toml}" in err
        assert words in err
        assert not out.exists()

    def test_bad_compare_names_the_compare_option(self, tmp_path, capsys):
        toml = _write(tmp_path, "c.toml", "[round2]\nnope = 1\n")
        status, _, err = call(capsys, ["run", "--scale", "0.001", "--compare", toml])
        assert status == 2
        assert f"bad --compare {toml}" in err

    @pytest.mark.parametrize(
        ("overrides", "status", "words"),
        [
            ("[round2]\nsettlement_income_year = 1949\n", 2, "must be a year of round 2"),
            ("[round2]\nsettlement_income_year = 2100\n", 2, "must be a year of round 2"),
            ("[round2]\nassessment_years = {}\n", 2, "round2.assessment_years"),
            ("[round2]\nsettlement_income_year = 2014\n", 0, ""),
            ("[round2]\ntarget_share = 0\n", 0, ""),
            ("[round2]\nvillage_target_ratio = 0\n", 0, ""),
            ("[round2]\nvillage_collective_target = 0\n", 0, ""),
        ],
    )
    def test_overrides_that_used_to_crash_the_run(self, tmp_path, capsys, overrides, status, words):
        toml = _write(tmp_path, "s.toml", overrides)
        args = ["run", "--quiet", "--scale", "0.002", "--out", tmp_path / "o", "--standards", toml]
        found, _, err = call(capsys, args)
        assert found == status
        assert words in err

    def test_a_per_round_table_without_the_round_is_2(self, tmp_path, capsys):
        toml = _write(tmp_path, "p.toml", '[scenario.max_households_per_cadre]\n"1" = 5\n')
        args = ["run", "--quiet", "--scale", "0.001", "--out", tmp_path / "o"]
        status, _, err = call(capsys, [*args, "--standards", toml])
        assert status == 2
        assert "scenario.max_households_per_cadre has no value for round 2" in err


UNITS_CADRES = {
    "units_without_kind": (
        "unit_id,level\nu1,provincial\n",
        CADRES,
        "lacks required column(s): kind",
    ),
    "units_without_unit_id": ("kind,level\nx,provincial\n", CADRES, "unit_id"),
    "cadres_without_cadre_id": (UNITS, "unit_id\nu1\n", "lacks required column(s): cadre_id"),
    "cadres_without_unit_id": (UNITS, "cadre_id\nk1\n", "lacks required column(s): unit_id"),
    "empty_units": ("", CADRES, "units file"),
    "empty_cadres": (UNITS, "", "cadres file"),
    "binary_units": (bytes(range(256)) * 4, CADRES, "units file"),
    "stray_quote": (UNITS + 'u2,"x\n', CADRES, "unit u2 (row 2, line 3)"),
    "stray_quote_in_id": (UNITS + '"u2"x,y\n', CADRES, "units row 2 (line 3)"),
    "bad_kind": (UNITS.replace("party_government_organ", "alien"), CADRES, "kind='alien'"),
    "bad_capacity": (
        "unit_id,kind,level,capacity_villages\nu1,party_government_organ,provincial,-1\n",
        CADRES,
        "capacity_villages",
    ),
    "huge_capacity": (
        "unit_id,kind,level,capacity_villages\nu1,party_government_organ,provincial,"
        + "9" * 5000
        + "\n",
        CADRES,
        "capacity_villages",
    ),
    "unknown_unit": (UNITS, "cadre_id,unit_id\nk1,u9\n", "u9"),
    "duplicate_cadre": (UNITS, "cadre_id,unit_id\nk1,u1\nk1,u1\n", "duplicate of row 1"),
}


class TestHostileUnitsAndCadres:
    @pytest.mark.parametrize("name", sorted(UNITS_CADRES))
    def test_bad_units_or_cadres_are_status_2_naming_the_problem(
        self, good, tmp_path, capsys, name
    ):
        units, cadres, words = UNITS_CADRES[name]
        u = _write(tmp_path, "u.csv", units)
        c = _write(tmp_path, "c.csv", cadres)
        out = tmp_path / "out"
        args = [*command("run", good, out), "--units", u, "--cadres", c]
        status, _, err = call(capsys, args)
        assert status == 2
        assert words in err
        assert not out.exists()

    def test_many_bad_rows_are_listed_one_a_line_up_to_20(self, good, tmp_path, capsys):
        rows = "".join(f"u{i},alien,provincial,c1\n" for i in range(25))
        u = _write(tmp_path, "u.csv", "unit_id,kind,level,home_city_id\n" + rows)
        c = _write(tmp_path, "c.csv", CADRES)
        status, _, err = call(
            capsys, [*command("run", good, tmp_path / "o"), "--units", u, "--cadres", c]
        )
        assert status == 2
        lines = err.splitlines()
        assert lines[0] == "shuangdao: error: 25 invalid row(s) in units:"
        assert len([line for line in lines if line.startswith("  - assisting unit u")]) == 20
        assert lines[-1] == "  … and 5 more"

    def test_numeric_ids_stay_text(self, good, tmp_path, capsys):
        u = _write(tmp_path, "u.csv", "unit_id,kind,level\n007,party_government_organ,provincial\n")
        c = _write(tmp_path, "c.csv", "cadre_id,unit_id\n0001,007\n")
        out = tmp_path / "out"
        args = [*command("run", good, out), "--units", u, "--cadres", c, "--format", "csv"]
        status, _, _ = call(capsys, args)
        assert status == 0
        assert '"0001","007"' in (out / "pairing_households.csv").read_text()


class TestHostileOut:
    @pytest.mark.parametrize("cmd", ["identify", "validate", "run", "schema"])
    def test_empty_out(self, good, tmp_path, capsys, cmd):
        args = ["schema"] if cmd == "schema" else command(cmd, good, "")
        if cmd == "validate":
            args += ["--out", ""]
        if cmd == "schema":
            args += ["--out", ""]
        status, _, err = call(capsys, args)
        assert status == 2
        assert "--out: must not be empty" in err

    @pytest.mark.parametrize("cmd", ["identify", "run", "schema"])
    def test_out_under_a_file(self, good, tmp_path, capsys, cmd):
        blocker = tmp_path / "file"
        blocker.write_text("x")
        out = blocker / "sub"
        args = ["schema", "--out", out] if cmd == "schema" else command(cmd, good, out)
        status, _, err = call(capsys, args)
        assert status == 2
        assert str(blocker) in err

    @pytest.mark.parametrize("cmd", ["identify", "run"])
    def test_out_onto_the_inputs_folder(self, good, tmp_path, capsys, cmd):
        before = [p.read_bytes() for p in good]
        status, _, err = call(capsys, command(cmd, good, tmp_path))
        if cmd == "run":  # run's tables have other names: nothing of the inputs is touched
            assert status == 0
        else:
            assert status == 2
            assert "--villages input" in err
        assert [p.read_bytes() for p in good] == before

    def test_validate_out_is_a_folder(self, good, tmp_path, capsys):
        status, _, err = call(capsys, [*command("validate", good, None), "--out", tmp_path])
        assert status == 2
        assert "is not a regular file" in err


class TestArguments:
    @pytest.mark.parametrize(
        "args",
        [
            [],
            ["frobnicate"],
            ["--frobnicate"],
            ["identify", "--round", "2.5"],
            ["identify", "--round", "4"],
            ["standards", "--round", "7"],
            ["run", "--scale", "nan"],
            ["run", "--scale", "0"],
            ["run", "--seed", "abc"],
            ["run", "--format", "xlsx"],
            ["run", "--villages", "v.csv"],
            ["run", "--units", "u.csv", "--cadres", "c.csv"],
            ["schema", "Nope"],
            ["standards", "--key", "no.such.key"],
            ["explain", "--round", "2", "--villages", "v", "--households", "h"],
        ],
    )
    def test_unusable_arguments_are_2(self, capsys, args):
        status, _, err = call(capsys, args)
        assert status == 2
        assert "error" in err

    @pytest.mark.parametrize(
        ("given", "title"),
        [("village", "Village"), ("work_team", "WorkTeam"), ("ASSISTING-UNIT", "AssistingUnit")],
    )
    def test_schema_type_names_ignore_case_and_separators(self, capsys, given, title):
        status, out, _ = call(capsys, ["schema", given])
        assert status == 0
        assert json.loads(out)["title"] == title

    def test_negative_seed_is_2(self, capsys, tmp_path):
        args = ["run", "--scale", "0.001", "--seed", "-1", "--out", tmp_path / "o"]
        status, _, err = call(capsys, args)
        assert status == 2
        assert "seed" in err


def shuangdao(*args, env=None, stdout=None):
    return subprocess.run(
        [sys.executable, "-m", "shuangdao", *map(str, args)],
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


class TestHostileTerminal:
    """Every command with an ASCII standard output and with standard output closed."""

    @pytest.fixture
    def commands(self, good, tmp_path):
        v, h = good
        base = ["--round", "2", "--villages", v, "--households", h, "--lang", "zh"]
        return {
            "identify": ["identify", *base, "--out", tmp_path / "o"],
            "validate": ["validate", *base],
            "explain": ["explain", *base, "--household", "h1"],
            "standards": ["standards", "--round", "2", "--lang", "zh"],
            "schema": ["schema", "Household"],
            "run": ["run", "--scale", "0.001", "--quiet", "--lang", "zh", "--out", tmp_path / "r"],
        }

    @pytest.mark.parametrize(
        "name", ["identify", "validate", "explain", "standards", "schema", "run"]
    )
    def test_ascii_stdout(self, commands, name):
        done = shuangdao(*commands[name], env={"PYTHONIOENCODING": "ascii"})
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr
        done.stdout.decode("ascii")

    @pytest.mark.parametrize("name", ["identify", "standards", "run"])
    def test_closed_stdout(self, commands, name):
        command = " ".join(f"'{a}'" for a in [sys.executable, "-m", "shuangdao", *commands[name]])
        done = subprocess.run(
            ["sh", "-c", f"exec {command} >&-"], capture_output=True, check=False, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr
