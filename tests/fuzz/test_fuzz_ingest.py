"""Fuzz every ingest door: only ``ShuangdaoError`` escapes, and no row is ever dropped.

CSV files as arbitrary bytes and as arbitrary CSV-ish text (quotes, commas, line breaks, a
byte-order mark, huge cells) through both CSV readers, the batch path and the record-by-record
path; the cycle inputs (exit and settlement) as tables and files; units and cadres; standards
and every record type as JSON. Run with ``SHUANGDAO_FUZZ=1 HYPOTHESIS_PROFILE=slow pytest
tests/fuzz``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangdao import batch, model
from shuangdao.errors import RecordErrors, ShuangdaoError
from shuangdao.ingest import CONTRACTS, RECORDS, _csv, rejected_rows
from shuangdao.ingest import table as t
from shuangdao.io import _identify_rows
from shuangdao.serialize import from_json, to_json
from shuangdao.standards import Standards, default_standards

pytestmark = pytest.mark.slow

V_HEADER = "village_id,per_capita_income,collective_income,designated,registered_population\n"
H_HEADER = "household_id,village_id,members,income,has_labour_capacity\n"
PIECES = st.sampled_from(
    [
        ",",
        '"',
        '""',
        "\n",
        "\r\n",
        "\r",
        " ",
        "v1",
        "h1",
        "4",
        "1.5",
        "yes",
        "\ufeff",
        "x" * 140_000,
        "１",
        "1e3",
        "\x00",
        "是",
    ]
)
CSVISH = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=40).map("".join)


def _counts(result: Any, file: str) -> tuple[int, list[tuple[int, str]]]:
    rejected = result.rejected.filter(pa.compute.equal(result.rejected.column("file"), file))
    rows = list(
        zip(rejected.column("row").to_pylist(), rejected.column("field").to_pylist(), strict=True)
    )
    return getattr(result, file).num_rows, rows


@settings(suppress_health_check=list(HealthCheck), deadline=None)
@given(
    villages=st.one_of(CSVISH.map(lambda s: V_HEADER + s), st.binary(max_size=120)),
    households=st.one_of(CSVISH.map(lambda s: H_HEADER + s), st.binary(max_size=120)),
    round=st.sampled_from([1, 2, 3]),
)
def test_csv_files_never_leak_and_never_drop(villages, households, round):
    with tempfile.TemporaryDirectory() as folder:
        v_path, h_path = Path(folder) / "v.csv", Path(folder) / "h.csv"
        for path, content in ((v_path, villages), (h_path, households)):
            path.write_bytes(
                content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
            )
        outcomes: list[Any] = []
        for reader in ("arrow", "rows"):
            fast = _csv._read_fast
            if reader == "rows":
                _csv._read_fast = lambda *a, **k: None
            try:
                result = batch.identify(v_path, h_path, round=round)
            except ShuangdaoError as error:
                outcomes.append(("error", type(error).__name__))
                continue
            finally:
                _csv._read_fast = fast
            v_rows = t.read_source(v_path, name="villages").n_rows
            h_rows = t.read_source(h_path, name="households").n_rows
            v_decided, v_rejected = _counts(result, "villages")
            h_decided, h_rejected = _counts(result, "households")
            assert v_decided + len({row for row, _ in v_rejected}) == v_rows  # rows, not lines
            assert h_decided + len({row for row, _ in h_rejected}) == h_rows
            outcomes.append((v_decided, v_rejected, h_decided, h_rejected))
        assert outcomes[0] == outcomes[1]
        failure: ShuangdaoError | None = None
        try:
            rows = _identify_rows(v_path, h_path, round, None, None)
        except ShuangdaoError as error:
            failure = error
        if failure is not None:
            assert outcomes[0] == ("error", type(failure).__name__)
            return
        assert outcomes[0][0] + outcomes[0][2] == len(rows.villages) + len(rows.households)
        assert rejected_rows(rows.rejections) == len({r for r, _ in outcomes[0][1]}) + len(
            {r for r, _ in outcomes[0][3]}
        )


cells = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.sampled_from(["h1", "v1", "4", "0", "-1", "1.005", "2500", "yes", "n", "K1", "1e3", "１"]),
    st.integers(-(2**64), 2**64),
    st.floats(),
    st.booleans(),
)


def _table(draw: Any, columns: list[str]) -> Any:
    kept = draw(st.lists(st.sampled_from(columns), unique=True, min_size=max(1, len(columns) - 2)))
    return draw(st.lists(st.fixed_dictionaries(dict.fromkeys(kept, cells)), max_size=6))


@settings(suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data(), round=st.sampled_from([1, 2, 3]), as_csv=st.booleans())
def test_cycle_inputs_never_leak_and_never_drop(data, round, as_csv):
    import pandas as pd

    years = ["income_2013", "income_2016", "collective_income_2012", "per_capita_income_2012"]
    households = _table(
        data.draw, ["household_id", "village_id", "members", "has_labour_capacity", *years[:2]]
    )
    villages = _table(data.draw, ["village_id", "county_id", *years[2:]])
    h_frame = pd.DataFrame(
        households, columns=sorted({k for r in households for k in r}) or ["household_id"]
    )
    v_frame = pd.DataFrame(
        villages, columns=sorted({k for r in villages for k in r}) or ["village_id"]
    )
    with tempfile.TemporaryDirectory() as folder:
        h_source: Any = h_frame
        v_source: Any = v_frame
        if as_csv:
            h_source, v_source = Path(folder) / "h.csv", Path(folder) / "v.csv"
            h_frame.to_csv(h_source, index=False, lineterminator="\r\n")  # quotes \r and \n
            v_frame.to_csv(v_source, index=False, lineterminator="\r\n")
        try:
            exits = batch.exit_status(h_source, round=round, years=[2013, 2016])
            assert exits.households.num_rows + rejected_rows(exits.rejected) == len(households)
        except ShuangdaoError:
            pass
        try:
            settled = batch.settlement(h_source, v_source, round=round, year=2012)
        except ShuangdaoError:
            return
        mine = settled.rejected.filter(
            pa.compute.equal(settled.rejected.column("file"), "households")
        )
        assert settled.households.num_rows + rejected_rows(mine) == len(households)


@settings(suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data(), name=st.sampled_from(["units", "cadres"]))
def test_units_and_cadres_never_leak(data, name):
    contract = CONTRACTS[name]
    rows = _table(data.draw, [c.name for c in contract.columns])
    table = pa.table(
        {
            k: pa.array(
                [str(r.get(k)) if r.get(k) is not None else None for r in rows], pa.string()
            )
            for k in sorted({k for r in rows for k in r})
        }
        or {"x": pa.array([], pa.string())}
    )
    try:
        found = t.read_rows(table, contract)
    except ShuangdaoError:
        return
    assert len(found) == len(rows)


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(),
        st.text(max_size=8),
        st.sampled_from(["-5", "Infinity", "3093.001", "sNaN", "1e999999999", "lt", "2011-01-01"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
STANDARDS = json.loads(to_json(default_standards()))
PARAMETER_FIELDS = [
    "value",
    "type",
    "minimum",
    "maximum",
    "choices",
    "history",
    "derivation",
    "rounds",
]


@settings(suppress_health_check=list(HealthCheck), deadline=None)
@given(
    key=st.sampled_from(sorted(STANDARDS["parameters"])),
    field=st.sampled_from(PARAMETER_FIELDS),
    value=json_values,
)
def test_standards_json_never_leaks(key, field, value):
    data = json.loads(json.dumps(STANDARDS))
    data["parameters"][key][field] = value
    try:
        loaded = from_json(json.dumps(data), Standards)
    except ShuangdaoError:
        return
    for name in sorted(loaded.parameters):
        if loaded.param(name).value is not None:
            loaded.value(name)
    assert from_json(to_json(loaded), Standards) == loaded


@settings(suppress_health_check=list(HealthCheck), deadline=None)
@given(name=st.sampled_from(sorted(RECORDS)), data=st.data())
def test_every_record_type_from_json_never_leaks(name, data):
    cls = getattr(model, name)
    fields = dict.fromkeys(RECORDS[name].fields, json_values)
    record = data.draw(st.fixed_dictionaries({}, optional=fields))
    try:
        value = from_json(json.dumps(record), cls)
    except RecordErrors as error:
        problems = error.located()
    except ShuangdaoError:
        return
    else:
        assert from_json(to_json(value), cls) == value
        return
    assert problems
