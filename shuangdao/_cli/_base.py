"""Exit statuses and the usage error of the command line (private)."""

from __future__ import annotations

from typing import Final

__all__ = [
    "DEBUG_ENV",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_STATUSES",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "ISSUES_URL",
    "UsageError",
]

EXIT_OK: Final = 0
"""Everything was decided."""
EXIT_REJECTED: Final = 1
"""Some rows were rejected; the others were decided and written."""
EXIT_USAGE: Final = 2
"""Unusable arguments, unreadable files, missing columns, bad overrides or unsafe outputs."""
EXIT_INTERNAL: Final = 70
"""An unexpected internal error: a bug in shuangdao (``EX_SOFTWARE`` of ``sysexits.h``)."""
EXIT_INTERRUPTED: Final = 130
"""Interrupted with Ctrl-C (SIGINT; 128 + 2, as shells report it)."""
EXIT_TERMINATED: Final = 143
"""Terminated with SIGTERM (128 + 15)."""

EXIT_STATUSES: Final = (
    (EXIT_OK, "every input row was decided (or is valid)", "所有记录均已判定（或均有效）"),
    (
        EXIT_REJECTED,
        (
            "some rows were rejected (listed with their errors; the rest was decided and "
            "written); explain: the asked record's row was rejected"
        ),
        "部分记录被拒绝（附错误清单，其余照常判定并写出）；explain：所查记录被拒绝",
    ),
    (
        EXIT_USAGE,
        (
            "unusable arguments, unreadable files, missing columns, bad overrides, a missing "
            "optional extra, or an output that would overwrite an input (nothing is written)"
        ),
        (
            "参数无效、文件无法读取、缺少列、情景参数有误、缺少可选依赖，"
            "或输出会覆盖输入（不写出任何文件）"
        ),
    ),
    (
        EXIT_INTERNAL,
        (
            "internal error (a bug in shuangdao): one line asks for a report; --debug or "
            "SHUANGDAO_DEBUG=1 shows the traceback; earlier outputs are left as they were"
        ),
        (
            "内部错误（shuangdao 的缺陷）：提示报告问题；--debug 或 SHUANGDAO_DEBUG=1 "
            "显示回溯；原有输出保持不变"
        ),
    ),
    (
        EXIT_INTERRUPTED,
        "interrupted (Ctrl-C): temporary files are removed, earlier outputs left as they were",
        "被中断（Ctrl-C）：临时文件已删除，原有输出保持不变",
    ),
    (
        EXIT_TERMINATED,
        "terminated (SIGTERM): temporary files are removed, earlier outputs left as they were",
        "被终止（SIGTERM）：临时文件已删除，原有输出保持不变",
    ),
)
"""Every exit status of the command line: ``(status, meaning in English, meaning in Chinese)``.

The CLI reference in the docs and ``shuangdao --help`` are generated from this table.
"""

ISSUES_URL: Final = "https://github.com/shuangdao/shuangdao/issues"
"""Where to report a bug (``[project.urls] Issues`` in ``pyproject.toml``)."""

DEBUG_ENV: Final = "SHUANGDAO_DEBUG"
"""Set to ``1`` to show the traceback of an internal error (like ``--debug``)."""


class UsageError(Exception):
    """A problem with the arguments or files that stops a command (exit status 2)."""
