"""Round 3 (2016–2018): relatively poor households and villages (S18, S19).

A relatively poor household has per-capita disposable income below 4000 at 2014 prices
(:data:`ROUND3_HOUSEHOLD`); a relatively poor village has per-capita disposable income
8000以下 and relatively poor persons 5 %以上 of its registered population
(:data:`ROUND3_VILLAGE`), with two informational priority flags.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from attrs import frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import (
    Compare,
    Env,
    ParamLine,
    PerCapita,
    Requirement,
    Resolved,
    Rule,
    Share,
    declared,
    resolve_param,
)
from shuangdao.errors import InvalidRecordError
from shuangdao.explain import Decision, Reason
from shuangdao.model import Household, SpecialArea, Village
from shuangdao.rules.identification._common import _check_measure, _require, _standards
from shuangdao.standards import Param, Standards
from shuangdao.standards.params import Round3Params

__all__ = [
    "ROUND3_HOUSEHOLD",
    "ROUND3_VILLAGE",
    "identify_household_round3",
    "identify_village_round3",
]


# --------------------------------------------------------------------------- round 3
@frozen
class _InPriorityArea:
    """Round 3's priority flag for special areas (informational): a membership test.

    A small criterion kind of its own (scalar only: informational criteria never reach the
    columnar evaluator), to show how a rule adds one.
    """

    name: str
    observed: str
    areas: Param[tuple[str, ...]]
    label_en: str
    label_zh: str

    @property
    def inputs(self) -> tuple[str, ...]:
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        return (str(self.areas),)

    def bind(self, env: Env) -> _BoundInPriorityArea:
        return _BoundInPriorityArea(self, resolve_param(self.areas, env))


class _BoundInPriorityArea:
    def __init__(self, criterion: _InPriorityArea, areas: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.areas = areas
        self.certainty: Certainty = areas.certainty

    def reason(self, values: Mapping[str, Any], subject_id: str) -> Reason:
        c = self.criterion
        found = sorted(a.value for a in values[c.observed] if a.value in self.areas.value)
        return Reason(
            criterion=c.name,
            holds=bool(found),
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.areas.citation,
            observed=", ".join(found) if found else None,
            threshold=None,
            parameter=self.areas.key,
            note_zh="所在区域：" + "、".join(SpecialArea(a).zh for a in found) if found else "",
            certainty=self.certainty,
        )

    def column(self, columns: Mapping[str, Any]) -> Any:  # pragma: no cover - informational
        raise TypeError("an informational criterion has no columnar form")


ROUND3_HOUSEHOLD: Final = Rule(
    id="identification.round3.household",
    subject="household",
    title_en="relatively poor household",
    title_zh="相对贫困户",
    citation=Citation(("S18",)),
    round=3,
    criteria=[
        # 人均可支配收入低于4000元（2014年不变价）.
        PerCapita(
            "household_income",
            "income",
            "members",
            ParamLine(Round3Params.household_line),
            Round3Params.household_comparator,
            "household disposable income (2014 prices)",
            "家庭可支配收入（2014年不变价）",
        ),
    ],
)
"""Round 3 households — per-capita disposable income below 4000 at 2014 prices (S18)."""


ROUND3_VILLAGE: Final = Rule(
    id="identification.round3.village",
    subject="village",
    title_en="relatively poor village",
    title_zh="相对贫困村",
    citation=Citation(("S18", "S19")),
    round=3,
    # relatively_poor_persons counts the members of the village's relatively poor households.
    depends_on=(ROUND3_HOUSEHOLD,),
    criteria=[
        # 人均可支配收入8000元以下 ...
        Compare(
            "village_income",
            "per_capita_income",
            ParamLine(Round3Params.village_line),
            Round3Params.village_comparator,
            "village per-capita disposable income (2014 prices)",
            "村人均可支配收入（2014年不变价）",
        ),
        # ... 且相对贫困人口占户籍人口5%以上.
        Share(
            "poor_share",
            "relatively_poor_persons",
            "registered_population",
            Round3Params.village_poor_share,
            Round3Params.village_poor_share_comparator,
            "relatively poor persons (share {share} of {whole} registered)",
            "相对贫困人口（户籍人口{whole}人的{share}）",
        ),
    ],
    requires=[
        Requirement("per_capita_income"),
        Requirement(
            "registered_population",
            minimum=1,
            below="must be >= 1 to compute the relatively poor share",
        ),
    ],
    informational=[
        # 同等条件下优先：泥砖房、茅草房危房户占10%以上 ...
        Compare(
            "priority_dilapidated_housing",
            "dilapidated_housing_share",
            ParamLine(Round3Params.priority_dilapidated_share),
            Round3Params.priority_dilapidated_comparator,
            "share of households in dilapidated mud-brick or thatched houses",
            "泥砖房、茅草房危房户比例",
            unit="",
            optional=True,
        ),
        # ... 老区、少数民族地区、石灰岩地区、省属水库移民区.
        _InPriorityArea(
            "priority_special_area",
            "special_areas",
            Round3Params.priority_special_areas,
            "lies in a priority area (old revolutionary base, minority, limestone, "
            "reservoir resettlement)",
            "位于老区、少数民族地区、石灰岩地区或省属水库移民区",
        ),
    ],
)
"""Round 3 villages — per-capita disposable income 8000以下 and relatively poor persons 5 %以上
of the registered population (S18, S19); priority flags informational (S19)."""


@declared(ROUND3_VILLAGE)
def identify_village_round3(
    village: Village,
    *,
    relatively_poor_persons: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Decide whether ``village`` is a round-3 relatively poor village (相对贫困村).

    Per-capita disposable income (2014 prices) at or below ``round3.village_line`` (8000,
    以下 = ``<=``) **and** relatively poor persons at least ``round3.village_poor_share``
    (5 %, ``>=``) of the registered population, compared exactly as
    ``persons >= 0.05 × population``. Declared as :data:`ROUND3_VILLAGE`.

    The priority flags (≥ 10 % dilapidated housing; old revolutionary base, minority,
    limestone or reservoir-resettlement area) are appended as *informational* reasons with
    criteria ``priority_dilapidated_housing`` and ``priority_special_area``: they never
    change the outcome, the deciding criteria or the code.

    Policy: S18 (粤发〔2016〕13号); S19 (criteria and priority).

    Raises:
        InvalidRecordError: Income missing or not disposable, registered population missing
            or below 1, or ``relatively_poor_persons`` negative.

    Example:
        >>> from shuangdao import Village
        >>> v = Village(village_id="v1", per_capita_income="8000", registered_population=1000,
        ...             income_measure="disposable")
        >>> identify_village_round3(v, relatively_poor_persons=50).code
        'selected'
    """
    rule = ROUND3_VILLAGE
    s = _standards(standards)
    subject = f"village {village.village_id}"
    _require(rule, village, s)
    _check_measure(subject, village.income_measure, rule, s)
    if (
        isinstance(relatively_poor_persons, bool)
        or not isinstance(relatively_poor_persons, int)
        or relatively_poor_persons < 0
    ):
        raise InvalidRecordError(
            "must be a whole number >= 0",
            record=subject,
            field="relatively_poor_persons",
            value=relatively_poor_persons,
            rule=rule.id,
        )
    return rule.bind(s).decide(
        village,
        subject_id=village.village_id,
        as_of=as_of,
        relatively_poor_persons=relatively_poor_persons,
    )


@declared(ROUND3_HOUSEHOLD)
def identify_household_round3(
    household: Household, *, standards: Standards | None = None, as_of: dt.date | None = None
) -> Decision:
    """Decide whether ``household`` is a round-3 relatively poor household (相对贫困户).

    Per-capita disposable income at 2014 prices below ``round3.household_line`` (4000,
    低于 = ``<``), compared exactly as ``income < 4000 × members``. It does not depend on the
    village. Incomes must already be at 2014 prices (the deflator was never published).
    Declared as :data:`ROUND3_HOUSEHOLD`.

    Policy: S18 (粤发〔2016〕13号).

    Raises:
        InvalidRecordError: The income is net, not disposable.

    Example:
        >>> from shuangdao import Household
        >>> h = Household(household_id="h1", village_id="v1", members=2, income="7999.99",
        ...               has_labour_capacity=True, income_measure="disposable")
        >>> identify_household_round3(h).code
        'selected'
    """
    rule = ROUND3_HOUSEHOLD
    s = _standards(standards)
    _check_measure(f"household {household.household_id}", household.income_measure, rule, s)
    return rule.bind(s).decide(household, subject_id=household.household_id, as_of=as_of)
