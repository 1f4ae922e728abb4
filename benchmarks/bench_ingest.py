"""Benchmark: CSV against Parquet through the same ingest, same data, same run (issue 14).

One command (from the repository root; run it with ``nice``)::

    nice python benchmarks/bench_ingest.py                      # 1,000,000 households, 3 runs
    nice python benchmarks/bench_ingest.py --households 200000 --repeat 5

Builds a seeded round-2 register (villages and households with the ``identify`` columns;
about 4 % of rows with a problem a real register has: a missing income, members 0, an
unknown village, a duplicate id, a yes/no spelled ``Y``) and writes it as CSV and as Parquet
(typed columns: string ids, ``int64`` members, ``decimal128(15, 2)`` income, boolean labour
capacity) under ``$SHUANGDAO_BENCH_DIR`` (default ``/tmp/shuangdao-bench``). Then, each in a
fresh subprocess, it times

* ``batch.identify`` on the two CSV paths and on the two Parquet paths (read, validate,
  decide), and
* ``shuangdao identify`` on the CSV files and on the Parquet files (read, validate, decide,
  write the three CSV outputs),

reporting the median wall time of ``--repeat`` runs, the child's peak RSS (``VmHWM`` on
Linux, read before the check; ``ru_maxrss`` would include the parent's memory at the fork)
and the CSV ÷ Parquet ratios (the target: within 3×). Both inputs give the same decisions
and rejections; the script checks that too. Not a timed test: ratios in one run on one
machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

CACHE = Path(os.environ.get("SHUANGDAO_BENCH_DIR", "/tmp/shuangdao-bench"))
SEED = 20091231


def build(households: int, folder: Path, dirty: float) -> dict[str, Path]:
    """Write the register as CSV and Parquet (cached by size)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        kind: folder / f"{name}-{households}-{dirty:g}.{kind.split('_')[0]}"
        for kind, name in (
            ("csv_v", "villages"),
            ("csv_h", "households"),
            ("parquet_v", "villages"),
            ("parquet_h", "households"),
        )
    }
    if all(p.exists() for p in paths.values()):
        return paths
    rng = np.random.default_rng(SEED)
    n_villages = max(1, households // 100)
    village_ids = np.array([f"44{i:08d}" for i in range(n_villages)], dtype=object)
    per_capita = rng.integers(300_000, 900_000, n_villages)  # fen
    collective = rng.integers(0, 6_000_000, n_villages)
    villages = pa.table(
        {
            "village_id": pa.array(village_ids, pa.string()),
            "per_capita_income": pa.array([f"{v / 100:.2f}" for v in per_capita], pa.string()),
            "collective_income": pa.array([f"{v / 100:.2f}" for v in collective], pa.string()),
        }
    )
    home = np.sort(rng.integers(0, n_villages, households))
    members = rng.integers(1, 8, households)
    income = rng.integers(100_00, 6_000_00, households) * members
    labour = rng.random(households) < 0.9
    ids = np.array([f"{village_ids[v]}-{i:07d}" for i, v in enumerate(home)], dtype=object)
    member_text = members.astype(str).astype(object)
    income_text = np.array([f"{v / 100:.2f}" for v in income], dtype=object)
    labour_text = np.where(labour, "true", "false").astype(object)
    house_village = village_ids[home].copy()
    # Real-register problems in about 4 % of the rows (rejected, never dropped).
    bad = rng.random(households) < dirty
    kinds = rng.integers(0, 5, households)
    for i in np.flatnonzero(bad):
        kind = kinds[i]
        if kind == 0:
            income_text[i] = ""
        elif kind == 1:
            member_text[i] = "0"
        elif kind == 2:
            house_village[i] = "nowhere"
        elif kind == 3 and i:
            ids[i] = ids[i - 1]
        else:
            labour_text[i] = "Y"  # a yes spelled as some registers do (read as yes)
            labour[i] = True
    text_table = pa.table(
        {
            "household_id": pa.array(ids, pa.string()),
            "village_id": pa.array(house_village, pa.string()),
            "members": pa.array(member_text, pa.string()),
            "income": pa.array(income_text, pa.string()),
            "has_labour_capacity": pa.array(labour_text, pa.string()),
        }
    )
    # Unquoted, as spreadsheets and pandas write cells that need no quotes.
    for table, path in ((villages, paths["csv_v"]), (text_table, paths["csv_h"])):
        columns = [c.to_pylist() for c in table.columns]
        lines = [",".join(table.column_names)]
        lines.extend(",".join(row) for row in zip(*columns, strict=True))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    typed = pa.table(
        {
            "household_id": text_table.column("household_id"),
            "village_id": text_table.column("village_id"),
            "members": pa.array(np.where(member_text == "0", 0, members), pa.int64()),
            "income": pa.array(
                [None if t == "" else t for t in income_text.tolist()], pa.string()
            ).cast(pa.decimal128(15, 2)),
            "has_labour_capacity": pa.array(labour, pa.bool_()),
        }
    )
    pq.write_table(villages, paths["parquet_v"])
    pq.write_table(typed, paths["parquet_h"])
    return paths


CHILD = r"""
import csv, json, resource, sys, time
kind, villages, households, out = sys.argv[1:5]
from shuangdao import batch
from shuangdao.cli import main


def work():
    if kind == "batch":
        return batch.identify(villages, households, round=2)
    status = main(["identify", "--round", "2", "--villages", villages,
                   "--households", households, "--out", out])
    assert status in (0, 1), status
    return None


def peak_mib():
    # VmHWM is this program's own high-water mark; ru_maxrss also counts the parent's memory
    # copied at fork (Linux keeps it across exec), so it is only the fallback.
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


times = []
for _ in range(2):  # a fresh process (imports excluded), then the same call warm
    start = time.perf_counter()
    result = work()
    times.append(time.perf_counter() - start)
peak = peak_mib()  # before the check below reads the outputs back
if result is not None:
    import pyarrow.compute as pc
    reasons = result.households.column("reason")
    summary = (result.households.num_rows, result.rejected.num_rows,
               pc.sum(pc.equal(reasons.cast("string"), "selected")).as_py())
else:
    with open(out + "/households.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    with open(out + "/rejected.csv", encoding="utf-8") as f:
        rejected = sum(1 for _ in f) - 1
    summary = (len(rows), rejected, sum(1 for r in rows if r[2] == "selected"))
print(json.dumps({"cold": times[0], "warm": times[1], "peak_mib": peak, "summary": summary}))
"""


def run(kind: str, villages: Path, households: Path, out: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(villages), str(households), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--dirty", type=float, default=0.04, help="share of rows with a problem (0.04)"
    )
    args = parser.parse_args()
    paths = build(args.households, CACHE / "ingest", args.dirty)
    sizes = {k: p.stat().st_size / 2**20 for k, p in paths.items()}
    print(
        f"households: {args.households:,} ({args.dirty:.0%} with a problem); files (MiB): "
        + ", ".join(f"{k} {v:.1f}" for k, v in sizes.items())
    )
    rows = []
    for kind in ("batch", "cli"):
        timings: dict[str, list[dict[str, object]]] = {}
        for source in ("csv", "parquet"):
            out = CACHE / "ingest" / f"out-{kind}-{source}"
            timings[source] = [
                run(kind, paths[f"{source}_v"], paths[f"{source}_h"], out)
                for _ in range(args.repeat)
            ]
        summaries = {s: {json.dumps(t["summary"]) for t in timings[s]} for s in timings}
        assert summaries["csv"] == summaries["parquet"], summaries
        for when in ("cold", "warm"):
            medians = {s: statistics.median(float(t[when]) for t in timings[s]) for s in timings}
            peaks = {s: max(float(t["peak_mib"]) for t in timings[s]) for s in timings}
            ratio = medians["csv"] / medians["parquet"]
            rows.append((kind, when, medians, peaks, ratio, next(iter(summaries["csv"]))))
    print()
    print("| path | run | CSV | Parquet | CSV ÷ Parquet | peak RSS CSV / Parquet (MiB) |")
    print("|---|---|---|---|---|---|")
    for kind, when, medians, peaks, ratio, _ in rows:
        name = "`batch.identify`" if kind == "batch" else "`shuangdao identify`"
        print(
            f"| {name} | {when} | {medians['csv']:.2f} s | {medians['parquet']:.2f} s | "
            f"**{ratio:.2f}×** | {peaks['csv']:.0f} / {peaks['parquet']:.0f} |"
        )
    print(f"\ndecided, rejected, selected households: {rows[0][5]}")
    worst = max(r[4] for r in rows)
    verdict = "met" if worst <= 3 else "NOT met"
    print(f"target (CSV within 3x Parquet): {verdict} (worst {worst:.2f}x)")


if __name__ == "__main__":
    main()
