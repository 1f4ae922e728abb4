"""No package reaches into another package's private modules or names.

Each top-level part of ``shuangdao`` — a subpackage (``ingest``, ``batch``, ``model``,
``rules``...) or a top-level module (``io``, ``calendar``...) — uses the others through their
public API only. This test reads every module's imports (nested ones too) and fails on

* ``from shuangdao.<part>._x import ...`` / ``import shuangdao.<part>._x`` from another
  part (a private module of another package), and
* ``from shuangdao.<part> import _x`` / ``from shuangdao.<part>.y import _x`` from another
  part (a private name or module of another package).

The root package's own private modules (``shuangdao._output``, ``shuangdao._i18n``...) are
shared internals and may be imported anywhere; ``shuangdao.cli`` and ``shuangdao._cli`` are
one part. Modules that still offend would be listed below with the area that owns them
(the list is empty since issue 13 paid the debt off); an entry that no longer offends
fails the test (remove it), and the modules whose imports were moved to the public API
(issues 13 and 14) may never be listed again.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "shuangdao"

# --------------------------------------------------------------------------- the debt
# module (relative to shuangdao/) -> the area that owns it and what it should use instead.
# Paid off (issue 13 item 6): keep it empty.
ALLOWED: dict[str, str] = {}
# Moved to the public API (issue 14 item 2, issue 13 item 6): these may not come back.
CLEAN = (
    "batch/_cycle_input.py",
    "batch/_load.py",
    "calendar.py",
    "ingest/_jsonschema.py",
    "ingest/strict_json.py",
    "io.py",
    "metrics.py",
    "model/admin.py",
    "model/assistance.py",
    "model/household.py",
    "model/plan.py",
    "model/round.py",
    "model/village.py",
    "quantities.py",
    "rules/accountability/_common.py",
    "rules/accountability/_escalate.py",
    "rules/accountability/_triggers.py",
    "rules/procedure.py",
    "serialize.py",
)


def _part(parts: list[str]) -> str:
    """The top-level part a dotted path (after ``shuangdao``) belongs to."""
    if not parts:
        return ""
    head = parts[0].removesuffix(".py")
    return "cli" if head in ("cli", "_cli") else head


def _module_parts(path: Path, root: Path) -> list[str]:
    relative = path.relative_to(root).with_suffix("")
    parts = list(relative.parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _resolve(path: Path, node: ast.ImportFrom, root: Path) -> list[str] | None:
    """The imported module's path after ``shuangdao`` (``None``: not shuangdao)."""
    if node.level == 0:
        names = (node.module or "").split(".")
        return names[1:] if names[0] == "shuangdao" else None
    package = list(path.relative_to(root).parent.parts)
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    return base + ((node.module or "").split(".") if node.module else [])


def offences(path: Path, root: Path = ROOT) -> list[str]:
    """Every cross-part private import of one module, as ``line: statement``."""
    own = _part(_module_parts(path, root)) or "shuangdao"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        targets: list[tuple[list[str], list[str]]] = []
        if isinstance(node, ast.ImportFrom):
            module = _resolve(path, node, root)
            if module is not None:
                targets.append((module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            targets += [
                (a.name.split(".")[1:], []) for a in node.names if a.name.startswith("shuangdao.")
            ]
        for module, names in targets:
            if not module or _part(module) == own:
                continue
            private_module = any(p.startswith("_") for p in module[1:])
            private_name = any(n.startswith("_") and not n.startswith("__") for n in names)
            if private_module or private_name:
                shown = ", ".join(names) if names else ""
                found.append(
                    f"line {getattr(node, 'lineno', 0)}: shuangdao.{'.'.join(module)}"
                    + (f" import {shown}" if shown else "")
                )
    return found


@functools.cache
def scan() -> dict[str, list[str]]:
    result = {}
    for path in sorted(ROOT.rglob("*.py")):
        found = offences(path)
        if found:
            result[path.relative_to(ROOT).as_posix()] = found
    return result


def test_no_new_cross_package_private_imports():
    new = {k: v for k, v in scan().items() if k not in ALLOWED}
    assert not new, (
        "modules import another package's private modules or names; use its public API "
        "(shuangdao.ingest, shuangdao.ingest.table, shuangdao.ingest.schema, "
        "shuangdao.model.fields, shuangdao.rules.identification.identify_partial...):\n"
        + "\n".join(f"  shuangdao/{k}: {'; '.join(v)}" for k, v in new.items())
    )


def test_the_allowlist_only_lists_modules_that_still_offend():
    stale = sorted(set(ALLOWED) - set(scan()))
    assert not stale, f"no longer offending, remove from ALLOWED: {stale}"


def test_modules_moved_to_the_public_api_stay_clean():
    assert not set(CLEAN) & set(ALLOWED)
    for name in CLEAN:
        assert (ROOT / name).exists(), name
        assert name not in scan(), scan()[name]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from shuangdao.ingest._table import read_rows\n", 1),
        ("from shuangdao.ingest import _table as t\n", 1),
        ("import shuangdao.model._base\n", 1),
        ("from shuangdao.rules.identification import _identify_partial\n", 1),
        ("def f():\n    from shuangdao.ingest._schema import HOUSEHOLD\n", 1),
        ("from shuangdao.ingest import table, RECORDS\n", 0),
        ("from shuangdao._output import text_file\n", 0),
        ("from shuangdao.batch._threads import threads\n", 0),  # its own package
        ("from .._threads import threads\n", 0),
        ("from ...model._base import model\n", 1),
    ],
)
def test_the_scanner(tmp_path, source, expected):
    folder = tmp_path / "shuangdao" / "batch" / "sub"
    folder.mkdir(parents=True)
    path = folder / "x.py"
    path.write_text(source, encoding="utf-8")
    assert len(offences(path, tmp_path / "shuangdao")) == expected, offences(path)
