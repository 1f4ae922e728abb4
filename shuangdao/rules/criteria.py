"""Criterion kinds of the pairing and funding rules: counts, limits, dated duties, lists, amounts.

The identification rules compare money with lines (:mod:`shuangdao.declare`'s ``Compare``,
``PerCapita``, ``Share``). The pairing and funding rules mostly *count* (units on a village,
households of a cadre), check yes/no facts that a dated text made a duty (a signed agreement,
from the 2011 regulation), check values against a list (the plan catalogue, the subsidy's
eligible assistance) or give an amount (a subsidy tier). These are the kinds of criterion they
declare, each following :mod:`shuangdao.declare`'s protocol: frozen data with ``name``,
``inputs`` and ``keys``; :meth:`bind` reads the parameters once and returns a bound criterion
with ``reason(values, subject_id)`` (one record, the scalar evaluator) and ``column(columns)``
(a table, the columnar evaluator), both deciding the same way:

============================  =============================================  ====================
kind                          holds when                                     columns
============================  =============================================  ====================
:class:`Present`              ``count >= 1`` (a named responsible person)    integer counts
:class:`Limit`                ``count <op> limit`` (at most N households;    integer counts
                              the limit read from a parameter, switchable)
:class:`Fact`                 ``flag is required`` (switchable), with notes  booleans
:class:`InForce`              the wrapped criterion, from a text's           the wrapped ones
                              effective date on (before it: holds, "not
                              yet in force")
:class:`AllIn`                every value of a list is in a catalogue        list<string>
:class:`OneOf`                a value is one of a list parameter             strings
:class:`DueBy`                the day checked is not after the deadline of   integer years
                              a target year
:class:`YearWithin`           a year lies in a programme's years             integer years
:class:`Below`                ``observed < other`` (money)                   integer fen
:class:`Unsigned`             a required signature is missing                booleans
:class:`NotAmong`             a value is not in the row's own list           string, list<string>
:class:`TierAmount`           always (it reports an amount: a subsidy tier)  integer tiers, flags
============================  =============================================  ====================

Inputs a reason only *describes* (the ids of the units counted, an agreement's commitments)
are ``details``: the scalar evaluator reads them for the reason's notes, the columnar one never
needs them. Counts are never divided and money is compared in integer fen, so no decimal
context is involved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import Env, Resolved, kernel, resolve_param, weakest
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    StandardsError,
)
from shuangdao.explain import Reason
from shuangdao.quantities import Comparator
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np

    from shuangdao.declare import BoundCriterion, Criterion

__all__ = [
    "AllIn",
    "Below",
    "DueBy",
    "Fact",
    "InForce",
    "Limit",
    "NotAmong",
    "Notes",
    "OneOf",
    "Present",
    "TierAmount",
    "Unsigned",
    "YearWithin",
]

Values = Mapping[str, Any]
Columns = Mapping[str, Any]

Notes = Callable[[Values], tuple[str, str]]
"""Builds a reason's notes (English, Chinese) from one record's values (ids, amounts...)."""


def _no_notes(_values: Values) -> tuple[str, str]:
    return "", ""


def _join(first: str, second: str, sep: str) -> str:
    return f"{first}{sep}{second}" if first and second else first or second


def _missing(name: str, subject_id: str) -> InvalidRecordError:
    return InvalidRecordError(
        "is missing (required by this rule)", record=subject_id or None, field=name
    )


def _count(values: Values, name: str, subject_id: str) -> int:
    """A count >= 0 from one record (errors name the record and the field)."""
    value = values[name]
    if value is None:
        raise _missing(name, subject_id)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidTypeError(
            "must be a count >= 0", record=subject_id or None, field=name, value=value
        )
    return value


def _flag(values: Values, name: str, subject_id: str) -> bool:
    """A boolean from one record."""
    value = values[name]
    if value is None:
        raise _missing(name, subject_id)
    if not isinstance(value, bool):
        raise InvalidTypeError(
            "must be a boolean", record=subject_id or None, field=name, value=value
        )
    return value


def _cited(env: Env, cites: Param[Any] | None, citation: Citation | None, name: str) -> Citation:
    if cites is not None:
        return env.standards.citation(cites, on=env.on)
    if citation is None:  # pragma: no cover - a declaration error
        raise TypeError(f"criterion {name} needs cites= or citation=")
    return citation


def _array(columns: Columns, name: str) -> np.ndarray[Any, Any]:
    import numpy as np

    column = columns[name]
    if hasattr(column, "to_numpy") and not isinstance(column, np.ndarray):
        if hasattr(column, "combine_chunks"):
            column = column.combine_chunks()
        column = column.to_numpy(zero_copy_only=False)
    return np.asarray(column)


def _length(columns: Columns, names: Iterable[str]) -> int:
    for name in names:
        if name in columns:
            return len(columns[name])
    return 0


def _ones(n: int) -> np.ndarray[Any, Any]:
    import numpy as np

    return np.ones(n, dtype=bool)


def _lists(column: Any) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], int]:
    """A list column as (flat values, the row of each value, rows): Arrow lists or sequences.

    A null list counts as empty.
    """
    import numpy as np

    if hasattr(column, "combine_chunks"):
        column = column.combine_chunks()
    if hasattr(column, "offsets") and hasattr(column, "flatten"):
        import pyarrow.compute as pc

        flat = np.asarray(pc.list_flatten(column).to_numpy(zero_copy_only=False), dtype=object)
        parents = np.asarray(pc.list_parent_indices(column).to_numpy(), dtype=np.int64)
        return flat, parents, len(column)
    rows = list(column)
    flat_list: list[Any] = []
    parent_list: list[int] = []
    for i, row in enumerate(rows):
        items = () if row is None else row
        flat_list.extend(items)
        parent_list.extend([i] * len(items))
    return (
        np.asarray(flat_list, dtype=object),
        np.asarray(parent_list, dtype=np.int64),
        len(rows),
    )


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
        return BoundPresent(self, _cited(env, self.cites, self.citation, self.name))


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
        count = _count(values, c.observed, subject_id)
        note_en, note_zh = (c.notes or _no_notes)(values)
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

        return np.asarray(_array(columns, self.criterion.observed) >= 1, dtype=bool)


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
        count = _count(values, c.observed, subject_id)
        note_en, note_zh = (c.notes or _no_notes)(values)
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
                note_en=_join(
                    f"no limit under these standards ({self.switch.key} = false)", note_en, "; "
                ),
                note_zh=_join("本标准不设上限", note_zh, "；"),
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

        counts = _array(columns, self.criterion.observed)
        if self.limit is None:
            return _ones(len(counts))
        return np.asarray(
            kernel.OPERATORS[self.criterion.comparator](counts, self.limit), dtype=bool
        )


# ------------------------------------------------------------------------------- Fact
@frozen
class Fact:
    """A yes/no fact the rule requires (``observed is required``), with notes that describe it.

    Like :class:`~shuangdao.declare.Flag`, and a ``required_if`` parameter may switch the
    requirement off (it then holds, "not required under these standards"); unlike it, the
    reason may describe the record (the agreement signed, the commitment's figures).

    Args:
        name: The criterion's code.
        observed: The boolean input.
        label_en: What is required.
        label_zh: The same in Chinese.
        citation: The text it comes from.
        cites: Or a parameter it is cited from.
        required: The value required (``False``: the rule looks for its absence).
        required_if: A boolean parameter that switches the requirement on.
        details: Further inputs the reason describes.
        notes: Builds the reason's notes.
    """

    name: str
    observed: str
    label_en: str
    label_zh: str
    citation: Citation | None = None
    cites: Param[Any] | None = None
    required: bool = True
    required_if: Param[bool] | None = None
    details: tuple[str, ...] = ()
    notes: Notes | None = None

    @property
    def inputs(self) -> tuple[str, ...]:
        """The flag, then the details."""
        return (self.observed, *self.details)

    @property
    def keys(self) -> tuple[str, ...]:
        """The cited parameter and the switch."""
        return tuple(str(k) for k in (self.cites, self.required_if) if k is not None)

    def bind(self, env: Env) -> BoundFact:
        """Read the switch and the citation."""
        cites = self.cites if self.cites is not None else self.required_if
        citation = _cited(env, cites, self.citation, self.name)
        switch = None if self.required_if is None else resolve_param(self.required_if, env)
        return BoundFact(self, citation, switch)


class BoundFact:
    """A :class:`Fact` under one standards object."""

    __slots__ = ("active", "certainty", "citation", "criterion", "name", "rests_on", "switch")

    def __init__(self, criterion: Fact, citation: Citation, switch: Resolved | None) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.citation = citation
        self.switch = switch
        self.active = True if switch is None else bool(switch.value)
        self.certainty = citation.certainty if switch is None else switch.certainty
        self.rests_on: tuple[str, ...] = () if switch is None else switch.keys

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record."""
        c = self.criterion
        value = _flag(values, c.observed, subject_id)
        note_en, note_zh = (c.notes or _no_notes)(values)
        parameter = None if self.switch is None else self.switch.key
        if not self.active:
            return Reason(
                criterion=c.name,
                holds=True,
                label_en=c.label_en,
                label_zh=c.label_zh,
                citation=self.citation,
                observed=value,
                parameter=parameter,
                note_en=_join(
                    f"not required under these standards ({parameter} = false)", note_en, "; "
                ),
                note_zh=_join("本标准不要求", note_zh, "；"),
                certainty=self.certainty,
                rests_on=self.rests_on,
            )
        return Reason(
            criterion=c.name,
            holds=value is c.required,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.citation,
            observed=value,
            threshold=c.required,
            parameter=parameter or (None if c.cites is None else str(c.cites)),
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the fact is as required."""
        import numpy as np

        observed = np.asarray(_array(columns, self.criterion.observed), dtype=bool)
        if not self.active:
            return _ones(len(observed))
        return observed if self.criterion.required else ~observed


# ------------------------------------------------------------------------------- InForce
@frozen
class InForce:
    """A duty that applies from the effective date of the text it comes from.

    Wraps a criterion. Bound on a day (``Rule.bind(..., on=day)``): from the text's effective
    date (a date parameter, ``regulation.in_force``) on, it is the wrapped criterion; before
    it, it holds, and its reason says "not yet in force" with the text and the date. So a
    duty never applies before its text.

    Args:
        criterion: The duty (a criterion of any kind).
        since: The parameter holding the text's effective date.
        text_en: The text, in English (``"the 2011 regulation (ch. 3)"``).
        text_zh: The same in Chinese.
    """

    criterion: Criterion
    since: Param[dt.date]
    text_en: str
    text_zh: str

    @property
    def name(self) -> str:
        """The wrapped criterion's code."""
        return self.criterion.name

    @property
    def inputs(self) -> tuple[str, ...]:
        """The wrapped criterion's inputs."""
        return self.criterion.inputs

    @property
    def keys(self) -> tuple[str, ...]:
        """The effective date, then the wrapped criterion's keys."""
        return (str(self.since), *self.criterion.keys)

    def bind(self, env: Env) -> BoundInForce:
        """Read the effective date and bind the duty.

        Raises:
            InvalidRecordError: The rule was not bound on a day (``on=``).
        """
        if env.on is None:
            raise InvalidRecordError(
                "is needed: a duty applies from its text's effective date",
                field="on",
                rule=str(self.since),
            )
        since = resolve_param(self.since, env)
        return BoundInForce(self, since, self.criterion.bind(env), env.on)


class BoundInForce:
    """An :class:`InForce` under one standards object, on one day.

    Attributes:
        in_force: Whether the text is in force on the day bound.
        effective: The text's effective date.
    """

    __slots__ = (
        "certainty",
        "criterion",
        "effective",
        "in_force",
        "inner",
        "name",
        "on",
        "rests_on",
        "since",
    )

    def __init__(
        self, criterion: InForce, since: Resolved, inner: BoundCriterion, on: dt.date
    ) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.inner = inner
        self.on = on
        self.since = since
        self.effective: dt.date = since.value
        self.in_force = on >= self.effective
        inner_rests: tuple[str, ...] = getattr(inner, "rests_on", ())
        self.certainty = Certainty.weakest(inner.certainty, since.certainty)
        self.rests_on = tuple(
            dict.fromkeys(
                key
                for certainty, keys in (
                    (inner.certainty, inner_rests),
                    (since.certainty, since.keys),
                )
                if certainty is self.certainty
                for key in keys
            )
        )

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record: the duty's reason, or "not yet in force"."""
        reason = self.inner.reason(values, subject_id)
        c, since = self.criterion, self.since
        if self.in_force:
            if reason.certainty is self.certainty:
                return reason
            return attrs.evolve(reason, certainty=self.certainty, rests_on=self.rests_on)
        ids = tuple(dict.fromkeys((*reason.citation.source_ids, *since.citation.source_ids)))
        day = self.effective.isoformat()
        return Reason(
            criterion=reason.criterion,
            holds=True,
            label_en=reason.label_en,
            label_zh=reason.label_zh,
            citation=Citation(ids, article=reason.citation.article),
            observed=reason.observed,
            unit=reason.unit,
            parameter=since.key,
            note_en=f"not yet in force: the duty comes from {c.text_en}, in force from {day}",
            note_zh=f"尚未施行：该义务源自{c.text_zh}，自{day}起施行",
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """The duty's column, or every row holding before the text is in force."""
        if self.in_force:
            result: np.ndarray[Any, Any] = self.inner.column(columns)
            return result
        return _ones(_length(columns, self.criterion.inputs))


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

    __slots__ = ("allowed", "catalogue", "certainty", "criterion", "name", "rests_on")

    def __init__(self, criterion: AllIn, catalogue: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.catalogue = catalogue
        self.allowed = frozenset(catalogue.value)
        self.certainty, self.rests_on = weakest(catalogue)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record: the values outside the catalogue, if any."""
        c = self.criterion
        if c.applies is not None and not _flag(values, c.applies, subject_id):
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
        items = values[c.observed]
        if items is None:
            raise _missing(c.observed, subject_id)
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

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where every value of the row's list is in the catalogue."""
        import numpy as np

        c = self.criterion
        flat, parents, n = _lists(columns[c.observed])
        bad = ~np.isin(flat, list(self.allowed)) if len(flat) else np.zeros(0, dtype=bool)
        holds = np.bincount(parents[bad], minlength=n) == 0 if n else np.zeros(0, dtype=bool)
        if c.applies is not None:
            holds |= ~np.asarray(_array(columns, c.applies), dtype=bool)
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
            raise _missing(c.observed, subject_id)
        value = str(getattr(raw, "value", raw))
        note_en, note_zh = (c.notes or _no_notes)(values)
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

        observed = np.asarray(_array(columns, self.criterion.observed), dtype=object)
        return np.asarray(np.isin(observed, list(self.choices)), dtype=bool)


# ------------------------------------------------------------------------------- DueBy
def _month_day(text: str, key: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in text.split("-"))
        dt.date(2000, month, day)
    except ValueError:
        raise StandardsError("must be a month and day 'MM-DD'", field=key, value=text) from None
    return month, day


@frozen
class DueBy:
    """The day checked is not after the deadline of a target year (a plan is not overdue).

    The deadline is the parameter's month and day of the target year (``12-31``: a plan for
    year Y is due by 31 December Y). Bound on the day checked (``Rule.bind(..., on=day)``).
    The reason reports the year checked against the target year.

    Args:
        name: The criterion's code.
        target_year: The target year (integers).
        due: The parameter holding the deadline's month and day (``"12-31"``).
        label_en: What is compared.
        label_zh: The same in Chinese.
        applies: A boolean input; where false (no plan) the criterion holds.
        absent_en: The note where nothing is checked.
        absent_zh: The same in Chinese.
    """

    name: str
    target_year: str
    due: Param[Any]
    label_en: str
    label_zh: str
    applies: str | None = None
    absent_en: str = "nothing to check"
    absent_zh: str = "无需核查"

    @property
    def inputs(self) -> tuple[str, ...]:
        """The target year, then the switch input."""
        return (self.target_year,) if self.applies is None else (self.applies, self.target_year)

    @property
    def keys(self) -> tuple[str, ...]:
        """The deadline's month and day."""
        return (str(self.due),)

    def bind(self, env: Env) -> BoundDueBy:
        """Read the deadline.

        Raises:
            InvalidRecordError: The rule was not bound on a day.
        """
        if env.on is None:
            raise InvalidRecordError("is needed: the day checked", field="on", rule=str(self.due))
        due = resolve_param(self.due, env)
        return BoundDueBy(self, due, _month_day(due.value, due.key), env.on)


class BoundDueBy:
    """A :class:`DueBy` under one standards object, on one day."""

    __slots__ = ("certainty", "criterion", "due", "month_day", "name", "on", "rests_on")

    def __init__(
        self, criterion: DueBy, due: Resolved, month_day: tuple[int, int], on: dt.date
    ) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.due = due
        self.month_day = month_day
        self.on = on
        self.certainty, self.rests_on = weakest(due)

    def holds(self, target_year: int) -> bool:
        """Whether the day bound is on or before the deadline of ``target_year``."""
        month, day = self.month_day
        return target_year > self.on.year or (
            target_year == self.on.year and (self.on.month, self.on.day) <= (month, day)
        )

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record."""
        c = self.criterion
        month, day = self.month_day
        deadline_en = f"due by {month:02d}-{day:02d} of the target year"
        if c.applies is not None and not _flag(values, c.applies, subject_id):
            return Reason(
                criterion=c.name,
                holds=True,
                label_en=c.label_en,
                label_zh=c.label_zh,
                citation=self.due.citation,
                parameter=self.due.key,
                note_en=c.absent_en,
                note_zh=c.absent_zh,
                certainty=self.certainty,
                rests_on=self.rests_on,
            )
        target = _count(values, c.target_year, subject_id)
        return Reason(
            criterion=c.name,
            holds=self.holds(target),
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.due.citation,
            observed=self.on.year,
            threshold=target,
            comparator=Comparator.LE,
            unit="",
            parameter=self.due.key,
            note_en=f"checked on {self.on.isoformat()}; {deadline_en}",
            note_zh=f"核查日期{self.on.isoformat()}；目标年度{month}月{day}日前完成",
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the day bound is not after the deadline of the row's target year."""
        import numpy as np

        c = self.criterion
        target = np.asarray(_array(columns, c.target_year), dtype=np.int64)
        month, day = self.month_day
        same_year_ok = (self.on.month, self.on.day) <= (month, day)
        holds = (target > self.on.year) | ((target == self.on.year) & same_year_ok)
        if c.applies is not None:
            holds |= ~np.asarray(_array(columns, c.applies), dtype=bool)
        return np.asarray(holds, dtype=bool)


# ------------------------------------------------------------------------------- YearWithin
@frozen
class YearWithin:
    """A year lies in a programme's years: ``first <= year < first + years``.

    Args:
        name: The criterion's code.
        observed: The year (integers).
        first: The parameter holding the programme's first year.
        years: The parameter holding its length in years.
        label_en: What is compared.
        label_zh: The same in Chinese.
    """

    name: str
    observed: str
    first: Param[int]
    years: Param[int]
    label_en: str
    label_zh: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The year."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The first year and the length."""
        return (str(self.first), str(self.years))

    def bind(self, env: Env) -> BoundYearWithin:
        """Read the programme's years."""
        return BoundYearWithin(self, resolve_param(self.first, env), resolve_param(self.years, env))


class BoundYearWithin:
    """A :class:`YearWithin` under one standards object.

    Attributes:
        first: The programme's first year.
        last: Its last year.
    """

    __slots__ = ("certainty", "citation", "criterion", "first", "last", "name", "rests_on")

    def __init__(self, criterion: YearWithin, first: Resolved, years: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.first = int(first.value)
        self.last = self.first + int(years.value) - 1
        self.certainty, self.rests_on = weakest(first, years)
        ids = tuple(dict.fromkeys((*first.citation.source_ids, *years.citation.source_ids)))
        self.citation = Citation(ids, certainty=self.certainty)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record."""
        c = self.criterion
        year = _count(values, c.observed, subject_id)
        return Reason(
            criterion=c.name,
            holds=self.first <= year <= self.last,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.citation,
            observed=year,
            threshold=f"{self.first}–{self.last}",
            parameter=str(c.first),
            note_en=f"the programme runs {self.first}–{self.last}",
            note_zh=f"实施期{self.first}—{self.last}年",
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the year lies in the programme."""
        import numpy as np

        year = np.asarray(_array(columns, self.criterion.observed), dtype=np.int64)
        return np.asarray((year >= self.first) & (year <= self.last), dtype=bool)


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
                raise _missing(name, subject_id)
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
        return np.asarray(_array(columns, c.observed) < _array(columns, c.other), dtype=bool)


# ------------------------------------------------------------------------------- Unsigned
@frozen
class Unsigned:
    """A required signature is missing (funds not signed for by the village head, S10).

    Holds (the situation is *found*) when ``role`` is among the roles the parameter requires,
    the signature applies to the record (``applies``: funds paid to a household need the
    household head) and it is missing.

    Args:
        name: The criterion's code.
        signed: The boolean input: the role signed.
        role: The role, as the parameter lists it (``"village_head"``).
        required: The parameter listing the roles that must sign.
        label_en: What is found.
        label_zh: The same in Chinese.
        applies: A boolean input: whether the role must sign this record (``None``: always).
        exempt_en: The note where it need not sign.
        exempt_zh: The same in Chinese.
    """

    name: str
    signed: str
    role: str
    required: Param[tuple[str, ...]]
    label_en: str
    label_zh: str
    applies: str | None = None
    exempt_en: str = "not required for this record"
    exempt_zh: str = "本笔无需签名"

    @property
    def inputs(self) -> tuple[str, ...]:
        """The signature, then the switch input."""
        return (self.signed,) if self.applies is None else (self.signed, self.applies)

    @property
    def keys(self) -> tuple[str, ...]:
        """The roles that must sign."""
        return (str(self.required),)

    def bind(self, env: Env) -> BoundUnsigned:
        """Read the roles."""
        return BoundUnsigned(self, resolve_param(self.required, env))


class BoundUnsigned:
    """An :class:`Unsigned` under one standards object."""

    __slots__ = ("active", "certainty", "criterion", "name", "read", "rests_on")

    def __init__(self, criterion: Unsigned, required: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.read = required
        self.active = criterion.role in tuple(required.value)
        self.certainty, self.rests_on = weakest(required)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record: found (holds) when the required signature is missing."""
        c = self.criterion
        signed = _flag(values, c.signed, subject_id)
        applies = True if c.applies is None else _flag(values, c.applies, subject_id)
        note_en = note_zh = ""
        if not self.active:
            note_en = f"not required under these standards ({self.read.key})"
            note_zh = "本标准不要求"
        elif not applies:
            note_en, note_zh = c.exempt_en, c.exempt_zh
        found = self.active and applies and not signed
        return Reason(
            criterion=c.name,
            holds=found,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.read.citation,
            observed=found,
            threshold=True,
            parameter=self.read.key,
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the signature is required and missing."""
        import numpy as np

        c = self.criterion
        signed = np.asarray(_array(columns, c.signed), dtype=bool)
        if not self.active:
            return np.zeros(len(signed), dtype=bool)
        found = ~signed
        if c.applies is not None:
            found &= np.asarray(_array(columns, c.applies), dtype=bool)
        return found


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
            raise _missing(c.observed, subject_id)
        value = str(getattr(raw, "value", raw))
        skipped = False if c.skip_if is None else _flag(values, c.skip_if, subject_id)
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
        observed = np.asarray(_array(columns, c.observed), dtype=object)
        flat, parents, n = _lists(columns[c.among])
        matches = flat == observed[parents] if len(flat) else np.zeros(0, dtype=bool)
        found_in = np.bincount(parents[matches], minlength=n) > 0 if n else np.zeros(0, bool)
        result = ~found_in
        if c.skip_if is not None:
            result &= ~np.asarray(_array(columns, c.skip_if), dtype=bool)
        return np.asarray(result, dtype=bool)


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
        special = _flag(values, c.special, subject_id)
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
        special = np.asarray(_array(columns, c.special), dtype=bool)
        tiers = np.asarray(_array(columns, c.tier))
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
        return _ones(_length(columns, self.criterion.inputs))
