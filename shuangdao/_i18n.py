"""Words shared by everything shuangdao renders for people, in English and Chinese (private).

One place for the small vocabulary the renderers need: units, subject kinds, certainty
meanings, how a citation's article reads in Chinese (``art. 8`` → ``第8条``), how an amount is
shown (to the fen, rounded half up, from the exact value) and the heuristic the tests use to
find English left in a Chinese output (:func:`english_runs`).

Amounts are *shown* rounded; nothing here decides anything: a decision compares exact
amounts (:mod:`shuangdao.declare.kernel`) and stores exact margins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Final

__all__ = [
    "FEN_RULE",
    "article_zh",
    "count",
    "english_runs",
    "fen",
    "markdown_table",
    "message_zh",
    "money",
    "number",
    "percent",
    "plain",
    "signed_money",
    "subject",
    "text_table",
    "unit_word",
    "width",
]

FEN_RULE: Final = {
    "en": "amounts are shown to the fen, rounded half up; decisions compare exact amounts",
    "zh": "金额四舍五入显示到分；判定按精确金额比较",
}
"""The display rule for amounts, stated wherever an amount is shown rounded."""

_UNITS: Final = {
    # unit: (English plural, English singular, Chinese)
    "yuan": ("yuan", "yuan", "元"),
    "persons": ("persons", "person", "人"),
    "households": ("households", "household", "户"),
    "villages": ("villages", "village", "个村"),
    "points": ("points", "point", "分"),
    "days": ("days", "day", "天"),
    "projects": ("projects", "project", "个项目"),
    "years": ("years", "year", "年"),
    "%": ("%", "%", "%"),
}

_SUBJECTS: Final = {
    # subject kind: (English, Chinese)
    "household": ("Household", "农户"),
    "village": ("Village", "村"),
    "township": ("Township", "乡镇"),
    "county": ("County", "县"),
    "city": ("City", "市"),
    "province": ("Province", "省"),
    "area": ("Area", "地区"),
    "body": ("Body", "责任主体"),
    "unit": ("Assisting unit", "帮扶单位"),
    "cadre": ("Cadre", "干部"),
    "official": ("Official", "领导干部"),
    "leader": ("Leader", "领导"),
    "pairing": ("Pairing", "帮扶关系"),
    "plan": ("Plan", "帮扶规划"),
    "agreement": ("Agreement", "帮扶协议"),
    "disbursement": ("Disbursement", "资金拨付"),
    "allocation": ("Allocation", "资金安排"),
    "team": ("Team", "领导班子"),
    "round": ("Round", "轮次"),
}


def subject(kind: str, lang: str) -> str:
    """The subject kind as a reader names it (``"Household"``, ``"农户"``)."""
    en, zh = _SUBJECTS.get(kind, (kind.replace("_", " ").capitalize(), kind))
    return zh if lang == "zh" else en


def unit_word(unit: str, lang: str, quantity: object = None) -> str:
    """The unit in words (``"persons"``, ``"person"`` for one, ``"人"``); unknown units as given."""
    words = _UNITS.get(unit)
    if words is None:
        return unit
    if lang == "zh":
        return words[2]
    return words[1] if quantity == 1 else words[0]


def _round_fen(value: Fraction) -> tuple[Decimal, bool]:
    """``value`` rounded half up (away from zero) to the fen, exactly; and whether it was exact."""
    hundredths = value * 100
    negative = hundredths < 0
    size = abs(hundredths)
    whole, rest = divmod(size.numerator, size.denominator)
    if 2 * rest >= size.denominator:
        whole += 1
    digits = tuple(int(c) for c in f"{whole:03d}")
    return Decimal((1 if negative else 0, digits, -2)), rest == 0


def fen(value: Decimal | int | Fraction) -> tuple[Decimal, bool]:
    """An amount rounded half up to the fen (``Decimal``, two places) and whether it was exact.

    Computed from the exact value (never through a decimal context), so that a shown
    amount is rounded once.

    Example:
        >>> fen(Decimal("-0.0025")), fen(Fraction(10000, 3))
        ((Decimal('-0.00'), False), (Decimal('3333.33'), False))
    """
    return _round_fen(Fraction(value))


def money(value: Decimal | int | Fraction, lang: str = "en", *, unit: bool = True) -> str:
    """An amount to the fen with thousands separators (``"≈"`` before a rounded one).

    Example:
        >>> money(Decimal("12372")), money(Fraction(10000, 3), "zh")
        ('12,372.00 yuan', '≈3,333.33元')
    """
    shown, exact = fen(value)
    text = f"{'' if exact else '≈'}{abs(shown):,}"
    if shown.is_signed() and shown != 0:
        text = "-" + text
    if not unit:
        return text
    return f"{text}元" if lang == "zh" else f"{text} yuan"


def signed_money(value: Decimal | int | Fraction, lang: str = "en") -> str:
    """A margin to the fen, always signed (``+0.33``, ``-1,172.00``, ``-0.00`` just below zero)."""
    shown, _ = fen(value)
    sign = "-" if value < 0 else "+" if value > 0 else ""
    text = f"{sign}{abs(shown):,}"
    return f"{text}元" if lang == "zh" else f"{text} yuan"


def number(value: object, *, separators: bool = True) -> str:
    """A count or an exact number as written (``1,000``, ``0.05``); other values as text.

    ``separators=False`` writes whole numbers without thousands separators (a year).
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return f"{value:,}" if separators else str(value)
    return str(value)


def percent(share: Decimal) -> str:
    """A share as an exact percentage, no sign: ``0.50`` → ``"50"``, ``0.125`` → ``"12.5"``."""
    return f"{(share * 100).normalize():f}"


def count(value: object, unit: str, lang: str) -> str:
    """A quantity with its unit (``"4 persons"``, ``"4人"``, ``"60 %"``).

    Without a unit, a number as written (``2013``, ``0.80``).
    """
    word = unit_word(unit, lang, value)
    if not word:
        return number(value, separators=False)
    text = number(value)
    if lang == "zh":
        return f"{text}{word}"
    return f"{text} {word}"


def plain(text: str, lang: str = "en") -> str:
    """A canonical value (JSON text of a list, a mapping or a table) written for people.

    Lists are joined (``a, b``; ``a、b`` in Chinese), mappings as ``key: value``, tables one
    record after another; anything that is not JSON is returned as given.

    Example:
        >>> plain('["industry", "education"]'), plain('{"1": "0.50", "2": "0.50"}', "zh")
        ('industry, education', '1：0.50；2：0.50')
    """
    import json

    try:  # numbers stay as written ("3093.00", not 3093.0)
        value = json.loads(text, parse_float=str, parse_int=str)
    except ValueError:
        return text
    return _plain(value, lang)


def _plain(value: object, lang: str) -> str:
    zh = lang == "zh"
    if isinstance(value, list):
        inner = [_plain(v, lang) for v in value]
        if any(isinstance(v, dict) for v in value):
            return ("；" if zh else "; ").join(f"({v})" if not zh else f"（{v}）" for v in inner)
        return ("、" if zh else ", ").join(inner)
    if isinstance(value, dict):
        colon, sep = ("：", "；") if zh else (": ", ", ")
        return sep.join(f"{k}{colon}{_plain(v, lang)}" for k, v in value.items())
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    return str(value)


_ARTICLE_ZH: Final = (
    (
        re.compile(r"situations? (\d+)[–-](\d+) for regional principal leaders"),
        r"地区主要领导问责情形\1至\2",
    ),
    (re.compile(r"situations? (\d+) for regional principal leaders"), r"地区主要领导问责情形\1"),
    (re.compile(r"situations (\d+)[–-](\d+)"), r"情形\1至\2"),
    (re.compile(r"situation (\d+)"), r"情形\1"),
    (re.compile(r"arts\. (\d+)[–-](\d+)"), r"第\1至\2条"),
    (re.compile(r"art\. (\d+)"), r"第\1条"),
    (re.compile(r"pp?\. (\d+)"), r"第\1页"),
    (re.compile(r"ch\. (\d+)"), r"第\1章"),
    (re.compile(r"\s*,\s*"), "，"),
    (re.compile(r"\s*;\s*"), "；"),
)


def article_zh(article: str) -> str:
    """A citation's article in Chinese (``"art. 8"`` → ``"第8条"``).

    ``"S10 arts. 8–12"`` reads ``"S10 第8至12条"``; what it cannot read is kept.

    Example:
        >>> article_zh("situation 1 for regional principal leaders"), article_zh("p. 5, 专栏5")
        ('地区主要领导问责情形1', '第5页，专栏5')
    """
    text = article
    for pattern, replacement in _ARTICLE_ZH:
        text = pattern.sub(replacement, text)
    return text


_ALLOWED: Final = re.compile(
    r"`[^`]*`"  # code in backticks
    r"|https?://\S+"  # addresses
    r"|(?<![\w-])--?[A-Za-z][\w-]*"  # options: --lang, -h
    r"|\b[A-Z][A-Z_]+\b"  # names in capitals: ID, CSV, JSON, PREFIX, ADDRESS
    r"|\w+(?:,\w+)+"  # a CSV header: file,row,id,field,error
    r"|\w+(?:[./\\@:]\w+)+"  # ids, keys, paths, rule ids, files, codes (a:b)
    r"|\w*_\w*"  # identifiers with underscores
    r"|[A-Za-z]*\d\w*"  # tokens with digits: S1, h1, round2, 2014
)
_WORD: Final = re.compile(r"[A-Za-z]+")
_GAP: Final = re.compile(r"^[\s,()'\"-]*$")


def english_runs(text: str, words: int = 3) -> list[str]:
    """Runs of ``words`` or more English words in ``text`` (a heuristic for untranslated text).

    Ids, keys, paths, numbers, tokens with digits (``S1``, ``h1``), options (``--lang``), names
    in capitals (``ID``, ``CSV``), CSV headers (``file,row,id``), addresses and code in
    backticks are not words; neither are
    the lines that are not prose: a command line (starting with ``shuangdao``), a usage line
    and a line without spaces (a CSV header or row). Words separated only by spaces, commas or
    brackets form a run.

    Example:
        >>> english_runs("农户h1属于贫困户。规则 identification.round2.household。")
        []
        >>> english_runs("来源：S1 (not recorded here)")
        ['not recorded here']
    """
    prose = "\n".join(
        line
        for line in text.splitlines()
        if " " in line.strip()
        and not line.strip().startswith(("shuangdao ", "usage: ", "用法：", "$ "))
        and not line.strip().startswith("[")  # argparse's continued usage lines
    )
    cleaned = _ALLOWED.sub(" \0 ", prose)
    found: list[str] = []
    run: list[str] = []
    last_end = 0
    for match in _WORD.finditer(cleaned):
        gap = cleaned[last_end : match.start()]
        if run and not _GAP.match(gap):
            if len(run) >= words:
                found.append(" ".join(run))
            run = []
        run.append(match.group())
        last_end = match.end()
    if len(run) >= words:
        found.append(" ".join(run))
    return found


# ------------------------------------------------------------------------------ messages
_RECORD_KINDS: Final = {
    "household": "农户",
    "village": "村",
    "assisting unit": "帮扶单位",
    "cadre": "干部",
    "unit": "帮扶单位",
    "official": "领导干部",
    "area": "地区",
    "parameter": "参数",
    "source": "依据文件",
    "villages file": "村表文件",
    "households file": "农户表文件",
    "units file": "帮扶单位表文件",
    "cadres file": "干部表文件",
}
_KINDS_PATTERN: Final = "|".join(re.escape(k) for k in sorted(_RECORD_KINDS, key=len, reverse=True))


def _record_zh(match: re.Match[str]) -> str:
    lead, kind, name, row, line = match.groups()
    lead = {": ": "：", "; ": "；"}.get(lead, lead)
    where = f"（第{row}行，文件第{line}行）" if row else ""
    return f"{lead}{_RECORD_KINDS[kind]} {name}{where}："


def _not_in_zh(match: re.Match[str]) -> str:
    kind, name, path = match.group(1), match.group(2), match.group(3)
    return f"{_RECORD_KINDS.get(kind, kind)} '{name}' 不在 {path} 中"


_Replacement = str | Callable[[re.Match[str]], str]

_ARG_ZH: Final = {"scale": "规模", "seed": "随机种子"}

_MESSAGES_ZH: Final[tuple[tuple[re.Pattern[str], _Replacement], ...]] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # frames: the record, the rule
        (rf"(^|: |; )({_KINDS_PATTERN}) (\S+?)(?: \(row (\d+), line (\d+)\))?: ", _record_zh),
        (r" \(rule ([^()]+)\)$", r"（规则 \1）"),
        (r"^shuangdao: error: ", "shuangdao：错误："),
        # pairing (shuangdao.assignment)
        (
            (
                r"total village capacity ([\d,]+) is short of ([\d,]+) villages by ([\d,]+) "
                r"\(a unit takes at most min\(capacity_villages, cadres\) villages: each village "
                r"needs a resident cadre\)"
            ),
            (
                r"村的总容量\1个，比\2个村少\3个（每个单位最多帮扶 min(capacity_villages, cadres) "
                r"个村：每个村须有一名驻村干部）"
            ),
        ),
        (
            (
                r"total cadre capacity ([\d,]+) cadres × (\d+) = ([\d,]+) households is short of "
                r"([\d,]+) households by ([\d,]+)"
            ),
            r"干部总容量\1名 × \2户 = \3户，比\4户少\5户",
        ),
        (
            r"with ([\d,]+) households could not be placed: every unit's village slots are used",
            r"有\1户，无法安排：各单位的帮扶村名额已用完",
        ),
        (
            (
                r"with ([\d,]+) households could not be placed \(the roomiest unit with a free "
                r"village slot is too small\): unit (\S+) has ([\d,]+) cadres for ([\d,]+) "
                r"households with max (\d+) per cadre \(room for ([\d,]+) more; max 1 unit per "
                r"village\)"
            ),
            (
                r"有\1户，无法安排（尚有名额的单位中容量最大者也不够）：单位 \2 有干部\3名，"
                r"须负责\4户，每名干部最多\5户（尚可容纳\6户；每村最多1个单位）"
            ),
        ),
        (
            (
                r"with ([\d,]+) households could not be placed \(the (\d+) roomiest units with a "
                r"free village slot are too small, max (\d+) units per village\): units (.*) have "
                r"room for ([\d,]+) more households with max (\d+) per cadre, short by ([\d,]+)"
            ),
            (
                r"有\1户，无法安排（尚有名额的单位中容量最大的\2个也不够，每村最多\3个单位）："
                r"单位 \4 按每名干部最多\6户尚可容纳\5户，还差\7户"
            ),
        ),
        # the command line's own arguments
        (r"invalid (scale|seed) ('[^']*')", lambda m: f"无效的{_ARG_ZH[m[1]]} {m[2]}"),
        (
            r"scale (\S+) must be between 0\.001 and 1000",
            r"规模 \1 须在 0.001 与 1000 之间",
        ),
        (r"seed (\S+) must be a whole number >= 0", r"随机种子 \1 须为 >= 0 的整数"),
        # the cell grammar and the readers (shuangdao.ingest)
        (r"is missing \(required by this rule\)", "缺失（本规则必需）"),
        (r"is missing", "缺失"),
        (r"must be >= (\S+)", r"须 >= \1"),
        (r"must be <= (\S+)", r"须 <= \1"),
        (r"must be > (\S+)", r"须 > \1"),
        (r"must be between (\S+) and (\S+)", r"须在 \1 与 \2 之间"),
        (
            r"is not a decimal number \(yuan\): must be written without an exponent",
            "不是十进制数（元）：不得用指数形式书写",
        ),
        (r"is not a decimal number \(yuan\)", "不是十进制数（元）"),
        (r"is not a decimal number \(([^()]+)\)", r"不是十进制数（\1）"),
        (r"has more than two decimals \(fen precision\)", "小数多于两位（须精确到分）"),
        (r"is not a yes/no value \((.*)\)", r"不是是/否值（\1）"),
        (r"is not a whole number", "不是整数"),
        # the hints the cell grammar adds after "is not a whole number" / "is not a decimal number"
        (
            r": contains full-width or non-ASCII characters; write digits 0-9 and '\.'",
            "：含有全角或非 ASCII 字符，请用半角数字 0-9 和 '.' 书写",
        ),
        (r": must not contain underscores", "：不得含下划线"),
        (r": must not contain thousands separators", "：不得含千位分隔符"),
        (r": must be a finite number", "：须为有限数"),
        (r": must be written without an exponent", "：不得用指数形式书写"),
        (r"must be a whole number >= (\S+)", r"须为 >= \1 的整数"),
        (r"is out of range \(< 10\^18\)", "超出范围（须 < 10^18）"),
        (r"must be a year between (\d+) and (\d+)", r"须为 \1 至 \2 年之间的年份"),
        (r"must be a date \(YYYY-MM-DD\)", "须为日期（YYYY-MM-DD）"),
        (r"must be one of (.*)", r"须为以下之一：\1"),
        (r"must not repeat an id", "编号不得重复"),
        (r"is longer than ([\d,]+) characters", r"长度超过\1个字符"),
        (
            r"is a duplicate of (\S+) \(row (\d+)\); the first occurrence is kept",
            r"与 \1（第\2行）重复；保留首次出现者",
        ),
        (r"is a duplicate of row (\d+)", r"与第\1行重复"),
        (r"is not in the villages input", "不在村表中"),
        (r"is not in the (\w+) input", r"不在 \1 输入中"),
        (r"header lacks required column\(s\): (.*)", r"表头缺少必需的列：\1"),
        (r"has duplicate columns: (.*)", r"有重复的列：\1"),
        (r"has an unreadable header", "表头无法读取"),
        (r"has (\d+) value\(s\) beyond the header's (\d+) columns", r"比表头的\2列多出\1个值"),
        (
            r"has a quoted cell opened on line (\d+) that is never closed",
            r"第\1行开始的带引号单元格未闭合",
        ),
        (r"is not valid CSV \((.*)\)", r"不是有效的 CSV（\1）"),
        (r"is not UTF-8 text: ", "不是 UTF-8 文本："),
        (r"cannot be read: No such file or directory", "无法读取：文件不存在"),
        (r"cannot be read: Permission denied", "无法读取：没有权限"),
        (r"cannot be read: Is a directory", "无法读取：这是一个文件夹"),
        (r"cannot be read: ", "无法读取："),
        (r"could not be read: ", "无法读取："),
        (r"must be a \.csv or \.parquet file", "须为 .csv 或 .parquet 文件"),
        (
            (
                r"is not known: the round-1 village selection rule was never published\. Pass "
                r"the designated villages yourself \(([^)]*)\), or set "
                r"(round1\.village_selection_rule = 'collective_income_below') to use the "
                r"unconfirmed collective-income rule\."
            ),
            (
                r"未知：第一轮选村规则从未公布。请自行给出认定的贫困村（\1），或设置 \2 "
                r"以采用未经证实的村集体经济收入规则。"
            ),
        ),
        (r"the '(\w+)' column", r"\1 列"),
        # standards and overrides
        (r"is not a standards parameter; did you mean (.*)\?", r"不是标准参数；是否指 \1？"),
        (r"is not a standards parameter", "不是标准参数"),
        (r"is not valid TOML: ", "不是有效的 TOML："),
        (r"has no value: the policy sources never fixed it\. ", "没有数值：政策文件从未规定。"),
        # the command line (shuangdao._cli)
        (r"^bad --(\w+) (\S+): ", r"--\1 \2 有误："),
        (
            r"refusing to write (\S+): it is the (\S+) input (\S+); choose another --out",
            r"拒绝写入 \1：它是 \2 输入文件 \3；请另选 --out",
        ),
        (
            r"refusing to write (\S+): it exists and is not a regular file",
            r"拒绝写入 \1：它已存在且不是普通文件",
        ),
        (r"^--out (\S+) is not a folder", r"--out \1 不是文件夹"),
        (r"^cannot write to (\S+?): ", r"无法写入 \1："),
        (r"^cannot write to standard output: ", "无法写入标准输出："),
        (r"^a command is required \((.*)\)", r"须给出命令（\1）"),
        (r"^no parameter matches --key (.*)", r"没有参数的键以 \1 开头"),
        (r"^(\w+) '([^']*)' is not in (\S+)$", _not_in_zh),
        (r"^give both --(\w+) and --(\w+) \(or neither\)", r"--\1 与 --\2 须同时给出（或都不给）"),
        (
            r"^--units/--cadres need --villages and --households",
            "--units/--cadres 需要 --villages 和 --households",
        ),
        (r"^cannot read --(\w+) (\S+): no such file", r"无法读取 --\1 \2：文件不存在"),
        (r"^--scheduler needs --engine dask", "--scheduler 须与 --engine dask 一起使用"),
        (r"^cannot run: ", "无法运行："),
        (r"must not be empty \(name a file or folder\)", "不得为空（请给出文件或文件夹）"),
        (r"^unknown type ('[^']*') \(types: (.*)\)", r"未知的类型 \1（可用类型：\2）"),
        (r"No such file or directory", "文件不存在"),
        (r"Permission denied", "没有权限"),
    )
)


def message_zh(message: str) -> str:
    """An error message in Chinese; what it does not know is kept.

    The frames (record, rule) and the messages the readers, the standards and the command
    line give.

    Example:
        >>> message_zh("household h2: members=0 must be >= 1 (rule model.household)")
        '农户 h2：members=0 须 >= 1（规则 model.household）'
        >>> message_zh("villages file v.csv: header lacks required column(s): collective_income "
        ...            "(rule ingest.csv)")
        '村表文件 v.csv：表头缺少必需的列：collective_income（规则 ingest.csv）'
    """
    text = message
    for pattern, replacement in _MESSAGES_ZH:
        text = pattern.sub(replacement, text)
    return text


# ------------------------------------------------------------------------------ tables
def _wide(char: str) -> bool:
    return (
        "\u1100" <= char <= "\u115f"
        or "\u2e80" <= char <= "\ua4cf"
        or "\uac00" <= char <= "\ud7a3"
        or "\uf900" <= char <= "\ufaff"
        or "\ufe30" <= char <= "\ufe4f"
        or "\uff00" <= char <= "\uff60"
        or "\uffe0" <= char <= "\uffe6"
    )


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal (a Chinese character takes two)."""
    return sum(2 if _wide(c) else 1 for c in text)


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * (size - width(text))
    return gap + text if right else text + gap


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[≈+-]?[\d,]+(\.\d+)?( ?%)?", text))


def text_table(headers: list[str], rows: list[list[str]], indent: str = "") -> str:
    """An aligned plain-text table (numbers right-aligned; Chinese counted two columns wide).

    Example:
        >>> print(text_table(["year", "yuan"], [["2016", "6,433.00"], ["2017", "6,883.00"]]))
        year      yuan
        2016  6,433.00
        2017  6,883.00
    """
    columns = list(zip(headers, *rows, strict=True)) if rows else [(h,) for h in headers]
    sizes = [max(width(cell) for cell in column) for column in columns]
    right = [
        all(_numeric(cell) for cell in column[1:] if cell) and len(column) > 1 for column in columns
    ]
    lines = []
    for row in [headers, *rows]:
        cells = [_pad(cell, size, r) for cell, size, r in zip(row, sizes, right, strict=True)]
        lines.append(indent + "  ".join(cells).rstrip())
    return "\n".join(lines)


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown (GFM) table; ``|`` in a cell is escaped.

    Example:
        >>> print(markdown_table(["key", "value"], [["a", "1"]]))
        | key | value |
        |---|---|
        | a | 1 |
    """

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)
