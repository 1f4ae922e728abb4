"""Stage 8: accountability (问责) per city, county and township, on the small tables.

The 2010 measures' fail-share situation (too many failing villages at an assessment) is
evaluated for every area of every level in ``accountability.trigger_levels`` by its columnar
evaluator (:func:`shuangdao.rules.accountability.fail_share_columns`) over the counts of
failing and assessed identified villages; each triggered area's decisions (the art. 9
sanction options of its principal leaders, the team's loss of awards) are those of
:func:`~shuangdao.rules.accountability.measures_sanctions`, addressed to the roles (the run
has no named officials). Levels without ids in the population are not evaluated, and the
notes say so. The inputs are one row per identified village (its areas and whether it passed
each assessment), gathered from the partitions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from shuangdao.scenario._identification import NO_COUNTY

if TYPE_CHECKING:
    from shuangdao.model.accountability import AccountabilityRecord
    from shuangdao.scenario._context import RoundContext

__all__ = ["ACTION_SCHEMA", "SCHEMA", "Accountability", "VillageAreas", "accountability"]

SCHEMA = pa.schema(
    [
        ("county_id", pa.string()),
        ("assessment_number", pa.int64()),
        ("year", pa.int64()),
        ("failed", pa.int64()),
        ("total", pa.int64()),
        ("triggered", pa.bool_()),
        ("actions", pa.string()),
        ("level", pa.string()),
        ("area_id", pa.string()),
        ("mechanism", pa.string()),
    ]
)
"""Columns of the ``accountability`` table (one row per area and assessment)."""

ACTION_SCHEMA = pa.schema(
    [
        ("county_id", pa.string()),
        ("assessment_number", pa.int64()),
        ("year", pa.int64()),
        ("action", pa.string()),
        ("sanction", pa.string()),
        ("role", pa.string()),
        ("severity", pa.int64()),
        ("level", pa.string()),
        ("area_id", pa.string()),
        ("mechanism", pa.string()),
        ("sanction_options", pa.string()),
    ]
)
"""Columns of the ``accountability_actions`` table (one row per decision)."""


@dataclass(slots=True)
class VillageAreas:
    """The identified villages of the run (partition order): their areas and assessments."""

    county: list[str] = field(default_factory=list)
    township: list[str | None] | None = None
    city: list[str | None] | None = None
    passed: dict[int, list[np.ndarray[Any, Any]]] = field(default_factory=dict)

    def flags(self, year: int) -> np.ndarray[Any, Any]:
        """Whether each village passed the assessment of ``year``."""
        pieces = self.passed.get(year, [])
        return np.concatenate(pieces) if pieces else np.zeros(0, dtype=bool)


@dataclass(slots=True)
class Accountability:
    """The stage's tables and what the summary and explanations need."""

    table: pa.Table
    actions: pa.Table
    records: dict[str, list[AccountabilityRecord]]
    escalations: dict[int, int]
    counties_triggered: dict[int, int]
    notes: list[str]


def _levels(areas: VillageAreas) -> dict[str, np.ndarray[Any, Any]]:
    """Each level's area of every village (``None`` where unknown); townships by county."""
    county = np.asarray(
        [c if c != NO_COUNTY else "unknown-county" for c in areas.county], dtype=object
    )
    by_level: dict[str, np.ndarray[Any, Any]] = {"county": county}
    if areas.city is not None:
        by_level["city"] = np.asarray(areas.city, dtype=object)
    if areas.township is not None:
        township = areas.township
        counties_of: dict[str, set[str]] = {}
        for t, c in zip(township, county.tolist(), strict=True):
            if t is not None:
                counties_of.setdefault(t, set()).add(c)
        shared = {t for t, cs in counties_of.items() if len(cs) > 1}
        by_level["township"] = np.asarray(
            [
                None if t is None else (f"{c}/{t}" if t in shared else t)
                for t, c in zip(township, county.tolist(), strict=True)
            ],
            dtype=object,
        )
    return by_level


def _certainty(ctx: RoundContext, number: int) -> str:
    """The certainty of the fail-share situation's decisions at an assessment (the rule's)."""
    from shuangdao.rules.accountability import fail_share_trigger

    decision = fail_share_trigger(
        "area", assessment_number=number, failed=0, total=1, standards=ctx.standards
    )
    value: str = decision.certainty.value
    return value


def accountability(
    ctx: RoundContext, areas: VillageAreas, certainty: Counter[str]
) -> Accountability:
    """The 2010 measures' fail-share situation for every city, county and township."""
    from shuangdao.model.accountability import AccountabilityRecord
    from shuangdao.rules.accountability import fail_share_columns, measures_sanctions

    notes: list[str] = []
    by_level = _levels(areas)
    county = by_level["county"]
    wanted = ctx.standards.params.accountability.trigger_levels
    levels = [lv for lv in wanted if lv in by_level]
    skipped = [lv for lv in wanted if lv not in by_level]
    if skipped:
        notes.append(
            "accountability: the 2010 measures' fail-share situation was not evaluated for "
            + ", ".join(skipped)
            + " (the villages carry no "
            + ", ".join(f"{lv}_id" for lv in skipped)
            + ")"
        )
    records: dict[str, list[AccountabilityRecord]] = {}
    rows: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    escalations: dict[int, int] = {}
    triggered: dict[int, int] = {}
    triggered_by_level: dict[str, int] = dict.fromkeys(levels, 0)
    used: set[str] = set()
    cal = ctx.calendar
    for level in levels:
        area = by_level[level]
        known = np.asarray([a is not None for a in area.tolist()], dtype=bool)
        if not known.all():
            notes.append(
                f"accountability: {int((~known).sum()):,} key villages have no {level} id "
                f"and are not counted at the {level} level"
            )
        names: list[str] = sorted(set(area[known].tolist()))
        keys = {a: (a if a not in used else f"{level}:{a}") for a in names}
        used.update(keys.values())
        index = {a: i for i, a in enumerate(names)}
        group = np.asarray([index[a] for a in area[known].tolist()], dtype=np.int64)
        county_of = dict(zip(area[known].tolist(), county[known].tolist(), strict=True))
        for key in keys.values():
            records[key] = []
        template: dict[int, tuple[Any, ...]] = {}
        for number, year in zip(cal.numbers, cal.assessment_years, strict=True):
            failing = ~areas.flags(year)[known]
            total = np.bincount(group, minlength=len(names)).astype(np.int64)
            failed = np.bincount(group, weights=failing, minlength=len(names)).astype(np.int64)
            flags = fail_share_columns(
                assessment_number=number, failed=failed, total=total, standards=ctx.standards
            )
            for i, name in enumerate(names):
                key = keys[name]
                record = AccountabilityRecord(
                    body_id=key,
                    body_kind="area",
                    level=level,
                    assessment_number=number,
                    year=year,
                    failed=int(failed[i]),
                    total=int(total[i]),
                )
                records[key].append(record)
                done: tuple[Any, ...] = ()
                if flags[i]:
                    if number not in template:
                        # What the measures call for depends on the level and the situation
                        # only (no named officials, no aggravation).
                        template[number] = measures_sanctions(record, standards=ctx.standards)
                    done = template[number]
                    triggered_by_level[level] += 1
                area_county = None if level == "city" else county_of[name]
                rows.append(
                    {
                        "county_id": area_county,
                        "assessment_number": number,
                        "year": year,
                        "failed": int(failed[i]),
                        "total": int(total[i]),
                        "triggered": bool(flags[i]),
                        "actions": "+".join(a.action.value for a in done),
                        "level": level,
                        "area_id": key,
                        "mechanism": done[0].mechanism.value if done else None,
                    }
                )
                if level == "county":
                    triggered[year] = triggered.get(year, 0) + bool(flags[i])
                escalations[year] = escalations.get(year, 0) + len(done)
                actions.extend(
                    {
                        "county_id": area_county,
                        "assessment_number": number,
                        "year": year,
                        "action": a.action.value,
                        "sanction": None if a.sanction is None else a.sanction.value,
                        "role": a.role.value,
                        "severity": a.severity,
                        "level": level,
                        "area_id": key,
                        "mechanism": a.mechanism.value,
                        "sanction_options": "+".join(x.value for x in a.sanction_options),
                    }
                    for a in done
                )
            certainty[_certainty(ctx, number)] += len(names)
    if levels:
        notes.append(
            "accountability (2010 measures, fail-share situation): triggered "
            + ", ".join(f"{triggered_by_level[lv]:,} {lv} assessments" for lv in levels)
            + "; each holds the principal leaders to account with the art. 9 sanction "
            "options (the discipline body chooses)"
        )
    return Accountability(
        table=pa.Table.from_pylist(rows, schema=SCHEMA),
        actions=pa.Table.from_pylist(actions, schema=ACTION_SCHEMA),
        records=records,
        escalations=escalations,
        counties_triggered=triggered,
        notes=notes,
    )
