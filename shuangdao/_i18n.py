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
from decimal import Decimal
from fractions import Fraction
from typing import Final

__all__ = [
    "FEN_RULE",
    "article_zh",
    "count",
    "english_runs",
    "fen",
    "money",
    "number",
    "plain",
    "signed_money",
    "subject",
    "unit_word",
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

    try:
        value = json.loads(text)
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
    r"|\w+(?:[./\\@]\w+)+"  # ids, keys, paths, rule ids, files
    r"|\w*_\w*"  # identifiers with underscores
    r"|[A-Za-z]*\d\w*"  # tokens with digits: S1, h1, round2, 2014
)
_WORD: Final = re.compile(r"[A-Za-z]+")
_GAP: Final = re.compile(r"^[\s,()'\"-]*$")


def english_runs(text: str, words: int = 3) -> list[str]:
    """Runs of ``words`` or more English words in ``text`` (a heuristic for untranslated text).

    Ids, keys, paths, numbers, tokens with digits (``S1``, ``h1``), addresses and code in
    backticks are not words; words separated only by spaces, commas or brackets form a run.

    Example:
        >>> english_runs("农户h1属于贫困户。规则 identification.round2.household。")
        []
        >>> english_runs("来源：S1 (not recorded here)")
        ['not recorded here']
    """
    cleaned = _ALLOWED.sub(" \0 ", text)
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
