"""The notebooks under ``docs/notebooks`` run (issue 16 item 7).

The documentation build executes them in a Jupyter kernel (myst-nb, ``nb_execution_mode =
"force"`` and ``nb_execution_raise_on_error = True`` in ``docs/conf.py``: a failing cell fails
``sphinx -W``). This test runs the same cells, in order, in one namespace, so that ``pytest``
alone also catches a notebook that no longer runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
NOTEBOOKS = sorted((DOCS / "notebooks").glob("*.md"))
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)


def notebooks() -> list[Path]:
    return [path for path in NOTEBOOKS if "file_format: mystnb" in path.read_text("utf-8")]


def cells(path: Path) -> list[str]:
    """The code of each ``{code-cell}``, without its ``:option:`` lines and IPython magics."""
    found = []
    for match in CELL.finditer(path.read_text("utf-8")):
        lines = match.group("body").splitlines()
        while lines and lines[0].startswith(":"):
            lines.pop(0)
        found.append("\n".join(line for line in lines if not line.startswith("%")))
    return found


def test_there_are_a_researchers_and_a_developers_notebook():
    names = {path.stem for path in notebooks()}
    assert {"researcher", "developer"} <= names
    for path in notebooks():
        assert len(cells(path)) >= 5, path.name


def test_the_docs_build_executes_notebooks_and_fails_on_an_error():
    conf = (DOCS / "conf.py").read_text("utf-8")
    assert '"myst_nb"' in conf
    assert 'nb_execution_mode = "force"' in conf
    assert "nb_execution_raise_on_error = True" in conf


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_every_cell_runs(path, monkeypatch, tmp_path):
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"notebook_{path.stem}"}
    for number, code in enumerate(cells(path), start=1):
        try:
            exec(compile(code, f"{path.name}[cell {number}]", "exec"), namespace)
        except Exception as error:  # pragma: no cover - the failure is the report
            pytest.fail(f"{path.name}, cell {number} failed: {error!r}\n{code}")
        # the last expression of a cell is what the notebook shows: it must render
        last = code.strip().splitlines()[-1] if code.strip() else ""
        if last and not last.startswith((" ", ")", "]", "}")) and "=" not in last.split("(")[0]:
            try:
                value = eval(compile(last, f"{path.name}[cell {number}]", "eval"), namespace)
            except SyntaxError:
                continue
            # it must render without an error (a matplotlib Figure returns no HTML: PNG)
            html = getattr(value, "_repr_html_", None)
            if callable(html):
                html()
            savefig = getattr(value, "savefig", None)
            if callable(savefig):
                savefig(tmp_path / f"cell{number}.png")
            repr(value)
