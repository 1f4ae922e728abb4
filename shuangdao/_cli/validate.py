"""``shuangdao validate``: check input files against the identify contract without deciding.

Reads the villages and households CSV files of a round exactly as ``shuangdao identify`` does
(the same reader and rules, so the same rows are rejected) and lists every row that could not
be decided (``file,row,id,field,error``) on stdout, or in ``--out FILE``; no decision is
written. Exit status 0 when every row is valid, 1 when some rows would be rejected,
2 for unusable arguments, unreadable files or missing columns.
"""

from __future__ import annotations

import argparse
import csv
import io as stdio
import sys
from pathlib import Path
from typing import Any

from shuangdao._cli import (
    EXIT_OK,
    EXIT_REJECTED,
    UsageError,
    add_input_arguments,
    fail,
    load_standards,
)
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
    parser.add_argument("--out", metavar="REJECTED.csv", help="write the rejected rows here")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``validate`` with parsed ``args``; return the exit status."""
    try:
        standards = load_standards(args.standards)
        result = identify_csv(args.villages, args.households, round=args.round, standards=standards)
    except UsageError as error:
        return fail(str(error))
    except ShuangdaoError as error:
        return fail(str(error))
    rejections = list(result.rejections)
    header = ["file", "row", "id", "field", "error"]
    rows = [[r.file, str(r.row), r.id, r.field, r.error] for r in rejections]
    if args.out:
        write_csv_atomic(Path(args.out), header, rows)
    else:
        buffer = stdio.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
    if args.lang == "zh":
        sys.stderr.write(
            f"读取村{result.village_rows}行、农户{result.household_rows}行；"
            f"{len(rejections)}行将被拒绝\n"
        )
    else:
        sys.stderr.write(
            f"{result.village_rows} village and {result.household_rows} household rows read; "
            f"{len(rejections)} row(s) would be rejected\n"
        )
    return EXIT_REJECTED if rejections else EXIT_OK
