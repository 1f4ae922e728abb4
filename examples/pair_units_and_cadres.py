"""Pair units with villages and cadres with households for a round, then check and report.

A small county: five villages, a provincial organ, a state-owned enterprise and one
Pearl River Delta city unit. The helper pairs them (责任到人), a cadre is reassigned mid-round
(history is kept), a second unit joins a village (recorded: the one-unit limit is a rule that
flags, not a refusal), plans and an assistance agreement are recorded (规划到户, regulation
ch. 3; a duty from 2012-01-01 on), and the gap, load, limit and plan reports are printed.

The households-per-cadre limit is the caller's choice: the policy never published one.

Run: ``python examples/pair_units_and_cadres.py`` (add ``--lang zh`` for Chinese).
"""

from __future__ import annotations

import argparse
import datetime as dt

from shuangdao.assignment import AssignmentConstraints, assign
from shuangdao.model import (
    AssistanceAgreement,
    AssistingUnit,
    Cadre,
    Commitment,
    Measure,
    Pairing,
    Plan,
    Village,
)
from shuangdao.reports import gap_report, limit_report, overload_report, plan_report
from shuangdao.rules.pairing import check_agreement, check_household_responsibility

START = dt.date(2013, 3, 1)
LIMIT = 5  # households per cadre: a project choice, not a published figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    args = parser.parse_args()

    villages = [
        Village(village_id=f"V{i}", county_id="K1" if i < 3 else "K2", name=f"village {i}")
        for i in range(1, 6)
    ]
    sizes = {"V1": 7, "V2": 4, "V3": 3, "V4": 6, "V5": 2}
    households = {f"{v}-H{j}": v for v, n in sizes.items() for j in range(1, n + 1)}
    units = [
        AssistingUnit(
            unit_id="ORG",
            name="省直机关",
            kind="party_government_organ",
            level="provincial",
            capacity_villages=2,
        ),
        AssistingUnit(
            unit_id="SOE",
            name="省属国企",
            kind="state_owned_enterprise",
            level="provincial",
            capacity_villages=1,
        ),
        AssistingUnit(
            unit_id="GZ",
            name="广州市",
            kind="developed_region_city",
            level="city",
            city_id="广州",
            capacity_villages=2,
        ),
    ]
    cadres = [
        Cadre(cadre_id=f"{u.unit_id}-{i}", unit_id=u.unit_id, role="resident cadre")
        for u, n in zip(units, (3, 2, 3), strict=True)
        for i in range(1, n + 1)
    ]

    result = assign(
        units,
        villages,
        households,
        cadres,
        on=START,
        constraints=AssignmentConstraints(
            max_households_per_cadre=LIMIT, keep_county_with_city=True
        ),
    )
    print("village → unit:", dict(result.village_units))
    print("loads:", dict(result.loads))

    # A cadre leaves on 30 June 2014: hand her households to a colleague of the same unit.
    # (The colleague ends up above the limit: the overload report below catches it.)
    ledger = result.ledger
    leaving = ledger.responsible_cadre("V1-H1", START)
    assert leaving is not None
    colleague = next(c for c in ledger.cadres_of(leaving.unit_id) if c.cadre_id != leaving.cadre_id)
    for household_id in ledger.households_of(leaving.cadre_id, dt.date(2014, 6, 30)):
        ledger = ledger.reassign(
            household_id, colleague.cadre_id, dt.date(2014, 6, 30), note="transferred"
        )
    print(
        "V1-H1 history:",
        [(p.assisting_id, str(p.valid_from), str(p.valid_to)) for p in ledger.history("V1-H1")],
    )
    decision = check_household_responsibility("V1-H1", ledger=ledger, on=dt.date(2014, 7, 1))
    print(decision.explain(args.lang))

    # A second unit joins V2 in 2014: the ledger records it (several units may assist a
    # village); the rule pairing.units_per_village flags it in the limit report below.
    joining = next(u for u in units if u not in ledger.assisting_units("V2", START))
    ledger = ledger.add_pairing(
        Pairing(
            pairing_id=f"UV-{joining.unit_id}-V2-2014",
            assisting_kind="unit",
            assisting_id=joining.unit_id,
            assisted_kind="village",
            assisted_id="V2",
            valid_from=dt.date(2014, 1, 1),
        )
    )

    # Plans (一村一策、一户一法) for V1 and its households; an agreement for V1's unit.
    ledger = ledger.add_plans(
        [
            Plan(
                plan_id="PV1",
                subject_kind="village",
                subject_id="V1",
                measures=[Measure(kind="infrastructure", amount="800000", target_year=2014)],
                target_year=2015,
                made_on=START,
            ),
            *(
                Plan(
                    plan_id=f"P-{h}",
                    subject_kind="household",
                    subject_id=h,
                    measures=[Measure(kind="employment_training"), Measure(kind="education")],
                    target_year=2015,
                    made_on=START,
                )
                for h in ledger.household_villages
                if ledger.village_of(h) == "V1"
            ),
        ]
    )
    unit_v1 = result.village_units["V1"]
    ledger = ledger.add_agreement(
        AssistanceAgreement(
            agreement_id="A-V1",
            unit_id=unit_v1,
            village_id="V1",
            signed_on=START,
            commitments=[
                Commitment(year=year, funds="300000", projects=2, people=3)
                for year in (2013, 2014, 2015)
            ],
        )
    )
    pairing = next(p for p in ledger.pairings_of("village", "V1") if p.assisting_id == unit_v1)
    print(check_agreement(pairing, ledger=ledger, on=dt.date(2014, 6, 1)).explain(args.lang))

    on = dt.date(2014, 12, 31)
    for report in (
        gap_report(ledger, on=on),
        overload_report(ledger, on=on, max_households=LIMIT),
        limit_report(ledger, on=on),
        plan_report(ledger, on=on, households=[h for h in ledger.household_villages if h < "V3"]),
    ):
        print(report.explain(args.lang).splitlines()[0])
        for row in report.to_records()[:3]:
            print("   ", row)


if __name__ == "__main__":
    main()
