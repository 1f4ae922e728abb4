"""A policy fact lives in one place: no parameter key written twice or built from a template.

Issue 13: code reads parameters through their declarations and the typed keys of
``shuangdao.standards.params``. This test scans the package's source (every string literal,
docstrings included) and fails when

* a parameter key (or a key renamed in 0.2.0) is written as a literal in more than one module,
* an f-string starts with an area name (``f"round2.{name}"``) or ``round{`` (``f"round{n}…"``).

``shuangdao/standards`` (where keys are data and the generated views), ``shuangdao/testing``,
``shuangdao/_cli`` and ``__init__.py`` files are not scanned.

Areas not yet ported to declarations still offend: they are listed below, each with the
helper that owns it, so that the test is green while the debt stays visible. An entry that
no longer offends fails the test (remove it), and nothing in the declared areas
(identification, progress, settlement, follow-up, assessment, batch, declare) may be listed.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize
from pathlib import Path

import pytest

from shuangdao.standards import default_standards
from shuangdao.standards._renamed import RENAMED

ROOT = Path(__file__).resolve().parents[1] / "shuangdao"
SKIPPED = ("standards", "testing", "_cli")

# --------------------------------------------------------------------------- the debt
# Keys still written in several modules, by the area that will declare them (issue 13).
ALLOWED_REPEATS: dict[str, set[str]] = {
    # (empty) The pairing limits and the plan catalogue are declared once in
    # rules/pairing/ and read through PairingParams everywhere else.
}
# Modules with f-strings that start like a key: (empty) the aggravation criterion names are
# declared once, on AggravatingFactor.criterion.
ALLOWED_TEMPLATES: dict[str, str] = {}
DECLARED_AREAS = (
    "declare/",
    "batch/",
    "rules/identification/",
    "rules/progress.py",
    "rules/settlement.py",
    "rules/follow_up.py",
    "rules/assessment.py",
    "calendar.py",
    "model/",
    "rules/pairing/",
    "rules/funding/",
    "rules/criteria/",
    "ledger.py",
    "funding.py",
    "assignment/",
    "reports.py",
)

_STRING_PREFIX = re.compile(r"^(?P<prefix>[rRbBuUfF]*)(?P<quote>'''|\"\"\"|'|\")")


def _modules(root: Path) -> list[Path]:
    return [
        path
        for path in sorted(root.rglob("*.py"))
        if path.name != "__init__.py" and path.relative_to(root).parts[0] not in SKIPPED
    ]


def _strings(path: Path) -> list[tuple[str, str, int]]:
    """``(prefix, body, line)`` of every string literal of a module (docstrings included)."""
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline)
    for token in tokens:
        if token.type == tokenize.STRING:
            match = _STRING_PREFIX.match(token.string)
            assert match is not None
            quote = match.group("quote")
            body = token.string[match.end() : len(token.string) - len(quote)]
            found.append((match.group("prefix").lower(), body, token.start[0]))
        elif getattr(tokenize, "FSTRING_START", None) == token.type:  # pragma: no cover - 3.12+
            found.append(("f", "", token.start[0]))
    return found


@functools.cache
def _scan(root: Path = ROOT) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    standards = default_standards()
    keys = set(standards.parameters) | set(RENAMED)
    areas = sorted({k.split(".")[0] for k in keys})
    template = re.compile(r"^(?:(?:" + "|".join(areas) + r")\.|round\{)")
    uses: dict[str, set[str]] = {}
    templates: dict[str, list[str]] = {}
    for path in _modules(root):
        module = path.relative_to(root).as_posix()
        for prefix, body, line in _strings(path):
            if "f" in prefix and template.match(body):
                templates.setdefault(module, []).append(f"line {line}: f{body!r}")
            if "f" not in prefix and body in keys:
                uses.setdefault(body, set()).add(module)
            elif "f" not in prefix:
                for quoted in re.findall(r"""["']([a-z0-9_]+\.[a-z0-9_.]+)["']""", body):
                    if quoted in keys:  # a key quoted inside a docstring's example
                        uses.setdefault(quoted, set()).add(module)
    return uses, templates


def test_no_key_is_written_in_two_modules():
    uses, _ = _scan()
    repeated = {k: v for k, v in uses.items() if len(v) > 1}
    unexpected = {
        k: sorted(v) for k, v in repeated.items() if not v <= ALLOWED_REPEATS.get(k, set())
    }
    assert unexpected == {}, (
        "parameter keys written as literals in more than one module: read them through the "
        "rule's declaration or shuangdao.standards.params instead"
    )


def test_no_key_is_built_from_a_template():
    _, templates = _scan()
    unexpected = {m: t for m, t in templates.items() if m not in ALLOWED_TEMPLATES}
    assert unexpected == {}, "keys built from f-strings: use the typed keys (ROUND_PARAMS[n]...)"


def test_the_allowlist_is_still_needed():
    """An allowlisted offender that was fixed must leave the list (the debt only shrinks)."""
    uses, templates = _scan()
    for key, modules in ALLOWED_REPEATS.items():
        assert len(uses.get(key, set())) > 1, f"{key} no longer repeats: remove it"
        assert uses[key] <= modules, key
    for module in ALLOWED_TEMPLATES:
        assert module in templates, f"{module} no longer builds keys: remove it"


@pytest.mark.parametrize("area", DECLARED_AREAS)
def test_declared_areas_are_never_allowlisted(area):
    for modules in ALLOWED_REPEATS.values():
        assert not any(m.startswith(area) for m in modules)
    assert not any(m.startswith(area) for m in ALLOWED_TEMPLATES)


def test_the_scan_finds_a_repeated_key(tmp_path):
    """The scanner itself: a key in two modules and a template are found."""
    package = tmp_path / "shuangdao"
    (package / "a").mkdir(parents=True)
    (package / "a" / "one.py").write_text('X = "round2.household_line"\n', "utf-8")
    (package / "two.py").write_text(
        'Y = "round2.household_line"\nn = 2\nZ = f"round{n}.household_line"\n', "utf-8"
    )
    uses, templates = _scan(package)
    assert uses["round2.household_line"] == {"a/one.py", "two.py"}
    assert list(templates) == ["two.py"]
