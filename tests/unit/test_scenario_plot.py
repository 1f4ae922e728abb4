"""The example notebook runs end to end; the plot helpers return figures."""

import os
import runpy
import sys
from pathlib import Path

import pytest

from shuangdao.errors import UnknownReferenceError
from shuangdao.scenario import run_round

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "scenario_walkthrough.py"


def test_example_notebook_runs(monkeypatch, capsys):
    monkeypatch.setenv("SHUANGDAO_EXAMPLE_SCALE", "0.01")
    monkeypatch.setattr(sys, "argv", [str(EXAMPLE)])
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "comparison" in out
    assert "Settlement" in out


def test_plots_return_figures():
    pytest.importorskip("matplotlib")
    from shuangdao.scenario.plot import income_distribution, outcomes_by_county

    result = run_round(scale=0.01)
    assert income_distribution(result).axes
    assert outcomes_by_county(result).axes
    with pytest.raises(UnknownReferenceError):
        income_distribution(result, year=2012)


_ = os
