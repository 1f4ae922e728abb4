"""``shuangdao identify``: decide every village and household of a round from CSV files.

Writes ``DIR/villages.csv`` (village_id,selected,reason,certainty), ``DIR/households.csv``
(household_id,poor,reason,certainty) and ``DIR/rejected.csv`` (file,row,id,field,error); see
:mod:`shuangdao.io` for the file contract. ``certainty`` is the weakest certainty among the
values each decision read (confirmed, derived, recalled, assumed). Prints a short summary in
``--lang``.
The three files are replaced as a set (all or none); an output that is one of the input
files is refused. Exit status 0 when every row was decided, 1 when some rows were rejected,
2 for unusable arguments, unreadable files, missing columns, bad overrides or an output that
would overwrite an input (nothing is written then).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shuangdao._cli import (
    EXIT_OK,
    EXIT_REJECTED,
    add_input_command,
    check_outputs,
    emit,
    fail,
    identify_inputs,
    input_files,
    output_argument,
    problems_suffix,
)
from shuangdao._cli._help import Help
from shuangdao._cli._paths import check_folder

if TYPE_CHECKING:
    from shuangdao.io import CsvIdentification

__all__ = ["HELP", "register", "run", "summary"]

_TITLES = {
    1: ("designated poor villages", "贫困村", "poor households", "贫困户"),
    2: ("key villages", "重点帮扶村", "poor households", "贫困户"),
    3: ("relatively poor villages", "相对贫困村", "relatively poor households", "相对贫困户"),
}


HELP = Help(
    summary_en="decide every village and household of a round from CSV files",
    summary_zh="根据 CSV 文件判定某一轮的全部村和农户",
    about_en="""
Decides every village and household of a round from two CSV files and writes
DIR/villages.csv (village_id,selected,reason,certainty), DIR/households.csv
(household_id,poor,reason,certainty) and DIR/rejected.csv (file,row,id,field,error: every
row that could not be decided, one line per problem: each bad field of a row, in the file's
column order), then prints a short summary in --lang (it counts rows, and the problems when
there are more). Every input row is decided or listed as rejected. The three files are
replaced as a set (all or none); an output that is one of the input files is refused.

Exit status 0 when every row was decided, 1 when some rows were rejected (the rest was decided
and written), 2 for unusable arguments, unreadable files, missing columns, bad overrides or an
output that would overwrite an input (nothing is written then).
""",
    about_zh="""
根据两个 CSV 文件判定某一轮的全部村和农户，写出 DIR/villages.csv
（village_id,selected,reason,certainty）、DIR/households.csv
（household_id,poor,reason,certainty）和 DIR/rejected.csv（file,row,id,field,error：
不能判定的每一行，每个问题一行：一行中每个有误的字段各占一行，按文件列序），
并以 --lang 语言显示简要统计（统计的是行数，问题多于行数时另注问题数）。每个输入行或被判定，
或列入被拒绝的行。三个
文件整体替换（全部或全不）；输出不得是输入文件之一。

退出状态：所有行均已判定为 0；部分行被拒绝为 1（其余照常判定并写出）；参数无效、文件无法读取、
缺少列、情景参数有误或输出会覆盖输入为 2（此时不写出任何文件）。
""",
    examples=(
        (
            (
                "shuangdao identify --round 2 --villages villages.csv --households households.csv "
                "--out out/"
            ),
            "round 2: key villages and poor households into out/",
            "第二轮：重点帮扶村和贫困户，写入 out/",
        ),
        (
            (
                "shuangdao identify --round 2 --villages v.csv --households h.csv --out out/ "
                "--standards ratio40.toml"
            ),
            'the same under a scenario (e.g. round2.household_ratio = "0.40")',
            '在情景参数下判定（如 round2.household_ratio = "0.40"）',
        ),
    ),
    inputs="identify",
)


def register(subparsers: Any, lang: str = "en") -> None:
    """Add the ``identify`` subcommand to ``subparsers``."""
    parser = add_input_command(subparsers, "identify", HELP, lang)
    parser.add_argument(
        "--out",
        required=True,
        type=output_argument,
        metavar="DIR",
        help="输出文件夹" if lang == "zh" else "output folder",
    )
    parser.set_defaults(run=run)


def summary(result: CsvIdentification, lang: str = "en") -> str:
    """Return the human summary of an identification (counts), in ``lang``.

    Rejected *rows* are counted (:func:`~shuangdao.ingest.rejected_rows`); when a row has
    several problems (one line each in ``rejected.csv``) the number of problems follows.
    """
    from shuangdao.ingest import rejected_rows

    village_en, village_zh, household_en, household_zh = _TITLES[result.round]
    villages = result.selected("villages")
    households = result.selected("households")
    rejected = rejected_rows(result.rejections)  # rows, not lines: a row lists each problem
    more = problems_suffix(len(result.rejections), rejected, lang)
    if lang == "zh":
        text = (
            f"第{result.round}轮：{result.village_rows}个村中{villages}个认定为{village_zh}；"
            f"{result.household_rows}户中{households}户认定为{household_zh}"
            f"（{result.persons_selected}人）；"
        )
        text += (
            f"{rejected}行未能判定{more}（见 rejected.csv）。" if rejected else "全部行均已判定。"
        )
        return text
    text = (
        f"Round {result.round}: {villages} of {result.village_rows} villages are "
        f"{village_en}; {households} of {result.household_rows} households are "
        f"{household_en} ({result.persons_selected} persons); "
    )
    text += (
        f"{rejected} row(s) could not be decided{more} (see rejected.csv)."
        if rejected
        else "every row was decided."
    )
    return text


def run(args: argparse.Namespace) -> int:
    """Run ``identify`` with parsed ``args``; return the exit status."""
    from shuangdao.io import IDENTIFICATION_FILES, write_identification

    folder = Path(args.out)
    check_folder(folder)
    check_outputs([folder / name for name in IDENTIFICATION_FILES], input_files(args))
    result = identify_inputs(args)
    if isinstance(result, int):
        return result  # the error is written
    try:
        write_identification(args.out, result)
    except OSError as error:
        return fail(f"cannot write to {error.filename or args.out}: {error.strerror or error}")
    emit(summary(result, args.lang) + "\n")
    return EXIT_REJECTED if result.rejections else EXIT_OK
