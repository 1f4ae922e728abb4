"""Counts: at least one (:class:`Present`), against a limit (:class:`Limit`) (private)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import frozen

from shuangdao.citations import Citation
from shuangdao.declare import Env, Resolved, kernel, resolve_param, weakest
from shuangdao.explain import Reason
from shuangdao.quantities import Comparator
from shuangdao.rules.criteria._common import (
    Columns,
    Notes,
    Values,
    array_of,
    cited,
    count_of,
    join,
    no_notes,
    ones,
)
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np


__all__ = [
    "BoundLimit",
    "BoundPresent",
    "Limit",
    "Present",
]


# ------------------------------------------------------------------------------- Present
@frozen
class Present:
    """At least one: ``count >= 1`` (every poor household has a named responsible person).

    Args:
        name: The criterion's code.
        observed: The count (a record field, or a column of integers).
        label_en: What is counted, in English.
        label_zh: The same in Chinese.
        citation: The text the requirement comes from (its certainty is the reason's).
        cites: Or a parameter it is cited from (its citation only).
        unit: The unit of the count (``"units"``, ``"persons"``).
        details: Further inputs the scalar reason describes (the ids counted).
        notes: Builds the reason's notes from the record's values.
    """

    name: str
    observed: str
    label_en: str
    label_zh: str
    citation: Citation | None = None
    cites: Param[Any] | None = None
    unit: str = ""
    details: tuple[str, ...] = ()
    notes: Notes | None = None

    @property
    def inputs(self) -> tuple[str, ...]:
        """The count, then the details."""
        return (self.observed, *self.details)

    @property
    def keys(self) -> tuple[str, ...]:
        """The cited parameter, if any."""
        return () if self.cites is None else (str(self.cites),)

    def bind(self, env: Env) -> BoundPresent:
        """Read the citation."""
        return BoundPresent(self, cited(env, self.cites, self.citation, self.name))


class BoundPresent:
    """A :class:`Present` under one standards object."""

    __slots__ = ("certainty", "citation", "criterion", "name", "rests_on")

    def __init__(self, criterion: Present, citation: Citation) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.citation = citation
        self.certainty = citation.certainty
        self.rests_on: tuple[str, ...] = ()

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record: how many, against one."""
        c = self.criterion
        count = count_of(values, c.observed, subject_id)
        note_en, note_zh = (c.notes or no_notes)(values)
        return Reason(
            criterion=c.name,
            holds=count >= 1,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.citation,
            observed=count,
            threshold=1,
            comparator=Comparator.GE,
            unit=c.unit,
            parameter=None if c.cites is None else str(c.cites),
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the count is at least one."""
        import numpy as np

        return np.asarray(array_of(columns, self.criterion.observed) >= 1, dtype=bool)


# ------------------------------------------------------------------------------- Limit
@frozen
class Limit:
    """A count against a limit read from a parameter: ``count <op> limit``.

    The comparator is the text's (at most: ``le``; "more than" a time limit: ``gt``), the limit
    a parameter (``pairing.max_households_per_cadre``). A required parameter without a value
    raises :class:`~shuangdao.errors.MissingParameterError` when the rule is bound. With
    ``switch``, a boolean parameter turns the limit on; when it is off the criterion holds
    with the note "no limit under these standards" and the limit is not read.

    Args:
        name: The criterion's code.
        observed: The count (integers).
        limit: The parameter holding the limit.
        comparator: How the count is compared with it.
        label_en: What is counted.
        label_zh: The same in Chinese.
        switch: A boolean parameter that turns the limit on (``None``: always on).
        unit: The unit of the count.
        details: Further inputs the scalar reason describes.
        notes: Builds the reason's notes.
    """

    name: str
    observed: str
    limit: Param[int]
    comparator: Comparator
    label_en: str
    label_zh: str
    switch: Param[bool] | None = None
    unit: str = ""
    details: tuple[str, ...] = ()
    notes: Notes | None = None

    @property
    def inputs(self) -> tuple[str, ...]:
        """The count, then the details."""
        return (self.observed, *self.details)

    @property
    def keys(self) -> tuple[str, ...]:
        """The switch (if any) and the limit."""
        switch = () if self.switch is None else (str(self.switch),)
        return (*switch, str(self.limit))

    def bind(self, env: Env) -> BoundLimit:
        """Read the switch, and the limit when it is on."""
        switch = None if self.switch is None else resolve_param(self.switch, env)
        if switch is not None and not switch.value:
            return BoundLimit(self, None, switch)
        return BoundLimit(self, resolve_param(self.limit, env), switch)


class BoundLimit:
    """A :class:`Limit` under one standards object.

    Attributes:
        limit: The limit (``None`` when switched off).
    """

    __slots__ = ("certainty", "criterion", "limit", "name", "read", "rests_on", "switch")

    def __init__(self, criterion: Limit, limit: Resolved | None, switch: Resolved | None) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.read = limit
        self.switch = switch
        self.limit: int | None = None if limit is None else int(limit.value)
        parts = [r for r in (switch, limit) if r is not None]
        self.certainty, self.rests_on = weakest(*parts)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record: the count against the limit (or the note that there is none)."""
        c = self.criterion
        count = count_of(values, c.observed, subject_id)
        note_en, note_zh = (c.notes or no_notes)(values)
        if self.read is None or self.limit is None:
            assert self.switch is not None
            return Reason(
                criterion=c.name,
                holds=True,
                label_en=c.label_en,
                label_zh=c.label_zh,
                citation=self.switch.citation,
                observed=count,
                unit=c.unit,
                parameter=self.switch.key,
                note_en=join(
                    f"no limit under these standards ({self.switch.key} = false)", note_en, "; "
                ),
                note_zh=join("本标准不设上限", note_zh, "；"),
                certainty=self.certainty,
                rests_on=self.rests_on,
            )
        return Reason(
            criterion=c.name,
            holds=bool(kernel.OPERATORS[c.comparator](count, self.limit)),
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.read.citation,
            observed=count,
            threshold=self.limit,
            comparator=c.comparator,
            margin=Decimal(count - self.limit),
            unit=c.unit,
            parameter=self.read.key,
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``count <op> limit`` holds (everywhere when switched off)."""
        import numpy as np

        counts = array_of(columns, self.criterion.observed)
        if self.limit is None:
            return ones(len(counts))
        return np.asarray(
            kernel.OPERATORS[self.criterion.comparator](counts, self.limit), dtype=bool
        )
