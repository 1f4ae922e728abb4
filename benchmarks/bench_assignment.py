"""Time :func:`shuangdao.assignment.assign` at round-1 scale and check the result.

Round 1 (brief §2): 3,407 villages, 367,000 poor households, "more than 5,000" units and
11,524 resident cadres. The input is a seeded synthetic register (not the
``shuangdao.synth`` province, whose round-1 households would first have to be identified):
village sizes are lognormal around 367,000 / 3,407 ≈ 108 households, units take 0–3
villages, and the cadres beyond one per unit are spread over the units in proportion to their
village capacity.
The load limit is an assumption of the benchmark (the policy never published one).
``--max-units-per-village 4`` is the runner's round-1 setting (``scenario.max_units_per_village``);
with ``--max-households 50`` about 100 villages are too big for any one unit and get a work
team combined from several units (at 45 the greedy packing runs out of room in the units with
a free village slot and reports the village it could not place).

Run: ``python benchmarks/bench_assignment.py [--runs N] [--scale S] [--max-households L]
[--max-units-per-village K]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from shuangdao.assignment import AssignmentConstraints, assign
from shuangdao.model import AssistingUnit, Cadre, UnitKind, UnitLevel
from shuangdao.reports import gap_report, overload_report

ON = dt.date(2010, 3, 1)
MAX_HOUSEHOLDS = 100  # assumption for the benchmark (brief §9.4: no published ratio)


def round1_register(
    *, seed: int = 2009, scale: float = 1.0
) -> tuple[list[AssistingUnit], list[str], dict[str, str], list[Cadre]]:
    """A seeded round-1-sized register: units, village ids, household → village, cadres."""
    rng = random.Random(seed)
    n_villages = round(3407 * scale)
    n_households = round(367_000 * scale)
    n_units = round(5000 * scale)
    n_cadres = round(11_524 * scale)
    village_ids = [f"V{i:05d}" for i in range(n_villages)]
    weights = [rng.lognormvariate(0, 0.35) for _ in village_ids]
    total = sum(weights)
    sizes = [max(1, int(n_households * w / total)) for w in weights]
    for i in range(n_households - sum(sizes)):
        sizes[i % n_villages] += 1
    households: dict[str, str] = {}
    for village_id, size in zip(village_ids, sizes, strict=True):
        for j in range(size):
            households[f"{village_id}-H{j:04d}"] = village_id
    capacity = rng.choices([0, 1, 2, 3], weights=[25, 60, 12, 3], k=n_units)
    extra = n_cadres - n_units
    cadre_counts = [1 + extra * c // sum(capacity) for c in capacity]
    for i in range(n_cadres - sum(cadre_counts)):
        cadre_counts[i % n_units] += 1
    units = [
        AssistingUnit(
            unit_id=f"U{i:05d}",
            name=f"unit {i}",
            kind=UnitKind.PARTY_GOVERNMENT_ORGAN,
            level=UnitLevel.PROVINCIAL,
            capacity_villages=c,
            capacity_cadres=n,
        )
        for i, (c, n) in enumerate(zip(capacity, cadre_counts, strict=True))
    ]
    cadres = [
        Cadre(cadre_id=f"{unit.unit_id}-R{j:02d}", unit_id=unit.unit_id)
        for unit, n in zip(units, cadre_counts, strict=True)
        for j in range(n)
    ]
    return units, village_ids, households, cadres


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--max-households", type=int, default=MAX_HOUSEHOLDS)
    parser.add_argument("--max-units-per-village", type=int, default=1)
    args = parser.parse_args()
    limit, k = args.max_households, args.max_units_per_village
    units, villages, households, cadres = round1_register(scale=args.scale)
    print(
        f"input: {len(villages):,} villages, {len(households):,} households, "
        f"{len(units):,} units, {len(cadres):,} cadres; max {limit} households/cadre, "
        f"max {k} units/village"
    )
    constraints = AssignmentConstraints(max_households_per_cadre=limit, max_units_per_village=k)
    times = []
    result = None
    for _ in range(args.runs):
        start = time.perf_counter()
        result = assign(units, villages, households, cadres, on=ON, constraints=constraints)
        times.append(time.perf_counter() - start)
    assert result is not None
    print(
        f"assign: median {statistics.median(times):.2f} s over {args.runs} runs "
        f"(min {min(times):.2f} s, max {max(times):.2f} s)"
    )
    start = time.perf_counter()
    gaps = gap_report(result.ledger, on=ON)
    overloads = overload_report(result.ledger, on=ON, max_households=limit)
    elapsed = time.perf_counter() - start
    loads = result.loads.values()
    shared = [t for t in result.village_teams.values() if len(t) > 1]
    print(f"villages shared by several units: {len(shared):,} ({sum(map(len, shared)):,} units)")
    print(
        f"checks: {len(gaps.rows)} gaps, {len(overloads.rows)} overloaded cadres "
        f"({elapsed:.2f} s); loads {min(loads)}..{max(loads)} households per cadre"
    )
    if gaps.rows or overloads.rows:
        raise SystemExit("the assignment does not pass the checks")
    print("all checks pass")


if __name__ == "__main__":
    main()
