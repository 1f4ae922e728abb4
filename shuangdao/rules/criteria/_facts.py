"""Yes/no facts: required, a duty from a dated text, a missing signature (private)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import Env, Resolved, resolve_param, weakest
from shuangdao.errors import (
    InvalidRecordError,
)
from shuangdao.explain import Reason
from shuangdao.rules.criteria._common import (
    Columns,
    Notes,
    Values,
    array_of,
    cited,
    flag_of,
    join,
    length_of,
    no_notes,
    ones,
)
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np

    from shuangdao.declare import BoundCriterion, Criterion

__all__ = [
    "BoundFact",
    "BoundInForce",
    "BoundUnsigned",
    "Fact",
    "InForce",
    "Unsigned",
]


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
        citation = cited(env, cites, self.citation, self.name)
        switch = None if self.required_if is None else resolve_param(self.required_if, env)
        return BoundFact(self, citation, switch)


class BoundFact:
    """A :class:`Fact` under one standards object."""

    __slots__ = (
        "active",
        "cache",
        "certainty",
        "citation",
        "criterion",
        "name",
        "rests_on",
        "switch",
    )

    def __init__(self, criterion: Fact, citation: Citation, switch: Resolved | None) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.citation = citation
        self.switch = switch
        self.active = True if switch is None else bool(switch.value)
        self.certainty = citation.certainty if switch is None else switch.certainty
        self.rests_on: tuple[str, ...] = () if switch is None else switch.keys
        self.cache: dict[tuple[bool, str, str], Reason] = {}

    def reason(self, values: Values, subject_id: str) -> Reason:
        """One record (a reason is shared by records with the same value and notes)."""
        c = self.criterion
        value = flag_of(values, c.observed, subject_id)
        note_en, note_zh = (c.notes or no_notes)(values)
        key = (value, note_en, note_zh)
        cached = self.cache.get(key)
        if cached is None:
            cached = self._build(value, note_en, note_zh)
            if not note_en and len(self.cache) < 64:
                self.cache[key] = cached
        return cached

    def _build(self, value: bool, note_en: str, note_zh: str) -> Reason:
        c = self.criterion
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
                note_en=join(
                    f"not required under these standards ({parameter} = false)", note_en, "; "
                ),
                note_zh=join("本标准不要求", note_zh, "；"),
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

        observed = np.asarray(array_of(columns, self.criterion.observed), dtype=bool)
        if not self.active:
            return ones(len(observed))
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
        return ones(length_of(columns, self.criterion.inputs))


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
        signed = flag_of(values, c.signed, subject_id)
        applies = True if c.applies is None else flag_of(values, c.applies, subject_id)
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
        signed = np.asarray(array_of(columns, c.signed), dtype=bool)
        if not self.active:
            return np.zeros(len(signed), dtype=bool)
        found = ~signed
        if c.applies is not None:
            found &= np.asarray(array_of(columns, c.applies), dtype=bool)
        return found
