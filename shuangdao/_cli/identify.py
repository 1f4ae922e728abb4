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
    output_argument,
)
from shuangdao._cli._paths import check_folder
from shuangdao.errors import ShuangdaoError
from shuangdao.io import (
    _IDENTIFICATION_FILES,
    CsvIdentification,
    identify_csv,
    write_identification,
)

__all__ = ["register", "run", "summary"]

_TITLES = {
    1: ("designated poor villages", "贫困村", "poor households", "贫困户"),
    2: ("key villages", "重点帮扶村", "poor households", "贫困户"),
    3: ("relatively poor villages", "相对贫困村", "relatively poor households", "相对贫困户"),
}


def register(subparsers: Any) -> None:
    """Add the ``identify`` subcommand to ``subparsers``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "identify",
        help="decide every village and household of a round from CSV files",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(parser)
    parser.add_argument(
        "--out", required=True, type=output_argument, metavar="DIR", help="output folder"
    )
    parser.set_defaults(run=run)


def summary(result: CsvIdentification, lang: str = "en") -> str:
    """Return the human summary of an identification (counts), in ``lang``."""
    village_en, village_zh, household_en, household_zh = _TITLES[result.round]
    villages = result.selected("villages")
    households = result.selected("households")
    rejected = len(result.rejections)
    if lang == "zh":
        text = (
            f"第{result.round}轮：{result.village_rows}个村中{villages}个认定为{village_zh}；"
            f"{result.household_rows}户中{households}户认定为{household_zh}"
            f"（{result.persons_selected}人）；"
        )
        text += f"{rejected}行未能判定（见 rejected.csv）。" if rejected else "全部行均已判定。"
        return text
    text = (
        f"Round {result.round}: {villages} of {result.village_rows} villages are "
        f"{village_en}; {households} of {result.household_rows} households are "
        f"{household_en} ({result.persons_selected} persons); "
    )
    text += (
        f"{rejected} row(s) could not be decided (see rejected.csv)."
        if rejected
        else "every row was decided."
    )
    return text


def run(args: argparse.Namespace) -> int:
    """Run ``identify`` with parsed ``args``; return the exit status."""
    folder = Path(args.out)
    check_folder(folder)
    check_outputs(
        [folder / name for name in _IDENTIFICATION_FILES],
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
    try:
        write_identification(args.out, result)
    except OSError as error:
        return fail(f"cannot write to {error.filename or args.out}: {error.strerror or error}")
    emit(summary(result, args.lang) + "\n")
    return EXIT_REJECTED if result.rejections else EXIT_OK
