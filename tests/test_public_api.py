"""Guards on the public API: a sorted ``__all__``, every name documented and importable."""

import importlib
import inspect

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
    "shuangdao.ingest.table",
    "shuangdao.io",
    "shuangdao.ledger",
    "shuangdao.metrics",
    "shuangdao.reports",
    "shuangdao.rules.accountability",
    "shuangdao.rules.assessment",
    "shuangdao.rules.follow_up",
    "shuangdao.rules.funding",
    "shuangdao.rules.identification",
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
