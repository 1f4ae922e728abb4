"""Every runnable example in ``examples/`` runs to the end (the issues promise they do)."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FAST = [
    ("county_accountability.py", ["--lang", "both"], "通报"),
    ("county_three_year_cycle.py", [], "settle"),
    ("pair_units_and_cadres.py", [], "cadre"),
    ("province_metrics.py", [], "P0"),
    ("standards_by_round.py", ["--lang", "zh"], "round2.household_line"),
]


@pytest.mark.parametrize(("script", "args", "expected"), FAST, ids=[s for s, _, _ in FAST])
def test_example_runs_and_prints(script, args, expected):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert expected.lower() in result.stdout.lower()


def test_every_example_is_covered():
    covered = {script for script, _, _ in FAST} | {"scenario_walkthrough.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == covered
