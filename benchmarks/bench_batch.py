"""Benchmark: batch round-2 identification vs hand-written numpy (and OpenFisca), same run.

One command (from the repository root)::

    python benchmarks/bench_batch.py                 # x1 and x10, 5 repetitions
    python benchmarks/bench_batch.py --scales 1 --repeat 3
    python benchmarks/bench_batch.py --openfisca /tmp/peer-bench   # + the peer OpenFisca model
    python benchmarks/bench_batch.py --scales 10 --parquet-scales 100  # + x100 from Parquet

The population is the peer benchmark's (``shared/peer-bench/bench/gen_data.py``: seed
20090601, 3,407 villages and 367,000 households per x1 block, lognormal incomes), rebuilt
here with the identify columns: ids as strings, money as ``decimal128(15, 2)`` yuan, the
village per-capita income the exact household total over members (half up to the fen),
labour capacity for 90 % of households (seeded). It is cached as Parquet under
``$SHUANGDAO_BENCH_DIR`` (default ``/tmp/shuangdao-bench``).

Each variant runs in its own subprocess (reads the Parquet, then times ``--repeat``
repetitions of the rules; load excluded) and reports its times and its peak RSS
(``ru_maxrss``). On a shared machine one process of each can land in a busy or a quiet
moment, so the subprocesses are run ``--rounds`` times in alternating order (numpy, batch,
batch, numpy, ...) and the figures are the median **and** the minimum over every timed run
of every round. A third subprocess times **in-process alternating pairs** (batch, numpy,
batch, numpy, ... on the same loaded tables, ``--repeat`` pairs): both variants see the same
machine within a few hundred milliseconds, so the median of the per-pair ratios is the
figure a changing load distorts least. The parent checks that batch and numpy agree on every
record (flags and reason codes) and times the object path: one household decided with its
full explanation. The load average is printed before and after each scale.
Thresholds are the published lines (5623 / 3093) from the standards; the OpenFisca model uses
the derived lines (5623.2 / 3092.76), so only its timing is compared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
CACHE = Path(os.environ.get("SHUANGDAO_BENCH_DIR", "/tmp/shuangdao-bench"))
SEED = 20090601
VILLAGES, HOUSEHOLDS, PERSONS = 3_407, 367_000, 1_586_000
P = 9372.0


def _block(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The peer benchmark's generator block (same draws, same order)."""
    nv, nh = VILLAGES, HOUSEHOLDS
    weights = rng.lognormal(0.0, 0.5, nv)
    per_village = 1 + rng.multinomial(nh - nv, weights / weights.sum())
    household_village = np.repeat(np.arange(nv, dtype=np.int32), per_village)
    village_ratio = rng.lognormal(np.log(0.70), 0.25, nv)
    size = 1 + rng.poisson(PERSONS / HOUSEHOLDS - 1.0, nh)
    s = 0.55
    per_capita = P * village_ratio[household_village] * rng.lognormal(-s * s / 2, s, nh)
    net_income = np.rint(per_capita * size).astype(np.int32)
    collective = np.rint(rng.lognormal(np.log(50_000), 0.5, nv)).astype(np.int32)
    return household_village, size.astype(np.int64), net_income, collective


def _decimal(fen: np.ndarray) -> pa.Array:
    words = np.empty((len(fen), 2), dtype=np.int64)
    words[:, 0] = fen
    words[:, 1] = fen >> 63
    return pa.Array.from_buffers(pa.decimal128(15, 2), len(fen), [None, pa.py_buffer(words)])


def build(scale: int) -> tuple[Path, Path]:
    folder = CACHE / f"x{scale}"
    v_path, h_path = folder / "villages.parquet", folder / "households.parquet"
    if v_path.exists() and h_path.exists():
        return v_path, h_path
    folder.mkdir(parents=True, exist_ok=True)
    hv, sz, inc, col = [], [], [], []
    for i, child in enumerate(np.random.SeedSequence(SEED).spawn(scale)):
        a, b, c, d = _block(np.random.default_rng(child))
        hv.append(a + i * VILLAGES)
        sz.append(b)
        inc.append(c)
        col.append(d)
    village = np.concatenate(hv)
    members = np.concatenate(sz)
    income_fen = np.concatenate(inc).astype(np.int64) * 100
    collective_fen = np.concatenate(col).astype(np.int64) * 100
    nv, nh = len(collective_fen), len(village)
    total = np.bincount(village, weights=income_fen, minlength=nv).astype(np.int64)
    persons = np.bincount(village, weights=members, minlength=nv).astype(np.int64)
    per_capita_fen = (2 * total + persons) // (2 * persons)  # half up to the fen
    labour = np.random.default_rng(SEED + 1).random(nh) < 0.9
    village_ids = pa.array(np.char.add("V", np.char.zfill(np.arange(nv).astype(str), 7)))
    pq.write_table(
        pa.table(
            {
                "village_id": village_ids,
                "per_capita_income": _decimal(per_capita_fen),
                "collective_income": _decimal(collective_fen),
            }
        ),
        v_path,
    )
    pq.write_table(
        pa.table(
            {
                "household_id": pa.array(
                    np.char.add("H", np.char.zfill(np.arange(nh).astype(str), 9))
                ),
                "village_id": village_ids.take(pa.array(village)),
                "members": members,
                "income": _decimal(income_fen),
                "has_labour_capacity": labour,
            }
        ),
        h_path,
    )
    return v_path, h_path


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mib(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) so the peak covers the rules only."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _runner(variant: str, villages: pa.Table, households: pa.Table) -> Any:
    """The timed call of one variant on loaded tables."""
    if variant == "numpy":
        import _numpy_reference

        def run() -> object:
            return _numpy_reference.round2(villages, households)
    else:
        from shuangdao import batch

        def run() -> object:
            return batch.identify(villages, households, round=2)

    return run


def _timed(run: Any) -> tuple[float, float, float]:
    """Wall, CPU (user + system, every thread) and user seconds of one call."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    t, c = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    return wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_utime - before.ru_utime


def child(variant: str, scale: int, repeat: int) -> None:
    v_path, h_path = build(scale)
    villages, households = pq.read_table(v_path), pq.read_table(h_path)
    run = _runner(variant, villages, households)
    run()  # warm-up (imports, first-touch of the allocator); not timed
    loaded = _status_mib("VmRSS")
    reset = _reset_peak()
    times, cpu, user = [], [], []
    for _ in range(repeat):
        wall, processor, user_time = _timed(run)
        times.append(wall)
        cpu.append(processor)
        user.append(user_time)
    peak = _status_mib("VmHWM") if reset else _rss_mib()
    print(
        "RESULT "
        + json.dumps(
            {
                "variant": variant,
                "scale": scale,
                "times": times,
                "cpu": cpu,
                "user": user,
                "rss_after_load_mib": loaded,
                "peak_rss_mib": peak,
            }
        )
    )


def child_pairs(scale: int, repeat: int) -> None:
    """In-process alternating pairs: batch, numpy, batch, numpy, ... on the same tables."""
    v_path, h_path = build(scale)
    villages, households = pq.read_table(v_path), pq.read_table(h_path)
    runs = {name: _runner(name, villages, households) for name in ("batch", "numpy")}
    for run in runs.values():
        run()  # warm-up
    timed: dict[str, list[tuple[float, float, float]]] = {"batch": [], "numpy": []}
    for _ in range(repeat):
        for name, run in runs.items():
            timed[name].append(_timed(run))
    print("RESULT " + json.dumps({"variant": "pairs", "scale": scale, **timed}))


def child_parquet(scale: int, repeat: int) -> None:
    """End to end from the Parquet files: read, validate, decide (a fresh process each run)."""
    from shuangdao import batch

    v_path, h_path = build(scale)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = batch.identify(v_path, h_path, round=2)
        times.append(time.perf_counter() - t)
        households, rejected = result.households.num_rows, result.rejected.num_rows
        del result
    print(
        "RESULT "
        + json.dumps(
            {
                "variant": "parquet",
                "scale": scale,
                "times": times,
                "median": statistics.median(times),
                "peak_rss_mib": _rss_mib(),
                "households": households,
                "rejected": rejected,
            }
        )
    )


def _merge(results: list[dict[str, Any]]) -> dict[str, Any]:
    """One variant's runs over every round: medians and minima of wall and CPU time."""
    times = [t for r in results for t in r["times"]]
    cpu = [t for r in results for t in r["cpu"]]
    user = [t for r in results for t in r["user"]]
    return {
        "times": times,
        "median": statistics.median(times),
        "min": min(times),
        "cpu_median": statistics.median(cpu),
        "cpu_min": min(cpu),
        "user_median": statistics.median(user),
        "rss_after_load_mib": statistics.median(r["rss_after_load_mib"] for r in results),
        "peak_rss_mib": statistics.median(r["peak_rss_mib"] for r in results),
    }


def _pairs_report(pairs: dict[str, Any]) -> None:
    """Print the in-process alternating pairs: medians, minima, median of pair ratios."""
    batch_runs, numpy_runs = pairs["batch"], pairs["numpy"]
    print(f"  in-process alternating pairs ({len(batch_runs)}):")
    for k, label in ((0, "wall"), (1, "CPU")):
        b = [r[k] for r in batch_runs]
        n = [r[k] for r in numpy_runs]
        ratios = [x / y for x, y in zip(b, n, strict=True)]
        print(f"    {label:4s} batch median {statistics.median(b) * 1000:6.1f} ms ", end="")
        print(
            f"(min {min(b) * 1000:6.1f}), numpy median {statistics.median(n) * 1000:6.1f} ms ",
            end="",
        )
        print(f"(min {min(n) * 1000:6.1f}); batch / numpy: median of pair ratios ", end="")
        print(f"{statistics.median(ratios):.2f}x, minima {min(b) / min(n):.2f}x")


def _spawn(variant: str, scale: int, repeat: int) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            variant,
            "--scales",
            str(scale),
            "--repeat",
            str(repeat),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line[7:])
    return result


def agree(scale: int) -> tuple[int, int, int]:
    import _numpy_reference

    from shuangdao import batch
    from shuangdao.rules.identification import household_rule, village_rule

    v_path, h_path = build(scale)
    villages, households = pq.read_table(v_path), pq.read_table(h_path)
    ours = batch.identify(villages, households, round=2)
    ref = _numpy_reference.round2(villages, households)
    assert ours.rejected.num_rows == 0
    assert np.array_equal(
        ours.villages.column("selected").to_numpy(zero_copy_only=False), ref["key_village"]
    )
    assert np.array_equal(
        ours.households.column("poor").to_numpy(zero_copy_only=False), ref["poor"]
    )

    def code_table(kind: str) -> np.ndarray:
        names = (village_rule(2) if kind == "village" else household_rule(2)).names
        return np.array(
            [
                "selected"
                if b == 0
                else "not:" + "+".join(n for i, n in enumerate(names) if b >> i & 1)
                for b in range(2 ** len(names))
            ]
        )

    assert np.array_equal(
        ours.villages.column("reason").to_numpy(zero_copy_only=False),
        code_table("village")[ref["village_bits"]],
    )
    assert np.array_equal(
        ours.households.column("reason").to_numpy(zero_copy_only=False),
        code_table("household")[ref["household_bits"]],
    )
    return villages.num_rows, households.num_rows, int(ref["poor"].sum())


def object_path_us(n: int = 20_000) -> float:
    from shuangdao.model import Household
    from shuangdao.rules.identification import identify_household_round2

    rng = np.random.default_rng(1)
    households = [
        Household(
            household_id=f"h{i}",
            village_id="v1",
            members=int(m),
            income=f"{int(x)}.{int(x) % 100:02d}",
            has_labour_capacity=bool(i % 2),
        )
        for i, (m, x) in enumerate(
            zip(rng.integers(1, 8, n), rng.integers(0, 30_000, n), strict=True)
        )
    ]
    for h in households[:1000]:
        identify_household_round2(h, in_key_village=True).explain()
    samples = []
    for h in households:
        t = time.perf_counter_ns()
        identify_household_round2(h, in_key_village=True).explain()
        samples.append(time.perf_counter_ns() - t)
    return statistics.median(samples) / 1000


def openfisca(folder: Path, scale: int, repeat: int) -> dict[str, Any] | None:
    python = folder / ".venv" / "bin" / "python"
    if not python.exists():
        return None
    out = subprocess.run(
        [str(python), "bench/bench_openfisca.py", "--scale", str(scale), "--repeat", str(repeat)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    return None if line is None else json.loads(line[7:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="subprocess rounds per variant, in alternating order (default 3)",
    )
    ap.add_argument(
        "--openfisca",
        type=Path,
        default=None,
        help="a copy of shared/peer-bench with its .venv and data",
    )
    ap.add_argument(
        "--parquet-scales",
        type=int,
        nargs="*",
        default=[],
        help="also time batch.identify end to end from the Parquet files (e.g. 100)",
    )
    ap.add_argument(
        "--child", choices=["numpy", "batch", "parquet", "pairs"], help=argparse.SUPPRESS
    )
    args = ap.parse_args()
    if args.child == "parquet":
        child_parquet(args.scales[0], args.repeat)
        return
    if args.child == "pairs":
        child_pairs(args.scales[0], args.repeat)
        return
    if args.child:
        child(args.child, args.scales[0], args.repeat)
        return
    python = sys.version.split()[0]
    print(f"machine: {os.cpu_count()} cores, Python {python}, numpy {np.__version__}, ", end="")
    print(f"pyarrow {pa.__version__}; load average {os.getloadavg()[0]:.2f}")
    for scale in args.scales:
        build(scale)
        nv, nh, poor = agree(scale)
        load_before = os.getloadavg()[0]
        rounds: dict[str, list[dict[str, Any]]] = {"numpy": [], "batch": []}
        for i in range(max(1, args.rounds)):
            order = ("numpy", "batch") if i % 2 == 0 else ("batch", "numpy")
            for variant in order:
                rounds[variant].append(_spawn(variant, scale, args.repeat))
        numpy_r, batch_r = _merge(rounds["numpy"]), _merge(rounds["batch"])
        pairs = _spawn("pairs", scale, max(args.repeat, 7))
        print(f"\nx{scale}: {nv:,} villages, {nh:,} households, {poor:,} poor; ", end="")
        print("batch == numpy on every record (flags and reason codes)")
        print(f"  {args.rounds} rounds of one subprocess per variant, alternating order, ", end="")
        print(f"{args.repeat} timed runs each; load average {load_before:.2f} before, ", end="")
        print(f"{os.getloadavg()[0]:.2f} after")
        for name, r in (("numpy", numpy_r), ("batch", batch_r)):
            extra = r["peak_rss_mib"] - r["rss_after_load_mib"]
            runs = ", ".join(f"{t * 1000:.0f}" for t in r["times"])
            print(
                f"  {name}  median {r['median'] * 1000:8.1f} ms, min {r['min'] * 1000:6.1f}", end=""
            )
            print(f"  (runs {runs})")
            print(f"         CPU {r['cpu_median'] * 1000:.1f} ms", end="")
            print(f" (min {r['cpu_min'] * 1000:.1f}, user {r['user_median'] * 1000:.1f})", end="")
            print(f"   peak RSS {r['peak_rss_mib']:7.0f} MiB", end="")
            print(f" = data {r['rss_after_load_mib']:.0f} + rules {extra:.0f}")
        rules_ratio = (batch_r["peak_rss_mib"] - batch_r["rss_after_load_mib"]) / max(
            1.0, numpy_r["peak_rss_mib"] - numpy_r["rss_after_load_mib"]
        )
        time_ratio = batch_r["median"] / numpy_r["median"]
        # CPU time (all threads of the process): what a loaded machine distorts least
        # (user + system; the system part is mostly page faults, which a loaded or virtual
        # machine makes noisy: the minimum and the user time are given too)
        cpu_ratio = batch_r["cpu_median"] / numpy_r["cpu_median"]
        print(f"  batch / numpy CPU time: {cpu_ratio:.2f}x", end="")
        print(f" (minima {batch_r['cpu_min'] / numpy_r['cpu_min']:.2f}x,", end="")
        print(f" user time {batch_r['user_median'] / numpy_r['user_median']:.2f}x)")
        rss_ratio = batch_r["peak_rss_mib"] / numpy_r["peak_rss_mib"]
        print(f"  batch / numpy: time {time_ratio:.2f}x", end="")
        print(f" (minima {batch_r['min'] / numpy_r['min']:.2f}x),", end="")
        print(f" peak RSS {rss_ratio:.2f}x (memory above the loaded data {rules_ratio:.2f}x)")
        _pairs_report(pairs)
        if args.openfisca is not None:
            of = openfisca(args.openfisca, scale, max(1, min(args.repeat, 3)))
            if of is None:
                print("  openfisca: not available (needs <folder>/.venv and its data)")
            else:
                total = of.get("total_median_s") or (
                    of.get("setup_median_s", 0) + of.get("compute_median_s", 0)
                )
                ratio = total / batch_r["median"]
                print(f"  openfisca arrays->flags median {total:.3f} s; ", end="")
                print(f"OpenFisca / batch: {ratio:.1f}x (timing only: derived lines)")
    for scale in args.parquet_scales:
        build(scale)
        r = _spawn("parquet", scale, max(1, min(args.repeat, 3)))
        runs = ", ".join(f"{t:.2f}" for t in r["times"])
        print(f"\nx{scale} from Parquet (read + validate + decide): {r['households']:,} ", end="")
        print(f"households decided, {r['rejected']} rejected; median {r['median']:.2f} s ", end="")
        print(f"(runs {runs}), peak RSS {r['peak_rss_mib']:.0f} MiB")
    print(f"\nobject path: one household decided + explained, median {object_path_us():.1f} µs")


if __name__ == "__main__":
    main()
