"""What a person reads from the command line (issue 16 items 2-5).

Chinese throughout with ``--lang zh`` (no English sentence in any command's output, errors
included), no Python ``repr`` anywhere a person reads (terminal, ``report.md``, help), the
source registry (``shuangdao sources``) and plain-text help with the input columns generated
from the input schemas.

An *English sentence* is what :func:`shuangdao._i18n.english_runs` finds: a run of three or
more English words, where ids, keys, paths, tokens with digits (``S1``, ``h1``), options
(``--lang``), names in capitals (``ID``, ``CSV``), CSV headers (``file,row,id``), code in
backticks, command lines and usage lines are not words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from shuangdao._i18n import english_runs
from shuangdao.citations import sources
from shuangdao.cli import COMMANDS, main
from shuangdao.ingest import input_columns

VILLAGES = "village_id,per_capita_income,collective_income\nv1,5622.99,29999.99\nv2,5623,0\n"
HOUSEHOLDS = (
    "household_id,village_id,members,income,has_labour_capacity\n"
    "h1,v1,4,12371.99,true\nh2,v1,4,12372.00,true\nh3,v2,1,1,true\nh4,v1,0,1,true\n"
)
NAMES = [c.__name__.rsplit(".", 1)[-1] for c in COMMANDS]
REPRS = ("Decimal(", "mappingproxy", "{'", "object at 0x", "<shuangdao.", "frozenset(")
SPHINX = re.compile(r"``|:(?:mod|func|class|data|meth|attr|ref|doc|exc):`")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("readers")
    (root / "v.csv").write_text(VILLAGES, encoding="utf-8")
    (root / "h.csv").write_text(HOUSEHOLDS, encoding="utf-8")
    (root / "bad.toml").write_text("[round2]\nnonsense = 1\n", encoding="utf-8")
    (root / "s.toml").write_text("[round2]\nhousehold_ratio = 0.40\n", encoding="utf-8")
    return root


def _call(capsys, monkeypatch, folder: Path, args: list[str]) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("COLUMNS", "100")
    try:
        status = main(args)
    except SystemExit as exit_:  # --help
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out + err


FILES = ["--villages", "v.csv", "--households", "h.csv"]

OUTPUTS = {
    # name: (arguments without --lang, expected exit status)
    "explain household": (["explain", "--round", "2", *FILES, "--household", "h1"], 0),
    "explain village": (["explain", "--round", "2", *FILES, "--village", "v1"], 0),
    "error missing column": (["explain", "--round", "3", *FILES, "--household", "h1"], 2),
    "explain scenario": (
        ["explain", "--round", "2", *FILES, "--household", "h2", "--standards", "s.toml"],
        0,
    ),
    "standards": (["standards"], 0),
    "standards scenario": (["standards", "--standards", "s.toml"], 0),
    "sources": (["sources"], 0),
    "sources every id": (["sources", *sources()], 0),
    "validate": (["validate", "--round", "2", *FILES], 1),
    "identify": (["identify", "--round", "2", *FILES, "--out", "out-identify"], 1),
    "error unknown source": (["sources", "NOPE"], 2),
    "error unknown household": (["explain", "--round", "2", *FILES, "--household", "x"], 2),
    "error missing file": (
        ["validate", "--round", "2", "--villages", "no.csv", "--households", "h.csv"],
        2,
    ),
    "error bad override": (["standards", "--standards", "bad.toml"], 2),
    "error no key": (["standards", "--key", "nothing"], 2),
    "error bad choice": (["standards", "--round", "7"], 2),
    "error bad scale": (["run", "--scale", "0"], 2),
    "error run file": (["run", "--villages", "no.csv", "--households", "h.csv"], 2),
    "error overwrite": (["identify", "--round", "2", *FILES, "--out", "v.csv"], 2),
    "help": (["--help"], 0),
    **{f"help {name}": ([name, "--help"], 0) for name in NAMES},
}


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_zh_output_has_no_english_sentence(name, folder, capsys, monkeypatch):
    args, status = OUTPUTS[name]
    got, text = _call(capsys, monkeypatch, folder, [*args, "--lang", "zh"])
    assert got == status, text
    assert text.strip()
    assert english_runs(text) == [], text
    # Chinese sentences follow each other without a space ("。第二轮", not "。 第二轮").
    assert not re.findall(r"[。；：][ \t]+[\u4e00-\u9fff]", text), text


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_no_python_repr_is_shown(name, lang, folder, capsys, monkeypatch):
    args, _ = OUTPUTS[name]
    _, text = _call(capsys, monkeypatch, folder, [*args, "--lang", lang])
    assert not [r for r in REPRS if r in text], text


@pytest.fixture(scope="module")
def runs(folder):
    """``run`` on the small files, with a scenario comparison, in English and in Chinese."""
    done = {}
    for lang in ("en", "zh"):
        out = folder / f"run-{lang}"
        import contextlib
        import io

        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(
                [
                    "run",
                    "--villages",
                    str(folder / "v.csv"),
                    "--households",
                    str(folder / "h.csv"),
                    "--compare",
                    str(folder / "s.toml"),
                    "--out",
                    str(out),
                    "--format",
                    "csv",
                    "--lang",
                    lang,
                ]
            )
        report = (out / "report.md").read_text(encoding="utf-8")
        done[lang] = (status, stdout.getvalue(), stderr.getvalue(), report)
    return done


def test_run_in_chinese_has_no_english_sentence(runs):
    status, out, err, report = runs["zh"]
    assert status == 1  # h4 has no members: rejected
    for text in (out, err, report):
        assert english_runs(text) == [], text
    assert "说明：" in out
    assert "## 来源与参数" in report
    assert "### 收入增长模型" in report
    assert "| 参数 | 调整前 | 调整后 | 方式 |" in report
    assert "识别贫困村和贫困户" in err
    assert "生成" not in err  # the files are read, not generated


def test_run_on_files_does_not_say_it_generates(runs):
    _, _, err, _ = runs["en"]
    assert "identifying villages and households" in err
    assert "generating" not in err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_shows_no_python_repr(runs, lang):
    _, out, err, report = runs[lang]
    for text in (out, err, report):
        assert not [r for r in REPRS if r in text], text


def test_run_report_tables(runs):
    _, out, _, report = runs["en"]
    assert "| baseline growth of household income | 8 % | baseline_growth |" in report
    assert "| round2.household_ratio | 0.33 | 0.4 | set |" in report
    assert "| round2.household_line | 3093.00 | 3749.00 | recomputed from its inputs |" in report
    assert re.search(r"round2\.household_ratio +0\.33 +0\.4 +set", out), out


def test_english_runs_finds_english_and_spares_ids():
    assert english_runs("说明：pairing skipped: no units were given") == ["no units were given"]
    assert english_runs("规则 identification.round2.household；见 `shuangdao sources S1`") == []
    assert english_runs("以 CSV（file,row,id,field,error）写出；--out FILE") == []
    assert english_runs("  shuangdao run --scale 0.01 --lang zh") == []


class TestSources:
    def test_listing_has_every_source(self, folder, capsys, monkeypatch):
        status, text = _call(capsys, monkeypatch, folder, ["sources"])
        assert status == 0
        listed = {line.split()[0] for line in text.splitlines()[:-2] if line.strip()}
        assert listed == set(sources())

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_one_source_in_full(self, lang, folder, capsys, monkeypatch):
        status, text = _call(capsys, monkeypatch, folder, ["sources", "S1", "--lang", lang])
        assert status == 0
        s1 = sources()["S1"]
        assert s1.title_zh in text
        assert s1.issued_by(lang) in text
        assert s1.dated(lang) in text
        assert (s1.url or ("未记录" if lang == "zh" else "not recorded")) in text
        assert "identification.round2.household" in text
        assert "round2.household_line" in text
        if lang == "en":
            assert s1.title_en in text
            assert "supports:" in text

    def test_unknown_id_is_exit_two_with_a_clear_message(self, folder, capsys, monkeypatch):
        status, text = _call(capsys, monkeypatch, folder, ["sources", "S1x"])
        assert status == 2
        assert "shuangdao: error: source 'S1x' is not in the registry" in text
        assert "did you mean S1" in text
        assert "`shuangdao sources` lists them all" in text

    def test_json_has_the_url_and_what_it_supports(self, folder, capsys, monkeypatch):
        status, text = _call(capsys, monkeypatch, folder, ["sources", "S1", "--json"])
        assert status == 0
        (entry,) = json.loads(text)
        assert entry["id"] == "S1"
        assert entry["url"] == sources()["S1"].url
        assert "identification.round2.household" in entry["rules"]

    @pytest.mark.parametrize("command", ["explain household", "standards"])
    def test_explain_and_standards_point_to_it(self, command, folder, capsys, monkeypatch):
        args, _ = OUTPUTS[command]
        _, text = _call(capsys, monkeypatch, folder, args)
        assert re.search(r"`shuangdao sources [^`]*\bS1\b[^`]*`", text), text


class TestHelp:
    @pytest.mark.parametrize("lang", ["en", "zh"])
    @pytest.mark.parametrize("name", NAMES)
    def test_plain_text_with_an_example(self, name, lang, folder, capsys, monkeypatch):
        status, text = _call(capsys, monkeypatch, folder, [name, "--help", "--lang", lang])
        assert status == 0
        assert not SPHINX.search(text), text
        assert ("示例：" if lang == "zh" else "examples:") in text
        assert f"\n  shuangdao {name}" in text

    @pytest.mark.parametrize("lang", ["en", "zh"])
    @pytest.mark.parametrize("name", ["identify", "explain", "validate", "run"])
    def test_input_columns_from_the_schemas(self, name, lang, folder, capsys, monkeypatch):
        _, text = _call(capsys, monkeypatch, folder, [name, "--help", "--lang", lang])
        assert ("输入列：" if lang == "zh" else "input columns:") in text
        contracts = input_columns(name)
        assert contracts
        flat = "".join(text.split())
        for option, contract in contracts:
            assert option in text
            for column in contract.columns:
                assert column.label in text
                assert column.required_text(lang) in text
                assert "".join(column.meaning(lang).split()) in flat, column.label


def test_comparison_overrides_are_records():
    from shuangdao.scenario import compare

    comparison = compare(scale=0.001, seed=3, scenario={"round2.household_ratio": "0.40"})
    overrides = comparison.summary()["overrides"]
    assert overrides[0] == {
        "key": "round2.household_ratio",
        "before": "0.33",
        "after": "0.40",
        "derived": False,
    }
    assert overrides[1]["key"] == "round2.household_line"
    assert overrides[1]["derived"] is True
    assert "Overrides:" in comparison.text()
    assert "| round2.household_ratio | 0.33 | 0.40 | set |" in comparison.markdown()


def test_round_html_labels_columns_for_people():
    from shuangdao.scenario import run_round

    html = run_round(scale=0.001, seed=3)._repr_html_()
    assert "passed_count" not in html
    assert "passed_sum" not in html
    assert "<th>villages assessed</th><th>villages passed</th>" in html


def test_explanations_of_every_stage_are_for_people():
    """A decision of each stage of a run, explained: no repr; no English sentence in Chinese."""
    from shuangdao.scenario import run_round

    result = run_round(scale=0.001, seed=7)
    t = result.tables

    def first(table: str, column: str) -> Any:
        return t[table].column(column)[0].as_py()

    settled = t["settlement"].to_pylist()
    county = next(r["subject_id"] for r in settled if r["level"] == "county")
    picks = [
        ("identification", first("identification_households", "household_id"), None),
        ("identification", first("identification_villages", "village_id"), None),
        ("assessment", first("assessments", "village_id"), first("assessments", "year")),
        ("exit", first("progress", "household_id"), 2013),
        ("settlement", "round", None),
        ("settlement", county, None),
        ("follow_up", first("follow_up", "village_id"), None),
        ("accountability", first("accountability", "area_id"), first("accountability", "year")),
    ]
    for stage, subject, year in picks:
        decision = result.decision(stage, str(subject), year=year)
        for lang in ("en", "zh"):
            text = decision.explain(lang)
            assert not [r for r in REPRS if r in text], (stage, text)
            if lang == "zh":
                assert english_runs(text) == [], (stage, text)
        html = decision._repr_html_()
        assert "Decimal(" not in html
        assert "mappingproxy" not in html


@pytest.mark.parametrize(
    ("field", "cell"),
    [
        ("members", "４"),
        ("members", "1_000"),
        ("members", "1,000"),
        ("members", "1e3"),
        ("income", "１２３"),
        ("income", "1_000"),
        ("income", "1,000.00"),
        ("income", "NaN"),
        ("income", "1e3"),
    ],
)
def test_cell_grammar_hints_are_chinese(field, cell):
    """Every hint the cell grammar adds to a rejected count or money cell has a Chinese rendering."""
    from shuangdao._i18n import message_zh
    from shuangdao.errors import InvalidRecordError
    from shuangdao.ingest import parse_count, parse_money

    parse = parse_count if field == "members" else parse_money
    with pytest.raises(InvalidRecordError) as caught:
        parse(cell, field=field)
    english = str(caught.value)
    assert ": " in english  # the hint is there
    chinese = message_zh(english)
    assert english_runs(chinese) == [], chinese
