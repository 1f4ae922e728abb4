"""Invariants of the responsible-cadre rule, the housing subsidy and Poverty Relief Day (issue 15).

* Item 4: every poor household has a named responsible person (S4) — *at least one*. Without
  the assumed cap a household passes exactly when it has one or more responsible cadres,
  however many; with the cap switched on it is flagged exactly when it has more than the cap.
  The ledger records every cadre and the check reads the same count.
* Item 11: the housing rebuilding subsidy (S13) is 10,000 yuan for an eligible household in a
  year of the programme and nothing otherwise, whatever the caller's decimal context and
  whatever the programme's overridden years and amount; Poverty Relief Day (regulation art. 6,
  S14) is 30 June of every year it was held, and no day before it was first held.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangdao.citations import Certainty
from shuangdao.errors import InvalidRecordError
from shuangdao.model import AssistingUnit, Cadre, Pairing, ResponsibilityLedger
from shuangdao.rules.funding import HOUSING_SUBSIDY, housing_subsidy, poverty_relief_day
from shuangdao.rules.pairing import HOUSEHOLD_RESPONSIBLE, check_household_responsibility
from shuangdao.standards import default_standards
from shuangdao.standards.params import FundingParams as F
from shuangdao.standards.params import PairingParams as P
from shuangdao.standards.params import RegulationParams as R
from shuangdao.testing import decimal_contexts

DEFAULTS = default_standards()
START = dt.date(2010, 3, 1)


# ------------------------------------------------------------------ item 4: at least one cadre
@given(cadres=st.lists(st.integers(0, 500), min_size=1, max_size=40))
def test_a_household_passes_exactly_when_it_has_at_least_one_responsible_cadre(cadres):
    """No maximum by default: 1, 2 or 500 cadres pass, 0 fails — scalar and columnar alike."""
    bound = HOUSEHOLD_RESPONSIBLE.bind(DEFAULTS)
    columnar = bound.evaluate({"responsible_cadres": np.array(cadres)}).outcome.tolist()
    for count, outcome in zip(cadres, columnar, strict=True):
        decision = bound.decide(subject_id="H", responsible_cadres=count)
        assert decision.outcome is (count >= 1) is outcome
        assert decision.code == ("selected" if count >= 1 else "not:responsible_cadre")
        assert decision.certainty is Certainty.CONFIRMED


@given(cap=st.integers(1, 6), cadres=st.lists(st.integers(0, 10), min_size=1, max_size=30))
def test_an_assumed_cap_flags_exactly_the_households_above_it(cap, cadres):
    """With ``pairing.responsible_cadres_limited`` on, a household fails iff 0 or more than the
    cap; the decision then rests on the assumed cap and says so."""
    capped = DEFAULTS.with_overrides(
        {P.responsible_cadres_limited: True, P.max_cadres_per_household: cap}
    )
    bound = HOUSEHOLD_RESPONSIBLE.bind(capped)
    columnar = bound.evaluate({"responsible_cadres": np.array(cadres)}).outcome.tolist()
    for count, outcome in zip(cadres, columnar, strict=True):
        decision = bound.decide(subject_id="H", responsible_cadres=count)
        assert decision.outcome is (1 <= count <= cap) is outcome
        assert decision.reason("cadres_within_limit").holds is (count <= cap)
        assert decision.certainty is Certainty.ASSUMED


@given(n=st.integers(1, 6), on=st.dates(START, dt.date(2018, 12, 31)))
def test_every_cadre_the_ledger_records_counts_and_the_household_passes(n, on):
    """A household linked to n cadres at once: the ledger keeps all n, the check passes and
    names each of them."""
    unit = AssistingUnit(unit_id="U", name="U", kind="public_institution", level="county")
    ids = [f"R{i}" for i in range(n)]
    ledger = ResponsibilityLedger.create(
        villages=["V"],
        households={"H": "V"},
        units=[unit],
        cadres=[Cadre(cadre_id=cadre, unit_id="U") for cadre in ids],
    ).add_pairings(
        [
            Pairing(
                pairing_id="PU",
                assisting_kind="unit",
                assisting_id="U",
                assisted_kind="village",
                assisted_id="V",
                valid_from=START,
            ),
            *(
                Pairing(
                    pairing_id=f"P{cadre}",
                    assisting_kind="cadre",
                    assisting_id=cadre,
                    assisted_kind="household",
                    assisted_id="H",
                    valid_from=START,
                )
                for cadre in ids
            ),
        ]
    )
    decision = check_household_responsibility("H", ledger=ledger, on=on)
    assert decision.outcome
    assert decision.reason("responsible_cadre").observed == n
    assert decision.value == ", ".join(ids)


# ------------------------------------------------------------------ item 11: housing subsidy
@given(
    year=st.integers(1990, 2035),
    difficulty=st.booleans(),
    first=st.integers(2005, 2020),
    years=st.integers(1, 10),
    yuan=st.integers(1, 10**7),
    fen=st.integers(0, 99),
    context=decimal_contexts(),
)
def test_the_housing_subsidy_is_the_amount_in_the_programme_years_and_nothing_else(
    year, difficulty, first, years, yuan, fen, context
):
    """Eligible iff a household with housing difficulties in ``first ≤ year < first + years``;
    its amount is the parameter to the fen, whatever the decimal context; the columnar
    evaluator agrees."""
    amount = Decimal(yuan) + Decimal(fen).scaleb(-2)
    standards = DEFAULTS.with_overrides(
        {
            F.housing_subsidy_first_year: first,
            F.housing_subsidy_years: years,
            F.housing_subsidy_per_household: str(amount),
        }
    )
    eligible = difficulty and first <= year < first + years
    with decimal.localcontext(context):
        decision = housing_subsidy(
            "H", housing_difficulty=difficulty, year=year, standards=standards
        )
    assert decision.outcome is eligible
    assert decision.value == (amount if eligible else Decimal(0))
    assert str(decision.value) == (f"{amount:.2f}" if eligible else "0.00")
    columnar = HOUSING_SUBSIDY.bind(standards).evaluate(
        {"housing_difficulty": np.array([difficulty]), "year": np.array([year])}
    )
    assert columnar.outcome.tolist() == [eligible]


@given(year=st.integers(2011, 2015))
def test_the_published_programme_pays_10000_yuan_a_household(year):
    """S13: 1万 per household in each year of 2011–2015 (54.15万 households, 54.15亿)."""
    decision = housing_subsidy("H", housing_difficulty=True, year=year)
    assert (decision.outcome, decision.value) == (True, Decimal("10000.00"))
    assert decision.certainty is Certainty.CONFIRMED


# ------------------------------------------------------------------ item 11: Poverty Relief Day
@given(year=st.integers(1900, 2200), since=st.integers(1990, 2030))
def test_poverty_relief_day_is_30_june_of_every_year_it_was_held(year, since):
    """30 June from the first year on (art. 6); a year before it was first held is refused."""
    standards = DEFAULTS.with_overrides({R.poverty_relief_day_since: since})
    if year < since:
        with pytest.raises(InvalidRecordError, match="first held"):
            poverty_relief_day(year, standards=standards)
    else:
        assert poverty_relief_day(year, standards=standards) == dt.date(year, 6, 30)


def test_the_default_first_year_is_2010():
    """Approved by the State Council on 2010-06-04, first held on 30 June 2010."""
    assert poverty_relief_day(2010) == dt.date(2010, 6, 30)
    with pytest.raises(InvalidRecordError):
        poverty_relief_day(2009)
