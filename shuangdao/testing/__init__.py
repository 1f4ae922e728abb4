"""Hypothesis strategies for every shuangdao type, for our tests and for yours.

Install with ``pip install "shuangdao[testing]"``. Strategies are named after what they
generate (plural nouns, like Hypothesis' own) and take keyword-only bounds. They shrink
towards small ids, small incomes and the earliest dates.

Example:
    >>> from hypothesis import given
    >>> from shuangdao.testing import households
    >>> @given(households())
    ... def test_members_positive(household):
    ...     assert household.members >= 1
    >>> test_members_positive()

Installed as a Hypothesis plugin (entry point ``hypothesis``, see
``shuangdao._hypothesis_plugin``), so ``st.from_type(Household)`` also works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from shuangdao.errors import OverrideError
from shuangdao.model import (
    AdminArea,
    AdminLevel,
    AssistingUnit,
    Cadre,
    Household,
    IncomeMeasure,
    Measure,
    MeasureKind,
    Pairing,
    PartyKind,
    Plan,
    Round,
    SpecialArea,
    UnitKind,
    UnitLevel,
    Village,
    WorkTeam,
)
from shuangdao.standards import ParamType, Standards, default_standards

__all__ = [
    "AssignmentInput",
    "accountability_histories",
    "accountability_records",
    "admin_areas",
    "aggravations",
    "allocations",
    "applications",
    "assignment_inputs",
    "assistance_agreements",
    "assisting_units",
    "cadres",
    "commitments",
    "dates",
    "decimal_contexts",
    "funding_irregularities",
    "funding_ledgers",
    "funding_records",
    "household_income_histories",
    "households",
    "identifiers",
    "income_histories",
    "indicator_results",
    "indicators",
    "ledgers",
    "measures",
    "money_amounts",
    "officials",
    "overrides",
    "pairings",
    "plans",
    "populations",
    "projects",
    "ratios",
    "regions",
    "rounds",
    "rule_columns",
    "rule_inputs",
    "rule_standards",
    "scoring_models",
    "shared_assignment_inputs",
    "threshold_amounts",
    "village_income_histories",
    "village_livelihoods",
    "villages",
    "work_teams",
]

_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-"


def identifiers(*, prefix: str = "", max_size: int = 12) -> st.SearchStrategy[str]:
    """Valid ids: non-empty, no surrounding spaces (``prefix`` + letters, digits, ``-``)."""
    return st.text(_ID_ALPHABET, min_size=1, max_size=max_size).map(lambda s: prefix + s)


def money_amounts(
    *,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 1_000_000,
) -> st.SearchStrategy[Decimal]:
    """Exact yuan amounts with fen precision in ``[min_value, max_value]``."""
    low = int(Decimal(min_value) * 100)
    high = int(Decimal(max_value) * 100)
    return st.integers(low, high).map(lambda fen: (Decimal(fen) / 100).quantize(Decimal("0.01")))


def ratios(
    *, min_value: str = "0", max_value: str = "1", places: int = 2
) -> st.SearchStrategy[Decimal]:
    """Exact ratios with ``places`` decimals in ``[min_value, max_value]``."""
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def dates(
    *, min_value: dt.date = dt.date(2009, 1, 1), max_value: dt.date = dt.date(2021, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Dates within the programme's span (2009–2021 by default)."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def villages(
    draw: st.DrawFn,
    *,
    village_id: st.SearchStrategy[str] | None = None,
    min_income: Decimal | int = 0,
    max_income: Decimal | int = 20_000,
    designated: bool | None = None,
) -> Village:
    """Valid :class:`~shuangdao.model.Village` values."""
    return Village(
        village_id=draw(village_id or identifiers(prefix="V")),
        per_capita_income=draw(money_amounts(min_value=min_income, max_value=max_income)),
        collective_income=draw(money_amounts(max_value=200_000)),
        registered_population=draw(st.integers(1, 5000)),
        income_measure=draw(st.sampled_from(IncomeMeasure)),
        income_year=draw(st.none() | st.integers(2007, 2018)),
        designated=draw(st.booleans()) if designated is None else designated,
        dilapidated_housing_share=draw(st.none() | ratios()),
        special_areas=draw(st.frozensets(st.sampled_from(SpecialArea))),
        county_id=draw(st.none() | identifiers(prefix="K")),
    )


@st.composite
def households(
    draw: st.DrawFn,
    *,
    village_ids: Sequence[str] | None = None,
    household_id: st.SearchStrategy[str] | None = None,
    min_members: int = 1,
    max_members: int = 10,
    max_per_capita: Decimal | int = 20_000,
) -> Household:
    """Valid :class:`~shuangdao.model.Household` values (income up to ``max_per_capita`` each)."""
    members = draw(st.integers(min_members, max_members))
    return Household(
        household_id=draw(household_id or identifiers(prefix="H")),
        village_id=draw(
            st.sampled_from(list(village_ids)) if village_ids else identifiers(prefix="V")
        ),
        members=members,
        income=draw(money_amounts(max_value=Decimal(max_per_capita) * members)),
        has_labour_capacity=draw(st.booleans()),
        income_measure=draw(st.sampled_from(IncomeMeasure)),
        income_year=draw(st.none() | st.integers(2007, 2018)),
        willing_to_work=draw(st.none() | st.booleans()),
        dibao=draw(st.booleans()),
    )


def admin_areas() -> st.SearchStrategy[AdminArea]:
    """Valid :class:`~shuangdao.model.AdminArea` values."""
    return st.builds(
        lambda level, area_id, parent, name: AdminArea(
            area_id=area_id,
            level=level,
            parent_id=None if level is AdminLevel.PROVINCE else parent,
            name=name,
        ),
        st.sampled_from(AdminLevel),
        identifiers(prefix="A"),
        identifiers(prefix="P"),
        st.text(max_size=8),
    )


def assisting_units() -> st.SearchStrategy[AssistingUnit]:
    """Valid :class:`~shuangdao.model.AssistingUnit` values."""
    return st.builds(
        AssistingUnit,
        unit_id=identifiers(prefix="U"),
        name=st.text(max_size=10),
        kind=st.sampled_from(UnitKind),
        level=st.sampled_from(UnitLevel),
        city_id=st.none() | identifiers(prefix="C"),
        capacity_villages=st.none() | st.integers(0, 20),
        capacity_cadres=st.none() | st.integers(0, 50),
    )


def cadres() -> st.SearchStrategy[Cadre]:
    """Valid :class:`~shuangdao.model.Cadre` values."""
    return st.builds(
        Cadre,
        cadre_id=identifiers(prefix="R"),
        unit_id=identifiers(prefix="U"),
        name=st.text(max_size=8),
        role=st.sampled_from(["", "resident cadre", "team leader"]),
    )


@st.composite
def work_teams(draw: st.DrawFn) -> WorkTeam:
    """Valid :class:`~shuangdao.model.WorkTeam` values."""
    cadre_ids = draw(st.lists(identifiers(prefix="R"), max_size=5, unique=True))
    return WorkTeam(
        team_id=draw(identifiers(prefix="T")),
        unit_id=draw(identifiers(prefix="U")),
        village_id=draw(identifiers(prefix="V")),
        cadre_ids=cadre_ids,
        leader_id=draw(st.sampled_from(cadre_ids)) if cadre_ids else None,
    )


_PAIR_KINDS = [
    (PartyKind.UNIT, PartyKind.VILLAGE),
    (PartyKind.CADRE, PartyKind.HOUSEHOLD),
    (PartyKind.CITY, PartyKind.CITY),
    (PartyKind.LEADER, PartyKind.CITY),
    (PartyKind.LEADER, PartyKind.VILLAGE),
]


@st.composite
def pairings(draw: st.DrawFn) -> Pairing:
    """Valid :class:`~shuangdao.model.Pairing` values (valid_to never before valid_from)."""
    assisting, assisted = draw(st.sampled_from(_PAIR_KINDS))
    start = draw(dates())
    end = draw(st.none() | dates(min_value=start))
    return Pairing(
        pairing_id=draw(identifiers(prefix="P")),
        assisting_kind=assisting,
        assisting_id=draw(identifiers()),
        assisted_kind=assisted,
        assisted_id=draw(identifiers()),
        valid_from=start,
        valid_to=end,
    )


def measures() -> st.SearchStrategy[Measure]:
    """Valid :class:`~shuangdao.model.Measure` values."""
    return st.builds(
        Measure,
        kind=st.sampled_from(MeasureKind),
        description=st.text(max_size=12),
        amount=st.none() | money_amounts(max_value=100_000),
        target_year=st.none() | st.integers(2009, 2020),
    )


def plans() -> st.SearchStrategy[Plan]:
    """Valid :class:`~shuangdao.model.Plan` values."""
    return st.builds(
        Plan,
        plan_id=identifiers(prefix="PL"),
        subject_kind=st.sampled_from([PartyKind.HOUSEHOLD, PartyKind.VILLAGE]),
        subject_id=identifiers(),
        measures=st.lists(measures(), min_size=1, max_size=4).map(tuple),
        target_year=st.integers(2009, 2020),
        made_on=st.none() | dates(),
        author_id=st.none() | identifiers(prefix="R"),
    )


@st.composite
def rounds(draw: st.DrawFn) -> Round:
    """Valid :class:`~shuangdao.model.Round` values."""
    start = draw(dates())
    return Round(
        number=draw(st.integers(1, 9)),
        name_zh=draw(st.text(max_size=10)),
        name_en=draw(st.text(max_size=10)),
        start=start,
        end=draw(dates(min_value=start)),
        reference_year=draw(st.none() | st.integers(2007, 2018)),
        income_measure=draw(st.sampled_from(IncomeMeasure)),
        standards_ref=draw(st.sampled_from(["round1", "round2", "round3"])),
    )


def _value_for(ptype: ParamType, current: Any, choices: tuple[str, ...]) -> st.SearchStrategy[Any]:
    if ptype is ParamType.MONEY:
        return money_amounts(max_value=50_000).map(str)
    if ptype is ParamType.RATIO:
        return ratios().map(str)
    if ptype is ParamType.DECIMAL:
        return ratios(max_value="100").map(str)
    if ptype is ParamType.INTEGER:
        return st.integers(0, 10_000_000)
    if ptype is ParamType.YEAR:
        return st.integers(2007, 2018)  # years the shipped income series covers
    if ptype is ParamType.BOOLEAN:
        return st.booleans()
    if ptype is ParamType.COMPARATOR:
        return st.sampled_from(["ge", "gt", "le", "lt"])
    if ptype is ParamType.TEXT:
        return st.sampled_from(choices) if choices else st.text(max_size=8)
    if ptype is ParamType.MONEY_BY_YEAR:
        return st.dictionaries(
            st.integers(2009, 2020).map(str),
            money_amounts(max_value=20_000).map(str),
            min_size=1,
            max_size=3,
        )
    if ptype is ParamType.TEXT_LIST:
        return st.lists(st.text(min_size=1, max_size=6), max_size=4)
    if ptype is ParamType.DATE:
        return dates().map(dt.date.isoformat)
    return st.just(current)


@st.composite
def overrides(
    draw: st.DrawFn, *, standards: Standards | None = None, max_size: int = 3
) -> dict[str, Any]:
    """Valid override mappings for :meth:`Standards.with_overrides` (values as TOML would give).

    Derived lines are never drawn together with their inputs (that is rejected by design),
    and a value whose derived lines would fall out of range (round 3's exit base year after
    its first line year) is left out.
    """
    base = standards or default_standards()
    simple = {
        key: p
        for key, p in base.parameters.items()
        if p.type
        not in (
            ParamType.SERIES,
            ParamType.TABLE,
            ParamType.DECIMAL_BY_KEY,
            ParamType.INTEGER_BY_KEY,
        )
        and p.minimum is None
        and p.maximum is None
    }
    keys = draw(st.lists(st.sampled_from(sorted(simple)), max_size=max_size, unique=True))
    conflicts: dict[str, set[str]] = {}
    for other in base.parameters.values():
        if other.derivation is not None:
            for name in other.derivation.inputs.values():
                conflicts.setdefault(other.key, set()).add(name)
                conflicts.setdefault(name, set()).add(other.key)
    chosen: dict[str, Any] = {}
    for key in keys:
        if conflicts.get(key, set()) & chosen.keys():
            continue
        parameter = simple[key]
        value = draw(_value_for(parameter.type, parameter.value, parameter.choices))
        try:  # a value whose derived lines fall out of range is refused: leave it out
            base.with_overrides({**chosen, key: value})
        except OverrideError:
            continue
        chosen[key] = value
    return chosen


# Area strategies live in private modules and are re-exported here (imported last: they
# may use the strategies above).
from shuangdao.testing._accountability import (  # noqa: E402
    accountability_histories,
    accountability_records,
    aggravations,
    funding_irregularities,
    officials,
)
from shuangdao.testing._batch import populations, threshold_amounts  # noqa: E402
from shuangdao.testing._cycle import (  # noqa: E402
    household_income_histories,
    income_histories,
    indicator_results,
    indicators,
    scoring_models,
    village_income_histories,
)
from shuangdao.testing._declare import (  # noqa: E402
    decimal_contexts,
    rule_columns,
    rule_inputs,
    rule_standards,
)
from shuangdao.testing._funding import (  # noqa: E402
    allocations,
    funding_ledgers,
    funding_records,
    projects,
    regions,
    village_livelihoods,
)
from shuangdao.testing._pairing import (  # noqa: E402
    AssignmentInput,
    assignment_inputs,
    assistance_agreements,
    commitments,
    ledgers,
    shared_assignment_inputs,
)
from shuangdao.testing._procedure import applications  # noqa: E402
