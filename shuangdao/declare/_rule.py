"""A declared rule, bound to a standards object, and its two evaluators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar

from attrs import field, frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare._criteria import BoundCriterion, Columns, Criterion
from shuangdao.declare._lines import Env
from shuangdao.declare._requirements import Requirement
from shuangdao.errors import InvalidTypeError, ShuangdaoError
from shuangdao.explain import Combine, Decision, Provenance, Reason, decide
from shuangdao.standards import Standards, default_standards

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

__all__ = [
    "BoundRule",
    "Evaluated",
    "Rule",
    "codes_table",
    "declarations",
    "declared",
    "is_declared",
    "keys_read",
    "not_assessed_array",
]

_INFORMATIONAL_EN: Final = "priority flag only; it does not change the outcome"
_INFORMATIONAL_ZH: Final = "仅为优先条件，不影响认定结果"


def _criteria(value: Sequence[Criterion]) -> tuple[Criterion, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _requirements(value: Sequence[Requirement]) -> tuple[Requirement, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class Rule:
    """One rule, declared once: its criteria, how they combine, its citation and titles.

    Both evaluators read this declaration: :meth:`BoundRule.decide` (one record → a
    :class:`~shuangdao.explain.Decision` with one reason per criterion) and
    :meth:`BoundRule.evaluate` (integer columns → flags, reason codes, margins). Bind it to a
    standards object first (:meth:`bind`); bound rules are cached per standards object.

    Attributes:
        id: Stable rule id (``"identification.round2.household"``).
        subject: The kind of subject decided (``"household"``, ``"village"``).
        title_en: The category the outcome grants, in English (``"poor household"``); may name
            ``{year}`` and ``{round}``.
        title_zh: The same in Chinese (``"贫困户"``).
        citation: Where the rule comes from (its parameters carry their own citations).
        criteria: The criteria, in order (reason codes join the failing ones in this order).
        combine: ``ALL`` (every criterion must hold) or ``ANY``.
        informational: Criteria reported after the others that never change the outcome
            (round 3's priority flags); the scalar evaluator only.
        round: The programme round, if the rule belongs to one.
        depends_on: Rules whose outcomes feed an input (a household's village decision, the
            households a village's count comes from), or functions choosing that rule from
            the standards. Decisions are never more certain than these rules.
        requires: What the rule needs of a record before its criteria are read (a field that
            must be present, a count that must reach a minimum): checked by the rule
            function (:meth:`unmet`) and by every table reader, which lists each unmet
            requirement of a row as one problem.

    .. versionchanged:: 0.2.0 ``requires``.
    """

    id: str
    subject: str
    title_en: str
    title_zh: str
    citation: Citation
    criteria: tuple[Criterion, ...] = field(converter=_criteria)
    combine: Combine = Combine.ALL
    informational: tuple[Criterion, ...] = field(default=(), converter=_criteria)
    round: int | None = None
    depends_on: tuple[Rule | Callable[[Standards], Rule], ...] = ()
    requires: tuple[Requirement, ...] = field(default=(), converter=_requirements)

    def unmet(
        self, record: Any, *, subject: str | None, standards: Standards | None = None
    ) -> list[ShuangdaoError]:
        """Every requirement ``record`` does not meet, as errors, in declaration order.

        Args:
            record: The record (its fields are read by name).
            subject: How the errors name it (``"village v1"``).
            standards: Where a requirement's parameter hint is read.
        """
        found: list[ShuangdaoError] = []
        for need in self.requires:
            error = need.problem(
                getattr(record, need.field), record=subject, rule=self.id, standards=standards
            )
            if error is not None:
                found.append(error)
        return found

    @property
    def names(self) -> tuple[str, ...]:
        """The criteria's codes, in order."""
        return tuple(c.name for c in self.criteria)

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every record field (or column) the rule needs, in order of first use.

        Inputs a criterion reads only when supplied (a non-income target: "not assessed"
        without it) are :attr:`optional_inputs` instead.
        """
        seen: dict[str, None] = {}
        for criterion in (*self.criteria, *self.informational):
            seen.update(dict.fromkeys(criterion.inputs))
        return tuple(seen)

    @property
    def optional_inputs(self) -> tuple[str, ...]:
        """Fields (or columns) read when supplied; without them a criterion is not assessed.

        .. versionadded:: 0.2.0 (issue 15)
        """
        seen: dict[str, None] = {}
        for criterion in (*self.criteria, *self.informational):
            seen.update(dict.fromkeys(getattr(criterion, "optional_inputs", ())))
        return tuple(n for n in seen if n not in self.inputs)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every standards key the rule reads (for the docs' "parameters read" lists)."""
        seen: dict[str, None] = {}
        for criterion in (*self.criteria, *self.informational):
            seen.update(dict.fromkeys(criterion.keys))
        return tuple(seen)

    def bind(
        self,
        standards: Standards | None = None,
        *,
        year: int | None = None,
        on: dt.date | None = None,
    ) -> BoundRule:
        """Read the rule's parameters from ``standards`` (for income ``year`` or day ``on``).

        Cached: binding the same rule to the same standards object again is a dictionary
        lookup. The cache holds no policy state.

        Raises:
            MissingParameterError: A parameter the rule needs has no value.
            UnknownReferenceError: No line for ``year``.
        """
        if standards is None:
            standards = default_standards()
        elif not isinstance(standards, Standards):
            raise InvalidTypeError(
                f"must be a Standards object, not {type(standards).__name__}", field="standards"
            )
        if year is None and on is None:  # the common case: one bound rule per standards
            last = _LAST.get(id(self))
            if last is not None and last.env.standards is standards and last.rule is self:
                return last
        key = (id(standards), id(self), year, on)
        hit = _BOUND.get(key)
        if hit is not None and hit.standards is standards and hit.rule is self:
            return hit
        bound = BoundRule(self, Env(standards, year, on))
        if len(_BOUND) >= _BOUND_SIZE:
            _BOUND.pop(next(iter(_BOUND)))
        _BOUND[key] = bound
        if year is None and on is None:
            if len(_LAST) >= _BOUND_SIZE:
                _LAST.clear()
            _LAST[id(self)] = bound
        return bound


_BOUND: dict[tuple[int, int, int | None, dt.date | None], BoundRule] = {}
_LAST: dict[int, BoundRule] = {}
_BOUND_SIZE: Final = 256


def codes_table(names: Sequence[str]) -> list[str]:
    """Reason codes by failing-criteria bit pattern (bit ``i``: criterion ``i`` failed).

    Example:
        >>> codes_table(["a", "b"])
        ['selected', 'not:a', 'not:b', 'not:a+b']
    """
    table = []
    for pattern in range(2 ** len(names)):
        failing = [c for i, c in enumerate(names) if pattern >> i & 1]
        table.append("not:" + "+".join(failing) if failing else "selected")
    return table


class BoundRule:
    """A :class:`Rule` with its parameters read from one standards object (and year/day).

    Attributes:
        rule: The declaration.
        env: What it was bound to.
        criteria: The bound criteria, in order.
        certainty: The weakest certainty among the values the criteria read (the certainty
            of every decision, unless a linked input is weaker).
        provenance: What decisions record about the standards.
    """

    __slots__ = ("certainty", "criteria", "env", "informational", "inputs", "provenance", "rule")

    certainty: Certainty
    criteria: tuple[BoundCriterion, ...]
    informational: tuple[BoundCriterion, ...]

    def __init__(self, rule: Rule, env: Env) -> None:
        self.rule = rule
        self.env = env
        self.criteria = tuple(c.bind(env) for c in rule.criteria)
        self.informational = tuple(c.bind(env) for c in rule.informational)
        linked = [
            (d if isinstance(d, Rule) else d(env.standards))
            .bind(env.standards, year=env.year, on=env.on)
            .certainty
            for d in rule.depends_on
        ]
        self.certainty = Certainty.weakest(*(c.certainty for c in self.criteria), *linked)
        self.provenance = Provenance.of(env.standards)
        self.inputs = rule.inputs + rule.optional_inputs

    @property
    def standards(self) -> Standards:
        """The standards read."""
        return self.env.standards

    def criterion(self, name: str) -> BoundCriterion:
        """The bound criterion ``name`` (e.g. to ask a per-capita one for margins)."""
        for criterion in self.criteria:
            if criterion.name == name:
                return criterion
        raise KeyError(name)

    # ------------------------------------------------------------ scalar evaluator
    def decide(
        self,
        record: object = None,
        /,
        *,
        subject_id: str,
        as_of: dt.date | None = None,
        itemised: Sequence[Reason] = (),
        listed: Sequence[Reason] = (),
        value: Decimal | int | str | None = None,
        **inputs: Any,
    ) -> Decision:
        """Decide one record: one reason per criterion, combined as declared.

        Each input the rule reads is taken from ``inputs`` when given there, else from the
        attribute of ``record`` with the same name (``household.income``). An optional input
        that is missing (``None``) leaves its criterion *not assessed*: reported, never
        counted as met, and left out of the outcome (:attr:`Decision.not_assessed`).

        A group's decision (a settlement over villages) may add ``itemised`` reasons: the
        failing criteria of its members (``village.v1.collective_income``), which decide with the
        declared criteria; ``listed`` are reported after them without deciding (households
        below the line, households not counted). ``value`` is the decision's result value.

        Example:
            >>> from shuangdao.rules.identification import ROUND2_HOUSEHOLD
            >>> from shuangdao import Household
            >>> h = Household(household_id="h1", village_id="v1", members=4,
            ...               income="12371.99", has_labour_capacity=True)
            >>> d = ROUND2_HOUSEHOLD.bind().decide(h, subject_id="h1", in_key_village=True)
            >>> d.code, d.reason("household_income").margin, d.certainty.value
            ('selected', Decimal('-0.0025'), 'confirmed')
        """
        values = {
            name: inputs[name] if name in inputs else getattr(record, name, None)
            for name in self.inputs
        }
        if len(inputs) > len(values):  # more inputs, for the labels ({persons_above} ...)
            values = {**inputs, **values}
        reasons = [c.reason(values, subject_id) for c in self.criteria]
        reasons.extend(itemised)
        informational = [self._informational(c, values, subject_id) for c in self.informational]
        informational.extend(listed)
        rule = self.rule
        title_en, title_zh = rule.title_en, rule.title_zh
        if "{" in title_en + title_zh:
            title_en = title_en.format(year=self.env.year, round=rule.round)
            title_zh = title_zh.format(year=self.env.year, round=rule.round)
        return decide(
            rule=rule.id,
            subject_kind=rule.subject,
            subject_id=subject_id,
            title_en=title_en,
            title_zh=title_zh,
            reasons=reasons,
            citation=rule.citation,
            standards=self.env.standards,
            combine=rule.combine,
            round=rule.round,
            as_of=as_of,
            informational=informational,
            provenance=self.provenance,
            certainty=self.certainty,
            value=value,
        )

    @staticmethod
    def _informational(criterion: BoundCriterion, values: Mapping[str, Any], subject: str) -> Any:
        import attrs

        reason: Reason = criterion.reason(values, subject)
        return attrs.evolve(
            reason,
            note_en=f"{reason.note_en}; {_INFORMATIONAL_EN}"
            if reason.note_en
            else _INFORMATIONAL_EN,
            note_zh=f"{reason.note_zh}；{_INFORMATIONAL_ZH}"
            if reason.note_zh
            else _INFORMATIONAL_ZH,
        )

    # ------------------------------------------------------------ columnar evaluator
    def evaluate(
        self,
        columns: Columns,
        *,
        certainties: Mapping[str, Certainty] | None = None,
        margin: str | None = None,
    ) -> Evaluated:
        """Decide a whole table: where each criterion holds, the outcome and the codes.

        Args:
            columns: The rule's inputs as numpy arrays of equal length: money in integer
                fen, counts as integers, flags as booleans. An optional input
                (:attr:`Rule.optional_inputs`) may be absent (not assessed on every row) or
                come with its presence ``name + "?"`` (not assessed where false).
            certainties: Certainties of linked inputs (the certainty of the village
                decisions a household flag reads), weakening the result's.
            margin: A criterion whose margins to compute as well
                (:attr:`Evaluated.margin`), with its comparison when it can do both at once.

        Example:
            >>> import numpy as np
            >>> from shuangdao.rules.identification import ROUND2_HOUSEHOLD
            >>> yes = np.array([True, True])
            >>> e = ROUND2_HOUSEHOLD.bind().evaluate({
            ...     "in_key_village": yes, "income": np.array([1237199, 1237200]),
            ...     "members": np.array([4, 4]), "has_labour_capacity": yes})
            >>> e.outcome.tolist(), e.codes().to_pylist()
            ([True, False], ['selected', 'not:household_income'])
        """
        holds = []
        margins = None
        for c in self.criteria:
            if c.name != margin:
                holds.append(c.column(columns))
            elif hasattr(c, "column_and_margin"):
                held, margins = c.column_and_margin(columns)
                holds.append(held)
            else:
                holds.append(c.column(columns))
                margins = c.margin(columns)  # type: ignore[attr-defined]
        if margin is not None and margins is None:
            raise KeyError(margin)
        assessed = [c.assessed(columns) if hasattr(c, "assessed") else None for c in self.criteria]
        certainty = self.certainty
        if certainties:
            certainty = Certainty.weakest(certainty, *certainties.values())
        if all(a is None for a in assessed):
            return Evaluated(self, holds, certainty, margin=margins)
        return Evaluated(self, holds, certainty, assessed, margin=margins)


@dataclass(slots=True)
class Evaluated:
    """The columnar evaluator's result for one table.

    Attributes:
        rule: The bound rule.
        holds: One boolean array per criterion (where it holds), in the declared order. A
            criterion never holds where it was not assessed.
        certainty: The certainty of every row's decision.
        assessed: Per criterion, where it was assessed (``None``: everywhere); a criterion
            not assessed on a row does not decide that row, as in the scalar evaluator.
        margin: The margins of the criterion named by :meth:`BoundRule.evaluate`'s
            ``margin`` (``None`` when none was asked for).

    .. versionchanged:: 0.2.0 ``assessed`` added (issue 15); ``margin`` (issue 13).
    """

    rule: BoundRule
    holds: list[np.ndarray[Any, Any]]
    certainty: Certainty
    assessed: list[np.ndarray[Any, Any] | None] | None = None
    margin: np.ndarray[Any, Any] | None = None

    def __iter__(self) -> Iterator[np.ndarray[Any, Any]]:
        return iter(self.holds)

    @property
    def failing(self) -> list[np.ndarray[Any, Any]]:
        """Per criterion, where it was assessed and does not hold (what decides "why not").

        .. versionadded:: 0.2.0 (issue 15)
        """
        if self.assessed is None:
            return [~held for held in self.holds]
        return [
            ~held if assessed is None else ~held & assessed
            for held, assessed in zip(self.holds, self.assessed, strict=True)
        ]

    @property
    def outcome(self) -> np.ndarray[Any, Any]:
        """Where the rule's outcome holds (on the assessed criteria of each row)."""
        import numpy as np

        n = len(self.holds[0]) if self.holds else 0
        if self.rule.rule.combine is Combine.ANY:
            out = np.zeros(n, dtype=bool)
            for held in self.holds:
                out |= held
            return out
        out = np.ones(n, dtype=bool)
        for fails in self.failing:
            out &= ~fails
        return out

    @property
    def bits(self) -> np.ndarray[Any, Any]:
        """The failing-criteria bit pattern of each row (``int32``; bit ``i``: criterion ``i``).

        Under ``ANY`` a row that holds has no failing bits (its code is ``selected``) and
        one that fails has them all, as the scalar evaluator's codes say. A criterion not
        assessed on a row never sets its bit.
        """
        import numpy as np

        n = len(self.holds[0]) if self.holds else 0
        bits = np.zeros(n, dtype=np.int32)
        for position, fails in enumerate(self.failing):
            bits |= fails.astype(np.int32) << position
        if self.rule.rule.combine is Combine.ANY:
            every = (1 << len(self.holds)) - 1
            bits = np.where(self.outcome, 0, every).astype(np.int32)
        return bits

    @property
    def not_assessed_bits(self) -> np.ndarray[Any, Any]:
        """The not-assessed bit pattern of each row (``int32``; bit ``i``: criterion ``i``).

        .. versionadded:: 0.2.0 (issue 15)
        """
        import numpy as np

        n = len(self.holds[0]) if self.holds else 0
        bits = np.zeros(n, dtype=np.int32)
        for position, assessed in enumerate(self.assessed or ()):
            if assessed is not None:
                bits |= (~assessed).astype(np.int32) << position
        return bits

    def codes(self) -> pa.DictionaryArray:
        """Reason codes (``selected`` / ``not:a+b``), dictionary-encoded, as the scalar path."""
        return codes_array(self.bits, self.rule.rule.names, in_range=True)

    def not_assessed_codes(self) -> pa.DictionaryArray:
        """The criteria not assessed on each row (``a+b``; null where every one was).

        As :attr:`~shuangdao.explain.Decision.not_assessed` joined with ``+``.

        .. versionadded:: 0.2.0 (issue 15)
        """
        return not_assessed_array(self.not_assessed_bits, self.rule.rule.names)

    def certainty_column(self) -> pa.DictionaryArray:
        """The certainty of each row (one value), dictionary-encoded."""
        return certainty_array(len(self.holds[0]) if self.holds else 0, self.certainty)


def codes_array(
    bits: np.ndarray[Any, Any], names: Sequence[str], *, in_range: bool = False
) -> pa.DictionaryArray:
    """Reason codes from failing-criteria bit patterns: the patterns are the indices.

    ``in_range``: the caller built every pattern from the criteria (each below
    ``2 ** len(names)``), so Arrow's bounds check of the indices (a pass over them) is skipped.

    .. versionchanged:: 0.2.0 ``in_range`` added (issue 13).
    """
    import numpy as np
    import pyarrow as pa

    indices = pa.array(np.asarray(bits, dtype=np.int32), pa.int32())
    return pa.DictionaryArray.from_arrays(indices, pa.array(codes_table(names)), safe=not in_range)


def not_assessed_array(bits: np.ndarray[Any, Any], names: Sequence[str]) -> pa.DictionaryArray:
    """Not-assessed criteria (``a+b``) from bit patterns; null where the pattern is 0.

    .. versionadded:: 0.2.0 (issue 15)
    """
    import numpy as np
    import pyarrow as pa

    table = [code.removeprefix("not:") for code in codes_table(names)]
    bits = np.asarray(bits, dtype=np.int32)
    indices = pa.array(bits, pa.int32(), mask=bits == 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(table))


def certainty_array(n: int, certainty: Certainty) -> pa.DictionaryArray:
    """A dictionary-encoded column with ``certainty`` on each of ``n`` rows."""
    import numpy as np
    import pyarrow as pa

    # Every index is 0, the dictionary's one value: no bounds check needed.
    return pa.DictionaryArray.from_arrays(
        pa.array(np.zeros(n, dtype=np.int32), pa.int32()), pa.array([certainty.value]), safe=False
    )


_F = TypeVar("_F", bound=Callable[..., Any])


def declared(*rules: Rule, reads: Sequence[str] = ()) -> Callable[[_F], _F]:
    """Mark a function as applying declared rules (and reading ``reads`` besides).

    The documentation lists the parameters a rule function reads, and the rules that read
    each parameter, from these marks (:func:`keys_read`), never by scanning source text.

    Example:
        >>> from shuangdao.rules.identification import ROUND2_HOUSEHOLD, identify_household_round2
        >>> keys_read(identify_household_round2) == ROUND2_HOUSEHOLD.keys
        True
    """

    def mark(function: _F) -> _F:
        function.__shuangdao_rules__ = rules  # type: ignore[attr-defined]
        function.__shuangdao_reads__ = tuple(str(k) for k in reads)  # type: ignore[attr-defined]
        return function

    return mark


def declarations(function: Callable[..., Any]) -> tuple[Rule, ...]:
    """The rules a function was marked with :func:`declared` as applying (``()`` if none)."""
    rules: tuple[Rule, ...] = getattr(function, "__shuangdao_rules__", ())
    return rules


def keys_read(function: Callable[..., Any]) -> tuple[str, ...]:
    """Every standards key a :func:`declared` function reads, in order (``()`` if unmarked)."""
    seen: dict[str, None] = {}
    for rule in declarations(function):
        seen.update(dict.fromkeys(rule.keys))
    seen.update(dict.fromkeys(getattr(function, "__shuangdao_reads__", ())))
    return tuple(seen)


def is_declared(function: Callable[..., Any]) -> bool:
    """Whether ``function`` was marked with :func:`declared`."""
    return hasattr(function, "__shuangdao_rules__")
