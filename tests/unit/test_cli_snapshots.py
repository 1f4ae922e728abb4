"""Snapshots of what the command line prints, in English and in Chinese (issue 16).

Each case runs one command on small fixed inputs and compares its output (stdout, then stderr
after a ``--- stderr ---`` line; for ``run`` also ``report.md``) with the file
``tests/snapshots/cli/<case>.<lang>.txt``. What varies from run to run is normalised first:
seconds (timings, progress), the standards hash and the temporary folder.

When an output changes on purpose, update the snapshots and review the diff::

    SHUANGDAO_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/unit/test_cli_snapshots.py
    git diff tests/snapshots/

A missing snapshot fails (it is never written silently outside an update run).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

from shuangdao.cli import COMMANDS, main

SNAPSHOTS = Path(__file__).parent.parent / "snapshots" / "cli"
UPDATE = os.environ.get("SHUANGDAO_UPDATE_SNAPSHOTS", "") not in ("", "0")

VILLAGES = "village_id,per_capita_income,collective_income\nv1,5622.99,29999.99\nv2,5623,0\n"
HOUSEHOLDS = (
    "household_id,village_id,members,income,has_labour_capacity\n"
    "h1,v1,4,12371.99,true\nh2,v1,4,12372.00,true\nh3,v2,1,1,true\nh4,v1,0,1,maybe\n"
)
FILES = ["--round", "2", "--villages", "v.csv", "--households", "h.csv"]

CASES: dict[str, list[str]] = {
    "explain-household": ["explain", *FILES, "--household", "h1"],
    "explain-village": ["explain", *FILES, "--village", "v2"],
    "standards-household-line": ["standards", "--key", "round2.household"],
    "standards-table": ["standards", "--key", "pairing.regional_pairing_2013"],
    "sources": ["sources"],
    "sources-S1": ["sources", "S1"],
    "sources-unknown": ["sources", "S99"],
    "validate": ["validate", *FILES],
    "help": ["--help"],
    **{
        f"help-{c.__name__.rsplit('.', 1)[-1]}": [c.__name__.rsplit(".", 1)[-1], "--help"]
        for c in COMMANDS
    },
    "run-tiny-province": ["run", "--scale", "0.001", "--seed", "7", "--out", "run-out"],
}

_SECONDS = re.compile(r"\d+\.\d+( ?s\b|秒)")
_HASH = re.compile(r"(hash|哈希) `?[0-9a-f]{16}`?")


def _normalise(text: str, folder: Path) -> str:
    text = text.replace(str(folder), "<tmp>")
    text = _SECONDS.sub(r"<t>\1", text)
    text = _HASH.sub(r"\1 <hash>", text)
    return re.sub(r"\| (\d+\.\d{2}) \|$", "| <t> |", text, flags=re.M)


def _output(args: list[str], folder: Path, monkeypatch) -> str:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("COLUMNS", "100")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(args)
        except SystemExit as exit_:
            status = int(exit_.code or 0)
    text = f"$ shuangdao {' '.join(args)}\nexit status {status}\n{out.getvalue()}"
    if err.getvalue():
        text += f"--- stderr ---\n{err.getvalue()}"
    report = folder / "run-out" / "report.md"
    if args[0] == "run" and report.exists():
        text += f"--- report.md ---\n{report.read_text(encoding='utf-8')}"
    return _normalise(text, folder)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_snapshot(case, lang, tmp_path, monkeypatch):
    (tmp_path / "v.csv").write_text(VILLAGES, encoding="utf-8")
    (tmp_path / "h.csv").write_text(HOUSEHOLDS, encoding="utf-8")
    got = _output([*CASES[case], "--lang", lang], tmp_path, monkeypatch)
    path = SNAPSHOTS / f"{case}.{lang}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}: run with SHUANGDAO_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert got == expected, (
        f"{case} ({lang}) changed; if on purpose: SHUANGDAO_UPDATE_SNAPSHOTS=1 pytest {__file__}"
    )


def test_normalise_keeps_what_matters():
    text = "用时：写出0.0秒；合计0.9秒\nTimings: read 0.1 s; total 1.2 s\nhash aa0beec7c232621b"
    assert _normalise(text, Path("/nowhere")) == (
        "用时：写出<t>秒；合计<t>秒\nTimings: read <t> s; total <t> s\nhash <hash>"
    )
