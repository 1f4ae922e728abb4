"""Records, standards and results pickle (process pools, multiprocessing, Dask workers).

Read-only mappings (``types.MappingProxyType``) inside frozen records used to make the
standard ``pickle`` refuse a ``Standards`` object, so a researcher could not hand a
scenario's standards to a process pool.
"""

from __future__ import annotations

import pickle
import types
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from functools import partial
from multiprocessing import get_context
from typing import TypeVar

import pytest

from shuangdao import Household, Village, default_standards, identify, identify_household_round2
from shuangdao.ingest.schema import RECORDS
from shuangdao.rules.accountability import mechanism_table

T = TypeVar("T")


def _round_trip(value: T) -> T:
    copy: T = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return copy


def _household(income: str) -> Household:
    return Household(
        household_id="H1",
        village_id="V1",
        members=4,
        income=Decimal(income),
        has_labour_capacity=True,
    )


@pytest.mark.parametrize(
    "overrides", [{}, {"round2.household_ratio": "0.40"}, {"round1.household_line": "1600"}]
)
def test_standards_pickle_equal_and_still_read_only(overrides):
    standards = default_standards().with_overrides(overrides)
    copy = _round_trip(standards)
    assert copy == standards
    assert copy.overrides == standards.overrides
    assert isinstance(copy.parameters, types.MappingProxyType)
    with pytest.raises(TypeError):
        copy.parameters["round2.household_line"] = None  # type: ignore[index]


def test_input_schemas_and_results_pickle_equal():
    for name, schema in RECORDS.items():
        assert _round_trip(schema) == schema, name
    village = Village(
        village_id="V1",
        county_id="C1",
        per_capita_income=Decimal("2000"),
        collective_income=Decimal("10000"),
    )
    result = identify([village], [_household("12000")], round=2)
    assert _round_trip(result) == result
    assert _round_trip(mechanism_table()) == mechanism_table()


def test_a_process_pool_decides_with_the_scenario_standards():
    """A fresh interpreter (spawn) receives the overridden standards (line 4 x 3749 yuan)."""
    scenario = default_standards().with_overrides({"round2.household_ratio": "0.40"})
    households = [_household(income) for income in ("14000", "14995.99", "14996", "16000")]
    decide = partial(identify_household_round2, in_key_village=True, standards=scenario)
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        remote = list(pool.map(decide, households))
    assert remote == [decide(h) for h in households]
    assert [d.outcome for d in remote] == [True, True, False, False]
