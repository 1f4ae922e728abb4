"""``shuangdao validate``: check input files against the identify contract without deciding.

Reads the villages and households CSV files of a round exactly as ``shuangdao identify`` does
(the same reader and rules, so the same rows are rejected) and lists every problem of every
row that could not be decided (``file,row,id,field,error``: one line per bad field, in the
contract's column order) on stdout, or in ``--out FILE``; no decision is written. The count
on stderr is of rows (and of problems, when a row has several). ``--out`` is refused if it
is one of the input files. Exit status 0 when every row is valid, 1 when some rows would be
rejected, 2 for unusable arguments, unreadable files, missing columns or an output that would
overwrite an input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shuangdao._cli import (
    EXIT_OK,
    EXIT_REJECTED,
    add_input_command,
    check_outputs,
    emit,
    fail,
    identify_inputs,
    input_files,
    note,
    output_argument,
    problems_suffix,
)
from shuangdao._cli._help import Help

__all__ = ["HELP", "register", "run"]


HELP = Help(
    summary_en="check villages and households CSV files without deciding anything",
    summary_zh="检查村表和农户表（CSV），不作判定",
    about_en="""
Reads the villages and households CSV files of a round exactly as identify does (the same
reader and rules, so the same rows are rejected) and lists every row that could not be decided
as CSV (file,row,id,field,error) on standard output, or in --out FILE; no decision is written.
A row gets one line per problem: every bad field, in the file's column order, so one run finds
them all. The count on standard error is of rows (and of problems, when there are more).
With --lang zh the error texts and the count on standard error are in Chinese (the column
names stay as they are: they are the file's contract). --out is refused if it is one of the
input files.

Exit status 0 when every row is valid, 1 when some rows would be rejected, 2 for unusable
arguments, unreadable files, missing columns or an output that would overwrite an input.
""",
    about_zh="""
按与 identify 完全相同的方式（同一读取器、同一规则，因而拒绝同样的行）读取某一轮的村表和农户表，
把不能判定的每一行以 CSV（file,row,id,field,error）写到标准输出，或写入 --out 指定的文件；
不写出任何判定。每个问题一行：一行中每个有误的字段各占一行，按文件列序，一次运行即可全部找出。
标准错误上统计的是行数（问题多于行数时另注问题数）。--lang zh 时错误说明和标准错误上的统计为中文
（列名不变：它们是文件约定）。
--out 不得是输入文件之一。

退出状态：所有行有效为 0；有行将被拒绝为 1；参数无效、文件无法读取、缺少列或输出会覆盖输入为 2。
""",
    examples=(
        (
            "shuangdao validate --round 2 --villages villages.csv --households households.csv",
            "list the rows that would be rejected",
            "列出将被拒绝的行",
        ),
        (
            (
                "shuangdao validate --round 1 --villages v.csv --households h.csv "
                "--out rejected.csv --lang zh"
            ),
            "write them to rejected.csv, with the errors in Chinese",
            "写入 rejected.csv，错误说明为中文",
        ),
    ),
    inputs="validate",
)


def register(subparsers: Any, lang: str = "en") -> None:
    """Add the ``validate`` subcommand to ``subparsers``."""
    parser = add_input_command(subparsers, "validate", HELP, lang)
    parser.add_argument(
        "--out",
        type=output_argument,
        metavar="REJECTED.csv",
        help="将被拒绝的行写到此文件" if lang == "zh" else "write the rejected rows here",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``validate`` with parsed ``args``; return the exit status."""
    from shuangdao._i18n import message_zh
    from shuangdao._output import csv_text
    from shuangdao.ingest import REJECTED_COLUMNS, rejected_rows
    from shuangdao.io import write_csv_atomic

    if args.out is not None:
        check_outputs([Path(args.out)], input_files(args))
    result = identify_inputs(args)
    if isinstance(result, int):
        return result  # the error is written
    rejections = list(result.rejections)
    header = list(REJECTED_COLUMNS)
    zh = args.lang == "zh"
    rows = [
        [r.file, r.row, r.id, r.field, message_zh(r.error) if zh else r.error] for r in rejections
    ]
    if args.out is not None:
        target = Path(args.out)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_csv_atomic(target, header, rows)
        except OSError as error:
            return fail(f"cannot write to {error.filename or target}: {error.strerror or error}")
    else:
        emit(csv_text(header, rows))
    # Rows, not lines: a rejected row has one line per problem.
    rejected = rejected_rows(rejections)
    more = problems_suffix(len(rejections), rejected, args.lang)
    if args.lang == "zh":
        note(
            f"读取村{result.village_rows}行、农户{result.household_rows}行；"
            f"{rejected}行将被拒绝{more}"
        )
    else:
        note(
            f"{result.village_rows} village and {result.household_rows} household rows read; "
            f"{rejected} row(s) would be rejected{more}"
        )
    return EXIT_REJECTED if rejections else EXIT_OK
