"""Replay a county's three annual assessments under the two accountability mechanisms.

County K01 has 20 assessed villages. At the 1st assessment 12 fail (60 % >= 50 %): a situation
of the 2010 accountability measures, so the county's principal leader faces the art. 9
sanctions at once — every one of them, up to removal from post (免职); the discipline body
chooses. At the 2nd assessment 9 fail (45 % >= 40 %) and the principal leader is found to have
retaliated against a complainant: the options get heavier (the apology alone no longer
applies). At the 3rd assessment 3 fail (15 %, below 20 %), but one leader, L3, took charge of
no village (挂村办点) — another situation — and the county is also rated failing, so the 2011
assessment rules add a notice, naming or coaching interview for its principal and in-charge
leaders, chosen by the assessing body.

The in-charge leader is covered by art. 2 but none of the 2010 situations here targets that
role; the principal leader of a neighbouring county, also passed in, is never named. The
recalled escalation ladder (notice → naming → interview → sanction) is off by default; pass
``--ladder`` to see it applied besides the two mechanisms.

Run: ``python examples/county_accountability.py`` (``--lang en`` or ``--lang zh`` for one
language, ``--ladder`` to switch on the recalled ladder).
"""

from __future__ import annotations

import argparse

from shuangdao.explain import Lang
from shuangdao.model.accountability import AccountabilityRecord, Aggravation, Official
from shuangdao.rules.accountability import escalate
from shuangdao.standards import default_standards

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
        aggravations=[Aggravation(official_id="P-LI", factor="retaliation")],
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
        rated_failing=True,
    ),
)


def main() -> None:
    """Print each year's decisions in Chinese and English, each naming its mechanism."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=["en", "zh", "both"], default="both")
    parser.add_argument(
        "--ladder", action="store_true", help="also apply the recalled escalation ladder"
    )
    args = parser.parse_args()
    choices: dict[str, tuple[Lang, ...]] = {"en": ("en",), "zh": ("zh",), "both": ("zh", "en")}
    languages = choices[args.lang]
    standards = default_standards()
    if args.ladder:
        standards = standards.with_overrides({"accountability.ladder_enabled": True})
    for index, assessment in enumerate(HISTORY):
        actions = escalate(HISTORY[:index], assessment, subject=OFFICIALS, standards=standards)
        print(
            f"== {assessment.year}: {_ordinal(assessment.assessment_number)} annual assessment "
            f"/ 第{assessment.assessment_number}次年度考核 — {len(actions)} decision(s)"
        )
        if not actions:
            print("   nothing occurred under either mechanism / 未触发问责")
        for action in actions:
            for lang in languages:
                print(f"   [{lang}] {action.explain(lang)}")
        print()


def _ordinal(number: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(number, f"{number}th")


if __name__ == "__main__":
    main()
