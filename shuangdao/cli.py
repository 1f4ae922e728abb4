"""The ``shuangdao`` command line (also ``python -m shuangdao``).

Subcommands live in ``shuangdao/_cli/<name>.py``, each exposing ``register(subparsers)``
and ``run(args) -> int``; :data:`COMMANDS` lists them, so adding one is one line.

Exit statuses (:data:`EXIT_STATUSES`): 0 success; 1 some input rows were rejected (the rest
was decided and written); 2 unusable arguments, unreadable files, missing columns, bad
overrides, a missing optional extra or an output that would overwrite an input; 70 an
internal error (a bug; one line on stderr asks for a report, ``--debug`` or
``SHUANGDAO_DEBUG=1`` shows the traceback); 130 interrupted (Ctrl-C) and 143 terminated
(SIGTERM), with temporary files removed and earlier outputs left as they were.

Help texts are plain text, in English or in Chinese (``--lang zh`` anywhere in the
arguments: ``shuangdao explain --lang zh --help``); each command lists the columns of its input
files, generated from the input schemas (:func:`shuangdao.ingest.input_columns`), and example
invocations (:mod:`shuangdao._cli._help`).

Example::

    shuangdao identify --round 2 --villages v.csv --households h.csv --out out/
    shuangdao explain --round 2 --villages v.csv --households h.csv --household h1 --lang zh
    shuangdao validate --round 2 --villages v.csv --households h.csv
    shuangdao standards --round 2 --lang zh
    shuangdao sources S1
    shuangdao schema Household
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from types import FrameType, ModuleType
from typing import Final

from shuangdao._cli import (
    DEBUG_ENV,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_STATUSES,
    EXIT_TERMINATED,
    EXIT_USAGE,
    ISSUES_URL,
    UsageError,
    explain,
    fail,
    identify,
    note,
    run,
    schema,
    sources,
    standards,
    validate,
)
from shuangdao._cli._help import Parser, wrap
from shuangdao._cli._help import language as help_language
from shuangdao._cli._streams import (
    flush_stdout,
    language,
    safe_streams,
    set_language,
    shorten,
    silence,
)
from shuangdao._version import __version__
from shuangdao.errors import ShuangdaoError

__all__ = ["COMMANDS", "EXIT_STATUSES", "build_parser", "console", "main"]

COMMANDS: Final[tuple[ModuleType, ...]] = (
    run,
    identify,
    explain,
    validate,
    standards,
    sources,
    schema,
)
"""The subcommand modules, in the order ``--help`` lists them."""

_EXTRAS: Final = {
    "pyarrow": "frame",
    "numpy": "frame",
    "pandas": "frame",
    "polars": "frame",
    "dask": "dask",
    "distributed": "dask",
    "matplotlib": "plot",
    "hypothesis": "testing",
}
"""Optional third-party packages and the extra that installs each."""


class _Terminated(BaseException):
    """SIGTERM arrived (raised from the signal handler so that clean-up code runs)."""


def _epilog(lang: str = "en") -> str:
    zh = lang == "zh"
    lines = ["退出状态：" if zh else "exit statuses:"]
    for code, en, zh_text in EXIT_STATUSES:
        text = wrap(zh_text if zh else en, " " * 7, 80).lstrip()
        lines.append(f"  {code:>3}  {text}")
    lines.append(
        "`shuangdao 命令 --help` 说明各命令（加 `--lang zh` 显示中文）；报告缺陷："
        if zh
        else "`shuangdao COMMAND --help` explains a command (`--lang zh` in Chinese); report a bug:"
    )
    lines.append(f"  {ISSUES_URL}")
    return "\n".join(lines)


_DESCRIPTION: Final = {
    "en": "Guangdong's 双到 poverty-alleviation rules as exact, cited, tested Python.\n\n"
    "examples:\n"
    "  shuangdao run --scale 0.01\n"
    "  shuangdao explain --round 2 --villages v.csv --households h.csv --household h1\n"
    "  shuangdao standards --round 2 --lang zh\n"
    "  shuangdao sources S1",
    "zh": "广东“双到”扶贫开发政策规则：精确、注明依据、经过测试的 Python 实现。\n\n"
    "示例：\n"
    "  shuangdao run --scale 0.01\n"
    "  shuangdao explain --round 2 --villages v.csv --households h.csv --household h1 --lang zh\n"
    "  shuangdao standards --round 2 --lang zh\n"
    "  shuangdao sources S1 --lang zh",
}


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand of :data:`COMMANDS` registered.

    ``lang`` (``"en"`` or ``"zh"``) is the language of the help texts and of argparse's own
    words; :func:`main` takes it from ``--lang`` in the arguments.

    .. versionchanged:: 0.2.0 ``lang`` (issue 16).
    """
    zh = lang == "zh"
    parser = Parser(
        prog="shuangdao",
        description=_DESCRIPTION["zh" if zh else "en"],
        epilog=lambda: _epilog(lang),
        lang=lang,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"shuangdao {__version__}",
        help="显示版本并退出" if zh else "show the version and exit",
    )
    debug_help = (
        f"内部错误时显示回溯（或设置 {DEBUG_ENV}=1）"
        if zh
        else f"show the traceback of an internal error (or set {DEBUG_ENV}=1)"
    )
    parser.add_argument("--debug", action="store_true", help=debug_help)
    parser.add_argument(
        "--lang",
        dest="help_lang",
        choices=("en", "zh"),
        default=argparse.SUPPRESS,
        help="本帮助的语言（各命令的 --lang 决定其输出语言）"
        if zh
        else "language of this help (a command's own --lang sets its output's)",
    )
    subparsers = parser.add_subparsers(title="命令" if zh else "commands", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers, lang)
    for sub in subparsers.choices.values():
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    return parser


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`_Terminated` (so clean-up code runs)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signum)

    try:
        previous = signal.getsignal(signal.SIGTERM)
        if previous is not signal.SIG_DFL:
            previous = None
        else:
            signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError):  # pragma: no cover - no signals on this platform
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _missing_extra(error: ImportError) -> tuple[str, str] | None:
    """``(package, extra)`` if ``error`` (or what caused it) is a missing optional package."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ImportError):
            name = (seen.name or "").split(".", 1)[0]
            if name in _EXTRAS:
                return name, _EXTRAS[name]
        seen = seen.__cause__ or seen.__context__
    return None


def _internal_error(command: str, error: BaseException, *, debug: bool) -> int:
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    detail = shorten(f"{type(error).__name__}: {error}", 300)
    if language() == "zh":
        hint = "" if debug else f"（--debug 或 {DEBUG_ENV}=1 可显示回溯）"
        note(
            f"shuangdao {command}：内部错误（{detail}）。这是 shuangdao {__version__} 的缺陷，"
            f"请连同所运行的命令报告至 {ISSUES_URL}{hint}"
        )
        return EXIT_INTERNAL
    hint = "" if debug else f" (--debug or {DEBUG_ENV}=1 shows the traceback)"
    note(
        f"shuangdao {command}: internal error ({detail}). This is a bug in shuangdao "
        f"{__version__}; please report it with the command you ran at {ISSUES_URL}{hint}"
    )
    return EXIT_INTERNAL


def _run(command: str, run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command and turn every way it can end into an exit status."""
    debug = bool(getattr(args, "debug", False)) or os.environ.get(DEBUG_ENV, "") not in ("", "0")
    set_language(getattr(args, "lang", "en"))
    zh = language() == "zh"
    try:
        status = run(args)
        flush_stdout()
    except UsageError as error:
        return fail(str(error))
    except ShuangdaoError as error:
        return fail(error)
    except ImportError as error:
        missing = _missing_extra(error)
        if missing is None:
            return _internal_error(command, error, debug=debug)
        package, extra = missing
        if zh:
            return fail(
                f"{command} 需要可选依赖 {package}（{extra} 可选组件）："
                f'pip install "shuangdao[{extra}]"'
            )
        return fail(
            f"{command} needs the optional package {package} (the {extra} extra): "
            f'pip install "shuangdao[{extra}]"'
        )
    except KeyboardInterrupt:
        note(
            f"shuangdao {command}：已中断；没有留下写了一半的输出"
            if zh
            else f"shuangdao {command}: interrupted; no output was left half-written"
        )
        return EXIT_INTERRUPTED
    except _Terminated:
        note(
            f"shuangdao {command}：已终止；没有留下写了一半的输出"
            if zh
            else f"shuangdao {command}: terminated; no output was left half-written"
        )
        return EXIT_TERMINATED
    except Exception as error:  # the last line of defence: one line, no traceback
        return _internal_error(command, error, debug=debug)
    return status


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    Never raises: argparse problems, unreadable files, invalid standards and unsafe outputs
    return 2 with a message on stderr; a bug returns 70 with one line asking for a report.
    """
    with safe_streams(), _sigterm_raises():
        argv_list = sys.argv[1:] if argv is None else argv
        parser = build_parser(help_language(argv_list))
        try:
            args = parser.parse_args(argv_list)
        except SystemExit as exit_:
            code = exit_.code
            with contextlib.suppress(UsageError):
                flush_stdout()
            return code if isinstance(code, int) else EXIT_USAGE
        except BrokenPipeError:  # --help into a closed pipe
            silence(sys.stdout)
            return EXIT_OK
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except _Terminated:
            return EXIT_TERMINATED
        run = getattr(args, "run", None)
        if run is None:
            if sys.stderr is not None:
                with contextlib.suppress(OSError, ValueError):
                    parser.print_usage(sys.stderr)
            names = ", ".join(command.__name__.rsplit(".", 1)[-1] for command in COMMANDS)
            set_language(help_language(argv_list))
            return fail(f"a command is required ({names})")
        return _run(run.__module__.rsplit(".", 1)[-1], run, args)


def console() -> None:
    """The ``shuangdao`` program: run :func:`main` and end the process with its exit status.

    The process ends with :func:`os._exit` once the standard streams are flushed, skipping the
    interpreter's teardown: by then every output file is written and closed (outputs are
    replaced as a set inside :func:`main`), and tearing down Arrow's native thread pools at
    interpreter exit can abort the process after its work is done ("terminate called without
    an active exception", status 134 or 139; seen about one run in ten on a loaded machine, see
    apache/arrow#34314). Call :func:`main` to run the command line inside a Python process.
    """
    run.as_program()
    status = main()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    os._exit(status)


if __name__ == "__main__":  # ``python -m shuangdao.cli``: the same as ``python -m shuangdao``
    console()
