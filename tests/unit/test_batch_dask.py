"""Dask adapter: identical results on a 2-process LocalCluster, partitions splitting villages."""

from __future__ import annotations

import pandas as pd
import pytest

from shuangdao import batch
from shuangdao.synth import generate_province

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
batch_dask = pytest.importorskip("shuangdao.batch.dask")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _frames(round):
    villages, households = generate_province(scale=0.01).round_inputs(round)
    v = villages.to_pandas()
    h = households.to_pandas()
    # Bad and duplicate rows, one duplicate in another partition than its first occurrence.
    h = pd.concat(
        [
            h,
            h.iloc[[3, 400]],
            pd.DataFrame([{**h.iloc[0].to_dict(), "household_id": "X", "village_id": "nowhere"}]),
        ],
        ignore_index=True,
    )
    h.loc[10, "members"] = 0
    return v, h


def _same(a, b):
    assert a.villages.equals(b.villages)
    assert a.households.equals(b.households)
    assert a.rejected.equals(b.rejected)


@pytest.mark.dask
@pytest.mark.parametrize("round", [1, 2, 3])
def test_dask_equals_in_memory(client, round):
    v, h = _frames(round)
    expected = batch.identify(v, h, round=round)
    assert expected.rejected.num_rows == 4
    # Seven partitions of unequal size: villages are split across partitions.
    households = dd.from_pandas(h, npartitions=7, sort=False)
    result = batch_dask.identify(dd.from_pandas(v, npartitions=2), households, round=round)
    _same(result, expected)
    first = expected.households.column("household_id")[0].as_py()
    assert result.decision(household_id=first) == expected.decision(household_id=first)
