"""The situations of the 2010 accountability measures (问责情形), declared once.

Each situation is a :class:`~shuangdao.declare.Rule`: its criterion (what is observed, the
parameter and comparator that decide it, the clause it cites), read by two evaluators — the
scalar rules below (one body → an explained :class:`~shuangdao.explain.Decision`) and the
columnar one (``_columnar``: integer columns → flags), both on the exact integer kernel
(:mod:`shuangdao.declare.kernel`). No threshold, comparator or key is written anywhere else.

Two criteria are of this package's own kinds (as :mod:`shuangdao.declare` allows):
:class:`FailShare` — failing villages against the share of *that* assessment (50 % / 40 % /
20 %) — and :class:`Count` — a count that holds from one (leaders who took charge of no
village; findings of one fund situation). The fiscal guarantee is a plain
:class:`~shuangdao.declare.Flag`.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs
from attrs import frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare import (
    Env,
    Flag,
    Resolved,
    Rule,
    declared,
    kernel,
    resolve_param,
    weakest,
)
from shuangdao.errors import (
    InvalidRecordError,
    InvalidTypeError,
    MissingParameterError,
    StandardsError,
)
from shuangdao.explain import Decision, Reason
from shuangdao.model import Pairing, PartyKind
from shuangdao.model.accountability import (
    AccountabilityRecord,
    BodyKind,
    FundingIrregularity,
    IrregularityKind,
    LeaderLink,
    Mechanism,
    OfficialRole,
    TriggerKind,
    check_counts,
    ordinal,
)
from shuangdao.model.fields import as_iterable
from shuangdao.quantities import Comparator
from shuangdao.rules.accountability._common import (
    TRIGGER_RULE_PREFIX,
    BodyRef,
    roles_of,
    split_entry,
    subject_of,
)
from shuangdao.standards import Param, Standards, default_standards
from shuangdao.standards.params import AccountabilityParams as P

if TYPE_CHECKING:
    import numpy as np

_MEASURES: Final = Mechanism.ACCOUNTABILITY_MEASURES
_DISPLAY: Final = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)
"""A local context for displayed percentages (never the caller's global context)."""


def _title(en: str, zh: str) -> tuple[str, str]:
    return (
        f"case for accountability under the {_MEASURES.en} ({en})",
        f"{_MEASURES.zh}问责情形（{zh}）",
    )


def _situation(s: Standards, article: str) -> Citation:
    return attrs.evolve(s.citation(P.regional_triggers), article=article)


# ---------------------------------------------------------------------------- criterion kinds


def _percent(numerator: int, denominator: int) -> tuple[Decimal, bool]:
    """``numerator / denominator`` as a percentage quantized to 0.01, and whether exact."""
    share = _DISPLAY.divide(Decimal(numerator) * 100, Decimal(denominator))
    rounded = share.quantize(Decimal("0.01"), context=_DISPLAY)
    exact = rounded * denominator == Decimal(numerator) * 100
    if rounded == rounded.to_integral_value():
        return Decimal(int(rounded)), exact
    return rounded.normalize(context=_DISPLAY), exact


@frozen
class FailShare:
    """Failing villages against the share of that assessment: ``failed <op> share(n) × total``.

    A criterion kind of :mod:`shuangdao.declare`: the share is read from a table by
    assessment number (``accountability.fail_share_thresholds``: 50 % / 40 % / 20 %), the
    comparison is exact on the kernel (``failed × q <op> p × total`` for ``share = p/q``).

    Args:
        name: The criterion's code.
        failed: The count of failing villages.
        total: The count of villages assessed.
        assessment: The assessment number (1st, 2nd, 3rd...).
        thresholds: The table of shares by assessment number.
        comparator: The comparator parameter (how "reaches" is read).
        situation: How the source numbers the situation (the citation's article).
    """

    name: str
    failed: str
    total: str
    assessment: str
    thresholds: Param[Mapping[str, Decimal]]
    comparator: Param[Comparator]
    situation: str

    @property
    def inputs(self) -> tuple[str, ...]:
        """The counts and the assessment number."""
        return (self.failed, self.total, self.assessment)

    @property
    def keys(self) -> tuple[str, ...]:
        """The thresholds, the comparator and the cited situations."""
        return (str(self.thresholds), str(self.comparator), str(P.regional_triggers))

    def bind(self, env: Env) -> BoundFailShare:
        """Read the thresholds and the comparator."""
        return BoundFailShare(
            self,
            resolve_param(self.thresholds, env),
            resolve_param(self.comparator, env),
            _situation(env.standards, self.situation),
        )


class BoundFailShare:
    """A :class:`FailShare` under one standards object."""

    __slots__ = (
        "certainty",
        "citation",
        "comparator",
        "criterion",
        "name",
        "rests_on",
        "tag",
        "thresholds",
    )

    def __init__(
        self, criterion: FailShare, thresholds: Resolved, comparator: Resolved, citation: Citation
    ) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.thresholds: Mapping[str, Decimal] = thresholds.value
        self.comparator: Comparator = comparator.value
        self.tag: Certainty = comparator.certainty
        self.certainty, self.rests_on = weakest(thresholds, comparator)
        self.citation = citation

    def threshold(self, number: int, *, record: str | None = None) -> Decimal:
        """The share of assessment ``number``.

        Raises:
            MissingParameterError: The table has no entry for this assessment.
        """
        entry = str(number)
        if entry not in self.thresholds:
            raise MissingParameterError(
                f"has no threshold for the {ordinal(number)} assessment "
                f"(assessments: {', '.join(sorted(self.thresholds))}); override "
                f"{self.criterion.thresholds} with a table that includes it",
                record=record,
                field=str(self.criterion.thresholds),
                value=number,
                rule=f"{TRIGGER_RULE_PREFIX}{TriggerKind.FAIL_SHARE.value}",
            )
        return self.thresholds[entry]

    def reason(self, values: Mapping[str, Any], subject_id: str) -> Reason:
        """The reason for one area: '12 of 20 villages failed = 60 % >= 50 %'."""
        c = self.criterion
        failed, total, number = values[c.failed], values[c.total], values[c.assessment]
        for name, value in ((c.failed, failed), (c.total, total), (c.assessment, number)):
            if value is None:
                raise InvalidRecordError(
                    "is missing (required by this rule)", record=subject_id or None, field=name
                )
        threshold = self.threshold(number, record=subject_id or None)
        holds = kernel.share_holds(failed, total, threshold, self.comparator)
        share, exact = _percent(failed, total)
        n, d = threshold.as_integer_ratio()
        threshold_pct, _ = _percent(n, d)
        approx_en = "" if exact else " (share rounded for display; decided exactly)"
        approx_zh = "" if exact else "（比例四舍五入显示，判定按精确值）"
        symbol = self.comparator.symbol
        return Reason(
            criterion=c.name,
            observed=share,
            threshold=threshold_pct,
            comparator=self.comparator,
            holds=holds,
            margin=_DISPLAY.subtract(share, threshold_pct),
            unit="%",
            label_en="share of failing villages",
            label_zh="不合格村比例",
            parameter=str(c.thresholds),
            citation=self.citation,
            note_en=(
                f"{failed} of {total} villages failed at the {ordinal(number)} assessment "
                f"('reaches' read as {symbol}, {self.tag.value}){approx_en}"
            ),
            note_zh=(
                f"第{number}次考核{total}个村中{failed}个不合格"
                f"（“达到”按{symbol}理解，{self.tag.zh}）{approx_zh}"
            ),
            certainty=self.certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Mapping[str, Any]) -> np.ndarray[Any, Any]:
        """Where the share is reached, row by row (each row's own assessment's share)."""
        import numpy as np

        c = self.criterion
        failed = np.asarray(columns[c.failed])
        total = np.asarray(columns[c.total])
        numbers = np.broadcast_to(np.asarray(columns[c.assessment]), failed.shape)
        out = np.zeros(failed.shape, dtype=bool)
        for number in sorted({int(x) for x in numbers.tolist()}):
            rows = numbers == number
            out[rows] = kernel.share_holds(
                failed[rows], total[rows], self.threshold(number), self.comparator
            )
        return out


Describe = Callable[[Mapping[str, Any]], tuple[str, str, str, str]]
"""Builds a count criterion's (observed, observed in Chinese, note_en, note_zh) from a
record's values."""


@frozen
class Count:
    """A count that holds from one: at least one leader without a village, one finding.

    A criterion kind of :mod:`shuangdao.declare`. The scalar reason may read more of the
    record than the count (the leaders' names, the findings' amounts) through ``describe``;
    the columnar evaluator reads the count only.

    Args:
        name: The criterion's code.
        observed: The count (a column of integers).
        details: Further record fields the reason reads (scalar only).
        label_en: What is counted.
        label_zh: The same in Chinese.
        cites: The parameter the situation is cited from (its citation only).
        article: An article for the citation (``None``: the parameter's own).
        describe: How the reason reports a record.
    """

    name: str
    observed: str
    details: tuple[str, ...]
    label_en: str
    label_zh: str
    cites: Param[Any]
    article: str | None
    describe: Describe

    @property
    def inputs(self) -> tuple[str, ...]:
        """The count, then the details."""
        return (self.observed, *self.details)

    @property
    def keys(self) -> tuple[str, ...]:
        """The cited parameter."""
        return (str(self.cites),)

    def bind(self, env: Env) -> BoundCount:
        """Read the citation."""
        citation = env.standards.citation(self.cites)
        if self.article is not None:
            citation = attrs.evolve(citation, article=self.article)
        return BoundCount(self, citation)


class BoundCount:
    """A :class:`Count` under one standards object."""

    __slots__ = ("certainty", "citation", "criterion", "name", "rests_on")

    def __init__(self, criterion: Count, citation: Citation) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.citation = citation
        self.certainty = Certainty.CONFIRMED  # a count reads no value, only a citation
        self.rests_on: tuple[str, ...] = ()

    def reason(self, values: Mapping[str, Any], subject_id: str) -> Reason:
        """The reason for one body."""
        c = self.criterion
        count = values[c.observed]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidTypeError(
                "must be a count >= 0", record=subject_id or None, field=c.observed, value=count
            )
        observed, observed_zh, note_en, note_zh = c.describe(values)
        return Reason(
            criterion=c.name,
            holds=count >= 1,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.citation,
            observed=observed,
            observed_zh=observed_zh,
            unit="",
            parameter=str(c.cites),
            note_en=note_en,
            note_zh=note_zh,
            certainty=self.certainty,
        )

    def column(self, columns: Mapping[str, Any]) -> np.ndarray[Any, Any]:
        """Where the count is at least one."""
        import numpy as np

        return np.asarray(np.asarray(columns[self.criterion.observed]) >= 1, dtype=bool)


# ---------------------------------------------------------------------------- declarations


def _leaders(values: Mapping[str, Any]) -> tuple[str, str, str, str]:
    missing: Sequence[str] = values.get("missing_leaders") or ()
    checked = values.get("leaders_checked")
    count = values["leaders_without_village"]
    observed = ", ".join(missing) if missing else (str(count) if count else "none")
    observed_zh = "、".join(missing) if missing else (str(count) if count else "无")
    if checked is None:
        return observed, observed_zh, "", ""
    took = checked - count
    return (
        observed,
        observed_zh,
        f"{took} of {checked} leaders took charge of a village",
        f"{checked}名领导中{took}名挂村办点",
    )


_FAIL_EN, _FAIL_ZH = _title("too many failing villages", "不合格村比例过高")
FAIL_SHARE: Final = Rule(
    id=f"{TRIGGER_RULE_PREFIX}{TriggerKind.FAIL_SHARE.value}",
    subject="area",
    title_en=_FAIL_EN,
    title_zh=_FAIL_ZH,
    # 年度考核不合格村比例第一次达到50%、第二次达到40%、第三次达到20%的市、县、乡镇 ...
    citation=Citation(("S9", "S13"), article="situation 1 for regional principal leaders"),
    criteria=(
        FailShare(
            "fail_share",
            failed="failed",
            total="total",
            assessment="assessment_number",
            thresholds=P.fail_share_thresholds,
            comparator=P.fail_share_comparator,
            situation="situation 1 for regional principal leaders",
        ),
    ),
)
"""Situation 1: failing villages in a city, county or township reach 50 % / 40 % / 20 % at
the 1st / 2nd / 3rd assessment (S9, S13)."""

_LEADER_EN, _LEADER_ZH = _title(
    "the leadership did not each take charge of a village", "领导班子成员未各挂村办点"
)
LEADER_VILLAGE: Final = Rule(
    id=f"{TRIGGER_RULE_PREFIX}{TriggerKind.LEADER_VILLAGE.value}",
    subject="area",
    title_en=_LEADER_EN,
    title_zh=_LEADER_ZH,
    # ... 领导班子成员未按要求挂村办点 ...
    citation=Citation(("S9", "S13"), article="situation 2 for regional principal leaders"),
    criteria=(
        Count(
            "leader_village",
            observed="leaders_without_village",
            details=("missing_leaders", "leaders_checked"),
            label_en="leaders who took charge of no village (挂村办点)",
            label_zh="未挂村办点的领导",
            cites=P.regional_triggers,
            article="situation 2 for regional principal leaders",
            describe=_leaders,
        ),
    ),
)
"""Situation 2: the leadership did not each take charge of a village (挂村办点, S9)."""

_FISCAL_EN, _FISCAL_ZH = _title("no local fiscal guarantee", "无地方财政保障")
FISCAL_GUARANTEE: Final = Rule(
    id=f"{TRIGGER_RULE_PREFIX}{TriggerKind.FISCAL_GUARANTEE.value}",
    subject="area",
    title_en=_FISCAL_EN,
    title_zh=_FISCAL_ZH,
    # ... 未将“双到”扶贫工作经费列入地方财政预算 ...
    citation=Citation(("S9", "S13"), article="situation 3 for regional principal leaders"),
    criteria=(
        Flag(
            "fiscal_guarantee",
            "fiscal_guarantee",
            "local fiscal budget guarantee for 双到",
            "地方财政预算保障",
            cites=P.regional_triggers,
            required=False,
        ),
    ),
)
"""Situation 3: no local fiscal budget guarantee for 双到 (S9); holds when it is missing."""


def _findings(kind: IrregularityKind) -> Describe:
    def describe(values: Mapping[str, Any]) -> tuple[str, str, str, str]:
        found: Sequence[FundingIrregularity] = values.get("findings") or ()
        mine = [f for f in found if f.kind is kind]
        count = values[kind.value]
        if not count:
            return "not found", "未发现", "", ""
        parts_en, parts_zh = [], []
        for item in mine:
            where_en = f"village {item.village_id}" if item.village_id else ""
            where_zh = f"村{item.village_id}" if item.village_id else ""
            amount_en = f"{item.amount:,} yuan" if item.amount is not None else ""
            amount_zh = f"金额{item.amount:,}元" if item.amount is not None else ""
            ref = f"[{item.evidence_id}]" if item.evidence_id else ""
            text_en = ", ".join(x for x in (where_en, amount_en) if x) or "found"
            text_zh = "，".join(x for x in (where_zh, amount_zh) if x) or "查实"
            parts_en.append(f"{text_en} {ref}".rstrip())
            parts_zh.append(f"{text_zh}{ref}")
            if item.note:
                parts_en[-1] += f": {item.note}"
                parts_zh[-1] += f"：{item.note}"
        return f"found ({count})", f"查实{count}项", "; ".join(parts_en), "；".join(parts_zh)

    return describe


def _fund_rule(kind: IrregularityKind) -> Rule:
    title_en, title_zh = _title(kind.en, kind.zh)
    return Rule(
        id=f"{TRIGGER_RULE_PREFIX}{TriggerKind.FUNDS.value}",
        subject="body",
        title_en=title_en,
        title_zh=title_zh,
        citation=Citation(("S10", "S13"), article="S10 arts. 8–12"),
        criteria=(
            Count(
                kind.value,
                observed=kind.value,
                details=("findings",),
                label_en=kind.en,
                label_zh=kind.zh,
                cites=P.irregularity_kinds,
                article=None,
                describe=_findings(kind),
            ),
        ),
    )


FUND_SITUATIONS: Final[Mapping[IrregularityKind, Rule]] = MappingProxyType(
    {kind: _fund_rule(kind) for kind in IrregularityKind}
)
"""The fund and poor-list situations of S10, one rule per
:class:`~shuangdao.model.accountability.IrregularityKind` (each holds from one finding); which
of them are evaluated is ``accountability.irregularity_kinds``."""

TRIGGER_RULES: Final = (FAIL_SHARE, LEADER_VILLAGE, FISCAL_GUARANTEE, *FUND_SITUATIONS.values())
"""Every situation of the 2010 measures, declared once, in evaluation order."""


# ---------------------------------------------------------------------------- reading the data


def trigger_levels(s: Standards) -> tuple[str, ...]:
    """The area levels the regional situations are evaluated for (cities, counties, townships)."""
    levels = tuple(s.params.accountability.trigger_levels)
    if not levels:
        raise StandardsError("must list at least one level", field=P.trigger_levels)
    return levels


def irregularity_kinds(s: Standards) -> tuple[IrregularityKind, ...]:
    """The fund and poor-list situations evaluated, in the order of the standards."""
    kinds = []
    for name in s.params.accountability.irregularity_kinds:
        try:
            kinds.append(IrregularityKind(name))
        except ValueError:
            raise StandardsError(
                "is not an irregularity kind", field=P.irregularity_kinds, value=name
            ) from None
    return tuple(kinds)


def trigger_targets(s: Standards) -> Mapping[TriggerKind, tuple[OfficialRole, ...]]:
    """Which roles each situation of the measures holds to account."""
    key = P.trigger_roles
    targets: dict[TriggerKind, tuple[OfficialRole, ...]] = {}
    for entry in s.params.accountability.trigger_roles:
        (trigger_names, role_names) = split_entry(entry, 2, key)
        for trigger_name in trigger_names:
            try:
                trigger = TriggerKind(trigger_name)
            except ValueError:
                raise StandardsError("is not a trigger", field=key, value=trigger_name) from None
            if trigger is TriggerKind.FAILED_ASSESSMENT:
                raise StandardsError(
                    "is the 2011 assessment rules' condition, not a situation of the 2010 "
                    "measures (its addressees are accountability.consequence_addressees)",
                    field=key,
                    value=trigger_name,
                )
            targets[trigger] = targets.get(trigger, ()) + roles_of(role_names, key)
    return targets


def _as_condition(decision: Decision, body: BodyRef, name: str) -> Decision:
    """The declared rule's decision, named for its body and its situation.

    Its citation is its criterion's, read from the standards (with the parameter's article,
    certainty and note: S10's copy is said to be uncertain wherever it is cited).
    """
    subject_kind, _ = subject_of(body)
    code = f"triggered:{name}" if decision.outcome else f"not_triggered:{name}"
    return attrs.evolve(
        decision,
        subject_kind=subject_kind,
        code=code,
        value=name,
        citation=decision.reasons[0].citation,
    )


# ---------------------------------------------------------------------------- the rules


_PASSING: Final = frozenset({"pass", "passed", "good", "excellent", "及格", "合格", "良好", "优秀"})
_FAILING: Final = frozenset({"fail", "failed", "不及格", "不合格"})


def _passed(village_id: object, result: object) -> bool:
    if isinstance(result, Decision):
        # An assessment decision (shuangdao.rules.assessment.assess): its outcome is the pass.
        return result.outcome
    value = getattr(result, "value", result)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _PASSING:
        return True
    if isinstance(value, str) and value.lower() in _FAILING:
        return False
    raise InvalidRecordError(
        "must be a pass/fail result (True/False, an assessment decision, a grade such as "
        "'pass', 'good', 'excellent', 'fail', 及格, 合格, 不及格, 不合格)",
        record=f"village {village_id}",
        field="result",
        value=result,
    )


@declared(FAIL_SHARE)
def fail_share_trigger(
    area: BodyRef,
    *,
    assessment_number: int,
    failed: int | None = None,
    total: int | None = None,
    results: Mapping[str, object] | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether too many of an area's villages failed the annual assessment.

    A situation of the 2010 accountability measures (:data:`FAIL_SHARE`): the share of failing
    villages in a city, county or township "reaches" 50 % at the 1st assessment, 40 % at the
    2nd, 20 % at the 3rd (``accountability.fail_share_thresholds``); "reaches" is read as >=
    (``accountability.fail_share_comparator``, recalled). The comparison is exact, in
    integers: 10 of 20 reaches 50 %. It holds from the first assessment on, and then the
    art. 9 sanctions apply.

    Args:
        area: The city, county or township (id or :class:`~shuangdao.model.AdminArea`).
        assessment_number: Which annual assessment (1, 2, 3; later ones need data).
        failed: Villages rated failing (with ``total``), or
        total: Villages assessed.
        results: Instead of counts, ``village_id → result``: an assessment
            :class:`~shuangdao.explain.Decision` (its outcome), ``True``/``False``, or a grade
            (``"pass"``/``"good"``/``"excellent"``/及格/合格/良好/优秀 passed;
            ``"fail"``/不及格/不合格 failed; an enum's ``.value`` is read).
        standards: Standards to use (default: :func:`~shuangdao.standards.default_standards`).

    Returns:
        A decision whose outcome is True when the situation occurred; the reason names the
        counts.

    Raises:
        InvalidRecordError: Counts missing, both counts and results given, or inconsistent.
        MissingParameterError: No threshold for this assessment number.

    Policy: S9 situation 1; S13.

    Example:
        >>> fail_share_trigger("K01", assessment_number=1, failed=9, total=20).outcome
        False
        >>> d = fail_share_trigger("K01", assessment_number=1, failed=12, total=20)
        >>> print(d.reasons[0].render("en"))  # doctest: +NORMALIZE_WHITESPACE
        share of failing villages: 60 % is at or above (>=) 50 %; margin +10 percentage
        points; 12 of 20 villages failed at the 1st assessment ('reaches' read as >=,
        recalled) [S9, S13; situation 1 for regional principal leaders]
    """
    s = standards or default_standards()
    _, subject_id = subject_of(area)
    record = f"area {subject_id}"
    if results is not None:
        if failed is not None or total is not None:
            raise InvalidRecordError(
                "give either failed and total, or results, not both",
                record=record,
                field="results",
                rule=FAIL_SHARE.id,
            )
        total = len(results)
        failed = sum(
            1 for village, result in sorted(results.items()) if not _passed(village, result)
        )
    if failed is None or total is None:
        raise InvalidRecordError(
            "needs failed and total (or results)",
            record=record,
            field="failed" if failed is None else "total",
            rule=FAIL_SHARE.id,
        )
    check_counts(failed, total, record=record)
    if isinstance(assessment_number, bool) or not isinstance(assessment_number, int):
        raise InvalidTypeError(
            "must be an integer", record=record, field="assessment_number", value=assessment_number
        )
    decision = FAIL_SHARE.bind(s).decide(
        subject_id=subject_id, failed=failed, total=total, assessment_number=assessment_number
    )
    return _as_condition(decision, area, TriggerKind.FAIL_SHARE.value)


def _villages_by_leader(
    links: Mapping[str, str | None] | Iterable[Pairing | LeaderLink],
    *,
    on: dt.date | None,
    subject_id: str,
) -> dict[str, list[str]]:
    villages: dict[str, list[str]] = {}
    if isinstance(links, Mapping):
        items: Iterable[object] = [LeaderLink(leader_id=k, village_id=v) for k, v in links.items()]
    else:
        items = as_iterable(links, "links")
    for item in items:
        if isinstance(item, LeaderLink):
            villages.setdefault(item.leader_id, [])
            if item.village_id is not None:
                villages[item.leader_id].append(item.village_id)
        elif isinstance(item, Pairing):
            if (
                item.assisting_kind is not PartyKind.LEADER
                or item.assisted_kind is not PartyKind.VILLAGE
            ):
                continue
            villages.setdefault(item.assisting_id, [])
            if on is None or item.active_on(on):
                villages[item.assisting_id].append(item.assisted_id)
        else:
            raise InvalidTypeError(
                f"must hold LeaderLink or Pairing records, not {type(item).__name__}",
                record=f"area {subject_id}",
                field="links",
                value=item,
            )
    return villages


def leaders_without_village(
    links: Mapping[str, str | None] | Iterable[Pairing | LeaderLink],
    *,
    leaders: Iterable[str] | None = None,
    on: dt.date | None = None,
    subject_id: str = "",
) -> tuple[tuple[str, ...], int]:
    """The leaders who took charge of no village, and how many leaders were checked."""
    villages = _villages_by_leader(links, on=on, subject_id=subject_id)
    required = sorted(set(leaders) if leaders is not None else set(villages))
    if not required:
        raise InvalidRecordError(
            "has no leaders to check",
            record=f"area {subject_id}",
            field="leaders",
            rule=LEADER_VILLAGE.id,
        )
    return tuple(leader for leader in required if not villages.get(leader)), len(required)


@declared(LEADER_VILLAGE)
def leader_village_trigger(
    area: BodyRef,
    *,
    links: Mapping[str, str | None] | Iterable[Pairing | LeaderLink],
    leaders: Iterable[str] | None = None,
    on: dt.date | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether an area's leadership did not each take charge of a village (挂村办点).

    A situation of the 2010 accountability measures (:data:`LEADER_VILLAGE`): it holds when at
    least one leader took charge of no village.

    Args:
        area: The city, county or township (id or :class:`~shuangdao.model.AdminArea`).
        links: ``leader_id → village_id | None``, or
            :class:`~shuangdao.model.accountability.LeaderLink` s, or ledger
            :class:`~shuangdao.model.Pairing` s. Only leader → village pairings are evidence
            for this trigger (other kinds are not read), and with ``on`` only those in
            force on that date.
        leaders: The leadership members who must each take a village. Default: every leader
            that appears in ``links`` — pass it to catch leaders absent from a ledger.
        on: Date the pairings must be in force on (pairings only).
        standards: Standards to use.

    Raises:
        InvalidRecordError: No leaders to check.

    Policy: S9 situation 2.

    Example:
        >>> d = leader_village_trigger("K01", links={"L1": "V1", "L2": None})
        >>> d.outcome, d.reasons[0].observed
        (True, 'L2')
    """
    s = standards or default_standards()
    _, subject_id = subject_of(area)
    missing, checked = leaders_without_village(links, leaders=leaders, on=on, subject_id=subject_id)
    decision = LEADER_VILLAGE.bind(s).decide(
        subject_id=subject_id,
        leaders_without_village=len(missing),
        missing_leaders=missing,
        leaders_checked=checked,
    )
    return _as_condition(decision, area, TriggerKind.LEADER_VILLAGE.value)


@declared(FISCAL_GUARANTEE)
def fiscal_guarantee_trigger(
    area: BodyRef, *, has_guarantee: bool, standards: Standards | None = None
) -> Decision:
    """Decide whether the area lacked a local fiscal budget guarantee for 双到.

    A situation of the 2010 accountability measures (:data:`FISCAL_GUARANTEE`).

    Args:
        area: The city, county or township (id or :class:`~shuangdao.model.AdminArea`).
        has_guarantee: Whether the local budget guaranteed 双到 funds that year.
        standards: Standards to use.

    Policy: S9 situation 3.

    Example:
        >>> fiscal_guarantee_trigger("K01", has_guarantee=False).outcome
        True
    """
    s = standards or default_standards()
    _, subject_id = subject_of(area)
    if not isinstance(has_guarantee, bool):
        raise InvalidTypeError(
            "must be true or false",
            record=f"area {subject_id}",
            field="has_guarantee",
            value=has_guarantee,
        )
    decision = FISCAL_GUARANTEE.bind(s).decide(
        subject_id=subject_id, fiscal_guarantee=has_guarantee
    )
    return _as_condition(decision, area, TriggerKind.FISCAL_GUARANTEE.value)


def _irregularity(item: object, subject_id: str) -> FundingIrregularity:
    """Accept a :class:`FundingIrregularity`, or a funding finding (attributed to the body)."""
    if isinstance(item, FundingIrregularity):
        return item
    if isinstance(getattr(item, "kind", None), IrregularityKind) and hasattr(item, "record_id"):
        return FundingIrregularity.from_finding(item, body_id=subject_id)
    raise InvalidTypeError(
        f"must hold FundingIrregularity records or funding findings, not {type(item).__name__}",
        field="irregularities",
        value=item,
    )


@declared(*FUND_SITUATIONS.values(), reads=(P.irregularity_kinds,))
def funds_triggers(
    body: BodyRef,
    *,
    irregularities: Iterable[object],
    standards: Standards | None = None,
) -> tuple[Decision, ...]:
    """Decide each fund and poor-list situation of the 2010 measures from findings.

    Returns one decision per kind listed in ``accountability.irregularity_kinds``, in that
    order (:data:`FUND_SITUATIONS`); it holds when at least one finding of that kind is on
    ``body``, and its reason lists the findings (village, amount, evidence id).

    Args:
        body: The area or unit responsible.
        irregularities: :class:`~shuangdao.model.accountability.FundingIrregularity` records,
            or the funding checks' findings (:class:`~shuangdao.rules.funding.FundingFinding`,
            same vocabulary), which are taken as found on ``body``.
        standards: Standards to use.

    Raises:
        InvalidRecordError: A finding names another body (it cannot be held against this one).

    Policy: S10 arts. 8–12 (a local copy: provincial or local text uncertain); S13.

    Example:
        >>> from shuangdao.model.accountability import FundingIrregularity
        >>> found = FundingIrregularity(kind="misused_funds", body_id="K01", amount="5000")
        >>> [d.code for d in funds_triggers("K01", irregularities=[found]) if d.outcome]
        ['triggered:funds.misused_funds']
    """
    s = standards or default_standards()
    _, subject_id = subject_of(body)
    findings = tuple(
        _irregularity(item, subject_id) for item in as_iterable(irregularities, "irregularities")
    )
    for item in findings:
        if item.body_id != subject_id:
            raise InvalidRecordError(
                f"names body {item.body_id!r}, not {subject_id!r}",
                record=f"funding irregularity {item.evidence_id or item.kind.value}",
                field="body_id",
                value=item.body_id,
                rule=f"{TRIGGER_RULE_PREFIX}{TriggerKind.FUNDS.value}",
            )
    decisions = []
    for kind in irregularity_kinds(s):
        inputs: dict[str, Any] = {
            kind.value: sum(1 for f in findings if f.kind is kind),
            "findings": findings,
        }
        decision = FUND_SITUATIONS[kind].bind(s).decide(subject_id=subject_id, **inputs)
        decisions.append(_as_condition(decision, body, f"{TriggerKind.FUNDS.value}.{kind.value}"))
    return tuple(decisions)


def check_regional(record: AccountabilityRecord, s: Standards, field: str, value: object) -> None:
    """Raise unless ``record`` is an area at a level the regional situations apply to."""
    levels = trigger_levels(s)
    if record.body_kind is not BodyKind.AREA or record.level not in levels:
        raise InvalidRecordError(
            f"applies to areas at levels {', '.join(levels)} only "
            f"({P.trigger_levels}); a unit or another level has no such evidence",
            record=f"accountability record {record.body_id}",
            field=field,
            value=value,
        )


@declared(*TRIGGER_RULES, reads=(P.trigger_levels, P.irregularity_kinds))
def evaluate_triggers(
    record: AccountabilityRecord, *, standards: Standards | None = None
) -> tuple[Decision, ...]:
    """Evaluate every situation of the 2010 measures ``record`` has evidence for.

    In a fixed order (:data:`TRIGGER_RULES`): failing villages (if ``failed``/``total`` are
    given), leaders' villages (if ``leaders`` is given), fiscal guarantee (if recorded) —
    these three for cities, counties and townships (``accountability.trigger_levels``) — then
    the fund and poor-list situations (always: no findings means none holds). Evidence left
    as ``None`` is not evaluated and is absent from the result. Whether the body was rated
    failing is the 2011 assessment rules' condition: see
    :func:`failed_assessment_trigger`.

    .. versionchanged:: 0.2.0 the 2011 rules' "rated failing" is no longer among these.

    Raises:
        InvalidRecordError: Regional evidence on a unit or on an area at another level.

    Policy: S9 situations 1–3; S10; S13.

    Example:
        >>> from shuangdao.model.accountability import AccountabilityRecord
        >>> r = AccountabilityRecord(body_id="K01", body_kind="area", level="township",
        ...                          assessment_number=2, failed=8, total=20)
        >>> [d.code for d in evaluate_triggers(r) if d.outcome]
        ['triggered:fail_share']
    """
    s = standards or default_standards()
    body = record.body_id
    decisions: list[Decision] = []
    if record.failed is not None and record.total is not None:
        check_regional(record, s, "failed", record.failed)
        decisions.append(
            fail_share_trigger(
                body,
                assessment_number=record.assessment_number,
                failed=record.failed,
                total=record.total,
                standards=s,
            )
        )
    if record.leaders is not None:
        check_regional(record, s, "leaders", len(record.leaders))
        decisions.append(leader_village_trigger(body, links=record.leaders, standards=s))
    if record.fiscal_guarantee is not None:
        check_regional(record, s, "fiscal_guarantee", record.fiscal_guarantee)
        decisions.append(
            fiscal_guarantee_trigger(body, has_guarantee=record.fiscal_guarantee, standards=s)
        )
    decisions.extend(funds_triggers(body, irregularities=record.irregularities, standards=s))
    return tuple(decisions)
