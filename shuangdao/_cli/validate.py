"""``shuangdao validate``: check input files against the identify contract without deciding.

Reads the villages and households CSV files of a round exactly as ``shuangdao identify`` does
(the same reader and rules, so the same rows are rejected) and lists every row that could not
be decided (``file,row,id,field,error``) on stdout, or in ``--out FILE``; no decision is
written. ``--out`` is refused if it is one of the input files. Exit status 0 when every row
is valid, 1 when some rows would be rejected, 2 for unusable arguments, unreadable files,
missing columns or an output that would overwrite an input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shuangdao._cli import (
    EXIT_OK,
    EXIT_REJECTED,
    UsageError,
    add_input_arguments,
    check_outputs,
    emit,
    fail,
    load_standards,
    note,
    output_argument,
)
from shuangdao._output import csv_text
from shuangdao.errors import ShuangdaoError
from shuangdao.io import identify_csv, write_csv_atomic

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``validate`` subcommand to ``subparsers``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="check villages/households CSV files against the identify contract",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(parser)
    parser.add_argument(
        "--out", type=output_argument, metavar="REJECTED.csv", help="write the rejected rows here"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``validate`` with parsed ``args``; return the exit status."""
    if args.out is not None:
        check_outputs(
            [Path(args.out)],
            {
                "--villages": args.villages,
                "--households": args.households,
                "--standards": args.standards,
            },
        )
    try:
        standards = load_standards(args.standards)
        result = identify_csv(args.villages, args.households, round=args.round, standards=standards)
    except UsageError as error:
        return fail(error)
    except ShuangdaoError as error:
        return fail(error)
    rejections = list(result.rejections)
    header = ["file", "row", "id", "field", "error"]
    rows = [[r.file, r.row, r.id, r.field, r.error] for r in rejections]
    if args.out is not None:
        target = Path(args.out)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_csv_atomic(target, header, rows)
        except OSError as error:
            return fail(f"cannot write to {error.filename or target}: {error.strerror or error}")
    else:
        emit(csv_text(header, rows))
    if args.lang == "zh":
        note(
            f"读取村{result.village_rows}行、农户{result.household_rows}行；"
            f"{len(rejections)}行将被拒绝"
        )
    else:
        note(
            f"{result.village_rows} village and {result.household_rows} household rows read; "
            f"{len(rejections)} row(s) would be rejected"
        )
    return EXIT_REJECTED if rejections else EXIT_OK
