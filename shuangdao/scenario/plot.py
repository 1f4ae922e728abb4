"""Plots of a scenario run (extra ``plot``: ``pip install 'shuangdao[plot]'``, matplotlib).

* :func:`income_distribution` — per-capita income of the assisted households in one year,
  against the round's identification line and that year's exit line.
* :func:`outcomes_by_county` — per county, villages passing and failing each yearly assessment.

Both return a :class:`matplotlib.figure.Figure` (built with the object API, no global
pyplot state), so they work in notebooks and with the ``Agg`` backend alike. Plots are for
reading only: every number drawn comes from the result's exact tables (floats only for
drawing).

Example:
    >>> from shuangdao.scenario import run_round
    >>> from shuangdao.scenario.plot import income_distribution
    >>> fig = income_distribution(run_round(scale=0.01), year=2015)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow.compute as pc

from shuangdao.errors import UnknownReferenceError
from shuangdao.rules.progress import household_exit_line
from shuangdao.standards.params import ROUND_PARAMS

if TYPE_CHECKING:
    from shuangdao.scenario._result import RoundResult

__all__ = ["income_distribution", "outcomes_by_county"]


def _figure(**kwargs: Any) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(
            "shuangdao.scenario.plot needs matplotlib: pip install 'shuangdao[plot]'"
        ) from error
    return Figure(**kwargs)


def income_distribution(result: RoundResult, *, year: int | None = None, bins: int = 60) -> Any:
    """Histogram of assisted households' per-capita income in ``year`` against the lines.

    Args:
        result: A :class:`~shuangdao.scenario.RoundResult`.
        year: An assessment year of the round (default: the last one).
        bins: Histogram bins.

    Returns:
        A matplotlib ``Figure``.

    Raises:
        ImportError: matplotlib is not installed.
        UnknownReferenceError: ``year`` is not an assessment year of the run.
    """
    progress = result.tables["progress"]
    years = sorted(
        int(name.removeprefix("exited_"))
        for name in progress.column_names
        if name.startswith("exited_")
    )
    year = years[-1] if year is None else year
    if year not in years:
        raise UnknownReferenceError(
            f"is not an assessment year of the run {tuple(years)}", field="year", value=year
        )
    fig = _figure(figsize=(7, 4))
    ax = fig.add_subplot()
    income = np.asarray(pc.cast(progress.column(f"income_{year}"), "float64"), dtype=float)
    members = np.asarray(progress.column("members"), dtype=float)
    per_capita = income / np.maximum(members, 1)
    ax.hist(per_capita, bins=bins, color="#4c72b0", alpha=0.8)
    exit_line = household_exit_line(year, round=result.round, standards=result.standards)
    ax.axvline(float(exit_line.line), color="#c44e52", label=f"exit line {year}: {exit_line.line}")
    key = ROUND_PARAMS[result.round].household_line
    line = result.standards.value(key)
    ax.axvline(float(line), color="#55a868", linestyle="--", label=f"identification line: {line}")
    ax.set_xlabel(f"per-capita income {year} (yuan)")
    ax.set_ylabel("households")
    ax.set_title(f"Round {result.round}: assisted households in {year}")
    ax.legend()
    return fig


def outcomes_by_county(result: RoundResult, *, top: int = 30) -> Any:
    """Stacked bars: villages passing and failing each assessment, for the ``top`` counties.

    Counties are ordered by failures over the round (most first).

    Raises:
        ImportError: matplotlib is not installed.
    """
    table = result.tables["assessments"]
    counties = table.column("county_id").to_pylist()
    years = table.column("year").to_pylist()
    passed = table.column("passed").to_pylist()
    fails: dict[str, int] = {}
    counts: dict[tuple[str, int], list[int]] = {}
    for c, y, ok in zip(counties, years, passed, strict=True):
        entry = counts.setdefault((c, y), [0, 0])
        entry[0 if ok else 1] += 1
        fails[c] = fails.get(c, 0) + (0 if ok else 1)
    order = sorted(fails, key=lambda c: (-fails[c], c))[:top]
    year_list = sorted(set(years))
    fig = _figure(figsize=(max(6, len(order) * 0.35), 4))
    ax = fig.add_subplot()
    width = 0.8 / max(len(year_list), 1)
    x = np.arange(len(order))
    for k, y in enumerate(year_list):
        ok = [counts.get((c, y), [0, 0])[0] for c in order]
        bad = [counts.get((c, y), [0, 0])[1] for c in order]
        ax.bar(x + k * width, ok, width, label=f"{y} passed", alpha=0.8)
        ax.bar(x + k * width, bad, width, bottom=ok, label=f"{y} failed", hatch="//", alpha=0.8)
    ax.set_xticks(x + width * (len(year_list) - 1) / 2, order, rotation=90, fontsize=7)
    ax.set_ylabel("villages")
    ax.set_title(f"Round {result.round}: assessment outcomes per county")
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    return fig
