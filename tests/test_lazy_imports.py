"""Importing shuangdao, its CLI and its table paths leaves pandas, polars and dask unimported.

Those libraries are heavy (pandas alone is about 0.3 s) and most commands never need them:
they are imported inside the functions that read a DataFrame or run on Dask. Note that
``pyarrow.array`` imports pandas itself the first time it is called when pandas is installed
(pyarrow's own pandas shim), so module-level Arrow arrays are built on first use too.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("dask", "matplotlib", "pandas", "polars")

# Imported one after the other in one fresh interpreter; after each, no heavy library may
# be loaded (so the first module that pulls one in is the one named).
MODULES = (
    "shuangdao",
    "shuangdao.cli",
    "shuangdao.explain",
    "shuangdao.io",
    "shuangdao.ingest",
    "shuangdao.ingest.table",
    "shuangdao.batch",
    "shuangdao.scenario",
)

_PROBE = """
import importlib, json, sys
heavy = {heavy!r}
found = {{}}
for name in {modules!r}:
    importlib.import_module(name)
    loaded = [h for h in heavy if h in sys.modules]
    if loaded:
        found[name] = loaded
        break
print(json.dumps(found))
"""


def _probe(modules: tuple[str, ...]) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=HEAVY, modules=modules)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_imports_leave_heavy_libraries_unimported():
    assert _probe(MODULES) == {}


def test_the_cli_alone_leaves_them_unimported():
    assert _probe(("shuangdao.cli",)) == {}


def test_reading_a_dataframe_still_imports_pandas():
    """The lazy imports still work: a pandas table goes through the batch path."""
    code = (
        "import sys, pandas as pd\n"
        "from shuangdao import batch\n"
        "v = pd.DataFrame({'village_id': ['v1'], 'per_capita_income': ['5622.99'],"
        " 'collective_income': ['29999.99']})\n"
        "h = pd.DataFrame({'household_id': ['h1'], 'village_id': ['v1'], 'members': [4],"
        " 'income': ['12371.99'], 'has_labour_capacity': [True]})\n"
        "r = batch.identify(v, h, round=2)\n"
        "print(r.households.column('reason').to_pylist())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "['selected']"


# What the command line leaves unimported until a command needs it: the top-level names
# (``shuangdao/__init__.py`` imports them on first use), each command's own machinery and
# the help texts' sources (the input columns of ``ingest``, built only when help is shown).
CLI_LAZY = (
    "cattrs",
    "shuangdao.citations",
    "shuangdao.explain",
    "shuangdao.ingest",
    "shuangdao.io",
    "shuangdao.model",
    "shuangdao.rules",
    "shuangdao.scenario",
    "shuangdao.serialize",
    "shuangdao.standards",
)

# ``shuangdao run`` needs the scenario runner and what it calls, never the CSV readers and
# serialization of the other commands.
RUN_LAZY = ("cattrs", "shuangdao.io", "shuangdao.serialize")

_LOADED = """
import json, sys
{code}
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_cli_imports_only_what_a_command_needs():
    loaded = _loaded("import shuangdao.cli\nshuangdao.cli.build_parser('zh')")
    assert sorted(m for m in CLI_LAZY if m in loaded) == []


def test_run_leaves_the_other_commands_machinery_unimported(tmp_path):
    code = (
        "import contextlib, io\n"
        "from shuangdao.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['run', '--scale', '0.001', '--quiet', '--out', {str(tmp_path)!r}]) == 0\n"
    )
    loaded = _loaded(code)
    assert "shuangdao.scenario" in loaded
    assert sorted(m for m in RUN_LAZY if m in loaded) == []


def test_top_level_names_import_on_first_use():
    loaded = _loaded("import shuangdao")
    assert sorted(m for m in CLI_LAZY if m in loaded) == []
    code = (
        "import shuangdao\n"
        "from shuangdao import *\n"
        "assert set(shuangdao.__all__) <= set(dir(shuangdao))\n"
        "assert all(getattr(shuangdao, n) is not None for n in shuangdao.__all__)\n"
    )
    assert "shuangdao.model" in _loaded(code)
