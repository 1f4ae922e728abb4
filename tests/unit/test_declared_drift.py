"""The drift issue 13 measured on 0.1.0: every path gives one answer, in any decimal context.

With ``round2.line_rounding = "exact"`` and ``round2.household_ratio =
"0.3300000000000000000000000001067"`` the household line is 3092.76000000000000000000000099…
(37 significant digits), so a 4-person household with 12371.04 is *poor* (12371.04 < 4 ×
3092.760…0999). 0.1.0 answered "not poor" on the object path (28 digits of the global
context) and "poor" on the batch path. And with ``decimal.getcontext().prec = 4``, 12371.99
for 4 members against 3093 must stay poor (0.1.0 flipped it).
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pyarrow as pa
import pytest

from shuangdao import batch
from shuangdao.model import Household, Village
from shuangdao.rules.identification import identify, identify_household_round2
from shuangdao.standards import default_standards

RATIO = "0.3300000000000000000000000001067"
LINE = decimal.Context(prec=100).multiply(Decimal(RATIO), Decimal(9372))
"""The exact line, 3092.7600000000000000000000009999924."""


@pytest.fixture
def long_line():
    return default_standards().with_overrides(
        {"round2.line_rounding": "exact", "round2.household_ratio": RATIO}
    )


def _household(income: str, members: int = 4) -> Household:
    return Household(
        household_id="h1",
        village_id="v1",
        members=members,
        income=income,
        has_labour_capacity=True,
    )


def _tables(income: str, members: int = 4) -> tuple[pa.Table, pa.Table]:
    villages = pa.table(
        {
            "village_id": ["v1"],
            "per_capita_income": ["5000"],
            "collective_income": ["1000"],
        }
    )
    households = pa.table(
        {
            "household_id": ["h1"],
            "village_id": ["v1"],
            "members": [members],
            "income": [income],
            "has_labour_capacity": [True],
        }
    )
    return villages, households


class TestLongExactLine:
    def test_the_line_has_every_digit(self, long_line):
        line = long_line.params.round2.household_line
        assert line == LINE
        assert len(line.as_tuple().digits) > 28

    def test_object_path_is_poor(self, long_line):
        d = identify_household_round2(
            _household("12371.04"), in_key_village=True, standards=long_line
        )
        assert d.outcome
        reason = d.reason("household_income")
        assert reason.threshold == decimal.Context(prec=100).multiply(LINE, 4)
        assert reason.per_capita == long_line.params.round2.household_line
        assert reason.persons == 4

    def test_every_path_agrees(self, long_line):
        villages, households = _tables("12371.04")
        result = batch.identify(villages, households, round=2, standards=long_line)
        assert result.households.column("poor").to_pylist() == [True]
        assert result.decision(household_id="h1").outcome is True
        objects = identify(
            [Village(village_id="v1", per_capita_income="5000", collective_income="1000")],
            [_household("12371.04")],
            round=2,
            standards=long_line,
        )
        assert objects.household("h1").outcome is True
        margin = result.households.column("margin").to_pylist()[0]
        assert margin == objects.household("h1").reason("household_income").margin

    @pytest.mark.dask
    def test_dask_agrees(self, long_line):
        pytest.importorskip("dask.dataframe")
        import dask.dataframe as dd

        from shuangdao.batch import dask as batch_dask

        villages, households = _tables("12371.04")
        parts = dd.from_pandas(households.to_pandas(), npartitions=1)
        result = batch_dask.identify(villages.to_pandas(), parts, round=2, standards=long_line)
        assert result.households.column("poor").to_pylist() == [True]

    def test_runner_agrees(self, long_line):
        from shuangdao.scenario import run_round

        villages, households = _tables("12371.04")
        result = run_round((villages, households), round=2, standards=long_line, seed=1)
        assert result.summary().households_selected == 1


class TestGlobalContextIsIgnored:
    @pytest.mark.parametrize("prec", [1, 2, 3, 4, 6, 28, 60])
    @pytest.mark.parametrize(
        "rounding", [decimal.ROUND_DOWN, decimal.ROUND_UP, decimal.ROUND_HALF_UP]
    )
    def test_12371_99_for_4_against_3093_stays_poor(self, prec, rounding):
        with decimal.localcontext() as context:
            context.prec = prec
            context.rounding = rounding
            d = identify_household_round2(_household("12371.99"), in_key_village=True)
        assert d.outcome
        assert d.reason("household_income").threshold == Decimal("12372.00")
        assert d.reason("household_income").margin == Decimal("-0.0025")

    def test_at_the_line_is_not_poor_under_prec_4(self):
        with decimal.localcontext() as context:
            context.prec = 4
            d = identify_household_round2(_household("12372.00"), in_key_village=True)
        assert not d.outcome
        assert d.code == "not:household_income"

    def test_batch_and_object_agree_under_prec_4(self):
        villages, households = _tables("12371.99")
        with decimal.localcontext() as context:
            context.prec = 4
            result = batch.identify(villages, households, round=2)
            expanded = result.decision(household_id="h1")
        assert result.households.column("poor").to_pylist() == [True]
        assert expanded.outcome is True

    def test_overrides_derive_exactly_under_prec_4(self):
        with decimal.localcontext() as context:
            context.prec = 4
            s = default_standards().with_overrides(
                {"round2.line_rounding": "exact", "round2.household_ratio": RATIO}
            )
        assert s.params.round2.household_line == LINE
