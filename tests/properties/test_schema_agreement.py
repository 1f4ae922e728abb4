"""The generated JSON Schemas agree with the constructors, record by record (issue 16 item 6).

Hypothesis draws records mixing valid and invalid values of every kind (numbers as text,
yes/no spellings, padded ids, exponents, full-width digits, nulls, blanks, wrong types,
unknown keys, missing fields); a standard validator (``jsonschema``, draft 2020-12) and
``shuangdao.serialize.structure`` must give the same verdict. Numbers are exact decimals, as
``from_json`` reads them. The few checks JSON Schema cannot state (listed in each schema's
``$comment``) are the only allowed difference: the schema may accept, the library refuses.
"""

import datetime as dt
import json
from decimal import Decimal

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangdao import model, testing
from shuangdao.errors import RecordErrors, ShuangdaoError
from shuangdao.ingest import RECORDS, Kind
from shuangdao.serialize import json_schema, structure, unstructure


def _integer(checker, instance):
    """JSON Schema's ``integer``: any number with a zero fractional part (exact decimals too)."""
    if isinstance(instance, bool):
        return False
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return isinstance(instance, int)


_CHECKER = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _integer)
_VALIDATOR = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_CHECKER)


def _validator(cls):
    # Load the schema as JSON with exact decimals (multipleOf 0.01 must not be a float).
    schema = json.loads(json.dumps(json_schema(cls)), parse_float=Decimal)
    _VALIDATOR.check_schema(schema)
    return _VALIDATOR(schema)


VALIDATORS = {name: _validator(getattr(model, name)) for name in RECORDS}

TEXT = st.sampled_from(
    [
        "",
        " ",
        "h1",
        " h1 ",
        "h\x01",
        "4",
        " 4 ",
        "+4",
        "4.0",
        "4.5",
        "0",
        "-0",
        "-1",
        "1e3",
        "1_000",
        "1,000",
        "４",
        "12.34",
        "1.001",
        ".5",
        "5.",
        "NaN",
        "true",
        "FALSE",
        " yes",
        "是",
        "maybe",
        "2011",
        "1948",
        "2011-02-28",
        " 2011-12-31 ",
        "2011-13-01",
        "20110101",
        "net",
        " disposable ",
        "household",
        "village",
        "unit",
        "cadre",
        "city",
        "leader",
        "province",
        "county",
        "education",
        "industry",
        "party_government_organ",
        "provincial",
        "old_revolutionary_base",
    ]
)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers(1940, 2110),
    st.integers(-(2**60), 2**60),
    st.decimals(min_value=-10, max_value=10**6, places=2),
    st.decimals(min_value=0, max_value=5, places=3),
    st.sampled_from([Decimal("4.0"), Decimal("1E+3"), Decimal("0.50")]),
    TEXT,
    st.text(max_size=5),
)


def _value(cell):
    if cell.kind in (Kind.CHOICES, Kind.IDS):
        return st.one_of(st.lists(SCALAR, max_size=3), SCALAR)
    if cell.kind is Kind.RECORDS:
        return st.one_of(st.lists(_record_data("Measure"), max_size=2), SCALAR)
    return SCALAR


def _record_data(name):
    """Any values for any fields (mostly invalid records)."""
    schema = RECORDS[name]
    return st.fixed_dictionaries(
        {},
        optional={
            **{field: _value(cell) for field, cell in schema.fields.items()},
            "unknown": SCALAR,
        },
    )


VALID = {
    "AdminArea": testing.admin_areas(),
    "AssistingUnit": testing.assisting_units(),
    "Cadre": testing.cadres(),
    "Household": testing.households(),
    "Measure": testing.measures(),
    "Pairing": testing.pairings(),
    "Plan": testing.plans(),
    "Round": testing.rounds(),
    "Village": testing.villages(),
    "WorkTeam": testing.work_teams(),
}


@st.composite
def _near_valid(draw, name):
    """A valid record's JSON with 0-2 fields changed, dropped or added (mostly near the edge)."""
    data = dict(unstructure(draw(VALID[name])))
    fields = sorted(RECORDS[name].fields)
    for _ in range(draw(st.integers(0, 2))):
        field = draw(st.sampled_from([*fields, "unknown"]))
        if field in data and draw(st.integers(0, 4)) == 0:
            del data[field]
        else:
            cell = RECORDS[name].fields.get(field)
            data[field] = draw(_value(cell) if cell is not None else SCALAR)
    return data


def _records():
    return st.sampled_from(sorted(RECORDS)).flatmap(
        lambda name: st.tuples(
            st.just(name), st.one_of(_near_valid(name), _near_valid(name), _record_data(name))
        )
    )


# Checks JSON Schema cannot express: (the library's words, the schema's "$comment" words).
_UNSTATED = (
    ("must be one of the team's cadre_ids", "leader_id must be one of cadre_ids"),
    ("must not be before", "must not be before"),
    ("must not repeat", "must not repeat"),
    ("is not a valid date", "each date must exist in the calendar"),
)


def _unstated(error, name):
    """Whether every problem is a check the record's schema lists as not expressible."""
    comment = VALIDATORS[name].schema.get("$comment", "")
    return all(
        any(said in str(inner) and listed in comment for said, listed in _UNSTATED)
        for _, inner in error.located()
    )


@settings(suppress_health_check=list(HealthCheck), max_examples=300)
@given(_records())
def test_the_schema_accepts_exactly_what_the_constructor_accepts(drawn):
    name, data = drawn
    cls = getattr(model, name)
    schema_says = VALIDATORS[name].is_valid(data)
    refused: RecordErrors | None = None
    try:
        structure(data, cls)
    except RecordErrors as error:
        refused = error
    if refused is None:
        assert schema_says, (data, [e.message for e in VALIDATORS[name].iter_errors(data)])
    else:
        assert not schema_says or _unstated(refused, name), (data, refused.explain())


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_every_field_is_described_in_full_in_both_languages(name):
    schema = json_schema(getattr(model, name))
    cells = RECORDS[name].fields
    assert set(schema["properties"]) == set(cells)
    for field, cell in cells.items():
        described = schema["properties"][field]["description"]
        assert cell.en in described
        assert cell.zh in described


def test_the_household_schema_states_every_limit():
    schema = json_schema(model.Household)
    members = schema["properties"]["members"]["anyOf"][0]
    assert members["minimum"] == 1
    assert (
        "(round 2 and the 2011 regulation require it"
        in (schema["properties"]["has_labour_capacity"]["description"])
    )
    assert schema["additionalProperties"] is False
    validator = VALIDATORS["Household"]
    base = {
        "household_id": "h1",
        "village_id": "v1",
        "members": 4,
        "income": "12371.99",
        "has_labour_capacity": True,
    }
    assert validator.is_valid(base)
    for field, bad in [("members", 0), ("members", "0"), ("income", "1e3"), ("income", "-1")]:
        assert not validator.is_valid({**base, field: bad}), (field, bad)
        with pytest.raises(ShuangdaoError):
            structure({**base, field: bad}, model.Household)


def test_cross_field_rules_in_the_schema():
    area = VALIDATORS["AdminArea"]
    assert area.is_valid({"area_id": "GD", "level": "province"})
    assert not area.is_valid({"area_id": "GD", "level": "province", "parent_id": "CN"})
    assert not area.is_valid({"area_id": "C01", "level": "city"})
    pairing = VALIDATORS["Pairing"]
    base = {
        "pairing_id": "p1",
        "assisting_kind": "unit",
        "assisting_id": "u1",
        "assisted_id": "v1",
        "valid_from": dt.date(2010, 3, 1).isoformat(),
    }
    assert pairing.is_valid({**base, "assisted_kind": "village"})
    assert not pairing.is_valid({**base, "assisted_kind": "household"})
