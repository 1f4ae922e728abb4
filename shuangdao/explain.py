"""Decisions that explain themselves: outcome, reasons, citations and provenance.

Every rule in :mod:`shuangdao.rules` returns a :class:`Decision`. A decision holds one
:class:`Reason` per criterion the rule checked — the observed value, the threshold, the
comparator, whether it held, the margin and the citation — and says which criteria
*decided* the outcome (for "why" and "why not"). :meth:`Decision.explain` renders a short
paragraph in Chinese or English that a case officer can read; decisions serialise to JSON
losslessly (:func:`shuangdao.serialize.to_json`).

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

from shuangdao._version import __version__
from shuangdao.citations import Certainty, Citation
from shuangdao.errors import InvalidRecordError
from shuangdao.quantities import Comparator
from shuangdao.standards import Override

if TYPE_CHECKING:
    from shuangdao.standards import Standards

__all__ = ["Combine", "Decision", "Lang", "Provenance", "Reason", "decide"]

Lang = Literal["en", "zh"]
"""Languages decisions render in."""

Observed = Decimal | int | bool | str | None


class Combine(enum.Enum):
    """How a decision's criteria combine into its outcome."""

    ALL = "all"
    """The outcome holds when every criterion holds (an AND rule)."""
    ANY = "any"
    """The outcome holds when at least one criterion holds (an OR rule)."""


def _fmt(value: Observed) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:,}"
    if value is None:
        return "—"
    return str(value)


_ZH_UNITS = {"yuan": "元", "persons": "人"}


def _fmt_zh(value: Observed) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return _fmt(value)


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

    .. versionchanged:: 0.2.0 ``certainty``, ``per_capita``, ``persons``, ``rests_on`` and
       ``assessed`` added (issues 13, 15).
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
        """Render the reason as one clause."""
        if lang == "zh":
            return self._render_zh()
        label = self.label_en
        unit = f" {self.unit}" if self.unit else ""
        if self.comparator is None:
            if isinstance(self.threshold, bool):
                required = f"required: {_fmt(self.threshold)}"
                text = (
                    f"{label}: {_fmt(self.observed)} ({'as required' if self.holds else required})"
                )
            else:
                text = f"{label}: {_fmt(self.observed)} ({'holds' if self.holds else 'fails'})"
        else:
            verb = "is" if self.holds else "is not"
            text = (
                f"{label} {_fmt(self.observed)}{unit} {verb} {self.comparator.en} "
                f"({self.comparator.symbol}) {_fmt(self.threshold)}{unit}"
            )
            if self.margin is not None:
                text += f" (margin {self.margin:+,})"
        if self.note_en:
            text += f"; {self.note_en}"
        return f"{text} [{self.citation.short()}]"

    def _render_zh(self) -> str:
        unit = _ZH_UNITS.get(self.unit, self.unit)
        if self.comparator is None:
            if isinstance(self.threshold, bool) and not self.holds:
                verdict = f"要求为{_fmt_zh(self.threshold)}"
            else:
                verdict = "符合要求" if self.holds else "不符合要求"
            text = f"{self.label_zh}：{_fmt_zh(self.observed)}（{verdict}）"
        else:
            verb = "" if self.holds else "不"
            threshold = f"{_fmt(self.threshold)}{unit}"
            # 以上、以下 follow the figure (3万元以上); 低于、超过 precede it (低于3093元).
            condition = (
                f"{threshold}{self.comparator.zh}"
                if self.comparator in (Comparator.GE, Comparator.LE)
                else f"{self.comparator.zh}{threshold}"
            )
            text = (
                f"{self.label_zh}{_fmt(self.observed)}{unit}，{verb}满足“{condition}”"
                f"（{self.comparator.symbol}）"
            )
            if self.margin is not None:
                text += f"，差额{self.margin:+,}"
        if self.note_zh:
            text += f"；{self.note_zh}"
        return f"{text}〔{self.citation.short()}〕"


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


_SUBJECT_ZH = {
    "household": "农户",
    "village": "村",
    "township": "乡镇",
    "county": "县",
    "city": "市",
    "province": "省",
    "unit": "帮扶单位",
    "cadre": "干部",
    "official": "干部",
    "leader": "领导干部",
    "pairing": "帮扶关系",
    "plan": "帮扶规划",
    "agreement": "帮扶协议",
    "disbursement": "资金拨付",
    "allocation": "资金安排",
    "team": "领导班子",
    "round": "轮次",
}


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

    def explain(self, lang: Lang = "en") -> str:
        """Return a short paragraph a case officer can read, including why (not).

        Example:
            >>> from shuangdao import Household, Village, identify_household  # doctest: +SKIP
        """
        if lang == "zh":
            return self._explain_zh()
        subject = f"{self.subject_kind.capitalize()} {self.subject_id}"
        verdict = "is" if self.outcome else "is not"
        context = []
        if self.round is not None:
            context.append(f"round {self.round}")
        if self.as_of is not None:
            context.append(f"as of {self.as_of.isoformat()}")
        where = f" ({', '.join(context)})" if context else ""
        head = f"{subject} {verdict} a {self.title_en}{where}."
        why = "because" if self.outcome else "because not all criteria hold:"
        if not self.outcome and len(self.deciding) == 1:
            why = "because"
        deciding = "; ".join(r.render("en") for r in self.deciding_reasons)
        others = [r for r in self.reasons if r.criterion not in self.deciding]
        text = f"{head} Decided {why} {deciding}."
        if others:
            text += " Also checked: " + "; ".join(r.render("en") for r in others) + "."
        text += f" Rule {self.rule} [{self.citation.render('en')}]."
        text += f" Certainty: {self.certainty.value}{self._resting('en')}."
        if self.provenance.overrides:
            keys = ", ".join(o.key for o in self.provenance.overrides)
            text += f" Scenario overrides: {keys}."
        return text

    def _resting(self, lang: Lang) -> str:
        """The parameters the certainty rests on, when it is below confirmed."""
        if self.certainty is Certainty.CONFIRMED:
            return ""
        keys = sorted(
            {
                key
                for r in self.reasons
                if r.certainty is self.certainty
                for key in (r.rests_on or ((r.parameter,) if r.parameter else ()))
            }
        )
        if not keys:
            return ""
        return f" ({', '.join(keys)})" if lang == "en" else f"（{'、'.join(keys)}）"

    def _explain_zh(self) -> str:
        subject = _SUBJECT_ZH.get(self.subject_kind, self.subject_kind)
        verdict = "属于" if self.outcome else "不属于"
        context = []
        if self.round is not None:
            context.append(f"第{self.round}轮")
        if self.as_of is not None:
            context.append(f"截至{self.as_of.isoformat()}")
        where = f"（{'，'.join(context)}）" if context else ""
        head = f"{subject}{self.subject_id}{verdict}{self.title_zh}{where}。"
        deciding = "；".join(r.render("zh") for r in self.deciding_reasons)
        text = f"{head}判定依据：{deciding}。"
        others = [r for r in self.reasons if r.criterion not in self.deciding]
        if others:
            text += "其他核查项：" + "；".join(r.render("zh") for r in others) + "。"
        text += f"规则 {self.rule}〔{self.citation.render('zh')}〕。"
        text += f"可靠程度：{self.certainty.zh}{self._resting('zh')}。"
        if self.provenance.overrides:
            text += "情景调整参数：" + "、".join(o.key for o in self.provenance.overrides) + "。"
        return text


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
