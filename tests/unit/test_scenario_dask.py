"""The whole round on Dask equals the local engine, table for table, row for row."""

from __future__ import annotations

import pytest

from shuangdao.cli import main
from shuangdao.scenario import TABLES, run_round

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.dask
@pytest.mark.parametrize(("round_", "scale"), [(2, 0.12), (3, 0.02)])
def test_dask_equals_local(scheduler, round_, scale):
    local = run_round(round=round_, scale=scale)
    remote = run_round(round=round_, scale=scale, engine="dask", scheduler=scheduler)
    for name in TABLES:
        assert remote.tables[name].equals(local.tables[name]), name
    assert remote.summary().households_selected == local.summary().households_selected
    household = remote.progress.column("household_id")[0].as_py()
    year = remote.summary().assessments[-1]["year"]
    assert remote.decision("exit", household, year=year) == local.decision(
        "exit", household, year=year
    )


@pytest.mark.dask
def test_cli_engine_dask_writes_the_local_tables(scheduler, tmp_path):
    args = ["run", "--scale", "0.02", "--quiet", "--format", "parquet"]
    assert main([*args, "--out", str(tmp_path / "local")]) == 0
    assert (
        main(
            [
                *args,
                "--engine",
                "dask",
                "--scheduler",
                scheduler,
                "--out",
                str(tmp_path / "dask"),
            ]
        )
        == 0
    )
    import pyarrow.parquet as pq

    for name in TABLES:
        a = pq.read_table(tmp_path / "local" / f"{name}.parquet")
        b = pq.read_table(tmp_path / "dask" / f"{name}.parquet")
        assert a.equals(b), name


def test_scheduler_needs_the_dask_engine(capsys):
    assert main(["run", "--scale", "0.01", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err
