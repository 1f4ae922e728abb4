"""Help texts of the command line, in plain text, English or Chinese (private).

Each command declares a :class:`Help`: a one-line summary, a few plain-text paragraphs (no
Sphinx markup: ``--help`` is read in a terminal), its example invocations and, for a command
that reads input tables, the command name whose input columns are listed — generated from
the input schemas of :mod:`shuangdao.ingest` (:func:`shuangdao.ingest.input_columns`), so the
help can never disagree with what the readers accept.

:func:`language` picks the language of the help and of argparse's own words from ``--lang``
in the arguments (``shuangdao standards --lang zh --help``); :class:`Parser` and
:class:`Formatter` put argparse's frame (``usage:``, ``options``, its error messages) in that
language.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final, NoReturn

from attrs import frozen

__all__ = [
    "Formatter",
    "Help",
    "Parser",
    "description",
    "epilog",
    "input_section",
    "language",
    "localise",
    "parser_texts",
    "wrap",
]

_WIDTH: Final = 100
"""Width the generated help is wrapped to."""


@frozen
class Help:
    """What ``shuangdao COMMAND --help`` says, in both languages.

    Attributes:
        summary_en: One line (the command list of ``shuangdao --help``).
        summary_zh: The same in Chinese.
        about_en: Paragraphs of plain text (blank-line separated).
        about_zh: The same in Chinese.
        examples: ``(command line, what it does in English, in Chinese)``.
        inputs: The command whose input tables are listed (``"identify"``), if any.
    """

    summary_en: str
    summary_zh: str
    about_en: str
    about_zh: str
    examples: tuple[tuple[str, str, str], ...] = ()
    inputs: str | None = None

    def summary(self, lang: str) -> str:
        """The one-line summary in ``lang``."""
        return self.summary_zh if lang == "zh" else self.summary_en


def language(argv: Sequence[str]) -> str:
    """The ``--lang`` given in ``argv`` (``"zh"`` or ``"en"``), for the help's language."""
    for index, item in enumerate(argv):
        if item == "--lang" and index + 1 < len(argv):
            return "zh" if argv[index + 1] == "zh" else "en"
        if item.startswith("--lang="):
            return "zh" if item.split("=", 1)[1] == "zh" else "en"
    return "en"


_TOKEN: Final = re.compile(
    r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+"
)
"""A CJK character (or full-width punctuation), a run of other non-space text, or spaces."""


_NO_BREAK_BEFORE: Final = frozenset("。，、；：？！）」』”’》〉】")
"""Chinese punctuation that never starts a line."""


def _wide(char: str) -> bool:
    return (
        "\u2e80" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef"
    )


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(2 if _wide(c) else 1 for c in text)


def _join(lines: list[str]) -> str:
    """Join a paragraph's lines: with a space between Latin text, without one at CJK."""
    out = ""
    for line in (line.strip() for line in lines):
        if out and line and not (_wide(out[-1]) or _wide(line[0])):
            out += " "
        out += line
    return out


def wrap(text: str, indent: str = "", width: int = _WIDTH) -> str:
    """Wrap plain text (English or Chinese) to ``width`` columns, paragraphs kept.

    Breaks between words, and between Chinese characters (never inside a Latin word).
    """
    paragraphs = [p for p in (q.strip() for q in text.strip().split("\n\n")) if p]
    out = []
    for paragraph in paragraphs:
        lines: list[str] = []
        line = indent
        for token in _TOKEN.findall(_join(paragraph.splitlines())):
            if token.isspace():
                if line.strip():
                    line += " "
                continue
            fits = _width(line.rstrip()) + _width(token) <= width
            if line.strip() and not fits and token not in _NO_BREAK_BEFORE:
                lines.append(line.rstrip())
                line = indent
            line += token
        if line.strip():
            lines.append(line.rstrip())
        out.append("\n".join(lines))
    return "\n\n".join(out)


_wrap = wrap


def input_section(command: str, lang: str) -> str:
    """The input tables of ``command`` with their columns, generated from the schemas.

    Each column's name, type, when it is required and meaning, from
    :func:`shuangdao.ingest.input_columns`.
    """
    from shuangdao.ingest import input_columns

    zh = lang == "zh"
    out = ["输入列：" if zh else "input columns:"]
    for option, contract in input_columns(command):
        what = contract.zh if zh else contract.en
        metavar = f"{contract.file.upper()}.csv"
        out.append(f"  {option} {metavar}：{what}" if zh else f"  {option} {metavar}: {what}")
        for column in contract.columns:
            kind = column.cell.type_name(lang)
            when = column.required_text(lang)
            head = (
                f"    {column.label}（{kind}；{when}）"
                if zh
                else (f"    {column.label} ({kind}; {when})")
            )
            out.append(head)
            out.append(_wrap(column.meaning(lang), "        "))
    return "\n".join(out)


def description(help: Help, lang: str) -> str:
    """The ``--help`` description: the paragraphs (before the options)."""
    return _wrap(help.about_zh if lang == "zh" else help.about_en)


def epilog(help: Help, lang: str) -> str:
    """What ``--help`` says after the options: the input columns and the examples."""
    zh = lang == "zh"
    parts = []
    if help.inputs is not None:
        parts.append(input_section(help.inputs, lang))
    if help.examples:
        lines = ["示例：" if zh else "examples:"]
        for command, en, zh_text in help.examples:
            lines.append(f"  {command}")
            lines.append(_wrap(zh_text if zh else en, "      "))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def parser_texts(help: Help, lang: str) -> dict[str, Any]:
    """``help``, ``description`` and ``epilog`` for ``subparsers.add_parser``.

    The description and epilog are built when the help is shown (see :class:`Parser`).
    """
    return {
        "help": help.summary(lang),
        "description": lambda: description(help, lang),
        "epilog": lambda: epilog(help, lang),
    }


_ARGPARSE_ZH: Final = (
    (re.compile(r"^usage: "), "用法："),
    (re.compile(r"the following arguments are required: (.*)"), r"缺少必需的参数：\1"),
    (re.compile(r"one of the arguments (.*) is required"), r"须给出以下参数之一：\1"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
    (
        re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)"),
        r"参数 \1：无效的取值 \2（可选：\3）",
    ),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.*)"), r"参数 \1：无效的值 \3"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1：需要一个值"),
    (re.compile(r"argument (\S+): (.*)"), r"参数 \1：\2"),
    (re.compile(r"unrecognized arguments: (.*)"), r"无法识别的参数：\1"),
    (re.compile(r"invalid choice: (\S+) \(choose from (.*)\)"), r"无效的命令 \1（可选：\2）"),
)


def localise(message: str, lang: str) -> str:
    """An argparse message in ``lang`` (the common ones; others are kept)."""
    if lang != "zh":
        return message
    from shuangdao._i18n import message_zh

    for pattern, replacement in _ARGPARSE_ZH:
        if pattern.search(message):
            return message_zh(pattern.sub(replacement, message, count=1))
    return message_zh(message)


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the generated description's layout; says ``用法：`` and ``选项：`` in Chinese."""

    lang = "en"

    def format_help(self) -> str:
        """The help, with Chinese section headings ending in a full-width colon."""
        text = super().format_help()
        if self.lang == "zh":
            text = re.sub(r"^(\S[^\n]*[\u4e00-\u9fff]):$", r"\1：", text, flags=re.M)
        return text

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        """Add the usage line with a prefix in the formatter's language."""
        if prefix is None and self.lang == "zh":
            prefix = "用法："
        super().add_usage(usage, actions, groups, prefix)


class _ZhFormatter(Formatter):
    lang = "zh"


Text = str | Callable[[], str] | None
"""A parser's description or epilog: the text, or a function that builds it."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose frame and error messages speak ``lang``.

    Its ``description`` and ``epilog`` may be given as functions returning the text: they
    are called the first time the text is read (when the help is shown), so that a command
    that shows no help never builds it.
    """

    _description: Text = None
    _epilog: Text = None

    @property
    def description(self) -> str | None:
        """The description (built on first read when it was given as a function)."""
        if callable(self._description):
            self._description = self._description()
        return self._description

    @description.setter
    def description(self, value: Text) -> None:
        self._description = value

    @property
    def epilog(self) -> str | None:
        """The epilog (built on first read when it was given as a function)."""
        if callable(self._epilog):
            self._epilog = self._epilog()
        return self._epilog

    @epilog.setter
    def epilog(self, value: Text) -> None:
        self._epilog = value

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ZhFormatter if lang == "zh" else Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.lang = lang
        if lang == "zh":
            self._optionals.title = "选项"
            self._positionals.title = "位置参数"
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help="显示本帮助并退出" if lang == "zh" else "show this help message and exit",
        )

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` in the parser's language, and exit with 2."""
        self.print_usage(sys.stderr)
        prefix = "错误" if self.lang == "zh" else "error"
        separator = "：" if self.lang == "zh" else ": "
        self.exit(2, f"{self.prog}{separator}{prefix}{separator}{localise(message, self.lang)}\n")
