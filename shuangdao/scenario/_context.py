"""What every partition of a run shares: the round, its calendar, the rules bound once."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shuangdao.calendar import round_calendar
from shuangdao.declare import BoundShare
from shuangdao.rules.assessment import scoring_model
from shuangdao.rules.settlement import SETTLEMENT

if TYPE_CHECKING:
    from shuangdao.calendar import RoundCalendar
    from shuangdao.declare import BoundRule
    from shuangdao.model import ScoringModel
    from shuangdao.scenario._growth import GrowthModel
    from shuangdao.scenario._pairing import Pairing
    from shuangdao.standards import Standards

__all__ = ["RoundContext"]


@dataclass(slots=True)
class RoundContext:
    """The run's round, seed, standards and growth model, with what follows from them.

    Sent to every partition (small: no population data). The rules a stage reads are bound
    once here, from their declarations; nothing here chooses a line, a comparator or a key.

    Attributes:
        round: The round.
        seed: The seed of the run's draws.
        standards: The standards.
        model: The income-growth model.
        income_year: The identification income year.
        calendar: The round's calendar.
        years: Every year whose income the run follows (assessments to the follow-up).
        follow_years: The follow-up years.
        scoring: The round's village scoring model.
        pairing: The pairing (filled in after identification).
    """

    round: int
    seed: int
    standards: Standards
    model: GrowthModel
    income_year: int
    calendar: RoundCalendar = field(init=False)
    years: list[int] = field(init=False)
    follow_years: list[int] = field(init=False)
    scoring: ScoringModel = field(init=False)
    pairing: Pairing | None = None

    def __post_init__(self) -> None:
        cal = round_calendar(self.round, standards=self.standards)
        self.calendar = cal
        first = cal.assessment_years[0]
        last_follow = cal.follow_up.last_day.year - 1
        self.years = list(range(first, max(last_follow, cal.settlement_income_year) + 1))
        self.follow_years = list(range(cal.settlement_income_year + 1, last_follow + 1))
        self.scoring = scoring_model(self.round, "village", standards=self.standards)

    @property
    def settlement_year(self) -> int:
        """The settlement income year."""
        year: int = self.calendar.settlement_income_year
        return year

    def counted_rule(self) -> BoundRule:
        """Who the settlement counts (the declared rule: labour capacity in rounds 2-3)."""
        return SETTLEMENT[self.round].counted.bind(self.standards)

    def share_criterion(self, level: str = "round") -> BoundShare:
        """The settlement's declared share of persons out of poverty, at ``level``."""
        rule = SETTLEMENT[self.round].at(level).bind(self.standards, year=self.settlement_year)
        criterion = rule.criterion("persons_share")
        assert isinstance(criterion, BoundShare)
        return criterion

    def target_share(self) -> Decimal:
        """The share of persons the round must bring out of poverty (the settlement's)."""
        value: Decimal = self.share_criterion().share.value
        return value

    def exit_plan(self) -> dict[int, Decimal]:
        """Round 3: cumulative planned share of persons out by each year (S37), else empty.

        ``scenario.round3_planned_exits`` (assumed reading of S37: yearly numbers).
        """
        if self.round != 3:
            return {}
        planned: Any = self.standards.params.scenario.round3_planned_exits
        total = Decimal(sum(int(v) for v in planned.values()))
        if total == 0:  # no planned exits: the round's target share applies every year
            return {}
        done = 0
        result: dict[int, Decimal] = {}
        for year in sorted(planned, key=int):
            done += int(planned[year])
            result[int(year)] = Decimal(done) / total
        return result
