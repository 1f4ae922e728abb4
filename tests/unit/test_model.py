"""The domain model: frozen, validated, errors naming record, field and value."""

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from shuangdao import (
    AdminArea,
    Household,
    Measure,
    Pairing,
    Plan,
    Round,
    ShuangdaoError,
    Village,
    WorkTeam,
)
from shuangdao.errors import InvalidMoneyError, InvalidRecordError, InvalidTypeError


def household(**changes: Any) -> Household:
    fields: dict[str, Any] = {
        "household_id": "4403-0012",
        "village_id": "v1",
        "members": 4,
        "income": "12371.99",
        "has_labour_capacity": True,
    }
    fields.update(changes)
    return Household(**fields)


class TestHousehold:
    def test_valid(self):
        h = household()
        assert h.income == Decimal("12371.99")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            h.members = 3  # type: ignore[misc]

    def test_cells_read_with_the_input_grammar(self):
        h = household(
            household_id=" 4403-0012 ",
            village_id=12,
            members="4.0",
            income=" 12371.99 ",
            has_labour_capacity="否",
            income_year="2011",
        )
        assert (h.household_id, h.village_id, h.members) == ("4403-0012", "12", 4)
        assert (h.income, h.has_labour_capacity, h.income_year) == (
            Decimal("12371.99"),
            False,
            2011,
        )

    def test_members_zero_names_record_and_field(self):
        with pytest.raises(InvalidRecordError) as info:
            household(members=0)
        assert (
            str(info.value) == "household 4403-0012: members=0 must be >= 1 (rule model.household)"
        )

    def test_income_with_three_decimals(self):
        with pytest.raises(InvalidMoneyError) as info:
            household(income="1.001")
        assert info.value.record == "household 4403-0012"
        assert info.value.field == "income"

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("members", True, InvalidTypeError),
            ("members", "4.5", InvalidRecordError),
            ("members", "1e1", InvalidRecordError),
            ("household_id", 12.5, InvalidTypeError),
            ("household_id", "h\x01", InvalidRecordError),
            ("household_id", "", InvalidRecordError),
            ("has_labour_capacity", "maybe", InvalidRecordError),
            ("has_labour_capacity", 2, InvalidRecordError),
            ("income", -1, InvalidMoneyError),
            ("income_measure", "gross", InvalidRecordError),
            ("income_year", 1900, InvalidRecordError),
        ],
    )
    def test_bad_fields(self, field, value, error):
        with pytest.raises(error) as info:
            household(**{field: value})
        assert info.value.field == field

    def test_missing_arguments_are_shuangdao_errors(self):
        with pytest.raises(InvalidTypeError, match="missing"):
            Household(household_id="h1", village_id="v1")  # type: ignore[call-arg]


class TestVillage:
    def test_money_and_flags(self):
        v = Village(
            village_id="v1",
            per_capita_income="5622.99",
            collective_income=29999,
            special_areas=["minority_area"],
            dilapidated_housing_share="0.10",
        )
        assert v.collective_income == Decimal("29999.00")
        assert v.dilapidated_housing_share == Decimal("0.10")

    def test_bad_special_area(self):
        with pytest.raises(InvalidRecordError, match="special_areas"):
            Village(village_id="v1", special_areas=["seaside"])


class TestPairing:
    def test_interval_must_not_end_before_it_starts(self):
        with pytest.raises(InvalidRecordError, match="valid_to"):
            Pairing(
                pairing_id="p1",
                assisting_kind="cadre",
                assisting_id="c1",
                assisted_kind="household",
                assisted_id="h1",
                valid_from=dt.date(2011, 1, 1),
                valid_to=dt.date(2010, 12, 31),
            )

    def test_a_unit_cannot_be_paired_with_a_household(self):
        with pytest.raises(InvalidRecordError, match="cannot be assisted by a unit"):
            Pairing(
                pairing_id="p1",
                assisting_kind="unit",
                assisting_id="u1",
                assisted_kind="household",
                assisted_id="h1",
                valid_from=dt.date(2011, 1, 1),
            )

    def test_active_on_is_inclusive(self):
        p = Pairing(
            pairing_id="p1",
            assisting_kind="unit",
            assisting_id="u1",
            assisted_kind="village",
            assisted_id="v1",
            valid_from=dt.date(2010, 3, 1),
            valid_to=dt.date(2012, 12, 31),
        )
        assert p.active_on(dt.date(2010, 3, 1))
        assert p.active_on(dt.date(2012, 12, 31))
        assert not p.active_on(dt.date(2013, 1, 1))
        assert not p.active_on(dt.date(2010, 2, 28))

    def test_datetime_is_not_a_date(self):
        with pytest.raises(InvalidTypeError):
            Pairing(
                pairing_id="p1",
                assisting_kind="unit",
                assisting_id="u1",
                assisted_kind="village",
                assisted_id="v1",
                valid_from=dt.datetime(2010, 3, 1),
            )


class TestPlanAndTeams:
    def test_plan_needs_a_measure(self):
        with pytest.raises(InvalidRecordError, match="at least 1 item"):
            Plan(
                plan_id="pl1",
                subject_kind="household",
                subject_id="h1",
                measures=[],
                target_year=2012,
            )

    def test_plan_subject_kind(self):
        with pytest.raises(InvalidRecordError, match="household or village"):
            Plan(
                plan_id="pl1",
                subject_kind="unit",
                subject_id="u1",
                measures=[Measure(kind="housing")],
                target_year=2012,
            )

    def test_team_leader_must_be_a_member(self):
        with pytest.raises(InvalidRecordError, match="leader_id"):
            WorkTeam(team_id="t1", unit_id="u1", village_id="v1", cadre_ids=["a"], leader_id="b")

    def test_team_cadres_unique(self):
        with pytest.raises(InvalidRecordError, match="repeat"):
            WorkTeam(team_id="t1", unit_id="u1", village_id="v1", cadre_ids=["a", "a"])


class TestAdminAndRound:
    def test_only_a_province_has_no_parent(self):
        with pytest.raises(InvalidRecordError):
            AdminArea(area_id="c1", level="city")
        with pytest.raises(InvalidRecordError):
            AdminArea(area_id="p1", level="province", parent_id="x")

    def test_round_end_not_before_start(self):
        with pytest.raises(ShuangdaoError, match="round 2"):
            Round(
                number=2,
                name_zh="",
                name_en="",
                start=dt.date(2015, 1, 1),
                end=dt.date(2013, 1, 1),
                income_measure="net",
                standards_ref="round2",
            )


class TestCountLimits:
    """Found by fuzzing: a population of 2**63 passed the model and broke the int64 table."""

    def test_counts_must_fit_the_batch_int64_columns(self):
        with pytest.raises(InvalidRecordError, match=r"< 10\^18"):
            Village(village_id="v1", registered_population=2**63)
        with pytest.raises(InvalidRecordError, match=r"< 10\^18"):
            household(members=10**18)
        assert household(members=10**18 - 1).members == 10**18 - 1
