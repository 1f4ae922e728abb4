"""Whole numbers have one upper bound (``shuangdao.ingest.COUNT_LIMIT``); every reader agrees.

The model's constructors, the cell grammar, JSON and the batch path accept exactly the counts
below the limit (a constructor used to accept up to 2**62 what a file or JSON refused).
"""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest

from shuangdao import batch
from shuangdao.errors import ShuangdaoError
from shuangdao.ingest import COUNT_LIMIT, parse_count
from shuangdao.model import Household
from shuangdao.model.fields import COUNT_LIMIT as MODEL_LIMIT
from shuangdao.serialize import structure

EDGES = [(COUNT_LIMIT - 1, True), (COUNT_LIMIT, False)]


def accepts(build) -> bool:
    try:
        build()
    except ShuangdaoError:
        return False
    return True


def household(members: int) -> Household:
    return Household(
        household_id="h1",
        village_id="v1",
        members=members,
        income=Decimal("1000"),
        has_labour_capacity=True,
    )


def test_one_limit():
    assert MODEL_LIMIT is COUNT_LIMIT
    assert COUNT_LIMIT == 10**18


@pytest.mark.parametrize(("members", "ok"), EDGES)
def test_constructor_and_grammar_agree(members, ok):
    assert accepts(lambda: household(members)) is ok
    assert accepts(lambda: parse_count(str(members), minimum=1)) is ok


@pytest.mark.parametrize(("members", "ok"), EDGES)
def test_json_agrees(members, ok):
    record = {
        "household_id": "h1",
        "village_id": "v1",
        "members": members,
        "income": "1000",
        "has_labour_capacity": True,
    }
    assert accepts(lambda: structure(record, Household)) is ok


@pytest.mark.parametrize(("members", "ok"), EDGES)
def test_batch_agrees(members, ok):
    villages = pa.table(
        {
            "village_id": ["v1"],
            "per_capita_income": pa.array([Decimal("5000")], pa.decimal128(15, 2)),
            "collective_income": pa.array([Decimal("10000")], pa.decimal128(15, 2)),
        }
    )
    households = pa.table(
        {
            "household_id": ["h1"],
            "village_id": ["v1"],
            "members": pa.array([members], pa.int64()),
            "income": pa.array([Decimal("1000")], pa.decimal128(15, 2)),
            "has_labour_capacity": [True],
        }
    )
    result = batch.identify(villages, households, round=2)
    assert (result.rejected.num_rows == 0) is ok
