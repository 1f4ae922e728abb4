"""The registry of policy sources, and citations that point into it.

Every rule and every parameter value in shuangdao cites a :class:`Source` (a document with
its issuer, date, titles in Chinese and English and a URL) through a :class:`Citation`,
which adds the article or page and how sure we are (:class:`Certainty`). The registry is
shipped as data (``shuangdao/standards/data/sources.toml``) and read with :func:`sources`.

Example:
    >>> from shuangdao.citations import sources
    >>> sources()["S1"].date
    '2013'
"""

from __future__ import annotations

import enum
import functools
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from attrs import field, frozen
from attrs.validators import instance_of, matches_re, min_len

from shuangdao.errors import StandardsError, UnknownReferenceError

if TYPE_CHECKING:
    from shuangdao.declare import Rule
    from shuangdao.standards import Standards

__all__ = ["Certainty", "Citation", "Source", "SourceUses", "declared_rules", "sources", "uses"]


class Certainty(enum.Enum):
    """How sure the project is of a value, after the policy brief's tags ([C], [D], [R], [N]).

    Values tagged ``RECALLED`` or ``ASSUMED`` are parameters a user should review and may
    override; the documentation lists them on every policy page.
    """

    CONFIRMED = "confirmed"
    """[C] Stated in a cited source."""
    DERIVED = "derived"
    """[D] Arithmetic on confirmed numbers (the derivation is recorded)."""
    RECALLED = "recalled"
    """[R] Recalled or weakly sourced: documented, overridable."""
    ASSUMED = "assumed"
    """[N] Not found in any source: a documented default chosen by the project."""

    _rank: int

    @property
    def rank(self) -> int:
        """Strength, for ordering: confirmed 3 > derived 2 > recalled 1 > assumed 0."""
        return self._rank

    @classmethod
    def weakest(cls, *certainties: Certainty) -> Certainty:
        """The weakest of ``certainties`` (confirmed > derived > recalled > assumed).

        A decision is as certain as the least certain value it used; with no value at all
        it rests on nothing uncertain (``CONFIRMED``).

        Example:
            >>> Certainty.weakest(Certainty.CONFIRMED, Certainty.RECALLED, Certainty.DERIVED)
            <Certainty.RECALLED: 'recalled'>
        """
        weakest = cls.CONFIRMED
        rank = 3
        for certainty in certainties:
            if certainty is not weakest and certainty._rank < rank:
                weakest, rank = certainty, certainty._rank
        return weakest

    @property
    def zh(self) -> str:
        """Chinese label (已证实, 推导, 存疑, 假定)."""
        return {
            Certainty.CONFIRMED: "已证实",
            Certainty.DERIVED: "推导",
            Certainty.RECALLED: "存疑",
            Certainty.ASSUMED: "假定",
        }[self]


for _certainty, _strength in zip(Certainty, (3, 2, 1, 0), strict=True):
    _certainty._rank = _strength  # a plain attribute: ranking without hashing the enum


@frozen
class Source:
    """A policy document or public page that a rule or parameter comes from.

    Attributes:
        source_id: Short id used in citations (``"S1"``, ``"SEED"``).
        title_zh: Title in Chinese (the document's own title where it has one).
        title_en: Title in English.
        issuer: Who issued or published it, as recorded.
        date: Date of issue or publication, ISO form, possibly partial (``"2013"``); empty
            when not recorded.
        url: Where a reader can check it (stored copies may have moved).
        note: What the project took from it, and caveats.
        short_zh: A short title in Chinese, for explanations (default: ``title_zh``).
        short_en: A short title in English (default: ``title_en``).
        issuer_zh: The issuer in Chinese (default: ``issuer``).
        issuer_en: The issuer in English (default: ``issuer``).
        covers_zh: The part of the document the project read (``"第一至四条"``), if only part.
        covers_en: The same in English (``"arts. 1–4"``).
        note_zh: ``note`` in Chinese.

    .. versionchanged:: 0.2.0 ``short_*``, ``issuer_*``, ``covers_*`` and ``note_zh`` added
       (issue 16).
    """

    source_id: str = field(validator=matches_re(r"[A-Za-z0-9_\-]+"))
    title_zh: str = field(validator=min_len(1))
    title_en: str = field(validator=min_len(1))
    issuer: str = field(default="", validator=instance_of(str))
    date: str = field(default="", validator=instance_of(str))
    url: str = field(default="", validator=instance_of(str))
    note: str = field(default="", validator=instance_of(str))
    short_zh: str = field(default="", validator=instance_of(str))
    short_en: str = field(default="", validator=instance_of(str))
    issuer_zh: str = field(default="", validator=instance_of(str))
    issuer_en: str = field(default="", validator=instance_of(str))
    covers_zh: str = field(default="", validator=instance_of(str))
    covers_en: str = field(default="", validator=instance_of(str))
    note_zh: str = field(default="", validator=instance_of(str))

    def title(self, lang: str = "en") -> str:
        """The full title in ``lang``."""
        return self.title_zh if lang == "zh" else self.title_en

    def short(self, lang: str = "en") -> str:
        """The short title in ``lang`` (the full title if no short one is recorded)."""
        if lang == "zh":
            return self.short_zh or self.title_zh
        return self.short_en or self.title_en

    def issued_by(self, lang: str = "en") -> str:
        """The issuer in ``lang``; ``"not recorded"`` (未记录) when unknown."""
        text = (self.issuer_zh if lang == "zh" else self.issuer_en) or self.issuer
        return text or ("未记录" if lang == "zh" else "not recorded")

    def dated(self, lang: str = "en") -> str:
        """The date in ``lang`` (``2013年12月20日``); ``"not recorded"`` (未记录) when unknown.

        Example:
            >>> sources()["S12"].dated("zh"), sources()["S17"].dated("en")
            ('2013年12月20日', 'date not recorded')
        """
        if not self.date:
            return "日期未记录" if lang == "zh" else "date not recorded"
        if lang != "zh":
            return self.date
        parts = self.date.split("-")
        return "".join(
            f"{int(part)}{unit}" for part, unit in zip(parts, ("年", "月", "日"), strict=False)
        )

    def covers(self, lang: str = "en") -> str:
        """The part of the document the project read, in ``lang`` (``""``: all of it)."""
        return self.covers_zh if lang == "zh" else self.covers_en

    def noted(self, lang: str = "en") -> str:
        """What the project took from it, in ``lang`` (``""`` if nothing is noted)."""
        return self.note_zh if lang == "zh" else self.note


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    """Convert source ids to a tuple."""
    return tuple(value)


@frozen
class Citation:
    """A pointer from a rule or value to its source(s).

    Attributes:
        source_ids: Ids in the registry (at least one).
        article: Article, section or page, e.g. ``"art. 8"`` or ``"p. 5"``.
        certainty: How sure the value is.
        note: Extra words (e.g. how a figure was derived).
    """

    source_ids: tuple[str, ...] = field(converter=_ids, validator=min_len(1))
    article: str = field(default="", validator=instance_of(str))
    certainty: Certainty = field(default=Certainty.CONFIRMED, validator=instance_of(Certainty))
    note: str = field(default="", validator=instance_of(str))

    def __attrs_post_init__(self) -> None:
        for source_id in self.source_ids:
            if not isinstance(source_id, str) or not source_id:
                raise StandardsError(
                    "must be non-empty strings", field="source_ids", value=self.source_ids
                )

    def sources(self) -> tuple[Source, ...]:
        """Resolve the ids against the shipped registry."""
        registry = sources()
        try:
            return tuple(registry[source_id] for source_id in self.source_ids)
        except KeyError as error:
            raise UnknownReferenceError(
                "is not in the source registry", field="source_ids", value=error.args[0]
            ) from None

    def short(self) -> str:
        """Render ids and article only, e.g. ``"S1, S24; art. 8"``."""
        text = ", ".join(self.source_ids)
        return f"{text}; {self.article}" if self.article else text

    def render(self, lang: str = "en") -> str:
        """Render a short reference, e.g. ``"S1 (粤办发〔2013〕14号 …), art. 2"``."""
        registry = sources()
        names = []
        for source_id in self.source_ids:
            source = registry.get(source_id)
            title = "" if source is None else (source.title_zh if lang == "zh" else source.title_en)
            names.append(f"{source_id} {title}".strip())
        text = "; ".join(names)
        if self.article:
            text = f"{text}, {self.article}"
        return text


@functools.cache
def sources() -> Mapping[str, Source]:
    """Return the shipped registry of sources, keyed by id (read once, immutable)."""
    text = resources.files("shuangdao.standards").joinpath("data/sources.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    registry: dict[str, Source] = {}
    for source_id, entry in raw.get("sources", {}).items():
        try:
            registry[source_id] = Source(source_id=source_id, **entry)
        except TypeError as error:
            raise StandardsError(
                f"invalid source entry: {error}", record=f"source {source_id}"
            ) from None
    return MappingProxyType(registry)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class SourceUses:
    """What a source supports: the parameters and the declared rules that cite it.

    Found from the standards data and the rule declarations (:mod:`shuangdao.declare`),
    never by scanning text.

    Attributes:
        source_id: The source.
        parameters: Parameter keys whose citation names it; a year of a statistical series
            (``statistics.provincial_rural_income.2014``) or a dated value
            (``regulation.poverty_standard@2016-01-01``) when only that entry cites it.
        rules: Declared rules (ids) whose own citation names it.
        rules_via_parameters: Declared rules that read a parameter citing it (and do not cite
            it themselves).
    """

    source_id: str
    parameters: tuple[str, ...] = field(default=(), converter=_strs)
    rules: tuple[str, ...] = field(default=(), converter=_strs)
    rules_via_parameters: tuple[str, ...] = field(default=(), converter=_strs)

    def __len__(self) -> int:
        """How many parameters and rules it supports."""
        return len(self.parameters) + len(self.rules) + len(self.rules_via_parameters)


def _rules_in(value: Any, found: dict[int, Rule], rule_type: type[Rule], depth: int = 0) -> None:
    """Collect the Rule objects reachable from a module-level value (mappings, sequences)."""
    if depth > 3:
        return
    if isinstance(value, rule_type):
        if id(value) not in found:
            found[id(value)] = value
            for other in value.depends_on:
                _rules_in(other, found, rule_type, depth + 1)
        return
    if isinstance(value, Mapping):
        for item in value.values():
            _rules_in(item, found, rule_type, depth + 1)
    elif isinstance(value, tuple | list | frozenset):
        for item in value:
            _rules_in(item, found, rule_type, depth + 1)


@functools.cache
def declared_rules() -> tuple[Rule, ...]:
    """Every rule declared in :mod:`shuangdao.rules`, in module order, one per object.

    Module constants (and mappings or tuples of them), the declarations of ``@declared``
    functions and the rules these depend on.

    Example:
        >>> "identification.round2.household" in {r.id for r in declared_rules()}
        True
    """
    import importlib
    import inspect
    import pkgutil

    import shuangdao.rules
    from shuangdao.declare import Rule, declarations

    found: dict[int, Rule] = {}
    names = [shuangdao.rules.__name__] + [
        info.name
        for info in pkgutil.walk_packages(shuangdao.rules.__path__, f"{shuangdao.rules.__name__}.")
    ]
    for name in names:
        module = importlib.import_module(name)
        for value in list(vars(module).values()):
            if inspect.isfunction(value):
                _rules_in(declarations(value), found, Rule)
            else:
                _rules_in(value, found, Rule)
    return tuple(found.values())


def _cited(citation: Citation, source_id: str) -> bool:
    return source_id in citation.source_ids


def _parameter_citations(standards: Standards) -> Iterator[tuple[str, str, Citation]]:
    """``(key, entry, citation)`` for every parameter, series year and dated value."""
    from shuangdao.standards import ParamType

    for key, parameter in sorted(standards.parameters.items()):
        yield key, key, parameter.citation
        if parameter.type is ParamType.SERIES and parameter.value is not None:
            for year, entry in parameter.value.items():
                yield key, f"{key}.{year}", entry.citation
        for dated in parameter.history:
            yield key, f"{key}@{dated.since.isoformat()}", dated.citation


def uses(source_id: str, standards: Standards | None = None) -> SourceUses:
    """What ``source_id`` supports: the parameters and the declared rules that cite it.

    Raises:
        UnknownReferenceError: ``source_id`` is not in the registry.

    Example:
        >>> found = uses("S1")
        >>> len(found.parameters) > 10
        True
        >>> "identification.round2.household" in found.rules
        True
    """
    if source_id not in sources():
        raise UnknownReferenceError(
            "is not in the source registry", field="source_id", value=source_id
        )
    if standards is None:
        from shuangdao.standards import default_standards

        standards = default_standards()
    whole: dict[str, None] = {}
    entries: dict[str, str] = {}
    for key, entry, citation in _parameter_citations(standards):
        if _cited(citation, source_id):
            if entry == key:
                whole.setdefault(key, None)
            else:
                entries.setdefault(entry, key)
    # A parameter cited as a whole is listed once, without its entries.
    shown = [*whole, *(entry for entry, key in entries.items() if key not in whole)]
    citing_keys = set(whole) | set(entries.values())
    direct: dict[str, None] = {}
    via: dict[str, None] = {}
    for rule in declared_rules():
        if _cited(rule.citation, source_id):
            direct.setdefault(rule.id, None)
        elif citing_keys.intersection(rule.keys):
            via.setdefault(rule.id, None)
    return SourceUses(
        source_id=source_id,
        parameters=shown,
        rules=tuple(direct),
        rules_via_parameters=tuple(r for r in via if r not in direct),
    )
