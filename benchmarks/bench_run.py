"""The main job end to end: ``shuangdao run`` against a numpy sort, and at national size.

Not a timed test: it measures, prints and checks. Run it from the repository root, ``nice``d
when the machine is shared::

    nice python benchmarks/bench_run.py                  # x1, 3 repetitions
    nice python benchmarks/bench_run.py --x10            # + scale 10 from Parquet
    nice python benchmarks/bench_run.py --repeat 5 --engine dask

What it does, in one run:

1. **Baseline**: sorts 10 M random ``int64`` with numpy (``ndarray.sort``, a fresh copy each
   time), in a fresh process, median of 5 — measured before *and* after the runs, so that a
   change in the machine's load shows.
2. **x1**: ``shuangdao run --round 2 --quiet --out <tmp>`` (the built-in province at scale 1:
   generation, every stage, writing Parquet) in a fresh process each time; wall time and peak
   RSS of the process (``ru_maxrss`` of the child), median of ``--repeat``. The ratio is the
   run's median over the sort's median.
3. **x10** (``--x10``): writes the synthetic province at scale 10 to Parquet once (cached in
   ``$SHUANGDAO_BENCH_DIR``, default ``/tmp/shuangdao-bench``), then runs the whole round from
   the files (``--villages --households --units --cadres``) and reports its time and peak RSS.

The CPU seconds of each stage (the summary's ``timings``) are printed too: on a shared machine
they show how much of the wall time was the run's own work.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SORT = """
import numpy as np, time, json
a = np.random.default_rng(0).integers(0, 2**62, 10_000_000)
times = []
for _ in range(5):
    b = a.copy()
    t = time.perf_counter()
    b.sort()
    times.append(time.perf_counter() - t)
print(json.dumps(sorted(times)[len(times) // 2]))
"""


def _child(args: list[str]) -> tuple[float, float, str]:
    """Run a command in a fresh process: (wall seconds, peak RSS MiB of the child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: run the biggest first or compare
    return wall, max(peak, before) / 1024, done.stdout


def sort_baseline() -> float:
    """Median seconds of a numpy sort of 10 M int64 (a fresh process)."""
    _, _, out = _child([sys.executable, "-c", _SORT])
    return float(json.loads(out))


def peak_of(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one command, measured by GNU time if present."""
    timer = Path("/usr/bin/time")
    if timer.exists():
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as log:
            started = time.perf_counter()
            done = subprocess.run(
                [str(timer), "-f", "%M", "-o", log.name, *args],
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            wall = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
            return wall, int(Path(log.name).read_text().split()[-1]) / 1024
    wall, peak, _ = _child(args)
    return wall, peak


def timings(report: Path) -> dict[str, float]:
    """The CPU seconds per stage of a run (and its wall-clock total), from its report."""
    section = report.read_text(encoding="utf-8").split("## Timings")[1].split("\n## ")[0]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("| ")]
    return {r[1].strip(): float(r[2]) for r in rows if r[1].strip() not in ("stage", "---")}


def run_x1(repeat: int, engine: str) -> tuple[list[float], list[float], dict[str, float]]:
    shuangdao = [sys.executable, "-m", "shuangdao"]
    walls, peaks = [], []
    stages: dict[str, float] = {}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="shuangdao-run-") as out:
            wall, peak = peak_of(
                [*shuangdao, "run", "--round", "2", "--quiet", "--engine", engine, "--out", out]
            )
            walls.append(wall)
            peaks.append(peak)
            stages = timings(Path(out) / "report.md")
    return walls, peaks, stages


def run_x10(engine: str) -> tuple[float, float, dict[str, float], int]:
    folder = Path(os.environ.get("SHUANGDAO_BENCH_DIR", "/tmp/shuangdao-bench")) / "synth-x10"
    names = ("villages", "households", "units", "cadres")
    files = {name: folder / f"{name}.parquet" for name in names}
    if not all(p.exists() for p in files.values()):
        folder.mkdir(parents=True, exist_ok=True)
        print(f"writing the synthetic province at scale 10 to {folder} ...", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"import shuangdao.synth as s; s.write_parquet(None, {str(folder)!r}, scale=10)",
            ],
            check=True,
            cwd=ROOT,
        )
        print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="shuangdao-x10-") as out:
        wall, peak = peak_of(
            [
                sys.executable,
                "-m",
                "shuangdao",
                "run",
                "--round",
                "2",
                "--quiet",
                "--engine",
                engine,
                "--villages",
                str(files["villages"]),
                "--households",
                str(files["households"]),
                "--units",
                str(files["units"]),
                "--cadres",
                str(files["cadres"]),
                "--out",
                out,
            ]
        )
        stages = timings(Path(out) / "report.md")
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(Path(out) / "identification_households.parquet").metadata.num_rows
    return wall, peak, stages, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--x10", action="store_true", help="also the whole round at scale 10")
    parser.add_argument("--skip-x1", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
    sort_before = sort_baseline()
    print(f"numpy sort of 10 M int64: {sort_before:.3f} s (median of 5)", flush=True)
    if not args.skip_x1:
        walls, peaks, stages = run_x1(args.repeat, args.engine)
        median = statistics.median(walls)
        print(
            f"shuangdao run x1 ({args.engine}): median {median:.2f} s "
            f"(runs {', '.join(f'{w:.2f}' for w in walls)}), peak RSS "
            f"{max(peaks):.0f} MiB",
            flush=True,
        )
        print("  CPU seconds per stage (last run): " + json.dumps(stages), flush=True)
    if args.x10:
        wall, peak, stages, rows = run_x10(args.engine)
        print(
            f"shuangdao run x10 from Parquet ({args.engine}): {wall:.1f} s, peak RSS "
            f"{peak / 1024:.2f} GiB, {rows:,} households",
            flush=True,
        )
        print("  CPU seconds per stage: " + json.dumps(stages), flush=True)
    sort_after = sort_baseline()
    print(f"numpy sort again: {sort_after:.3f} s; load average {os.getloadavg()[0]:.2f}")
    if not args.skip_x1:
        base = statistics.median([sort_before, sort_after])
        print(f"ratio x1 / sort: {median / base:.1f}x (target <= 6x; peak RSS target <= 1 GiB)")


if __name__ == "__main__":
    main()
