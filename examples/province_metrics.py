"""Outcome metrics for the built-in synthetic province, before and after round 2.

Round-2 poor households are selected from the 2011 incomes (key village: per-capita income below
5623 and collective income below 30000; household: per-capita income below 3093 with labour
capacity; brief §3). Their poverty is measured in 2011 against the 2011 line, and in 2015 against
the 2015 target (45 % of that year's provincial rural average, brief §3, R8). Note the caliber
change: 2015 incomes are *disposable*, the target was stated in *net* income (brief §9.5).

The regional difference coefficient is computed over the 21 synthetic cities' rural per-capita
income — the synthetic province has no GDP, so this only illustrates the function; Guangdong's
published 0.75 → 0.63 is per-capita GDP.

Run: ``python examples/province_metrics.py`` (needs the ``frame`` extra).
"""

from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.metrics import (
    Region,
    poor_persons,
    poverty_gap_index,
    poverty_headcount_ratio,
    regional_difference_coefficient,
    share_meeting_target,
    squared_poverty_gap_index,
)
from shuangdao.standards import default_standards
from shuangdao.synth import generate_province


def main() -> None:
    """Print the metrics before and after round 2."""
    standards = default_standards()
    province = generate_province(scale=0.05)
    villages, households = province.villages, province.households

    key = pc.and_(
        pc.less(villages.column("per_capita_income_2011"), Decimal("5623")),
        pc.less(villages.column("collective_income_2011"), Decimal("30000")),
    )
    key_ids = villages.filter(key).column("village_id")
    in_key = pc.is_in(households.column("village_id"), value_set=key_ids)
    line = standards.value("round2.household_line")
    below = pc.less(
        households.column("income_2011"),
        pc.multiply(households.column("members"), pa.scalar(line, pa.decimal128(15, 2))),
    )
    poor = households.filter(
        pc.and_(pc.and_(in_key, below), households.column("has_labour_capacity"))
    )
    target_2015 = (
        standards.value("round2.exit_ratio")
        * standards.series_value("statistics.provincial_rural_income", 2015).value
    ).quantize(Decimal("1"))

    print(
        f"Synthetic province (scale 0.05): {len(key_ids)} key villages, "
        f"{poor.num_rows} round-2 poor households, {pc.sum(poor.column('members'))} people"
    )
    print(f"2015 target: 45 % x 13360 = {target_2015} yuan (disposable; the target was in net)")
    print()
    header = f"{'':34}{'P0':>10}{'P1':>10}{'P2':>10}{'persons':>10}"
    print(header)
    for label, column, target in (
        ("2011 incomes, 2011 line 3093 (<)", "income_2011", "round2.household_line"),
        ("2015 incomes, 2011 line 3093 (<)", "income_2015", "round2.household_line"),
        (f"2015 incomes, 2015 target {target_2015}", "income_2015", target_2015),
    ):
        p0 = poverty_headcount_ratio(poor, target, income_column=column)
        p1 = poverty_gap_index(poor, target, places=4, income_column=column)
        p2 = squared_poverty_gap_index(poor, target, places=4, income_column=column)
        count = poor_persons(poor, target, income_column=column)
        print(f"{label:34}{float(p0):>10.4f}{p1:>10}{p2:>10}{count:>10}")
    share = share_meeting_target(poor, target_2015, income_column="income_2015")
    print(f"\nShare of round-2 poor persons at or above the 2015 target: {float(share):.2%}")

    # All households of the province against the national line 2300 (2010 prices, S35).
    for year in (2011, 2015):
        p0 = poverty_headcount_ratio(
            households, "statistics.national_rural_poverty_line", income_column=f"income_{year}"
        )
        print(f"Province, {year} incomes below 2300 (national line, nominal): {float(p0):.2%}")

    # Regional difference coefficient (illustration: rural per-capita income, not GDP).
    for year in (2011, 2015):
        by_city = (
            households.append_column(
                "city_id",
                pc.utf8_slice_codeunits(households.column("village_id"), 0, 3),
            )
            .group_by("city_id")
            .aggregate([(f"income_{year}", "sum"), ("members", "sum")])
        )
        regions = [
            Region(region_id=c, gdp=g, population=m)
            for c, g, m in zip(
                by_city.column("city_id").to_pylist(),
                by_city.column(f"income_{year}_sum").to_pylist(),
                by_city.column("members_sum").to_pylist(),
                strict=True,
            )
        ]
        weighted = regional_difference_coefficient(regions, places=4)
        plain = regional_difference_coefficient(regions, weighted=False, places=4)
        print(
            f"CV of rural per-capita income across 21 cities, {year}: "
            f"{weighted} (population-weighted), {plain} (unweighted)"
        )


if __name__ == "__main__":
    main()
