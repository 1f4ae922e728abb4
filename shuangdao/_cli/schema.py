"""``shuangdao schema``: print or write the JSON Schemas of the input types.

With a type name (``Household``, ``Village``, ``AssistingUnit``, ``Cadre``, ``WorkTeam``,
``Pairing``, ``Plan``, ``Measure``, ``Round``, ``AdminArea``) prints that schema; with
``--out DIR`` writes one ``<Type>.json`` per input type. Exit status 0, or 2 for an unknown
type or an unwritable folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from shuangdao import model
from shuangdao._cli import EXIT_OK, fail
from shuangdao.serialize import json_schema

__all__ = ["INPUT_TYPES", "register", "run"]

INPUT_TYPES = (
    "AdminArea",
    "AssistingUnit",
    "Cadre",
    "Household",
    "Measure",
    "Pairing",
    "Plan",
    "Round",
    "Village",
    "WorkTeam",
)
"""The model types a caller supplies as input (each has a JSON Schema)."""


def register(subparsers: Any) -> None:
    """Add the ``schema`` subcommand to ``subparsers``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema",
        help="print or write the JSON Schemas of the input types",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("type", nargs="?", help="one input type (default: list them)")
    parser.add_argument("--out", metavar="DIR", help="write every schema as DIR/<Type>.json")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``schema`` with parsed ``args``; return the exit status."""
    if args.out:
        folder = Path(args.out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name in INPUT_TYPES:
                schema = json_schema(getattr(model, name))
                text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
                (folder / f"{name}.json").write_text(text, encoding="utf-8")
        except OSError as error:
            return fail(f"cannot write schemas to {folder}: {error.strerror or error}")
        sys.stdout.write(f"wrote {len(INPUT_TYPES)} schemas to {folder}\n")
        return EXIT_OK
    if args.type is None:
        sys.stdout.write("\n".join(INPUT_TYPES) + "\n")
        return EXIT_OK
    if args.type not in INPUT_TYPES:
        return fail(f"unknown type {args.type!r} (types: {', '.join(INPUT_TYPES)})")
    schema = json_schema(getattr(model, args.type))
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
