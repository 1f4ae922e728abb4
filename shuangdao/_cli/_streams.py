r"""Terminal output that never turns into a traceback (private; see :mod:`shuangdao._cli`).

- **Any encoding.** While a command runs, :func:`safe_streams` makes standard output and
  standard error escape what their encoding cannot show (``\\u7b2c`` on an ASCII terminal)
  instead of raising :class:`UnicodeEncodeError`; :func:`emit` does the same for streams it
  cannot reconfigure.
- **A closed pipe ends quietly.** When the reader of standard output goes away
  (``shuangdao standards | head -1``), :func:`emit` points standard output at the null device
  and the command carries on, so its exit status still says what it found.
- **A failed write is an error, not a success.** Any other write error on standard output
  (a full disk) is a :class:`~shuangdao._cli._base.UsageError` naming standard output.
- **Diagnostics never stop a command.** :func:`note` and :func:`fail` write to standard error
  and ignore a closed or missing standard error.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from shuangdao._cli._base import EXIT_USAGE, UsageError

__all__ = [
    "describe",
    "emit",
    "fail",
    "flush_stdout",
    "language",
    "note",
    "safe_streams",
    "set_language",
    "shorten",
    "silence",
]

_LANGUAGE = {"lang": "en"}
"""The language of the running command's messages (``--lang``)."""


def set_language(lang: str) -> None:
    """Make :func:`fail` speak ``lang`` (``"zh"`` or ``"en"``) for the running command."""
    _LANGUAGE["lang"] = "zh" if lang == "zh" else "en"


def language() -> str:
    """The language of the running command's messages."""
    return _LANGUAGE["lang"]


_MESSAGE_LIMIT = 2000
"""Longest message shown on stderr; longer ones keep their start and end."""


def shorten(text: str, limit: int = _MESSAGE_LIMIT) -> str:
    """Return ``text`` on one line, cut in the middle if it is longer than ``limit``."""
    text = " ".join(text.splitlines())
    if len(text) <= limit:
        return text
    keep = (limit - 40) // 2
    return f"{text[:keep]} … ({len(text) - 2 * keep:,} characters left out) … {text[-keep:]}"


def silence(stream: TextIO | None) -> None:
    """Point ``stream``'s file descriptor at the null device (its reader has gone)."""
    if stream is None:
        return
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def _escaped(text: str, stream: TextIO) -> str:
    r"""``text`` with what ``stream``'s encoding cannot represent escaped (``\\uXXXX``)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    except LookupError:
        return text.encode("ascii", "backslashreplace").decode("ascii")


def emit(text: str) -> None:
    """Write ``text`` to standard output and flush it.

    Raises:
        UsageError: Standard output cannot be written (other than a closed pipe, which is
            ignored).
    """
    stream = sys.stdout
    if stream is None:  # started with standard output closed
        return
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            stream.write(_escaped(text, stream))
        stream.flush()
    except BrokenPipeError:
        silence(stream)
    except OSError as error:
        raise UsageError(f"cannot write to standard output: {error.strerror or error}") from None


def flush_stdout() -> None:
    """Flush standard output at the end of a command (same rules as :func:`emit`)."""
    emit("")


def note(text: str) -> None:
    """Write ``text`` and a newline to standard error; never fails."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        try:
            stream.write(text + "\n")
        except UnicodeEncodeError:
            stream.write(_escaped(text + "\n", stream))
        stream.flush()
    except BrokenPipeError:
        silence(stream)
    except (OSError, ValueError):
        return


_GROUP_LIMIT = 20
"""Most problems of a group listed on stderr (the rest are counted)."""


def describe(error: BaseException | str) -> str:
    """The text of an error; a group of errors lists each problem on its own line.

    Example:
        >>> from shuangdao.errors import InvalidRecordError, RecordErrors
        >>> print(describe(RecordErrors("2 invalid row(s) in units", [
        ...     InvalidRecordError("is missing", field="kind"),
        ...     InvalidRecordError("is missing", field="level")])))
        2 invalid row(s) in units:
          - kind is missing @ $
          - level is missing @ $
    """
    if isinstance(error, str):
        return error
    explain = getattr(error, "explain", None)
    if isinstance(error, BaseExceptionGroup) and callable(explain):
        lines = str(explain()).splitlines()
        shown = [f"  - {shorten(line, 500)}" for line in lines[:_GROUP_LIMIT]]
        if len(lines) > _GROUP_LIMIT:
            shown.append(f"  … and {len(lines) - _GROUP_LIMIT:,} more")
        return "\n".join([f"{error.message}:", *shown])
    return str(error)


def fail(message: BaseException | str) -> int:
    """Write ``shuangdao: error: message`` to stderr and return :data:`EXIT_USAGE`.

    A group of errors (:class:`~shuangdao.errors.RecordErrors`) is listed one problem a line.
    Under ``--lang zh`` (:func:`set_language`) the message is in Chinese
    (``shuangdao：错误：…``; :func:`shuangdao._i18n.message_zh`).
    """
    first, *rest = describe(message).split("\n")
    if language() == "zh":
        from shuangdao._i18n import message_zh

        lines = [f"shuangdao：错误：{shorten(message_zh(first))}", *map(message_zh, rest)]
        note("\n".join(lines))
        return EXIT_USAGE
    note("\n".join([f"shuangdao: error: {shorten(first)}", *rest]))
    return EXIT_USAGE


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """Make stdout and stderr escape unencodable characters while the block runs."""
    changed: list[tuple[TextIO, str]] = []
    for stream in (sys.stdout, sys.stderr):
        errors = getattr(stream, "errors", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if errors == "strict" and reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")
                changed.append((stream, errors))
    try:
        yield
    finally:
        for stream, errors in changed:
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors=errors)  # type: ignore[attr-defined]
