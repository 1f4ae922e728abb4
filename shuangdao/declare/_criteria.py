"""The kinds of criterion a rule declares, each with its scalar and its columnar evaluation.

A criterion is frozen data (what is compared with what, read from which parameter, labelled
how). :meth:`bind` reads its parameters once for a standards object (and year or day) and
returns a *bound* criterion with two methods that share the exact integer kernel
(:mod:`shuangdao.declare.kernel`):

* ``reason(values, subject_id)`` — one record → a :class:`~shuangdao.explain.Reason`;
* ``column(columns)`` — a table of integer columns → a boolean array (where it holds).

New kinds (a subsidy tier, a pairing limit) implement the same two-step protocol
(:class:`Criterion` and :class:`BoundCriterion`); see ``docs/explanation/declared-rules.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs
from attrs import field, frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import kernel
from shuangdao.declare._lines import Env, Line, Resolved, resolve_param, weakest
from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.explain import Decision, Reason
from shuangdao.quantities import Comparator
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "AllMet",
    "BoundAllMet",
    "BoundCompare",
    "BoundCriterion",
    "BoundFlag",
    "BoundPerCapita",
    "BoundShare",
    "BoundVersus",
    "Compare",
    "Criterion",
    "BoundOptionalFlag",
    "Flag",
    "OptionalFlag",
    "PerCapita",
    "Share",
    "Versus",
]

Columns = Mapping[str, Any]
"""Input columns by name: integer numpy arrays (money in fen, counts) or boolean arrays."""

Values = Mapping[str, Any]
"""One record's inputs by name (money as Decimal yuan, counts as int, flags as bool)."""

_SCALES: Final = {"yuan": 2, "persons": 0, "households": 0, "villages": 0, "points": 0}
"""Decimals of an observed quantity by unit (money is integer fen in columns)."""


class BoundCriterion(Protocol):
    """A criterion with its parameters read: decides one record or a whole column."""

    @property
    def name(self) -> str:
        """The criterion's code (``household_income``)."""
        ...  # pragma: no cover

    @property
    def certainty(self) -> Certainty:
        """The weakest certainty among the values it read."""
        ...  # pragma: no cover

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Decide one record (scalar evaluator)."""
        ...  # pragma: no cover

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Decide a table (columnar evaluator): where the criterion holds."""
        ...  # pragma: no cover


class Criterion(Protocol):
    """A declared criterion: frozen data that reads its parameters when bound."""

    @property
    def name(self) -> str:
        """The criterion's code (``household_income``)."""
        ...  # pragma: no cover

    @property
    def inputs(self) -> tuple[str, ...]:
        """The record fields (or columns) it reads."""
        ...  # pragma: no cover

    @property
    def keys(self) -> tuple[str, ...]:
        """The standards keys it reads."""
        ...  # pragma: no cover

    def bind(self, env: Env) -> BoundCriterion:
        """Read the parameters under ``env``."""
        ...  # pragma: no cover


def _fill(template: str, values: Mapping[str, Any]) -> str:
    """Format a label template (``"household {subject_id} income in {year}"``)."""
    return template.format_map(values) if "{" in template else template


def _missing(name: str, subject_id: str, rule_hint: str) -> InvalidRecordError:
    return InvalidRecordError(
        "is missing (required by this rule)",
        record=subject_id or None,
        field=name,
        rule=rule_hint or None,
    )


# ------------------------------------------------------------------------------ Flag
@frozen
class Flag:
    """A yes/no requirement on the record: ``observed is required`` (有劳动能力).

    Args:
        name: The criterion's code.
        observed: The boolean input (a record field or a column). A scalar input may also
            be a :class:`~shuangdao.explain.Decision` (the linked decision of the village a
            household lives in): its outcome is observed and its certainty carried.
        label_en: What is required, in English (``"has labour capacity"``).
        label_zh: The same in Chinese.
        cites: The parameter the requirement is cited from (its citation only; a flag's
            certainty comes from the values it reads, not from what it cites). Defaults to
            ``required_if``.
        citation: A citation when no parameter is cited.
        required_if: A boolean parameter that switches the requirement on; when it is
            false the criterion holds with the note "not required under these standards".
        required: The value required (``True``).
    """

    name: str
    observed: str
    label_en: str
    label_zh: str
    cites: Param[Any] | None = None
    citation: Citation | None = None
    required_if: Param[bool] | None = None
    required: bool = True

    @property
    def inputs(self) -> tuple[str, ...]:
        """The flag read."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameters cited and read."""
        return tuple(str(k) for k in (self.cites, self.required_if) if k is not None)

    def bind(self, env: Env) -> BoundFlag:
        """Read ``required_if`` and the citation."""
        cites = self.cites if self.cites is not None else self.required_if
        if cites is not None:
            citation = env.standards.citation(cites, on=env.on)
        elif self.citation is not None:
            citation = self.citation
        else:  # pragma: no cover - a declaration error
            raise TypeError(f"flag {self.name} needs cites= or citation=")
        active, certainty = True, Certainty.CONFIRMED
        rests: tuple[str, ...] = ()
        if self.required_if is not None:
            switch = resolve_param(self.required_if, env)
            active, certainty = bool(switch.value), switch.certainty
            rests = switch.keys
        parameter = None if self.cites is None else str(self.cites)
        if self.required_if is not None:
            parameter = str(self.required_if)
        return BoundFlag(self, citation, active, certainty, parameter, rests)


class BoundFlag:
    """A :class:`Flag` under one standards object."""

    __slots__ = (
        "active",
        "cache",
        "certainty",
        "citation",
        "flag",
        "name",
        "parameter",
        "plain",
        "rests_on",
        "templated",
    )

    def __init__(  # noqa: PLR0917 - private, built by Flag.bind
        self,
        flag: Flag,
        citation: Citation,
        active: bool,
        certainty: Certainty,
        parameter: str | None,
        rests_on: tuple[str, ...] = (),
    ) -> None:
        self.flag = flag
        self.name = flag.name
        self.citation = citation
        self.active = active
        self.certainty = certainty
        self.parameter = parameter
        self.rests_on = rests_on
        self.templated = "{" in flag.label_en + flag.label_zh
        self.plain: dict[bool, Reason] = {}
        self.cache: dict[tuple[bool, Certainty], Reason] = {}

    def reason(self, values: Values, subject_id: str) -> Reason:
        """The flag's reason (shared between records with the same observation)."""
        value = values[self.flag.observed]
        certainty = self.certainty
        if isinstance(value, Decision):
            certainty = Certainty.weakest(certainty, value.certainty)
            value = value.outcome
        if not isinstance(value, bool):
            raise InvalidTypeError(
                "must be a boolean",
                record=subject_id or None,
                field=self.flag.observed,
                value=value,
            )
        if self.templated:
            return self._labelled(self._build(value, certainty), values, subject_id)
        if certainty is self.certainty:  # the common case: one cached reason per value
            cached = self.plain.get(value)
            if cached is None:
                cached = self.plain[value] = self._build(value, certainty)
            return cached
        key = (value, certainty)
        cached = self.cache.get(key)
        if cached is None:
            cached = self.cache[key] = self._build(value, certainty)
        return cached

    def _labelled(self, reason: Reason, values: Values, subject_id: str) -> Reason:
        """A reason whose label names the record's values (``{on}``, ``{subject_id}``)."""
        labels = {"subject_id": subject_id, **values}
        return attrs.evolve(
            reason,
            label_en=_fill(reason.label_en, labels),
            label_zh=_fill(reason.label_zh, labels),
        )

    def _build(self, value: bool, certainty: Certainty) -> Reason:
        flag = self.flag
        if not self.active:
            return Reason(
                criterion=flag.name,
                holds=True,
                label_en=flag.label_en,
                label_zh=flag.label_zh,
                citation=self.citation,
                observed=value,
                threshold=None,
                parameter=self.parameter,
                note_en="not required under these standards",
                note_zh="本标准不要求",
                certainty=certainty,
                rests_on=self.rests_on,
            )
        return Reason(
            criterion=flag.name,
            holds=value is flag.required,
            label_en=flag.label_en,
            label_zh=flag.label_zh,
            citation=self.citation,
            observed=value,
            threshold=flag.required,
            unit="",
            parameter=self.parameter,
            certainty=certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the flag holds."""
        import numpy as np

        observed = np.asarray(columns[self.flag.observed], dtype=bool)
        if not self.active:
            return np.ones(len(observed), dtype=bool)
        return observed if self.flag.required else ~observed


# ------------------------------------------------------------------------------ OptionalFlag
_NOT_ASSESSED_EN: Final = (
    "not assessed: no data supplied; it does not decide the outcome and is never counted as met"
)
_NOT_ASSESSED_ZH: Final = "未评估：未提供数据；不参与判定，也不视为达标"


@frozen
class OptionalFlag:
    """A yes/no requirement whose input may be missing: then it is *not assessed*.

    A non-income target (all members in the rural cooperative medical scheme, housing made
    safe...) is a criterion of exit when its data is supplied. When it is not, the criterion
    is reported as not assessed: its reason has ``assessed=False`` and ``holds=False`` (a
    decision never passes a criterion it did not assess), and the outcome rests on the
    assessed criteria. Columns carry the same tri-state: a boolean column ``observed`` and,
    optionally, its presence ``observed + "?"`` (where it was supplied); a missing column
    means not assessed on every row.

    Args:
        name: The criterion's code (``ncms``).
        observed: The optional boolean input (``None``: not supplied).
        label_en: What is required, in English.
        label_zh: The same in Chinese.
        cites: The parameter the requirement is cited from, or ``None``.
        citation: A citation when no parameter is cited.
        required: The value required (``True``).

    .. versionadded:: 0.2.0 (issue 15)
    """

    name: str
    observed: str
    label_en: str
    label_zh: str
    cites: Param[Any] | None = None
    citation: Citation | None = None
    required: bool = True

    @property
    def inputs(self) -> tuple[str, ...]:
        """None required: a missing value is "not assessed"."""
        return ()

    @property
    def optional_inputs(self) -> tuple[str, ...]:
        """The flag read when supplied."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameter cited."""
        return () if self.cites is None else (str(self.cites),)

    def bind(self, env: Env) -> BoundOptionalFlag:
        """Read the citation."""
        if self.cites is not None:
            citation = env.standards.citation(self.cites, on=env.on)
        elif self.citation is not None:
            citation = self.citation
        else:  # pragma: no cover - a declaration error
            raise TypeError(f"criterion {self.name} needs cites= or citation=")
        return BoundOptionalFlag(self, citation)


class BoundOptionalFlag:
    """An :class:`OptionalFlag` under one standards object: holds, fails or not assessed."""

    __slots__ = ("certainty", "citation", "criterion", "name", "parameter", "reasons")

    def __init__(self, criterion: OptionalFlag, citation: Citation) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.citation = citation
        self.certainty = Certainty.CONFIRMED
        self.parameter = None if criterion.cites is None else str(criterion.cites)
        self.reasons: dict[bool | None, Reason] = {}

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Holds, fails, or (``None``) is not assessed; one cached reason per state."""
        value = values.get(self.criterion.observed)
        if value is not None and not isinstance(value, bool):
            raise InvalidTypeError(
                "must be a boolean (or missing: not assessed)",
                record=subject_id or None,
                field=self.criterion.observed,
                value=value,
            )
        cached = self.reasons.get(value)
        if cached is None:
            cached = self.reasons[value] = self._build(value)
        return cached

    def _build(self, value: bool | None) -> Reason:
        c = self.criterion
        return Reason(
            criterion=c.name,
            holds=value is c.required,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.citation,
            observed=value,
            threshold=c.required,
            unit="",
            parameter=self.parameter,
            note_en=_NOT_ASSESSED_EN if value is None else "",
            note_zh=_NOT_ASSESSED_ZH if value is None else "",
            certainty=self.certainty,
            assessed=value is not None,
        )

    def _length(self, columns: Columns) -> int:
        for column in columns.values():
            return len(column)
        return 0

    def assessed(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the input was supplied (``observed?``, or every row of a present column)."""
        import numpy as np

        observed = self.criterion.observed
        if observed not in columns:
            return np.zeros(self._length(columns), dtype=bool)
        present = columns.get(observed + "?")
        if present is None:
            return np.ones(len(columns[observed]), dtype=bool)
        return np.asarray(present, dtype=bool)

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the requirement holds (assessed and as required; never where not assessed)."""
        import numpy as np

        observed = self.criterion.observed
        if observed not in columns:
            return np.zeros(self._length(columns), dtype=bool)
        values = np.asarray(columns[observed], dtype=bool)
        held = values if self.criterion.required else ~values
        result: np.ndarray[Any, Any] = held & self.assessed(columns)
        return result


# ------------------------------------------------------------------------------ Compare
@frozen
class Compare:
    """An observed amount compared with a threshold: ``observed <op> line``.

    Args:
        name: The criterion's code (``village_income``).
        observed: The input compared (money in yuan, a count, or a ratio).
        line: Where the threshold comes from (:class:`~shuangdao.declare.ParamLine`...).
        comparator: The comparator parameter (``round2.village_comparator``).
        label_en: What is compared (may name ``{subject_id}`` and ``{year}``).
        label_zh: The same in Chinese.
        unit: ``"yuan"`` (integer fen in columns), ``"persons"`` (a count) or ``""``
            (an exact ratio, scalar only).
        optional: A missing observation fails the criterion ("not recorded") instead of
            being an error.
    """

    name: str
    observed: str
    line: Line
    comparator: Param[Comparator]
    label_en: str
    label_zh: str
    unit: str = "yuan"
    optional: bool = False

    @property
    def inputs(self) -> tuple[str, ...]:
        """The amount read."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The line's keys and the comparator."""
        return (*self.line.keys, str(self.comparator))

    def bind(self, env: Env) -> BoundCompare:
        """Read the line and the comparator."""
        return BoundCompare(self, self.line.resolve(env), resolve_param(self.comparator, env), env)


class BoundCompare:
    """A :class:`Compare` under one standards object (and year)."""

    __slots__ = (
        "certainty",
        "comparator",
        "criterion",
        "line",
        "name",
        "rests_on",
        "scale",
        "threshold",
        "year",
    )

    def __init__(self, criterion: Compare, line: Resolved, comparator: Resolved, env: Env) -> None:
        self.year = env.year
        self.criterion = criterion
        self.name = criterion.name
        self.line = line
        self.comparator: Comparator = comparator.value
        self.certainty, self.rests_on = weakest(line, comparator)
        self.scale = _SCALES.get(criterion.unit)
        self.threshold = kernel.scaled(line.value, self.scale or 0)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Compare one observation exactly."""
        c = self.criterion
        observed = values[c.observed]
        labels = {"subject_id": subject_id, "year": self.year, **values}
        note_en, note_zh = self.line.note_en, self.line.note_zh
        if observed is None:
            if not c.optional:
                raise _missing(c.observed, subject_id, "")
            return Reason(
                criterion=c.name,
                holds=False,
                label_en=_fill(c.label_en, labels),
                label_zh=_fill(c.label_zh, labels),
                citation=self.line.citation,
                observed=None,
                threshold=self.line.value,
                comparator=self.comparator,
                unit=c.unit,
                parameter=self.line.key,
                note_en="not recorded" + (f"; {note_en}" if note_en else ""),
                note_zh="未登记" + (f"；{note_zh}" if note_zh else ""),
                certainty=self.certainty,
                rests_on=self.rests_on,
            )
        amount = kernel.scaled(Decimal(observed), self.scale or 0)
        units, k = kernel.difference(amount.n, self.threshold, scale=amount.k)
        return Reason(
            criterion=c.name,
            holds=self.comparator.holds(observed, self.line.value),
            label_en=_fill(c.label_en, labels),
            label_zh=_fill(c.label_zh, labels),
            citation=self.line.citation,
            observed=observed,
            threshold=self.line.value,
            comparator=self.comparator,
            margin=kernel.as_decimal(units, k),
            unit=c.unit,
            parameter=self.line.key,
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``observed <op> line`` holds (integer comparison)."""
        if self.scale is None:
            raise TypeError(f"criterion {self.name} compares ratios: no columnar form")
        result: np.ndarray[Any, Any] = kernel.compare(
            columns[self.criterion.observed], self.comparator, self.threshold, scale=self.scale
        )
        return result


# ------------------------------------------------------------------------------ PerCapita
@frozen
class PerCapita:
    """A household total compared with a per-person line: ``total <op> line × persons``.

    The comparison never divides. The reason's ``observed`` is the total, its ``threshold``
    the line for the household (``line × persons``, exact), its ``margin`` the per-capita
    margin ``total / persons - line`` rounded half-even to 0.0001 yuan (reported only), and
    its ``per_capita`` and ``persons`` the two factors.

    Args:
        name: The criterion's code (``household_income``).
        total: The total amount (money).
        persons: The persons it is shared by (``members``).
        line: Where the per-person line comes from.
        comparator: The comparator parameter.
        label_en: What is compared (may name ``{subject_id}`` and ``{year}``); the
            persons are the reason's ``persons``.
        label_zh: The same in Chinese.
    """

    name: str
    total: str
    persons: str
    line: Line
    comparator: Param[Comparator]
    label_en: str
    label_zh: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The total and the persons."""
        return (self.total, self.persons)

    @property
    def keys(self) -> tuple[str, ...]:
        """The line's keys and the comparator."""
        return (*self.line.keys, str(self.comparator))

    def bind(self, env: Env) -> BoundPerCapita:
        """Read the line and the comparator."""
        return BoundPerCapita(
            self, self.line.resolve(env), resolve_param(self.comparator, env), env.year
        )


_TEXTS_CACHE: Final = 64
"""Label texts are shared for this many household sizes (fewer allocations)."""


class BoundPerCapita:
    """A :class:`PerCapita` under one standards object (and year)."""

    __slots__ = (
        "certainty",
        "comparator",
        "criterion",
        "line",
        "name",
        "op",
        "plain",
        "rests_on",
        "shift",
        "texts",
        "threshold",
        "year",
    )

    def __init__(
        self, criterion: PerCapita, line: Resolved, comparator: Resolved, year: int | None = None
    ) -> None:
        self.year = year
        self.criterion = criterion
        self.name = criterion.name
        self.line = line
        self.comparator: Comparator = comparator.value
        self.certainty, self.rests_on = weakest(line, comparator)
        self.threshold = kernel.scaled(line.value, 2)
        self.op = kernel.OPERATORS[self.comparator]
        self.shift = 10 ** (self.threshold.k - 2)
        self.plain = "{" not in criterion.label_en + criterion.label_zh
        self.texts: dict[int, tuple[str, str, Decimal, str, str]] = {}

    def _texts(self, persons: int) -> tuple[str, str, Decimal, str, str]:
        texts = self.texts.get(persons)
        if texts is None:
            # The persons, the line per person and the margin per person are the reason's
            # data (persons, per_capita, margin); the explanation renders them. The note
            # keeps only how the line was obtained.
            texts = (
                self.criterion.label_en,
                self.criterion.label_zh,
                kernel.threshold_times(self.threshold, persons),
                self.line.note_en,
                self.line.note_zh,
            )
            if len(self.texts) < _TEXTS_CACHE:
                self.texts[persons] = texts
        return texts

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Compare one household exactly (``total × 100 <op> line × 100 × persons``)."""
        c = self.criterion
        total = values[c.total]
        persons = values[c.persons]
        if total is None:
            raise _missing(c.total, subject_id, "")
        fen = kernel.fen(total)
        if fen is None:
            raise InvalidRecordError(
                "has more than two decimals (fen precision)",
                record=subject_id or None,
                field=c.total,
                value=total,
            )
        label_en, label_zh, threshold, note_en, note_zh = self._texts(persons)
        if not self.plain:
            labels = {"subject_id": subject_id, "year": self.year, **values}
            label_en = _fill(label_en, labels)
            label_zh = _fill(label_zh, labels)
        return Reason(
            criterion=c.name,
            holds=self.holds(fen, persons),
            label_en=label_en,
            label_zh=label_zh,
            citation=self.line.citation,
            observed=total,
            threshold=threshold,
            comparator=self.comparator,
            margin=kernel.as_decimal(
                kernel.per_capita_margin(fen, persons, self.threshold), kernel.MARGIN_SCALE
            ),
            unit="yuan",
            parameter=self.line.key,
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
            per_capita=self.line.value,
            persons=persons,
            rests_on=self.rests_on,
        )

    def holds(self, fen: int, persons: int) -> bool:
        """One household: ``fen × 10**(k-2) <op> n × persons`` (the kernel's comparison)."""
        return bool(self.op(fen * self.shift, self.threshold.n * persons))

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``total <op> line × persons`` holds (integer comparison, fen)."""
        c = self.criterion
        result: np.ndarray[Any, Any] = kernel.compare(
            columns[c.total], self.comparator, self.threshold, times=columns[c.persons]
        )
        return result

    def margin(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Per-capita margins in 0.0001 yuan (half-even), as the reasons report them."""
        c = self.criterion
        result: np.ndarray[Any, Any] = kernel.per_capita_margin(
            columns[c.total], columns[c.persons], self.threshold
        )
        return result


# ------------------------------------------------------------------------------ Share
@frozen
class Share:
    """A count compared with a share of another: ``part <op> share × whole``.

    Exact (``part × 10**k <op> n × whole`` for ``share = n / 10**k``), never divided: 50
    relatively poor persons of 1000 registered is exactly 5 %.

    Args:
        name: The criterion's code (``poor_share``).
        part: The count compared (``relatively_poor_persons``).
        whole: The count the share is of (``registered_population``).
        share: The share parameter.
        comparator: The comparator parameter.
        label_en: What is compared; may name ``{share}``, ``{whole}`` and the inputs.
        label_zh: The same in Chinese.
        unit: The unit of ``part`` (``"persons"``).
        as_ratio: Report the observed share ``part / whole`` (half-even to 0.0001) against the
            share itself, with the exact comparison in the note (a settlement's "80 % of the
            persons"), instead of ``part`` against ``share × whole``.
    """

    name: str
    part: str
    whole: str
    share: Param[Decimal]
    comparator: Param[Comparator]
    label_en: str
    label_zh: str
    unit: str = field(default="persons")
    as_ratio: bool = False

    @property
    def inputs(self) -> tuple[str, ...]:
        """The part and the whole."""
        return (self.part, self.whole)

    @property
    def keys(self) -> tuple[str, ...]:
        """The share and the comparator."""
        return (str(self.share), str(self.comparator))

    def bind(self, env: Env) -> BoundShare:
        """Read the share and the comparator."""
        return BoundShare(
            self, resolve_param(self.share, env), resolve_param(self.comparator, env), env.year
        )


class BoundShare:
    """A :class:`Share` under one standards object."""

    __slots__ = (
        "certainty",
        "comparator",
        "criterion",
        "name",
        "rests_on",
        "share",
        "threshold",
        "year",
    )

    def __init__(
        self, criterion: Share, share: Resolved, comparator: Resolved, year: int | None = None
    ) -> None:
        self.year = year
        self.criterion = criterion
        self.name = criterion.name
        self.share = share
        self.comparator: Comparator = comparator.value
        self.certainty, self.rests_on = weakest(share, comparator)
        self.threshold = kernel.scaled(share.value, 0)

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Compare one record's count exactly."""
        c = self.criterion
        part, whole = values[c.part], values[c.whole]
        for name, value in ((c.part, part), (c.whole, whole)):
            if value is None:
                raise _missing(name, subject_id, "")
        labels = {
            "subject_id": subject_id,
            "year": self.year,
            "share": self.share.value,
            "whole": whole,
            **values,
        }
        if c.as_ratio:
            return self._ratio_reason(part, whole, labels)
        threshold = kernel.threshold_times(self.threshold, whole)
        units, k = kernel.difference(part, kernel.scaled(threshold, 0), scale=0)
        return Reason(
            criterion=c.name,
            holds=kernel.compare(part, self.comparator, self.threshold, times=whole, scale=0),
            label_en=_fill(c.label_en, labels),
            label_zh=_fill(c.label_zh, labels),
            citation=self.share.citation,
            observed=part,
            threshold=threshold,
            comparator=self.comparator,
            margin=kernel.as_decimal(units, k),
            unit=c.unit,
            parameter=self.share.key,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def holds(self, part: int, whole: int) -> bool:
        """One record: ``part <op> share × whole`` (the kernel's comparison, no reason built)."""
        return bool(kernel.compare(part, self.comparator, self.threshold, times=whole, scale=0))

    def _ratio_reason(self, part: int, whole: int, labels: Mapping[str, Any]) -> Reason:
        c = self.criterion
        share: Decimal = self.share.value
        numerator, denominator = share.as_integer_ratio()
        symbol = self.comparator.symbol
        return Reason(
            criterion=c.name,
            holds=kernel.share_holds(part, whole, share, self.comparator),
            label_en=_fill(c.label_en, labels),
            label_zh=_fill(c.label_zh, labels),
            citation=self.share.citation,
            observed=kernel.as_decimal(kernel.quotient(part, whole), kernel.MARGIN_SCALE),
            threshold=share,
            comparator=self.comparator,
            margin=None,
            unit="",
            parameter=self.share.key,
            note_en=f"decided exactly as {part} × {denominator} {symbol} {numerator} × {whole}",
            note_zh=f"精确判定：{part}×{denominator}{symbol}{numerator}×{whole}",
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``part <op> share × whole`` holds (integer comparison)."""
        c = self.criterion
        result: np.ndarray[Any, Any] = kernel.compare(
            columns[c.part], self.comparator, self.threshold, times=columns[c.whole], scale=0
        )
        return result


# ------------------------------------------------------------------------------ AllMet
@frozen
class AllMet:
    """Every member of a group meets its own rule: ``met == total`` (every village's targets).

    The members' own failing criteria are listed after this one by the function that
    evaluates the group (``village.<id>.<criterion>``); this criterion counts them.

    Args:
        name: The criterion's code (``villages_target``).
        met: The count of members that meet their rule.
        total: The count of members.
        cites: The parameter the requirement is cited from.
        label_en: What is counted (may name ``{year}``).
        label_zh: The same in Chinese.
    """

    name: str
    met: str
    total: str
    cites: Param[Any]
    label_en: str
    label_zh: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The two counts."""
        return (self.met, self.total)

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameter cited."""
        return (str(self.cites),)

    def bind(self, env: Env) -> BoundAllMet:
        """Read the citation."""
        return BoundAllMet(self, env.standards.citation(self.cites, on=env.on), env.year)


class BoundAllMet:
    """An :class:`AllMet` under one standards object."""

    __slots__ = ("certainty", "citation", "criterion", "name", "year")

    def __init__(self, criterion: AllMet, citation: Citation, year: int | None) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.citation = citation
        self.year = year
        self.certainty = Certainty.CONFIRMED

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Count one group's members."""
        c = self.criterion
        met, total = values[c.met], values[c.total]
        labels = {"subject_id": subject_id, "year": self.year, **values}
        return Reason(
            criterion=c.name,
            holds=met >= total,
            label_en=_fill(c.label_en, labels),
            label_zh=_fill(c.label_zh, labels),
            citation=self.citation,
            observed=met,
            threshold=total,
            comparator=Comparator.GE,
            margin=Decimal(met - total),
            unit="",
            parameter=str(c.cites),
            certainty=self.certainty,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where every member meets its rule."""
        import numpy as np

        c = self.criterion
        return np.asarray(columns[c.met] >= columns[c.total], dtype=bool)


# ------------------------------------------------------------------------------ Versus
@frozen
class Versus:
    """One input compared with another of the same kind: ``observed <op> reference``.

    A county's per-capita GDP growth above the provincial average (S1): both figures are
    inputs, compared exactly. Values are exact decimals with at most ``scale`` decimals (a
    growth rate of 12.34 % is ``0.1234``); columns hold them as integers of ``10**-scale``.

    Args:
        name: The criterion's code (``gdp_growth``).
        observed: The input compared.
        reference: The input it is compared with.
        comparator: The comparator parameter.
        label_en: What is compared (``"per-capita GDP growth"``).
        label_zh: The same in Chinese.
        scale: Decimals of the values (and of the integer columns).

    .. versionadded:: 0.2.0 (issue 15)
    """

    name: str
    observed: str
    reference: str
    comparator: Param[Comparator]
    label_en: str
    label_zh: str
    scale: int = 4

    @property
    def inputs(self) -> tuple[str, ...]:
        """The two inputs."""
        return (self.observed, self.reference)

    @property
    def keys(self) -> tuple[str, ...]:
        """The comparator."""
        return (str(self.comparator),)

    def bind(self, env: Env) -> BoundVersus:
        """Read the comparator."""
        return BoundVersus(self, resolve_param(self.comparator, env))


class BoundVersus:
    """A :class:`Versus` under one standards object."""

    __slots__ = ("certainty", "comparator", "criterion", "name", "op", "resolved", "rests_on")

    def __init__(self, criterion: Versus, comparator: Resolved) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.resolved = comparator
        self.comparator: Comparator = comparator.value
        self.op = kernel.OPERATORS[self.comparator]
        self.certainty, self.rests_on = weakest(comparator)

    def units(self, value: object, field_name: str, subject_id: str) -> int:
        """``value`` as an integer of ``10**-scale`` (exact), or a typed error."""
        if value is None:
            raise _missing(field_name, subject_id, "")
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise InvalidTypeError(
                "must be an exact number (Decimal or int)",
                record=subject_id or None,
                field=field_name,
                value=value,
            )
        if isinstance(value, Decimal) and not value.is_finite():
            raise InvalidRecordError("must be finite", record=subject_id or None, field=field_name)
        numerator, denominator = Decimal(value).as_integer_ratio()
        scale = 10**self.criterion.scale
        if scale % denominator:
            raise InvalidRecordError(
                f"has more than {self.criterion.scale} decimals",
                record=subject_id or None,
                field=field_name,
                value=value,
            )
        result: int = numerator * (scale // denominator)
        return result

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Compare one record's two inputs exactly."""
        c = self.criterion
        observed = self.units(values[c.observed], c.observed, subject_id)
        reference = self.units(values[c.reference], c.reference, subject_id)
        return Reason(
            criterion=c.name,
            holds=bool(self.op(observed, reference)),
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.resolved.citation,
            observed=kernel.as_decimal(observed, c.scale),
            threshold=kernel.as_decimal(reference, c.scale),
            comparator=self.comparator,
            margin=kernel.as_decimal(observed - reference, c.scale),
            unit="",
            parameter=self.resolved.key,
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where ``observed <op> reference`` holds (integer columns of ``10**-scale``)."""
        import numpy as np

        c = self.criterion
        return np.asarray(self.op(columns[c.observed], columns[c.reference]), dtype=bool)
