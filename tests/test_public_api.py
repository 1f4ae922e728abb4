"""Guards on the public API: a sorted ``__all__``, every name documented and importable."""

import importlib
import inspect
import re
import warnings
from pathlib import Path

import pytest

import shuangdao

PUBLIC_MODULES = [
    "shuangdao",
    "shuangdao.assignment",
    "shuangdao.batch",
    "shuangdao.batch.dask",
    "shuangdao.calendar",
    "shuangdao.cli",
    "shuangdao.funding",
    "shuangdao.ingest",
    "shuangdao.ingest.schema",
    "shuangdao.ingest.strict_json",
    "shuangdao.ingest.table",
    "shuangdao.io",
    "shuangdao.ledger",
    "shuangdao.metrics",
    "shuangdao.reports",
    "shuangdao.rules.acceptance",
    "shuangdao.rules.accountability",
    "shuangdao.rules.assessment",
    "shuangdao.rules.follow_up",
    "shuangdao.rules.funding",
    "shuangdao.rules.identification",
    "shuangdao.rules.key_counties",
    "shuangdao.rules.pairing",
    "shuangdao.rules.procedure",
    "shuangdao.rules.progress",
    "shuangdao.rules.settlement",
    "shuangdao.scenario",
    "shuangdao.citations",
    "shuangdao.errors",
    "shuangdao.explain",
    "shuangdao.model",
    "shuangdao.model.fields",
    "shuangdao.quantities",
    "shuangdao.serialize",
    "shuangdao.standards",
    "shuangdao.synth",
    "shuangdao.testing",
]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_unique(name):
    module = importlib.import_module(name)
    assert module.__all__ == sorted(module.__all__)
    assert len(set(module.__all__)) == len(module.__all__)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_name_exists_and_is_documented(name):
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"
    for attr in module.__all__:
        obj = getattr(module, attr)
        if attr == "__version__" or not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        assert inspect.getdoc(obj), f"{name}.{attr} has no docstring"


def test_version_is_a_string():
    assert isinstance(shuangdao.__version__, str)
    assert shuangdao.__version__.count(".") == 2


def test_top_level_reexports_are_the_same_objects():
    from shuangdao.model import Household
    from shuangdao.standards import Standards

    assert shuangdao.Household is Household
    assert shuangdao.Standards is Standards


def test_importing_shuangdao_does_not_import_heavy_optional_dependencies():
    import subprocess
    import sys

    code = (
        "import sys, shuangdao; "
        "bad = [m for m in ('pyarrow', 'numpy', 'pandas', 'polars', 'dask', 'hypothesis') "
        "if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# ---------------------------------------------------------------- the top level (issue 16 item 9)
DOCS = Path(__file__).resolve().parent.parent / "docs"
CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"


def _documented_top_level() -> list[str]:
    """The names in the first column of the table on ``docs/reference/top-level.md``."""
    text = (DOCS / "reference" / "top-level.md").read_text("utf-8")
    table = text.split("## Everything else")[0]
    return re.findall(r"^\| `([^`]+)` \|", table, flags=re.M)


def test_top_level_all_is_the_documented_top_level():
    documented = _documented_top_level()
    assert len(documented) == len(set(documented))
    assert sorted(documented) == shuangdao.__all__


def test_top_level_is_small_and_has_no_generic_names():
    assert len(shuangdao.__all__) <= 30
    for generic in ("Side", "Role", "Action", "Kind", "Result", "Rejection", "Reason"):
        assert generic not in shuangdao.__all__


def test_top_level_names_resolve_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in shuangdao.__all__:
            assert getattr(shuangdao, name) is not None


def test_run_round_is_imported_on_first_use():
    from shuangdao.scenario import run_round

    assert shuangdao.run_round is run_round


@pytest.mark.parametrize("name", sorted(shuangdao._MOVED))
def test_moved_names_warn_naming_their_home_and_still_work(name):
    home = shuangdao._MOVED[name]
    module = importlib.import_module(home)
    assert name in module.__all__, f"{home} does not export {name}"
    with pytest.warns(DeprecationWarning, match=re.escape(f"{home}.{name}")):
        value = getattr(shuangdao, name)
    assert value is getattr(module, name)
    assert name not in shuangdao.__all__


@pytest.mark.parametrize("old", sorted(shuangdao._RENAMED))
def test_renamed_generic_names_warn_naming_their_home(old):
    home, new = shuangdao._RENAMED[old]
    with pytest.warns(DeprecationWarning, match=re.escape(f"{home}.{new}")):
        value = getattr(shuangdao, old)
    assert value is getattr(importlib.import_module(home), new)


def test_from_import_of_a_moved_name_warns():
    with pytest.warns(DeprecationWarning, match=r"shuangdao\.explain\.Reason"):
        from shuangdao import Reason  # noqa: F401


def test_changelog_lists_every_moved_name_with_its_home():
    text = CHANGELOG.read_text("utf-8")
    section = text.split("## [Unreleased]")[1].split("\n## [")[0]
    for name, home in shuangdao._MOVED.items():
        assert f"`{name}` → `{home}`" in section, f"CHANGELOG does not list {name} → {home}"
    for old, (home, new) in shuangdao._RENAMED.items():
        assert f"`{old}` → `{home}.{new}`" in section


def test_one_rejection_class():
    seen = set()
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        value = module.__dict__.get("Rejection")
        if inspect.isclass(value):
            seen.add(value)
    from shuangdao.ingest import Rejection

    assert seen == {Rejection}
