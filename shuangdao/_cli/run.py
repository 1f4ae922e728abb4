"""``shuangdao run``: run a whole round (the main job) and write every table and a report.

With no arguments it runs round 2 on the built-in synthetic province at scale 1 (about 19,000
villages and 3.3 million households, calibrated to the published 2,571 key villages and
209,000 poor households) and prints a summary: identified villages, households and persons,
pairing coverage, assessment outcomes per year, the settlement and the accountability
escalations. Tables (Parquet, or CSV with ``--format csv``) and ``report.md`` go to
``--out`` (default ``./shuangdao-out/round<R>-x<scale>-seed<seed>/``).

Every file of a run (tables, comparison tables and ``report.md``) is replaced as a set (all
or none); an output that is one of the input files is refused. Tables are written as the
run goes, partition by partition, so a national-size run never holds a table whole.

``--engine dask`` runs the partitions on Dask: a local cluster of two worker processes, or the
cluster whose scheduler is at ``--scheduler ADDRESS`` (``tcp://host:8786``; every worker needs
``shuangdao[frame]`` and, for ``--villages``/``--households`` files, the files at the same
path). The tables are the same, row for row, as the local engine's.

Exit status 0 when everything was decided, 1 when some input rows were rejected (real
data; the rest was run and written), 2 for unusable arguments, unreadable files, bad
overrides (the message names the key), a missing ``frame`` extra or an output that would
overwrite an input.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from shuangdao._cli import (
    EXIT_OK,
    EXIT_REJECTED,
    UsageError,
    check_outputs,
    emit,
    fail,
    load_standards,
    note,
    output_argument,
)
from shuangdao._cli._paths import check_folder
from shuangdao.errors import ShuangdaoError

__all__ = ["ProgressBar", "default_out", "register", "run"]

_STAGES_EN = {
    "generate": "generating the synthetic province",
    "identify": "identifying villages and households",
    "pair": "pairing units and cadres",
    "plan": "planning measures",
    "assess": "plans, incomes, exits, assessments, follow-up",
    "accountability": "accountability",
    "settle": "settlement",
    "follow-up": "follow-up",
    "compare": "comparison",
}


class ProgressBar:
    """A plain-text progress bar on a stream (a TTY), or one line per stage otherwise.

    A stream that cannot be written (closed, a broken pipe) turns the bar off; it never
    stops the run.
    """

    def __init__(self, stream: TextIO | None, *, enabled: bool = True, width: int = 30) -> None:
        self.stream = stream
        self.enabled = enabled and stream is not None
        try:
            self.tty = bool(getattr(stream, "isatty", lambda: False)())
        except (OSError, ValueError):
            self.tty = False
        self.width = width
        self.started: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Report ``done`` of ``total`` steps of ``stage``."""
        if not self.enabled or self.stream is None:
            return
        try:
            self._show(self.stream, stage, done, total)
        except (OSError, ValueError):
            self.enabled = False

    def _show(self, stream: TextIO, stage: str, done: int, total: int) -> None:
        label = _STAGES_EN.get(stage, stage)
        now = time.monotonic()
        if done == 0:
            self.started[stage] = now
        if self.tty:
            filled = self.width * done // max(total, 1)
            bar = "#" * filled + "-" * (self.width - filled)
            end = "\n" if done >= total else ""
            stream.write(f"\r{label:<38} [{bar}] {done:>6,}/{total:,}{end}")
        elif done == 0:
            stream.write(f"{label} ...\n")
        elif done >= total:
            elapsed = now - self.started.get(stage, now)
            stream.write(f"{label}: done in {elapsed:.1f} s\n")
        stream.flush()


def default_out(round: int, scale: float, seed: int) -> Path:
    """``./shuangdao-out/round<R>-x<scale>-seed<seed>/``."""
    return Path("shuangdao-out") / f"round{round}-x{scale:g}-seed{seed}"


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid scale {text!r}") from None
    if not 0.001 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"scale {value:g} must be between 0.001 and 1000")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid seed {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"seed {value} must be a whole number >= 0")
    return value


def register(subparsers: Any) -> None:
    """Add the ``run`` subcommand to ``subparsers``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "run",
        help="run a whole round (identify → pair → plan → assess → settle → follow up)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--round", type=int, choices=(1, 2, 3), default=2, help="round (2)")
    parser.add_argument(
        "--scale", type=_scale, default=1.0, help="size of the synthetic province (1 = Guangdong)"
    )
    parser.add_argument("--seed", type=_seed, default=None, help="seed (default 20090601)")
    parser.add_argument(
        "--standards", metavar="OVERRIDES.toml", help="scenario overrides of the standards"
    )
    parser.add_argument(
        "--compare",
        metavar="OVERRIDES.toml",
        help="also compare identification under these overrides with the run's standards",
    )
    parser.add_argument("--villages", metavar="VILLAGES.csv", help="villages (real data)")
    parser.add_argument("--households", metavar="HOUSEHOLDS.csv", help="households (real data)")
    parser.add_argument("--units", metavar="UNITS.csv", help="assisting units (real data)")
    parser.add_argument("--cadres", metavar="CADRES.csv", help="cadres (real data)")
    parser.add_argument("--out", type=output_argument, metavar="DIR", help="output folder")
    parser.add_argument(
        "--format",
        choices=("parquet", "csv"),
        default="parquet",
        help="table format (parquet; csv writes ~350 MB at x1)",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where the partitions run: threads here (local) or Dask",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a Dask scheduler (tcp://host:8786) for --engine dask (default: a local cluster)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="summary language")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``run`` with parsed ``args``; return the exit status."""
    from shuangdao.scenario import COMPARE_TABLES, TABLES, compare, run_round
    from shuangdao.synth import DEFAULT_SEED

    seed = DEFAULT_SEED if args.seed is None else args.seed
    if (args.villages is None) != (args.households is None):
        return fail("give both --villages and --households (or neither)")
    if (args.units is None) != (args.cadres is None):
        return fail("give both --units and --cadres (or neither)")
    if args.units is not None and args.villages is None:
        return fail("--units/--cadres need --villages and --households")
    inputs = {
        f"--{option}": getattr(args, option)
        for option in ("villages", "households", "units", "cadres", "standards", "compare")
    }
    out = Path(args.out) if args.out is not None else default_out(args.round, args.scale, seed)
    check_folder(out)
    extra = [f"{name}.{args.format}" for name in COMPARE_TABLES] if args.compare else []
    check_outputs(
        [out / f"{name}.{args.format}" for name in TABLES]
        + [out / name for name in extra]
        + [out / "report.md"],
        inputs,
    )
    try:
        standards = load_standards(args.standards)
    except UsageError as error:
        return fail(error)
    try:
        alternative = load_standards(args.compare) if args.compare else None
    except UsageError as error:
        return fail(str(error).replace("bad --standards", "bad --compare", 1))
    for option in ("villages", "households", "units", "cadres"):
        path = getattr(args, option)
        if path is not None and not Path(path).is_file():
            return fail(f"cannot read --{option} {path}: no such file")
    population: Any = None
    if args.villages is not None:
        population = (
            (args.villages, args.households, args.units, args.cadres)
            if args.units is not None
            else (args.villages, args.households)
        )
    if args.scheduler is not None and args.engine != "dask":
        return fail("--scheduler needs --engine dask")
    bar = ProgressBar(sys.stderr, enabled=not args.quiet)
    started = time.monotonic()
    try:
        comparison = None
        if alternative is not None:
            bar("compare", 0, 1)
            comparison = compare(
                population if population is not None else None,
                round=args.round,
                baseline=standards,
                scenario=alternative,
                scale=args.scale,
                seed=seed,
            )
            bar("compare", 1, 1)
        result = run_round(
            population,
            round=args.round,
            scale=args.scale,
            seed=seed,
            standards=standards,
            progress=bar,
            engine=args.engine,
            scheduler=args.scheduler,
            out=out,
            format=args.format,
            lang=args.lang,
            extra_tables=dict(comparison.tables) if comparison is not None else None,
            extra_report=(
                f"\n## Comparison\n\n{comparison.text(args.lang)}\n"
                if comparison is not None
                else ""
            ),
        )
    except ShuangdaoError as error:
        return fail(error)
    except OSError as error:
        if error.filename is not None or error.strerror is not None:
            return fail(f"cannot write to {error.filename or out}: {error.strerror or error}")
        return fail(f"cannot run: {error}")
    except ValueError as error:
        return fail(f"cannot run: {error}")
    elapsed = time.monotonic() - started
    text = result.summary().text(args.lang)
    if comparison is not None:
        text += "\n" + comparison.text(args.lang)
    where = "输出目录" if args.lang == "zh" else "Tables and report written to"
    emit(f"{text}\n{where}: {out}\n")
    if not args.quiet:
        note(f"finished in {elapsed:.1f} s")
    return EXIT_REJECTED if result.summary().rejected else EXIT_OK
