"""What the village rules require of a village: declared once, asked at every door.

The rules declare it (``Rule.requires``); the input contract states, for the help texts, in
which rounds a village column must hold a value (``Column.value_rounds``). The two must say
the same, and every door must list the same problems.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from shuangdao import Village, default_standards, io
from shuangdao.batch import identify
from shuangdao.declare import Requirement
from shuangdao.errors import InvalidRecordError, MissingParameterError
from shuangdao.ingest import CONTRACTS
from shuangdao.rules.identification import IDENTIFICATION, village_rule
from shuangdao.standards.params import Round1Params

BY_COLLECTIVE_INCOME = default_standards().with_overrides(
    {str(Round1Params.village_selection_rule): "collective_income_below"}
)


@pytest.mark.parametrize("round", [1, 2, 3])
def test_the_contract_states_what_the_rules_require(round):
    contract = CONTRACTS["villages"]
    stated = {c.name for c in contract.columns if round in c.value_rounds} - {"village_id"}
    required = {need.field for need in village_rule(round).requires}
    assert stated == required


def test_round_1_by_collective_income_requires_the_collective_income():
    assert [n.field for n in village_rule(1, BY_COLLECTIVE_INCOME).requires] == [
        "collective_income"
    ]


def test_requirement_errors():
    need = Requirement("registered_population", minimum=1, below="must be >= 1 for a share")
    assert need.problem(1, record="village v", rule="r") is None
    for value in (None, 0):
        error = need.problem(value, record="village v", rule="r")
        assert isinstance(error, InvalidRecordError)
        assert error.detail == "must be >= 1 for a share"
        assert error.value == value
    unknown = Requirement(
        "designated", unknown=Round1Params.village_selection_rule, unknown_text="is not known."
    )
    error = unknown.problem(None, record="village v", rule="r")
    assert isinstance(error, MissingParameterError)
    assert error.detail.startswith("is not known. ")
    assert error.detail != "is not known. "  # ends with the parameter's hint
    assert unknown.problem(False, record="village v", rule="r") is None


@pytest.mark.parametrize(
    ("round", "village", "fields"),
    [
        (2, Village(village_id="v1"), ["per_capita_income", "collective_income"]),
        (
            3,
            Village(village_id="v1", per_capita_income=Decimal(1), registered_population=0),
            ["registered_population"],
        ),
        (1, Village(village_id="v1"), ["designated"]),
    ],
)
def test_unmet_lists_every_requirement_and_the_rule_raises_the_first(round, village, fields):
    rule = village_rule(round)
    unmet = rule.unmet(village, subject="village v1")
    assert [e.field for e in unmet] == fields
    spec = IDENTIFICATION[round]
    assert spec.village(default_standards()) is rule


VILLAGES = """village_id,per_capita_income,collective_income,designated,registered_population
v1,,,,
v2,abc,,,
v3,5000,20000,,
"""
HOUSEHOLDS = """household_id,village_id,members,income,has_labour_capacity
h1,v3,2,1000,true
"""


@pytest.mark.parametrize("round", [1, 2, 3])
def test_every_door_lists_the_same_requirement_problems(tmp_path, round):
    villages = tmp_path / "v.csv"
    households = tmp_path / "h.csv"
    villages.write_text(VILLAGES, encoding="utf-8")
    households.write_text(HOUSEHOLDS, encoding="utf-8")
    columnar = identify(villages, households, round=round)
    table = [(r["file"], r["row"], r["field"], r["error"]) for r in columnar.rejected.to_pylist()]
    rows = io._identify_rows(villages, households, round, None, None)  # no frame extra
    assert [(r.file, r.row, r.field, r.error) for r in rows.rejections] == table
    # v1: every requirement missing; v2: a bad cell and the other requirements; v3 (round 1:
    # no designation; round 3: no population) and so its household h1.
    v, h = "villages", "households"
    expected = {
        1: {(v, 1, "designated"), (v, 2, "per_capita_income"), (v, 2, "designated")}
        | {(v, 3, "designated"), (h, 1, "village_id")},
        2: {(v, 1, "per_capita_income"), (v, 1, "collective_income")}
        | {(v, 2, "per_capita_income"), (v, 2, "collective_income")},
        3: {(v, 1, "per_capita_income"), (v, 1, "registered_population")}
        | {(v, 2, "per_capita_income"), (v, 2, "registered_population")}
        | {(v, 3, "registered_population"), (h, 1, "village_id")},
    }[round]
    assert {(file, row, field) for file, row, field, _ in table} == expected
