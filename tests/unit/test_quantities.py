"""Exact money, ratios and comparators (quantities module)."""

from decimal import Decimal

import pytest

from shuangdao import ShuangdaoError
from shuangdao.errors import InvalidMoneyError, InvalidRecordError, InvalidTypeError
from shuangdao.quantities import Comparator, compare_per_capita, from_fen, money, ratio, to_fen


class TestMoney:
    def test_accepts_decimal_strings_ints_and_decimals(self):
        assert money("9278.99") == Decimal("9278.99")
        assert money(1500) == Decimal("1500.00")
        assert money(Decimal("3093")) == Decimal("3093.00")

    def test_float_is_converted_from_its_shortest_repr(self):
        assert money(9278.99) == Decimal("9278.99")
        assert money(0.1) == Decimal("0.10")

    @pytest.mark.parametrize("bad", ["0.001", 0.001, Decimal("1e-3"), "12.345"])
    def test_more_than_two_decimals_is_rejected(self, bad):
        with pytest.raises(InvalidMoneyError, match="more than two decimals"):
            money(bad, field="income")

    def test_trailing_zero_digits_are_accepted(self):
        assert money("12.3400") == Decimal("12.34")

    @pytest.mark.parametrize(
        "bad",
        ["nan", "inf", float("nan"), float("inf"), "abc", "1e3", "1_000", "1,000", "４", "¥5"],
    )
    def test_non_finite_or_non_numbers_are_rejected(self, bad):
        with pytest.raises(InvalidMoneyError):
            money(bad)

    @pytest.mark.parametrize("bad", ["", " ", None])
    def test_missing_is_an_error(self, bad):
        with pytest.raises(InvalidRecordError, match="is missing"):
            money(bad, field="income")

    @pytest.mark.parametrize("bad", [True, [1], object()])
    def test_wrong_types_are_type_errors(self, bad):
        with pytest.raises(InvalidTypeError) as info:
            money(bad, field="income", record="household h1")
        assert isinstance(info.value, TypeError)
        assert info.value.field == "income"
        assert info.value.record == "household h1"

    def test_negative_rejected_unless_allowed(self):
        with pytest.raises(InvalidMoneyError, match=">= 0"):
            money("-5")
        assert money("-5", allow_negative=True) == Decimal("-5.00")

    def test_message_names_record_field_and_value(self):
        with pytest.raises(ShuangdaoError) as info:
            money("1.001", field="income", record="household 4403-0012")
        assert str(info.value) == (
            "household 4403-0012: income='1.001' has more than two decimals (fen precision)"
        )

    def test_fen_round_trip(self):
        assert to_fen(money("3092.76")) == 309276
        assert from_fen(309276) == Decimal("3092.76")


class TestRatio:
    def test_values(self):
        assert ratio("0.60") == Decimal("0.60")
        assert ratio(0.33) == Decimal("0.33")

    @pytest.mark.parametrize("bad", [1.7, -0.1, "2"])
    def test_out_of_range(self, bad):
        with pytest.raises(InvalidMoneyError, match="between 0 and 1"):
            ratio(bad)


class TestComparator:
    """以上/以下 include the number; 低于/超过 exclude it (brief, "Comparators"; 民法通则 art. 155)."""

    @pytest.mark.parametrize(
        ("comparator", "observed", "expected"),
        [
            (Comparator.LE, "1499.99", True),
            (Comparator.LE, "1500.00", True),
            (Comparator.LE, "1500.01", False),
            (Comparator.LT, "5622.99", True),
            (Comparator.LT, "5623.00", False),
            (Comparator.GE, "2500.00", True),
            (Comparator.GE, "2499.99", False),
            (Comparator.GT, "5623.00", False),
            (Comparator.GT, "5623.01", True),
        ],
    )
    def test_boundaries(self, comparator, observed, expected):
        threshold = Decimal("1500") if comparator is Comparator.LE else Decimal("5623")
        if comparator is Comparator.GE:
            threshold = Decimal("2500")
        assert comparator.holds(Decimal(observed), threshold) is expected

    def test_negation_is_exact_complement(self):
        for comparator in Comparator:
            for value in ("1", "2", "3"):
                assert comparator.holds(Decimal(value), Decimal(2)) != comparator.negated.holds(
                    Decimal(value), Decimal(2)
                )

    @pytest.mark.parametrize("text", ["ge", ">=", "以上"])
    def test_parse(self, text):
        assert Comparator.parse(text) is Comparator.GE

    def test_parse_rejects_nonsense(self):
        with pytest.raises(InvalidTypeError):
            Comparator.parse("about")


class TestComparePerCapita:
    def test_exactly_at_the_line_is_not_below(self):
        # 3093 x 4 = 12372: exactly at the round-2 line, so not "below" (低于).
        holds, margin = compare_per_capita(Decimal("12372.00"), 4, Comparator.LT, Decimal("3093"))
        assert holds is False
        assert margin == 0

    def test_one_fen_below_the_line_times_members(self):
        holds, margin = compare_per_capita(Decimal("12371.99"), 4, Comparator.LT, Decimal("3093"))
        assert holds is True
        assert margin == Decimal("-0.0025")

    def test_thirds_do_not_round_into_a_wrong_answer(self):
        # 10 / 3 = 3.333...; with line 3.33, a float or a rounded division could say "equal".
        holds, _ = compare_per_capita(Decimal("10.00"), 3, Comparator.LE, Decimal("3.33"))
        assert holds is False
