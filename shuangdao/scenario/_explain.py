"""Expanding one row of a run into its object-path decision (``RoundResult.decision``).

A row of a run's tables is decided again, one record at a time, by the object-path rule of
its stage, from what the run kept: the tables themselves (the households' incomes are in
``progress``), the identified villages' incomes and indicator achievements, the pairing plan
and the accountability records. Identification re-reads the record's partition (the
synthetic province regenerates it) and decides it with :meth:`shuangdao.batch.BatchResult.decision`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.batch import identify
from shuangdao.declare import kernel
from shuangdao.errors import UnknownReferenceError
from shuangdao.model import HouseholdIncomeHistory, IndicatorResult, VillageIncomeHistory
from shuangdao.scenario._assessment import SCALE
from shuangdao.scenario._identification import NO_COUNTY

if TYPE_CHECKING:
    from shuangdao.assignment import Assignment
    from shuangdao.batch import BatchResult
    from shuangdao.explain import Decision
    from shuangdao.model.accountability import AccountabilityRecord
    from shuangdao.scenario._context import RoundContext
    from shuangdao.scenario._identification import Brief
    from shuangdao.scenario._pairing import Pairing
    from shuangdao.scenario._population import Population, Reader
    from shuangdao.scenario._result import RoundResult

__all__ = ["Explainer"]


@dataclass(slots=True)
class Explainer:
    """What :meth:`RoundResult.decision` needs (see the module docstring)."""

    ctx: RoundContext
    pop: Population
    reader: Reader
    briefs: list[Brief]
    pairing: Pairing
    records: dict[str, list[AccountabilityRecord]]
    data: list[dict[str, Any]]
    result: RoundResult | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ lookups
    @property
    def tables(self) -> Any:
        assert self.result is not None
        return self.result.tables

    def _row(self, table: str, column: str, value: str) -> dict[str, Any] | None:
        t = self.tables[table]
        found = t.filter(pc.equal(t.column(column), value))
        return found.to_pylist()[0] if found.num_rows else None

    def _rows(self, table: str, column: str, value: str) -> list[dict[str, Any]]:
        t = self.tables[table]
        rows: list[dict[str, Any]] = t.filter(pc.equal(t.column(column), value)).to_pylist()
        return rows

    def _key_villages(self) -> dict[str, tuple[int, int]]:
        """Identified village id → (partition, position) in the kept explain data."""
        if "key" not in self._cache:
            self._cache["key"] = {
                v: (k, i) for k, d in enumerate(self.data) for i, v in enumerate(d["key_ids"])
            }
        found: dict[str, tuple[int, int]] = self._cache["key"]
        return found

    def _part_of_village(self, village_id: str) -> int:
        """The partition of a village (any village of the run)."""
        if len(self.briefs) == 1:
            return 0
        t = self.tables["identification_villages"]
        index = pc.index(t.column("village_id"), village_id).as_py()
        if index < 0:
            raise UnknownReferenceError(
                "is not a village of the run", field="subject_id", value=village_id
            )
        ends = np.cumsum([b.villages for b in self.briefs])
        return int(np.searchsorted(ends, index, side="right"))

    # ------------------------------------------------------------------ histories
    def _household(self, row: dict[str, Any]) -> HouseholdIncomeHistory:
        return HouseholdIncomeHistory(
            household_id=row["household_id"],
            village_id=row["village_id"],
            members=int(row["members"]),
            income_by_year={y: row[f"income_{y}"] for y in self.ctx.years},
            has_labour_capacity=bool(row["has_labour_capacity"]),
        )

    def _village(self, village_id: str, county: str) -> VillageIncomeHistory:
        k, i = self._key_villages()[village_id]
        d = self.data[k]
        return VillageIncomeHistory(
            village_id=village_id,
            county_id="" if county == NO_COUNTY else county,
            collective_income_by_year={
                y: kernel.as_decimal(int(d["collective"][y][i]), 2) for y in self.ctx.years
            },
            per_capita_income_by_year={
                y: kernel.as_decimal(int(d["per_capita"][y][i]), 2) for y in self.ctx.years
            },
        )

    # ------------------------------------------------------------------ identification
    def _identified(self, part: int) -> BatchResult:
        if self._cache.get("identified") is None or self._cache["identified"][0] != part:
            inp = self.reader.read(self.briefs[part].part)
            batch = identify(
                inp.villages, inp.households, round=self.ctx.round, standards=self.ctx.standards
            )
            self._cache["identified"] = (part, batch)
        batch_result: BatchResult = self._cache["identified"][1]
        return batch_result

    def identification(self) -> BatchResult:
        """The whole population identified in one piece (computed once)."""
        if "whole" not in self._cache:
            from shuangdao.scenario._population import TableReader

            reader = self.reader
            if self.pop.blocks is not None:
                from shuangdao.synth import generate_province

                villages, households = generate_province(
                    seed=self.pop.blocks.seed, scale=self.pop.blocks.scale
                ).round_inputs(self.ctx.round)
                reader = TableReader(
                    villages, households, round=self.ctx.round, income_year=self.ctx.income_year
                )
            villages_in = getattr(reader, "villages", None)
            households_in = getattr(reader, "households", None)
            if isinstance(villages_in, pa.Table) and isinstance(households_in, pa.Table):
                from shuangdao.scenario._population import Part

                inp = TableReader(
                    villages_in,
                    households_in,
                    round=self.ctx.round,
                    income_year=self.ctx.income_year,
                    part_households=2**62,
                ).read(Part(0, (0, villages_in.num_rows), None))
            else:
                inp = reader.read(self.briefs[0].part)
            self._cache["whole"] = identify(
                inp.villages, inp.households, round=self.ctx.round, standards=self.ctx.standards
            )
        whole: BatchResult = self._cache["whole"]
        return whole

    def _identification(self, subject_id: str) -> Decision:
        row = self._row("identification_households", "household_id", subject_id)
        if row is not None:
            batch = self._identified(self._part_of_village(row["village_id"]))
            return batch.decision(household_id=subject_id)
        batch = self._identified(self._part_of_village(subject_id))
        return batch.decision(village_id=subject_id)

    # ------------------------------------------------------------------ pairing
    def _assignments(self) -> tuple[Assignment | None, Assignment | None]:
        if "assignment" not in self._cache:
            self._cache["assignment"] = self._assign()
        found: tuple[Assignment | None, Assignment | None] = self._cache["assignment"]
        return found

    def _assign(self) -> tuple[Assignment | None, Assignment | None]:
        from shuangdao.assignment import AssignmentConstraints, assign, assign_scattered

        plan, scattered_plan = self.pairing.plan, self.pairing.scattered
        households = self.tables["pairing_households"]
        progress = self.tables["progress"]
        village_of = dict(
            zip(
                progress.column("household_id").to_pylist(),
                progress.column("village_id").to_pylist(),
                strict=True,
            )
        )
        county_of = dict(
            zip(
                progress.column("household_id").to_pylist(),
                progress.column("county_id").to_pylist(),
                strict=True,
            )
        )
        outside = set(
            households.filter(households.column("scattered")).column("household_id").to_pylist()
        )
        on = self.ctx.calendar.period_start
        first = None
        if plan is not None:
            first = assign(
                [_unit(u) for u in plan.units],
                [v for b in self.briefs for v in b.key_ids],
                {h: v for h, v in village_of.items() if h not in outside},
                [_cadre(c) for c in plan.cadres],
                on=on,
                constraints=AssignmentConstraints(
                    max_households_per_cadre=plan.max_households_per_cadre,
                    max_units_per_village=plan.max_units_per_village,
                ),
                standards=self.ctx.standards,
            )
        second = None
        if scattered_plan is not None:
            by_county: dict[str, dict[str, str]] = {}
            village_county: dict[str, str] = {}
            for h in outside:
                village_county[village_of[h]] = county_of[h]
                if village_of[h] in scattered_plan.village_shares:
                    by_county.setdefault(county_of[h], {})[h] = village_of[h]
            unit_county = {u: village_county[v] for (u, v) in scattered_plan.unit_offsets}
            local: dict[str, list[Any]] = {}
            for unit in scattered_plan.units:
                if unit.unit_id in unit_county:
                    local.setdefault(unit_county[unit.unit_id], []).append(_unit(unit))
            second = assign_scattered(
                by_county,
                local,
                [_cadre(c) for c in scattered_plan.cadres],
                on=on,
                constraints=AssignmentConstraints(
                    max_households_per_cadre=scattered_plan.max_households_per_cadre,
                    max_units_per_village=scattered_plan.max_units_per_village,
                ),
                standards=self.ctx.standards,
            )
        return first, second

    def _pairing(self, subject_id: str) -> Decision:
        from shuangdao.rules import pairing

        on = self.ctx.calendar.period_start
        first, second = self._assignments()
        ledgers = [a.ledger for a in (first, second) if a is not None]
        if not ledgers:
            raise UnknownReferenceError(
                "has no pairing: pairing was skipped or failed",
                field="subject_id",
                value=subject_id,
            )
        if subject_id in self._key_villages() and first is not None:
            return pairing.check_village_assistance(
                subject_id, ledger=first.ledger, on=on, standards=self.ctx.standards
            )
        if self._row("progress", "household_id", subject_id) is None:
            raise UnknownReferenceError(
                "is not one of the run's poor households", field="subject_id", value=subject_id
            )
        for ledger in ledgers:
            if subject_id in ledger.household_villages:
                return pairing.check_household_responsibility(
                    subject_id, ledger=ledger, on=on, standards=self.ctx.standards
                )
        raise UnknownReferenceError(
            "has no pairing: its village's or its county's pairing was skipped or failed",
            field="subject_id",
            value=subject_id,
        )

    # ------------------------------------------------------------------ the stages
    def explain(self, stage: str, subject_id: str, year: int | None) -> Decision:
        """The object-path decision of one row (see :meth:`RoundResult.decision`)."""
        from shuangdao.rules.accountability import fail_share_trigger
        from shuangdao.rules.assessment import assess
        from shuangdao.rules.progress import household_exit

        ctx = self.ctx
        if stage == "identification":
            return self._identification(subject_id)
        if stage == "pairing":
            return self._pairing(subject_id)
        years = ctx.calendar.assessment_years
        if stage in ("exit", "assessment", "accountability") and (
            year is None or year not in years
        ):
            raise UnknownReferenceError(
                f"must be an assessment year of round {ctx.round} {years}",
                field="year",
                value=year,
            )
        assert year is not None or stage not in ("exit", "assessment", "accountability")
        if stage == "exit":
            row = self._row("progress", "household_id", subject_id)
            if row is None:
                raise UnknownReferenceError(
                    "is not one of the run's poor households", field="subject_id", value=subject_id
                )
            h = self._household(row)
            return household_exit(
                h.household_id,
                members=h.members,
                income_by_year=h.income_by_year,
                round=ctx.round,
                year=year,  # type: ignore[arg-type]
                standards=ctx.standards,
            )
        if stage == "assessment":
            if subject_id not in self._key_villages():
                raise UnknownReferenceError(
                    "is not one of the run's villages", field="subject_id", value=subject_id
                )
            k, i = self._key_villages()[subject_id]
            achieved = self.data[k]["achieved"][year]
            results = [
                IndicatorResult(name, achieved=kernel.as_decimal(int(values[i]), SCALE))
                for name, values in achieved.items()
            ]
            assert year is not None
            return assess(
                subject_id, results, model=ctx.scoring, year=year, standards=ctx.standards
            )
        if stage == "accountability":
            if subject_id not in self.records:
                raise UnknownReferenceError(
                    "is not a county of the run", field="subject_id", value=subject_id
                )
            record = self.records[subject_id][years.index(year)]
            return fail_share_trigger(
                record.body_id,
                assessment_number=record.assessment_number,
                failed=record.failed,
                total=record.total,
                standards=ctx.standards,
            )
        if stage == "settlement":
            return self._settlement(subject_id)
        return self._follow_up(subject_id)

    def _settlement(self, subject_id: str) -> Decision:
        from shuangdao.rules.settlement import settle_county, settle_round

        ctx = self.ctx
        key = self._key_villages()
        counties = dict(
            zip(
                [v for b in self.briefs for v in b.key_ids],
                [c for b in self.briefs for c in b.key_counties],
                strict=True,
            )
        )
        progress = self.tables["progress"].to_pylist()
        # the villages of households outside every identified village (round 3) hold them
        # in the settlement; they have no village target
        outside = {r["village_id"]: r["county_id"] for r in progress if r["village_id"] not in key}
        if subject_id == "round":
            villages = [self._village(v, counties[v]) for v in key]
            villages += [_container(v, c) for v, c in outside.items()]
            households = [self._household(r) for r in progress]
            return settle_round(
                ctx.round, villages=villages, households=households, standards=ctx.standards
            )
        if subject_id not in set(counties.values()) | {r["county_id"] for r in progress}:
            raise UnknownReferenceError(
                "is not a county of the run", field="subject_id", value=subject_id
            )
        villages = [self._village(v, c) for v, c in counties.items() if c == subject_id]
        villages += [_container(v, c) for v, c in outside.items() if c == subject_id]
        households = [self._household(r) for r in progress if r["county_id"] == subject_id]
        return settle_county(
            "" if subject_id == NO_COUNTY else subject_id,
            villages=villages,
            households=households,
            round=ctx.round,
            standards=ctx.standards,
        )

    def _follow_up(self, subject_id: str) -> Decision:
        from shuangdao.rules.follow_up import follow_up_check

        ctx = self.ctx
        if subject_id not in self._key_villages():
            raise UnknownReferenceError(
                "is not one of the run's villages", field="subject_id", value=subject_id
            )
        settled_year = ctx.settlement_year
        rows = self._rows("progress", "village_id", subject_id)
        scattered = self.tables["pairing_households"]
        outside = set(
            scattered.filter(scattered.column("scattered")).column("household_id").to_pylist()
        )
        last = ctx.calendar.follow_up.last_day.year
        exited = [
            attrs.evolve(
                h,
                income_by_year={y: a for y, a in h.income_by_year.items() if y < last},
            )
            for h in (
                self._household(r)
                for r in rows
                if r["household_id"] not in outside and r[f"exited_{settled_year}"]
            )
        ]
        [unit] = self.pairing.village_units([subject_id])
        unit = unit or "unpaired"
        return follow_up_check(
            subject_id,
            exited_households=exited,
            following_unit_id=unit,
            original_unit_id=unit,
            on=ctx.calendar.follow_up.last_day,
            round=ctx.round,
            standards=ctx.standards,
        )


def _unit(value: Any) -> Any:
    """A model unit from a planner's unit (a model record already, or a validated row)."""
    return value.unit() if hasattr(value, "unit") else value


def _cadre(value: Any) -> Any:
    """A model cadre from a planner's cadre."""
    return value.cadre() if hasattr(value, "cadre") else value


def _container(village_id: str, county: str) -> VillageIncomeHistory:
    """A village that only holds households in a settlement (no village target applies)."""
    return VillageIncomeHistory(
        village_id=village_id,
        county_id="" if county == NO_COUNTY else county,
        collective_income_by_year={},
    )
