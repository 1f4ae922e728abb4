"""Deprecated: the responsibility ledger and its records moved to :mod:`shuangdao.model`.

========================  ===================================================
old name                  new name
========================  ===================================================
``ResponsibilityLedger``  :class:`shuangdao.model.ledger.ResponsibilityLedger`
``AssistanceAgreement``   :class:`shuangdao.model.responsibility.AssistanceAgreement`
``Commitment``            :class:`shuangdao.model.responsibility.Commitment`
``TeamPosting``           :class:`shuangdao.model.responsibility.TeamPosting`
========================  ===================================================

Each is also exported by :mod:`shuangdao.model` and :mod:`shuangdao`. The old names keep
working for one release (0.2.x) with a :class:`DeprecationWarning`; they will be removed in
the next.

.. deprecated:: 0.2.0 Import from :mod:`shuangdao.model` (issue 13).
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

__all__: list[str] = []

_MOVED = {
    "ResponsibilityLedger": ("shuangdao.model.ledger", "ResponsibilityLedger"),
    "AssistanceAgreement": ("shuangdao.model.responsibility", "AssistanceAgreement"),
    "Commitment": ("shuangdao.model.responsibility", "Commitment"),
    "TeamPosting": ("shuangdao.model.responsibility", "TeamPosting"),
    "_trusted_pairing": ("shuangdao.model.ledger", "trusted_pairing"),
}


def __getattr__(name: str) -> Any:
    """Resolve a moved name to its new home, with a :class:`DeprecationWarning`."""
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, new = _MOVED[name]
    warnings.warn(
        f"shuangdao.ledger.{name} moved to {module}.{new} (also exported by shuangdao.model); "
        "the old name will be removed in the next release",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module), new)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MOVED))
