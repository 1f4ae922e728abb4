"""Subcommands of the ``shuangdao`` command line (private; see :mod:`shuangdao.cli`).

Each subcommand is a module here exposing ``register(subparsers) -> None`` (which adds its
parser and sets ``run`` as the parser default) and ``run(args) -> int`` (the exit status).
This package also holds the helpers they share: the input options of ``identify`` and
``explain``, loading ``--standards`` overrides, and writing messages to stderr.

Exit statuses: 0 success; 1 some input rows were rejected (the rest was decided); 2
unusable arguments, unreadable files, missing columns or bad overrides.
"""

from __future__ import annotations

import argparse
import sys
from typing import Final

from shuangdao.errors import ShuangdaoError
from shuangdao.standards import Standards, default_standards, load_overrides

__all__ = [
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "UsageError",
    "add_input_arguments",
    "fail",
    "load_standards",
]

EXIT_OK: Final = 0
"""Everything was decided."""
EXIT_REJECTED: Final = 1
"""Some rows were rejected; the others were decided and written."""
EXIT_USAGE: Final = 2
"""Unusable arguments, unreadable files, missing columns or bad overrides."""


class UsageError(Exception):
    """A problem with the arguments or files that stops a command (exit status 2)."""


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--round``, ``--villages``, ``--households``, ``--standards`` and ``--lang``."""
    parser.add_argument(
        "--round", type=int, choices=(1, 2, 3), required=True, help="programme round (1, 2 or 3)"
    )
    parser.add_argument("--villages", required=True, metavar="VILLAGES.csv", help="villages CSV")
    parser.add_argument(
        "--households", required=True, metavar="HOUSEHOLDS.csv", help="households CSV"
    )
    parser.add_argument(
        "--standards",
        metavar="OVERRIDES.toml",
        help="scenario overrides of the shipped standards (TOML, e.g. round2.household_line)",
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of messages (default en)"
    )


def load_standards(path: str | None) -> Standards:
    """Return the shipped standards, with the overrides in ``path`` applied if given.

    Raises:
        UsageError: The file cannot be read or an override is invalid (names the key).
    """
    standards = default_standards()
    if path is None:
        return standards
    try:
        return standards.with_overrides(load_overrides(path))
    except ShuangdaoError as error:
        raise UsageError(f"bad --standards {path}: {error}") from None


def fail(message: str) -> int:
    """Write ``shuangdao: error: message`` to stderr and return :data:`EXIT_USAGE`."""
    sys.stderr.write(f"shuangdao: error: {message}\n")
    return EXIT_USAGE
