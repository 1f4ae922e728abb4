"""Lists: all in a catalogue, one of a list, not in the record's own list (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import frozen

from shuangdao.citations import Citation
from shuangdao.declare import Env, Resolved, resolve_param, weakest
from shuangdao.explain import Reason
from shuangdao.rules.criteria._common import (
    Columns,
    Notes,
    Values,
    array_of,
    flag_of,
    lists_of,
    missing,
    no_notes,
)
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np


__all__ = [
    "AllIn",
    "BoundAllIn",
    "BoundNotAmong",
    "BoundOneOf",
    "NotAmong",
    "OneOf",
]


# ------------------------------------------------------------------------------- AllIn
@frozen
class AllIn:
    """Every value of the record's list is in a catalogue (a plan's measures, 一户一法).

    Args:
        name: The criterion's code.
        observed: The list (a sequence of strings; a list<string> column).
        catalogue: The parameter listing the allowed values.
        label_en: What is checked.
        label_zh: The same in Chinese.
        applies: A boolean input; where it is false there is nothing to check (no plan) and
            the criterion holds with ``absent_en``/``absent_zh`` as its note.
        absent_en: The note where nothing is checked.
        absent_zh: The same in Chinese.
    """

    name: str
    observed: str
    catalogue: Param[tuple[str, ...]]
    label_en: str
    label_zh: str
    applies: str | None = None
    absent_en: str = "nothing to check"
    absent_zh: str = "无需核查"

    @property
    def inputs(self) -> tuple[str, ...]:
        """The list, then the switch input."""
        return (self.observed,) if self.applies is None else (self.applies, self.observed)

    @property
    def keys(self) -> tuple[str, ...]:
        """The catalogue."""
        return (str(self.catalogue),)

    def bind(self, env: Env) -> BoundAllIn:
        """Read the catalogue."""
        return BoundAllIn(self, resolve_param(self.catalogue, env))


class BoundAllIn:
    """An :class:`AllIn` under one standards object."""

    __slots__ = ("absent", "allowed", "catalogue", "certainty", "criterion", "name", "rests_on")

    def __init__(self, criterion: AllIn, catalogue: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.catalogue = catalogue
        self.allowed = frozenset(catalogue.value)
        self.certainty, self.rests_on = weakest(catalogue)
        self.absent: Reason | None = None

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record: the values outside the catalogue, if any."""
        c = self.criterion
        if c.applies is not None and not flag_of(values, c.applies, subject_id):
            if self.absent is None:  # the same reason for every record with nothing to check
                self.absent = self._absent()
            return self.absent
        items = values[c.observed]
        if items is None:
            raise missing(c.observed, subject_id)
        outside = sorted({str(getattr(i, "value", i)) for i in items} - self.allowed)
        return Reason(
            criterion=c.name,
            holds=not outside,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.catalogue.citation,
            observed=not outside,
            threshold=True,
            parameter=self.catalogue.key,
            note_en=f"outside: {', '.join(outside)}" if outside else "",
            note_zh=f"目录外：{'、'.join(outside)}" if outside else "",
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def _absent(self) -> Reason:
        c = self.criterion
        return Reason(
            criterion=c.name,
            holds=True,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.catalogue.citation,
            parameter=self.catalogue.key,
            note_en=c.absent_en,
            note_zh=c.absent_zh,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where every value of the row's list is in the catalogue."""
        import numpy as np

        c = self.criterion
        flat, parents, n = lists_of(columns[c.observed])
        bad = ~np.isin(flat, list(self.allowed)) if len(flat) else np.zeros(0, dtype=bool)
        holds = np.bincount(parents[bad], minlength=n) == 0 if n else np.zeros(0, dtype=bool)
        if c.applies is not None:
            holds |= ~np.asarray(array_of(columns, c.applies), dtype=bool)
        return np.asarray(holds, dtype=bool)


# ------------------------------------------------------------------------------- OneOf
@frozen
class OneOf:
    """The record's value is one of a list parameter (who assists a village, S2).

    Args:
        name: The criterion's code.
        observed: The value (a string, or an enum whose value is one; a string column).
        choices: The parameter listing the values that qualify.
        label_en: What is required.
        label_zh: The same in Chinese.
        notes: Builds the reason's notes.
    """

    name: str
    observed: str
    choices: Param[tuple[str, ...]]
    label_en: str
    label_zh: str
    notes: Notes | None = None

    @property
    def inputs(self) -> tuple[str, ...]:
        """The value."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The list."""
        return (str(self.choices),)

    def bind(self, env: Env) -> BoundOneOf:
        """Read the list."""
        return BoundOneOf(self, resolve_param(self.choices, env))


class BoundOneOf:
    """A :class:`OneOf` under one standards object."""

    __slots__ = ("certainty", "choices", "criterion", "name", "read", "rests_on")

    def __init__(self, criterion: OneOf, choices: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.read = choices
        self.choices: tuple[str, ...] = tuple(choices.value)
        self.certainty, self.rests_on = weakest(choices)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record."""
        c = self.criterion
        raw = values[c.observed]
        if raw is None:
            raise missing(c.observed, subject_id)
        value = str(getattr(raw, "value", raw))
        note_en, note_zh = (c.notes or no_notes)(values)
        return Reason(
            criterion=c.name,
            holds=value in self.choices,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.read.citation,
            observed=value,
            threshold=", ".join(self.choices),
            parameter=self.read.key,
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the value is one of the list."""
        import numpy as np

        observed = np.asarray(array_of(columns, self.criterion.observed), dtype=object)
        return np.asarray(np.isin(observed, list(self.choices)), dtype=bool)


# ------------------------------------------------------------------------------- NotAmong
@frozen
class NotAmong:
    """A value is not in the record's own list (funds spent on a purpose outside the plan).

    Holds (the situation is *found*) where the value is not among the list, except where the
    ``skip_if`` input is true (there is no list to look in: another criterion reports that).

    Args:
        name: The criterion's code.
        observed: The value (a string; a string column).
        among: The record's list (a sequence of strings; a list<string> column).
        label_en: What is found.
        label_zh: The same in Chinese.
        citation: The text it comes from.
        skip_if: A boolean input: where true, nothing is looked for.
    """

    name: str
    observed: str
    among: str
    label_en: str
    label_zh: str
    citation: Citation
    skip_if: str | None = None

    @property
    def inputs(self) -> tuple[str, ...]:
        """The value, the list and the skip input."""
        skip = () if self.skip_if is None else (self.skip_if,)
        return (self.observed, self.among, *skip)

    @property
    def keys(self) -> tuple[str, ...]:
        """No parameter."""
        return ()

    def bind(self, env: Env) -> BoundNotAmong:
        """Nothing to read."""
        return BoundNotAmong(self)


class BoundNotAmong:
    """A :class:`NotAmong` (it reads no parameter)."""

    __slots__ = ("certainty", "criterion", "name", "rests_on")

    def __init__(self, criterion: NotAmong) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.certainty = criterion.citation.certainty
        self.rests_on: tuple[str, ...] = ()

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record."""
        c = self.criterion
        raw = values[c.observed]
        if raw is None:
            raise missing(c.observed, subject_id)
        value = str(getattr(raw, "value", raw))
        skipped = False if c.skip_if is None else flag_of(values, c.skip_if, subject_id)
        items = values[c.among] or ()
        listed = sorted({str(getattr(i, "value", i)) for i in items})
        return Reason(
            criterion=c.name,
            holds=not skipped and value not in listed,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=c.citation,
            observed=value,
            threshold=", ".join(listed) or None,
            certainty=self.certainty,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the row's value is not in the row's list (and the row is not skipped)."""
        import numpy as np

        c = self.criterion
        observed = np.asarray(array_of(columns, c.observed), dtype=object)
        flat, parents, n = lists_of(columns[c.among])
        matches = flat == observed[parents] if len(flat) else np.zeros(0, dtype=bool)
        found_in = np.bincount(parents[matches], minlength=n) > 0 if n else np.zeros(0, bool)
        result = ~found_in
        if c.skip_if is not None:
            result &= ~np.asarray(array_of(columns, c.skip_if), dtype=bool)
        return np.asarray(result, dtype=bool)
