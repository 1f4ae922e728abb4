"""Replay a county's three annual assessments and print the accountability actions.

County K01 has 20 assessed villages. At the 1st assessment 12 fail (60 % >= 50 %), at the
2nd 9 fail (45 % >= 40 %), at the 3rd 3 fail (15 %, below 20 %) — but that year one of its
leaders, L3, took charge of no village (挂村办点). The county's principal leader climbs the
ladder: circulated notice, naming, then a one-to-one coaching interview. The in-charge leader
is covered by art. 2 but none of these triggers targets that role; the principal leader of a
neighbouring county, also passed in, is never named.

Run: ``python examples/county_accountability.py`` (``--lang en`` or ``--lang zh`` for one language).
"""

from __future__ import annotations

import argparse

from shuangdao.explain import Lang
from shuangdao.rules.accountability import AccountabilityRecord, Official, escalate

COUNTY = "K01"

OFFICIALS = (
    Official(
        official_id="P-LI",
        role="principal_leader",
        body_kind="area",
        body_id=COUNTY,
        level="county",
        name="County party secretary",
    ),
    Official(
        official_id="P-WANG",
        role="in_charge_leader",
        body_kind="area",
        body_id=COUNTY,
        level="county",
        name="Deputy county head in charge of poverty work",
    ),
    Official(
        official_id="P-ZHAO",
        role="principal_leader",
        body_kind="area",
        body_id="K02",
        level="county",
        name="Neighbouring county's party secretary",
    ),
)

HISTORY = (
    AccountabilityRecord(
        body_id=COUNTY,
        body_kind="area",
        level="county",
        assessment_number=1,
        year=2010,
        failed=12,
        total=20,
        leaders={"L1": "V01", "L2": "V02", "L3": "V03"},
        fiscal_guarantee=True,
    ),
    AccountabilityRecord(
        body_id=COUNTY,
        body_kind="area",
        level="county",
        assessment_number=2,
        year=2011,
        failed=9,
        total=20,
        leaders={"L1": "V01", "L2": "V02", "L3": "V03"},
        fiscal_guarantee=True,
    ),
    AccountabilityRecord(
        body_id=COUNTY,
        body_kind="area",
        level="county",
        assessment_number=3,
        year=2012,
        failed=3,
        total=20,
        leaders={"L1": "V01", "L2": "V02", "L3": None},
        fiscal_guarantee=True,
    ),
)


def main() -> None:
    """Print each year's actions in Chinese and English."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=["en", "zh", "both"], default="both")
    args = parser.parse_args()
    choices: dict[str, tuple[Lang, ...]] = {"en": ("en",), "zh": ("zh",), "both": ("zh", "en")}
    languages = choices[args.lang]
    for index, assessment in enumerate(HISTORY):
        actions = escalate(HISTORY[:index], assessment, subject=OFFICIALS)
        print(
            f"== {assessment.year}: {_ordinal(assessment.assessment_number)} annual assessment "
            f"/ 第{assessment.assessment_number}次年度考核 — {len(actions)} action(s)"
        )
        if not actions:
            print("   no trigger, no action / 未触发问责")
        for action in actions:
            for lang in languages:
                print(f"   [{lang}] {action.explain(lang)}")
        print()


def _ordinal(number: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(number, f"{number}th")


if __name__ == "__main__":
    main()
