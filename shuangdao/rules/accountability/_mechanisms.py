"""The two mechanisms side by side, for readers (the docs' policy catalogue renders it)."""

from __future__ import annotations

from typing import Final, NamedTuple

from attrs import frozen

from shuangdao._i18n import percent
from shuangdao.citations import Certainty, Citation
from shuangdao.declare import declared
from shuangdao.model.accountability import Mechanism, ordinal
from shuangdao.quantities import Comparator
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import AccountabilityParams as P


@frozen
class MechanismCell:
    """What one mechanism says on one aspect, with the parameters that hold it.

    Attributes:
        text_en: In English.
        text_zh: In Chinese.
        parameters: Standards keys whose values and citations back the text (may be empty).
        citation: Their sources together; certainty is the weakest of them.
    """

    text_en: str
    text_zh: str
    parameters: tuple[str, ...]
    citation: Citation | None


@frozen
class MechanismRow:
    """One aspect (when, who, what...) of both mechanisms."""

    aspect_en: str
    aspect_zh: str
    assessment_rules: MechanismCell
    accountability_measures: MechanismCell


_ORDER = (Certainty.CONFIRMED, Certainty.DERIVED, Certainty.RECALLED, Certainty.ASSUMED)


class _Says(NamedTuple):
    """What one mechanism says on one aspect, and the parameters that back it."""

    en: str
    zh: str
    keys: tuple[str, ...]


def _says(en: str, zh: str, *keys: str) -> _Says:
    """What one mechanism says (in English and Chinese), backed by ``keys``."""
    return _Says(en, zh, keys)


class _Aspect(NamedTuple):
    """One aspect of both mechanisms: its name, what the 2011 rules and the 2010 measures say."""

    en: str
    zh: str
    assessment_rules: _Says
    accountability_measures: _Says


_ASPECTS: Final = (
    _Aspect(
        "Text",
        "文件",
        _says(
            f"{Mechanism.ASSESSMENT_RULES.en} (考核评估办法), revised 2013",
            "《“双到”工作考核评估办法》（2011年，2013年修订）",
            P.failed_assessment_applies,
        ),
        _says(
            f"{Mechanism.ACCOUNTABILITY_MEASURES.en} (问责暂行办法)",
            "《广东省扶贫开发工作问责暂行办法》（2010年）",
            P.regional_triggers,
        ),
    ),
    _Aspect(
        "Applies when",
        "适用情形",
        _says(
            "the body is rated failing (不合格) at an annual assessment",
            "年度考核不合格",
            P.failed_assessment_applies,
        ),
        _says(
            "one of nine situations occurs: failing villages {fail_share_en}; the leadership "
            "did not each take charge of a village (挂村办点); no local fiscal guarantee; a "
            "fund or poor-list situation (misdirected approval; delayed, withheld or misused "
            "funds; no spending plan; funds not signed for; weak supervision; an inaccurate "
            "poor list)",
            "九种问责情形之一：不合格村比例{fail_share_zh}；领导班子成员未各挂村办点；"
            "无地方财政预算保障；资金和名单情形",
            P.fail_share_thresholds,
            P.fail_share_comparator,
            P.irregularity_kinds,
        ),
    ),
    _Aspect(
        "Bodies",
        "对象单位",
        _says(
            "cities, counties and assisting units",
            "市、县和帮扶单位",
            P.consequence_addressees,
        ),
        _says(
            "cities, counties and townships (regional situations); any area or unit (fund "
            "situations)",
            "市、县、乡镇（地区情形）；任何地区或单位（资金情形）",
            P.trigger_levels,
        ),
    ),
    _Aspect(
        "Who",
        "问责对象",
        _says(
            "the principal and responsible leaders (主要负责人和有关负责人)",
            "主要负责人和有关负责人",
            P.consequence_addressees,
        ),
        _says(
            "art. 2: county-and-above leadership members, township principal and in-charge "
            "leaders, heads of departments, units and poverty offices, on both sides; each "
            "situation targets its roles",
            "第二条：县级以上党委政府领导班子成员等，帮扶双方",
            P.coverage,
            P.trigger_roles,
        ),
    ),
    _Aspect(
        "Consequence",
        "处理方式",
        _says(
            "circulated notice (通报), naming (点名) or one-to-one coaching interview "
            "(单兵教练约谈): alternatives",
            "通报、点名或单兵教练约谈（择一）",
            P.assessment_consequences,
        ),
        _says(
            "an art. 9 sanction: ordered public apology (alone or combined), suspension for "
            "self-examination, resignation, ordered resignation, removal from post (免职); "
            "any of them from the first assessment on, mildest first in a recalled order",
            "责令公开道歉（可单独或合并使用）、停职检查、引咎辞职、责令辞职、免职；自第一次考核起均可适用",
            P.sanctions,
            P.sanction_severity,
        ),
    ),
    _Aspect(
        "Chosen by",
        "决定",
        _says(
            "the assessing body (an input: AccountabilityRecord.consequence_chosen)",
            "考核部门",
        ),
        _says(
            "the discipline body (an input: SanctionChoice)",
            "问责机关",
        ),
    ),
    _Aspect(
        "Heavier when",
        "从重",
        _says("—", "—"),
        _says(
            "false statements or evidence, retaliation against complainants, refusal to "
            "correct: the mildest options no longer apply",
            "作伪证或提供虚假情况、打击报复投诉人、拒不纠正",
            P.aggravating_factors,
            P.aggravation_steps,
        ),
    ),
    _Aspect(
        "Also",
        "其他后果",
        _says("—", "—"),
        _says(
            "the leadership team loses that year's awards; party or government discipline "
            "where due (dismissal, 撤职, is such a sanction, not 免职); criminal referral",
            "取消领导班子当年评先评优资格；党纪政纪处分（撤职）；移送司法机关",
            P.award_loss,
            P.disciplinary_sanctions,
        ),
    ),
    _Aspect(
        "Across assessments",
        "逐次升级",
        _says(
            "no escalation in the sources; a recalled ladder (notice → naming → interview → "
            "sanction) is an option, off by default",
            "来源未见逐级升级；阶梯为可选的存疑解读，默认不采用",
            P.ladder_enabled,
        ),
        _says(
            "none: each assessment stands alone; a trigger at the first can lead to removal "
            "from post",
            "每次考核独立适用；第一次考核触发即可免职",
            P.fail_share_thresholds,
            P.sanctions,
        ),
    ),
)
"""The table, aspect by aspect, as the two texts say it (rendered by :func:`mechanism_table`)."""


_ZH_NUMERALS: Final = "一二三四五六七八九十"


def _fail_shares(s: Standards) -> dict[str, str]:
    """The fail-share situation as the standards hold it, in English and Chinese.

    Read from ``accountability.fail_share_thresholds`` and ``fail_share_comparator``, so an
    override (other shares, another assessment, "exceeds" for "reaches") shows in the table.
    """
    table = s.value(P.fail_share_thresholds)
    comparator: Comparator = s.value(P.fail_share_comparator)
    numbers = sorted(table, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k))
    shares = [percent(table[k]) for k in numbers]
    verb_en = {Comparator.GE: "reach", Comparator.GT: "exceed"}.get(
        comparator, f"are {comparator.en}"
    )
    verb_zh = {Comparator.GE: "达到", Comparator.GT: "超过"}.get(comparator, comparator.zh)
    ordinals = [ordinal(int(k)) if k.isdigit() else k for k in numbers]
    zh_numbers = [
        _ZH_NUMERALS[int(k) - 1] if k.isdigit() and 1 <= int(k) <= 10 else k for k in numbers
    ]
    respectively = "分别" if len(numbers) > 1 else ""
    return {
        "fail_share_en": (
            f"{verb_en} {' / '.join(f'{x} %' for x in shares)} at the "
            f"{' / '.join(ordinals)} assessment"
        ),
        "fail_share_zh": (
            f"第{'、'.join(zh_numbers)}次考核{respectively}{verb_zh}"
            f"{'、'.join(f'{x}%' for x in shares)}"
        ),
    }


def _cell(s: Standards, says: _Says) -> MechanismCell:
    """The cell of ``says``, cited by its parameters (certainty: the weakest of theirs).

    Figures in the text come from the standards (``{fail_share_en}``...), never from here.
    """
    if "{" in says.en or "{" in says.zh:
        figures = _fail_shares(s)
        says = says._replace(en=says.en.format(**figures), zh=says.zh.format(**figures))
    if not says.keys:
        return MechanismCell(says.en, says.zh, (), None)
    citations = [s.citation(k) for k in says.keys]
    ids = tuple(dict.fromkeys(i for c in citations for i in c.source_ids))
    articles = "; ".join(dict.fromkeys(c.article for c in citations if c.article))
    weakest = max((c.certainty for c in citations), key=_ORDER.index)
    return MechanismCell(
        says.en, says.zh, says.keys, Citation(ids, article=articles, certainty=weakest)
    )


@declared(reads=tuple(P.keys()))
def mechanism_table(*, standards: Standards | None = None) -> tuple[MechanismRow, ...]:
    """Describe the 2011 assessment rules and the 2010 measures side by side.

    Each cell names the standards parameters behind it, and so its sources and its certainty
    (the weakest of its parameters'). The documentation's policy catalogue renders this table.

    Policy: S8 art. 2; S9; S10 art. 9; S13; S36; SEED p. 5.

    Example:
        >>> rows = mechanism_table()
        >>> rows[0].assessment_rules.text_en
        '2011 assessment rules (考核评估办法), revised 2013'
    """
    s = standards or default_standards()
    return tuple(
        MechanismRow(
            aspect.en,
            aspect.zh,
            _cell(s, aspect.assessment_rules),
            _cell(s, aspect.accountability_measures),
        )
        for aspect in _ASPECTS
    )
