"""``shuangdao.synth`` restates no policy figure: it reads them from the standards (issue 13).

The test reads the code (not the docstrings) of every module of the package and fails on:

* a number equal to a line, ratio, income figure, year or published count of the shipped
  standards — every money value (in yuan and in fen), every yearly or series value, every
  ratio or decimal other than 0 and 1, every integer or year of 100 or more — of the areas the
  generator is calibrated against (the rounds, the statistics, the regulation, the cycle and the
  published outcomes);
* a comparator chosen in code (``Comparator.LT``..., or its value as a string).

A few of the generator's own modelling constants equal such a figure by coincidence; they are
listed below with the reason, and the test also fails if one of them no longer does (a stale
exemption).
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

import shuangdao.synth
from shuangdao.quantities import Comparator
from shuangdao.standards import default_standards

AREAS = ("round1", "round2", "round3", "statistics", "regulation", "cycle", "outcomes")

COINCIDENCES = {
    "_RHO": "the copula correlation 0.8 (not round 1's 80 % settlement share)",
    "_SIGMA": "log-income dispersions 0.8 / 0.6 (not the 80 % share or the 60 % ratios)",
    "_R1_BASELINE": "round 1's outcome dispersion 0.45 in 2011 (not round 2's 45 % exit ratio)",
    "_LABOUR_P": "the share 0.45 of relatively poor households with labour (not 45 %)",
    "_LD_CITY_WEIGHTS": "relative sizes of the less-developed cities, one of them 0.8",
    "_PRD_CITY_WEIGHTS": "relative sizes of the delta cities, one of them 0.6",
    "_UNIT_DRAWS": "probabilities of the units' kinds, levels and slots (0.6, 0.1, 0.75...)",
    "_N_PRD_VILLAGES": "2,500 Pearl River Delta villages (not round 1's 2500-yuan exit line)",
}


def _figures() -> dict[Decimal, str]:
    """Every policy figure of the calibrated areas → the parameter it comes from."""
    s = default_standards()
    found: dict[Decimal, str] = {}

    def add(value: Any, key: str, *, money: bool = False) -> None:
        if value is None or isinstance(value, bool | str):
            return
        number = Decimal(str(value))
        if money:
            found.setdefault(number, key)
            found.setdefault(number * 100, f"{key} (in fen)")
        elif number not in (0, 1) and (number < 1 or number >= 100):
            found.setdefault(number, key)

    for key in s.keys():  # noqa: SIM118 - Standards is not a dict
        if key.split(".")[0] not in AREAS:
            continue
        param = s.param(key)
        kind = param.type.value
        value = param.value
        if kind == "money":
            add(value, key, money=True)
        elif kind in ("money_by_year", "series"):
            for year, entry in (value or {}).items():
                add(getattr(entry, "value", entry), f"{key}[{year}]", money=True)
                add(year, f"{key} (year)")
        elif kind in ("ratio", "decimal", "integer", "year"):
            add(value, key)
        elif kind in ("decimal_by_key", "integer_by_key"):
            for name, item in (value or {}).items():
                add(item, f"{key}[{name}]")
    return found


def _numbers(tree: ast.AST) -> list[tuple[ast.Constant, Decimal]]:
    return [
        (node, Decimal(str(node.value)))
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float)
    ]


def _docstrings(tree: ast.Module) -> set[int]:
    """Ids of the string expressions that stand alone (docstrings, attribute docstrings)."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _exempt(tree: ast.Module) -> dict[str, list[tuple[ast.Constant, Decimal]]]:
    """Numbers inside the module-level assignments listed in :data:`COINCIDENCES`."""
    out: dict[str, list[tuple[ast.Constant, Decimal]]] = {}
    for statement in tree.body:
        targets = (
            statement.targets
            if isinstance(statement, ast.Assign)
            else [statement.target]
            if isinstance(statement, ast.AnnAssign)
            else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id in COINCIDENCES:
                out[target.id] = _numbers(statement)
    return out


PACKAGE = Path(shuangdao.synth.__file__).parent


def test_the_package_is_read_whole() -> None:
    """The generator is a package: every one of its modules is read below."""
    assert Path(shuangdao.synth.__file__).name == "__init__.py"
    assert len(list(PACKAGE.glob("*.py"))) > 1


@pytest.fixture(scope="module")
def tree() -> ast.Module:
    """Every module of ``shuangdao.synth`` as one tree (line numbers name the module)."""
    body: list[ast.stmt] = []
    for path in sorted(PACKAGE.glob("*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(module):
            if hasattr(node, "lineno"):
                node.lineno = f"{path.name}:{node.lineno}"  # type: ignore[assignment]
        body.extend(module.body)
    return ast.Module(body=body, type_ignores=[])


def test_no_policy_figure_in_the_code(tree: ast.Module) -> None:
    figures = _figures()
    exempt = {id(node) for nodes in _exempt(tree).values() for node, _ in nodes}
    found = [
        f"line {node.lineno}: {node.value!r} is {figures[value]}"
        for node, value in _numbers(tree)
        if value in figures and id(node) not in exempt
    ]
    assert not found, "shuangdao.synth restates policy figures:\n" + "\n".join(found)


def test_every_exemption_is_a_real_coincidence(tree: ast.Module) -> None:
    figures = _figures()
    exempt = _exempt(tree)
    assert set(exempt) == set(COINCIDENCES), "an exempted constant is gone: drop it"
    for name, numbers in exempt.items():
        assert any(value in figures for _, value in numbers), f"{name} needs no exemption"


def test_no_comparator_is_chosen_in_the_code(tree: ast.Module) -> None:
    docstrings = _docstrings(tree)
    members = {c.name for c in Comparator}
    values = {c.value for c in Comparator} | {c.symbol for c in Comparator}
    chosen = [
        node.lineno
        for node in ast.walk(tree)
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Comparator"
            and node.attr in members
        )
        or (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and node.value in values
        )
    ]
    assert not chosen, f"shuangdao.synth chooses comparators on lines {chosen}"


def test_the_figures_are_the_standards(tree: ast.Module) -> None:
    """The module's constants follow from the standards (read, not copied)."""
    s = default_standards().params
    assert shuangdao.synth.PUBLISHED_TARGETS[2] == {
        "villages": s.round2.published_villages,
        "households": s.round2.published_households,
        "people": s.round2.published_persons,
    }
    assert shuangdao.synth.ROUND_INCOME_YEAR[2] == s.round2.reference_year
    assert shuangdao.synth.ROUND_INCOME_YEAR[3] == s.round3.price_base_year
    assert shuangdao.synth.INCOME_YEARS[-1] == s.round3.settlement_income_year
