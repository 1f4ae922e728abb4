"""The result of a whole-round run: one Arrow table per stage, a summary, explanations, output."""

from __future__ import annotations

import html
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import pyarrow as pa
import pyarrow.compute as pc

from shuangdao import _i18n as i18n
from shuangdao import _output
from shuangdao import _runtext as runtext
from shuangdao._frames import TableAccess
from shuangdao.errors import InvalidRecordError, UnknownReferenceError

if TYPE_CHECKING:
    from collections.abc import Callable

    from shuangdao.batch import BatchResult
    from shuangdao.explain import Decision
    from shuangdao.scenario._growth import GrowthModel
    from shuangdao.standards import Standards

__all__ = ["STAGES", "TABLES", "RoundResult", "RoundSummary", "Tables", "write_tables"]

STAGES: Final = (
    "identification",
    "pairing",
    "plan",
    "exit",
    "assessment",
    "settlement",
    "accountability",
    "follow_up",
)
"""Stages whose records :meth:`RoundResult.decision` can expand."""

TABLES: Final = (
    "identification_villages",
    "identification_households",
    "rejected",
    "pairing_villages",
    "pairing_households",
    "plans",
    "progress",
    "assessments",
    "settlement",
    "accountability",
    "accountability_actions",
    "follow_up",
)
"""Names of the tables of a :class:`RoundResult`, in the order they are written."""

_LEVELS: Final[tuple[str, ...]] = ("city", "county", "township")
"""The levels of area the accountability stage evaluates, from the top."""
_LEVEL_EN: Final = {
    "city": ("cities", "city"),
    "county": ("counties", "county"),
    "township": ("townships", "township"),
}
_LEVEL_ZH: Final = {"city": "市", "county": "县", "township": "乡镇"}

_TIMING_ORDER: Final = (
    "generate",
    "read",
    "identify",
    "pair",
    "plan",
    "incomes and exits",
    "assess",
    "follow-up",
    "settle",
    "accountability",
    "write",
    "total",
)


def timing_order(timings: Mapping[str, float]) -> list[str]:
    """The stages of ``timings`` in the order a run performs them (others after)."""
    known = [k for k in _TIMING_ORDER if k in timings]
    return known + [k for k in timings if k not in _TIMING_ORDER]


_TITLES: Final = {
    1: ("designated poor villages", "贫困村", "poor households", "贫困户"),
    2: ("key villages", "重点帮扶村", "poor households", "贫困户"),
    3: ("relatively poor villages", "相对贫困村", "relatively poor households", "相对贫困户"),
}


@dataclass(frozen=True, slots=True)
class RoundSummary:
    """The headline figures of one round run (also :meth:`to_dict` and :meth:`text`).

    Attributes:
        round: The round.
        source: What population was run (the synthetic province with its seed and scale, or
            the files).
        villages: Villages decided.
        villages_selected: Villages identified (designated / key / relatively poor).
        households: Households decided.
        households_selected: Poor households identified.
        persons_selected: Members of the identified households.
        rejected: Input rows rejected.
        villages_paired: Identified villages with an assisting unit and work team (or
            ``None`` when pairing was skipped).
        households_paired: Poor households with a responsible cadre (or ``None``).
        max_load: Most households on one cadre (or ``None``).
        assessments: Per assessment year: ``year``, ``villages``, ``passed``, ``failed``,
            ``households_exited``, ``persons_exited``.
        settlement_passed: Whether the round as a whole was settled (三年结硬帐).
        settlement_share: Share of counted persons at or above the settlement-year line.
        counties_settled: Counties that passed the settlement.
        counties: Counties settled.
        escalations: Accountability actions per assessment year (``year`` → count).
        triggered: Areas with a fail-share trigger, per level (``city``, ``county``,
            ``township``: the levels evaluated) and assessment year (``year`` → count).
        follow_up_villages: Villages followed up.
        follow_up_relapsed: Villages with at least one relapsed household.
        notes: What the run assumed or skipped, in words.
        timings: CPU seconds per stage (summed over the partitions for the stages run per
            partition, on however many workers, with the batch pool's work done for them;
            Arrow's own reader and writer threads are not counted) and ``total``: the run's
            wall-clock seconds.
        certainty: Per stage, how many decisions rest on values of each certainty
            (``confirmed``, ``derived``, ``recalled``, ``assumed``): the weakest value a
            decision read (:attr:`~shuangdao.explain.Decision.certainty`).

    .. versionchanged:: 0.2.0 ``timings`` and ``certainty`` (issues 15, 16); ``triggered``
       per level replaces ``counties_triggered`` (deprecated: it counted counties only, so a
       run whose triggers fired in townships said "0 counties triggered").
    """

    round: int
    source: str
    villages: int
    villages_selected: int
    households: int
    households_selected: int
    persons_selected: int
    rejected: int
    villages_paired: int | None
    households_paired: int | None
    max_load: int | None
    assessments: tuple[dict[str, int], ...]
    settlement_passed: bool | None
    settlement_share: Decimal | None
    counties_settled: int
    counties: int
    escalations: dict[int, int]
    triggered: dict[str, dict[int, int]]
    follow_up_villages: int
    follow_up_relapsed: int
    notes: tuple[str, ...] = field(default=())
    timings: dict[str, float] = field(default_factory=dict)
    certainty: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def counties_triggered(self) -> dict[int, int]:
        """Counties with a fail-share trigger per assessment year.

        .. deprecated:: 0.2.0 Use ``triggered["county"]`` (and the other levels of
           :attr:`triggered`); removed in 0.3.0.
        """
        warnings.warn(
            "RoundSummary.counties_triggered is deprecated: use "
            "RoundSummary.triggered['county'] (triggers per level: city, county, township)",
            DeprecationWarning,
            stacklevel=2,
        )
        return dict(self.triggered.get("county", {}))

    def _triggered_text(self, year: int, lang: str) -> str:
        """The areas triggered in ``year``, per level (empty when no level was evaluated)."""
        levels = [lv for lv in _LEVELS if lv in self.triggered]
        levels += [lv for lv in self.triggered if lv not in _LEVELS]
        if not levels:
            return ""
        counts = {lv: self.triggered[lv].get(year, 0) for lv in levels}
        if lang == "zh":
            shown = "、".join(f"{_LEVEL_ZH.get(lv, lv)}{n:,}个" for lv, n in counts.items())
            return f"（触发：{shown}）"
        shown = ", ".join(f"{n:,} {_LEVEL_EN.get(lv, lv)[n == 1]}" for lv, n in counts.items())
        return f" (triggered: {shown})"

    def uncertain(self) -> dict[str, int]:
        """Per stage, decisions resting on a recalled or assumed value."""
        return {
            stage: counts.get("recalled", 0) + counts.get("assumed", 0)
            for stage, counts in self.certainty.items()
            if counts.get("recalled", 0) + counts.get("assumed", 0)
        }

    def _certainty_line(self, lang: str) -> str:
        weak = self.uncertain()
        total = sum(sum(c.values()) for c in self.certainty.values())
        if lang == "zh":
            if not weak:
                return f"确定性：{total:,}项判定均不依赖回忆或假定的数值"
            parts = "、".join(f"{runtext.stage(k, 'zh')}{v:,}项" for k, v in weak.items())
            return (
                f"确定性：{total:,}项判定中{sum(weak.values()):,}项依赖回忆或假定的数值（{parts}）"
            )
        if not weak:
            return f"Certainty: none of {total:,} decisions rests on a recalled or assumed value"
        parts = ", ".join(f"{k} {v:,}" for k, v in weak.items())
        return (
            f"Certainty: {sum(weak.values()):,} of {total:,} decisions rest on recalled or "
            f"assumed values ({parts})"
        )

    def _timings_line(self, lang: str) -> str:
        stages = [k for k in timing_order(self.timings) if k != "total"]
        total = self.timings.get("total")
        if lang == "zh":
            shown = "、".join(f"{runtext.stage(k, 'zh')}{self.timings[k]:.1f}秒" for k in stages)
            return f"用时：{shown}；合计{total:.1f}秒" if total is not None else f"用时：{shown}"
        shown = ", ".join(f"{k} {self.timings[k]:.1f} s" for k in stages)
        return (
            f"Timings: {shown}; total {total:.1f} s" if total is not None else f"Timings: {shown}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON-ready data (Decimals as strings)."""
        data: dict[str, Any] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = {
                    str(k): {str(i): j for i, j in v.items()} if isinstance(v, dict) else v
                    for k, v in value.items()
                }
            data[name] = value
        return data

    def text(self, lang: Literal["en", "zh"] = "en") -> str:
        """A readable multi-line summary in English or Chinese."""
        v_en, v_zh, h_en, h_zh = _TITLES[self.round]
        lines: list[str] = []
        share = "—" if self.settlement_share is None else f"{self.settlement_share:.2%}"
        if lang == "zh":
            lines.append(f"第{self.round}轮整轮情景（{runtext.source(self.source, 'zh')}）")
            lines.append(
                f"识别：{self.villages:,}个村中{self.villages_selected:,}个{v_zh}；"
                f"{self.households:,}户中{self.households_selected:,}户{h_zh}"
                f"（{self.persons_selected:,}人）；{self.rejected:,}行未能判定"
            )
            if self.villages_paired is None:
                lines.append("结对：未完成（未提供帮扶单位和干部，或无可行结对方案；见说明）")
            else:
                lines.append(
                    f"结对：{self.villages_paired:,}/{self.villages_selected:,}个村有帮扶单位和"
                    f"工作队；{self.households_paired:,}/{self.households_selected:,}户有责任人"
                    f"（每名责任人最多{self.max_load}户）"
                )
            for a in self.assessments:
                lines.append(  # noqa: PERF401 - one readable line per year
                    f"{a['year']}年度考核：{a['villages']:,}个村中{a['passed']:,}个合格、"
                    f"{a['failed']:,}个不合格；{a['households_exited']:,}户"
                    f"（{a['persons_exited']:,}人）达到脱贫标准；"
                    f"问责{self.escalations.get(a['year'], 0):,}项"
                    + self._triggered_text(a["year"], "zh")
                )
            verdict = {True: "通过", False: "未通过", None: "无法判定"}[self.settlement_passed]
            lines.append(
                f"三年结硬帐：全轮{verdict}（达标人口比例{share}）；"
                f"{self.counties_settled:,}/{self.counties:,}个县通过"
            )
            lines.append(
                f"回头看：跟踪{self.follow_up_villages:,}个村，其中"
                f"{self.follow_up_relapsed:,}个村有返贫户"
            )
            if self.certainty:
                lines.append(self._certainty_line("zh"))
            if self.timings:
                lines.append(self._timings_line("zh"))
            lines.extend(f"说明：{runtext.note(note, 'zh')}" for note in self.notes)
            return "\n".join(lines)
        lines.append(f"Round {self.round}, whole-round scenario ({self.source})")
        lines.append(
            f"Identification: {self.villages_selected:,} of {self.villages:,} villages are "
            f"{v_en}; {self.households_selected:,} of {self.households:,} households are "
            f"{h_en} ({self.persons_selected:,} persons); {self.rejected:,} rows rejected"
        )
        if self.villages_paired is None:
            lines.append(
                "Pairing: not done (no units and cadres given, or no valid pairing; see notes)"
            )
        else:
            lines.append(
                f"Pairing: {self.villages_paired:,}/{self.villages_selected:,} villages have "
                f"an assisting unit and work team; {self.households_paired:,}/"
                f"{self.households_selected:,} households have a responsible cadre "
                f"(at most {self.max_load} per cadre)"
            )
        for a in self.assessments:
            lines.append(  # noqa: PERF401 - one readable line per year
                f"Assessment {a['year']}: {a['passed']:,} of {a['villages']:,} villages passed, "
                f"{a['failed']:,} failed; {a['households_exited']:,} households "
                f"({a['persons_exited']:,} persons) at or above the exit line; "
                f"{self.escalations.get(a['year'], 0):,} accountability actions"
                + self._triggered_text(a["year"], "en")
            )
        verdict_en = {True: "passed", False: "failed", None: "undecided"}[self.settlement_passed]
        lines.append(
            f"Settlement (三年结硬帐): the round {verdict_en} (share of counted persons at or "
            f"above the line {share}); {self.counties_settled:,} of {self.counties:,} counties "
            "passed"
        )
        lines.append(
            f"Follow-up (回头看): {self.follow_up_villages:,} villages followed up, "
            f"{self.follow_up_relapsed:,} with a relapsed household"
        )
        if self.certainty:
            lines.append(self._certainty_line("en"))
        if self.timings:
            lines.append(self._timings_line("en"))
        lines.extend(f"Note: {note}" for note in self.notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return (
            f"RoundSummary(round={self.round}, households_selected={self.households_selected:,}, "
            f"villages_selected={self.villages_selected:,}, "
            f"settlement_passed={self.settlement_passed})"
        )

    def _repr_html_(self) -> str:
        """The summary as an HTML list (notebooks), one line per stage."""
        lines = self.text("en").splitlines()
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
        return f"<div><strong>{html.escape(lines[0])}</strong><ul>{items}</ul></div>"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_tables(
    tables: Mapping[str, pa.Table], folder: Path, fmt: str, report: str
) -> dict[str, Path]:
    """Write every table (CSV or Parquet) and ``report.md`` to ``folder``, as one set.

    All files are replaced together or, if anything fails, none is; CSV text cells are
    escaped for spreadsheets (see :mod:`shuangdao._output`).
    """
    if fmt not in ("csv", "parquet"):
        raise InvalidRecordError("must be 'csv' or 'parquet'", field="format", value=fmt)
    folder.mkdir(parents=True, exist_ok=True)
    files = _output.table_files(tables, folder, fmt)
    files.append((folder / "report.md", _output.text_file(report)))
    _output.write_files(files)
    written = {name: path for name, (path, _) in zip(tables, files, strict=False)}
    written["report"] = folder / "report.md"
    return written


class Tables(Mapping[str, pa.Table]):
    """A run's tables by name: Arrow tables in memory, or read from their files on demand.

    A table written to a file (``run_round(out=...)``) is read when it is first asked for
    and kept; :meth:`shape` gives its rows and columns without reading it.
    """

    def __init__(
        self,
        tables: Mapping[str, pa.Table | Path],
        shapes: Mapping[str, tuple[int, list[str]]] | None = None,
    ) -> None:
        self._data: dict[str, pa.Table | Path] = dict(tables)
        self._shapes = dict(shapes or {})

    def __getitem__(self, name: str) -> pa.Table:
        value = self._data[name]
        if isinstance(value, Path):
            value = _read(value)
            self._data[name] = value
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def shape(self, name: str) -> tuple[int, list[str]]:
        """``(rows, column names)`` of a table (without reading a file)."""
        value = self._data[name]
        if isinstance(value, pa.Table):
            return value.num_rows, list(value.column_names)
        return self._shapes[name]

    def add(self, name: str, path: Path, table: pa.Table) -> None:
        """Add a table written to ``path`` (its shape from ``table``)."""
        self._data[name] = path
        self._shapes[name] = (table.num_rows, list(table.column_names))

    def path(self, name: str) -> Path | None:
        """The file a table was written to, if it was."""
        value = self._data[name]
        return value if isinstance(value, Path) else None


def _read(path: Path) -> pa.Table:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path)
    from pyarrow import csv

    # a table this run wrote (not an input): its text cells as written
    return csv.read_csv(path)


@dataclass(slots=True)
class RoundResult(TableAccess):
    """Everything a whole-round run produced (see :func:`shuangdao.scenario.run_round`).

    Its tables are read like every result's: ``table_names``, ``tables``, ``table(name)``,
    ``to_arrow(name)``, ``to_pandas(name)``, ``to_polars(name)``
    (``money="decimal"|"float"|"fen"``: see *Results as tables*).

    Attributes:
        round: The round.
        source: What population was run.
        standards: The standards used (with any overrides).
        growth: The income-growth model used.
        seed: The seed of the run's draws.
        tables: One :class:`pyarrow.Table` per name of :data:`TABLES` (a :class:`Tables`
            mapping: tables written to files are read on demand).
        notes: What the run assumed or skipped.
    """

    round: int
    source: str
    standards: Standards
    growth: GrowthModel
    seed: int
    tables: Tables
    notes: tuple[str, ...]
    _summary: RoundSummary
    _explain: Callable[[str, str, int | None], Decision]
    _identification: Callable[[], BatchResult] | None = None

    def _table_map(self) -> Tables:
        return self.tables

    def __getattr__(self, name: str) -> pa.Table:
        # tables as attributes: result.progress, result.assessments...
        tables = object.__getattribute__(self, "tables")
        if name in tables:
            table: pa.Table = tables[name]
            return table
        raise AttributeError(name)

    @property
    def identification(self) -> BatchResult:
        """The batch identification of the whole population, in one piece.

        Computed on first access: it holds every household in memory (the run itself
        identified the population partition by partition). The run's identification tables
        are ``identification_villages`` and ``identification_households``.
        """
        if self._identification is None:
            raise UnknownReferenceError("is not available for this result", field="identification")
        return self._identification()

    def summary(self) -> RoundSummary:
        """The headline figures (``.text("zh")``, ``.to_dict()``)."""
        return self._summary

    def decision(self, stage: str, subject_id: str, *, year: int | None = None) -> Decision:
        """Expand one record of a stage into its full, explained :class:`Decision`.

        The record is rebuilt and decided again by the object-path rule of the stage:
        ``identification`` (a household or village id; :mod:`shuangdao.rules.identification`),
        ``pairing`` (household or village; :mod:`shuangdao.rules.pairing` on the round's
        first day), ``exit`` (household, ``year``;
        :func:`~shuangdao.rules.progress.household_exit`),
        ``assessment`` (village, ``year``; :func:`~shuangdao.rules.assessment.assess`),
        ``settlement`` (county id, or ``"round"``; :mod:`shuangdao.rules.settlement`),
        ``accountability`` (a city, county or township's ``area_id``, ``year``; the 2010
        measures' fail-share situation of :mod:`shuangdao.rules.accountability`),
        ``follow_up`` (village; :func:`~shuangdao.rules.follow_up.follow_up_check`).

        Raises:
            UnknownReferenceError: Unknown stage or id.
        """
        if stage not in STAGES or stage == "plan":
            raise UnknownReferenceError(
                f"is not a stage with decisions ({', '.join(s for s in STAGES if s != 'plan')})",
                field="stage",
                value=stage,
            )
        return self._explain(stage, subject_id, year)

    def write(self, out_dir: str | Path, *, format: str = "csv", lang: str = "en") -> Path:
        """Write every table (``<name>.csv`` or ``.parquet``) and ``report.md`` to ``out_dir``."""
        folder = Path(out_dir)
        write_tables(self.tables, folder, format, self.report(lang=lang))
        return folder

    def report(self, *, lang: str = "en") -> str:
        """A short Markdown report: the summary, provenance, stage timings and the tables.

        In English or Chinese (``lang="zh"``); the growth model and the overrides as tables.
        """
        language: Literal["en", "zh"] = "zh" if lang == "zh" else "en"
        lang = language
        s = self._summary
        text = s.text(language)
        provenance = self.standards.provenance()
        lines = []
        for name in self.tables:
            rows, columns = self.tables.shape(name)
            shown = ", ".join(f"`{c}`" for c in columns[:8]) + (", …" if len(columns) > 8 else "")
            lines.append([f"`{name}`", f"{rows:,}", shown])
        overrides = provenance.get("overrides") or []
        colon = "：" if lang == "zh" else ": "
        if overrides:
            changed = "\n\n" + i18n.markdown_table(*runtext.override_rows(overrides, lang)) + "\n"
        else:
            changed = ("" if lang == "zh" else " ") + f"{runtext.label('no_overrides', lang)}\n"
        report = (
            f"# {runtext.label('title', lang, round=self.round)}\n\n"
            + "\n".join(f"- {line}" for line in text.splitlines())
            + f"\n\n## {runtext.label('provenance', lang)}\n\n"
            f"- {runtext.label('standards', lang)}{colon}`{self.standards.id}`"
            + runtext.label("hashed", lang, hash=self.standards.hash[:16])
            + "\n"
            f"- {runtext.label('seed', lang)}{colon}{self.seed}\n"
            f"- {runtext.label('overrides', lang)}{colon.rstrip()}{changed}"
            f"\n### {runtext.label('growth', lang)}\n\n"
            f"{runtext.label('growth_about', lang)}\n\n"
            + i18n.markdown_table(*runtext.growth_rows(self.growth, lang))
            + "\n"
        )
        if s.triggered:
            report += _triggers_section(s, lang)
        if s.certainty:
            report += _certainty_section(s, lang)
        if s.timings:
            report += _timings_section(s, lang)
        headers = [runtext.label(k, lang) for k in ("table", "rows", "columns")]
        return (
            report
            + f"\n## {runtext.label('tables', lang)}\n\n"
            + i18n.markdown_table(headers, lines)
            + "\n"
        )

    def _repr_html_(self) -> str:
        s = self._summary
        items = "".join(f"<li>{html.escape(line)}</li>" for line in s.text("en").splitlines())
        return (
            f"<div><strong>shuangdao round {self.round} scenario</strong><ul>{items}</ul>"
            + _html_table(_by_year(self.tables["assessments"]), "assessments by year")
            + _html_table(self.tables["settlement"], "settlement", limit=12)
            + _html_table(self.tables["accountability_actions"], "accountability actions", limit=12)
            + "</div>"
        )

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={self.tables.shape(k)[0]}" for k in self.tables)
        return f"RoundResult(round={self.round}, {sizes})"


_CERTAINTIES: Final = ("confirmed", "derived", "recalled", "assumed")


def _certainty_section(s: RoundSummary, lang: str = "en") -> str:
    rows = [
        [runtext.stage(stage, lang)] + [f"{counts.get(c, 0):,}" for c in _CERTAINTIES]
        for stage, counts in s.certainty.items()
    ]
    headers = [runtext.label("stage", lang)] + [runtext.label(c, lang) for c in _CERTAINTIES]
    return (
        f"\n## {runtext.label('certainty', lang)}\n\n"
        f"{runtext.label('certainty_about', lang)}\n\n" + i18n.markdown_table(headers, rows) + "\n"
    )


def _triggers_section(s: RoundSummary, lang: str) -> str:
    """Areas triggered per level (rows) and assessment year (columns)."""
    years = [a["year"] for a in s.assessments]
    levels = [lv for lv in _LEVELS if lv in s.triggered]
    levels += [lv for lv in s.triggered if lv not in _LEVELS]
    if lang == "zh":
        title, lead, head = (
            "问责触发情况",
            "各级地区因不合格村比例达到问责暂行办法（2010）所定比例而触发问责的个数（按考核年度）。",
            "层级",
        )
        names = {lv: _LEVEL_ZH.get(lv, lv) for lv in levels}
    else:
        title, lead, head = (
            "Accountability triggers",
            (
                "Areas of each level whose share of failing villages reached the 2010 "
                "measures' threshold, per assessment year."
            ),
            "level",
        )
        names = {lv: _LEVEL_EN.get(lv, (lv,))[0] for lv in levels}
    rows = "\n".join(
        f"| {names[lv]} | " + " | ".join(f"{s.triggered[lv].get(y, 0):,}" for y in years) + " |"
        for lv in levels
    )
    return (
        f"\n## {title}\n\n{lead}\n\n| {head} | "
        + " | ".join(str(y) for y in years)
        + " |\n|---|"
        + "---|" * len(years)
        + "\n"
        + rows
        + "\n"
    )


def _timings_section(s: RoundSummary, lang: str = "en") -> str:
    rows = [[runtext.stage(t, lang), f"{s.timings[t]:.2f}"] for t in timing_order(s.timings)]
    headers = [runtext.label("stage", lang), runtext.label("seconds", lang)]
    return (
        f"\n## {runtext.label('timings', lang)}\n\n"
        f"{runtext.label('timings_about', lang)}\n\n" + i18n.markdown_table(headers, rows) + "\n"
    )


def _by_year(assessments: pa.Table) -> pa.Table:
    if assessments.num_rows == 0:
        return assessments
    grouped = assessments.group_by("year").aggregate([("passed", "count"), ("passed", "sum")])
    table = grouped.sort_by("year").select(["year", "passed_count", "passed_sum"])
    return table.rename_columns(["year", "villages assessed", "villages passed"])


def _html_table(table: pa.Table, title: str, *, limit: int = 20) -> str:
    """Render the first ``limit`` rows of ``table`` as an HTML table."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.column_names)
    shown = table.slice(0, limit)
    columns = [shown.column(c).to_pylist() for c in shown.column_names]
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in zip(*columns, strict=True)
    )
    more = f"<p>… {table.num_rows - limit:,} more rows</p>" if table.num_rows > limit else ""
    return (
        f"<details open><summary>{html.escape(title)} ({table.num_rows:,} rows)</summary>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}</details>"
    )


def html_table(table: pa.Table, title: str, *, limit: int = 20) -> str:
    """Public alias used by the comparison's ``_repr_html_``."""
    return _html_table(table, title, limit=limit)


def count_true(column: Any) -> int:
    """Number of true values in a boolean Arrow column."""
    value = pc.sum(pc.cast(column, pa.int64())).as_py()
    return int(value or 0)
