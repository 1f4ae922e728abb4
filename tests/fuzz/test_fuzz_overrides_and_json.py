"""Fuzz the standards-override loader and the JSON record loader with arbitrary input.

Only ``ShuangdaoError`` subclasses may escape, and a successful load always yields a valid
object (a standards set whose every parameter can be read, or a model that round-trips).
Run with ``SHUANGDAO_FUZZ=1 HYPOTHESIS_PROFILE=slow pytest tests/fuzz``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangdao import (
    AssistingUnit,
    Household,
    Pairing,
    Plan,
    ShuangdaoError,
    Standards,
    Village,
    default_standards,
    load_overrides,
)
from shuangdao.serialize import from_json, to_json

pytestmark = pytest.mark.slow

KEYS = sorted(default_standards().parameters)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["0.33", "1.7", "-5", "ge", "lt", "以下", "2011", "exact", "1e9", "nan"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=8,
)
keys = st.one_of(
    st.sampled_from(KEYS),
    st.sampled_from(KEYS).map(lambda k: k + ".2011"),
    st.text(max_size=20),
    st.sampled_from(["round2", "statistics.provincial_rural_income.2011", ".", ""]),
)


@settings(suppress_health_check=list(HealthCheck))
@given(st.dictionaries(keys, values, max_size=4))
def test_overrides_only_raise_shuangdao_errors(overrides: dict[str, Any]) -> None:
    try:
        scenario = default_standards().with_overrides(overrides)
    except ShuangdaoError:
        return
    # A scenario that was accepted is fully usable: every value reads and it round-trips.
    for key in sorted(scenario.parameters):
        parameter = scenario.param(key)
        if parameter.value is not None:
            scenario.value(key)
    assert from_json(to_json(scenario), Standards) == scenario


@settings(suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode()))
def test_override_files_only_raise_shuangdao_errors(content: bytes) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.toml"
        path.write_bytes(content)
        try:
            default_standards().with_overrides(load_overrides(path))
        except ShuangdaoError:
            return


json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(), st.text(max_size=8)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
FIELDS = {
    Household: ["household_id", "village_id", "members", "income", "has_labour_capacity"],
    Village: ["village_id", "per_capita_income", "collective_income", "special_areas"],
    AssistingUnit: ["unit_id", "name", "kind", "level"],
    Pairing: [
        "pairing_id",
        "assisting_kind",
        "assisting_id",
        "assisted_kind",
        "assisted_id",
        "valid_from",
        "valid_to",
    ],
    Plan: ["plan_id", "subject_kind", "subject_id", "measures", "target_year"],
}


@settings(suppress_health_check=list(HealthCheck))
@given(st.sampled_from(sorted(FIELDS, key=lambda c: c.__name__)), st.data())
def test_json_records_only_raise_shuangdao_errors(cls: type, data: st.DataObject) -> None:
    record = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS[cls], json_values)))
    text = json.dumps(record) if data.draw(st.booleans()) else data.draw(st.text(max_size=30))
    try:
        value: Any = from_json(text, cls)
    except ShuangdaoError:
        return
    assert from_json(to_json(value), cls) == value
