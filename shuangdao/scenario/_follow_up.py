"""Stage 6, per partition: the follow-up (回头看) of every settled village by its original unit.

Each household of an identified village that is out of poverty in the settlement year is
followed in every follow-up year; a year below the follow-up rule (the declared rule of
:func:`shuangdao.rules.follow_up.follow_up_rule`, over the columns) is a relapse. The village
passes when none of its households relapsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from shuangdao.rules.follow_up import follow_up_rule

if TYPE_CHECKING:
    from collections import Counter

    from shuangdao.scenario._context import RoundContext
    from shuangdao.scenario._identification import Identified
    from shuangdao.scenario._incomes import Incomes

__all__ = ["follow_up_part"]


def follow_up_part(
    ctx: RoundContext,
    part: Identified,
    incomes: Incomes,
    exited: dict[int, np.ndarray[Any, Any]],
    units: list[str | None],
    *,
    certainty: Counter[str],
) -> pa.Table:
    """The ``follow_up`` piece of a partition: households followed and relapsed per village."""
    settled = exited[ctx.settlement_year] & (part.poor_village >= 0)
    relapses = np.zeros(part.n_poor, dtype=np.int64)
    for y in ctx.follow_years:
        evaluated = follow_up_rule(y, round=ctx.round, standards=ctx.standards).evaluate(
            {"income": incomes.household[y], "members": part.members}
        )
        relapses += settled & ~np.asarray(evaluated.outcome, dtype=bool)
        certainty[evaluated.certainty.value] += int(settled.sum())
    index = part.poor_village[settled]
    followed = np.bincount(index, minlength=part.n_key).astype(np.int64)
    relapsed = np.bincount(
        part.poor_village[settled & (relapses > 0)], minlength=part.n_key
    ).astype(np.int64)
    events = np.bincount(index, weights=relapses[settled], minlength=part.n_key).astype(np.int64)
    return pa.table(
        {
            "village_id": part.key_ids,
            "county_id": part.key_county,
            "unit_id": pa.array(units, pa.string()),
            "on": pa.array([ctx.calendar.follow_up.last_day] * part.n_key, pa.date32()),
            "households_followed": pa.array(followed, pa.int64()),
            "households_relapsed": pa.array(relapsed, pa.int64()),
            "relapse_years": pa.array(events, pa.int64()),
            "passed": pa.array(relapsed == 0),
        }
    )
