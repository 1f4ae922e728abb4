"""Explanations in layers: what a decision's text, JSON and HTML renderings all read (private).

:func:`explanation` turns a :class:`~shuangdao.explain.Decision` into an
:class:`Explanation`: a verdict line; one :class:`ExplainedCriterion` per reason (the observed
value, the comparison in words, the line, the margin to the fen — per person *and* per
household where the rule is per capita); the sources by short title, issuer, date and article
(:class:`ExplainedSource`, with the URL); the decision's certainty and the values below
*confirmed* it rests on; the scenario overrides. The renderings (:attr:`Explanation.text`,
:meth:`Explanation.to_dict`, :meth:`Explanation.html`) are views of the same object, in
English or Chinese.

Amounts are shown to the fen, rounded half up from the exact value
(:data:`shuangdao._i18n.FEN_RULE`); the decision itself keeps the exact figures (the
per-capita margin to 0.0001 yuan, ``margin_exact`` here) and nothing shown decides anything.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from attrs import frozen

from shuangdao import _i18n as i18n
from shuangdao.citations import Certainty, Citation, Source, sources
from shuangdao.quantities import Comparator

if TYPE_CHECKING:
    from shuangdao.explain import Decision, Lang, Reason

__all__ = ["ExplainedCriterion", "ExplainedSource", "Explanation", "explanation", "render_reason"]

_MEANING: Final = {
    Certainty.CONFIRMED: (
        "every value it used is stated in a cited source",
        "所用数值均见于所引文件",
    ),
    Certainty.DERIVED: (
        "it rests on a figure computed from confirmed ones",
        "依据由已证实数值推算的数值",
    ),
    Certainty.RECALLED: (
        "it rests on a recalled or weakly sourced value: review it before relying on the decision",
        "依据的数值来源存疑（凭记忆或来源薄弱），采用前请核实",
    ),
    Certainty.ASSUMED: (
        "it rests on a value no source gives (a documented project assumption): review it",
        "依据的数值无任何来源（项目记录在案的假定），请核实",
    ),
}


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@frozen
class ExplainedCriterion:
    """One criterion of a decision, as a reader sees it.

    Attributes:
        criterion: The criterion's code (``"household_income"``).
        label: What was checked, in the explanation's language.
        holds: Whether it held.
        decisive: Whether it decided the outcome (among the decision's ``deciding``).
        status: ``holds`` / ``fails`` (符合 / 不符合).
        observed: The observed value in words (``"11,200.00 yuan for 4 persons (2,800.00 yuan
            per person)"``); ``"not recorded"`` when missing.
        comparison: The comparison in words (``"is below (<)"``), or ``""`` for a yes/no
            requirement or a plain finding.
        line: The line it was compared with (``"3,093.00 yuan per person (12,372.00 yuan for
            4 persons)"``), or the requirement (``"required: yes"``).
        margin: The margin in words, to the fen, per person and per household where the rule
            is per capita (``"-293.00 yuan per person, -1,172.00 yuan for the household"``).
        margin_per_person: The per-person margin shown (yuan, to the fen), if per capita.
        margin_total: The margin of the observed total shown (to the fen for money).
        margin_exact: The margin the decision stores (exact; per capita to 0.0001 yuan).
        note: Further words the rule gave (how a line was derived...).
        citation: Source ids and article (``"S1"``, ``"S14, S15; art. 8"``).
        parameter: The standards key of the line, if any.
        certainty: The weakest certainty among the values the criterion used.
        rests_on: The values that certainty comes from, when below confirmed.
        text: The whole criterion in one line (label, values, note, citation).
    """

    criterion: str
    label: str
    holds: bool
    decisive: bool
    status: str
    observed: str
    comparison: str
    line: str
    margin: str
    margin_per_person: Decimal | None
    margin_total: Decimal | None
    margin_exact: Decimal | None
    note: str
    citation: str
    parameter: str | None
    certainty: Certainty
    rests_on: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (numbers as exact decimal strings)."""
        return {
            "criterion": self.criterion,
            "label": self.label,
            "holds": self.holds,
            "decisive": self.decisive,
            "status": self.status,
            "observed": self.observed,
            "comparison": self.comparison,
            "line": self.line,
            "margin": self.margin,
            "margin_per_person": _str(self.margin_per_person),
            "margin_total": _str(self.margin_total),
            "margin_exact": _str(self.margin_exact),
            "note": self.note,
            "citation": self.citation,
            "parameter": self.parameter,
            "certainty": self.certainty.value,
            "rests_on": list(self.rests_on),
            "text": self.text,
        }


@frozen
class ExplainedSource:
    """A source a decision cites, as a reader sees it.

    Attributes:
        source_id: Its id in the registry (``"S1"``): ``shuangdao sources S1`` shows it all.
        short_title: Short title in the explanation's language.
        title: Full title in that language.
        issuer: Who issued it (``"not recorded"`` when unknown).
        date: When (``"date not recorded"`` when unknown).
        articles: The articles or pages cited, in that language.
        url: Where a reader can check it.
        text: The source in one line.
    """

    source_id: str
    short_title: str
    title: str
    issuer: str
    date: str
    articles: tuple[str, ...]
    url: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "id": self.source_id,
            "short_title": self.short_title,
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date,
            "articles": list(self.articles),
            "url": self.url,
            "text": self.text,
        }


@frozen
class Explanation:
    """A decision explained in layers, in one language; its renderings read only this.

    Attributes:
        lang: ``"en"`` or ``"zh"``.
        rule: The rule id.
        subject_kind: The kind of subject.
        subject_id: The subject's id.
        outcome: The decision's outcome.
        verdict: The verdict line (``"Household h1 is a poor household (round 2)."``).
        criteria: One entry per criterion, in the decision's order.
        sources: The sources cited by the rule and its criteria, in order of first citation.
        certainty: The decision's certainty.
        certainty_text: The certainty line, with what it means and the values below
            confirmed it rests on.
        uncertain: ``(key, certainty)`` for each value below confirmed the decision rests on.
        overrides: The scenario overrides in force, one line each (``"key: before → after"``).
        notes: Closing notes (the rule id, the display rule for amounts, where to read the
            sources in full).
        text: The whole explanation as plain text (what :meth:`Decision.explain` returns).
    """

    lang: str
    rule: str
    subject_kind: str
    subject_id: str
    outcome: bool
    verdict: str
    criteria: tuple[ExplainedCriterion, ...]
    sources: tuple[ExplainedSource, ...]
    certainty: Certainty
    certainty_text: str
    uncertain: tuple[tuple[str, Certainty], ...]
    overrides: tuple[str, ...]
    notes: tuple[str, ...]
    text: str

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: the same layers as the text (``shuangdao explain --json``)."""
        return {
            "lang": self.lang,
            "rule": self.rule,
            "subject_kind": self.subject_kind,
            "subject_id": self.subject_id,
            "outcome": self.outcome,
            "verdict": self.verdict,
            "criteria": [c.to_dict() for c in self.criteria],
            "sources": [s.to_dict() for s in self.sources],
            "certainty": {
                "value": self.certainty.value,
                "text": self.certainty_text,
                "rests_on": [{"key": k, "certainty": c.value} for k, c in self.uncertain],
            },
            "overrides": list(self.overrides),
            "notes": list(self.notes),
        }

    def html(self) -> str:
        """An HTML rendering (a notebook shows it for a :class:`Decision`)."""
        return _html(self)

    def _repr_html_(self) -> str:
        return self.html()


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# ------------------------------------------------------------------------------ criteria
_STATUS: Final = {("en", True): "holds", ("en", False): "fails"}
_STATUS_ZH: Final = {True: "符合", False: "不符合"}


def _yes(value: object, lang: str) -> str:
    if value is None:
        return "未登记" if lang == "zh" else "not recorded"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return str(value)


def _condition_zh(comparator: Comparator, threshold: str) -> str:
    """以上、以下 follow the figure (3万元以上); 低于、超过 precede it (低于3093元)."""
    if comparator in (Comparator.GE, Comparator.LE):
        return f"{threshold}{comparator.zh}"
    return f"{comparator.zh}{threshold}"


def _quantity(value: object, unit: str, lang: str) -> str:
    if value is None:
        return "未登记" if lang == "zh" else "not recorded"
    if unit == "yuan" and isinstance(value, Decimal | int) and not isinstance(value, bool):
        return i18n.money(value, lang)
    return i18n.count(value, unit, lang)


def _margin_of(value: Decimal, unit: str, lang: str) -> str:
    if unit == "yuan":
        return i18n.signed_money(value, lang)
    sign = "+" if value > 0 else ""
    if unit == "%":
        return f"{sign}{value}个百分点" if lang == "zh" else f"{sign}{value} percentage points"
    return f"{sign}{i18n.count(value, unit, lang)}"


def _cite(citation: Citation, lang: str) -> str:
    ids = ("、" if lang == "zh" else ", ").join(citation.source_ids)
    if not citation.article:
        return ids
    article = i18n.article_zh(citation.article) if lang == "zh" else citation.article
    return f"{ids}；{article}" if lang == "zh" else f"{ids}; {article}"


def _per_capita(reason: Reason, lang: str) -> tuple[str, str, str, str, Decimal, Decimal]:
    """(observed, comparison, line, margin, per-person margin, household margin) texts."""
    assert reason.per_capita is not None
    assert reason.persons is not None
    persons = reason.persons
    total = Decimal(reason.observed)  # type: ignore[arg-type]
    per_person = Fraction(total) / persons
    line = Fraction(reason.per_capita)
    threshold = Fraction(Decimal(reason.threshold))  # type: ignore[arg-type]
    margin_person, _ = i18n.fen(per_person - line)
    margin_total, _ = i18n.fen(Fraction(total) - threshold)
    exactly = ""
    if margin_person == 0 and reason.margin:
        exactly = (
            f"（精确为{reason.margin:+}元）" if lang == "zh" else f" (exactly {reason.margin:+})"
        )
    if lang == "zh":
        observed = f"{persons}人共{i18n.money(total, lang)}（人均{i18n.money(per_person, lang)}）"
        line_text = f"每人{i18n.money(line, lang)}（全户{i18n.money(threshold, lang)}）"
        margin = (
            f"人均{i18n.signed_money(per_person - line, lang)}{exactly}，"
            f"全户{i18n.signed_money(Fraction(total) - threshold, lang)}"
        )
    else:
        who = i18n.count(persons, "persons", lang)
        each = i18n.money(per_person, lang)
        observed = f"{i18n.money(total, lang)} for {who} ({each} per person)"
        line_text = f"{i18n.money(line, lang)} per person ({i18n.money(threshold, lang)} for {who})"
        margin = (
            f"{i18n.signed_money(per_person - line, lang)} per person{exactly}, "
            f"{i18n.signed_money(Fraction(total) - threshold, lang)} for the household"
        )
    return observed, "", line_text, margin, margin_person, margin_total


def _body(reason: Reason, lang: str) -> tuple[str, str, str, str, Decimal | None, Decimal | None]:
    """(observed, comparison, line, margin, per-person margin, total margin) for a reason."""
    zh = lang == "zh"
    comparator = reason.comparator
    if reason.per_capita is not None and reason.persons and reason.observed is not None:
        return _per_capita(reason, lang)
    if comparator is None:
        observed = (
            reason.observed_zh
            if zh and reason.observed_zh is not None
            else _yes(reason.observed, lang)
        )
        if isinstance(reason.threshold, bool):
            line = (
                f"要求为{_yes(reason.threshold, lang)}"
                if zh
                else (f"required: {_yes(reason.threshold, lang)}")
            )
            return observed, "", line, "", None, None
        return observed, "", "", "", None, None
    observed = _quantity(reason.observed, reason.unit, lang)
    line = _quantity(reason.threshold, reason.unit, lang)
    margin = ""
    margin_total: Decimal | None = None
    if reason.margin is not None and reason.observed is not None:
        if reason.unit == "yuan":
            margin_total, _ = i18n.fen(reason.margin)
        else:
            margin_total = reason.margin
        margin = _margin_of(reason.margin, reason.unit, lang)
    return observed, "", line, margin, None, margin_total


def _comparison(reason: Reason, lang: str) -> str:
    comparator = reason.comparator
    if comparator is None:
        return ""
    if lang == "zh":
        return ("" if reason.holds else "不") + f"满足（{comparator.symbol}）"
    return f"is {'' if reason.holds else 'not '}{comparator.en} ({comparator.symbol})"


def _sentence(reason: Reason, lang: str, parts: tuple[str, str, str, str]) -> str:
    observed, comparison, line, margin = parts
    zh = lang == "zh"
    comparator = reason.comparator
    label = reason.label_zh if zh else reason.label_en
    if comparator is None:
        if line:
            verdict = (
                ("符合要求" if reason.holds else line)
                if zh
                else ("as required" if reason.holds else line)
            )
            body = f"{observed}，{verdict}" if zh else f"{observed}, {verdict}"
        else:
            body = observed
    elif zh:
        per_capita = reason.per_capita is not None and reason.persons
        threshold = (
            f"每人{i18n.money(reason.per_capita, lang)}"  # type: ignore[arg-type]
            if per_capita
            else line
        )
        condition = _condition_zh(comparator, threshold)
        verb = "满足" if reason.holds else "不满足"
        body = f"{observed}，{verb}“{condition}”（{comparator.symbol}）"
        if per_capita:
            body += f"，全户标准{i18n.money(Decimal(reason.threshold), lang)}"  # type: ignore[arg-type]
        if margin:
            body += f"；差额：{margin}"
    else:
        body = (
            f"{observed} {comparison} the line of {line}"
            if reason.unit == "yuan"
            else (f"{observed} {comparison} {line}")
        )
        if margin:
            body += f"; margin {margin}"
    note = reason.note_zh if zh else reason.note_en
    if note:
        body += f"；{note}" if zh else f"; {note}"
    cite = _cite(reason.citation, lang)
    return f"{label}：{body}〔{cite}〕" if zh else f"{label}: {body} [{cite}]"


def render_reason(reason: Reason, lang: Lang = "en") -> str:
    """One reason as one line (what :meth:`Reason.render` returns)."""
    observed, _, line, margin, _, _ = _body(reason, lang)
    return _sentence(reason, lang, (observed, _comparison(reason, lang), line, margin))


def _criterion(reason: Reason, decisive: bool, lang: str) -> ExplainedCriterion:
    observed, _, line, margin, per_person, total = _body(reason, lang)
    comparison = _comparison(reason, lang)
    zh = lang == "zh"
    return ExplainedCriterion(
        criterion=reason.criterion,
        label=reason.label_zh if zh else reason.label_en,
        holds=reason.holds,
        decisive=decisive,
        status=_STATUS_ZH[reason.holds] if zh else _STATUS[(lang, reason.holds)],
        observed=observed,
        comparison=comparison,
        line=line,
        margin=margin,
        margin_per_person=per_person,
        margin_total=total,
        margin_exact=reason.margin,
        note=reason.note_zh if zh else reason.note_en,
        citation=_cite(reason.citation, lang),
        parameter=reason.parameter,
        certainty=reason.certainty,
        rests_on=tuple(reason.rests_on),
        text=_sentence(reason, lang, (observed, comparison, line, margin)),
    )


# ------------------------------------------------------------------------------ sources
def _articles(citations: Iterable[Citation]) -> dict[str, list[str]]:
    """Source id → the articles cited from it, in order (``"S10 art. 9"`` goes to S10)."""
    found: dict[str, list[str]] = {}
    for citation in citations:
        for source_id in citation.source_ids:
            found.setdefault(source_id, [])
        if not citation.article:
            continue
        parts = [p.strip() for p in citation.article.split(";")]
        for part in parts:
            head, _, rest = part.partition(" ")
            targets = [head] if head in citation.source_ids and rest else list(citation.source_ids)
            text = rest if head in citation.source_ids and rest else part
            for source_id in targets:
                if text not in found[source_id]:
                    found[source_id].append(text)
    return found


def _source(source: Source, articles: list[str], lang: str) -> ExplainedSource:
    zh = lang == "zh"
    shown = tuple(i18n.article_zh(a) for a in articles) if zh else tuple(articles)
    issuer, date = source.issued_by(lang), source.dated(lang)
    if zh:
        text = f"{source.source_id} {source.short(lang)}——{issuer}，{date}"
        text += f"；{'，'.join(shown)}" if shown else ""
    else:
        text = f"{source.source_id} {source.short(lang)} — {issuer}, {date}"
        text += f"; {', '.join(shown)}" if shown else ""
    return ExplainedSource(
        source_id=source.source_id,
        short_title=source.short(lang),
        title=source.title(lang),
        issuer=issuer,
        date=date,
        articles=shown,
        url=source.url,
        text=text,
    )


# ------------------------------------------------------------------------------ decision
def _article(title: str) -> str:
    """``a``/``an`` before an English category; none before a plural or an adjective."""
    first = title.split(" ", 1)[0].lower()
    if first in {"funds", "rated"} or not first:
        return ""
    return "an " if first[0] in "aeiou" else "a "


def _verdict(decision: Decision, lang: str, decisive: list[Reason]) -> str:
    zh = lang == "zh"
    who = i18n.subject(decision.subject_kind, lang)
    context: list[str] = []
    if decision.round is not None:
        context.append(f"第{decision.round}轮" if zh else f"round {decision.round}")
    if decision.as_of is not None:
        day = decision.as_of.isoformat()
        context.append(f"截至{day}" if zh else f"as of {day}")
    partial = 0 < len(decisive) < len(decision.reasons)
    if zh:
        where = f"（{'，'.join(context)}）" if context else ""
        text = f"{who}{decision.subject_id}{'属于' if decision.outcome else '不属于'}"
        text += f"{decision.title_zh}{where}"
        if partial:
            text += "——决定因素：" + "、".join(r.label_zh for r in decisive)
        return text + "。"
    where = f" ({', '.join(context)})" if context else ""
    verb = "is" if decision.outcome else "is not"
    text = f"{who} {decision.subject_id} {verb} {_article(decision.title_en)}{decision.title_en}"
    text += where
    if partial:
        text += " — decided by: " + ", ".join(r.label_en for r in decisive)
    return text + "."


def _uncertain(decision: Decision) -> tuple[tuple[str, Certainty], ...]:
    """Values below confirmed the decision rests on (not those of informational reasons)."""
    floor = decision.certainty.rank
    found: dict[str, Certainty] = {}
    for reason in decision.reasons:
        certainty = reason.certainty
        if certainty is Certainty.CONFIRMED or certainty.rank < floor:
            continue
        keys = reason.rests_on or ((reason.parameter,) if reason.parameter else ())
        for key in keys:
            if key not in found or certainty.rank < found[key].rank:
                found[key] = certainty
    return tuple(sorted(found.items(), key=lambda item: (item[1].rank, item[0])))


def _certainty_text(
    certainty: Certainty, uncertain: tuple[tuple[str, Certainty], ...], lang: str
) -> str:
    en, zh = _MEANING[certainty]
    if lang == "zh":
        text = f"可靠程度：{certainty.zh}——{zh}"
        if uncertain:
            text += "；依据：" + "、".join(f"{key}（{c.zh}）" for key, c in uncertain)
        return text + "。"
    text = f"Certainty: {certainty.value} — {en}"
    if uncertain:
        text += "; rests on: " + ", ".join(f"{key} ({c.value})" for key, c in uncertain)
    return text + "."


def _overrides(decision: Decision, lang: str) -> tuple[str, ...]:
    lines = []
    for override in decision.provenance.overrides:
        derived = ""
        if override.derived:
            derived = "（由其他调整推算）" if lang == "zh" else " (derived)"
        before, after = i18n.plain(override.before, lang), i18n.plain(override.after, lang)
        lines.append(f"{override.key}: {before} → {after}{derived}")
    return tuple(lines)


def explanation(decision: Decision, lang: Lang = "en") -> Explanation:
    """Explain ``decision`` in layers, in ``lang`` (what every rendering reads)."""
    zh = lang == "zh"
    deciding = set(decision.deciding)
    decisive = [r for r in decision.reasons if r.criterion in deciding]
    criteria = tuple(_criterion(r, r.criterion in deciding, lang) for r in decision.reasons)
    citations = [decision.citation, *(r.citation for r in decision.reasons)]
    registry = sources()
    explained_sources = tuple(
        _source(registry[source_id], articles, lang)
        for source_id, articles in _articles(citations).items()
        if source_id in registry
    )
    uncertain = _uncertain(decision)
    certainty_text = _certainty_text(decision.certainty, uncertain, lang)
    overrides = _overrides(decision, lang)
    ids = " ".join(s.source_id for s in explained_sources)
    rounded = any(r.unit == "yuan" or r.per_capita is not None for r in decision.reasons)
    notes = [f"规则 {decision.rule}" if zh else f"Rule {decision.rule}"]
    if rounded:
        notes.append(i18n.FEN_RULE[lang])
    if ids:
        notes.append(
            f"出处全文见 `shuangdao sources {ids}`" if zh else f"see `shuangdao sources {ids}`"
        )
    verdict = _verdict(decision, lang, decisive)
    lines = [verdict, "判定条件：" if zh else "Criteria:"]
    width = max(len(c.status) for c in criteria) if criteria else 0
    for c in criteria:
        status = c.status if zh else (c.status if c.holds else c.status.upper())
        pad = "\u3000" * (3 - len(status)) if zh else " " * (width - len(status))
        lines.append(f"  {status}{pad}  {c.text}")
    if explained_sources:
        lines.append("依据文件：" if zh else "Sources:")
        lines.extend(f"  {s.text}" for s in explained_sources)
    lines.append(certainty_text)
    if overrides:
        lines.append("情景调整参数：" if zh else "Scenario overrides:")
        lines.extend(f"  {o}" for o in overrides)
    lines.append(("；".join(notes) + "。") if zh else ("; ".join(notes) + "."))
    return Explanation(
        lang=lang,
        rule=decision.rule,
        subject_kind=decision.subject_kind,
        subject_id=decision.subject_id,
        outcome=decision.outcome,
        verdict=verdict,
        criteria=criteria,
        sources=explained_sources,
        certainty=decision.certainty,
        certainty_text=certainty_text,
        uncertain=uncertain,
        overrides=overrides,
        notes=tuple(notes),
        text="\n".join(lines),
    )


# ------------------------------------------------------------------------------ HTML
_HEAD: Final = {
    "en": ("", "criterion", "observed", "comparison", "line", "margin", "source"),
    "zh": ("", "条件", "实际值", "比较", "标准", "差额", "出处"),
}


def _html(e: Explanation) -> str:
    esc = html.escape
    zh = e.lang == "zh"
    colour = "#2e7d32" if e.outcome else "#c62828"
    out = [
        '<div class="shuangdao-decision">',
        f'<p style="font-weight:bold;color:{colour}">{esc(e.verdict)}</p>',
        "<table><thead><tr>",
        "".join(f"<th>{esc(h)}</th>" for h in _HEAD[e.lang]),
        "</tr></thead><tbody>",
    ]
    for c in e.criteria:
        mark = "✓" if c.holds else "✗"
        weight = "bold" if c.decisive and not c.holds else "normal"
        note = f"<br><small>{esc(c.note)}</small>" if c.note else ""
        out.append(
            f'<tr style="font-weight:{weight}"><td title="{esc(c.status)}">{mark}</td>'
            f"<td>{esc(c.label)}{note}</td><td>{esc(c.observed)}</td>"
            f"<td>{esc(c.comparison)}</td><td>{esc(c.line)}</td><td>{esc(c.margin)}</td>"
            f"<td>{esc(c.citation)}</td></tr>"
        )
    out.append("</tbody></table>")
    if e.sources:
        out.append(f"<p>{'依据文件' if zh else 'Sources'}:</p><ul>")
        for s in e.sources:
            title = (
                f'<a href="{esc(s.url)}" title="{esc(s.title)}">{esc(s.short_title)}</a>'
                if s.url
                else esc(s.short_title)
            )
            rest = s.text.split(s.short_title, 1)[-1]
            out.append(f"<li>{esc(s.source_id)} {title}{esc(rest)}</li>")
        out.append("</ul>")
    out.append(f"<p>{esc(e.certainty_text)}</p>")
    if e.overrides:
        label = "情景调整参数" if zh else "Scenario overrides"
        out.append(f"<p>{label}: " + "; ".join(esc(o) for o in e.overrides) + "</p>")
    joined = "；".join(e.notes) if zh else "; ".join(e.notes)
    out.append(f"<p><small>{esc(joined)}</small></p></div>")
    return "".join(out)


for _cls in (ExplainedCriterion, ExplainedSource, Explanation):
    _cls.__module__ = "shuangdao.explain"  # documented (and pickled) where they are exported
