"""Round 2's 21 key counties (重点县) and their targets by 2015 (S1).

The round-2 plan names 21 key counties (``round2.key_counties``: 新丰, 乐昌, 南雄 ... 陆河,
with pinyin and English names) and sets them two targets: per-capita GDP growth above the
provincial average, and farmers' income above a share of the provincial figure. S1 is cut off
before that share: it is a **required** parameter (``round2.key_county_income_share``, no
default) that the caller supplies, and a decision that uses it says so (certainty *assumed*).

The targets are declared once (:data:`KEY_COUNTY_TARGETS`) and read by both evaluators:
:func:`key_county_targets` decides one county (a :class:`~shuangdao.model.CountyIndicators`
record) and ``KEY_COUNTY_TARGETS.bind(standards, year=...).evaluate(columns)`` a whole table
(growth rates as integers of 0.0001, income in fen).

=================================  ================================================
criterion                          test
=================================  ================================================
``gdp_growth``                     county per-capita GDP growth ``>`` the provincial
                                   average (both inputs; ``round2.key_county_gdp_growth
                                   _comparator``)
``farmers_income``                 farmers' per-capita net income ``>`` share ×
                                   ``P(year)`` (``round2.key_county_income_share``,
                                   required; ``P`` the provincial rural income)
=================================  ================================================

Example:
    >>> from shuangdao.model import CountyIndicators
    >>> from shuangdao.standards import default_standards
    >>> s = default_standards().with_overrides({"round2.key_county_income_share": "0.75"})
    >>> c = CountyIndicators(county_id="liannan", year=2015, per_capita_gdp_growth="0.09",
    ...                      provincial_per_capita_gdp_growth="0.08", farmers_income="10020.01")
    >>> d = key_county_targets(c, standards=s)
    >>> d.code, d.certainty.value
    ('selected', 'assumed')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from shuangdao.calendar import round_calendar
from shuangdao.citations import Citation
from shuangdao.declare import Compare, RatioOfSeries, Rule, Versus, declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError, MissingParameterError
from shuangdao.explain import Decision
from shuangdao.model import CountyIndicators, KeyCounty
from shuangdao.standards import default_standards
from shuangdao.standards.params import Round2Params, StatisticsParams

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "KEY_COUNTY_TARGETS",
    "find_key_county",
    "is_key_county",
    "key_counties",
    "key_county_targets",
]

KEY_COUNTY_TARGETS: Final = Rule(
    id="progress.key_county",
    subject="county",
    title_en="key county that meets its round-{round} targets in {year}",
    title_zh="{year}年达到第{round}轮目标的重点县",
    citation=Citation(("S1",), note="round-2 plan: targets of the 21 key counties by 2015"),
    round=2,
    criteria=[
        # 人均GDP增速高于全省平均水平 ...
        Versus(
            "gdp_growth",
            "per_capita_gdp_growth",
            "provincial_per_capita_gdp_growth",
            Round2Params.key_county_gdp_growth_comparator,
            "per-capita GDP growth against the provincial average",
            "人均GDP增速与全省平均水平相比",
        ),
        # ... 农民人均纯收入达到全省平均水平的 ...% (cut off in S1: a required parameter).
        Compare(
            "farmers_income",
            "farmers_income",
            RatioOfSeries(
                Round2Params.key_county_income_share,
                StatisticsParams.provincial_rural_income,
                measure="net",
            ),
            Round2Params.key_county_income_comparator,
            "county {subject_id} farmers' per-capita net income in {year}",
            "县{subject_id}{year}年农民人均纯收入",
        ),
    ],
)
"""Round 2's key-county targets — per-capita GDP growth above the provincial average, and
farmers' income above a share (not published: required) of the provincial figure (S1)."""


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


@declared(reads=(Round2Params.key_counties,))
def key_counties(standards: Standards | None = None) -> tuple[KeyCounty, ...]:
    """Return round 2's 21 key counties, in the order S1 lists them.

    Policy: S1 (round-2 plan: the 21 key counties); SEED p. 5 (连南 is one of them).

    Example:
        >>> [c.zh for c in key_counties()][:3], len(key_counties())
        (['新丰', '乐昌', '南雄'], 21)
        >>> key_counties()[9].en
        'Liannan Yao Autonomous County'
    """
    rows = _standards(standards).params.round2.key_counties
    return tuple(
        KeyCounty(id=row["id"], zh=row["zh"], pinyin=row["pinyin"], en=row["en"]) for row in rows
    )


_SUFFIXES: Final = ("瑶族自治县", "壮族瑶族自治县", "自治县", "县", "市")


def _names(county: KeyCounty) -> Iterable[str]:
    yield county.id
    yield county.zh
    yield county.pinyin.lower()
    yield county.en.lower()


@declared(reads=(Round2Params.key_counties,))
def find_key_county(name: str, standards: Standards | None = None) -> KeyCounty | None:
    """Return the key county called ``name`` (id, Chinese, pinyin or English), else ``None``.

    Chinese names may carry their administrative suffix (``连南瑶族自治县``, ``普宁市``);
    latin names are compared without regard to case.

    Policy: S1 (the 21 key counties).

    Example:
        >>> find_key_county("连南瑶族自治县").pinyin, find_key_county("PUNING").zh
        ('Liannan', '普宁')
        >>> find_key_county("深圳") is None
        True
    """
    if not isinstance(name, str):
        raise InvalidTypeError("must be a county name (text)", field="name", value=name)
    wanted = name.strip()
    candidates = {wanted, wanted.lower()}
    for suffix in _SUFFIXES:
        if wanted.endswith(suffix) and len(wanted) > len(suffix):
            candidates.add(wanted.removesuffix(suffix))
    for county in key_counties(standards):
        if candidates & set(_names(county)):
            return county
    return None


@declared(reads=(Round2Params.key_counties,))
def is_key_county(name: str, standards: Standards | None = None) -> bool:
    """Whether ``name`` is one of round 2's 21 key counties (see :func:`find_key_county`).

    Policy: S1 (the 21 key counties).

    Example:
        >>> is_key_county("连南"), is_key_county("Shenzhen")
        (True, False)
    """
    return find_key_county(name, standards) is not None


@declared(KEY_COUNTY_TARGETS)
def key_county_targets(
    indicators: CountyIndicators,
    *,
    year: int | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether a key county meets its round-2 targets (S1).

    Per-capita GDP growth above the provincial average (``>``, both from ``indicators``,
    compared exactly to 0.0001), **and** farmers' per-capita net income above
    ``round2.key_county_income_share`` × the provincial rural income of the year (``>``;
    ``statistics.provincial_rural_income``, exact and unrounded; from 2014 the provincial
    figure is disposable income, which the reason notes). The share was never published: it
    must be supplied in the standards, and the decision is then *assumed*. Declared as
    :data:`KEY_COUNTY_TARGETS`.

    Policy: S1 (round-2 plan: key-county targets by 2015; the share is cut off) [N].

    Args:
        indicators: The county's figures.
        year: The year decided; ``None`` means the year of ``indicators`` (and it must match
            when given).
        standards: Standards to read; ``None`` means the default.

    Raises:
        MissingParameterError: ``round2.key_county_income_share`` has not been supplied
            (the hint says how); the error names the county.
        InvalidRecordError: ``year`` differs from the figures' year, or a growth rate has
            more than 4 decimals.
        UnknownReferenceError: No provincial figure for the year.

    Example:
        >>> from shuangdao.model import CountyIndicators
        >>> c = CountyIndicators(county_id="wuhua", year=2015, per_capita_gdp_growth="0.08",
        ...                      provincial_per_capita_gdp_growth="0.08", farmers_income="1")
        >>> try:
        ...     key_county_targets(c)
        ... except MissingParameterError as error:
        ...     print(error.field)
        round2.key_county_income_share
    """
    if not isinstance(indicators, CountyIndicators):
        raise InvalidTypeError(
            "must be a CountyIndicators record", field="indicators", value=indicators
        )
    s = _standards(standards)
    subject = f"county {indicators.county_id}"
    if year is None:
        year = indicators.year
    elif year != indicators.year:
        raise InvalidRecordError(
            f"is {indicators.year}, not the year decided ({year})",
            record=subject,
            field="year",
            value=indicators.year,
            rule=KEY_COUNTY_TARGETS.id,
        )
    try:
        bound = KEY_COUNTY_TARGETS.bind(s, year=year)
    except MissingParameterError as error:
        raise MissingParameterError(
            error.detail,
            record=subject,
            field=error.field,
            rule=KEY_COUNTY_TARGETS.id,
        ) from None
    return bound.decide(
        indicators,
        subject_id=indicators.county_id,
        as_of=round_calendar(2, standards=s).settlement_date,
    )
