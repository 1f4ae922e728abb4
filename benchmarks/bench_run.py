"""The main job end to end: ``shuangdao run`` against a numpy sort, and at national size.

Not a timed test: it measures, prints and checks. Run it from the repository root, ``nice``d
when the machine is shared::

    nice python benchmarks/bench_run.py                  # x1, 3 repetitions
    nice python benchmarks/bench_run.py --x10            # + scale 10 from Parquet
    nice python benchmarks/bench_run.py --repeat 5 --engine dask

What it does, in one run:

1. **Baseline**: sorts 10 M random ``int64`` with numpy (``ndarray.sort``, a fresh copy each
   time), in a fresh process, median of 5 — measured before *and* after the runs, so that a
   change in the machine's load shows. The target's ratio is against this default sort.
   numpy's default sort of ``int64`` is vectorised (x86-simd-sort) when the CPU has the
   instructions numpy dispatches at run time (AVX2 since numpy 2.0, AVX-512 before): 4–5×
   faster than numpy's plain introsort, which numpy 1.x used on CPUs without AVX-512. So the
   same run's ratio moves with numpy's version and the CPU, not with shuangdao; the benchmark
   also prints, for information only, the sort with numpy's run-time SIMD dispatch switched
   off (``NPY_DISABLE_CPU_FEATURES`` set to the features numpy found beyond its baseline) and
   the ratio against it.
2. **x1**: ``shuangdao run --round 2 --quiet --out <tmp>`` (the built-in province at scale 1:
   generation, every stage, writing Parquet) in a fresh process each time; wall time, CPU
   time (user + system of the child) and peak RSS (GNU ``time``'s maximum resident set, else
   ``ru_maxrss``), median of ``--repeat``. The ratio is the run's median over the sort's
   median, in wall time (the target) and in CPU time (which a loaded machine distorts less:
   the run uses both cores, the sort one).
3. **x10** (``--x10``): writes the synthetic province at scale 10 to Parquet once (cached in
   ``$SHUANGDAO_BENCH_DIR``, default ``/tmp/shuangdao-bench``), then runs the whole round from
   the files (``--villages --households --units --cadres``) and reports its time and peak RSS.

The machine's load average is printed with each figure, and the CPU seconds of each stage
(the summary's ``timings``): on a shared machine they show how much of the wall time was the
run's own work.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SORT = """
import numpy as np, time, json
a = np.random.default_rng(0).integers(0, 2**62, 10_000_000)
walls, cpus = [], []
for _ in range(5):
    b = a.copy()
    t, c = time.perf_counter(), time.process_time()
    b.sort()
    walls.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
print(json.dumps([sorted(walls)[2], sorted(cpus)[2]]))
"""


@dataclass(frozen=True)
class Measured:
    """One command in a fresh process: wall and CPU seconds (user + system), peak RSS."""

    wall: float
    cpu: float
    peak_mib: float
    stdout: str = ""
    user: float = 0.0
    system: float = 0.0


def measure(args: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``args`` in a fresh process; peak RSS by GNU time when present, else ru_maxrss."""
    timer = Path("/usr/bin/time")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as log:
        command = [str(timer), "-f", "%M", "-o", log.name, *args] if timer.exists() else args
        started = time.perf_counter()
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            env=None if env is None else {**os.environ, **env},
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        user = after.ru_utime - before.ru_utime
        system = after.ru_stime - before.ru_stime
        cpu = user + system
        if timer.exists():
            peak = int(Path(log.name).read_text().split()[-1]) / 1024
        else:  # the largest child so far
            peak = after.ru_maxrss / 1024
    return Measured(wall, cpu, peak, done.stdout, user, system)


def sort_baseline(env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median wall and CPU seconds of a numpy sort of 10 M int64 (a fresh process)."""
    wall, cpu = json.loads(measure([sys.executable, "-c", _SORT], env).stdout)
    return float(wall), float(cpu)


def simd() -> tuple[str, list[str]]:
    """numpy's version and the SIMD features it dispatches at run time beyond its baseline."""
    import numpy as np

    found = np.show_config(mode="dicts").get("SIMD Extensions", {}).get("found", [])
    return np.__version__, [str(f) for f in found]


def timings(report: Path) -> dict[str, float]:
    """The CPU seconds per stage of a run (and its wall-clock total), from its report."""
    section = report.read_text(encoding="utf-8").split("## Timings")[1].split("\n## ")[0]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("| ")]
    return {r[1].strip(): float(r[2]) for r in rows if r[1].strip() not in ("stage", "---")}


def run_x1(repeat: int, engine: str) -> tuple[list[Measured], dict[str, float]]:
    shuangdao = [sys.executable, "-m", "shuangdao"]
    runs: list[Measured] = []
    stages: dict[str, float] = {}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="shuangdao-run-") as out:
            runs.append(
                measure(
                    [*shuangdao, "run", "--round", "2", "--quiet", "--engine", engine, "--out", out]
                )
            )
            stages = timings(Path(out) / "report.md")
    return runs, stages


def run_x10(engine: str) -> tuple[Measured, dict[str, float], int]:
    folder = Path(os.environ.get("SHUANGDAO_BENCH_DIR", "/tmp/shuangdao-bench")) / "synth-x10"
    names = ("villages", "households", "units", "cadres")
    files = {name: folder / f"{name}.parquet" for name in names}
    if not all(p.exists() for p in files.values()):
        folder.mkdir(parents=True, exist_ok=True)
        print(f"writing the synthetic province at scale 10 to {folder} ...", flush=True)
        written = measure(
            [
                sys.executable,
                "-c",
                f"import shuangdao.synth as s; s.write_parquet(None, {str(folder)!r}, scale=10)",
            ]
        )
        print(
            f"  written in {written.wall:.0f} s (CPU {written.cpu:.0f} s), peak RSS "
            f"{written.peak_mib / 1024:.2f} GiB",
            flush=True,
        )
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory(prefix="shuangdao-x10-") as out:
        run = measure(
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
                *(x for name in names for x in (f"--{name}", str(files[name]))),
                "--out",
                out,
            ]
        )
        stages = timings(Path(out) / "report.md")
        rows = pq.ParquetFile(Path(out) / "identification_households.parquet").metadata.num_rows
    return run, stages, rows


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--x10", action="store_true", help="also the whole round at scale 10")
    parser.add_argument("--skip-x1", action="store_true")
    args = parser.parse_args()
    print(f"machine: {_load()}", flush=True)
    sort_before = sort_baseline()
    print(
        f"numpy sort of 10 M int64: {sort_before[0]:.3f} s wall, {sort_before[1]:.3f} s CPU "
        "(median of 5)",
        flush=True,
    )
    runs: list[Measured] = []
    if not args.skip_x1:
        runs, stages = run_x1(args.repeat, args.engine)
        print(
            f"shuangdao run x1 ({args.engine}): wall median "
            f"{statistics.median(r.wall for r in runs):.2f} s (runs "
            f"{', '.join(f'{r.wall:.2f}' for r in runs)}), CPU median "
            f"{statistics.median(r.cpu for r in runs):.2f} s (user "
            f"{statistics.median(r.user for r in runs):.2f} s, system "
            f"{statistics.median(r.system for r in runs):.2f} s), peak RSS "
            f"{max(r.peak_mib for r in runs):.0f} MiB; {_load()}",
            flush=True,
        )
        print("  CPU seconds per stage (last run): " + json.dumps(stages), flush=True)
    if args.x10:
        run, stages, rows = run_x10(args.engine)
        print(
            f"shuangdao run x10 from Parquet ({args.engine}): {run.wall:.1f} s wall, "
            f"{run.cpu:.1f} s CPU, peak RSS {run.peak_mib / 1024:.2f} GiB, {rows:,} households; "
            f"{_load()}",
            flush=True,
        )
        print("  CPU seconds per stage: " + json.dumps(stages), flush=True)
    sort_after = sort_baseline()
    print(
        f"numpy sort again: {sort_after[0]:.3f} s wall, {sort_after[1]:.3f} s CPU; {_load()}",
        flush=True,
    )
    if runs:
        wall = statistics.median([sort_before[0], sort_after[0]])
        cpu = statistics.median([sort_before[1], sort_after[1]])
        print(
            f"ratio x1 / sort: wall {statistics.median(r.wall for r in runs) / wall:.1f}x, "
            f"CPU {statistics.median(r.cpu for r in runs) / cpu:.1f}x "
            "(target: wall <= 6x; peak RSS <= 1 GiB)"
        )
        version, found = simd()
        if found:
            plain = sort_baseline({"NPY_DISABLE_CPU_FEATURES": " ".join(found)})
            print(
                f"for information (not the target): numpy {version} dispatches "
                f"{', '.join(found)}; its sort with NPY_DISABLE_CPU_FEATURES set to them: "
                f"{plain[0]:.3f} s wall, {plain[1]:.3f} s CPU; ratio x1 / that sort: wall "
                f"{statistics.median(r.wall for r in runs) / plain[0]:.1f}x, CPU "
                f"{statistics.median(r.cpu for r in runs) / plain[1]:.1f}x; {_load()}",
                flush=True,
            )


if __name__ == "__main__":
    main()
