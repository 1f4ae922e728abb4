"""``shuangdao schema``: print or write the JSON Schemas of the input types.

With a type name (``Household``, ``Village``, ``AssistingUnit``, ``Cadre``, ``WorkTeam``,
``Pairing``, ``Plan``, ``Measure``, ``Round``, ``AdminArea``; case, ``_`` and ``-`` do not
matter: ``village``, ``work_team``) prints that schema; with
``--out DIR`` writes one ``<Type>.json`` per input type (replaced as a set). Exit status 0,
or 2 for an unknown type or an unwritable folder.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from shuangdao._cli import EXIT_OK, emit, fail, output_argument
from shuangdao._cli._help import Help, parser_texts
from shuangdao._cli._paths import check_folder, check_outputs

__all__ = ["HELP", "INPUT_TYPES", "register", "run"]

INPUT_TYPES = (
    "AdminArea",
    "AssistingUnit",
    "Cadre",
    "Household",
    "Measure",
    "Pairing",
    "Plan",
    "Round",
    "Village",
    "WorkTeam",
)
"""The model types a caller supplies as input (each has a JSON Schema)."""


HELP = Help(
    summary_en="print or write the JSON Schemas of the input types",
    summary_zh="显示或写出输入类型的 JSON Schema",
    about_en="""
Prints the JSON Schema of one input type (Household, Village, AssistingUnit, Cadre, WorkTeam,
Pairing, Plan, Measure, Round, AdminArea), lists the types when none is given, or with
--out DIR writes one <Type>.json per input type (replaced as a set).

Exit status 0, or 2 for an unknown type or a folder that cannot be written.
""",
    about_zh="""
显示一种输入类型（Household、Village、AssistingUnit、Cadre、WorkTeam、Pairing、Plan、Measure、
Round、AdminArea）的 JSON Schema；不给类型时列出全部类型；给出 --out DIR 时为每种输入类型
写出一个 <Type>.json（整体替换）。

退出状态：0；类型未知或文件夹无法写入为 2。
""",
    examples=(
        ("shuangdao schema Household", "the schema of a household record", "农户记录的 Schema"),
        (
            "shuangdao schema --out schemas/",
            "every schema into schemas/",
            "全部 Schema 写入 schemas/",
        ),
    ),
)


def register(subparsers: Any, lang: str = "en") -> None:
    """Add the ``schema`` subcommand to ``subparsers``."""
    zh = lang == "zh"
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema", lang=lang, **parser_texts(HELP, lang)
    )
    parser.add_argument(
        "type",
        nargs="?",
        help="一种输入类型（不给则列出全部）" if zh else "one input type (default: list them)",
    )
    parser.add_argument(
        "--out",
        type=output_argument,
        metavar="DIR",
        help="把每个 Schema 写成 DIR/<Type>.json"
        if zh
        else "write every schema as DIR/<Type>.json",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``schema`` with parsed ``args``; return the exit status."""
    from shuangdao._output import text_file, write_files

    if args.out is not None:
        folder = Path(args.out)
        check_folder(folder)
        files = {folder / f"{name}.json": text_file(_schema_text(name)) for name in INPUT_TYPES}
        check_outputs(files, {})
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_files(files)
        except OSError as error:
            return fail(
                f"cannot write schemas to {error.filename or folder}: {error.strerror or error}"
            )
        emit(f"wrote {len(INPUT_TYPES)} schemas to {folder}\n")
        return EXIT_OK
    if args.type is None:
        emit("\n".join(INPUT_TYPES) + "\n")
        return EXIT_OK
    name = _type_name(args.type)
    if name is None:
        return fail(f"unknown type {args.type!r} (types: {', '.join(INPUT_TYPES)})")
    emit(_schema_text(name))
    return EXIT_OK


def _type_name(given: str) -> str | None:
    """The input type ``given`` names, ignoring case, ``_`` and ``-`` (``work_team``: WorkTeam)."""

    def folded(name: str) -> str:
        return name.replace("_", "").replace("-", "").casefold()

    return next((name for name in INPUT_TYPES if folded(name) == folded(given)), None)


def _schema_text(name: str) -> str:
    from shuangdao import model
    from shuangdao.serialize import json_schema

    return json.dumps(json_schema(getattr(model, name)), ensure_ascii=False, indent=2) + "\n"
