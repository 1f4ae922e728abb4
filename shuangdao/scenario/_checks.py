"""The scenario parameters a run reads, checked before the run starts.

The standards check each override's type and bounds when it is set
(:meth:`~shuangdao.standards.Standards.with_overrides`); what only the runner knows is how it
reads the keyed tables of ``scenario.toml`` — by assessment number, by year — and what a table
must hold for that. :func:`check_scenario` checks those at once, so that a bad override fails
before generation with an :class:`~shuangdao.errors.OverrideError` naming the key, not hours
later inside a stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shuangdao.errors import OverrideError
from shuangdao.standards.params import ScenarioParams

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["check_scenario", "latest"]


def _numbered(table: Mapping[str, Any], key: str, what: str) -> None:
    """A table keyed by whole numbers (``"1"``, ``"2"``...), with at least one entry."""
    if not table:
        raise OverrideError(
            f'must give at least one {what} (e.g. {{ "1" = ... }}); it is empty',
            field=key,
            value={},
            rule="scenario",
        )
    for name in table:
        if not (name.isascii() and name.isdigit()):
            raise OverrideError(
                f"keys must be {what}s written as whole numbers, not {name!r}",
                field=f"{key}.{name}",
                value=table[name],
                rule="scenario",
            )


def latest(table: Mapping[str, Any], number: int) -> Any:
    """The entry for ``number``, else the one with the highest number (a checked table)."""
    return table.get(str(number), table[max(table, key=int)])


def check_scenario(standards: Standards, *, round: int) -> None:
    """Check the scenario parameters a run of ``round`` reads in the form the run needs.

    * ``scenario.indicator_progress`` and ``scenario.mandated_indicator_met_share``: keyed
      by assessment number (``"1"``, ``"2"``, ``"3"``; a later assessment reads the highest
      given), at least one entry; the met shares between 0 and 1.
    * round 3: ``scenario.round3_planned_exits`` keyed by year.

    Raises:
        OverrideError: The parameter that cannot be read, by key (and entry).
    """
    scenario = standards.params.scenario
    progress_key = str(ScenarioParams.indicator_progress)
    met_key = str(ScenarioParams.mandated_indicator_met_share)
    _numbered(scenario.indicator_progress, progress_key, "assessment number")
    met = scenario.mandated_indicator_met_share
    _numbered(met, met_key, "assessment number")
    for name, share in met.items():
        if not Decimal(0) <= Decimal(share) <= Decimal(1):
            raise OverrideError(
                "must be a share between 0 and 1",
                field=f"{met_key}.{name}",
                value=share,
                rule="scenario",
            )
    if round == 3:
        planned = scenario.round3_planned_exits
        key = str(ScenarioParams.round3_planned_exits)
        for name in planned:
            if not (name.isascii() and name.isdigit()):
                raise OverrideError(
                    f"keys must be years, not {name!r}",
                    field=f"{key}.{name}",
                    value=planned[name],
                    rule="scenario",
                )
