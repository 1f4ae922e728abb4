"""Modules are split by idea and functions read as the steps they perform (issue 13 item 6).

This test fails on

* a module under ``shuangdao/`` of 1,000 lines or more, and
* a function or method (nested ones too) of 150 lines or more, counted from its ``def``
  line to its last line.

A generated module (its first lines say ``GENERATED, do not edit``, as
:mod:`shuangdao.standards.params` does) is exempt from the module limit: it is written by a
program, not read as prose. The modules and functions that still offend are listed below
with the helper that owns them, so that the test is green while the debt stays visible; an
entry that no longer offends fails the test (remove it), so the list can only shrink.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "shuangdao"

MAX_MODULE_LINES = 1_000
MAX_FUNCTION_LINES = 150

# A module whose first lines carry this mark was written by a program.
GENERATED = re.compile(r"GENERATED,? do not edit", re.IGNORECASE)
GENERATED_HEADER_LINES = 5

# --------------------------------------------------------------------------- the debt
# module (relative to shuangdao/) -> the helper that owns it.
ALLOWED_MODULES: dict[str, str] = {}
# "module:qualified.function" -> the helper that owns it.
ALLOWED_FUNCTIONS: dict[str, str] = {}


def is_generated(text: str) -> bool:
    """Whether a module says, in its first lines, that a program wrote it."""
    head = "\n".join(text.splitlines()[:GENERATED_HEADER_LINES])
    return GENERATED.search(head) is not None


def line_count(text: str) -> int:
    return len(text.splitlines())


def long_functions(text: str) -> dict[str, int]:
    """Every function or method of ``MAX_FUNCTION_LINES`` lines or more, by qualified name."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                if length >= MAX_FUNCTION_LINES:
                    found[name] = length
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(text), "")
    return found


@functools.cache
def scan() -> tuple[dict[str, int], dict[str, int]]:
    """(long modules by path, long functions by ``path:name``) under ``shuangdao/``."""
    modules: dict[str, int] = {}
    functions: dict[str, int] = {}
    for path in sorted(ROOT.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = line_count(text)
        if lines >= MAX_MODULE_LINES and not is_generated(text):
            modules[name] = lines
        for function, length in long_functions(text).items():
            functions[f"{name}:{function}"] = length
    return modules, functions


def test_no_new_long_modules():
    new = {k: v for k, v in scan()[0].items() if k not in ALLOWED_MODULES}
    assert not new, f"modules of {MAX_MODULE_LINES:,}+ lines; split them by idea:\n" + "\n".join(
        f"  shuangdao/{k}: {v} lines" for k, v in sorted(new.items())
    )


def test_no_new_long_functions():
    new = {k: v for k, v in scan()[1].items() if k not in ALLOWED_FUNCTIONS}
    assert not new, (
        f"functions of {MAX_FUNCTION_LINES}+ lines; make them read as the steps they perform:\n"
        + "\n".join(f"  shuangdao/{k}: {v} lines" for k, v in sorted(new.items()))
    )


def test_the_allowlists_only_list_what_still_offends():
    modules, functions = scan()
    stale = sorted(set(ALLOWED_MODULES) - set(modules)) + sorted(
        set(ALLOWED_FUNCTIONS) - set(functions)
    )
    assert not stale, f"no longer offending, remove from the allowlist: {stale}"


def test_generated_modules_say_so():
    # The exemption is earned by the header, not by a name: the one generated module today.
    generated = sorted(
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("*.py")
        if is_generated(p.read_text(encoding="utf-8"))
    )
    assert "standards/params.py" in generated, generated


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n" + "    x = 1\n" * 147 + "    return x\n", {}),  # 149 lines
        ("def f():\n" + "    x = 1\n" * 148 + "    return x\n", {"f": 150}),
        (
            "class C:\n    def m(self):\n" + "        x = 1\n" * 149 + "        return x\n",
            {"C.m": 151},
        ),
        (
            "def outer():\n    def inner():\n" + "        x = 1\n" * 149 + "        return x\n",
            {"outer": 152, "outer.inner": 151},
        ),
        (
            "if True:\n    async def g():\n" + "        x = 1\n" * 149 + "        return x\n",
            {"g": 151},
        ),
    ],
)
def test_the_function_scanner(source, expected):
    assert long_functions(source) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('"""Typed views — GENERATED, do not edit.\n"""\n', True),
        ("# Generated, do not edit\n", True),
        ('"""A module."""\n' + "\n" * 10 + "# GENERATED, do not edit\n", False),
        ('"""The generated catalogue is built elsewhere."""\n', False),
    ],
)
def test_the_generated_header(head, expected):
    assert is_generated(head) is expected
