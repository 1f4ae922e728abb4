"""Amounts: one below another (:class:`Below`), a subsidy tier (:class:`TierAmount`) (private)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import frozen

from shuangdao.citations import Citation
from shuangdao.declare import Env, Resolved, kernel, resolve_param, weakest
from shuangdao.errors import (
    InvalidRecordError,
    MissingParameterError,
)
from shuangdao.explain import Reason
from shuangdao.quantities import Comparator
from shuangdao.rules.criteria._common import (
    Columns,
    Values,
    array_of,
    flag_of,
    length_of,
    missing,
    ones,
)
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np


__all__ = [
    "Below",
    "BoundBelow",
    "BoundTierAmount",
    "TierAmount",
]


# ------------------------------------------------------------------------------- Below
@frozen
class Below:
    """One amount below another of the same record: ``observed < other`` (paid < allocated).

    Money: exact yuan in a record, integer fen in columns.

    Args:
        name: The criterion's code.
        observed: The amount compared.
        other: The amount it is compared with.
        label_en: What is compared.
        label_zh: The same in Chinese.
        citation: The text it comes from.
    """

    name: str
    observed: str
    other: str
    label_en: str
    label_zh: str
    citation: Citation

    @property
    def inputs(self) -> tuple[str, ...]:
        """The two amounts."""
        return (self.observed, self.other)

    @property
    def keys(self) -> tuple[str, ...]:
        """No parameter."""
        return ()

    def bind(self, env: Env) -> BoundBelow:
        """Nothing to read."""
        return BoundBelow(self)


class BoundBelow:
    """A :class:`Below` (it reads no parameter)."""

    __slots__ = ("certainty", "criterion", "name", "rests_on")

    def __init__(self, criterion: Below) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.certainty = criterion.citation.certainty
        self.rests_on: tuple[str, ...] = ()

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record, in exact fen."""
        c = self.criterion
        amounts = []
        for name in (c.observed, c.other):
            value = values[name]
            if value is None:
                raise missing(name, subject_id)
            fen = kernel.fen(Decimal(value))
            if fen is None:
                raise InvalidRecordError(
                    "must be exact to the fen", record=subject_id or None, field=name, value=value
                )
            amounts.append(fen)
        observed, other = amounts
        return Reason(
            criterion=c.name,
            holds=observed < other,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=c.citation,
            observed=kernel.as_decimal(observed, 2),
            threshold=kernel.as_decimal(other, 2),
            comparator=Comparator.LT,
            margin=kernel.as_decimal(observed - other, 2),
            unit="yuan",
            certainty=self.certainty,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``observed < other`` (integer fen)."""
        import numpy as np

        c = self.criterion
        return np.asarray(array_of(columns, c.observed) < array_of(columns, c.other), dtype=bool)


# ------------------------------------------------------------------------------- TierAmount
@frozen
class TierAmount:
    """An amount by tier, or a fixed amount for special places (the round-2 subsidy, S2).

    Always holds: it *reports* the amount (``observed``, yuan), which the rule's decision
    gives as its value. ``special`` rows get ``special_amount`` whatever their tier; other
    rows need a tier of ``tiers`` (the cut-offs were never published: the tier is an input).

    Args:
        name: The criterion's code.
        tier: The tier (an integer; ``None`` allowed only where ``special``; 0 in columns).
        special: The boolean input: a former Central-Soviet or minority autonomous county.
        tiers: The parameter mapping tier (as text) → amount.
        special_amount: The parameter holding the special amount.
        label_en: What is reported.
        label_zh: The same in Chinese.
        rule: The rule id errors name.
    """

    name: str
    tier: str
    special: str
    tiers: Param[Mapping[str, Decimal]]
    special_amount: Param[Decimal]
    label_en: str
    label_zh: str
    rule: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The flag, then the tier."""
        return (self.special, self.tier)

    @property
    def keys(self) -> tuple[str, ...]:
        """The tiers and the special amount."""
        return (str(self.tiers), str(self.special_amount))

    def bind(self, env: Env) -> BoundTierAmount:
        """Read the amounts."""
        return BoundTierAmount(
            self, resolve_param(self.tiers, env), resolve_param(self.special_amount, env)
        )


class BoundTierAmount:
    """A :class:`TierAmount` under one standards object."""

    __slots__ = ("certainty", "criterion", "name", "rests_on", "special", "tiers")

    def __init__(self, criterion: TierAmount, tiers: Resolved, special: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.tiers = tiers
        self.special = special
        self.certainty, self.rests_on = weakest(tiers, special)

    def amount(self, values: Values, subject_id: str) -> tuple[Decimal, Resolved, str]:
        """The amount for one record, the parameter it comes from and the tier key.

        Raises:
            MissingParameterError: No tier outside a special county.
            InvalidRecordError: A tier that is not one of the tiers.
        """
        c = self.criterion
        special = flag_of(values, c.special, subject_id)
        if special:
            return Decimal(self.special.value), self.special, ""
        tier = values[c.tier]
        record = subject_id or None
        if tier is None:
            raise MissingParameterError(
                "is required: the tier thresholds (poverty depth, poor-population size) were "
                "never published (S2); pass tier=1, 2 or 3",
                record=record,
                field=c.tier,
                rule=c.rule,
            )
        table: Mapping[str, Decimal] = self.tiers.value
        key = str(tier) if isinstance(tier, int) and not isinstance(tier, bool) else None
        if key is None or key not in table:
            raise InvalidRecordError(
                f"must be one of {', '.join(table)}",
                record=record,
                field=c.tier,
                value=tier,
                rule=c.rule,
            )
        return Decimal(table[key]), self.tiers, key

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record: the amount and where it comes from."""
        c = self.criterion
        amount, read, key = self.amount(values, subject_id)
        if key:
            label_en, label_zh = f"{c.label_en}: tier {key}", f"{c.label_zh}：第{key}类"
            note_en = "tier supplied by the caller (thresholds never published)"
            note_zh = "类别由调用方提供（分类标准未公开）"
        else:
            label_en = f"{c.label_en}: former Central-Soviet or minority autonomous county"
            label_zh = f"{c.label_zh}：原中央苏区县或少数民族自治县"
            note_en = note_zh = ""
        fen = kernel.fen(amount)
        return Reason(
            criterion=c.name,
            holds=True,
            label_en=label_en,
            label_zh=label_zh,
            citation=read.citation,
            observed=amount if fen is None else kernel.as_decimal(fen, 2),
            unit="yuan",
            parameter=read.key,
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def amounts(self, columns: Columns) -> np.ndarray[Any, Any]:
        """The amount of every row in integer fen.

        Raises:
            InvalidRecordError: A row outside a special county without a valid tier (the
                message names the row).
        """
        import numpy as np

        c = self.criterion
        special = np.asarray(array_of(columns, c.special), dtype=bool)
        tiers = np.asarray(array_of(columns, c.tier))
        table: Mapping[str, Decimal] = self.tiers.value
        out = np.zeros(len(special), dtype=np.int64)
        known = np.zeros(len(special), dtype=bool)
        for key, value in table.items():
            rows = ~special & (tiers == int(key))
            out[rows] = kernel.fen(Decimal(value)) or 0
            known |= rows
        out[special] = kernel.fen(Decimal(self.special.value)) or 0
        bad = np.flatnonzero(~special & ~known)
        if len(bad):
            row = int(bad[0])
            raise InvalidRecordError(
                f"must be one of {', '.join(table)}",
                record=f"row {row}",
                field=c.tier,
                value=tiers[row].item() if hasattr(tiers[row], "item") else tiers[row],
                rule=c.rule,
            )
        return out

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Every row holds (the amount is reported, :meth:`amounts`)."""
        self.amounts(columns)  # the same checks as the scalar path
        return ones(length_of(columns, self.criterion.inputs))
