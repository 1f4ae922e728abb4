"""Parameter values and structured values written for people (private).

A parameter's value may be a number, a list, a mapping (by year or by key), a statistical
series or a table of records (assessment indicators, regional pairings). :func:`value_cells`
turns any of them into headers and rows; :func:`value_text` writes a scalar or a short
mapping inline and :func:`value_table` anything else as an aligned table (terminal) or a
Markdown table (reports) — never a Python ``repr``. Column names and codes read in Chinese
with ``lang="zh"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from shuangdao import _i18n as i18n
from shuangdao.citations import Certainty, sources
from shuangdao.quantities import Comparator
from shuangdao.standards import Parameter, ParamType

__all__ = [
    "HEADERS_ZH",
    "cell",
    "citation_text",
    "inline",
    "parameter_block",
    "value_cells",
    "value_table",
]

HEADERS_ZH: Final = {
    "id": "编号",
    "kind": "类型",
    "weight": "权重",
    "pass_line": "及格线",
    "max_bonus": "加分上限",
    "zh": "含义",
    "en": "含义",
    "sources": "依据",
    "certainty": "可靠程度",
    "assisting": "帮扶方",
    "assisted": "被帮扶方",
    "grade": "等次",
    "min_share": "最低得分率",
    "passing": "合格",
    "deduction": "扣分",
    "gate_limit": "门槛",
    "gate_comparator": "门槛比较",
    "year": "年份",
    "value": "数值",
    "measure": "口径",
    "projection": "预测值",
    "key": "键",
}
"""Column names of tables of records, in Chinese."""

_HEADERS_EN: Final = {"en": "meaning", "zh": "中文"}

_CODES_ZH: Final = {
    "mandated": "必达",
    "scored": "计分",
    "net": "纯收入",
    "disposable": "可支配收入",
}
"""Codes in tables that read better in Chinese (the others are ids, kept)."""

_INLINE: Final = 4
"""Mappings with at most this many short entries are written inline."""


def cell(value: Any, lang: str = "en", *, money: bool = False) -> str:
    """One value as text: exact numbers as written, money to the fen, yes/no, dates."""
    zh = lang == "zh"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, Comparator):
        if zh:
            return f"{value.zh}（{value.symbol}；代码 {value.value}）"
        return f"{value.value} — {value.en} ({value.symbol})"
    if isinstance(value, Certainty):
        return value.zh if zh else value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal) and money:
        return i18n.money(value, lang, unit=False)
    if isinstance(value, Decimal | int):
        return str(value)
    text = str(value)
    if zh:
        if text in {c.value for c in Certainty}:
            return Certainty(text).zh
        return _CODES_ZH.get(text, text)
    return text


def _is_money(parameter: Parameter) -> bool:
    return parameter.type in (ParamType.MONEY, ParamType.MONEY_BY_YEAR, ParamType.SERIES) or (
        parameter.type is ParamType.DECIMAL_BY_KEY and parameter.unit.startswith("yuan")
    )


def value_cells(parameter: Parameter, lang: str = "en") -> tuple[list[str], list[list[str]]]:
    """A parameter's value as ``(headers, rows)`` (a scalar or a list is one column)."""
    zh = lang == "zh"
    value = parameter.value
    money = _is_money(parameter)
    if parameter.type is ParamType.SERIES:
        headers = ["year", "value", "measure", "certainty", "projection"]
        rows = [
            [
                str(year),
                cell(entry.value, lang, money=True),
                cell(entry.measure, lang),
                cell(entry.citation.certainty, lang),
                cell(entry.projection, lang),
            ]
            for year, entry in value.items()
        ]
    elif parameter.type is ParamType.TABLE:
        keys: list[str] = []
        for record in value:
            keys.extend(k for k in record if k not in keys)
        last: list[str] = [k for k in ("en", "zh", "sources", "certainty") if k in keys]
        keys = [k for k in keys if k not in last] + last
        drop = "en" if zh and "zh" in keys else "zh" if not zh and "en" in keys else None
        headers = [k for k in keys if k != drop]
        rows = [[cell(record.get(k), lang) for k in headers] for record in value]
    elif isinstance(value, Mapping):
        headers = ["year" if parameter.type is ParamType.MONEY_BY_YEAR else "key", "value"]
        rows = [[str(k), cell(v, lang, money=money)] for k, v in value.items()]
    elif isinstance(value, Sequence) and not isinstance(value, str):
        headers = ["value"]
        rows = [[cell(v, lang)] for v in value]
    else:
        headers = ["value"]
        rows = [[cell(value, lang, money=money)]]
    if zh:
        headers = [HEADERS_ZH.get(h, h) for h in headers]
    else:
        headers = [_HEADERS_EN.get(h, h) for h in headers]
    return headers, rows


def inline(parameter: Parameter, lang: str = "en") -> str | None:
    """The value on one line (with its unit), or ``None`` when it needs a table."""
    zh = lang == "zh"
    value = parameter.value
    unit = (parameter.unit_zh or parameter.unit) if zh else parameter.unit
    if value is None:
        return (
            "—（必须输入：政策未规定数值）"
            if zh
            else "— (required input: the policy fixed no value)"
        )
    if parameter.type in (ParamType.TABLE, ParamType.SERIES):
        return None
    money = _is_money(parameter)
    if isinstance(value, Mapping):
        if len(value) > _INLINE:
            return None
        text = ("；" if zh else ", ").join(
            f"{k}{'：' if zh else ': '}{cell(v, lang, money=money)}" for k, v in value.items()
        )
    elif isinstance(value, Sequence) and not isinstance(value, str):
        text = ("、" if zh else ", ").join(cell(v, lang) for v in value)
    else:
        text = cell(value, lang, money=money)
    if not unit:
        return text
    return (
        f"{text}（{unit}）"
        if zh and isinstance(value, Mapping)
        else (f"{text}{unit}" if zh else f"{text} {unit}")
    )


def value_table(
    parameter: Parameter, lang: str = "en", *, markdown: bool = False, indent: str = ""
) -> str:
    """The value as an aligned table (or a Markdown table with ``markdown=True``)."""
    headers, rows = value_cells(parameter, lang)
    if markdown:
        return i18n.markdown_table(headers, rows)
    return i18n.text_table(headers, rows, indent)


def citation_text(parameter: Parameter, lang: str = "en") -> str:
    """The sources by id and short title, the article and the certainty, in one line."""
    zh = lang == "zh"
    registry = sources()
    citation = parameter.citation
    named = []
    for source_id in citation.source_ids:
        source = registry.get(source_id)
        title = "" if source is None else source.short(lang)
        named.append(f"{source_id}（{title}）" if zh else f"{source_id} ({title})")
    text = ("、" if zh else ", ").join(named)
    if citation.article:
        article = i18n.article_zh(citation.article) if zh else citation.article
        text += f"；{article}" if zh else f"; {article}"
    certainty = citation.certainty
    return f"{text}——{certainty.zh}" if zh else f"{text} — {certainty.value}"


def parameter_block(parameter: Parameter, lang: str = "en") -> str:
    """One parameter for a reader, as a block of text.

    Value and unit, meaning, sources, certainty, derivation, how to supply a required value;
    tables of values as aligned tables.
    """
    zh = lang == "zh"
    colon = "：" if zh else ": "
    shown = inline(parameter, lang)
    unit = (parameter.unit_zh or parameter.unit) if zh else parameter.unit
    if shown is None:
        count = len(parameter.value)
        head = (
            f"{parameter.key}（{count}行" + (f"，单位：{unit}" if unit else "") + "）"
            if zh
            else (f"{parameter.key} ({count} rows" + (f", {unit}" if unit else "") + ")")
        )
    else:
        head = f"{parameter.key} = {shown}"
    if parameter.overridden:
        head += "（情景调整）" if zh else "  [scenario override]"
    lines = [head, f"    {parameter.zh if zh else parameter.en}"]
    lines.append(f"    {'依据' if zh else 'sources'}{colon}{citation_text(parameter, lang)}")
    derivation = parameter.derivation
    if derivation is not None and (derivation.text_zh if zh else derivation.text):
        text = (derivation.text_zh or derivation.text) if zh else derivation.text
        lines.append(f"    {'推导' if zh else 'derivation'}{colon}{text}")
    if parameter.required:
        hint = (parameter.hint_zh or parameter.hint) if zh else parameter.hint
        if hint:
            lines.append(f"    {'如何提供' if zh else 'how to supply'}{colon}{hint}")
    if shown is None:
        lines.append(value_table(parameter, lang, indent="      "))
    return "\n".join(lines)
