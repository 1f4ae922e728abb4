"""Sphinx configuration for the shuangdao documentation.

Build locally (warnings are errors, as in CI)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python -m sphinx -W --keep-going -b doctest docs docs/_build/doctest

The ``shuangdao_docs`` extension (``docs/_ext``) generates the policy catalogue and the
reference pages from the code and the standards data at every build.
"""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

HERE = Path(__file__).parent.resolve()
sys.path.insert(0, str(HERE / "_ext"))

import shuangdao  # noqa: E402

project = "shuangdao"
author = "The shuangdao contributors"
copyright = "the shuangdao contributors; Apache-2.0"
release = shuangdao.__version__
version = ".".join(release.split(".")[:2])
language = "en"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "shuangdao_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    # Fragments are pulled into pages with an include directive; they are not pages.
    "**/_fragments/**",
]
templates_path: list[str] = []

# Unresolved cross-references (e.g. to builtins or third-party types named in other
# modules' docstrings) are not errors: intersphinx is off because CI has no network.
nitpicky = False

# ------------------------------------------------------------------ MyST
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# ------------------------------------------------------------------ notebooks (myst-nb)
# The notebooks under notebooks/ are MyST Markdown notebooks (no stored outputs). Every build
# executes them afresh in a Jupyter kernel, and a cell that raises fails the build (not a
# warning to scroll past): they cannot rot. tests/test_notebooks.py checks these settings.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 180
nb_execution_in_temp = True
nb_merge_streams = True

# ------------------------------------------------------------------ autodoc / napoleon
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options: dict[str, object] = {}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# ``Attributes:`` sections become :ivar: fields rather than attribute directives, so an
# attribute documented both there and by autodoc is not a duplicate object description.
napoleon_use_ivar = True
napoleon_use_rtype = False

# ------------------------------------------------------------------ doctest
# Every ``{doctest}`` block in the pages runs, and so do the examples in docstrings
# (the API pages run them in their module's namespace, like ``pytest --doctest-modules``).
# Hypothesis examples in the pages run under a derandomised profile without a deadline or the
# "too slow" health check, like the test suite's ``ci`` profile, so a loaded machine cannot fail
# the build and every build draws the same examples.
doctest_global_setup = """
from decimal import Decimal
import datetime as dt
import hypothesis as _hypothesis
_hypothesis.settings.register_profile(
    "docs",
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        _hypothesis.HealthCheck.too_slow,
        _hypothesis.HealthCheck.data_too_large,
    ],
)
_hypothesis.settings.load_profile("docs")
"""
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)

# ------------------------------------------------------------------ HTML
html_theme = "furo"
html_title = f"shuangdao {release} · 双到"
html_static_path: list[str] = []
html_theme_options = {
    "source_repository": "https://github.com/shuangdao/shuangdao",
    "source_branch": "main",
    "source_directory": "docs/",
}
