"""``shuangdao standards``: show the policy parameters with their values, sources and certainty.

Lists every parameter (or those of ``--round N``, or those whose key starts with ``--key``),
with the value, the unit, the meaning in ``--lang``, the sources and the certainty tag
(confirmed / derived / recalled / assumed). ``--standards OVERRIDES.toml`` shows a scenario;
``--json`` prints the whole standards object as JSON (lossless). Exit 0, or 2 for bad
overrides.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from shuangdao._cli import EXIT_OK, UsageError, emit, fail, load_standards
from shuangdao.serialize import to_json
from shuangdao.standards import Parameter
from shuangdao.standards._standards import canonical

__all__ = ["register", "render", "run"]


def register(subparsers: Any) -> None:
    """Add the ``standards`` subcommand to ``subparsers``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "standards",
        help="show the policy parameters with values, sources and certainty",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--round", type=int, choices=(1, 2, 3), help="only this round's")
    parser.add_argument("--key", metavar="PREFIX", help="only keys starting with PREFIX")
    parser.add_argument(
        "--standards", metavar="OVERRIDES.toml", help="scenario overrides of the standards"
    )
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language")
    parser.add_argument("--json", action="store_true", help="print the standards as JSON")
    parser.set_defaults(run=run)


def _value_text(parameter: Parameter) -> str:
    if parameter.value is None:
        return "— (required input: the policy fixed no value)"
    value = canonical(parameter.value)
    if isinstance(value, Mapping):
        return ", ".join(
            f"{k}: {v['value'] if isinstance(v, Mapping) else v}" for k, v in value.items()
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def render(parameter: Parameter, lang: str = "en") -> str:
    """Render one parameter as a short block of text."""
    meaning = parameter.zh if lang == "zh" else parameter.en
    certainty = parameter.certainty.zh if lang == "zh" else parameter.certainty.value
    unit = f" {parameter.unit}" if parameter.unit else ""
    lines = [
        f"{parameter.key} = {_value_text(parameter)}{unit}",
        f"    {meaning}",
        f"    source: {parameter.citation.short()} ({certainty})",
    ]
    if parameter.derivation is not None and parameter.derivation.text:
        lines.append(f"    derivation: {parameter.derivation.text}")
    if parameter.required and parameter.hint:
        lines.append(f"    hint: {parameter.hint}")
    if parameter.overridden:
        lines.append("    (scenario override)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run ``standards`` with parsed ``args``; return the exit status."""
    try:
        standards = load_standards(args.standards)
    except UsageError as error:
        return fail(error)
    if args.json:
        emit(to_json(standards, indent=2) + "\n")
        return EXIT_OK
    parameters = (
        standards.for_round(args.round)
        if args.round
        else dict(sorted(standards.parameters.items()))
    )
    shown = [p for k, p in parameters.items() if not args.key or k.startswith(args.key)]
    if not shown:
        return fail(f"no parameter matches --key {args.key!r}")
    emit(f"{standards.id} (hash {standards.hash})\n\n")
    emit("\n\n".join(render(p, args.lang) for p in shown) + "\n")
    return EXIT_OK
