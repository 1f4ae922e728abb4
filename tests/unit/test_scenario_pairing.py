"""The runner's pairing stage: shared villages in round 1, scattered households in round 3."""

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from shuangdao.errors import UnknownReferenceError
from shuangdao.scenario import run_round
from shuangdao.standards import default_standards
from shuangdao.synth import generate_province


@pytest.fixture(scope="module")
def province():
    return generate_province(scale=0.05)


@pytest.fixture(scope="module")
def round1(province):
    return run_round(province, round=1)


@pytest.fixture(scope="module")
def round3(province):
    return run_round(province, round=3)


def _every_one_paired(result) -> None:
    s = result.summary()
    assert s.villages_paired == s.villages_selected > 0
    assert s.households_paired == s.households_selected > 0
    assert result.pairing_households.column("cadre_id").null_count == 0
    assert result.pairing_villages.column("unit_id").null_count == 0
    assert not any("pairing failed" in n for n in s.notes)


class TestRound1SharedVillages:
    """Round 1 combines up to 4 units per village (SEED 专栏4: 136 units, 38 villages)."""

    def test_every_village_and_household_is_paired(self, round1):
        _every_one_paired(round1)

    def test_some_villages_share_units_never_more_than_four(self, round1):
        teams = [t.split("+") for t in round1.pairing_villages.column("unit_ids").to_pylist()]
        assert max(len(t) for t in teams) <= 4
        assert any(len(t) > 1 for t in teams)
        lead = round1.pairing_villages.column("unit_id").to_pylist()
        assert all(t[0] == u for t, u in zip(teams, lead, strict=True))
        assert any("up to 4 units per village" in n for n in round1.summary().notes)

    def test_household_cadres_belong_to_their_villages_units(self, round1):
        teams = dict(
            zip(
                round1.pairing_villages.column("village_id").to_pylist(),
                (t.split("+") for t in round1.pairing_villages.column("unit_ids").to_pylist()),
                strict=True,
            )
        )
        rows = round1.identification_households.filter(
            round1.identification_households.column("poor")
        )
        village = dict(
            zip(
                rows.column("household_id").to_pylist(),
                rows.column("village_id").to_pylist(),
                strict=True,
            )
        )
        table = round1.pairing_households
        for household, unit in zip(
            table.column("household_id").to_pylist(),
            table.column("unit_id").to_pylist(),
            strict=True,
        ):
            assert unit in teams[village[household]]

    def test_shared_village_decision_holds(self, round1):
        table = round1.pairing_villages
        shared = table.filter(pc.match_substring(table.column("unit_ids"), "+"))
        village = shared.column("village_id")[0].as_py()
        decision = round1.decision("pairing", village)
        assert decision.outcome is True

    def test_one_unit_per_village_reproduces_the_failure(self, province):
        """With scenario.max_units_per_village 1 for round 1, the biggest village cannot be placed."""
        one = default_standards().with_overrides(
            {"scenario.max_units_per_village": {"1": 1, "2": 1, "3": 1}}
        )
        result = run_round(province, round=1, standards=one)
        assert any("could not be placed" in n for n in result.summary().notes)


class TestRound3ScatteredHouseholds:
    """Round 3 pairs households outside the relatively poor villages with local cadres."""

    def test_every_village_and_household_is_paired(self, round3):
        _every_one_paired(round3)

    def test_scattered_households_have_synthetic_local_cadres(self, round3):
        table = round3.pairing_households
        scattered = table.filter(table.column("scattered"))
        assert scattered.num_rows > 0
        assert all(scattered.column("synthetic_local").to_pylist())
        assert all(u.startswith("L-") for u in scattered.column("unit_id").to_pylist())
        inside = table.filter(pc.invert(table.column("scattered")))
        assert not any(inside.column("synthetic_local").to_pylist())
        notes = round3.summary().notes
        assert any("synthetic cadre pools, one per county" in n for n in notes)

    def test_local_cadres_stay_in_their_county(self, round3):
        ids = round3.identification_households
        county = dict(
            zip(
                ids.column("household_id").to_pylist(),
                ids.column("county_id").to_pylist(),
                strict=True,
            )
        )
        table = round3.pairing_households.filter(round3.pairing_households.column("scattered"))
        for household, unit in zip(
            table.column("household_id").to_pylist(),
            table.column("unit_id").to_pylist(),
            strict=True,
        ):
            assert unit == f"L-{county[household]}"

    def test_load_limit_holds(self, round3):
        counts = pc.value_counts(round3.pairing_households.column("cadre_id"))
        assert max(counts.field("counts").to_pylist()) <= 100
        assert round3.summary().max_load <= 100

    def test_scattered_household_decision_holds(self, round3):
        table = round3.pairing_households
        household = table.filter(table.column("scattered")).column("household_id")[0].as_py()
        decision = round3.decision("pairing", household)
        assert decision.outcome is True
        assert decision.rule == "pairing.household_responsible"

    def test_switched_off_leaves_them_unpaired(self, province):
        off = default_standards().with_overrides({"scenario.pair_scattered_households": False})
        result = run_round(province, round=3, standards=off)
        s = result.summary()
        scattered = result.pairing_households.filter(result.pairing_households.column("scattered"))
        assert s.households_paired == s.households_selected - scattered.num_rows
        assert scattered.column("cadre_id").null_count == scattered.num_rows
        with pytest.raises(UnknownReferenceError, match="has no pairing"):
            result.decision("pairing", scattered.column("household_id")[0].as_py())

    def test_user_data_uses_county_level_units_with_a_county(self, province):
        """Real data is never topped up: local units come from the units table's county_id."""
        villages, households = province.round_inputs(3)
        first = run_round(province, round=3)
        scattered = first.pairing_households.filter(first.pairing_households.column("scattered"))
        ids = first.identification_households
        county_of = dict(
            zip(
                ids.column("household_id").to_pylist(),
                ids.column("county_id").to_pylist(),
                strict=True,
            )
        )
        need: dict[str, int] = {}
        for household in scattered.column("household_id").to_pylist():
            need[county_of[household]] = need.get(county_of[household], 0) + 1
        counties = sorted(need)
        served, unserved = counties[:-1], counties[-1]
        units = province.units.append_column(
            "county_id", pa.nulls(province.units.num_rows, pa.string())
        )
        local = pa.table(
            {
                "unit_id": [f"LOCAL-{c}" for c in served],
                "kind": ["party_government_organ"] * len(served),
                "level": ["county"] * len(served),
                "home_city_id": pa.nulls(len(served), pa.string()),
                "capacity_villages": pa.array([0] * len(served), pa.int64()),
                "capacity_cadres": pa.nulls(len(served), pa.int64()),
                "county_id": served,
            }
        )
        units = pa.concat_tables([units, local.cast(units.schema)])
        extra = [
            (f"LOCAL-{c}-{j}", f"LOCAL-{c}") for c in served for j in range(-(-need[c] // 100))
        ]
        cadres = pa.concat_tables(
            [
                province.cadres,
                pa.table(
                    {"cadre_id": [c for c, _ in extra], "unit_id": [u for _, u in extra]}
                ).cast(province.cadres.schema),
            ]
        )
        result = run_round((villages, households, units, cadres), round=3)
        s = result.summary()
        assert s.households_paired == s.households_selected - need[unserved]
        table = result.pairing_households.filter(result.pairing_households.column("scattered"))
        assert not any(table.column("synthetic_local").to_pylist())
        assert {u for u in table.column("unit_id").to_pylist() if u} == {
            f"LOCAL-{c}" for c in served
        }
        assert any(
            f"{need[unserved]:,} scattered households have no responsible cadre" in n
            for n in s.notes
        )
