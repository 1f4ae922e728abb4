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
import importlib.abc
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from shuangdao._cli import (
    EXIT_OK,
    EXIT_REJECTED,
    UsageError,
    check_outputs,
    describe,
    emit,
    fail,
    load_standards,
    note,
    output_argument,
)
from shuangdao._cli._help import Help, parser_texts
from shuangdao._cli._paths import check_folder
from shuangdao._i18n import width as _columns
from shuangdao.errors import ShuangdaoError

__all__ = ["HELP", "ProgressBar", "as_program", "default_out", "register", "run"]

_STAGES: dict[str, tuple[str, str]] = {
    # progress step: (English, Chinese)
    "generate": ("generating the synthetic province", "生成模拟省份"),
    "identify": ("identifying villages and households", "识别贫困村和贫困户"),
    "pair": ("pairing units and cadres", "结对帮扶单位和干部"),
    "plan": ("planning measures", "制定帮扶规划"),
    "assess": ("plans, incomes, exits, assessments, follow-up", "规划、收入、脱贫、考核、回头看"),
    "accountability": ("accountability", "问责"),
    "settle": ("settlement", "三年结硬帐"),
    "follow-up": ("follow-up", "回头看"),
    "compare": ("comparison", "标准比较"),
}
"""What each progress step of a run is called, in English and in Chinese."""

_GENERATING: dict[str, tuple[str, str]] = {
    # On the built-in province, each partition is generated as it is identified.
    "identify": (
        "generating and identifying villages and households",
        "生成并识别贫困村和贫困户",
    ),
}
"""The steps called otherwise when the run generates its province (no ``--villages``)."""


class ProgressBar:
    """A plain-text progress bar on a stream (a TTY), or one line per stage otherwise.

    A stream that cannot be written (closed, a broken pipe) turns the bar off; it never
    stops the run. With ``generating`` (a run on the built-in province, which generates each
    partition as it identifies it) the first pass is called "generating and identifying".
    """

    def __init__(
        self,
        stream: TextIO | None,
        *,
        enabled: bool = True,
        width: int = 30,
        lang: str = "en",
        generating: bool = False,
    ) -> None:
        self.stream = stream
        self.labels = {**_STAGES, **_GENERATING} if generating else _STAGES
        self.lang = "zh" if lang == "zh" else "en"
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
        zh = self.lang == "zh"
        en_label, zh_label = self.labels.get(stage, (stage, stage))
        label = zh_label if zh else en_label
        now = time.monotonic()
        if done == 0:
            self.started[stage] = now
        if self.tty:
            filled = self.width * done // max(total, 1)
            bar = "#" * filled + "-" * (self.width - filled)
            end = "\n" if done >= total else ""
            pad = " " * max(38 - _columns(label), 1)
            stream.write(f"\r{label}{pad}[{bar}] {done:>6,}/{total:,}{end}")
        elif done == 0:
            stream.write(f"{label}……\n" if zh else f"{label} ...\n")
        elif done >= total:
            elapsed = now - self.started.get(stage, now)
            stream.write(
                f"{label}：完成，用时{elapsed:.1f}秒\n"
                if zh
                else f"{label}: done in {elapsed:.1f} s\n"
            )
        stream.flush()


def _unexpected(error: Exception, out: Path) -> str:
    """A failure that is not a decision on the data, with the stage and files of the run."""
    notes = [
        n.removeprefix("shuangdao run: ")
        for n in getattr(error, "__notes__", ())
        if n.startswith("shuangdao run: ")
    ]
    if isinstance(error, OSError) and (error.filename is not None or error.strerror is not None):
        reading = bool(notes) and not notes[-1].startswith("stage writing")
        verb = "cannot read" if reading else "cannot write to"
        where = f" ({notes[-1]})" if notes else ""
        return f"{verb} {error.filename or out}: {error.strerror or error}{where}"
    where = f"cannot run ({notes[-1]})" if notes else "cannot run"
    return f"{where}: {type(error).__name__}: {error}"


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


HELP = Help(
    summary_en="run a whole round (identify → pair → plan → assess → settle → follow up)",
    summary_zh="运行一整轮（识别 → 结对 → 规划 → 考核 → 结帐 → 回头看）",
    about_en="""
Runs a whole round — identify, pair, plan, the yearly assessments, accountability, the
settlement and the follow-up — and writes every table and a report. With no arguments it runs
round 2 on the built-in synthetic province at scale 1 (about 19,000 villages and 3.3 million
households, calibrated to the published 2,571 key villages and 209,000 poor households) and
prints a summary: identified villages, households and persons, pairing coverage, assessment
outcomes per year, the settlement and the accountability consequences. Tables (Parquet, or CSV
with --format csv) and report.md go to --out (default
./shuangdao-out/round<R>-x<scale>-seed<seed>/). With --villages and --households it runs on
your own data (and --units with --cadres for the pairing).

Every file of a run (tables, comparison tables and report.md) is replaced as a set (all or
none); an output that is one of the input files is refused. Tables are written as the run goes,
partition by partition, so a national-size run never holds a table whole. --engine dask runs
the partitions on Dask: a local cluster of two worker processes, or the cluster whose
scheduler is at --scheduler ADDRESS (tcp://host:8786; every worker needs shuangdao[frame] and,
for --villages/--households files, the files at the same path); the tables are the same, row
for row, as the local engine's.

Exit status 0 when everything was decided, 1 when some input rows were rejected (real data; the
rest was run and written), 2 for unusable arguments, unreadable files, bad overrides (the
message names the key), a missing frame extra or an output that would overwrite an input.
""",
    about_zh="""
运行一整轮——识别、结对、规划、逐年考核、问责、三年结硬帐和回头看——并写出全部数据表和报告。
不给参数时，在内置的合成省份上以规模 1 运行第二轮（约 1.9 万个村、330 万户，按公布的 2571 个
重点帮扶村、20.9 万贫困户校准），并显示摘要：识别的村、户和人数，结对覆盖，各年考核结果，
三年结硬帐和问责处理。数据表（Parquet；--format csv 时为 CSV）和 report.md 写到 --out
（默认 ./shuangdao-out/round<R>-x<scale>-seed<seed>/）。给出 --villages 和 --households 时使用
自有数据（结对另需 --units 和 --cadres）。

一次运行的全部文件（数据表、比较表和 report.md）整体替换（全部或全不）；输出不得是输入文件之一。
数据表按分区边运行边写出，全国规模的运行也无需整表驻留内存。--engine dask 在 Dask 上运行各分区：
本地两个工作进程的集群，或 --scheduler ADDRESS（tcp://host:8786）所指调度器的集群（每个工作
节点须安装 shuangdao[frame]，使用 --villages/--households 文件时须在相同路径可读）；所得数据表与
本地引擎逐行相同。

退出状态：全部判定为 0；部分输入行被拒绝为 1（自有数据；其余照常运行并写出）；参数无效、文件
无法读取、情景参数有误（提示出错的参数）、缺少 frame 可选依赖或输出会覆盖输入为 2。
""",
    examples=(
        (
            "shuangdao run",
            "round 2 on the synthetic province at full scale",
            "以全规模在合成省份上运行第二轮",
        ),
        (
            "shuangdao run --round 3 --scale 0.1 --out out/ --lang zh",
            "round 3 at 10 % scale, summary and report in Chinese",
            "以 10% 规模运行第三轮，摘要和报告为中文",
        ),
        (
            "shuangdao run --compare ratio40.toml",
            'also compare with a scenario (e.g. round2.household_ratio = "0.40")',
            '同时与情景参数比较（如 round2.household_ratio = "0.40"）',
        ),
        (
            "shuangdao run --villages v.csv --households h.csv --units u.csv --cadres c.csv",
            "a round on your own data",
            "使用自有数据运行一轮",
        ),
    ),
    inputs="run",
)


def register(subparsers: Any, lang: str = "en") -> None:
    """Add the ``run`` subcommand to ``subparsers``."""
    zh = lang == "zh"

    def say(en: str, zh_text: str) -> str:
        return zh_text if zh else en

    parser: argparse.ArgumentParser = subparsers.add_parser(
        "run", lang=lang, **parser_texts(HELP, lang)
    )
    parser.add_argument(
        "--round", type=int, choices=(1, 2, 3), default=2, help=say("round (2)", "轮次（默认 2）")
    )
    parser.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        help=say(
            "size of the synthetic province (1 = Guangdong)", "合成省份的规模（1 = 广东全省）"
        ),
    )
    parser.add_argument(
        "--seed",
        type=_seed,
        default=None,
        help=say("seed (default 20090601)", "随机种子（默认 20090601）"),
    )
    parser.add_argument(
        "--standards",
        metavar="OVERRIDES.toml",
        help=say("scenario overrides of the standards", "对标准的情景调整（TOML）"),
    )
    parser.add_argument(
        "--compare",
        metavar="OVERRIDES.toml",
        help=say(
            "also compare identification under these overrides with the run's standards",
            "另按这些情景参数识别，并与本次运行的标准逐条比较",
        ),
    )
    parser.add_argument(
        "--villages", metavar="VILLAGES.csv", help=say("villages (real data)", "村表（自有数据）")
    )
    parser.add_argument(
        "--households",
        metavar="HOUSEHOLDS.csv",
        help=say("households (real data)", "农户表（自有数据）"),
    )
    parser.add_argument(
        "--units",
        metavar="UNITS.csv",
        help=say("assisting units (real data)", "帮扶单位表（自有数据）"),
    )
    parser.add_argument(
        "--cadres", metavar="CADRES.csv", help=say("cadres (real data)", "干部表（自有数据）")
    )
    parser.add_argument(
        "--out", type=output_argument, metavar="DIR", help=say("output folder", "输出文件夹")
    )
    parser.add_argument(
        "--format",
        choices=("parquet", "csv"),
        default="parquet",
        help=say(
            "table format (parquet; csv writes ~350 MB at x1)",
            "数据表格式（默认 parquet；csv 在规模 1 时约 350 MB）",
        ),
    )
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help=say(
            "where the partitions run: threads here (local) or Dask",
            "分区在何处运行：本机线程（local）或 Dask",
        ),
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=say(
            "a Dask scheduler (tcp://host:8786) for --engine dask (default: a local cluster)",
            "--engine dask 所用的 Dask 调度器（tcp://host:8786；默认本地集群）",
        ),
    )
    parser.add_argument(
        "--quiet", action="store_true", help=say("no progress output", "不显示进度")
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help=say("language of the summary, report and help", "摘要、报告和帮助的语言"),
    )
    parser.set_defaults(run=run)


def _arrow_allocator() -> None:
    """Arrow's buffers from the C library's allocator in this process (unless chosen).

    Arrow's default pool (mimalloc) hands freed pages back to the system and takes fresh ones
    again, partition after partition, and the kernel zeroes every fresh page: on a 2-core
    machine ``shuangdao run`` spent 2–3.5 s of system time on it at scale 1 (0.5 s with the
    system allocator, which keeps freed memory for the next partition; peak memory lower
    too). ``ARROW_DEFAULT_MEMORY_POOL`` set in the environment is left to decide.
    """
    import os

    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


_PROGRAM = [False]
"""Whether this process is the ``shuangdao`` program (see :func:`as_program`)."""


def as_program() -> None:
    """Say that this process is the ``shuangdao`` program (:func:`shuangdao.cli.console`).

    The program ends when its command does, so ``run`` may then set process-wide state that
    a caller of :func:`shuangdao.cli.main` inside a Python process would not want
    (:func:`_arrow_without_pandas`).
    """
    _PROGRAM[0] = True


class _NoPandas(importlib.abc.MetaPathFinder):
    """An import finder that refuses ``pandas`` (see :func:`_arrow_without_pandas`)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname == "pandas":
            raise ImportError("not imported by shuangdao run", name="pandas")


def _arrow_without_pandas() -> None:
    """Keep pyarrow from importing pandas for the run (about 0.2 s of a run's start).

    pyarrow imports pandas the first time ``pa.array`` is given anything but a numpy array
    (a Python list: the run builds many small columns so), only to ask whether the value is a
    pandas object, and keeps the answer. The run reads files and builds its own tables:
    no pandas object ever reaches pyarrow here. So pyarrow's first question is asked while
    ``import pandas`` is refused, and it carries on as without pandas; an explicit
    conversion (``Table.to_pandas``, ``Table.from_pandas``) still imports pandas when asked
    for. Nothing changes when pandas is imported already (or not installed).

    Only in the ``shuangdao`` program (:func:`as_program`), which ends with the
    run: until such a conversion, pyarrow would take a pandas object given to ``pa.array``
    for a plain sequence, which a caller of :func:`shuangdao.cli.main` inside a Python
    process (a notebook, a test) could notice afterwards.
    """
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


def run(args: argparse.Namespace) -> int:
    """Run ``run`` with parsed ``args``; return the exit status."""
    _arrow_allocator()
    if _PROGRAM[0]:
        _arrow_without_pandas()
    from shuangdao.scenario import COMPARE_TABLES, TABLES, check_scenario, compare, run_round
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
        check_scenario(standards, round=args.round)
    except ShuangdaoError as error:
        source = f"--standards {args.standards}" if args.standards else "the standards"
        return fail(f"bad {source}: {describe(error)}")
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
    bar = ProgressBar(
        sys.stderr, enabled=not args.quiet, lang=args.lang, generating=args.villages is None
    )
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
                f"\n## {'标准比较' if args.lang == 'zh' else 'Comparison'}\n\n"
                f"{comparison.markdown(args.lang)}\n"
                if comparison is not None
                else ""
            ),
        )
    except ShuangdaoError as error:
        return fail(error)
    except (OSError, ValueError, ArithmeticError) as error:
        return fail(_unexpected(error, out))
    elapsed = time.monotonic() - started
    text = result.summary().text(args.lang)
    if comparison is not None:
        text += "\n" + comparison.text(args.lang)
    zh = args.lang == "zh"
    emit(
        f"{text}\n数据表和报告已写入：{out}\n"
        if zh
        else f"{text}\nTables and report written to: {out}\n"
    )
    if not args.quiet:
        note(f"全部完成，用时{elapsed:.1f}秒" if zh else f"finished in {elapsed:.1f} s")
    return EXIT_REJECTED if result.summary().rejected else EXIT_OK
