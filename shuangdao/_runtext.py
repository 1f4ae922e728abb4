"""Words of a whole-round run for people: stage names, notes, report headings (private).

The runner (:mod:`shuangdao.scenario`) writes its notes in English, as plain data
(:attr:`~shuangdao.scenario.RoundResult.notes`); :func:`note` says one in Chinese through
the translation table :data:`_NOTES_ZH` (a note it does not know is kept as it is, and the
test over every Chinese output finds it). :func:`stage` names a stage, :func:`label` a
heading or column of ``report.md``, and :func:`growth_rows` and :func:`override_rows` turn the
income-growth model and the scenario overrides into table rows (never a Python ``repr``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

from shuangdao import _i18n as i18n

__all__ = [
    "growth_rows",
    "label",
    "note",
    "override_rows",
    "source",
    "stage",
]

_STAGES: Final = {
    # stage (a progress step, a timing or a certainty key): (English, Chinese)
    "generate": ("generating the synthetic province", "生成模拟省份"),
    "write": ("write", "写出"),
    "read": ("read", "读取"),
    "identify": ("identify", "识别"),
    "identification": ("identification", "识别"),
    "pair": ("pair", "结对"),
    "pairing": ("pairing", "结对"),
    "plan": ("plan", "帮扶规划"),
    "plans": ("plans", "帮扶规划"),
    "incomes and exits": ("incomes and exits", "收入与脱贫"),
    "exit": ("exit", "脱贫"),
    "assess": ("assess", "考核"),
    "assessment": ("assessment", "考核"),
    "follow-up": ("follow-up", "回头看"),
    "follow_up": ("follow-up", "回头看"),
    "settle": ("settle", "三年结硬帐"),
    "settlement": ("settlement", "三年结硬帐"),
    "accountability": ("accountability", "问责"),
    "compare": ("comparison", "标准比较"),
    "total": ("total", "合计"),
}

_LEVELS_ZH: Final = {
    "province": "省",
    "city": "市",
    "county": "县",
    "township": "乡镇",
    "village": "村",
}


def stage(name: str, lang: str = "en") -> str:
    """A stage of the run in words (``"assess"`` → ``"考核"``); an unknown one as given."""
    en, zh = _STAGES.get(name, (name, name))
    return zh if lang == "zh" else en


_LABELS: Final = {
    # report.md: key: (English, Chinese)
    "title": ("shuangdao round {round} scenario", "shuangdao 第{round}轮整轮情景"),
    "provenance": ("Provenance", "来源与参数"),
    "standards": ("standards", "标准"),
    "hashed": (" (hash `{hash}`)", "（哈希 `{hash}`）"),
    "seed": ("seed", "随机种子"),
    "overrides": ("overrides", "情景调整"),
    "no_overrides": ("none (the published standards)", "无（采用公布的标准）"),
    "growth": ("Income-growth model", "收入增长模型"),
    "certainty": ("Certainty of the decisions", "判定的可靠程度"),
    "certainty_about": (
        (
            "Decisions per stage by the weakest certainty of the values they rest on "
            "(a recalled or assumed value: see the policy pages)."
        ),
        "各环节的判定按所依据数值中最弱的可靠程度计数（存疑或假定的数值见政策说明页）。",
    ),
    "timings": ("Timings", "用时"),
    "timings_about": (
        (
            "CPU seconds per stage (summed over the partitions, workers and the threads they "
            "hand work to; Arrow's own reader and writer threads not counted); total: the "
            "run's wall-clock seconds."
        ),
        (
            "各环节的 CPU 秒数（各分区、各工作进程及其分派工作的线程合计，"
            "不含 Arrow 自身的读写线程）；合计为整个运行的实际用时（秒）。"
        ),
    ),
    "tables": ("Tables", "数据表"),
    "stage": ("stage", "环节"),
    "seconds": ("seconds", "秒"),
    "table": ("table", "表"),
    "rows": ("rows", "行数"),
    "columns": ("columns", "列"),
    "key": ("key", "参数"),
    "before": ("before", "调整前"),
    "after": ("after", "调整后"),
    "how": ("how", "方式"),
    "set": ("set", "直接设定"),
    "recomputed": ("recomputed from its inputs", "由输入重算"),
    "field": ("field", "项目"),
    "value": ("value", "数值"),
    "parameter": ("parameter", "参数"),
    "name": ("name", "名称"),
    "growth_about": (
        (
            "Read from the `scenario.*` parameters of the standards (`shuangdao standards --key "
            "scenario` shows their sources)."
        ),
        "取自标准中的 `scenario.*` 参数（其依据见 `shuangdao standards --key scenario`）。",
    ),
    "comparison": ("Comparison", "标准比较"),
    "confirmed": ("confirmed", "已证实"),
    "derived": ("derived", "推导"),
    "recalled": ("recalled", "存疑"),
    "assumed": ("assumed", "假定"),
}


def label(key: str, lang: str = "en", **values: Any) -> str:
    """A heading, sentence or column name of the report in ``lang``."""
    en, zh = _LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


# --------------------------------------------------------------------------- growth model
_GROWTH: Final = (
    # field, (English, Chinese), how the value reads
    (
        "baseline_growth",
        ("baseline growth of household income", "家庭收入的基线增长率"),
        "share",
    ),
    (
        "measure_income_effects",
        ("income per person per year a household measure adds", "户帮扶措施每人每年增加的收入"),
        "yuan",
    ),
    (
        "collective_income_effects",
        ("collective income per year a village measure adds", "村帮扶措施每年增加的集体收入"),
        "yuan",
    ),
    (
        "measure_ramp_years",
        ("years to full effect", "达到全部效果所需年数"),
        "count",
    ),
    (
        "measures_per_household",
        ("measures per household plan", "每户帮扶规划的措施数"),
        "count",
    ),
    (
        "measures_per_village",
        ("measures per village plan", "每村帮扶规划的措施数"),
        "count",
    ),
    (
        "labour_transfer_income",
        (
            "income per transferred worker per year (2012 level)",
            "每名转移就业劳动力年收入（2012年水平）",
        ),
        "yuan",
    ),
    (
        "labour_transfer_rate",
        (
            "share of able households transferring a worker each year",
            "每年转移一名劳动力的有劳动能力户比例",
        ),
        "share",
    ),
)


def _value(value: Any, how: str, lang: str) -> str:
    zh = lang == "zh"
    if isinstance(value, Mapping):
        parts = [f"{k} {_value(v, how, lang)}" for k, v in value.items()]
        return ("；" if zh else "; ").join(parts)
    if how == "share" and isinstance(value, Decimal):
        return f"{i18n.percent(value)} %"
    if how == "yuan" and isinstance(value, Decimal | int):
        return i18n.money(Decimal(value), lang)
    return i18n.number(value)


def growth_rows(model: Any, lang: str = "en") -> tuple[list[str], list[list[str]]]:
    """The income-growth model as ``(headers, rows)``: meaning, value, field name.

    Works on any object with the :class:`~shuangdao.scenario.GrowthModel` fields; a mapping
    of effects reads ``industry 400.00 yuan; ...``.
    """
    rows = []
    for name, (en, zh), how in _GROWTH:
        if not hasattr(model, name):
            continue
        rows.append([zh if lang == "zh" else en, _value(getattr(model, name), how, lang), name])
    headers = [label("field", lang), label("value", lang), label("name", lang)]
    return headers, rows


def _canonical(value: Any, lang: str) -> str:
    """A canonical value (JSON text, or already decoded) for people."""
    if isinstance(value, str):
        return i18n.plain(value, lang)
    return i18n.plain(json.dumps(value, ensure_ascii=False), lang)


def override_rows(
    overrides: Iterable[Mapping[str, Any]], lang: str = "en"
) -> tuple[list[str], list[list[str]]]:
    """Scenario overrides (``key``, ``before``, ``after``, ``derived``) as table rows."""
    rows = [
        [
            str(o["key"]),
            _canonical(o["before"], lang),
            _canonical(o["after"], lang),
            label("recomputed" if o.get("derived") else "set", lang),
        ]
        for o in overrides
    ]
    headers = [label(k, lang) for k in ("key", "before", "after", "how")]
    return headers, rows


# ---------------------------------------------------------------------------------- notes
def _levels_zh(text: str) -> str:
    return "、".join(_LEVELS_ZH.get(part.strip(), part.strip()) for part in text.split(","))


def _years_zh(text: str) -> str:
    return "、".join(part.strip() for part in text.split(","))


def _triggered_zh(text: str) -> str:
    parts = []
    for piece in text.split(", "):
        match = re.fullmatch(r"([\d,]+) (\w+) assessments", piece.strip())
        if match is None:
            parts.append(piece)
            continue
        count, level = match.groups()
        parts.append(f"{_LEVELS_ZH.get(level, level)}级考核{count}项")
    return "、".join(parts)


def _source_zh(text: str) -> str:
    match = re.fullmatch(
        r"scenario\.max_units_per_village, assumed from SEED 专栏4: 136 units for 38 villages "
        r"in Liannan",
        text,
    )
    if match is not None:
        return "scenario.max_units_per_village，假定，据 SEED 专栏4：连南38个村由136个单位帮扶"
    return text


_Replacement = str | Callable[[re.Match[str]], str]

_NOTES_ZH: Final[tuple[tuple[re.Pattern[str], _Replacement], ...]] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (
            (
                r"^pairing skipped: no assisting units and cadres were given \(the runner does not "
                r"invent them\); follow-up has no original unit$"
            ),
            "未结对：没有提供帮扶单位和干部（运行程序不会虚构）；回头看没有原帮扶单位",
        ),
        (
            (
                r"^pairing load limit (\d+) households per cadre "
                r"\(scenario\.max_households_per_cadre, "
                r"assumed: the policy published none\)$"
            ),
            r"结对负荷上限：每名干部\1户（scenario.max_households_per_cadre，假定：政策未公布）",
        ),
        (
            (
                r"^pairing: up to (\d+) units per village \((.*)\); ([\d,]+) villages too big for "
                r"any "
                r"one unit have a work team combined from ([\d,]+) units$"
            ),
            lambda m: (
                f"结对：每村最多{m[1]}个帮扶单位（{_source_zh(m[2])}）；{m[3]}个村规模超出任一"
                f"单位的帮扶能力，由{m[4]}个单位组成联合工作队"
            ),
        ),
        (r"^pairing failed: (.*)$", lambda m: f"结对失败：{i18n.message_zh(m[1])}"),
        (
            r"^pairing of scattered households failed: (.*)$",
            lambda m: f"分散贫困户结对失败：{i18n.message_zh(m[1])}",
        ),
        (
            (
                r"^([\d,]+) scattered households outside the assisted villages paired with cadres "
                r"of "
                r"local county-level units of their county \(scenario\.pair_scattered_households, "
                r"assumed: not stated in the sources\)(.*)$"
            ),
            lambda m: (
                f"重点帮扶村以外的{m[1]}户分散贫困户由所在县县级单位的干部结对帮扶"
                f"（scenario.pair_scattered_households，假定：依据文件未说明）" + _pools_zh(m[2])
            ),
        ),
        (
            (
                r"^([\d,]+) scattered households have no responsible cadre: (?:([\d,]+) have no "
                r"county; )?their county has no local county-level unit \(a units table "
                r"county_id\)$"
            ),
            lambda m: (
                f"{m[1]}户分散贫困户没有责任人："
                + (f"其中{m[2]}户没有所属县；" if m[2] else "")
                + "所在县没有县级帮扶单位（帮扶单位表的 county_id）"
            ),
        ),
        (
            r"^measures not in pairing\.measure_catalogue are never planned: (.*)$",
            r"不在 pairing.measure_catalogue 中的帮扶措施不会列入规划：\1",
        ),
        (
            (
                r"^baseline incomes for (.*) grown from (\d+) at (\S+) a year "
                r"\(scenario\.baseline_growth\)$"
            ),
            lambda m: (
                f"{_years_zh(m[1])}年的基线收入由{m[2]}年起按每年{m[3]}的增长推算"
                "（scenario.baseline_growth）"
            ),
        ),
        (
            (
                r"^accountability: the 2010 measures' fail-share situation was not evaluated for "
                r"(.*) \(the villages carry no (.*)\)$"
            ),
            lambda m: (
                f"问责：未对{_levels_zh(m[1])}评估2010年问责办法的不合格比例情形"
                f"（村表没有 {m[2].replace(', ', '、')} 列）"
            ),
        ),
        (
            (
                r"^accountability: ([\d,]+) key villages have no (\w+) id and are not counted at "
                r"the "
                r"\w+ level$"
            ),
            lambda m: (
                f"问责：{m[1]}个重点帮扶村没有{_LEVELS_ZH.get(m[2], m[2])}编号，"
                f"不计入{_LEVELS_ZH.get(m[2], m[2])}一级"
            ),
        ),
        (
            (
                r"^accountability \(2010 measures, fail-share situation\): triggered (.*); each "
                r"holds "
                r"the principal leaders to account with the art\. 9 sanction options \(the "
                r"discipline "
                r"body chooses\)$"
            ),
            lambda m: (
                f"问责（2010年问责办法，不合格比例情形）：触发{_triggered_zh(m[1])}；"
                "每项均按第9条规定的处理方式追究主要领导的责任（由纪检监察机关选择）"
            ),
        ),
    )
)


def _pools_zh(text: str) -> str:
    match = re.fullmatch(
        r"; the ([\d,]+) local units are synthetic cadre pools, one per county \(([\d,]+) "
        r"invented cadres at ≤ (\d+) households each, flagged synthetic_local; "
        r"scenario\.synthetic_local_pools\)",
        text,
    )
    if match is None:
        return text
    units, cadres, limit = match.groups()
    return (
        f"；其中{units}个县级单位是模拟的干部库，每县一个（虚构干部{cadres}名，每人不超过"
        f"{limit}户，标记为 synthetic_local；scenario.synthetic_local_pools）"
    )


def note(text: str, lang: str = "en") -> str:
    """A note of the run in ``lang``; one the table does not know is kept as written.

    Example:
        >>> note("pairing load limit 30 households per cadre (scenario.max_households_per_"
        ...      "cadre, assumed: the policy published none)", "zh")
        '结对负荷上限：每名干部30户（scenario.max_households_per_cadre，假定：政策未公布）'
    """
    if lang != "zh":
        return text
    for pattern, replacement in _NOTES_ZH:
        if pattern.search(text):
            return pattern.sub(replacement, text, count=1)
    return text


def source(text: str, lang: str = "en") -> str:
    """What population a run ran (``"synthetic province, seed 1, scale 0.01"``) in ``lang``."""
    if lang != "zh":
        return text
    if text == "user data":
        return "用户数据"
    match = re.fullmatch(r"synthetic province, seed (\d+), scale (\S+)", text)
    if match is not None:
        return f"模拟省份，随机种子{match[1]}，规模{match[2]}"
    return text
