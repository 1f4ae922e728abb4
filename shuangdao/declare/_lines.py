"""Where a criterion's threshold comes from: a parameter, a year of a table, a ratio of a series."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from attrs import field, frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.errors import InvalidRecordError, UnknownReferenceError
from shuangdao.quantities import FEN
from shuangdao.standards import Param, SeriesEntry

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "Env",
    "Line",
    "ParamLine",
    "RatioOfSeries",
    "Resolved",
    "YearLine",
    "resolve_param",
    "weakest",
]


@frozen
class Env:
    """What a rule is evaluated against: the standards, and the year or day it speaks for.

    Attributes:
        standards: The standards to read.
        year: The income year, for lines that change by year (exit lines, the provincial
            average); ``None`` where no line needs it.
        on: The day, for parameters dated by law (the 2011 regulation's standard).
    """

    standards: Standards
    year: int | None = None
    on: dt.date | None = None


@frozen
class Resolved:
    """A value read for a criterion, with where it comes from and how sure it is.

    Attributes:
        value: The value (a line, a ratio, a comparator...).
        key: The parameter key it was read from (the main one when several were read).
        citation: Its citation (for a derived line: the sources of every input).
        certainty: The weakest certainty among the values read.
        keys: Every parameter key read.
        note_en: How it was obtained, in English (empty for a plain parameter).
        note_zh: The same in Chinese.
        weakest: The values the certainty comes from (keys, or ``<series>.<year>``).
    """

    value: Any
    key: str
    citation: Citation
    certainty: Certainty
    keys: tuple[str, ...] = ()
    note_en: str = ""
    note_zh: str = ""
    weakest: tuple[str, ...] = ()


def weakest(*resolved: Resolved) -> tuple[Certainty, tuple[str, ...]]:
    """The weakest certainty among ``resolved`` values, and the values it comes from."""
    certainty = Certainty.weakest(*(r.certainty for r in resolved))
    keys = tuple(
        dict.fromkeys(k for r in resolved if r.certainty is certainty for k in r.weakest or r.keys)
    )
    return certainty, keys


def resolve_param(param: Param[Any], env: Env) -> Resolved:
    """Read one parameter (dated parameters at ``env.on``) with its citation and certainty."""
    standards = env.standards
    parameter = standards.param(param)
    if env.on is not None and parameter.history:
        value = standards.value(param, on=env.on)
        citation = standards.citation(param, on=env.on)
    else:
        value = parameter.get()
        citation = parameter.citation
    return Resolved(value, str(param), citation, citation.certainty, (str(param),))


class Line(Protocol):
    """A threshold a criterion compares with; resolved once per standards (and year)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameter keys it reads."""
        ...  # pragma: no cover

    def resolve(self, env: Env) -> Resolved:
        """The threshold (a ``Decimal``) under ``env``."""
        ...  # pragma: no cover


@frozen
class ParamLine:
    """A threshold that is one parameter (``round2.household_line``).

    Dated parameters are read at ``Env.on`` (the statute's standard in force on a day).
    """

    param: Param[Decimal]

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameter read."""
        return (str(self.param),)

    def resolve(self, env: Env) -> Resolved:
        """The parameter's value."""
        return resolve_param(self.param, env)


def _year(env: Env, key: str) -> int:
    if env.year is None:
        raise InvalidRecordError("needs an income year", field="year", rule=key)
    return env.year


@frozen
class YearLine:
    """A threshold read from a table by year (``round3.exit_lines[2017]``).

    With ``carry_forward``, a year after the table's last takes the last line (follow-up after
    the round), and the reason says so.
    """

    table: Param[Mapping[int, Decimal]]
    carry_forward: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        """The table read."""
        return (str(self.table),)

    def resolve(self, env: Env) -> Resolved:
        """The year's line."""
        base = resolve_param(self.table, env)
        lines: Mapping[int, Decimal] = base.value
        year = _year(env, base.key)
        if year in lines:
            return Resolved(lines[year], base.key, base.citation, base.certainty, base.keys)
        last = max(lines) if lines else None
        if self.carry_forward and last is not None and year > last:
            return Resolved(
                lines[last],
                base.key,
                base.citation,
                base.certainty,
                base.keys,
                note_en=f"no published line for {year}: the {last} line is carried forward",
                note_zh=f"{year}年无公布标准，沿用{last}年标准",
            )
        years = ", ".join(str(y) for y in lines)
        raise UnknownReferenceError(
            f"has no line for this year (years: {years})", field="year", value=year, rule=base.key
        )


_CONTEXT = decimal.Context(prec=400)
"""Wide enough for any product of two parameters: display only, never rounding a value."""


def _tidy(amount: Decimal) -> Decimal:
    """Show an exact product with fen digits when it has no more (5251.0500 → 5251.05)."""
    fen = amount.quantize(FEN, context=_CONTEXT)
    if amount == fen:
        return fen
    return amount.normalize(context=_CONTEXT)


def _exact_product(a: Decimal, b: Decimal) -> Decimal:
    """``a × b`` exactly, in no context (from the integer digits)."""
    from shuangdao.declare.kernel import as_decimal, scaled

    x, y = scaled(a, 0), scaled(b, 0)
    return as_decimal(x.n * y.n, x.k + y.k)


_MEASURE_ZH = {"net": "纯收入", "disposable": "可支配收入"}


@frozen
class RatioOfSeries:
    """A threshold that is a ratio of a year's statistic, exact and not rounded.

    ``ratio × series[year]`` (round 2's exit line: 45 % of that year's provincial rural
    average). The line's certainty is the weakest of the ratio's and *that year's entry's*
    (2014's figure is recalled, so a 2014 line is recalled); its citation names both. When
    the year's figure is in another income caliber than ``measure``, or is a projection,
    the reason says so.

    Attributes:
        ratio: The ratio parameter.
        series: The statistical series parameter.
        measure: The caliber the rule's incomes are in (``"net"`` or ``"disposable"``).
        what_en: What the series is, in English (for the note).
        what_zh: The same in Chinese (``"全省农民人均纯收入"``).
    """

    ratio: Param[Decimal]
    series: Param[Mapping[int, SeriesEntry]]
    measure: str = field(default="net")
    what_en: str = "provincial average"
    what_zh: str = "全省平均"

    @property
    def keys(self) -> tuple[str, ...]:
        """The ratio and the series."""
        return (str(self.ratio), str(self.series))

    def resolve(self, env: Env) -> Resolved:
        """The year's line, with the caliber and projection notes."""
        ratio = resolve_param(self.ratio, env)
        year = _year(env, ratio.key)
        entry = env.standards.series_value(self.series, year)
        share: Decimal = ratio.value
        line = _tidy(_exact_product(share, entry.value))
        certainty = Certainty.weakest(ratio.certainty, entry.citation.certainty)
        at_year = f"{self.series}.{year}"
        rests = tuple(
            k
            for k, c in ((ratio.key, ratio.certainty), (at_year, entry.citation.certainty))
            if c is certainty
        )
        ids = tuple(dict.fromkeys(ratio.citation.source_ids + entry.citation.source_ids))
        citation = Citation(
            ids, article=ratio.citation.article, certainty=certainty, note=entry.citation.note
        )
        kind_zh = "农村居民人均可支配收入" if entry.measure == "disposable" else "农民人均纯收入"
        note_en = f"{share:%} × {self.what_en} {entry.value:,} for {year} = {line:,} (not rounded)"
        note_zh = f"{year}年全省{kind_zh}{entry.value:,}元×{share:%}={line:,}元（不取整）"
        if entry.citation.certainty is not Certainty.CONFIRMED:
            note_en += f"; the {year} figure is {entry.citation.certainty.value}"
            note_zh += f"；{year}年数据{entry.citation.certainty.zh}"
        if entry.measure != self.measure:
            note_en += (
                f"; the provincial figure for {year} is {entry.measure} income, the round's "
                f"targets are in {self.measure} income (caliber change, S21)"
            )
            note_zh += f"；{year}年全省数据为{_MEASURE_ZH[entry.measure]}，口径与本轮目标不同"
        if entry.projection:
            note_en += f"; the {year} figure is a projection"
            note_zh += f"；{year}年数据为预测值"
        return Resolved(
            line,
            ratio.key,
            citation,
            certainty,
            (ratio.key, str(self.series)),
            note_en=note_en,
            note_zh=note_zh,
            weakest=rests,
        )
