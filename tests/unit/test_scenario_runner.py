"""The whole-round runner by partitions: the scalar path record for record, any partitioning.

Issue 13: the runner's tables equal the object path record for record on small provinces for
rounds 1, 2 and 3 (identification, pairing, exits, village targets, assessments, settlement,
follow-up, accountability triggers); the partitioning (the synthetic province generated block by
block, tables cut into small partitions, Parquet row groups) never changes a table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shuangdao.batch import identify
from shuangdao.cli import main
from shuangdao.errors import InvalidRecordError, OverrideError
from shuangdao.rules.accountability import fail_share_trigger
from shuangdao.rules.assessment import assess
from shuangdao.rules.progress import household_exit, village_exit
from shuangdao.rules.settlement import settle_county, settle_round
from shuangdao.scenario import TABLES, check_scenario, run_round
from shuangdao.standards import default_standards
from shuangdao.synth import generate_province, write_parquet

SCALE = 0.005


@pytest.fixture(scope="module")
def runs():
    """One run per round on a small synthetic province."""
    return {r: run_round(round=r, scale=SCALE) for r in (1, 2, 3)}


def _same_tables(a, b, names=TABLES):
    different = [n for n in names if not a.tables[n].equals(b.tables[n])]
    assert different == []


class TestScalarPath:
    """Every row of every stage with a scalar rule, decided again by the object path."""

    @pytest.mark.parametrize("round_", [1, 2, 3])
    def test_identification(self, runs, round_):
        result = runs[round_]
        villages, households = generate_province(scale=SCALE).round_inputs(round_)
        standards = default_standards()
        if round_ == 1:
            standards = standards.with_overrides(
                {"round1.village_selection_rule": "caller_supplied"}
            )
        whole = identify(villages, households, round=round_)
        t = result.identification_households
        assert t.column("household_id").equals(pc_string(whole.households.column("household_id")))
        assert t.column("poor").equals(whole.households.column("poor"))
        assert t.column("reason").to_pylist() == whole.households.column("reason").to_pylist()
        assert t.column("margin").equals(whole.households.column("margin"))
        v = result.identification_villages
        assert v.column("selected").equals(whole.villages.column("selected"))
        # every village and every 25th household through the object path, by the run itself
        for row in v.to_pylist():
            decision = result.decision("identification", row["village_id"])
            assert decision.outcome == row["selected"]
            assert decision.code == row["reason"]
        for row in t.to_pylist()[::25]:
            decision = result.decision("identification", row["household_id"])
            assert decision.outcome == row["poor"]
            assert decision.code == row["reason"]
        _ = standards

    @pytest.mark.parametrize("round_", [1, 2, 3])
    def test_exits(self, runs, round_):
        result = runs[round_]
        years = [
            int(c.split("_")[1]) for c in result.progress.column_names if c.startswith("exited_")
        ]
        for row in result.progress.to_pylist():
            incomes = {y: row[f"income_{y}"] for y in years}
            for year in years:
                decision = household_exit(
                    row["household_id"],
                    members=row["members"],
                    income_by_year=incomes,
                    round=round_,
                    year=year,
                )
                assert decision.outcome == row[f"exited_{year}"], (row["household_id"], year)

    @pytest.mark.parametrize("round_", [1, 2, 3])
    def test_assessments(self, runs, round_):
        result = runs[round_]
        for row in result.assessments.to_pylist():
            decision = result.decision("assessment", row["village_id"], year=row["year"])
            assert decision.code == row["grade"]
            assert decision.outcome == row["passed"]
            assert decision.value == row["score"]

    @pytest.mark.parametrize("round_", [1, 2, 3])
    def test_settlement_and_village_targets(self, runs, round_):
        result = runs[round_]
        explainer = result._explain.__self__
        year = explainer.ctx.settlement_year
        failing = set()
        for row in result.settlement.to_pylist():
            subject = "round" if row["level"] == "round" else row["subject_id"]
            if row["code"] == "no_counted_households":
                # the object path refuses a group with no counted household
                with pytest.raises(InvalidRecordError, match="no counted household"):
                    result.decision("settlement", subject)
                continue
            decision = result.decision("settlement", subject)
            assert decision.outcome == row["passed"]
            assert decision.code == row["code"]
            assert decision.value == row["share"]
            if row["level"] == "round" and row["code"].startswith("not:"):
                failing = {c.split(".")[1] for c in row["code"][4:].split("+") if "." in c}
        if round_ == 3:
            return
        counties = dict(
            zip(
                result.pairing_villages.column("village_id").to_pylist(),
                result.pairing_villages.column("county_id").to_pylist(),
                strict=True,
            )
        )
        for village_id, county in counties.items():
            history = explainer._village(village_id, county)
            decision = village_exit(history, round=round_, year=year)
            assert decision.outcome == (village_id not in failing), village_id

    @pytest.mark.parametrize("round_", [1, 2, 3])
    def test_follow_up(self, runs, round_):
        result = runs[round_]
        for row in result.follow_up.to_pylist():
            decision = result.decision("follow_up", row["village_id"])
            assert decision.outcome == row["passed"]
            relapsed = {
                r.criterion.split(".")[1]
                for r in decision.reasons
                if r.criterion.startswith("household.") and not r.holds
            }
            assert len(relapsed) == row["households_relapsed"]

    @pytest.mark.parametrize("round_", [1, 2, 3])
    def test_accountability_triggers(self, runs, round_):
        result = runs[round_]
        for row in result.accountability.to_pylist():
            decision = fail_share_trigger(
                row["area_id"],
                assessment_number=row["assessment_number"],
                failed=row["failed"],
                total=row["total"],
            )
            assert decision.outcome == row["triggered"]

    @pytest.mark.parametrize("round_", [1, 2])
    def test_pairing_is_the_helpers(self, runs, round_):
        result = runs[round_]
        first, _ = result._explain.__self__._assignments()
        on = first.on
        for row in result.pairing_households.to_pylist():
            cadre = first.ledger.responsible_cadre(row["household_id"], on)
            assert cadre is not None
            assert cadre.cadre_id == row["cadre_id"]
        for row in result.pairing_villages.to_pylist():
            assert first.village_teams[row["village_id"]][0] == row["unit_id"]

    def test_round3_scattered_households_are_paired_as_the_helper_pairs_them(self, runs):
        result = runs[3]
        _, scattered = result._explain.__self__._assignments()
        assert scattered is not None
        on = scattered.on
        rows = result.pairing_households.filter(result.pairing_households.column("scattered"))
        assert rows.num_rows > 0
        for row in rows.to_pylist():
            if row["cadre_id"] is None:
                continue
            cadre = scattered.ledger.responsible_cadre(row["household_id"], on)
            assert cadre.cadre_id == row["cadre_id"]


def pc_string(column):
    import pyarrow.compute as pc

    return pc.cast(column, pa.string())


class TestPartitioning:
    """The same tables whatever the partitions and wherever they are read from."""

    @pytest.mark.parametrize("round_", [1, 2, 3])
    def test_generated_blocks_equal_the_province_in_small_partitions(self, round_):
        province = generate_province(scale=0.02)
        generated = run_round(round=round_, scale=0.02)
        cut = run_round(province, round=round_, partition_households=4000)
        _same_tables(generated, cut)
        assert generated.summary().to_dict().keys() == cut.summary().to_dict().keys()

    def test_parquet_row_groups_equal_memory(self, tmp_path):
        province = generate_province(scale=0.12)
        paths = write_parquet(province, tmp_path)
        assert pq.ParquetFile(paths["households"]).num_row_groups == 3
        files = (paths["villages"], paths["households"], paths["units"], paths["cadres"])
        from_files = run_round(files, round=2, partition_households=1)
        in_memory = run_round(province, round=2)
        _same_tables(from_files, in_memory)

    def test_unsorted_households_are_cut_by_village(self):
        province = generate_province(scale=0.02)
        villages, households = province.round_inputs(2)
        order = np.random.default_rng(1).permutation(households.num_rows)
        shuffled = households.take(pa.array(order))
        result = run_round((villages, shuffled), round=2, partition_households=3000)
        whole = identify(villages, shuffled, round=2)
        mine = result.identification_households.sort_by("household_id")
        theirs = whole.households.sort_by("household_id")
        assert mine.column("poor").equals(theirs.column("poor"))
        assert mine.column("margin").equals(theirs.column("margin"))

    def test_bad_rows_are_rejected_with_their_input_rows(self):
        villages = pa.table(
            {
                "village_id": ["v1", "v2", "v3"],
                "county_id": ["k1", "k1", "k2"],
                "per_capita_income": ["5000", "x", "5000"],
                "collective_income": ["100", "100", "100"],
            }
        )
        households = pa.table(
            {
                "household_id": ["h1", "h2", "h3", "h4", "h5"],
                "village_id": ["v3", "v1", "v2", "v1", "v3"],
                "members": [2, 0, 1, 1, 3],
                "income": ["100", "100", "100", "100", "100"],
                "has_labour_capacity": [True, True, True, True, True],
            }
        )
        run = run_round((villages, households), round=2, partition_households=1)
        whole = identify(villages, households, round=2)
        assert run.rejected.sort_by([("file", "descending"), ("row", "ascending")]).equals(
            whole.rejected.sort_by([("file", "descending"), ("row", "ascending")])
        )
        assert run.summary().rejected == whole.rejected.num_rows == 3


class TestOutput:
    def test_streamed_files_equal_the_memory_tables(self, tmp_path, runs):
        result = run_round(round=2, scale=SCALE, out=tmp_path / "pq")
        for name in TABLES:
            assert (tmp_path / "pq" / f"{name}.parquet").is_file()
            assert result.tables[name].equals(runs[2].tables[name]), name
        report = (tmp_path / "pq" / "report.md").read_text(encoding="utf-8")
        assert "## Timings" in report
        assert "## Certainty of the decisions" in report
        assert not list((tmp_path / "pq").glob(".*"))  # no spooled file left

    def test_csv_files(self, tmp_path):
        result = run_round(round=2, scale=SCALE, out=tmp_path / "csv", format="csv")
        text = (tmp_path / "csv" / "progress.csv").read_text(encoding="utf-8")
        assert text.splitlines()[0].startswith('"household_id"')
        assert result.summary().households_selected == len(text.splitlines()) - 1

    def test_progress_reports_steps(self):
        seen = []
        run_round(round=2, scale=0.12, progress=lambda s, d, t: seen.append((s, d, t)))
        steps = [d for s, d, t in seen if s == "identify"]
        assert steps == [0, 1, 2, 3]
        assert [s for s, _, _ in seen if s in ("pair", "accountability", "settle")]

    def test_summary_counts_decisions_by_certainty_and_times_the_stages(self, runs):
        s = runs[2].summary()
        assert s.certainty["identification"]["confirmed"] > 0
        assert s.uncertain()["exit"] == s.households_selected  # 2014: the recalled figure
        assert "recalled or assumed" in s.text("en")
        assert "依赖回忆或假定" in s.text("zh")
        assert {"identify", "generate", "assess", "total"} <= set(s.timings)
        assert "Timings:" in s.text("en")

    def test_report_lists_every_table(self, runs):
        report = runs[2].report()
        for name in TABLES:
            assert f"`{name}`" in report


def test_seeded_draws_do_not_depend_on_the_partitioning():
    province = generate_province(scale=0.02)
    one = run_round(province, round=1, partition_households=10**9)
    many = run_round(province, round=1, partition_households=2000)
    _same_tables(one, many, ("plans", "progress", "assessments"))
    assert one.plans.num_rows == many.plans.num_rows


_ = (dt, Decimal, settle_county, settle_round, assess)


def test_a_household_given_twice_in_parquet_is_rejected_as_in_one_piece(tmp_path):
    """A duplicate id inside a row group: the run reads the files whole and keeps the first."""
    villages, households = generate_province(scale=0.02).round_inputs(2)
    rows = households.num_rows
    twice = pa.concat_tables(
        [households.slice(0, 10), households.slice(5, 1), households.slice(10)]
    )
    pq.write_table(villages, tmp_path / "v.parquet")
    pq.write_table(twice, tmp_path / "h.parquet", row_group_size=2 * rows)
    result = run_round((tmp_path / "v.parquet", tmp_path / "h.parquet"), round=2)
    whole = identify(villages, twice, round=2)
    assert result.rejected.equals(whole.rejected)
    assert result.summary().rejected == 1
    assert "duplicate" in result.rejected.column("error")[0].as_py()


class TestScenarioChecks:
    """Scenario overrides the run cannot read fail at once, naming the key (issue 13)."""

    @pytest.mark.parametrize(
        ("overrides", "key", "message"),
        [
            ({"scenario.indicator_progress": {}}, "scenario.indicator_progress", "empty"),
            (
                {"scenario.indicator_progress": {"first": "0.9"}},
                "scenario.indicator_progress.first",
                "whole numbers",
            ),
            (
                {"scenario.mandated_indicator_met_share": {}},
                "scenario.mandated_indicator_met_share",
                "empty",
            ),
            (
                {"scenario.mandated_indicator_met_share": {"1": "1.5"}},
                "scenario.mandated_indicator_met_share.1",
                "between 0 and 1",
            ),
        ],
    )
    def test_bad_keyed_tables(self, overrides, key, message):
        standards = default_standards().with_overrides(overrides)
        with pytest.raises(OverrideError, match=message) as caught:
            check_scenario(standards, round=2)
        assert caught.value.field == key
        # a run checks them before it generates or reads anything
        with pytest.raises(OverrideError) as caught:
            run_round(round=2, scale=1000, standards=standards)
        assert caught.value.field == key

    def test_round3_exit_plan_is_keyed_by_year(self):
        standards = default_standards().with_overrides(
            {"scenario.round3_planned_exits": {"soon": 5}}
        )
        check_scenario(standards, round=2)  # round 2 does not read it
        with pytest.raises(OverrideError, match="years") as caught:
            check_scenario(standards, round=3)
        assert caught.value.field == "scenario.round3_planned_exits.soon"

    def test_a_later_assessment_reads_the_last_entry_given(self):
        only_first = default_standards().with_overrides(
            {"scenario.indicator_progress": {"1": "0.85"}}
        )
        check_scenario(only_first, round=2)
        run = run_round(round=2, scale=SCALE, standards=only_first)
        assert run.assessments.num_rows > 0

    def test_the_cli_names_the_key(self, tmp_path, capsys):
        overrides = tmp_path / "o.toml"
        overrides.write_text('"scenario.indicator_progress" = {}\n', encoding="utf-8")
        status = main(
            ["run", "--quiet", "--standards", str(overrides), "--out", str(tmp_path / "o")]
        )
        assert status == 2
        err = capsys.readouterr().err
        assert "scenario.indicator_progress" in err
        assert "max()" not in err
        assert not (tmp_path / "o").exists()

    def test_an_unexpected_failure_names_the_stage(self, tmp_path, capsys, monkeypatch):
        import shuangdao.scenario._runner as runner

        def broken(*args, **kwargs):
            raise ValueError("something odd")

        monkeypatch.setattr(runner, "assess_part", broken)
        status = main(["run", "--quiet", "--scale", "0.005", "--out", str(tmp_path / "o")])
        assert status == 2
        err = capsys.readouterr().err
        assert "cannot run (stage assess (the built-in synthetic province))" in err
        assert "ValueError: something odd" in err
        with pytest.raises(ValueError, match="something odd") as caught:
            run_round(round=2, scale=SCALE)
        assert caught.value.__notes__[-1].startswith("shuangdao run: stage assess")

    def test_an_unreadable_input_names_the_file(self, tmp_path, capsys):
        villages, _ = generate_province(scale=SCALE).round_inputs(2)
        pq.write_table(villages, tmp_path / "v.parquet")
        (tmp_path / "h.parquet").write_bytes(b"not parquet at all")
        status = main(
            [
                "run",
                "--quiet",
                "--villages",
                str(tmp_path / "v.parquet"),
                "--households",
                str(tmp_path / "h.parquet"),
                "--out",
                str(tmp_path / "o"),
            ]
        )
        assert status == 2
        err = capsys.readouterr().err
        assert "h.parquet" in err


class TestTakeStrings:
    """``take_strings`` (by bytes for ids of one length) equals Arrow's ``take``."""

    @pytest.mark.parametrize(
        "values",
        [
            ["C01-K01", "C01-K02", "C02-K01"],  # one length: by bytes
            ["V1", "V22", "V333"],  # lengths differ: Arrow's take
            ["", "", ""],  # empty strings
            ["a", None, "c"],  # a null
        ],
    )
    @pytest.mark.parametrize("index", [[], [0], [2, 2, 0, 1, 1, 1], [0, 0, 0, 0]])
    def test_equals_take(self, values, index):
        from shuangdao.scenario._identification import take_strings

        array = pa.array(values, pa.string())
        for source in (array, array.slice(0), pa.chunked_array([array])):
            got = take_strings(source, np.asarray(index, dtype=np.int64))
            assert got.equals(array.take(pa.array(index, pa.int64())))
        if len(set(map(len, filter(None, values)))) == 1 and None not in values:
            sliced = pa.array(["x", *values], pa.string()).slice(1)  # a non-zero offset
            got = take_strings(sliced, np.asarray(index, dtype=np.int64))
            assert got.equals(array.take(pa.array(index, pa.int64())))
