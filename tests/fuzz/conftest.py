"""Fuzz tests run only when asked: ``pytest -m slow tests/fuzz`` or ``SHUANGDAO_FUZZ=1``.

Use the ``slow`` Hypothesis profile (at least 100,000 examples) for a real run::

    SHUANGDAO_FUZZ=1 HYPOTHESIS_PROFILE=slow pytest tests/fuzz
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    markexpr = config.getoption("-m") or ""
    if os.environ.get("SHUANGDAO_FUZZ") == "1" or "slow" in markexpr.replace("not slow", ""):
        return
    skip = pytest.mark.skip(reason="fuzzing: run with -m slow or SHUANGDAO_FUZZ=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
