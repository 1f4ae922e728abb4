"""Subcommands of the ``shuangdao`` command line (private; see :mod:`shuangdao.cli`).

Each subcommand is a module here exposing ``register(subparsers) -> None`` (which adds its
parser and sets ``run`` as the parser default) and ``run(args) -> int`` (the exit status).
This package also holds the helpers they share: the input options of ``identify``,
``validate`` and ``explain`` (and deciding those inputs), loading ``--standards`` overrides,
checking ``--out`` paths against the inputs (:mod:`shuangdao._cli._paths`) and writing to
the terminal so that a closed pipe, a full disk or a terminal that cannot show Chinese never
becomes a traceback (:mod:`shuangdao._cli._streams`).

Exit statuses (:data:`EXIT_STATUSES`): 0 success; 1 some input rows were rejected (the rest
was decided); 2 unusable arguments, unreadable files, missing columns or bad overrides; 70 an
internal error (a bug: one line asks for a report); 130 / 143 interrupted (Ctrl-C / SIGTERM).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shuangdao._cli._base import (
    DEBUG_ENV,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_STATUSES,
    EXIT_TERMINATED,
    EXIT_USAGE,
    ISSUES_URL,
    UsageError,
)
from shuangdao._cli._help import Help, parser_texts
from shuangdao._cli._paths import check_outputs, output_argument
from shuangdao._cli._streams import describe, emit, fail, note
from shuangdao.errors import ShuangdaoError

if TYPE_CHECKING:
    from shuangdao.io import CsvIdentification
    from shuangdao.standards import Standards

__all__ = [
    "DEBUG_ENV",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_STATUSES",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "ISSUES_URL",
    "UsageError",
    "add_input_arguments",
    "add_input_command",
    "check_outputs",
    "describe",
    "emit",
    "fail",
    "identify_inputs",
    "input_files",
    "load_standards",
    "note",
    "output_argument",
    "problems_suffix",
]


def add_input_arguments(parser: argparse.ArgumentParser, lang: str = "en") -> None:
    """Add ``--round``, ``--villages``, ``--households``, ``--standards`` and ``--lang``.

    Their help is in ``lang``; the columns of the two files are listed in the command's
    description (:mod:`shuangdao._cli._help`).
    """
    zh = lang == "zh"
    parser.add_argument(
        "--round",
        type=int,
        choices=(1, 2, 3),
        required=True,
        help="轮次（1、2 或 3）" if zh else "programme round (1, 2 or 3)",
    )
    parser.add_argument(
        "--villages",
        required=True,
        metavar="VILLAGES.csv",
        help="村表（CSV，列见选项之后）" if zh else "villages CSV (columns below the options)",
    )
    parser.add_argument(
        "--households",
        required=True,
        metavar="HOUSEHOLDS.csv",
        help="农户表（CSV，列见选项之后）" if zh else "households CSV (columns below the options)",
    )
    parser.add_argument(
        "--standards",
        metavar="OVERRIDES.toml",
        help="对内置标准的情景调整（TOML，如 round2.household_line）"
        if zh
        else "scenario overrides of the shipped standards (TOML, e.g. round2.household_line)",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="输出与帮助的语言（默认 en）" if zh else "language of output and help (default en)",
    )


def add_input_command(
    subparsers: Any, name: str, help: Help, lang: str = "en"
) -> argparse.ArgumentParser:
    """Add subcommand ``name`` (its texts from ``help``) with :func:`add_input_arguments`."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, lang=lang, **parser_texts(help, lang)
    )
    add_input_arguments(parser, lang)
    return parser


def load_standards(path: str | None) -> Standards:
    """Return the shipped standards, with the overrides in ``path`` applied if given.

    Raises:
        UsageError: The file cannot be read or an override is invalid (names the key).
    """
    from shuangdao.standards import default_standards, load_overrides

    standards = default_standards()
    if path is None:
        return standards
    try:
        return standards.with_overrides(load_overrides(path))
    except ShuangdaoError as error:
        raise UsageError(f"bad --standards {path}: {describe(error)}") from None


def input_files(args: argparse.Namespace) -> dict[str, str | None]:
    """The input files of :func:`add_input_arguments` by option: what no output may be."""
    return {
        "--villages": args.villages,
        "--households": args.households,
        "--standards": args.standards,
    }


def identify_inputs(args: argparse.Namespace) -> CsvIdentification | int:
    """Decide the input files of :func:`add_input_arguments` under ``--standards``.

    Returns the identification, or the exit status (:data:`EXIT_USAGE`, the error written
    by :func:`fail`) when the overrides or the files cannot be used.
    """
    from shuangdao.io import identify_csv

    try:
        standards = load_standards(args.standards)
        return identify_csv(args.villages, args.households, round=args.round, standards=standards)
    except (UsageError, ShuangdaoError) as error:
        return fail(error)


def problems_suffix(problems: int, rows: int, lang: str) -> str:
    """``" (8 problems)"`` / ``"（共8个问题）"`` when ``rows`` rejected rows hold more problems.

    A rejected row has one line per problem, so a count of rows is followed by the number of
    problems when some row has several; otherwise nothing is added.
    """
    if problems <= rows:
        return ""
    return f"（共{problems}个问题）" if lang == "zh" else f" ({problems} problems)"
