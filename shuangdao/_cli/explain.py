"""``shuangdao explain``: print one household's (or village's) decision and why.

Reads the same files as ``identify``, decides the round, and prints the decision's
explanation (:meth:`~shuangdao.explain.Decision.explain`) in ``--lang``, or its JSON with
``--json``. Exit status 0 when the record was decided, 1 when its row was rejected (the
reason goes to stderr), 2 for an id that is in neither file or unusable arguments/files.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from shuangdao._cli import (
    EXIT_OK,
    EXIT_REJECTED,
    UsageError,
    add_input_arguments,
    emit,
    fail,
    load_standards,
    note,
)
from shuangdao.errors import ShuangdaoError
from shuangdao.explain import Decision
from shuangdao.io import identify_csv
from shuangdao.serialize import unstructure

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``explain`` subcommand to ``subparsers``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "explain",
        help="print one household's or village's decision with its explanation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--household", metavar="ID", help="household id to explain")
    which.add_argument("--village", metavar="ID", help="village id to explain")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"decision": the stored decision, "explanation": its layers} as JSON',
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``explain`` with parsed ``args``; return the exit status."""
    try:
        standards = load_standards(args.standards)
        result = identify_csv(args.villages, args.households, round=args.round, standards=standards)
    except UsageError as error:
        return fail(error)
    except ShuangdaoError as error:
        return fail(error)
    if args.household is not None:
        kind, file, record_id = "household", "households", args.household
    else:
        kind, file, record_id = "village", "villages", args.village
    decision: Decision | None = result.decision(file, record_id)
    if decision is not None:
        explained = decision.explanation(args.lang)
        if args.json:
            document = {"decision": unstructure(decision), "explanation": explained.to_dict()}
            emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        else:
            emit(explained.text + "\n")
        return EXIT_OK
    rejection = result.rejection(file, record_id)
    if rejection is not None:
        note(
            f"shuangdao: {kind} {record_id} was not decided ({file} row {rejection.row}): "
            f"{rejection.error}"
        )
        return EXIT_REJECTED
    path = args.households if kind == "household" else args.villages
    unnamed = [r for r in result.rejections if r.file == file and not r.id]
    if unnamed:
        # a row whose id could not be read may be this record: rows were rejected (status 1)
        if args.lang == "zh":
            where = "、".join(
                f"第{r.row}行" + ("" if r.line is None else f"（文件第{r.line}行）")
                for r in unnamed[:5]
            )
            more = f"等 {len(unnamed):,} 行" if len(unnamed) > 5 else ""
            who = "农户" if kind == "household" else "村"
            note(
                f"shuangdao：{who} {record_id} 未判定：{path} 中可读取的行里没有它，"
                f"另有 {len(unnamed):,} 行被拒绝且编号无法读取（{where}{more}）；"
                "请用 `shuangdao validate` 查看"
            )
            return EXIT_REJECTED
        where = ", ".join(
            f"row {r.row}" + ("" if r.line is None else f" (line {r.line})") for r in unnamed[:5]
        )
        more = f" and {len(unnamed) - 5:,} more" if len(unnamed) > 5 else ""
        note(
            f"shuangdao: {kind} {record_id} was not decided: it is not among the rows of {path} "
            f"that could be read, and {len(unnamed):,} rejected row(s) have no readable id "
            f"({where}{more}); see `shuangdao validate`"
        )
        return EXIT_REJECTED
    return fail(f"{kind} {record_id!r} is not in {path}")
