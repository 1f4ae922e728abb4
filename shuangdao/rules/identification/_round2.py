"""Round 2 (2013–2015): key villages and their poor households (S1, S24).

A key village has per-capita net income below 5623 and collective income below 30000
(:data:`ROUND2_VILLAGE`); a poor household lives in one, has per-capita net income below
3093 and labour capacity (:data:`ROUND2_HOUSEHOLD`).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from shuangdao.citations import Citation
from shuangdao.declare import Compare, Flag, ParamLine, PerCapita, Requirement, Rule, declared
from shuangdao.errors import InvalidTypeError
from shuangdao.explain import Decision
from shuangdao.model import Household, Village
from shuangdao.rules.identification._common import _check_measure, _require, _standards
from shuangdao.standards import Standards
from shuangdao.standards.params import Round2Params

__all__ = [
    "ROUND2_HOUSEHOLD",
    "ROUND2_VILLAGE",
    "identify_household_round2",
    "identify_village_round2",
]

# --------------------------------------------------------------------------- round 2
ROUND2_VILLAGE: Final = Rule(
    id="identification.round2.village",
    subject="village",
    title_en="key village",
    title_zh="重点帮扶村",
    citation=Citation(("S1",)),
    round=2,
    criteria=[
        # 村农民人均纯收入低于5623元 (60 % of the 2011 provincial average) ...
        Compare(
            "village_income",
            "per_capita_income",
            ParamLine(Round2Params.village_line),
            Round2Params.village_comparator,
            "village per-capita net income",
            "村农民人均纯收入",
        ),
        # ... 且村集体经济收入低于3万元.
        Compare(
            "collective_income",
            "collective_income",
            ParamLine(Round2Params.collective_line),
            Round2Params.collective_comparator,
            "village collective income",
            "村集体经济收入",
        ),
    ],
    requires=[Requirement("per_capita_income"), Requirement("collective_income")],
)
"""Round 2 villages — per-capita net income below 5623 and collective income below 30000 (S1)."""


@declared(ROUND2_VILLAGE)
def identify_village_round2(
    village: Village, *, standards: Standards | None = None, as_of: dt.date | None = None
) -> Decision:
    """Decide whether ``village`` is a round-2 key village for assistance (重点帮扶村).

    Per-capita net income (end of 2011) below ``round2.village_line`` (5623 = 60 % × 9372,
    ``round2.village_comparator``, 低于 = ``<``) **and** collective income below
    ``round2.collective_line`` (30000, ``round2.collective_comparator``, ``<``). Declared as
    :data:`ROUND2_VILLAGE`.

    Policy: S1 (round-2 plan).

    Raises:
        InvalidRecordError: Income or collective income missing, or income not net.

    Example:
        >>> from shuangdao import Village
        >>> v = Village(village_id="v1", per_capita_income="5622.99", collective_income="30000")
        >>> identify_village_round2(v).code
        'not:collective_income'
    """
    rule = ROUND2_VILLAGE
    s = _standards(standards)
    _require(rule, village, s)
    _check_measure(f"village {village.village_id}", village.income_measure, rule, s)
    return rule.bind(s).decide(village, subject_id=village.village_id, as_of=as_of)


ROUND2_HOUSEHOLD: Final = Rule(
    id="identification.round2.household",
    subject="household",
    title_en="poor household",
    title_zh="贫困户",
    citation=Citation(("S1", "S24")),
    round=2,
    depends_on=(ROUND2_VILLAGE,),
    criteria=[
        # 在重点帮扶村中 ...
        Flag(
            "in_key_village",
            "in_key_village",
            "lives in a key village",
            "所在村为重点帮扶村",
            cites=Round2Params.village_line,
        ),
        # ... 家庭年人均纯收入低于3093元 (33 % of the 2011 provincial average) ...
        PerCapita(
            "household_income",
            "income",
            "members",
            ParamLine(Round2Params.household_line),
            Round2Params.household_comparator,
            "household net income",
            "家庭纯收入",
        ),
        # ... 有劳动能力.
        Flag(
            "labour_capacity",
            "has_labour_capacity",
            "has labour capacity",
            "有劳动能力",
            required_if=Round2Params.requires_labour_capacity,
        ),
    ],
)
"""Round 2 households — in a key village, per-capita net income below 3093, with labour
capacity (S1, S24)."""


@declared(ROUND2_HOUSEHOLD)
def identify_household_round2(
    household: Household,
    *,
    in_key_village: bool | Decision,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Decide whether ``household`` is a round-2 poor household (贫困户).

    In a key village, per-capita net income below ``round2.household_line`` (3093 = 33 % ×
    9372, ``<``), compared exactly as ``income < 3093 × members``, **and** with labour
    capacity when ``round2.requires_labour_capacity`` (true by default). Declared as
    :data:`ROUND2_HOUSEHOLD`.

    ``in_key_village`` is a boolean, or the village's own decision (its outcome is used).

    Policy: S1 (round-2 plan); S24 (33 % line).

    Raises:
        InvalidRecordError: The income is not net income.
        InvalidTypeError: ``in_key_village`` is not a boolean (or a decision).

    Example:
        >>> from shuangdao import Household
        >>> h = Household(household_id="h1", village_id="v1", members=4, income="12372.00",
        ...               has_labour_capacity=True)
        >>> identify_household_round2(h, in_key_village=True).code
        'not:household_income'
    """
    rule = ROUND2_HOUSEHOLD
    s = _standards(standards)
    if (
        in_key_village is not True
        and in_key_village is not False
        and not isinstance(in_key_village, Decision)
    ):
        raise InvalidTypeError(
            "must be a boolean",
            record=f"household {household.household_id}",
            field="in_key_village",
            value=in_key_village,
            rule=rule.id,
        )
    _check_measure(f"household {household.household_id}", household.income_measure, rule, s)
    return rule.bind(s).decide(
        household, subject_id=household.household_id, as_of=as_of, in_key_village=in_key_village
    )
