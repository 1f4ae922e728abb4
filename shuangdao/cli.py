"""The ``shuangdao`` command line (also ``python -m shuangdao``).

Subcommands live in ``shuangdao/_cli/<name>.py``, each exposing ``register(subparsers)``
and ``run(args) -> int``; :data:`COMMANDS` lists them, so adding one is one line.

Exit statuses: 0 success; 1 some input rows were rejected (the rest was decided and
written); 2 unusable arguments, unreadable files, missing columns or bad overrides.

Example::

    shuangdao identify --round 2 --villages v.csv --households h.csv --out out/
    shuangdao explain --round 2 --villages v.csv --households h.csv --household h1 --lang zh
    shuangdao validate --round 2 --villages v.csv --households h.csv
    shuangdao standards --round 2 --lang zh
    shuangdao schema Household
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType
from typing import Final

from shuangdao._cli import EXIT_USAGE, explain, identify, run, schema, standards, validate
from shuangdao._version import __version__
from shuangdao.errors import ShuangdaoError

__all__ = ["COMMANDS", "build_parser", "main"]

COMMANDS: Final[tuple[ModuleType, ...]] = (run, identify, explain, validate, standards, schema)
"""The subcommand modules, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand of :data:`COMMANDS` registered."""
    parser = argparse.ArgumentParser(
        prog="shuangdao",
        description="Guangdong's 双到 poverty-alleviation rules as exact, cited, tested Python.",
    )
    parser.add_argument("--version", action="version", version=f"shuangdao {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    Never raises for user errors: argparse problems, unreadable files and invalid
    standards return 2 with a message on stderr.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else EXIT_USAGE
    run = getattr(args, "run", None)
    if run is None:
        parser.print_usage(sys.stderr)
        names = ", ".join(command.__name__.rsplit(".", 1)[-1] for command in COMMANDS)
        sys.stderr.write(f"shuangdao: error: a command is required ({names})\n")
        return EXIT_USAGE
    try:
        status: int = run(args)
    except ShuangdaoError as error:
        sys.stderr.write(f"shuangdao: error: {error}\n")
        return EXIT_USAGE
    return status
