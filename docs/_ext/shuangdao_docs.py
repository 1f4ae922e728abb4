"""Generate shuangdao's policy catalogue and reference pages from the code and the data.

At ``builder-inited`` this Sphinx extension writes reStructuredText pages (never edited by
hand, never committed) into:

- ``docs/policy/generated/``: one page per round, per parameter area (standards data file),
  per rule (public function of ``shuangdao.rules.*``), the sources registry and the list of
  parameters the sources do not confirm;
- ``docs/reference/generated/``: one API page per public module, the CLI, the JSON Schemas
  and the error tree.

It also checks the code: a public function of ``shuangdao.rules.*`` without a ``Policy:``
line, a public name (in a public module's ``__all__``) without a docstring, or a rule that
cites an unknown source is reported as a warning (so ``sphinx -W`` fails) and then the build
is stopped with an :class:`~sphinx.errors.ExtensionError`. (For local iteration only,
``SHUANGDAO_DOCS_LENIENT=1`` reports the problems without failing; CI never sets it.)

Every function below except :func:`setup` is pure Python (no Sphinx needed), so
``tests/test_docs.py`` can check the generator without running a build.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import importlib
import inspect
import json
import os
import pkgutil
import re
import sys
import textwrap
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

PACKAGE = "shuangdao"
#: Set to ``1`` to report code problems without failing (local iteration only, never CI).
LENIENT_ENV = "SHUANGDAO_DOCS_LENIENT"
POLICY_DIR = Path("policy") / "generated"
REFERENCE_DIR = Path("reference") / "generated"

#: Input types documented on the JSON Schema page, in this order.
SCHEMA_TYPES = (
    "Village",
    "Household",
    "AssistingUnit",
    "Cadre",
    "WorkTeam",
    "Pairing",
    "Plan",
    "Measure",
    "Round",
    "AdminArea",
)

#: Data files that are not parameter areas.
NON_AREA_FILES = frozenset({"rounds", "sources"})

#: Optional third-party packages; a module that needs a missing one is skipped, not failed.
OPTIONAL_ROOTS = frozenset(
    {"pyarrow", "numpy", "pandas", "polars", "dask", "distributed", "hypothesis", "matplotlib"}
)

_POLICY_RE = re.compile(r"^\s*Policy:\s*(?P<text>.*)$")
_SECTION_RE = re.compile(r"^\s*[A-Z][A-Za-z ]*:\s*$")
_KEY_RE = re.compile(r"""["']([a-z0-9_]+\.[a-z0-9_.]+)["']""")
_TOKEN_RE = re.compile(r"[A-Za-z0-9_\-]+")


# ---------------------------------------------------------------------------- discovery
@dataclasses.dataclass(frozen=True)
class ModuleInfo:
    """A public module of the package: imported, or skipped with the reason."""

    name: str
    module: types.ModuleType | None
    skipped: str = ""


@dataclasses.dataclass(frozen=True)
class RuleInfo:
    """A rule: a public function of a ``shuangdao.rules.*`` module."""

    module: str
    name: str
    function: Callable[..., Any]
    policy: str
    source_ids: tuple[str, ...]
    unknown_ids: tuple[str, ...]
    parameters: tuple[str, ...]
    declared: bool = False

    @property
    def qualname(self) -> str:
        """Full dotted name, ``shuangdao.rules.identification.identify``."""
        return f"{self.module}.{self.name}"

    @property
    def docname(self) -> str:
        """The page's file stem."""
        return self.qualname.removeprefix(f"{PACKAGE}.rules.")


def _is_public_module(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


def _optional_missing(error: BaseException) -> str | None:
    """Return the missing optional package's name if ``error`` is about one."""
    if isinstance(error, ModuleNotFoundError) and error.name:
        root = error.name.split(".")[0]
        if root in OPTIONAL_ROOTS:
            return root
    return None


def public_modules(package: str = PACKAGE) -> list[ModuleInfo]:
    """Import every public module of ``package`` (sorted by name).

    A module whose optional dependency is missing is returned with ``skipped`` set; any
    other import error propagates (a broken module must fail the build).
    """
    # ``import shuangdao.testing`` before Hypothesis is imported re-enters the module through
    # Hypothesis' entry point (a circular import); importing Hypothesis first avoids it.
    with contextlib.suppress(ImportError):
        importlib.import_module("hypothesis")
    root = importlib.import_module(package)
    names = [package]
    names += [
        info.name
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}.")
        if _is_public_module(info.name)
    ]
    result: list[ModuleInfo] = []
    for name in sorted(set(names)):
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            missing = _optional_missing(error)
            if missing is None:
                raise
            result.append(ModuleInfo(name, None, f"needs the optional package {missing}"))
            continue
        result.append(ModuleInfo(name, module))
    return result


def public_names(module: types.ModuleType) -> list[str]:
    """The module's public names: its ``__all__``, else non-underscore names defined there."""
    declared = getattr(module, "__all__", None)
    if declared is not None:
        return list(declared)
    return sorted(
        name
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
        and getattr(obj, "__module__", None) == module.__name__
    )


def rule_modules(modules: Iterable[ModuleInfo] | None = None) -> list[ModuleInfo]:
    """The public ``shuangdao.rules.*`` modules (not the package itself)."""
    pool = public_modules() if modules is None else modules
    return [m for m in pool if m.name.startswith(f"{PACKAGE}.rules.")]


def policy_line(doc: str | None) -> str | None:
    """Return the text of a docstring's ``Policy:`` line (continuation lines joined)."""
    if not doc:
        return None
    lines = inspect.cleandoc(doc).splitlines()
    for index, line in enumerate(lines):
        match = _POLICY_RE.match(line)
        if not match:
            continue
        parts = [match.group("text").strip()]
        for follow in lines[index + 1 :]:
            if not follow.strip() or _SECTION_RE.match(follow) or _POLICY_RE.match(follow):
                break
            parts.append(follow.strip())
        return " ".join(p for p in parts if p)
    return None


def cited_ids(text: str, registry: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split the tokens of a Policy line into known source ids and unknown ``S<n>`` ids."""
    known: list[str] = []
    unknown: list[str] = []
    for token in _TOKEN_RE.findall(text):
        if token in registry:
            if token not in known:
                known.append(token)
        elif re.fullmatch(r"S\d+", token) and token not in unknown:
            unknown.append(token)
    return tuple(known), tuple(unknown)


def parameters_read(function: Callable[..., Any], keys: Iterable[str]) -> tuple[str, ...]:
    """Standards keys a rule function reads, from its declarations (never from its source).

    A rule function marks the rules it applies with :func:`shuangdao.declare.declared`; the
    keys are those of the declarations' criteria (and any ``reads=``). An unmarked function
    reads nothing the catalogue can name.
    """
    from shuangdao.declare import keys_read

    known = set(keys)
    return tuple(key for key in keys_read(function) if key in known)


def is_declared(function: Callable[..., Any]) -> bool:
    """Whether the rule function names its declarations (:func:`shuangdao.declare.declared`)."""
    from shuangdao.declare import is_declared as declared

    return declared(function)


def read_by(rules: Iterable[RuleInfo]) -> dict[str, list[RuleInfo]]:
    """For every parameter key, the rules that read it (from the declarations)."""
    readers: dict[str, list[RuleInfo]] = {}
    for rule in rules:
        for key in rule.parameters:
            readers.setdefault(key, []).append(rule)
    return readers


def discover_rules(
    modules: Iterable[ModuleInfo] | None = None,
    *,
    standards: Any = None,
) -> tuple[list[RuleInfo], list[str]]:
    """Return every rule and the problems found (rule without ``Policy:``, unknown ids)."""
    from shuangdao.citations import sources

    if standards is None:
        from shuangdao.standards import default_standards

        standards = default_standards()
    registry = sources()
    rules: list[RuleInfo] = []
    problems: list[str] = []
    for info in rule_modules(modules):
        if info.module is None:
            continue
        for name in public_names(info.module):
            obj = getattr(info.module, name, None)
            if not inspect.isfunction(obj):
                continue
            where = f"{info.name}.{name}"
            text = policy_line(obj.__doc__)
            if text is None:
                problems.append(
                    f"rule {where} has no 'Policy:' line in its docstring, so it has no "
                    "catalogue page (name its sources, e.g. 'Policy: S1 (round-2 plan).')"
                )
                continue
            known, unknown = cited_ids(text, registry)
            if unknown:
                problems.append(
                    f"rule {where} cites source ids not in the registry: {', '.join(unknown)}"
                )
            if not known:
                problems.append(f"rule {where}: its Policy line names no known source id")
            rules.append(
                RuleInfo(
                    module=info.name,
                    name=name,
                    function=obj,
                    policy=text,
                    source_ids=known,
                    unknown_ids=unknown,
                    parameters=parameters_read(obj, standards.parameters),
                    declared=is_declared(obj),
                )
            )
    return rules, problems


def undocumented_names(modules: Iterable[ModuleInfo]) -> list[str]:
    """Public modules without a docstring, and public classes/functions without one."""
    problems: list[str] = []
    for info in modules:
        module = info.module
        if module is None:
            continue
        if not (module.__doc__ or "").strip():
            problems.append(f"module {info.name} has no docstring")
        for name in public_names(module):
            if not hasattr(module, name):
                problems.append(f"{info.name}.__all__ names {name!r}, which does not exist")
                continue
            obj = getattr(module, name)
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and not inspect.getdoc(obj):
                problems.append(f"public name {info.name}.{name} has no docstring")
    return problems


def canonical_module(obj: Any, exporter: str) -> str:
    """Where ``obj`` is documented: its defining module with private parts cut off.

    ``shuangdao.standards._params.Parameter`` is documented in ``shuangdao.standards``;
    data (constants, type aliases) is documented where it is exported.
    """
    home = getattr(obj, "__module__", None) if (inspect.isclass(obj) or callable(obj)) else None
    if not isinstance(home, str) or not home.startswith(PACKAGE):
        return exporter
    parts: list[str] = []
    for part in home.split("."):
        if part.startswith("_"):
            break
        parts.append(part)
    return ".".join(parts)


def parameter_areas(standards: Any) -> list[str]:
    """Every parameter area: standards data file stems plus any key prefix (sorted)."""
    from shuangdao.standards._loader import data_files

    stems = {stem for stem in data_files() if stem not in NON_AREA_FILES}
    stems |= {key.split(".", 1)[0] for key in standards.parameters}
    return sorted(stems)


# ---------------------------------------------------------------------------- rendering
def esc(text: object) -> str:
    """Escape reST inline markup characters in plain text."""
    return re.sub(r"([\\`*_|\[\]<>])", r"\\\1", str(text))


def title(text: str, char: str = "=") -> str:
    """A reST section title (width measured generously for wide characters)."""
    width = sum(2 if ord(c) > 0x1100 else 1 for c in text)
    return f"{text}\n{char * max(width, 4)}\n"


def label(kind: str, name: str) -> str:
    """A stable reST label, e.g. ``param-round2-household-line``."""
    return f"{kind}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def indent(text: str, by: int = 3) -> str:
    """Indent every non-blank line."""
    return textwrap.indent(text, " " * by)


def render_value(value: Any) -> str:
    """Render a parameter value as reST (inline where possible)."""
    from shuangdao.quantities import Comparator
    from shuangdao.standards import SeriesEntry

    if value is None:
        return "*(none)*"
    if isinstance(value, bool):
        return "``true``" if value else "``false``"
    if isinstance(value, Comparator):
        return f"``{value.symbol}`` ({esc(value.zh)} / {esc(value.en)})"
    if isinstance(value, Decimal | int | dt.date):
        return f"``{value}``"
    if isinstance(value, str):
        return f"``{value}``" if value and "`" not in value else esc(value) or "*(empty)*"
    if isinstance(value, Mapping):
        if not value:
            return "*(empty)*"
        rows = []
        for key, item in value.items():
            if isinstance(item, SeriesEntry):
                extra = " (projection)" if item.projection else ""
                rows.append(
                    f"- {key}: ``{item.value}`` {item.measure}{extra}, "
                    f"*{item.citation.certainty.value}*, {esc(item.citation.short())}"
                )
            else:
                rows.append(f"- {esc(key)}: {render_value(item)}")
        return "\n\n" + "\n".join(rows) + "\n"
    if isinstance(value, tuple | list):
        if not value:
            return "*(empty)*"
        return "\n\n" + "\n".join(f"#. {render_value(item)}" for item in value) + "\n"
    return esc(value)


def source_block(source_id: str) -> str:
    """A source as a reST definition (title zh/en, issuer, date, URL, note)."""
    from shuangdao.citations import sources

    source = sources().get(source_id)
    if source is None:
        return f"``{source_id}``\n   *not in the registry*\n"
    lines = [f"{esc(source.title_zh)}", f"*{esc(source.title_en)}*"]
    meta = ", ".join(esc(x) for x in (source.issuer, source.date) if x)
    if meta:
        lines.append(meta)
    if source.url:
        lines.append(f"`{source.url} <{source.url}>`__")
    if source.note:
        lines.append(esc(source.note))
    body = "\n\n".join(lines)
    return f":ref:`{source_id} <{label('source', source_id)}>`\n{indent(body)}\n"


def source_links(ids: Iterable[str]) -> str:
    """Inline links to sources on the sources page."""
    return ", ".join(f":ref:`{i} <{label('source', i)}>`" for i in ids)


def render_parameter(
    parameter: Any,
    *,
    heading: str = "-",
    anchor: bool = True,
    readers: Sequence[RuleInfo] = (),
) -> str:
    """One parameter as a reST section: meaning, value, unit, source, certainty, rounds.

    ``readers`` are the rules whose declarations read it (the "read by" list).
    """
    out: list[str] = []
    if anchor:
        out.append(f".. _{label('param', parameter.key)}:\n")
    out.append(title(f"``{parameter.key}``", heading))
    if parameter.en:
        out.append(f"{esc(parameter.en)}\n")
    if parameter.zh:
        out.append(f"{esc(parameter.zh)}\n")
    citation = parameter.citation
    rounds = ", ".join(str(r) for r in parameter.rounds) or "all"
    fields = [
        f":type: ``{parameter.type.value}``",
        f":unit: {esc(parameter.unit) or '—'}",
        f":certainty: **{citation.certainty.value}** ({esc(citation.certainty.zh)})",
        f":rounds: {rounds}",
        f":sources: {source_links(citation.source_ids)}"
        + (f", {esc(citation.article)}" if citation.article else ""),
    ]
    if parameter.required or parameter.value is None:
        fields.append(":value: **required input** — the sources fix no value")
        if parameter.hint:
            fields.append(f":how to supply: {esc(parameter.hint)}")
    else:
        fields.append(f":value: {_field_body(render_value(parameter.value))}")
    if parameter.choices:
        fields.append(":choices: " + ", ".join(f"``{c}``" for c in parameter.choices))
    if parameter.minimum is not None or parameter.maximum is not None:
        fields.append(f":range: {parameter.minimum} … {parameter.maximum}".replace("None", "—"))
    if parameter.derivation is not None:
        inputs = ", ".join(
            f"{esc(k)} = :ref:`{v} <{label('param', v)}>`"
            for k, v in parameter.derivation.inputs.items()
        )
        text = esc(parameter.derivation.text) or esc(parameter.derivation.kind)
        fields.append(f":derivation: {text} (from {inputs})")
    if citation.note:
        fields.append(f":note: {esc(citation.note)}")
    if readers:
        names = ", ".join(f":doc:`{r.name} <../rules/{r.docname}>`" for r in readers)
        fields.append(f":read by: {names}")
    else:
        fields.append(":read by: no declared rule")
    out.append("\n".join(fields) + "\n")
    if parameter.history:
        out.append(".. rubric:: Dated values\n")
        out.extend(
            f"- from {entry.since.isoformat()}: {render_value(entry.value)} "
            f"({esc(entry.citation.short())}, {entry.citation.certainty.value})"
            for entry in parameter.history
        )
        out.append("")
    return "\n".join(out) + "\n"


def _field_body(text: str) -> str:
    """Indent a multi-line value so that it stays inside its field."""
    if "\n" not in text:
        return text
    return "\n" + indent(text.strip("\n"), 6) + "\n"


def _param_row(key: str, parameter: Any) -> str:
    value = "**required**" if parameter.value is None else render_value(parameter.value).strip()
    if "\n" in value:
        value = "see below"
    unit = f" ({esc(parameter.unit)})" if parameter.unit and parameter.value is not None else ""
    meaning = "".join(f"\n\n       {esc(text)}" for text in (parameter.en, parameter.zh) if text)
    certainty = parameter.citation.certainty
    return (
        f"   * - :ref:`{key} <{label('param', key)}>`{meaning}\n"
        f"     - {value}{unit}\n"
        f"     - {source_links(parameter.citation.source_ids)}\n\n"
        f"       *{certainty.value}* ({esc(certainty.zh)})\n"
    )


def param_table(items: Iterable[tuple[str, Any]]) -> str:
    """A list-table of parameters: key with its meaning (en, zh), value, sources and certainty."""
    rows = "".join(_param_row(k, p) for k, p in items)
    if not rows:
        return "*No parameters.*\n"
    return (
        ".. list-table::\n   :header-rows: 1\n   :widths: 52 28 20\n\n"
        "   * - Parameter · 参数\n     - Value\n     - Sources, certainty\n" + rows
    )


def render_round_page(number: int, standards: Any, rules: Iterable[RuleInfo] = ()) -> str:
    """The catalogue page of one round."""
    round_ = standards.round(number)
    own = f"round{number}."
    params = dict(
        sorted(
            standards.for_round(number).items(),
            key=lambda item: (not item[0].startswith(own), item[0]),
        )
    )
    out = [
        f".. _{label('round', str(number))}:\n",
        title(round_.name_en),
        f"{esc(round_.name_zh)}\n",
        f":Dates: {round_.start.isoformat()} — {round_.end.isoformat()} (inclusive)",
    ]
    if getattr(round_, "reference_year", None) is not None:
        out.append(f":Income reference year: {round_.reference_year}")
    measure = getattr(round_, "income_measure", None)
    if measure is not None:
        out.append(f":Income measure: {esc(getattr(measure, 'value', measure))}")
    note = getattr(round_, "note", "")
    if note:
        out.append(f":Note: {esc(note)}")
    out.append("")
    out.append(title("Parameters of this round", "-"))
    out.append(
        "Generated from ``default_standards().for_round"
        f"({number})``. Parameters that apply to every round (statistics, the 2011 "
        "regulation, accountability...) are on the :doc:`area pages <../areas/index>`. "
        f"The round's own lines (``{own}*``) come first.\n"
    )
    out.append(param_table(params.items()))
    related = [r for r in rules if any(k in params for k in r.parameters)]
    if related:
        out.append(title("Rules that read them", "-"))
        out.extend(f"- :doc:`{r.qualname} <../rules/{r.docname}>`" for r in related)
        out.append("")
    out.append(title("Details", "-"))
    readers = read_by(rules)
    out.extend(
        render_parameter(p, heading="~", anchor=False, readers=readers.get(k, ()))
        for k, p in params.items()
    )
    return "\n".join(out)


def render_area_page(area: str, standards: Any, rules: Iterable[RuleInfo] = ()) -> str:
    """The catalogue page of one parameter area (a standards data file)."""
    params = {k: p for k, p in sorted(standards.parameters.items()) if k.split(".")[0] == area}
    out = [
        f".. _{label('area', area)}:\n",
        title(f"Area ``{area}``"),
        (
            f"Every parameter in ``shuangdao/standards/data/{area}.toml`` "
            f"(keys ``{area}.<name>``). {len(params)} parameters.\n"
        ),
        param_table(params.items()),
    ]
    related = [r for r in rules if any(k in params for k in r.parameters)]
    if related:
        out.append(title("Rules that read them", "-"))
        out.extend(f"- :doc:`{r.qualname} <../rules/{r.docname}>`" for r in related)
        out.append("")
    out.append(title("Parameters", "-"))
    readers = read_by(rules)
    out.extend(
        render_parameter(p, heading="~", readers=readers.get(k, ())) for k, p in params.items()
    )
    return "\n".join(out)


def render_rule_page(rule: RuleInfo, standards: Any) -> str:
    """The catalogue page of one rule."""
    doc = inspect.getdoc(rule.function) or ""
    summary = doc.splitlines()[0] if doc else ""
    out = [
        f".. _{label('rule', rule.qualname)}:\n",
        title(f"``{rule.name}``"),
        f"{summary}\n",
        f":Module: :py:mod:`{rule.module}`",
        f":Function: :py:func:`{rule.qualname}`",
        f":Policy: {rule.policy}",
        "",
        title("Sources", "-"),
    ]
    out.extend(source_block(i) for i in rule.source_ids)
    out.append(title("Parameters it reads", "-"))
    if rule.parameters:
        out.append(param_table((k, standards.param(k)) for k in rule.parameters))
        out.append(
            "\nFrom the rule's declarations (:mod:`shuangdao.declare`): every parameter its "
            "criteria read.\n"
        )
    elif rule.declared:
        out.append("*None*: its declarations read no standards parameter.\n")
    else:
        out.append(
            "*Not declared yet*: this rule does not name its declarations "
            "(:func:`shuangdao.declare.declared`), so its parameters cannot be listed here; "
            "see its docstring.\n"
        )
    out.append(title("Reference", "-"))
    out.append(module_setup(rule.module))
    out.append(f".. autofunction:: {rule.qualname}\n   :no-index:\n")
    return "\n".join(out)


def render_rules_index(rules: list[RuleInfo]) -> str:
    """The index of rule pages, grouped by module."""
    out = [title("Rules"), ""]
    if not rules:
        out.append(
            "No rule modules exist yet: rules are public functions of "
            "``shuangdao.rules.*`` modules with a ``Policy:`` line. Their pages appear here "
            "automatically.\n"
        )
    modules: dict[str, list[RuleInfo]] = {}
    for rule in rules:
        modules.setdefault(rule.module, []).append(rule)
    for module, items in modules.items():
        out.append(title(f"``{module}``", "-"))
        out.append(".. list-table::\n   :header-rows: 1\n   :widths: 30 40 30\n")
        out.append("   * - Rule\n     - What it decides\n     - Policy")
        for r in items:
            summary = (inspect.getdoc(r.function) or "").splitlines()[0]
            out.append(f"   * - :doc:`{r.name} <{r.docname}>`\n     - {summary}\n     - {r.policy}")
        out.append("")
    out.append(".. toctree::\n   :hidden:\n")
    out.extend(f"   {r.docname}" for r in rules)
    return "\n".join(out) + "\n"


def render_sources_page() -> str:
    """The registry of sources."""
    from shuangdao.citations import sources

    out = [
        title("Sources"),
        (
            "Every rule and parameter cites one or more of these documents "
            "(``shuangdao.citations.sources()``, shipped as ``standards/data/sources.toml``). "
            "URLs are where a stored copy was read; pages move.\n"
        ),
    ]
    for source_id, source in sources().items():
        out.append(f".. _{label('source', source_id)}:\n")
        out.append(title(f"{source_id}: {source.title_en}", "-"))
        out.append(f"{esc(source.title_zh)}\n")
        fields = [
            f":Id: ``{source_id}``",
            f":Issuer: {esc(source.issuer) or '—'}",
            f":Date: {esc(source.date) or '—'}",
            f":URL: `{source.url} <{source.url}>`__" if source.url else ":URL: —",
        ]
        if source.note:
            fields.append(f":Note: {esc(source.note)}")
        out.append("\n".join(fields) + "\n")
    return "\n".join(out)


def _mechanism_cell(cell: Any) -> str:
    """One cell of the mechanisms table: text, zh, then sources, certainty and parameters."""
    parts = [esc(cell.text_en)]
    if cell.text_zh and cell.text_zh != cell.text_en:
        parts.append(esc(cell.text_zh))
    if cell.citation is not None:
        citation = cell.citation
        where = f", {esc(citation.article)}" if citation.article else ""
        parts.append(
            f"{source_links(citation.source_ids)}{where} · "
            f"*{citation.certainty.value}* ({esc(citation.certainty.zh)})"
        )
        parts.append(", ".join(f":ref:`{k} <{label('param', k)}>`" for k in cell.parameters))
    return "\n\n       ".join(parts)


def render_mechanisms_table(standards: Any) -> str:
    """The 2011 assessment rules and the 2010 measures side by side, as a list-table."""
    from shuangdao.rules.accountability import mechanism_table

    header = (
        "   * - \n     - 2011 assessment rules (考核评估办法)\n"
        "     - 2010 accountability measures (问责暂行办法)"
    )
    out = [".. list-table::\n   :header-rows: 1\n   :widths: 14 43 43\n", header]
    out.extend(
        f"   * - {esc(row.aspect_en)}\n\n       {esc(row.aspect_zh)}\n"
        f"     - {_mechanism_cell(row.assessment_rules)}\n"
        f"     - {_mechanism_cell(row.accountability_measures)}"
        for row in mechanism_table(standards=standards)
    )
    out.append("")
    return "\n".join(out) + "\n"


def render_mechanisms_page(standards: Any) -> str:
    """The catalogue page of the two accountability mechanisms."""
    return "\n".join(
        [
            title("Accountability: two mechanisms side by side"),
            (
                "问责 in the 双到 model rests on two different texts, which the library keeps "
                "apart: every accountability decision names the one it applies "
                "(:py:class:`~shuangdao.model.accountability.Mechanism`). Generated from "
                "``shuangdao.rules.accountability.mechanism_table()``; each cell shows the "
                "sources and the certainty of the parameters behind it (the weakest of them) "
                "and links to those parameters. See also "
                ":doc:`the explanation <../../explanation/accountability>`.\n"
            ),
            render_mechanisms_table(standards),
        ]
    )


def render_uncertain_fragment(standards: Any) -> str:
    """The parameters the sources do not confirm (included by the explanation page)."""
    groups = [
        ("Required inputs (no default: the sources fix no value)", lambda p: p.value is None),
        ("Assumed defaults (not found in any source)", lambda p: p.certainty.value == "assumed"),
        ("Recalled or weakly sourced", lambda p: p.certainty.value == "recalled"),
        ("Derived by arithmetic", lambda p: p.certainty.value == "derived"),
    ]
    out: list[str] = []
    for heading, keep in groups:
        items = [
            (k, p)
            for k, p in sorted(standards.parameters.items())
            if keep(p) and (heading.startswith("Required") or p.value is not None)
        ]
        out.append(title(f"{heading}: {len(items)}", "~"))
        out.append(param_table(items))
    return "\n".join(out)


def _assigned_docstring(source: str, name: str) -> str | None:
    """The string literal right under the module-level assignment of ``name``, if any."""
    import ast
    import itertools

    body = ast.parse(source).body
    for statement, following in itertools.pairwise(body):
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id == name for t in targets):
            continue
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            return following.value.value
    return None


def attribute_docstring(module: types.ModuleType, name: str) -> str | None:
    """The docstring of a constant a package re-exports, from the module that defines it.

    A package split by idea into private modules (``shuangdao.rules.identification``
    re-exports ``RULE_IDS`` from its ``_rounds`` module) has no docstring of its own under
    the name; autodoc would then show the docstring of the value's type (``dict``'s). This
    finds the one written under the assignment in the private module that holds the same
    object. ``None`` when ``module`` is not a package, documents the name itself, or no
    private module documents it.
    """
    path = getattr(module, "__path__", None)
    if path is None or not hasattr(module, name):
        return None
    own = inspect.getsource(module) if getattr(module, "__file__", None) else ""
    if _assigned_docstring(own, name) is not None:
        return None
    value = getattr(module, name)
    for info in sorted(pkgutil.iter_modules(path), key=lambda i: i.name):
        if not info.name.startswith("_"):
            continue
        submodule = importlib.import_module(f"{module.__name__}.{info.name}")
        if getattr(submodule, name, None) is not value:
            continue
        found = _assigned_docstring(inspect.getsource(submodule), name)
        if found is not None:
            return found
    return None


def _data_docstring(  # noqa: PLR0917 - autodoc's event signature
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """autodoc: a re-exported constant keeps the docstring written where it is defined."""
    if what != "data":
        return
    module_name, _, attr = name.rpartition(".")
    module = sys.modules.get(module_name)
    found = None if module is None else attribute_docstring(module, attr)
    if found is not None:
        lines[:] = [*inspect.cleandoc(found).splitlines(), ""]


def module_setup(module: str) -> str:
    """A hidden doctest setup that runs docstring examples in ``module``'s globals.

    This is what ``pytest --doctest-modules`` does, so examples need not import the names
    of their own module.
    """
    return (
        ".. testsetup:: *\n\n"
        "   import importlib as _importlib\n"
        f"   globals().update(vars(_importlib.import_module({module!r})))\n"
    )


def _api_directive(module: str, name: str, obj: Any) -> str:
    target = f"{module}.{name}"
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return f".. autoexception:: {target}\n   :members:\n   :show-inheritance:\n"
    if inspect.isclass(obj):
        return f".. autoclass:: {target}\n   :members:\n   :show-inheritance:\n"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return f".. autofunction:: {target}\n"
    return f".. autodata:: {target}\n"


def render_api_page(info: ModuleInfo) -> str:
    """An API page for one public module: its docstring and the names documented here."""
    module = info.module
    assert module is not None
    out = [title(f"``{info.name}``")]
    out.append(f".. automodule:: {info.name}\n   :no-members:\n")
    out.append(module_setup(info.name))
    here: list[tuple[str, Any]] = []
    elsewhere: list[tuple[str, str]] = []
    for name in public_names(module):
        if name.startswith("__") or not hasattr(module, name):
            continue
        obj = getattr(module, name)
        if inspect.ismodule(obj):
            elsewhere.append((name, obj.__name__))
            continue
        home = canonical_module(obj, info.name)
        if home == info.name:
            here.append((name, obj))
        else:
            elsewhere.append((name, f"{home}.{name}"))
    for name, obj in here:
        out.append(_api_directive(info.name, name, obj))
    if elsewhere:
        out.append(".. rubric:: Also available here (documented where they are defined)\n")
        out.extend(f"- :py:obj:`{name} <{target}>`" for name, target in elsewhere)
        out.append("")
    return "\n".join(out) + "\n"


def render_api_index(modules: list[ModuleInfo]) -> str:
    """The API index: one page per public module, plus skipped ones."""
    out = [
        title("Python API"),
        (
            "One page per public module, generated from the code: each name is documented once, "
            "in the module that defines it; packages list what they re-export.\n"
        ),
        ".. toctree::\n   :maxdepth: 1\n",
    ]
    out.extend(f"   api/{m.name}" for m in modules if m.module is not None)
    out.append("")
    skipped = [m for m in modules if m.module is None]
    if skipped:
        out.append(".. rubric:: Not documented in this build\n")
        out.extend(f"- ``{m.name}``: {esc(m.skipped)}" for m in skipped)
        out.append("")
    return "\n".join(out) + "\n"


def find_parser(module: types.ModuleType) -> argparse.ArgumentParser | None:
    """Find the CLI's argparse parser: a zero-argument factory or a module-level parser."""
    for name in ("build_parser", "make_parser", "get_parser", "create_parser", "parser"):
        candidate = getattr(module, name, None)
        if isinstance(candidate, argparse.ArgumentParser):
            return candidate
        if callable(candidate):
            with contextlib.suppress(TypeError):
                result = candidate()
                if isinstance(result, argparse.ArgumentParser):
                    return result
    for name, candidate in vars(module).items():
        if isinstance(candidate, argparse.ArgumentParser):
            return candidate
        if inspect.isfunction(candidate) and candidate.__module__ == module.__name__:
            annotation = str(inspect.signature(candidate).return_annotation)
            required = [
                p
                for p in inspect.signature(candidate).parameters.values()
                if p.default is inspect.Parameter.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            ]
            if "ArgumentParser" in annotation and not required and not name.startswith("__"):
                result = candidate()
                if isinstance(result, argparse.ArgumentParser):
                    return result
    return None


def _options_table(parser: argparse.ArgumentParser) -> str:
    rows = []
    for action in parser._actions:  # argparse has no public API for this
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        names = ", ".join(action.option_strings) or action.dest
        extra = []
        if action.choices and not isinstance(action.choices, Mapping):
            extra.append("choices: " + ", ".join(f"``{c}``" for c in action.choices))
        if action.required and action.option_strings:
            extra.append("required")
        default = action.default
        if default not in (None, argparse.SUPPRESS, False) and action.option_strings:
            extra.append(f"default: ``{default}``")
        helptext = esc((action.help or "").replace("%(default)s", str(default)))
        if extra:
            helptext = f"{helptext} ({'; '.join(extra)})".strip()
        rows.append(f"   * - ``{names}``\n     - {helptext or '—'}")
    if not rows:
        return "*No options.*\n"
    return (
        ".. list-table::\n   :header-rows: 1\n   :widths: 30 70\n\n"
        "   * - Option\n     - Meaning\n" + "\n".join(rows) + "\n"
    )


def render_cli_page() -> str:
    """The CLI reference, generated from the argparse parser in ``shuangdao.cli``."""
    out = [title("Command line: ``shuangdao``")]
    try:
        cli = importlib.import_module(f"{PACKAGE}.cli")
    except ImportError as error:
        if (
            isinstance(error, ModuleNotFoundError) and error.name == f"{PACKAGE}.cli"
        ) or _optional_missing(error):
            cli = None
        else:
            raise
    parser = find_parser(cli) if cli is not None else None
    if parser is None:
        out.append(
            "The command-line interface (``shuangdao.cli``) is not part of this build yet. "
            "When it lands, this page is generated from its argparse parser: every "
            "sub-command, every option and the exit statuses.\n"
        )
    else:
        parser.prog = "shuangdao"
        out.append(f"{esc(parser.description or '')}\n")
        out.append(f".. code-block:: text\n\n{indent(parser.format_usage().strip())}\n")
        out.append(title("Global options", "-"))
        out.append(_options_table(parser))
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                continue
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                out.append(f".. _{label('cli', name)}:\n")
                out.append(title(f"``shuangdao {name}``", "-"))
                text = helps.get(name) or sub.description or ""
                out.append(f"{esc(text)}\n")
                usage = sub.format_usage().strip()
                out.append(f".. code-block:: text\n\n{indent(usage)}\n")
                if sub.description and sub.description != text:
                    # the plain-text paragraphs of ``shuangdao NAME --help``, as printed
                    out.append(f".. code-block:: text\n\n{indent(sub.description.strip())}\n")
                out.append(_options_table(sub))
                if sub.epilog:
                    # input columns (from the input schemas) and example invocations
                    out.append(f".. code-block:: text\n\n{indent(sub.epilog.strip())}\n")
    if parser is not None:
        out.append(
            "Every help text is also in Chinese: ``shuangdao --lang zh --help``, "
            "``shuangdao COMMAND --lang zh --help``.\n"
        )
    statuses = getattr(cli, "EXIT_STATUSES", ()) if cli is not None else ()
    if statuses:
        out.append(title("Exit statuses", "-"))
        out.append(".. list-table::\n   :header-rows: 1\n   :widths: 10 60 30\n")
        out.append("   * - Status\n     - Meaning\n     - 含义")
        out.extend(
            f"   * - ``{code}``\n     - {esc(en)}\n     - {esc(zh)}" for code, en, zh in statuses
        )
    return "\n".join(out) + "\n"


def overrides_schema(standards: Any) -> dict[str, Any]:
    """A JSON Schema for scenario overrides, built from the standards' keys and types."""
    number = {"type": ["string", "number"], "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}
    by_type: dict[str, dict[str, Any]] = {
        "money": {**number, "description": "yuan, at most two decimals"},
        "ratio": {**number, "description": "a share between 0 and 1"},
        "decimal": number,
        "integer": {"type": "integer", "minimum": 0},
        "year": {"type": "integer", "minimum": 1949, "maximum": 2100},
        "boolean": {"type": "boolean"},
        "text": {"type": "string"},
        "date": {"type": "string", "format": "date"},
        "comparator": {"type": "string", "enum": ["ge", "gt", "le", "lt"]},
        "money_by_year": {"type": "object", "additionalProperties": number},
        "decimal_by_key": {"type": "object", "additionalProperties": number},
        "integer_by_key": {"type": "object", "additionalProperties": {"type": "integer"}},
        "text_list": {"type": "array", "items": {"type": "string"}},
        "table": {"type": "array", "items": {"type": "object"}},
    }
    properties: dict[str, Any] = {}
    patterns: dict[str, Any] = {}
    for key, parameter in sorted(standards.parameters.items()):
        kind = parameter.type.value
        if kind == "series":
            patterns[f"^{re.escape(key)}\\.[0-9]{{4}}$"] = {
                **by_type["money"],
                "description": f"{parameter.en} (one year)",
            }
            continue
        schema = dict(by_type.get(kind, {}))
        if parameter.choices:
            schema = {"type": "string", "enum": list(parameter.choices)}
        description = parameter.en + (f" ({parameter.unit})" if parameter.unit else "")
        schema["description"] = description
        if parameter.minimum is not None and kind in {"money", "ratio", "decimal"}:
            schema["description"] += f"; minimum {parameter.minimum}"
        if parameter.maximum is not None and kind in {"money", "ratio", "decimal"}:
            schema["description"] += f"; maximum {parameter.maximum}"
        properties[key] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://shuangdao.readthedocs.io/schema/Overrides.json",
        "title": "Overrides",
        "description": (
            "Scenario overrides for Standards.with_overrides / load_overrides, flat dotted "
            "keys (nested TOML tables are flattened to the same keys). Unknown keys are "
            "errors."
        ),
        "type": "object",
        "properties": properties,
        "patternProperties": patterns,
        "additionalProperties": False,
    }


def schemas(standards: Any) -> dict[str, dict[str, Any]]:
    """Every JSON Schema documented: each input type that exists, plus the overrides."""
    from shuangdao import model
    from shuangdao.serialize import json_schema

    result = {
        name: json_schema(getattr(model, name)) for name in SCHEMA_TYPES if hasattr(model, name)
    }
    result["Overrides"] = overrides_schema(standards)
    return result


def render_schemas_page(names: Iterable[str]) -> str:
    """The JSON Schema page (schemas are written beside it as ``schemas/<Name>.json``)."""
    out = [
        title("JSON Schemas"),
        (
            "JSON Schemas (draft 2020-12) for every input type, generated with "
            ":py:func:`shuangdao.serialize.json_schema`, and for scenario overrides, generated "
            "from the standards' keys and types. Each input field accepts its JSON value or "
            "the text the input grammar reads, with every limit the constructor enforces; "
            "money is exact (validate with decimals, see :doc:`/explanation/input-grammar`); "
            "dates are ISO; enums are their values.\n"
        ),
    ]
    for name in names:
        out.append(f".. _{label('schema', name)}:\n")
        out.append(title(name, "-"))
        out.append(f":download:`{name}.json <schemas/{name}.json>`\n")
        out.append(f".. literalinclude:: schemas/{name}.json\n   :language: json\n")
    return "\n".join(out) + "\n"


def error_tree() -> list[tuple[int, type[BaseException]]]:
    """The library's exception classes, depth-first from ``ShuangdaoError``."""
    from shuangdao import errors

    root = errors.ShuangdaoError
    seen: set[type] = set()
    result: list[tuple[int, type[BaseException]]] = []

    def walk(cls: type[BaseException], depth: int) -> None:
        if cls in seen:
            return
        seen.add(cls)
        result.append((depth, cls))
        children = [c for c in cls.__subclasses__() if c.__module__.startswith(PACKAGE)]
        for child in sorted(children, key=lambda c: c.__name__):
            walk(child, depth + 1)

    walk(root, 0)
    # Groups (ExceptionGroup subclasses) that are also library errors but not below the root.
    for name in getattr(errors, "__all__", []):
        cls = getattr(errors, name)
        if inspect.isclass(cls) and issubclass(cls, BaseException) and cls not in seen:
            walk(cls, 1)
    return result


def render_errors_page() -> str:
    """The error tree, generated from the class hierarchy."""
    out = [
        title("Errors"),
        (
            "Generated from the class hierarchy of :py:mod:`shuangdao.errors` (and any error "
            "class another module derives from it). Every error names the record, the field, "
            "the value and the rule; each concrete class also derives from the matching builtin, "
            "so ``except ValueError`` works as well as ``except ShuangdaoError``.\n"
        ),
    ]
    for depth, cls in error_tree():
        builtins_ = [b.__name__ for b in cls.__bases__ if not b.__module__.startswith(PACKAGE)]
        doc = (inspect.getdoc(cls) or "").splitlines()
        summary = esc(doc[0]) if doc else ""
        also = f" (also ``{'``, ``'.join(builtins_)}``)" if builtins_ else ""
        target = f"{canonical_module(cls, cls.__module__)}.{cls.__name__}"
        out.append(f"{'  ' * depth}- :py:exc:`~{target}`{also}: {summary}\n")
    out.append(title("The tree as drawn in the module docstring", "-"))
    from shuangdao import errors

    out.append(f".. code-block:: text\n\n{indent(_drawn_tree(errors.__doc__ or ''))}\n")
    return "\n".join(out) + "\n"


def _drawn_tree(doc: str) -> str:
    lines = inspect.cleandoc(doc).splitlines()
    drawn = [line for line in lines if "Error" in line and ("├" in line or "└" in line)]
    head = [line for line in lines if line.strip().startswith("ShuangdaoError")]
    return "\n".join(head[:1] + drawn) or "(not drawn)"


def render_glossary_check(glossary_text: str) -> set[str]:
    """Terms defined by a MyST ``{glossary}`` block (used by the tests)."""
    terms: set[str] = set()
    inside = False
    for line in glossary_text.splitlines():
        if line.startswith("```{glossary}"):
            inside = True
            continue
        if inside and line.startswith("```"):
            inside = False
            continue
        if inside and line and not line.startswith((" ", ":")):
            terms.add(line.strip())
    return terms


# ---------------------------------------------------------------------------- generate
@dataclasses.dataclass
class Generated:
    """The pages (path relative to ``docs/`` → text) and the problems found."""

    pages: dict[str, str]
    problems: list[str]
    rules: list[RuleInfo]
    modules: list[ModuleInfo]
    areas: list[str]
    rounds: list[int]


def generate() -> Generated:
    """Build every generated page in memory and check the code."""
    from shuangdao.standards import default_standards

    standards = default_standards()
    modules = public_modules()
    rules, problems = discover_rules(modules, standards=standards)
    problems += undocumented_names(modules)
    areas = parameter_areas(standards)
    rounds = [r.number for r in standards.rounds]
    pages: dict[str, str] = {}
    pol = POLICY_DIR.as_posix()
    ref = REFERENCE_DIR.as_posix()

    for number in rounds:
        pages[f"{pol}/rounds/round{number}.rst"] = render_round_page(number, standards, rules)
    pages[f"{pol}/rounds/index.rst"] = (
        title("Rounds")
        + "\n.. toctree::\n   :maxdepth: 1\n\n"
        + "".join(f"   round{n}\n" for n in rounds)
    )
    for area in areas:
        pages[f"{pol}/areas/{area}.rst"] = render_area_page(area, standards, rules)
    pages[f"{pol}/areas/index.rst"] = (
        title("Parameter areas")
        + "\nOne page per standards data file (``shuangdao/standards/data/<area>.toml``).\n"
        + "\n.. toctree::\n   :maxdepth: 1\n\n"
        + "".join(f"   {a}\n" for a in areas)
    )
    for rule in rules:
        pages[f"{pol}/rules/{rule.docname}.rst"] = render_rule_page(rule, standards)
    pages[f"{pol}/rules/index.rst"] = render_rules_index(rules)
    pages[f"{pol}/sources.rst"] = render_sources_page()
    pages[f"{pol}/accountability.rst"] = render_mechanisms_page(standards)
    pages[f"{pol}/_fragments/accountability-mechanisms.rst"] = render_mechanisms_table(standards)
    # Fragments are included by hand-written pages; conf.py excludes them as documents.
    pages[f"{pol}/_fragments/uncertain.rst"] = render_uncertain_fragment(standards)

    documented = [m for m in modules if m.module is not None]
    for info in documented:
        pages[f"{ref}/api/{info.name}.rst"] = render_api_page(info)
    pages[f"{ref}/api.rst"] = render_api_index(modules)
    pages[f"{ref}/cli.rst"] = render_cli_page()
    all_schemas = schemas(standards)
    for name, schema in all_schemas.items():
        pages[f"{ref}/schemas/{name}.json"] = (
            json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        )
    pages[f"{ref}/schemas.rst"] = render_schemas_page(all_schemas)
    pages[f"{ref}/errors.rst"] = render_errors_page()
    return Generated(pages, problems, rules, modules, areas, rounds)


def write_pages(docs_dir: Path, pages: Mapping[str, str]) -> list[Path]:
    """Write pages under ``docs_dir`` (only when changed); remove stale generated files."""
    written: list[Path] = []
    wanted = {(docs_dir / rel).resolve() for rel in pages}
    for base in (POLICY_DIR, REFERENCE_DIR):
        folder = docs_dir / base
        if folder.exists():
            for path in folder.rglob("*"):
                if path.is_file() and path.resolve() not in wanted:
                    path.unlink()
    for rel, text in pages.items():
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
            written.append(path)
    return written


def _builder_inited(app: Any) -> None:
    from sphinx.errors import ExtensionError
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    result = generate()
    write_pages(Path(app.srcdir), result.pages)
    if os.environ.get(LENIENT_ENV) == "1":
        # Local iteration only (CI never sets it): report problems without failing.
        for problem in result.problems:
            logger.info("[shuangdao] problem (ignored, %s=1): %s", LENIENT_ENV, problem)
        result.problems.clear()
    for problem in result.problems:
        logger.warning(problem, type="shuangdao", subtype="catalogue")
    if result.problems:
        raise ExtensionError(
            f"{len(result.problems)} documentation problem(s) in the code; see the warnings above"
        )
    logger.info(
        "[shuangdao] generated %d pages: %d rules, %d rounds, %d areas, %d modules",
        len(result.pages),
        len(result.rules),
        len(result.rounds),
        len(result.areas),
        len([m for m in result.modules if m.module is not None]),
    )


def setup(app: Any) -> dict[str, Any]:
    """Register the generator with Sphinx."""
    app.connect("builder-inited", _builder_inited)
    app.connect("autodoc-process-docstring", _data_docstring)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
