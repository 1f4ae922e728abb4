"""Batch path == object path, record for record, in every round (issue 7)."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangdao import batch
from shuangdao.ingest import CONTRACTS, rejected_rows
from shuangdao.model import Household, IncomeMeasure, Village
from shuangdao.rules.identification import classify_household_round1
from shuangdao.rules.identification import identify as identify_objects
from shuangdao.standards import default_standards
from shuangdao.testing._batch import populations


def _objects(villages, households, round):
    measure = IncomeMeasure.DISPOSABLE if round == 3 else IncomeMeasure.NET
    vs = [
        Village(
            village_id=v["village_id"],
            per_capita_income=v["per_capita_income"],
            collective_income=v["collective_income"],
            designated=v.get("designated"),
            registered_population=v.get("registered_population"),
            income_measure=measure,
        )
        for v in villages
    ]
    hs = [Household(**h, income_measure=measure) for h in households]
    return vs, hs


def _table(rows, columns):
    return pa.table({c: [r.get(c) for r in rows] for c in columns})


VILLAGE_COLUMNS = ["village_id", "county_id", "per_capita_income", "collective_income"]
HOUSEHOLD_COLUMNS = ["household_id", "village_id", "members", "income", "has_labour_capacity"]


def _assert_agree(result, expected):
    assert result.villages.column("village_id").to_pylist() == [
        d.subject_id for d in expected.villages
    ]
    assert result.villages.column("selected").to_pylist() == [d.outcome for d in expected.villages]
    assert result.villages.column("reason").to_pylist() == [d.code for d in expected.villages]
    assert result.households.column("household_id").to_pylist() == [
        d.subject_id for d in expected.households
    ]
    assert result.households.column("poor").to_pylist() == [d.outcome for d in expected.households]
    assert result.households.column("reason").to_pylist() == [d.code for d in expected.households]
    assert result.households.column("margin").to_pylist() == [
        d.reason("household_income").margin for d in expected.households
    ]
    assert result.summary().persons_selected == expected.persons_selected
    assert result.rejected.num_rows == 0
    if result.round == 1:  # round 1's classes (S5): the same rule, object path per household
        villages = {d.subject_id: d for d in expected.villages}
        assert "household_class" in result.households.column_names
        classes = result.households.column("household_class").to_pylist()
        for d, batch_class in zip(expected.households, classes, strict=True):
            household = result._household(result._find(result._households, d.subject_id, "id"))
            village = result._village(
                result._find(result._villages, household.village_id, "village_id")
            )
            assert villages[village.village_id].subject_id == village.village_id
            decided = classify_household_round1(household, village=village)
            assert batch_class == decided.value
            assert (batch_class is None) is (not d.outcome)
    else:
        assert "household_class" not in result.households.column_names


@pytest.mark.parametrize("round", [1, 2, 3])
@given(data=st.data())
def test_batch_equals_object_path(round, data):
    villages, households = data.draw(populations(round=round))
    extra = {1: ["designated"], 2: [], 3: ["registered_population"]}[round]
    v_table = _table(
        [
            {
                **v,
                "per_capita_income": None
                if v["per_capita_income"] is None
                else str(v["per_capita_income"]),
                "collective_income": str(v["collective_income"]),
            }
            for v in villages
        ],
        VILLAGE_COLUMNS + extra,
    )
    h_table = _table([{**h, "income": str(h["income"])} for h in households], HOUSEHOLD_COLUMNS)
    result = batch.identify(v_table, h_table, round=round)
    expected = identify_objects(*_objects(villages, households, round), round=round)
    _assert_agree(result, expected)
    # Expanding any record gives the object path's decision.
    if expected.households:
        d = expected.households[0]
        assert result.decision(household_id=d.subject_id) == d


@given(data=st.data(), ratio=st.sampled_from(["0.333", "0.3301", "0.33"]))
def test_batch_equals_object_path_with_exact_lines(data, ratio):
    """A line with more than two decimals (``line_rounding = exact``) stays exact."""
    standards = default_standards().with_overrides(
        {"round2.line_rounding": "exact", "round2.household_ratio": ratio}
    )
    villages, households = data.draw(populations(round=2, standards=standards))
    v_table = _table(
        [{**v, "per_capita_income": Decimal(v["per_capita_income"])} for v in villages],
        VILLAGE_COLUMNS,
    )
    h_table = _table(households, HOUSEHOLD_COLUMNS)
    result = batch.identify(v_table, h_table, round=2, standards=standards)
    expected = identify_objects(*_objects(villages, households, 2), round=2, standards=standards)
    _assert_agree(result, expected)


@given(data=st.data())
def test_counts_always_add_up(data):
    """decided + rejected = input, whatever the rows hold."""
    cell = st.one_of(
        st.none(),
        st.text(max_size=6),
        st.sampled_from(["0", "1", "-1", "1.001", "3093", "nan", "true"]),
    )
    n_v = data.draw(st.integers(0, 5))
    n_h = data.draw(st.integers(0, 8))
    villages = pa.table(
        {
            c: pa.array([data.draw(cell) for _ in range(n_v)], pa.string())
            for c in VILLAGE_COLUMNS[:1] + VILLAGE_COLUMNS[2:]
        }
    )
    households = pa.table(
        {c: pa.array([data.draw(cell) for _ in range(n_h)], pa.string()) for c in HOUSEHOLD_COLUMNS}
    )
    result = batch.identify(villages, households, round=2)
    lines = result.rejected.select(["file", "row", "field"]).to_pylist()
    # rows, not lines: a row lists each bad field once, in the contract's column order
    for file, n, decided, columns in (
        ("villages", n_v, result.villages.num_rows, CONTRACTS["villages"].columns),
        ("households", n_h, result.households.num_rows, CONTRACTS["households"].columns),
    ):
        rows: dict[int, list[str]] = {}
        for line in lines:
            if line["file"] == file:
                rows.setdefault(line["row"], []).append(line["field"])
        assert decided + len(rows) == n
        for fields in rows.values():
            assert fields == [c.name for c in columns if c.name in fields], fields
    assert result.summary().rejected == rejected_rows(result.rejected)
    assert result.summary().rejected == n_v + n_h - result.villages.num_rows - (
        result.households.num_rows
    )


@pytest.mark.parametrize("round", [1, 2, 3])
@given(data=st.data(), chunk=st.integers(1, 8))
def test_typed_tables_equal_object_path(round, data, chunk):
    """The fast path (decimal income, integer members, boolean flags, in several chunks)
    gives the object path's answers record for record, margins included."""
    villages, households = data.draw(populations(round=round))
    if data.draw(st.booleans()):
        households = households[::-1]  # ids not increasing: the hash check for duplicates
    extra = {1: ["designated"], 2: [], 3: ["registered_population"]}[round]
    v_table = _table(
        [
            {
                **v,
                "per_capita_income": None
                if v["per_capita_income"] is None
                else str(v["per_capita_income"]),
                "collective_income": str(v["collective_income"]),
            }
            for v in villages
        ],
        VILLAGE_COLUMNS + extra,
    )
    h_table = pa.table(
        {
            "household_id": pa.array([h["household_id"] for h in households], pa.string()),
            "village_id": pa.array([h["village_id"] for h in households], pa.string()),
            "members": pa.array([h["members"] for h in households], pa.int64()),
            "income": pa.array([Decimal(h["income"]) for h in households], pa.decimal128(17, 2)),
            "has_labour_capacity": pa.array(
                [h["has_labour_capacity"] for h in households], pa.bool_()
            ),
        }
    )
    h_table = pa.Table.from_batches(h_table.to_batches(max_chunksize=chunk), h_table.schema)
    result = batch.identify(v_table, h_table, round=round)
    assert result._households.chunks is not None
    expected = identify_objects(*_objects(villages, households, round), round=round)
    _assert_agree(result, expected)
