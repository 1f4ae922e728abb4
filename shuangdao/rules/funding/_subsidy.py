"""Subsidies: round 2's provincial subsidy for key villages, and the housing subsidy (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

from shuangdao.citations import Citation
from shuangdao.declare import Rule, declared, kernel
from shuangdao.errors import InvalidRecordError, InvalidTypeError, StandardsError
from shuangdao.explain import Decision
from shuangdao.model.funding import AssistedBy, Instalment
from shuangdao.quantities import money
from shuangdao.rules.criteria import Fact, OneOf, TierAmount, YearWithin
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import FundingParams as F

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "HOUSING_SUBSIDY",
    "PROVINCIAL_SUBSIDY",
    "housing_subsidy",
    "provincial_subsidy",
    "subsidy_columns",
    "subsidy_schedule",
]

_ZERO: Final = Decimal("0.00")


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


def _prd_note(values: Mapping[str, Any]) -> tuple[str, str]:
    raw = values.get("assisted_by")
    if str(getattr(raw, "value", raw)) == AssistedBy.PRD_CITY.value:
        return (
            "a PRD-paired village is presumably funded by its PRD city [recalled]",
            "珠三角对口帮扶村应由帮扶市出资（存疑）",
        )
    return "", ""


PROVINCIAL_SUBSIDY: Final = Rule(
    id="funding.provincial_subsidy",
    subject="village",
    title_en="village eligible for the round-2 provincial subsidy",
    title_zh="省级财政补助对象村",
    citation=Citation(("S2",)),
    round=2,
    criteria=(
        # 省直和中直驻粤单位帮扶的重点帮扶村，以及欠发达地区市、县自身帮扶的重点帮扶村 ...
        OneOf(
            "funding.subsidy_eligibility",
            "assisted_by",
            F.subsidy_eligible_assistance,
            "assisted by a central or provincial unit, or by its own city or county",
            "由省直、中直单位或本市、县自身帮扶",
            notes=_prd_note,
        ),
        # ... 按贫困程度和贫困人口规模分三类，分别补助90万、75万、60万元；原中央苏区县和少数民族
        # 自治县的重点帮扶村补助100万元.
        TierAmount(
            "funding.subsidy_amount",
            tier="tier",
            special="special_county",
            tiers=F.subsidy_tiers,
            special_amount=F.subsidy_special_county,
            label_en="subsidy",
            label_zh="补助额",
            rule="funding.provincial_subsidy",
        ),
    ),
)
"""Round 2's provincial subsidy (S2, rule R10): eligible when assisted by a central or provincial
unit or by its own city or county; 900k / 750k / 600k yuan by tier (an input: the cut-offs
were never published), 1M in a former Central-Soviet or minority autonomous county. Columns:
``assisted_by`` (strings), ``special_county`` (booleans), ``tier`` (integers; any value where
``special_county``); see :func:`subsidy_columns`."""


@declared(PROVINCIAL_SUBSIDY)
def provincial_subsidy(
    village_id: str,
    *,
    tier: int | None,
    special_county: bool,
    assisted_by: AssistedBy | str,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """Round 2's provincial subsidy for a key village (省级财政补助): eligibility and amount.

    Key villages assisted by provincial or central units, or by their own less-developed city or
    county, are eligible (``funding.subsidy_eligible_assistance``). They get
    ``funding.subsidy_tiers`` by tier (1 → 900,000; 2 → 750,000; 3 → 600,000 yuan), or
    ``funding.subsidy_special_county`` (1,000,000) in a former Central-Soviet county or a minority
    autonomous county, whatever the tier. Tiers are "by poverty depth and poor-population size",
    but the cut-offs were never published, so the caller supplies the tier. A village paired with
    a Pearl River Delta city is not eligible; that the PRD city funds it instead is recalled [R].
    Declared once as :data:`PROVINCIAL_SUBSIDY` (many villages: :func:`subsidy_columns`).

    Policy: S2 (round-2 subsidy tiers), rule R10.

    Args:
        village_id: The key village.
        tier: 1, 2 or 3; may be ``None`` only for a special county.
        special_county: The village lies in a former Central-Soviet county (原中央苏区县) or a
            minority autonomous county (少数民族自治县).
        assisted_by: Who assists it (:class:`~shuangdao.model.AssistedBy` or its value).
        standards: Standards to read (default: :func:`~shuangdao.standards.default_standards`).
        as_of: Date the decision speaks for.

    Returns:
        A decision: outcome = eligible; ``value`` = the amount (``Decimal('0.00')`` if not
        eligible); code ``"eligible"`` or ``"not_eligible"``.

    Raises:
        MissingParameterError: ``tier`` is ``None`` outside a special county.
        InvalidRecordError: ``tier`` is not a tier of ``funding.subsidy_tiers``, or
            ``assisted_by`` is unknown.

    Example:
        >>> d = provincial_subsidy(
        ...     "V1", tier=2, special_county=False, assisted_by="provincial_unit")
        >>> d.outcome, d.value
        (True, Decimal('750000.00'))
        >>> provincial_subsidy("V2", tier=1, special_county=False, assisted_by="prd_city").code
        'not_eligible'
    """
    record = f"village {village_id}"
    try:
        assisted = AssistedBy(assisted_by)
    except ValueError:
        choices = ", ".join(a.value for a in AssistedBy)
        raise InvalidRecordError(
            f"must be one of {choices}",
            record=record,
            field="assisted_by",
            value=assisted_by,
            rule=PROVINCIAL_SUBSIDY.id,
        ) from None
    if not isinstance(special_county, bool):
        raise InvalidTypeError(
            "must be a boolean", record=record, field="special_county", value=special_county
        )
    decision = PROVINCIAL_SUBSIDY.bind(_standards(standards)).decide(
        subject_id=village_id,
        as_of=as_of,
        assisted_by=assisted.value,
        special_county=special_county,
        tier=tier,
    )
    amount = decision.reason("funding.subsidy_amount").observed
    assert isinstance(amount, Decimal)
    eligible = decision.outcome
    return attrs.evolve(
        decision,
        code="eligible" if eligible else "not_eligible",
        value=money(amount) if eligible else _ZERO,
    )


@declared(PROVINCIAL_SUBSIDY)
def subsidy_columns(
    columns: Mapping[str, Any], *, standards: Standards | None = None
) -> dict[str, np.ndarray[Any, Any]]:
    """Round 2's provincial subsidy for many villages: eligibility and amounts in integer fen.

    The columnar evaluator of :data:`PROVINCIAL_SUBSIDY`; row by row the same answer as
    :func:`provincial_subsidy` (a property test checks it).

    Policy: S2 (round-2 subsidy tiers), rule R10.

    Args:
        columns: ``assisted_by`` (strings), ``special_county`` (booleans), ``tier`` (integers;
            any value where ``special_county``), as numpy arrays or Arrow columns.
        standards: Standards to read.

    Returns:
        ``eligible`` (booleans), ``amount`` (the subsidy, ``int64`` fen; 0 where not
        eligible) and ``code`` (``"eligible"``/``"not_eligible"``).

    Raises:
        InvalidRecordError: A row outside a special county without a tier of
            ``funding.subsidy_tiers`` (the message names the row).

    Example:
        >>> import numpy as np
        >>> out = subsidy_columns({"assisted_by": np.array(["provincial_unit", "prd_city"]),
        ...                        "special_county": np.array([False, True]),
        ...                        "tier": np.array([2, 0])})
        >>> out["eligible"].tolist(), out["amount"].tolist()
        ([True, False], [75000000, 0])
    """
    import numpy as np

    bound = PROVINCIAL_SUBSIDY.bind(_standards(standards))
    evaluated = bound.evaluate(columns)
    amounts = bound.criterion("funding.subsidy_amount").amounts(columns)  # type: ignore[attr-defined]
    eligible = evaluated.outcome
    return {
        "eligible": eligible,
        "amount": np.where(eligible, amounts, 0).astype(np.int64),
        "code": np.where(eligible, "eligible", "not_eligible").astype(object),
    }


@declared(reads=(F.subsidy_instalment_years, F.subsidy_instalment_shares))
def subsidy_schedule(
    subsidy: Decision | Decimal | int | str, *, standards: Standards | None = None
) -> tuple[Instalment, ...]:
    """Split a provincial subsidy into its instalments (2013 and 2014; S2).

    The years are confirmed (``funding.subsidy_instalment_years``); the split is not
    (``funding.subsidy_instalment_shares``, assumed 50/50, overridable). Every instalment but the
    last is ``share × amount`` rounded half-even to the fen (in a local decimal context, never
    the caller's); the last takes the remainder, so the instalments always add up to the
    subsidy exactly.

    Policy: S2 (round-2 subsidy paid in two instalments), rule R10.

    Args:
        subsidy: A :func:`provincial_subsidy` decision (its ``value``) or an amount in yuan.
        standards: Standards to read.

    Returns:
        The instalments in order; empty if the amount is zero (not eligible).

    Raises:
        StandardsError: Years and shares do not have the same keys, or shares do not add to 1.

    Example:
        >>> [(i.year, i.amount) for i in subsidy_schedule(Decimal("750000"))]
        [(2013, Decimal('375000.00')), (2014, Decimal('375000.00'))]
    """
    s = _standards(standards)
    raw = subsidy.value if isinstance(subsidy, Decision) else subsidy
    total = money(raw, field="subsidy")
    years: Mapping[str, int] = s.params.funding.subsidy_instalment_years
    shares: Mapping[str, Decimal] = s.params.funding.subsidy_instalment_shares
    key = F.subsidy_instalment_shares
    if set(years) != set(shares):
        raise StandardsError(
            f"must have the same instalments as {F.subsidy_instalment_years} ({', '.join(years)})",
            field=key,
            value=dict(shares),
            rule="funding.subsidy_schedule",
        )
    if sum(Fraction(v) for v in shares.values()) != 1:
        raise StandardsError(
            "must add up to 1", field=key, value=dict(shares), rule="funding.subsidy_schedule"
        )
    if total == 0:
        return ()
    certainty = s.param(key).certainty
    order = sorted(years, key=lambda k: (years[k], k))
    result: list[Instalment] = []
    paid = _ZERO
    total_fen = kernel.fen(total) or 0
    for index, part in enumerate(order, start=1):
        amount = total - paid if index == len(order) else _share_of(total_fen, shares[part])
        paid += amount
        result.append(
            Instalment(
                number=index,
                year=years[part],
                share=shares[part],
                amount=amount,
                certainty=certainty,
            )
        )
    return tuple(result)


def _share_of(total_fen: int, share: Decimal) -> Decimal:
    """``share × total`` rounded half-even to the fen, in integers (no decimal context)."""
    n, d = share.as_integer_ratio()
    quotient, remainder = divmod(total_fen * n, d)
    twice = 2 * remainder
    if twice > d or (twice == d and quotient % 2 == 1):
        quotient += 1
    return kernel.as_decimal(quotient, 2)


# --- housing --------------------------------------------------------------------------------

HOUSING_SUBSIDY: Final = Rule(
    id="funding.housing_subsidy",
    subject="household",
    title_en="household eligible for the housing rebuilding subsidy",
    title_zh="住房改造补助对象户",
    citation=Citation(("S13",)),
    criteria=(
        # 低收入住房困难户住房改造 ...
        Fact(
            "housing_difficulty",
            "housing_difficulty",
            "low-income household with housing difficulties (低收入住房困难户)",
            "低收入住房困难户",
            cites=F.housing_subsidy_per_household,
        ),
        # ... 从2011年起，用5年时间 ...
        YearWithin(
            "programme_year",
            "year",
            F.housing_subsidy_first_year,
            F.housing_subsidy_years,
            "year of the subsidy",
            "补助年度",
        ),
    ),
)
"""The housing rebuilding subsidy (S13): 10,000 yuan per low-income household with housing
difficulties, in the five years from 2011 (2011–2015: round 1's last two years and round 2).
Columns: ``housing_difficulty`` (booleans), ``year`` (integers); the amount of an eligible row
is ``funding.housing_subsidy_per_household``."""


@declared(HOUSING_SUBSIDY, reads=(F.housing_subsidy_per_household,))
def housing_subsidy(
    household_id: str,
    *,
    housing_difficulty: bool,
    year: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> Decision:
    """The housing rebuilding subsidy for a household (住房改造): eligibility and amount.

    From 2011, the province rebuilt the housing of 54.15万 low-income households with housing
    difficulties over five years, 10,000 yuan per household (54.15亿 in all). A household is
    eligible when it is such a household and the year lies in the programme
    (``funding.housing_subsidy_first_year`` 2011, ``funding.housing_subsidy_years`` 5: 2011–2015,
    the end of round 1 and the whole of round 2). The amount is
    ``funding.housing_subsidy_per_household``. Declared once as :data:`HOUSING_SUBSIDY`.

    Policy: S13 (housing from 2011: 1万 per household, 5 years).

    Args:
        household_id: The household.
        housing_difficulty: It is a low-income household with housing difficulties
            (低收入住房困难户), as the county's list says.
        year: The year of the subsidy.
        standards: Standards to read.
        as_of: Date the decision speaks for.

    Returns:
        A decision: outcome = eligible; ``value`` = the amount (``Decimal('0.00')`` if not
        eligible); code ``selected`` or ``not:`` + the failing criteria.

    Example:
        >>> d = housing_subsidy("H1", housing_difficulty=True, year=2013)
        >>> d.outcome, d.value
        (True, Decimal('10000.00'))
        >>> housing_subsidy("H1", housing_difficulty=True, year=2016).code
        'not:programme_year'
    """
    s = _standards(standards)
    decision = HOUSING_SUBSIDY.bind(s).decide(
        subject_id=household_id,
        as_of=as_of,
        housing_difficulty=housing_difficulty,
        year=year,
    )
    amount = money(s.params.funding.housing_subsidy_per_household)
    return attrs.evolve(decision, value=amount if decision.outcome else _ZERO)
