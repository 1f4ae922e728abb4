"""``shuangdao standards``: show the policy parameters with their values, sources and certainty.

Lists every parameter (or those of ``--round N``, or those whose key starts with ``--key``),
with the value, the unit, the meaning in ``--lang``, the sources and the certainty tag
(confirmed / derived / recalled / assumed). ``--standards OVERRIDES.toml`` shows a scenario;
``--json`` prints the whole standards object as JSON (lossless). Exit 0, or 2 for bad
overrides.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shuangdao._cli import EXIT_OK, UsageError, emit, fail, load_standards
from shuangdao._cli._help import Help, parser_texts

if TYPE_CHECKING:
    from shuangdao.standards import Parameter

__all__ = ["HELP", "register", "render", "run"]


HELP = Help(
    summary_en="show the policy parameters with values, sources and certainty",
    summary_zh="显示政策参数及其数值、依据和可靠程度",
    about_en="""
Lists every policy parameter (or those of --round N, or those whose key starts with --key) with
its value and unit, what it means, its sources (see shuangdao sources ID for a source in full),
its certainty (confirmed, derived, recalled or assumed), how a derived figure was computed and,
for a required input the policy never fixed, how to supply it. Tables of records (assessment
indicators, regional pairings) and values by year or by key are shown as aligned tables.
--standards OVERRIDES.toml shows a scenario (overridden values are marked); --json prints the
whole standards object as JSON (lossless); --lang zh prints it all in Chinese.

Exit status 0, or 2 for bad overrides or a --key no parameter starts with.
""",
    about_zh="""
列出全部政策参数（或 --round N 所属的参数，或键以 --key 开头的参数）：数值和单位、含义、依据
（某一依据文件的全部信息见 shuangdao sources 编号）、可靠程度（已证实、推导、存疑或假定）、推导
数值的计算方法，以及政策未规定数值、须由使用者提供的参数的提供方式。记录表（考核指标、对口帮扶
关系）和按年份或按键的数值以对齐的表格显示。--standards OVERRIDES.toml 显示情景参数（被调整的
数值会标明）；--json 以 JSON 输出完整的标准对象（无损）；--lang zh 全部以中文显示。

退出状态：0；情景参数有误或没有参数的键以 --key 开头为 2。
""",
    examples=(
        ("shuangdao standards --round 2", "round 2's parameters", "第二轮的参数"),
        (
            "shuangdao standards --key round2.household --lang zh",
            "the round-2 household line, ratio and comparator, in Chinese",
            "以中文显示第二轮贫困户标准、比例和比较方式",
        ),
        (
            "shuangdao standards --standards ratio40.toml --key round2",
            "round 2 under a scenario",
            "情景参数下的第二轮参数",
        ),
        (
            "shuangdao standards --json",
            "the whole standards object as JSON",
            "以 JSON 输出完整标准",
        ),
    ),
)


def register(subparsers: Any, lang: str = "en") -> None:
    """Add the ``standards`` subcommand to ``subparsers``."""
    zh = lang == "zh"
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "standards", lang=lang, **parser_texts(HELP, lang)
    )
    parser.add_argument(
        "--round", type=int, choices=(1, 2, 3), help="仅该轮的参数" if zh else "only this round's"
    )
    parser.add_argument(
        "--key",
        metavar="PREFIX",
        help="仅键以 PREFIX 开头的参数" if zh else "only keys starting with PREFIX",
    )
    parser.add_argument(
        "--standards",
        metavar="OVERRIDES.toml",
        help="对标准的情景调整（TOML）" if zh else "scenario overrides of the standards",
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="语言" if zh else "language"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="以 JSON 输出标准" if zh else "print the standards as JSON",
    )
    parser.set_defaults(run=run)


def render(parameter: Parameter, lang: str = "en") -> str:
    """Render one parameter as a short block of text (tables of values as aligned tables).

    .. versionchanged:: 0.2.0 tables, units, sources and certainty in ``lang`` (issue 16).
    """
    from shuangdao._display import parameter_block

    return parameter_block(parameter, lang)


def run(args: argparse.Namespace) -> int:
    """Run ``standards`` with parsed ``args``; return the exit status."""
    from shuangdao.serialize import to_json

    try:
        standards = load_standards(args.standards)
    except UsageError as error:
        return fail(error)
    if args.json:
        emit(to_json(standards, indent=2) + "\n")
        return EXIT_OK
    parameters = (
        standards.for_round(args.round)
        if args.round
        else dict(sorted(standards.parameters.items()))
    )
    shown = [p for k, p in parameters.items() if not args.key or k.startswith(args.key)]
    if not shown:
        return fail(f"no parameter matches --key {args.key}")
    zh = args.lang == "zh"
    emit(
        f"{standards.id}（哈希 {standards.hash}）\n\n"
        if zh
        else f"{standards.id} (hash {standards.hash})\n\n"
    )
    emit("\n\n".join(render(p, args.lang) for p in shown) + "\n")
    ids = list(dict.fromkeys(i for p in shown for i in p.citation.source_ids))
    see = f"`shuangdao sources {' '.join(ids)}`"
    emit(f"\n依据文件全文见 {see}。\n" if zh else f"\nSources in full: {see}.\n")
    return EXIT_OK
