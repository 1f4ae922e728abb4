"""Stage 7: the three-year settlement (三年结硬帐) per county and for the round.

Each partition counts, per county, its counted households (the declared counting rule), their
persons and the persons out of poverty in the settlement year (the declared exit rule), and
lists its villages that miss the round's declared village targets
(:data:`shuangdao.rules.progress.VILLAGE_TARGETS`, through
:data:`shuangdao.rules.settlement.SETTLEMENT`). The run then decides each county and the round
with the declared share criterion; the codes name every failing criterion and village exactly
as the object path (:func:`~shuangdao.rules.settlement.settle_county`) does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from shuangdao.declare import kernel
from shuangdao.rules.settlement import SETTLEMENT

if TYPE_CHECKING:
    from shuangdao.scenario._context import RoundContext
    from shuangdao.scenario._identification import Identified
    from shuangdao.scenario._incomes import Incomes

__all__ = ["SCHEMA", "SettlementCounts", "settlement_part", "settlement_table"]

SCHEMA = pa.schema(
    [
        ("level", pa.string()),
        ("subject_id", pa.string()),
        ("passed", pa.bool_()),
        ("code", pa.string()),
        ("households", pa.int64()),
        ("persons", pa.int64()),
        ("persons_above", pa.int64()),
        ("share", pa.decimal128(6, 4)),
        ("villages", pa.int64()),
        ("villages_meeting_targets", pa.int64()),
    ]
)
"""Columns of the ``settlement`` table."""


@dataclass(slots=True)
class SettlementCounts:
    """What a partition contributes to the settlement (small).

    Attributes:
        counties: County → ``[counted households, persons, persons out of poverty]``.
        villages: County → identified villages.
        failing: ``(county, village id, failing criteria)`` of the villages missing a target,
            in village order.
    """

    counties: dict[str, list[int]] = field(default_factory=dict)
    villages: Counter[str] = field(default_factory=Counter)
    failing: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)

    def add(self, other: SettlementCounts) -> None:
        """Add another partition's counts (in partition order)."""
        for county, values in other.counties.items():
            mine = self.counties.setdefault(county, [0, 0, 0])
            for i, value in enumerate(values):
                mine[i] += value
        self.villages.update(other.villages)
        self.failing.extend(other.failing)


def settlement_part(
    ctx: RoundContext,
    part: Identified,
    incomes: Incomes,
    exited: dict[int, np.ndarray[Any, Any]],
    counted: np.ndarray[Any, Any],
) -> SettlementCounts:
    """A partition's counts per county and its villages missing a target."""
    year = ctx.settlement_year
    out = SettlementCounts()
    above = exited[year] & counted
    county = np.asarray(part.poor_county.to_pylist(), dtype=object)
    for name in sorted(set(county.tolist())):
        mask = county == name
        out.counties[name] = [
            int((mask & counted).sum()),
            int(part.members[mask & counted].sum()),
            int(part.members[mask & above].sum()),
        ]
    key_county = part.key_county.to_pylist()
    out.villages.update(key_county)
    for name in key_county:
        out.counties.setdefault(name, [0, 0, 0])
    targets = SETTLEMENT[ctx.round].villages
    if targets is not None and part.n_key:
        available = {
            "per_capita_income": incomes.per_capita,
            "collective_income": incomes.collective,
        }
        evaluated = targets.bind(ctx.standards, year=year).evaluate(
            {name: available[name][year] for name in targets.inputs}
        )
        # Failing = assessed and not met (a target without data is not assessed: issue 15).
        fails = [np.asarray(f, dtype=bool) for f in evaluated.failing]
        ids = part.key_ids.to_pylist()
        for i in np.flatnonzero(~np.asarray(evaluated.outcome, dtype=bool)).tolist():
            failing = tuple(n for n, f in zip(targets.names, fails, strict=True) if f[i])
            out.failing.append((key_county[i], ids[i], failing))
    return out


def settlement_table(
    ctx: RoundContext, counts: SettlementCounts, certainty: Counter[str]
) -> pa.Table:
    """The ``settlement`` table: the round, then every county (sorted)."""
    rows: list[dict[str, Any]] = []
    has_targets = SETTLEMENT[ctx.round].villages is not None

    def add(level: str, subject: str, totals: list[int], villages: int, failing: list[Any]) -> None:
        households, persons, persons_above = totals
        criterion = ctx.share_criterion(level)
        certainty[criterion.certainty.value] += 1
        if persons == 0:
            passed: bool | None = None
            code = "no_counted_households"
            share = None
        else:
            share_ok = bool(criterion.holds(persons_above, persons))
            passed = share_ok and not failing
            criteria = [] if share_ok else ["persons_share"]
            if has_targets and failing:
                criteria.append("villages_target")
                criteria.extend(f"village.{v}.{c}" for _, v, names in failing for c in names)
            code = "selected" if passed else "not:" + "+".join(criteria)
            share = kernel.as_decimal(kernel.quotient(persons_above, persons), kernel.MARGIN_SCALE)
        rows.append(
            {
                "level": level,
                "subject_id": subject,
                "passed": passed,
                "code": code,
                "households": households,
                "persons": persons,
                "persons_above": persons_above,
                "share": share,
                "villages": villages,
                "villages_meeting_targets": villages - len(failing),
            }
        )

    total = [sum(v[i] for v in counts.counties.values()) for i in range(3)]
    add("round", str(ctx.round), total, sum(counts.villages.values()), counts.failing)
    for county in sorted(counts.counties):
        add(
            "county",
            county,
            counts.counties[county],
            counts.villages.get(county, 0),
            [f for f in counts.failing if f[0] == county],
        )
    return pa.Table.from_pylist(rows, schema=SCHEMA)
