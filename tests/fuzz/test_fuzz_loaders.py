"""Fuzz every batch loader: only ShuangdaoError escapes; decided + rejected = input, always.

Arbitrary rows and values go through CSV files, Parquet files, pandas/Arrow tables (and JSON
records read into pandas), under arbitrary standards overrides.
"""

from __future__ import annotations

import io as stdio
import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangdao import batch
from shuangdao.errors import ShuangdaoError
from shuangdao.ingest import rejected_rows
from shuangdao.testing import overrides

pytestmark = pytest.mark.slow

VILLAGE = [
    "village_id",
    "per_capita_income",
    "collective_income",
    "designated",
    "registered_population",
    "county_id",
]
HOUSEHOLD = ["household_id", "village_id", "members", "income", "has_labour_capacity"]

cells = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(
        [
            "v1",
            "v2",
            "h1",
            "0",
            "1",
            "-0",
            "1.5",
            "1.001",
            "3093",
            "5623.00",
            "29999.99",
            "30000",
            "nan",
            "inf",
            "1e3",
            "true",
            "no",
            " 7 ",
            "",
            "１",
        ]
    ),
    st.integers(-(2**64), 2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.decimals(allow_nan=True, places=None),
)


def _rows(draw: Any, columns: list[str]) -> list[dict[str, Any]]:
    kept = draw(st.lists(st.sampled_from(columns), unique=True, min_size=len(columns) - 1))
    rows: list[dict[str, Any]] = draw(
        st.lists(st.fixed_dictionaries(dict.fromkeys(kept, cells)), max_size=6)
    )
    return rows


def _check(villages: Any, households: Any, n_v: int, n_h: int, round: int, standards: Any) -> None:
    try:
        result = batch.identify(villages, households, round=round, standards=standards)
    except ShuangdaoError:
        return
    assert result.villages.num_rows + _rejected(result.rejected, "villages") == n_v
    assert result.households.num_rows + _rejected(result.rejected, "households") == n_h


def _rejected(table: pa.Table, file: str) -> int:
    """Rejected rows (not lines: a row has one line per problem) of ``file``."""
    return rejected_rows(table.filter(pa.compute.equal(table.column("file"), file)))


def _fields(lines: Any) -> dict[tuple[str, int], list[str]]:
    """The fields of each rejected ``(file, row)``, in order."""
    out: dict[tuple[str, int], list[str]] = {}
    for file, row, field in lines:
        out.setdefault((file, row), []).append(field)
    return out


def _text(value: Any) -> str:
    return "" if value is None else str(value).replace("\x00", "")


@settings(suppress_health_check=list(HealthCheck))
@given(
    data=st.data(),
    round=st.sampled_from([1, 2, 3]),
    kind=st.sampled_from(["csv", "parquet", "pandas", "arrow", "json"]),
)
def test_loaders_never_leak_and_never_drop(data, round, kind):
    villages = _rows(data.draw, VILLAGE)
    households = _rows(data.draw, HOUSEHOLD)
    standards = None
    if data.draw(st.booleans()):
        try:
            from shuangdao.standards import default_standards

            standards = default_standards().with_overrides(data.draw(overrides()))
        except ShuangdaoError:
            standards = None
    v_cols = sorted({k for r in villages for k in r}) or ["village_id"]
    h_cols = sorted({k for r in households for k in r}) or ["household_id"]
    if kind in {"pandas", "json"}:
        v = pd.DataFrame(villages, columns=v_cols)
        h = pd.DataFrame(households, columns=h_cols)
        if kind == "json":
            v = (
                pd.read_json(
                    stdio.StringIO(
                        json.dumps([{k: _text(x) for k, x in r.items()} for r in villages])
                    ),
                    dtype=False,
                )
                if villages
                else v
            )
            h = (
                pd.read_json(
                    stdio.StringIO(
                        json.dumps([{k: _text(x) for k, x in r.items()} for r in households])
                    ),
                    dtype=False,
                )
                if households
                else h
            )
        _check(v, h, len(villages), len(households), round, standards)
        return
    v_table = pa.table(
        {c: pa.array([_text(r.get(c)) for r in villages], pa.string()) for c in v_cols}
    )
    h_table = pa.table(
        {c: pa.array([_text(r.get(c)) for r in households], pa.string()) for c in h_cols}
    )
    if kind == "arrow":
        _check(v_table, h_table, len(villages), len(households), round, standards)
        return
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        if kind == "parquet":
            pq.write_table(v_table, base / "v.parquet")
            pq.write_table(h_table, base / "h.parquet")
            _check(
                base / "v.parquet",
                base / "h.parquet",
                len(villages),
                len(households),
                round,
                standards,
            )
            return
        v_text = (
            ",".join(v_cols)
            + "\n"
            + "".join(",".join(_csv(r.get(c)) for c in v_cols) + "\n" for r in villages)
        )
        h_text = (
            ",".join(h_cols)
            + "\n"
            + "".join(",".join(_csv(r.get(c)) for c in h_cols) + "\n" for r in households)
        )
        (base / "v.csv").write_text(v_text, encoding="utf-8", errors="replace")
        (base / "h.csv").write_text(h_text, encoding="utf-8", errors="replace")
        # The record-by-record reader (core dependencies only) is the reference.
        try:
            result = batch.identify(
                base / "v.csv", base / "h.csv", round=round, standards=standards
            )
        except ShuangdaoError:
            return
        from shuangdao import io

        cli = io._identify_rows(base / "v.csv", base / "h.csv", round, standards, None)
        assert result.villages.num_rows + _rejected(result.rejected, "villages") == cli.village_rows
        assert (
            result.households.num_rows + _rejected(result.rejected, "households")
            == cli.household_rows
        )
        assert result.households.column("reason").to_pylist() == [d.code for d in cli.households]
        ours = _fields((r["file"], r["row"], r["field"]) for r in result.rejected.to_pylist())
        theirs = _fields((r.file, r.row, r.field) for r in cli.rejections)
        assert ours.keys() == theirs.keys()  # the same rows rejected
        # Every problem of every rejected row at both doors, in the same order: its cells,
        # then what the round's rule requires of a village (declared once, Rule.requires).
        assert theirs == ours


def _csv(value: Any) -> str:
    text = _text(value).replace('"', '""')
    return f'"{text}"'
