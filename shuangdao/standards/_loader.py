"""Reading the shipped TOML standards into :class:`Parameter` objects (private)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from typing import Any

from shuangdao.citations import Certainty, Citation, sources
from shuangdao.errors import OverrideError, StandardsError
from shuangdao.model.round import Round
from shuangdao.quantities import money
from shuangdao.standards._params import (
    DatedValue,
    Derivation,
    Parameter,
    ParamType,
    SeriesEntry,
    coerce_value,
)

_META_FIELDS = frozenset(
    {
        "type",
        "value",
        "unit",
        "unit_zh",
        "en",
        "zh",
        "sources",
        "article",
        "certainty",
        "note",
        "rounds",
        "derivation",
        "history",
        "choices",
        "min",
        "max",
        "required",
        "hint",
        "hint_zh",
        "entries",
    }
)


def data_files() -> dict[str, str]:
    """Return ``{stem: text}`` for every shipped TOML data file."""
    folder = resources.files("shuangdao.standards").joinpath("data")
    return {
        entry.name.removesuffix(".toml"): entry.read_text("utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }


def _citation(entry: Mapping[str, Any], where: str) -> Citation:
    ids = entry.get("sources", ["PROJECT"])
    certainty_text = entry.get("certainty", "confirmed")
    try:
        certainty = Certainty(certainty_text)
    except ValueError:
        raise StandardsError(
            "must be confirmed, derived, recalled or assumed",
            record=where,
            field="certainty",
            value=certainty_text,
        ) from None
    registry = sources()
    for source_id in ids:
        if source_id not in registry:
            raise StandardsError(
                "is not in the source registry", record=where, field="sources", value=source_id
            )
    return Citation(
        tuple(ids),
        article=entry.get("article", ""),
        certainty=certainty,
        note=entry.get("note", ""),
    )


def _series(entry: Mapping[str, Any], key: str) -> Mapping[int, SeriesEntry]:
    from types import MappingProxyType

    result: dict[int, SeriesEntry] = {}
    for year_text, item in entry.get("entries", {}).items():
        year = int(year_text)
        result[year] = SeriesEntry(
            year=year,
            value=money(item["value"], field=f"{key}.{year_text}"),
            measure=item["measure"],
            citation=_citation(item, f"{key}.{year_text}"),
            projection=bool(item.get("projection", False)),
        )
    return MappingProxyType(dict(sorted(result.items())))


def parse_parameter(key: str, entry: Mapping[str, Any]) -> Parameter:
    """Build one :class:`Parameter` from its TOML table; errors name the key."""
    unknown = set(entry) - _META_FIELDS
    if unknown:
        raise StandardsError(
            f"has unknown fields {sorted(unknown)}", record=f"parameter {key}", rule="standards"
        )
    try:
        ptype = ParamType(entry["type"])
    except (KeyError, ValueError):
        raise StandardsError(
            "needs a valid type", record=f"parameter {key}", field="type", value=entry.get("type")
        ) from None
    derivation = None
    if "derivation" in entry:
        spec = dict(entry["derivation"])
        derivation = Derivation(
            kind=spec.pop("kind"),
            text=spec.pop("text", ""),
            text_zh=spec.pop("text_zh", ""),
            inputs=spec,
        )
    shell = Parameter(
        key=key,
        type=ptype,
        value=None,
        unit=entry.get("unit", ""),
        unit_zh=entry.get("unit_zh", ""),
        en=entry.get("en", ""),
        zh=entry.get("zh", ""),
        citation=_citation(entry, key),
        rounds=tuple(entry.get("rounds", ())),
        derivation=derivation,
        choices=tuple(entry.get("choices", ())),
        minimum=Decimal(str(entry["min"])) if "min" in entry else None,
        maximum=Decimal(str(entry["max"])) if "max" in entry else None,
        required=bool(entry.get("required", False)),
        hint=entry.get("hint", ""),
        hint_zh=entry.get("hint_zh", ""),
    )
    if ptype is ParamType.SERIES:
        value: Any = _series(entry, key)
    elif "value" in entry:
        try:
            value = coerce_value(shell, entry["value"])
        except OverrideError as error:
            raise StandardsError(
                error.detail, record=f"parameter {key}", value=error.value
            ) from None
    elif shell.required:
        value = None
    else:
        raise StandardsError("has no value and is not marked required", record=f"parameter {key}")
    history = tuple(
        DatedValue(
            since=item["since"]
            if isinstance(item["since"], dt.date)
            else dt.date.fromisoformat(item["since"]),
            value=coerce_value(shell, item["value"]),
            citation=_citation(item, f"{key}@{item['since']}"),
        )
        for item in entry.get("history", ())
    )
    import attrs

    return attrs.evolve(shell, value=value, history=history)


def parse_rounds(text: str) -> tuple[Round, ...]:
    """Parse ``rounds.toml`` into :class:`Round` objects."""
    raw = tomllib.loads(text)
    rounds = []
    for entry in raw.get("round", []):
        fields = dict(entry)
        fields["start"] = _as_date(fields["start"])
        fields["end"] = _as_date(fields["end"])
        rounds.append(Round(**fields))
    return tuple(sorted(rounds, key=lambda r: r.number))


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def parse_all() -> tuple[dict[str, Parameter], tuple[Round, ...], str]:
    """Parse every shipped file: parameters keyed ``<file stem>.<name>``, rounds, metadata."""
    parameters: dict[str, Parameter] = {}
    rounds: tuple[Round, ...] = ()
    version = ""
    for stem, text in data_files().items():
        if stem == "sources":
            continue
        if stem == "rounds":
            rounds = parse_rounds(text)
            version = str(tomllib.loads(text).get("meta", {}).get("version", ""))
            continue
        raw = tomllib.loads(text)
        for name, entry in raw.items():
            key = f"{stem}.{name}"
            if not isinstance(entry, dict):
                raise StandardsError("must be a table", record=f"parameter {key}")
            parameters[key] = parse_parameter(key, entry)
    return parameters, rounds, version
