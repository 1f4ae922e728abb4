"""The runner and the generator use other packages through their public APIs (issue 13).

``shuangdao.scenario`` and ``shuangdao.synth`` import no private module of another package
(``shuangdao.batch._x``, ``shuangdao.ingest._x``, ``shuangdao.rules._x``...) and no private
name from one; their own private modules are theirs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import shuangdao

ROOT = Path(shuangdao.__file__).parent
FILES = [*sorted((ROOT / "scenario").glob("*.py")), ROOT / "synth.py"]

# The library's shared output helper (spreadsheet-safe cells, files written as one set): a
# private module of the root package, not of a sibling package.
SHARED = {"shuangdao._output"}


def _private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = "shuangdao.scenario" if path.parent.name == "scenario" else "shuangdao.synth"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
            names = [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
            names = []
        else:
            continue
        for module in modules:
            if not module.startswith("shuangdao") or module.startswith(own):
                continue
            parts = module.split(".")
            private = [p for p in parts[1:] if p.startswith("_")]
            if private and module not in SHARED:
                found.append(f"{path.name}:{node.lineno} imports {module}")
            if module == "shuangdao" and any(n == "_output" for n in names):
                continue
            found.extend(
                f"{path.name}:{node.lineno} imports {module}.{n}"
                for n in names
                if n.startswith("_") and f"{module}.{n}" not in SHARED
            )
    return found


def test_no_private_module_of_another_package_is_imported():
    found = [line for path in FILES for line in _private_imports(path)]
    assert found == []


def test_the_check_sees_a_private_import(tmp_path):
    bad = tmp_path / "scenario" / "x.py"
    bad.parent.mkdir()
    bad.write_text(
        "from shuangdao.batch._identify import x\nfrom shuangdao.ingest import _schema\n",
        encoding="utf-8",
    )
    assert len(_private_imports(bad)) == 2
