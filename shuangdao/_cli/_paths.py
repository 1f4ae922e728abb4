"""Output paths that never destroy data (private; see :mod:`shuangdao._cli`).

Before a command reads anything it checks where it will write: an output that is one of the
command's input files (the same path, or the same file through a symbolic or hard link) is
refused, and so is an output that exists but is not a regular file (a folder, a named pipe, a
device). ``--out ''`` is refused by argparse (:func:`output_argument`).
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from shuangdao._cli._base import UsageError

__all__ = ["check_folder", "check_outputs", "output_argument"]


def output_argument(text: str) -> str:
    """The argparse ``type`` of ``--out``: any path but an empty one.

    Raises:
        argparse.ArgumentTypeError: ``text`` is empty or only spaces (it would otherwise
            mean the current folder).
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty (name a file or folder)")
    return text


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def check_folder(folder: Path, option: str = "--out") -> None:
    """Refuse an output folder that exists but is not a folder.

    Raises:
        UsageError: ``folder`` is a file, a named pipe or a device.
    """
    try:
        mode = folder.stat().st_mode
    except (OSError, ValueError):
        return
    if not stat.S_ISDIR(mode):
        raise UsageError(f"{option} {folder} is not a folder")


def check_outputs(
    outputs: Iterable[Path], inputs: Mapping[str, str | os.PathLike[str] | None]
) -> None:
    """Refuse outputs that would overwrite an input or are not regular files.

    Args:
        outputs: Every file the command will write (existing or not).
        inputs: The input files by option name (``{"--villages": "v.csv"}``); ``None`` for an
            option not given.

    Raises:
        UsageError: An output is an input (same path, or the same file through a link), or
            exists and is not a regular file. The message names both.
    """
    given = {option: Path(path) for option, path in inputs.items() if path is not None}
    for output in outputs:
        try:
            mode = output.stat().st_mode
        except (OSError, ValueError):
            continue  # does not exist yet: it cannot be an input
        for option, source in given.items():
            if _same_file(output, source):
                raise UsageError(
                    f"refusing to write {output}: it is the {option} input {source}; "
                    "choose another --out"
                )
        if not stat.S_ISREG(mode):
            raise UsageError(f"refusing to write {output}: it exists and is not a regular file")
