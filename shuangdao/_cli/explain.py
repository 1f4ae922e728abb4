"""``shuangdao explain``: print one household's (or village's) decision and why.

Reads the same files as ``identify``, decides the round, and prints the decision's layered
explanation (:meth:`~shuangdao.explain.Decision.explanation`) in ``--lang``, or, with
``--json``, ``{"decision": ..., "explanation": ...}``. Exit status 0 when the record was
decided, 1 when its row was rejected (every problem of the row goes to stderr, one per
line when there are several), 2 for an id that is in
neither file or unusable arguments/files. ``--help`` says it all in plain text (:data:`HELP`).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from shuangdao._cli import (
    EXIT_OK,
    EXIT_REJECTED,
    add_input_arguments,
    emit,
    fail,
    identify_inputs,
    note,
)
from shuangdao._cli._help import Help, parser_texts

if TYPE_CHECKING:
    from shuangdao.explain import Decision

__all__ = ["HELP", "register", "run"]


HELP = Help(
    summary_en="print one household's or village's decision, explained",
    summary_zh="显示一个农户或村的判定结果及其解释",
    about_en="""
Reads the same files as identify, decides the round, and prints one record's decision
explained in layers: a verdict line; one line per criterion with the observed value, the
comparison in words, the line and the margin in yuan to the fen (per person and per household
where the rule is per capita); the sources by short title, issuer, date and article; the
certainty of the values the decision used. Amounts are shown rounded half up to the fen; the
decision compares exact amounts. --lang zh prints it in Chinese; --json prints
{"decision": the stored decision, "explanation": the same layers} (the stored decision reads
back with shuangdao.serialize.from_json).

Exit status 0 when the record was decided, 1 when its row was rejected (every problem of the
row goes to standard error), 2 for an id that is in neither file, unusable arguments or
unreadable files.
""",
    about_zh="""
读取与 identify 相同的文件，按轮次判定，并分层显示一条记录的判定结果：结论一行；每个条件一行，
列出实际值、比较方式、标准和差额（金额精确到分；按人均计算的规则同时给出人均和全户差额）；
依据文件的简称、发布机关、日期和条款；判定所用数值的可靠程度。金额四舍五入显示到分，判定按
精确金额比较。--lang zh 以中文显示；--json 输出 {"decision": 存储的判定, "explanation": 同样的
分层内容}（存储的判定可用 shuangdao.serialize.from_json 读回）。

退出状态：记录已判定为 0；该行被拒绝为 1（该行的每个问题写到标准错误）；编号不在任一文件中、
参数无效或文件无法读取为 2。
""",
    examples=(
        (
            (
                "shuangdao explain --round 2 --villages villages.csv --households households.csv "
                "--household 4418-023-002"
            ),
            "why household 4418-023-002 is (not) a poor household",
            "农户 4418-023-002 为何（不）属于贫困户",
        ),
        (
            (
                "shuangdao explain --round 2 --villages villages.csv --households households.csv "
                "--village 4418-023 --lang zh"
            ),
            "a village's decision, in Chinese",
            "以中文显示一个村的判定",
        ),
        (
            "shuangdao explain --round 3 --villages v.csv --households h.csv --household h1 --json",
            "the stored decision and its layers as JSON",
            "以 JSON 输出存储的判定及其分层解释",
        ),
    ),
    inputs="explain",
)


def register(subparsers: Any, lang: str = "en") -> None:
    """Add the ``explain`` subcommand to ``subparsers``."""
    zh = lang == "zh"
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "explain", lang=lang, **parser_texts(HELP, lang)
    )
    add_input_arguments(parser, lang)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--household", metavar="ID", help="要解释的农户编号" if zh else "household id to explain"
    )
    which.add_argument(
        "--village", metavar="ID", help="要解释的村编号" if zh else "village id to explain"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='以 JSON 输出 {"decision": 存储的判定, "explanation": 分层解释}'
        if zh
        else 'print {"decision": the stored decision, "explanation": its layers} as JSON',
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``explain`` with parsed ``args``; return the exit status."""
    from shuangdao._i18n import message_zh
    from shuangdao.serialize import unstructure

    result = identify_inputs(args)
    if isinstance(result, int):
        return result
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
    problems = result.problems(file, record_id)
    if problems:
        row, count = problems[0].row, len(problems)
        if args.lang == "zh":
            who = "农户" if kind == "household" else "村"
            errors = [message_zh(p.error) for p in problems]
            head = f"shuangdao：{who} {record_id} 未判定（{file} 第{row}行"
            more, close = f"，共{count}个问题", "）："
        else:
            errors = [p.error for p in problems]
            head = f"shuangdao: {kind} {record_id} was not decided ({file} row {row}"
            more, close = f"; {count} problems", "): "
        if count == 1:
            note(f"{head}{close}{errors[0]}")
        else:  # one problem per line under the head
            note(f"{head}{more}{close.rstrip()}\n" + "\n".join(f"  {e}" for e in errors))
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
