"""Invariants of scenario comparisons."""

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangdao.scenario import compare
from shuangdao.standards import default_standards
from shuangdao.testing._batch import populations


def _tables(rows):
    villages, households = rows
    return pa.Table.from_pylist(villages), (
        pa.Table.from_pylist(households)
        if households
        else pa.table(
            {
                "household_id": pa.array([], pa.string()),
                "village_id": pa.array([], pa.string()),
                "members": pa.array([], pa.int64()),
                "income": pa.array([], pa.string()),
                "has_labour_capacity": pa.array([], pa.bool_()),
            }
        )
    )


@settings(max_examples=25)
@given(data=st.data(), round_=st.sampled_from([1, 2, 3]))
def test_comparing_a_standards_set_with_itself_changes_nothing(data, round_):
    standards = default_standards()
    if round_ == 1:
        standards = standards.with_overrides({"round1.village_selection_rule": "caller_supplied"})
    rows = data.draw(populations(round=round_, standards=standards))
    c = compare(_tables(rows), round=round_, baseline=standards, scenario=standards)
    assert c.unchanged
    assert c.by_county.num_rows == 0
    assert c.by_reason.num_rows == 0


@settings(max_examples=15)
@given(data=st.data(), ratio=st.sampled_from(["0.30", "0.33", "0.40", "0.45"]))
def test_raising_the_ratio_never_makes_anyone_leave(data, ratio):
    rows = data.draw(populations(round=2))
    c = compare(_tables(rows), round=2, scenario={"round2.household_ratio": ratio})
    if ratio >= "0.33":
        assert c.left.num_rows == 0
    else:
        assert c.entered.num_rows == 0
