"""Hypothesis plugin: registers shuangdao's strategies for ``st.from_type`` (entry point).

Hypothesis loads this module while it is itself being imported, which may happen *while*
``shuangdao.testing`` is being imported. So nothing here imports ``shuangdao.testing`` at
module level: each registration is a callable that imports it when a strategy is first
resolved.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__: list[str] = []

_TYPES = {
    "Village": "villages",
    "Household": "households",
    "AssistingUnit": "assisting_units",
    "Cadre": "cadres",
    "WorkTeam": "work_teams",
    "Pairing": "pairings",
    "Measure": "measures",
    "Plan": "plans",
    "Round": "rounds",
    "AdminArea": "admin_areas",
}


def _lazy(name: str) -> Any:
    def resolve(_thing: type) -> Any:
        testing = importlib.import_module("shuangdao.testing")
        return getattr(testing, name)()

    return resolve


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every model type (called by Hypothesis at import)."""
    from hypothesis import strategies as st

    from shuangdao import model

    for type_name, strategy_name in _TYPES.items():
        st.register_type_strategy(getattr(model, type_name), _lazy(strategy_name))
