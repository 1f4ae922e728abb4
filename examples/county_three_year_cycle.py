"""A small county through round 1: three yearly assessments, the settlement, a follow-up.

A seeded synthetic county (4 villages, 32 households) goes through "一年一考核、三年结硬帐"
(seed article, page 5): each village is assessed in 2010, 2011 and 2012 on the round-1
village model (ASSUMED indicators and weights; see ``assessment.round1_village``), the
county's accounts are settled on 2012 incomes (80 % of persons at or above 2500; every
village's collective income at least 30000), and one village is looked back at on 31 December 2014
(回头看). Every result is printed with its explanation in Chinese and English.

Run: ``python examples/county_three_year_cycle.py [seed]``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal

from shuangdao.calendar import round_calendar
from shuangdao.model import HouseholdIncomeHistory, IndicatorResult, VillageIncomeHistory
from shuangdao.rules.assessment import assess, scoring_model
from shuangdao.rules.follow_up import follow_up_check
from shuangdao.rules.progress import household_exit, track_household
from shuangdao.rules.settlement import settle_county
from shuangdao.standards import default_standards

ROUND = 1
VILLAGES = ("v1", "v2", "v3", "v4")
HOUSEHOLDS_PER_VILLAGE = 8


def build_county(seed: int) -> tuple[list[VillageIncomeHistory], list[HouseholdIncomeHistory]]:
    """Return seeded villages and households with incomes for 2010–2014."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not cryptography
    villages, households = [], []
    for index, village_id in enumerate(VILLAGES):
        collective = {}
        level = rng.randint(8_000, 20_000)
        for year in range(2010, 2015):
            level += rng.randint(4_000, 12_000)
            collective[year] = Decimal(level)
        if index == 3:  # one village misses the collective target at settlement
            collective[2012] = Decimal("29999.99")
        villages.append(
            VillageIncomeHistory(
                village_id=village_id, county_id="c1", collective_income_by_year=collective
            )
        )
        for number in range(HOUSEHOLDS_PER_VILLAGE):
            members = rng.randint(1, 6)
            per_capita = Decimal(rng.randint(1_200, 1_500))
            incomes = {}
            for year in range(2010, 2015):
                per_capita = per_capita * Decimal(rng.randint(108, 150)) / 100
                incomes[year] = (per_capita * members).quantize(Decimal("0.01"))
            households.append(
                HouseholdIncomeHistory(
                    household_id=f"{village_id}-h{number:02d}",
                    village_id=village_id,
                    members=members,
                    income_by_year=incomes,
                )
            )
    return villages, households


def village_results(
    village: VillageIncomeHistory,
    households: list[HouseholdIncomeHistory],
    year: int,
    rng: random.Random,
) -> list[IndicatorResult]:
    """Turn a village's evidence for ``year`` into indicator results (achievement shares)."""
    s = default_standards()
    persons = sum(h.members for h in households)
    above = sum(
        h.members
        for h in households
        if household_exit(
            h.household_id, members=h.members, income_by_year=h.income_by_year, round=1, year=year
        ).outcome
    )
    share_target = s.value("round1.target_share")
    collective_target = s.value("round1.village_collective_target")
    done = year - 2009  # the 民生 projects finish over the three years
    return [
        IndicatorResult("housing", achieved=min(Decimal(1), Decimal(done) / 3 + Decimal("0.4"))),
        IndicatorResult("drinking_water", achieved=1 if done >= 2 else Decimal("0.8")),
        IndicatorResult("village_road", achieved=1 if rng.random() < 0.8 else Decimal("0.9")),
        IndicatorResult(
            "household_income",
            achieved=(Decimal(above) / persons / share_target).quantize(Decimal("0.001")),
        ),
        IndicatorResult(
            "collective_income",
            achieved=(village.collective_income_by_year[year] / collective_target).quantize(
                Decimal("0.001")
            ),
        ),
        IndicatorResult("plans_and_files", achieved=Decimal("0.9")),
        IndicatorResult("governance", achieved=Decimal(rng.randint(60, 100)) / 100),
    ]


def main(seed: int = 2010) -> None:
    """Run the cycle and print every decision in zh and en."""
    villages, households = build_county(seed)
    calendar = round_calendar(ROUND)
    model = scoring_model(ROUND, "village")
    rng = random.Random(seed + 1)  # noqa: S311
    print(
        f"Round {ROUND}: assessment years {calendar.assessment_years}, settlement "
        f"{calendar.settlement_date}, follow-up to {calendar.follow_up.last_day}"
    )
    print(
        f"County c1: {len(villages)} villages, {len(households)} households, "
        f"{sum(h.members for h in households)} persons\n"
    )
    for year in calendar.assessment_years:
        print(f"=== {year} annual assessment / {year}年度考核")
        for village in villages:
            own = [h for h in households if h.village_id == village.village_id]
            decision = assess(
                village.village_id, village_results(village, own, year, rng), model=model, year=year
            )
            print(f"- {village.village_id}: score {decision.value}, grade {decision.code}")
            print("  zh:", decision.explain("zh"))
            print("  en:", decision.explain("en"))
        print()
    print("=== Settlement / 三年结硬帐")
    settled = settle_county("c1", villages=villages, households=households, round=ROUND)
    print("zh:", settled.explain("zh"))
    print("en:", settled.explain("en"))
    print()
    print("=== Tracking two households / 农户跟踪")
    for household in households[:2]:
        track = track_household(
            household.household_id,
            members=household.members,
            income_by_year=household.income_by_year,
            round=ROUND,
        )
        print(
            f"- {household.household_id}: first exit {track.first_exit_year}, relapses "
            f"{track.relapse_years}, above at end {track.above_at_end}, stable {track.stable}"
        )
    print()
    print("=== Follow-up of v1 at the end of 2014 / 回头看")
    exited = [
        h
        for h in households
        if h.village_id == "v1"
        and household_exit(
            h.household_id, members=h.members, income_by_year=h.income_by_year, round=1, year=2012
        ).outcome
    ]
    look = follow_up_check(
        "v1",
        exited_households=exited,
        following_unit_id="unit-7",
        original_unit_id="unit-7",
        on=dt.date(2014, 12, 31),
        round=ROUND,
    )
    print("zh:", look.explain("zh"))
    print("en:", look.explain("en"))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2010)
