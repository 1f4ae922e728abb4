"""Whole-round scenarios: run a round over a population, compare two standard sets.

* :func:`run_round` runs identify → pair → plan → three yearly assessments (with an
  income-growth model, :class:`GrowthModel`) → exit per year → accountability → settlement
  (三年结硬帐) → follow-up (回头看) through the library's own rules, on the built-in synthetic
  province (:mod:`shuangdao.synth`) or on the user's tables, and returns a
  :class:`RoundResult` (one Arrow table per stage, a summary in Chinese and English, every
  record explainable with :meth:`RoundResult.decision`, :meth:`RoundResult.write` to CSV or
  Parquet with a ``report.md``).
* :func:`compare` runs identification under two standard sets on the same population and
  reports, record by record, who enters and who leaves, by county and by reason.
* :mod:`shuangdao.scenario.plot` draws the income distribution against the lines and the
  outcomes per county (needs the ``plot`` extra, matplotlib).

Requires the ``frame`` extra (numpy, pyarrow). The same command is ``shuangdao run``.

Example:
    >>> from shuangdao.scenario import compare, run_round
    >>> result = run_round(round=2, scale=0.01)
    >>> result.summary().households_selected
    2090
    >>> result.decision("exit", result.progress.column("household_id")[0].as_py(),
    ...                 year=2015).rule
    'progress.household_exit'
"""

from __future__ import annotations

try:
    import numpy as np
    import pyarrow as pa
except ImportError as _error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "shuangdao.scenario needs numpy and pyarrow: pip install 'shuangdao[frame]'"
    ) from _error

from shuangdao.scenario._compare import COMPARE_TABLES, Comparison, compare
from shuangdao.scenario._growth import GrowthModel
from shuangdao.scenario._population import Population
from shuangdao.scenario._result import STAGES, TABLES, RoundResult, RoundSummary
from shuangdao.scenario._runner import Progress, run_round

__all__ = [
    "COMPARE_TABLES",
    "Comparison",
    "GrowthModel",
    "Population",
    "Progress",
    "RoundResult",
    "RoundSummary",
    "STAGES",
    "TABLES",
    "compare",
    "run_round",
]

_ = (np, pa)
