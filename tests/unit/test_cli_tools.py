"""The helper commands: ``validate``, ``standards`` and ``schema``."""

import json

import pytest

from shuangdao.cli import main

VILLAGES = """village_id,per_capita_income,collective_income
v1,5622.99,29999.99
v2,abc,100
"""
HOUSEHOLDS = """household_id,village_id,members,income,has_labour_capacity
h1,v1,4,12371.99,true
h2,v1,0,100,true
h3,v9,1,100,false
"""


@pytest.fixture
def files(tmp_path):
    villages = tmp_path / "v.csv"
    households = tmp_path / "h.csv"
    villages.write_text(VILLAGES, encoding="utf-8")
    households.write_text(HOUSEHOLDS, encoding="utf-8")
    return villages, households


class TestValidate:
    def test_lists_the_rows_identify_would_reject(self, files, capsys):
        villages, households = files
        status = main(
            [
                "validate",
                "--round",
                "2",
                "--villages",
                str(villages),
                "--households",
                str(households),
            ]
        )
        assert status == 1
        out = capsys.readouterr().out.splitlines()
        assert out[0] == "file,row,id,field,error"
        assert [line.split(",")[:4] for line in out[1:]] == [
            ["villages", "2", "v2", "per_capita_income"],
            ["households", "2", "h2", "members"],
            ["households", "3", "h3", "village_id"],
        ]

    def test_same_rejections_as_identify(self, files, tmp_path, capsys):
        villages, households = files
        out = tmp_path / "out"
        main(
            [
                "identify",
                "--round",
                "2",
                "--villages",
                str(villages),
                "--households",
                str(households),
                "--out",
                str(out),
            ]
        )
        rejected = tmp_path / "rejected.csv"
        main(
            [
                "validate",
                "--round",
                "2",
                "--villages",
                str(villages),
                "--households",
                str(households),
                "--out",
                str(rejected),
            ]
        )
        assert rejected.read_text(encoding="utf-8") == (out / "rejected.csv").read_text(
            encoding="utf-8"
        )

    def test_all_valid_is_exit_zero(self, tmp_path, capsys):
        villages = tmp_path / "v.csv"
        households = tmp_path / "h.csv"
        villages.write_text(VILLAGES.splitlines()[0] + "\nv1,1,1\n", encoding="utf-8")
        households.write_text(HOUSEHOLDS.splitlines()[0] + "\nh1,v1,1,1,true\n", encoding="utf-8")
        status = main(
            [
                "validate",
                "--round",
                "2",
                "--villages",
                str(villages),
                "--households",
                str(households),
            ]
        )
        assert status == 0

    def test_unreadable_file_is_exit_two(self, tmp_path, capsys):
        status = main(
            [
                "validate",
                "--round",
                "2",
                "--villages",
                str(tmp_path / "no.csv"),
                "--households",
                str(tmp_path / "no.csv"),
            ]
        )
        assert status == 2
        assert "cannot be read" in capsys.readouterr().err


class TestStandards:
    def test_round_listing_with_sources(self, capsys):
        assert main(["standards", "--round", "2", "--key", "round2.household_line"]) == 0
        out = capsys.readouterr().out
        assert "round2.household_line = 3,093.00 yuan per person per year" in out
        assert "sources: S1 (Round-2 plan (abstract)) — confirmed" in out
        assert "derivation: 33 % × 9372 = 3092.76" in out
        assert "`shuangdao sources S1`" in out

    def test_required_parameters_show_the_hint(self, capsys):
        assert main(["standards", "--key", "round1.village_selection_rule"]) == 0
        out = capsys.readouterr().out
        assert "required input" in out
        assert "how to supply:" in out

    def test_overrides_are_marked_and_json_is_lossless(self, tmp_path, capsys):
        overrides = tmp_path / "s.toml"
        overrides.write_text("[round2]\nhousehold_ratio = 0.40\n", encoding="utf-8")
        assert (
            main(["standards", "--standards", str(overrides), "--key", "round2.household_line"])
            == 0
        )
        out = capsys.readouterr().out
        assert "3,749.00" in out
        assert "[scenario override]" in out
        assert main(["standards", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["parameters"]["round2.household_line"]["value"] == "3093.00"

    def test_bad_override_names_the_key(self, tmp_path, capsys):
        overrides = tmp_path / "s.toml"
        overrides.write_text("[round2]\nnonsense = 1\n", encoding="utf-8")
        assert main(["standards", "--standards", str(overrides)]) == 2
        assert "round2.nonsense" in capsys.readouterr().err

    def test_unknown_prefix(self, capsys):
        assert main(["standards", "--key", "round9"]) == 2


class TestSchema:
    def test_one_type(self, capsys):
        assert main(["schema", "Household"]) == 0
        schema = json.loads(capsys.readouterr().out)
        assert schema["title"] == "Household"
        assert "members" in schema["required"]

    def test_all_types_to_a_folder(self, tmp_path, capsys):
        assert main(["schema", "--out", str(tmp_path / "schemas")]) == 0
        written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
        assert "Household.json" in written
        assert len(written) == 10

    def test_list_and_unknown(self, capsys):
        assert main(["schema"]) == 0
        assert "Village" in capsys.readouterr().out
        assert main(["schema", "Nope"]) == 2
