"""Decisions that explain themselves: outcome, reasons, citations and provenance.

Every rule in :mod:`shuangdao.rules` returns a :class:`Decision`. A decision holds one
:class:`Reason` per criterion the rule checked — the observed value, the threshold, the
comparator, whether it held, the margin and the citation — and says which criteria
*decided* the outcome (for "why" and "why not"). :meth:`Decision.explanation` explains it in
layers — a verdict line; one line per criterion with the observed value, the comparison in
words, the line and the margin to the fen (per person and per household where the rule is per
capita); the sources by short title, issuer, date and article; the certainty — as an
:class:`Explanation` that the text (:meth:`Decision.explain`), JSON and HTML renderings all
read, in English or Chinese. Decisions serialise to JSON losslessly
(:func:`shuangdao.serialize.to_json`).

Example:
    >>> from decimal import Decimal
    >>> from shuangdao.citations import Citation
    >>> from shuangdao.quantities import Comparator
    >>> reason = Reason.compare(
    ...     "round2.household_income", observed=Decimal("2900.00"), threshold=Decimal("3093"),
    ...     comparator=Comparator.LT, label_en="per-capita net income",
    ...     label_zh="家庭人均纯收入", unit="yuan", citation=Citation(("S1",)))
    >>> reason.holds, reason.margin
    (True, Decimal('-193.00'))
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from attrs import Factory, field, frozen

from shuangdao._explanation import (
    ExplainedCriterion,
    ExplainedSource,
    Explanation,
    explanation,
    render_reason,
)
from shuangdao._version import __version__
from shuangdao.citations import Certainty, Citation
from shuangdao.errors import InvalidRecordError
from shuangdao.quantities import Comparator
from shuangdao.standards import Override

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = [
    "Combine",
    "Decision",
    "ExplainedCriterion",
    "ExplainedSource",
    "Explanation",
    "Lang",
    "Provenance",
    "Reason",
    "decide",
]

Lang = Literal["en", "zh"]
"""Languages decisions render in."""

Observed = Decimal | int | bool | str | None


class Combine(enum.Enum):
    """How a decision's criteria combine into its outcome."""

    ALL = "all"
    """The outcome holds when every criterion holds (an AND rule)."""
    ANY = "any"
    """The outcome holds when at least one criterion holds (an OR rule)."""


def _keys(value: Iterable[str]) -> tuple[str, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class Reason:
    """One criterion a rule checked, with the evidence.

    Attributes:
        criterion: Stable code (``"round2.household_income"``).
        holds: Whether the criterion held.
        label_en: What was compared, in English (``"per-capita net income"``).
        label_zh: The same in Chinese (``"家庭人均纯收入"``).
        observed: The observed value (exact).
        threshold: The threshold it was compared with (exact), if any.
        comparator: How they were compared, if they were.
        margin: ``observed - threshold`` (per capita where the rule is), reported only.
        unit: Unit of observed/threshold (``"yuan"``, ``"persons"``, ``"%"``).
        parameter: The standards key the threshold comes from.
        citation: Where the criterion comes from.
        note_en: Extra words in English (e.g. how a value was computed).
        note_zh: Extra words in Chinese.
        certainty: The weakest certainty among the values the criterion used (threshold,
            comparator, a year's statistic...); by default its citation's.
        per_capita: For a per-capita comparison, the line per person (``threshold`` is then
            the line for the household, ``per_capita × persons``).
        persons: For a per-capita comparison, the persons it was multiplied by.
        rests_on: The values its certainty comes from, when below confirmed (parameter keys,
            or a year of a series: ``statistics.provincial_rural_income.2014``).
        assessed: Whether the criterion was assessed. A criterion whose input was not
            supplied (a non-income target without its data) is *not assessed*: it never
            holds (``holds`` is ``False``: a decision never passes a criterion it did not
            assess), it does not decide the outcome, and the decision lists it in
            :attr:`Decision.not_assessed`.
        observed_zh: For an observation in words (``observed`` a text such as the names of
            the applicable sanctions), the same in Chinese.

    .. versionchanged:: 0.2.0 ``certainty``, ``per_capita``, ``persons``, ``rests_on`` and
       ``assessed`` added (issues 13, 15); ``observed_zh`` (issue 16).
    """

    criterion: str
    holds: bool
    label_en: str
    label_zh: str
    citation: Citation
    observed: Observed = None
    threshold: Observed = None
    comparator: Comparator | None = None
    margin: Decimal | None = None
    unit: str = ""
    parameter: str | None = None
    note_en: str = ""
    note_zh: str = ""
    certainty: Certainty = field(
        default=Factory(lambda self: self.citation.certainty, takes_self=True)
    )
    per_capita: Decimal | None = None
    persons: int | None = None
    rests_on: tuple[str, ...] = field(default=(), converter=_keys)
    assessed: bool = True
    observed_zh: str | None = None

    @classmethod
    def compare(
        cls,
        criterion: str,
        *,
        observed: Decimal | int,
        threshold: Decimal | int,
        comparator: Comparator,
        label_en: str,
        label_zh: str,
        citation: Citation,
        unit: str = "yuan",
        parameter: str | None = None,
        margin: Decimal | None = None,
        holds: bool | None = None,
        note_en: str = "",
        note_zh: str = "",
    ) -> Reason:
        """Build a reason by comparing ``observed`` with ``threshold`` exactly.

        ``holds`` and ``margin`` may be passed when the rule decided them another way
        (e.g. ``income`` against ``line × members``); otherwise they are computed here.
        """
        decided = comparator.holds(observed, threshold) if holds is None else holds
        if margin is None:
            margin = Decimal(observed) - Decimal(threshold)
        return cls(
            criterion=criterion,
            holds=decided,
            label_en=label_en,
            label_zh=label_zh,
            citation=citation,
            observed=observed,
            threshold=threshold,
            comparator=comparator,
            margin=margin,
            unit=unit,
            parameter=parameter,
            note_en=note_en,
            note_zh=note_zh,
        )

    @classmethod
    def flag(
        cls,
        criterion: str,
        *,
        observed: bool,
        required: bool = True,
        label_en: str,
        label_zh: str,
        citation: Citation,
        parameter: str | None = None,
        note_en: str = "",
        note_zh: str = "",
    ) -> Reason:
        """Build a reason for a yes/no requirement (e.g. "has labour capacity").

        The reason holds exactly when ``observed is required``.
        """
        return cls(
            criterion=criterion,
            holds=observed is required,
            label_en=label_en,
            label_zh=label_zh,
            citation=citation,
            observed=observed,
            threshold=required,
            unit="",
            parameter=parameter,
            note_en=note_en,
            note_zh=note_zh,
        )

    def render(self, lang: Lang = "en") -> str:
        """Render the reason as one line.

        Label, observed value, comparison, line, margin (to the fen; per person and per
        household where per capita), note and citation.

        .. versionchanged:: 0.2.0 amounts to the fen, per person and per household (issue 16).
        """
        return render_reason(self, lang)


def _overrides(value: Iterable[Override]) -> tuple[Override, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _reasons(value: Iterable[Reason]) -> tuple[Reason, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class Provenance:
    """What produced a decision: library version, standards id and hash, overrides.

    Attributes:
        library_version: ``shuangdao.__version__`` at decision time.
        standards_id: :attr:`Standards.id`.
        standards_hash: :attr:`Standards.hash`.
        overrides: Scenario overrides in force.
    """

    library_version: str
    standards_id: str
    standards_hash: str
    overrides: tuple[Override, ...] = field(default=(), converter=_overrides)

    @classmethod
    def of(cls, standards: Standards) -> Provenance:
        """Return the provenance for decisions made under ``standards``."""
        return cls(
            library_version=__version__,
            standards_id=standards.id,
            standards_hash=standards.hash,
            overrides=standards.overrides,
        )


@frozen
class Decision:
    """The result of a rule: outcome, reasons, citation and provenance.

    Attributes:
        rule: Stable rule id (``"identification.round2.household"``).
        subject_kind: ``"household"``, ``"village"``, ``"county"``...
        subject_id: The subject's id.
        outcome: Whether the rule's category applies (poor, key village, passed...).
        title_en: The category in English (``"poor household"``).
        title_zh: The category in Chinese (``"贫困户"``).
        reasons: One reason per criterion checked, in order.
        deciding: Criteria codes that decided the outcome (all when it holds under an AND
            rule; the failing ones when it does not).
        citation: The policy source of the rule.
        provenance: Library and standards that produced it.
        round: The programme round, if the rule belongs to one.
        as_of: The date the decision speaks for, if given.
        code: Short stable reason code for tables (``"poor"``, ``"income_at_or_above_line"``).
        value: An optional result value (a score, a grade, an amount).
        certainty: The weakest certainty among the values the decision used (its reasons',
            informational and not-assessed ones left out): confirmed > derived > recalled >
            assumed.

    .. versionchanged:: 0.2.0 ``certainty`` added (issue 15).
    """

    rule: str
    subject_kind: str
    subject_id: str
    outcome: bool
    title_en: str
    title_zh: str
    reasons: tuple[Reason, ...] = field(converter=_reasons)
    deciding: tuple[str, ...] = field(converter=_strings)
    citation: Citation
    provenance: Provenance
    round: int | None = None
    as_of: dt.date | None = None
    code: str = ""
    value: Decimal | int | str | None = None
    certainty: Certainty = field(
        default=Factory(
            lambda self: Certainty.weakest(*(r.certainty for r in self.reasons if r.assessed)),
            takes_self=True,
        )
    )

    @property
    def not_assessed(self) -> tuple[str, ...]:
        """Criteria that were not assessed (no data supplied): they did not decide the outcome.

        The outcome rests on the assessed criteria only; a not-assessed criterion is never
        counted as met.

        .. versionadded:: 0.2.0 (issue 15)
        """
        return tuple(r.criterion for r in self.reasons if not r.assessed)

    def reason(self, criterion: str) -> Reason:
        """Return the reason for ``criterion``.

        Raises:
            InvalidRecordError: The decision has no such criterion.
        """
        for reason in self.reasons:
            if reason.criterion == criterion:
                return reason
        raise InvalidRecordError(
            "is not a criterion of this decision",
            field="criterion",
            value=criterion,
            rule=self.rule,
        )

    @property
    def deciding_reasons(self) -> tuple[Reason, ...]:
        """The reasons that decided the outcome."""
        return tuple(r for r in self.reasons if r.criterion in self.deciding)

    def explanation(self, lang: Lang = "en") -> Explanation:
        """Explain the decision in layers, in ``lang`` (``"en"`` or ``"zh"``).

        The :class:`Explanation` holds a verdict line; one
        :class:`~shuangdao.explain.ExplainedCriterion` per reason (observed value, the
        comparison in words, the line, the margin to the fen — per person and per household
        where the rule is per capita); the sources by short title, issuer, date and article,
        with their URLs; the certainty and the values below confirmed it rests on. Its text,
        :meth:`~Explanation.to_dict` (``shuangdao explain --json``) and
        :meth:`~Explanation.html` are renderings of the same layers. Amounts are shown rounded
        half up to the fen; the decision keeps the exact figures.

        .. versionadded:: 0.2.0 (issue 16)
        """
        return explanation(self, lang)

    def explain(self, lang: Lang = "en") -> str:
        """Return the explanation a case officer reads, as plain text, including why (not).

        Example:
            >>> from shuangdao import Household
            >>> from shuangdao.rules.identification import identify_household_round2
            >>> h = Household(household_id="h1", village_id="v1", members=4, income="11200",
            ...               has_labour_capacity=True)
            >>> print(identify_household_round2(h, in_key_village=True).explain())
            ... # doctest: +NORMALIZE_WHITESPACE
            Household h1 is a poor household (round 2).
            Criteria:
              holds  lives in a key village: yes, as required [S1]
              holds  household net income: 11,200.00 yuan for 4 persons (2,800.00 yuan per
                     person) is below (<) the line of 3,093.00 yuan per person (12,372.00 yuan
                     for 4 persons); margin -293.00 yuan per person, -1,172.00 yuan for the
                     household [S1]
              holds  has labour capacity: yes, as required [S1]
            Sources:
              S1 Round-2 plan (abstract) — General Offices of the Guangdong Party Committee and
                 Government (Yue Ban Fa [2013] No. 14), 2013
              S24 China Daily, 2012-10-18 — China Daily, 2012-10-18
            Certainty: confirmed — every value it used is stated in a cited source.
            Rule identification.round2.household; amounts are shown to the fen, rounded half
            up; decisions compare exact amounts; see `shuangdao sources S1 S24`.

        .. versionchanged:: 0.2.0 explanations in layers (issue 16).
        """
        return explanation(self, lang).text

    def _repr_html_(self) -> str:
        """The explanation as HTML (notebooks show it)."""
        return explanation(self, "en").html()


def decide(
    *,
    rule: str,
    subject_kind: str,
    subject_id: str,
    title_en: str,
    title_zh: str,
    reasons: Sequence[Reason],
    citation: Citation,
    standards: Standards,
    combine: Combine = Combine.ALL,
    round: int | None = None,
    as_of: dt.date | None = None,
    code: str | None = None,
    value: Decimal | int | str | None = None,
    informational: Sequence[Reason] = (),
    provenance: Provenance | None = None,
    certainty: Certainty | None = None,
) -> Decision:
    """Combine reasons into a :class:`Decision` and record which criteria decided it.

    Under :attr:`Combine.ALL` the outcome holds when every reason holds; the deciding
    criteria are all of them when it holds, and the failing ones when it does not
    ("why not"). :attr:`Combine.ANY` mirrors this.

    ``informational`` reasons (e.g. round-3 priority flags) are appended to the decision's
    reasons after the deciding ones but never count towards the outcome, the deciding
    criteria or the code. ``provenance`` may be passed by callers that decide many records
    under one standards object (it defaults to ``Provenance.of(standards)``).

    The decision's ``certainty`` is the weakest of its (non-informational) reasons'
    certainties and of ``certainty``, if given (an input the reasons do not show, such as a
    statistic a line was derived from).

    Reasons that were not assessed (``assessed=False``: no data supplied) stay in the
    decision's reasons, in order, but never count towards the outcome, the deciding criteria,
    the code or the certainty: the outcome rests on the assessed criteria
    (:attr:`Decision.not_assessed` lists the others). A decision needs at least one assessed
    reason.

    .. versionchanged:: 0.1.0 ``informational`` and ``provenance`` added (issue 3).
    .. versionchanged:: 0.2.0 ``certainty`` and not-assessed reasons (issue 15).
    """
    reasons = tuple(reasons)
    assessed = tuple(r for r in reasons if r.assessed)
    if not assessed:
        raise InvalidRecordError(
            "a decision needs at least one reason"
            if not reasons
            else "a decision needs at least one assessed reason (every input is missing)",
            rule=rule,
        )
    if combine is Combine.ALL:
        outcome = all(r.holds for r in assessed)
        deciding: Iterable[Reason] = assessed if outcome else (r for r in assessed if not r.holds)
    else:
        outcome = any(r.holds for r in assessed)
        deciding = (r for r in assessed if r.holds) if outcome else assessed
    deciding_codes = tuple(r.criterion for r in deciding)
    if code is None:
        code = "selected" if outcome else "not:" + "+".join(deciding_codes)
    weakest = Certainty.weakest(*(r.certainty for r in assessed))
    if certainty is not None:
        weakest = Certainty.weakest(weakest, certainty)
    return Decision(
        rule=rule,
        subject_kind=subject_kind,
        subject_id=subject_id,
        outcome=outcome,
        title_en=title_en,
        title_zh=title_zh,
        reasons=reasons + tuple(informational) if informational else reasons,
        deciding=deciding_codes,
        citation=citation,
        provenance=Provenance.of(standards) if provenance is None else provenance,
        round=round,
        as_of=as_of,
        code=code,
        value=value,
        certainty=weakest,
    )
