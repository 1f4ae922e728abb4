"""``shuangdao sources``: the policy sources, and what each one supports.

Without an id lists every source (short title, issuer, date and how many parameters and rules
cite it); with ids prints each in full: titles in Chinese and English, issuer, date, the part
of the document read, URL, what the project took from it, and what it supports — the
parameters and the declared rules that cite it (from the standards data and the rule
declarations, :func:`shuangdao.citations.uses`). ``--json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse
import difflib
import json
from typing import TYPE_CHECKING, Any

from shuangdao._cli import EXIT_OK, emit, fail, load_standards
from shuangdao._cli._help import Help, parser_texts, wrap

if TYPE_CHECKING:
    from shuangdao.citations import Source, SourceUses

__all__ = ["HELP", "register", "render", "run"]

HELP = Help(
    summary_en="list the policy sources, or show one with what it supports",
    summary_zh="列出政策依据文件，或显示某一文件及其支持的参数和规则",
    about_en="""
Every rule and every parameter of shuangdao cites a source: a policy document or a public page,
by a short id (S1, SEED, PROJECT...). Without an id this lists every source with its short
title, issuer and date, and how many parameters and rules cite it. With one or more ids it
prints each source in full: its titles in Chinese and English, issuer, date, the part of the
document the project read, where to check it (URL), what the project took from it, and what
it supports: the parameters whose values cite it and the declared rules that cite it, directly
or through a parameter they read. A missing issuer or date reads "not recorded".

Exit status 0, or 2 for an id that is not in the registry (the message suggests close ones).
""",
    about_zh="""
shuangdao 的每条规则、每个参数都注明依据：一份政策文件或公开网页，以简短编号（S1、SEED、
PROJECT 等）表示。不给编号时列出全部依据文件：简称、发布机关、日期，以及引用它的参数和规则
的数量。给出一个或多个编号时逐一完整显示：中英文标题、发布机关、日期、项目所读部分、核查网址、
项目从中采用的内容，以及它所支持的内容——引用它的参数，以及直接引用或通过所读参数引用它的
规则。发布机关或日期未知时显示“未记录”。

退出状态：0；编号不在登记表中时为 2（提示相近的编号）。
""",
    examples=(
        ("shuangdao sources", "every source, one a line", "列出全部依据文件，每行一个"),
        (
            "shuangdao sources S1 S24",
            "the round-2 plan and the China Daily report in full",
            "完整显示第二轮实施方案和中国日报报道",
        ),
        ("shuangdao sources S9 --lang zh", "one source, in Chinese", "以中文显示一个依据文件"),
        ("shuangdao sources --json", "the whole registry as JSON", "以 JSON 输出全部依据文件"),
    ),
)


def register(subparsers: Any, lang: str = "en") -> None:
    """Add the ``sources`` subcommand to ``subparsers``."""
    zh = lang == "zh"
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sources", lang=lang, **parser_texts(HELP, lang)
    )
    parser.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help="依据编号（如 S1）；不给则列出全部" if zh else "source ids (S1...); none: list all",
    )
    parser.add_argument(
        "--standards",
        metavar="OVERRIDES.toml",
        help="情景参数（TOML）" if zh else "scenario overrides of the standards",
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="语言" if zh else "language"
    )
    parser.add_argument(
        "--json", action="store_true", help="以 JSON 输出" if zh else "print the sources as JSON"
    )
    parser.set_defaults(run=run)


_LABELS = {
    "en": {
        "title_zh": "title (zh)",
        "title_en": "title (en)",
        "issuer": "issuer",
        "date": "date",
        "covers": "part read",
        "url": "URL",
        "note": "note",
        "supports": "supports",
        "parameters": "parameters",
        "rules": "rules citing it",
        "via": "rules reading a parameter that cites it",
        "none": "none",
        "count": "{p} parameter(s), {r} rule(s)",
        "whole": "the whole document",
    },
    "zh": {
        "title_zh": "标题",
        "issuer": "发布机关",
        "date": "日期",
        "covers": "所读部分",
        "url": "网址",
        "note": "说明",
        "supports": "支持",
        "parameters": "参数",
        "rules": "直接引用的规则",
        "via": "通过参数引用的规则",
        "none": "无",
        "count": "{p}个参数，{r}条规则",
        "whole": "全文",
    },
}


def _listed(items: tuple[str, ...], lang: str) -> str:
    if not items:
        return _LABELS[lang]["none"]
    return ("、" if lang == "zh" else ", ").join(items)


def render(source: Source, found: SourceUses, lang: str = "en") -> str:
    """One source in full, as plain text."""
    zh = lang == "zh"
    labels = _LABELS[lang]
    colon = "：" if zh else ": "
    rows = [("title_zh", source.title_zh)]
    if not zh:
        rows.append(("title_en", source.title_en))
    rows += [
        ("issuer", source.issued_by(lang)),
        ("date", source.dated(lang)),
        ("covers", source.covers(lang) or labels["whole"]),
        ("url", source.url or ("未记录" if zh else "not recorded")),
    ]
    if source.noted(lang):
        rows.append(("note", source.noted(lang)))
    width = max(len(labels[k]) for k, _ in rows)
    head = f"{source.source_id} {source.short(lang)}"
    lines = [head]
    for key, value in rows:
        label = labels[key]
        pad = ("\u3000" * (width - len(label))) if zh else " " * (width - len(label))
        lines.append(f"  {label}{colon}{pad}{value}")
    lines.append(f"  {labels['supports']}{colon.rstrip()}")
    for key, items in (
        ("parameters", found.parameters),
        ("rules", found.rules),
        ("via", found.rules_via_parameters),
    ):
        head = (
            f"{labels[key]}（{len(items)}）{colon}"
            if zh
            else f"{labels[key]} ({len(items)}){colon}"
        )
        lines.append(f"    {head.rstrip()}")
        lines.append(wrap(_listed(items, lang), " " * 6))
    return "\n".join(lines)


def _summary_line(source: Source, found: SourceUses, lang: str, width: int) -> str:
    zh = lang == "zh"
    count = _LABELS[lang]["count"].format(
        p=len(found.parameters), r=len(found.rules) + len(found.rules_via_parameters)
    )
    where = (
        f"{source.issued_by(lang)}，{source.dated(lang)}"
        if zh
        else (f"{source.issued_by(lang)}, {source.dated(lang)}")
    )
    dash = "——" if zh else " — "
    return (
        f"{source.source_id:<{width}}  {source.short(lang)}{dash}{where}（{count}）"
        if zh
        else (f"{source.source_id:<{width}}  {source.short(lang)}{dash}{where} ({count})")
    )


def _as_json(source: Source, found: SourceUses) -> dict[str, Any]:
    return {
        "id": source.source_id,
        "title_zh": source.title_zh,
        "title_en": source.title_en,
        "short_zh": source.short("zh"),
        "short_en": source.short("en"),
        "issuer_zh": source.issued_by("zh"),
        "issuer_en": source.issued_by("en"),
        "date": source.date or None,
        "covers_zh": source.covers_zh or None,
        "covers_en": source.covers_en or None,
        "url": source.url or None,
        "note_en": source.note or None,
        "note_zh": source.note_zh or None,
        "parameters": list(found.parameters),
        "rules": list(found.rules),
        "rules_via_parameters": list(found.rules_via_parameters),
    }


def run(args: argparse.Namespace) -> int:
    """Run ``sources`` with parsed ``args``; return the exit status."""
    from shuangdao.citations import sources, uses

    registry = sources()
    unknown = [i for i in args.ids if i not in registry]
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(registry), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        if args.lang == "zh":
            hint = f"；是否指 {'、'.join(close)}？" if close else ""
            return fail(
                f"依据编号 {unknown[0]!r} 不在登记表中{hint}"
                "（`shuangdao sources` 列出全部依据文件）"
            )
        return fail(
            f"source {unknown[0]!r} is not in the registry{hint} "
            "(`shuangdao sources` lists them all)"
        )
    standards = load_standards(args.standards)
    chosen = [registry[i] for i in args.ids] if args.ids else list(registry.values())
    found = {s.source_id: uses(s.source_id, standards) for s in chosen}
    if args.json:
        document = [_as_json(s, found[s.source_id]) for s in chosen]
        emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if args.ids:
        blocks = [render(s, found[s.source_id], args.lang) for s in chosen]
        emit("\n\n".join(blocks) + "\n")
        return EXIT_OK
    width = max(len(s.source_id) for s in chosen)
    lines = [_summary_line(s, found[s.source_id], args.lang, width) for s in chosen]
    see = (
        "完整信息见 `shuangdao sources ID`。"
        if args.lang == "zh"
        else "Each in full: `shuangdao sources ID`."
    )
    emit("\n".join([*lines, "", see]) + "\n")
    return EXIT_OK
