"""Strategies for declared rules: records at every threshold, standards with long exact lines.

:func:`rule_inputs` reads a bound rule's criteria and draws records whose amounts sit exactly
at each threshold, one fen either side, or anywhere near; :func:`rule_standards` draws
standards under which the rule's own parameters are overridden (comparators flipped, ratios
with thirty digits under ``line_rounding = "exact"``, other lines moved);
:func:`decimal_contexts` draws hostile decimal contexts. Together they check that the two
evaluators of a declaration agree on every record (see ``tests/properties``).
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from shuangdao.declare import (
    AllMet,
    BoundRule,
    Compare,
    Flag,
    OptionalFlag,
    PerCapita,
    Rule,
    Share,
    Versus,
    kernel,
)
from shuangdao.quantities import Comparator
from shuangdao.standards import ParamType, Standards, default_standards

__all__ = ["decimal_contexts", "rule_columns", "rule_inputs", "rule_standards"]

_FEN = Decimal("0.01")


def _near(threshold: Decimal, *, scale: int, top: int) -> st.SearchStrategy[Any]:
    """Amounts at ``threshold`` (rounded either way to the unit), one unit either side, or near."""
    unit = Decimal(1).scaleb(-scale)
    context = decimal.Context(prec=200)
    low = threshold.quantize(unit, rounding=decimal.ROUND_FLOOR, context=context)
    high = threshold.quantize(unit, rounding=decimal.ROUND_CEILING, context=context)
    exact = sorted({low - unit, low, high, high + unit})
    units = [int(a.scaleb(scale, context=context)) for a in exact if a >= 0]
    around = st.integers(0, max(top, max(units, default=0) * 2 + 1))
    drawn = st.one_of(st.sampled_from(units), around) if units else around
    if scale == 0:
        return drawn
    return drawn.map(lambda n: kernel.as_decimal(n, scale))


@st.composite
def rule_inputs(
    draw: st.DrawFn,
    rule: BoundRule,
    *,
    extra: Mapping[str, st.SearchStrategy[Any]] | None = None,
    max_persons: int = 9,
    max_whole: int = 2000,
) -> dict[str, Any]:
    """One record's inputs for ``rule``, many exactly at a threshold or one unit either side.

    Money is drawn as exact yuan, counts as integers, flags as booleans, optional flags as
    booleans or ``None`` (not assessed). ``extra`` draws the inputs of criteria this function
    does not know (a rule's own kinds, informational ones).

    Example:
        >>> from shuangdao.rules.identification import ROUND2_HOUSEHOLD
        >>> strategy = rule_inputs(ROUND2_HOUSEHOLD.bind())
    """
    values: dict[str, Any] = {}
    for name, strategy in (extra or {}).items():
        values[name] = draw(strategy)
    for criterion in (*rule.criteria, *rule.informational):
        declared = getattr(criterion, "criterion", getattr(criterion, "flag", None))
        if isinstance(declared, Flag):
            values.setdefault(declared.observed, draw(st.booleans()))
        elif isinstance(declared, OptionalFlag):  # None: not supplied, not assessed
            values.setdefault(declared.observed, draw(st.none() | st.booleans()))
        elif isinstance(declared, Versus):  # two inputs: equal, one unit apart, or anywhere
            units = draw(st.integers(-3000, 3000))
            other = units + draw(st.sampled_from([-1, 0, 1]) | st.integers(-3000, 3000))
            values.setdefault(declared.reference, kernel.as_decimal(units, declared.scale))
            values.setdefault(declared.observed, kernel.as_decimal(other, declared.scale))
        elif isinstance(declared, PerCapita):
            persons = values.setdefault(declared.persons, draw(st.integers(1, max_persons)))
            line: Decimal = criterion.line.value  # type: ignore[attr-defined]
            household = kernel.threshold_times(kernel.scaled(line, 2), persons)
            values.setdefault(declared.total, draw(_near(household, scale=2, top=10**9)))
        elif isinstance(declared, Compare) and declared.unit in ("yuan", "persons"):
            scale = 2 if declared.unit == "yuan" else 0
            threshold: Decimal = criterion.line.value  # type: ignore[attr-defined]
            values.setdefault(declared.observed, draw(_near(threshold, scale=scale, top=10**9)))
        elif isinstance(declared, AllMet):
            total = values.setdefault(declared.total, draw(st.integers(0, 50)))
            values.setdefault(declared.met, draw(st.integers(max(0, total - 2), total)))
        elif isinstance(declared, Share):
            whole = values.setdefault(declared.whole, draw(st.integers(1, max_whole)))
            share: Decimal = criterion.share.value  # type: ignore[attr-defined]
            part = kernel.threshold_times(kernel.scaled(share, 0), whole)
            values.setdefault(declared.part, draw(_near(part, scale=0, top=max_whole)))
    return values


def rule_columns(rule: BoundRule, records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The records as the columnar evaluator's integer columns (money in fen).

    An optional flag becomes its boolean column and its presence ``name + "?"`` (``None``:
    not supplied).
    """
    import numpy as np

    money: set[str] = set()
    for criterion in rule.rule.criteria:
        if isinstance(criterion, PerCapita):
            money.add(criterion.total)
        elif isinstance(criterion, Compare) and criterion.unit == "yuan":
            money.add(criterion.observed)
    columns: dict[str, Any] = {}
    names = dict.fromkeys(name for c in rule.rule.criteria for name in c.inputs)
    for name in names:
        if not records or name not in records[0]:
            continue
        column = [r[name] for r in records]
        if name in money:
            columns[name] = np.array([kernel.fen(v) for v in column], dtype=object)
            if all(abs(v) < 2**62 for v in columns[name]):
                columns[name] = columns[name].astype(np.int64)
        elif all(isinstance(v, bool) for v in column):
            columns[name] = np.array(column, dtype=bool)
        else:
            columns[name] = np.array(column, dtype=np.int64)
    for criterion in rule.rule.criteria:
        if isinstance(criterion, Versus) and records:  # integers of 10**-scale
            for name in criterion.inputs:
                columns[name] = np.array(
                    [int(r[name].scaleb(criterion.scale)) for r in records], dtype=np.int64
                )
        if isinstance(criterion, OptionalFlag) and records and criterion.observed in records[0]:
            drawn = [r[criterion.observed] for r in records]
            columns[criterion.observed] = np.array([v is True for v in drawn], dtype=bool)
            columns[criterion.observed + "?"] = np.array([v is not None for v in drawn], bool)
    return columns


def _long_ratio(draw: st.DrawFn, value: Decimal) -> str:
    """A ratio near ``value`` with up to 30 more digits (0.33 → 0.3300…01067)."""
    digits = draw(st.integers(1, 30))
    nudge = draw(st.integers(-(10**digits), 10**digits))
    context = decimal.Context(prec=200)
    candidate = context.add(value, Decimal(nudge).scaleb(-(digits + 4), context=context))
    if not Decimal(0) < candidate < Decimal(1):
        candidate = value
    return str(candidate)


@st.composite
def rule_standards(draw: st.DrawFn, rule: Rule, *, standards: Standards | None = None) -> Standards:
    """Standards under which the parameters ``rule`` reads are overridden, or not.

    Comparators are flipped among ``ge``/``gt``/``le``/``lt``; a derived line's ratio gets up
    to thirty more digits with its rounding set to ``exact`` (lines longer than the 28
    digits of the default decimal context); other lines and shares move.
    """
    base = default_standards() if standards is None else standards
    overrides: dict[str, Any] = {}
    for key in rule.keys:
        parameter = base.param(key)
        if parameter.required and parameter.value is None:
            continue
        if not draw(st.booleans()):
            continue
        if parameter.type is ParamType.COMPARATOR:
            overrides[key] = draw(st.sampled_from([c.value for c in Comparator]))
        elif parameter.type is ParamType.MONEY and parameter.derivation is not None:
            inputs = parameter.derivation.inputs
            ratio = base.param(inputs["ratio"])
            overrides[inputs["ratio"]] = _long_ratio(draw, ratio.value)
            overrides[inputs["rounding"]] = "exact"
        elif parameter.type is ParamType.MONEY:
            overrides[key] = str(
                kernel.as_decimal(draw(st.integers(0, 10**8)), 2)
                if draw(st.booleans())
                else parameter.value
            )
        elif parameter.type is ParamType.RATIO:
            overrides[key] = _long_ratio(draw, parameter.value)
        elif parameter.type is ParamType.BOOLEAN:
            overrides[key] = draw(st.booleans())
    return base.with_overrides(overrides) if overrides else base


def decimal_contexts() -> st.SearchStrategy[decimal.Context]:
    """Decimal contexts a caller might have set: 1 to 60 digits, any rounding mode."""
    return st.builds(
        decimal.Context,
        prec=st.sampled_from([1, 2, 3, 4, 6, 28, 60]),
        rounding=st.sampled_from(
            [
                decimal.ROUND_HALF_EVEN,
                decimal.ROUND_HALF_UP,
                decimal.ROUND_DOWN,
                decimal.ROUND_UP,
                decimal.ROUND_CEILING,
                decimal.ROUND_FLOOR,
            ]
        ),
    )
