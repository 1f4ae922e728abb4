"""Invariants of the foundation: JSON round-trips, invalid input, override validation."""

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from shuangdao import (
    AdminArea,
    AssistingUnit,
    Cadre,
    Household,
    Measure,
    Pairing,
    Plan,
    Round,
    ShuangdaoError,
    Standards,
    Village,
    WorkTeam,
    default_standards,
)
from shuangdao.errors import OverrideError
from shuangdao.ingest import parse_count, parse_flag, parse_year
from shuangdao.quantities import Comparator, compare_per_capita, money
from shuangdao.serialize import from_json, to_json
from shuangdao.testing import (
    admin_areas,
    applications,
    assisting_units,
    cadres,
    households,
    measures,
    money_amounts,
    overrides,
    pairings,
    plans,
    rounds,
    villages,
    work_teams,
)

MODELS = [
    (Household, households()),
    (Village, villages()),
    (AssistingUnit, assisting_units()),
    (Cadre, cadres()),
    (WorkTeam, work_teams()),
    (Pairing, pairings()),
    (Measure, measures()),
    (Plan, plans()),
    (Round, rounds()),
    (AdminArea, admin_areas()),
]


@given(st.sampled_from(MODELS).flatmap(lambda pair: st.tuples(st.just(pair[0]), pair[1])))
def test_json_round_trip_is_exact_for_every_model(pair):
    cls, value = pair
    assert from_json(to_json(value), cls) == value


@given(overrides())
def test_json_round_trip_of_standards_with_overrides(chosen):
    scenario = default_standards().with_overrides(chosen)
    again = from_json(to_json(scenario), Standards)
    assert again == scenario
    assert again.hash == scenario.hash


def _refused(parse, **kwargs):
    """Whether the input grammar refuses a value (the grammar is tested on its own)."""

    def check(value):
        try:
            return parse(value, **kwargs) is None and not kwargs.get("optional")
        except ShuangdaoError:
            return True

    return check


INVALID_HOUSEHOLD_FIELDS = {
    "members": st.one_of(
        st.integers(max_value=0),
        st.booleans(),
        st.none(),
        st.text().filter(_refused(parse_count, minimum=1)),
        st.floats().filter(_refused(parse_count, minimum=1)),
    ),
    "income": st.one_of(
        st.integers(max_value=-1),
        st.sampled_from([float("nan"), float("inf"), -1.5, 0.001]),
        st.none(),
        st.sampled_from(["1.001", "1e3", "1_000", "１", "1,000", "NaN", " "]),
        st.text(alphabet="xyz", min_size=1),
        st.booleans(),
    ),
    "household_id": st.one_of(
        st.just(""), st.integers(min_value=2**53), st.none(), st.just("h\x01"), st.just(1.5)
    ),
    "village_id": st.one_of(st.just(""), st.just(" "), st.integers(max_value=-(2**53)), st.none()),
    "has_labour_capacity": st.one_of(
        st.integers().filter(lambda i: i not in (0, 1)),
        st.none(),
        st.text().filter(_refused(parse_flag)),
    ),
    "income_year": st.one_of(
        st.integers(max_value=1948),
        st.integers(min_value=2101),
        st.text(min_size=1).filter(_refused(parse_year, optional=True)),
    ),
    "income_measure": st.text().filter(lambda t: t.strip() not in ("net", "disposable")),
}


def _build(fields):
    try:
        return Household(**fields), None
    except Exception as error:  # the property is about what escapes
        return None, error


@given(
    households(),
    st.sampled_from(sorted(INVALID_HOUSEHOLD_FIELDS)).flatmap(
        lambda name: st.tuples(st.just(name), INVALID_HOUSEHOLD_FIELDS[name])
    ),
)
def test_invalid_fields_always_raise_a_shuangdao_error(household, change):
    field, bad = change
    fields = attrs.asdict(household, recurse=False)
    fields[field] = bad
    built, error = _build(fields)
    assert built is None, f"{field}={bad!r} was accepted"
    assert isinstance(error, ShuangdaoError), repr(error)
    if field != "household_id":
        assert error.record == f"household {household.household_id}"
    assert error.field in (field, None)


@given(st.text(min_size=1, max_size=20).filter(lambda k: k not in default_standards().parameters))
def test_unknown_override_keys_are_rejected(key):
    try:
        default_standards().with_overrides({key: "1"})
    except OverrideError:
        return
    raise AssertionError("an unknown key was accepted")


@given(
    money_amounts(max_value=100_000),
    st.integers(1, 12),
    money_amounts(max_value=10_000),
    st.sampled_from(Comparator),
)
def test_per_capita_comparison_is_exact_decimal(total, members, line, comparator):
    holds, margin = compare_per_capita(total, members, comparator, line)
    # The decision equals the exact rational comparison total/members <op> line.
    left = total * 1  # Decimal
    assert holds == comparator.holds(left, line * members)
    assert isinstance(margin, Decimal)
    # money never returns a float and never rounds silently
    assert money(str(total)) == total


@given(applications())
def test_applications_round_trip_and_follow_the_legal_graph(application):
    from shuangdao.rules.procedure import Application

    assert from_json(to_json(application), Application) == application
    dates = [entry.on for entry in application.history]
    assert dates == sorted(dates)
