"""Rules declared once, evaluated twice: one record at a time, or a whole table in integers.

A rule is a :class:`Rule`: its criteria (:class:`Flag`, :class:`Compare`,
:class:`PerCapita`, :class:`Share`, :class:`AllMet`, and :class:`OptionalFlag` for a
requirement whose data may be missing: "not assessed"; :class:`Versus` for two inputs
compared with each other), the parameters they read (typed keys from
:mod:`shuangdao.standards.params`: never a key spelt out twice or built from a template),
how they combine, its citation and titles. It sits next to the rule function's docstring
and reads like the article it encodes::

    ROUND2_HOUSEHOLD = Rule(
        id="identification.round2.household",
        subject="household", title_en="poor household", title_zh="贫困户",
        citation=Citation(("S1", "S24")),
        criteria=(
            Flag("in_key_village", "in_key_village", "lives in a key village",
                 "所在村为重点帮扶村", cites=Round2Params.village_line),
            PerCapita("household_income", "income", "members",
                      ParamLine(Round2Params.household_line), Round2Params.household_comparator,
                      "household net income", "家庭纯收入"),
            Flag("labour_capacity", "has_labour_capacity", "has labour capacity", "有劳动能力",
                 required_if=Round2Params.requires_labour_capacity),
        ),
    )

Two evaluators read the same declaration, through :meth:`Rule.bind` (the parameters read
once per standards object, year or day):

* :meth:`BoundRule.decide` — one record → a :class:`~shuangdao.explain.Decision` with a
  reason per criterion (observed, threshold, comparator, margin, parameter, citation,
  certainty), in Chinese and English;
* :meth:`BoundRule.evaluate` — integer columns (money in fen) → where each criterion holds,
  the outcome, reason codes and the certainty; per-capita margins from
  ``bound.criterion(name).margin(columns)``.

A rule function says which declarations it applies with the :func:`declared` decorator; the
documentation's "parameters read" and "read by" lists come from these marks
(:func:`keys_read`).

Both decide with the exact integer kernel (:mod:`shuangdao.declare.kernel`), so they agree
on every record and neither depends on the caller's decimal context. A decision's certainty
is the weakest certainty among the values it read (confirmed > derived > recalled >
assumed). How to declare a new rule: ``docs/explanation/declared-rules.md``.
"""

from shuangdao.declare._compare import (
    AllMet,
    BoundAllMet,
    BoundCompare,
    BoundVersus,
    Compare,
    Versus,
)
from shuangdao.declare._criteria import BoundCriterion, Criterion
from shuangdao.declare._flags import BoundFlag, BoundOptionalFlag, Flag, OptionalFlag
from shuangdao.declare._lines import (
    Env,
    Line,
    ParamLine,
    RatioOfSeries,
    Resolved,
    YearLine,
    resolve_param,
    weakest,
)
from shuangdao.declare._requirements import Requirement
from shuangdao.declare._rule import (
    BoundRule,
    Evaluated,
    Rule,
    certainty_array,
    codes_array,
    codes_table,
    declarations,
    declared,
    is_declared,
    keys_read,
    not_assessed_array,
)
from shuangdao.declare._scaled import BoundPerCapita, BoundShare, PerCapita, Share

__all__ = [
    "AllMet",
    "BoundAllMet",
    "BoundCompare",
    "BoundCriterion",
    "BoundFlag",
    "BoundOptionalFlag",
    "BoundPerCapita",
    "BoundRule",
    "BoundShare",
    "BoundVersus",
    "Compare",
    "Criterion",
    "Env",
    "Evaluated",
    "Flag",
    "Line",
    "OptionalFlag",
    "ParamLine",
    "PerCapita",
    "RatioOfSeries",
    "Requirement",
    "Resolved",
    "Rule",
    "Share",
    "Versus",
    "YearLine",
    "certainty_array",
    "codes_array",
    "codes_table",
    "declarations",
    "declared",
    "is_declared",
    "keys_read",
    "not_assessed_array",
    "resolve_param",
    "weakest",
]
