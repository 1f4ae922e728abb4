"""The :class:`Standards` object: every policy parameter, cited, dated and overridable."""

from __future__ import annotations

import codecs
import datetime as dt
import decimal
import functools
import hashlib
import html
import json
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
from attrs import field, frozen

from shuangdao._version import __version__
from shuangdao.citations import Certainty, Citation
from shuangdao.errors import (
    InvalidRecordError,
    OverrideError,
    StandardsError,
    UnknownReferenceError,
)
from shuangdao.ingest import MONEY_LIMIT
from shuangdao.model.round import Round
from shuangdao.quantities import FEN, Comparator
from shuangdao.standards._loader import parse_all
from shuangdao.standards._params import Parameter, ParamType, SeriesEntry, coerce_value
from shuangdao.standards._renamed import RENAMED, warn_renamed
from shuangdao.standards.params import StandardsParams

__all__ = ["Override", "Standards", "default_standards", "load_overrides"]

_ROUNDING = {
    "half_up_yuan": (Decimal(1), decimal.ROUND_HALF_UP),
    "half_up_fen": (FEN, decimal.ROUND_HALF_UP),
}


@frozen
class Override:
    """One applied scenario override, recorded in the provenance of every decision.

    Attributes:
        key: The parameter key.
        before: The value before, as canonical text.
        after: The value after, as canonical text.
        derived: True when the value was recomputed because an input of its derivation
            was overridden (not set by the user directly).
    """

    key: str
    before: str
    after: str
    derived: bool = False


def canonical(value: Any) -> Any:
    """Return a JSON-able canonical form of a parameter value (used for hashing and docs).

    Decimals become strings (never floats), dates ISO text, comparators their name, series
    entries small objects; :func:`~shuangdao.standards.coerce_value` reads it back.

    Example:
        >>> from shuangdao.standards import canonical, default_standards
        >>> s = default_standards()
        >>> canonical(s.value("round2.household_line"))
        '3093.00'
        >>> canonical(s.value("round2.household_comparator"))
        'lt'
    """
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Comparator):
        return value.value
    if isinstance(value, SeriesEntry):
        return {
            "value": str(value.value),
            "measure": value.measure,
            "certainty": value.citation.certainty.value,
            "projection": value.projection,
        }
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [canonical(v) for v in value]
    raise TypeError(f"cannot canonicalise {type(value).__name__}")  # pragma: no cover


def _display(value: Any) -> str:
    """Short human text of a value for descriptions (``3749.00``, ``lt``, ``2016: 6433.00``)."""
    shown = canonical(value)
    if isinstance(shown, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in shown.items())
    if isinstance(shown, list):
        return ", ".join(str(v) for v in shown)
    return str(shown)


def _text(value: Any) -> str:
    return json.dumps(canonical(value), ensure_ascii=False, sort_keys=True)


def _frozen_parameters(value: Mapping[str, Parameter]) -> Mapping[str, Parameter]:
    """Freeze the parameter mapping."""
    return MappingProxyType(dict(value))


def _rounds(value: Iterable[Round]) -> tuple[Round, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _override_tuple(value: Iterable[Override]) -> tuple[Override, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen(eq=False)
class Standards:
    """Every policy parameter of the 双到 rounds, as cited, typed, dated data.

    Do not build one by hand: use :func:`default_standards` (the shipped data) and
    :meth:`with_overrides` (a scenario). A ``Standards`` object never changes.

    Attributes:
        parameters: Every :class:`~shuangdao.standards.Parameter`, by dotted key.
        rounds: The programme's rounds.
        data_version: Version of the shipped data.
        overrides: Overrides applied on top of the shipped data, in order.

    Example:
        >>> s = default_standards()
        >>> s.value("round2.household_line"), s.value("round2.household_comparator")
        (Decimal('3093.00'), <Comparator.LT: 'lt'>)
        >>> s.citation("round2.household_line").source_ids
        ('S1',)
        >>> s2 = s.with_overrides({"round2.household_ratio": "0.40"})
        >>> s2.value("round2.household_line")
        Decimal('3749.00')
    """

    parameters: Mapping[str, Parameter] = field(converter=_frozen_parameters)
    rounds: tuple[Round, ...] = field(converter=_rounds)
    data_version: str = ""
    overrides: tuple[Override, ...] = field(default=(), converter=_override_tuple)

    # ------------------------------------------------------------------ identity
    @functools.cached_property
    def hash(self) -> str:
        """SHA-256 (hex, first 16 digits) of every parameter's canonical value."""
        payload = {key: canonical(p.value) for key, p in sorted(self.parameters.items())}
        payload["__history__"] = {
            key: [[h.since.isoformat(), canonical(h.value)] for h in p.history]
            for key, p in sorted(self.parameters.items())
            if p.history and not p.overridden
        }
        digest = hashlib.sha256(
            json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        )
        return digest.hexdigest()[:16]

    @property
    def id(self) -> str:
        """``guangdong-shuangdao@<data version>`` plus ``+scenario`` if overridden."""
        base = f"guangdong-shuangdao@{self.data_version}"
        return f"{base}+scenario" if self.overrides else base

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Standards) and self.hash == other.hash

    def __hash__(self) -> int:
        return hash(self.hash)

    def __repr__(self) -> str:
        return f"<Standards {self.id} hash={self.hash} parameters={len(self.parameters)}>"

    def _repr_html_(self) -> str:
        """A notebook view: identity, rounds, overrides, and every parameter by area."""
        return _standards_html(self)

    # ------------------------------------------------------------------ reading
    @functools.cached_property
    def params(self) -> StandardsParams:
        """Typed views of every parameter: ``standards.params.round2.household_line``.

        One attribute per area (``round1``, ``round2``, ``cycle``, ``statistics``...), each
        attribute of which is a parameter's value, typed; ``params.round(n)`` is round
        ``n``'s view (:class:`~shuangdao.standards.params.RoundParams`: the roles every round
        shares, under the same names). Generated from the data files, so a misspelt name
        fails at import and under mypy. See :mod:`shuangdao.standards.params`.

        Example:
            >>> s = default_standards()
            >>> s.params.round2.household_line, s.params.round(3).exit_comparator.symbol
            (Decimal('3093.00'), '>=')
        """
        return StandardsParams(self)

    def keys(self) -> Iterator[str]:
        """Iterate over every parameter key, sorted."""
        return iter(sorted(self.parameters))

    def param(self, key: str) -> Parameter:
        """Return the :class:`~shuangdao.standards.Parameter` for ``key``.

        A key renamed in 0.2.0 still works, with a :class:`DeprecationWarning`.

        Raises:
            UnknownReferenceError: No such key (the message suggests close keys).
        """
        try:
            return self.parameters[key]
        except KeyError:
            if key in RENAMED:
                return self.parameters[warn_renamed(key, stacklevel=4)[0]]
            last = key.rsplit(".", maxsplit=1)[-1]
            close = [k for k in self.parameters if k.rsplit(".", maxsplit=1)[-1] == last]
            hint = f"; did you mean {', '.join(sorted(close))}?" if close else ""
            raise UnknownReferenceError(
                f"is not a standards parameter{hint}", field="key", value=key, rule="standards"
            ) from None

    def canonical_key(self, key: str) -> str:
        """Return ``key``, or its new name if it was renamed in 0.2.0 (with a warning).

        Example:
            >>> import warnings
            >>> with warnings.catch_warnings():
            ...     warnings.simplefilter("ignore")
            ...     default_standards().canonical_key("round2.household_exit_ratio")
            'round2.exit_ratio'
        """
        if key not in self.parameters and key in RENAMED:
            return warn_renamed(key)[0]
        return key

    def value(self, key: str, *, on: dt.date | None = None) -> Any:
        """Return the value of ``key`` (in force on ``on`` if the parameter is dated).

        Raises:
            UnknownReferenceError: No such key.
            MissingParameterError: The policy fixed no value and none was supplied.
        """
        parameter = self.param(key)
        return parameter.get() if on is None else parameter.at(on)

    def citation(self, key: str, *, on: dt.date | None = None) -> Citation:
        """Return the citation of ``key`` (of the value in force on ``on``)."""
        parameter = self.param(key)
        return parameter.citation if on is None else parameter.citation_at(on)

    def series_value(self, key: str, year: int) -> SeriesEntry:
        """Return one year of a statistical series (``statistics.provincial_rural_income``).

        Raises:
            UnknownReferenceError: The series has no entry for ``year``.
        """
        series = self.value(key)
        try:
            entry: SeriesEntry = series[year]
        except KeyError:
            years = ", ".join(str(y) for y in series)
            raise UnknownReferenceError(
                f"has no value for {year} (years: {years})", field=key, value=year
            ) from None
        return entry

    def round(self, number: int) -> Round:
        """Return round ``number``.

        Raises:
            UnknownReferenceError: No such round.
        """
        for item in self.rounds:
            if item.number == number:
                return item
        raise UnknownReferenceError(
            f"is not a round (rounds: {', '.join(str(r.number) for r in self.rounds)})",
            field="round",
            value=number,
        )

    def round_at(self, on: dt.date) -> Round:
        """Return the round in force on ``on``.

        Raises:
            UnknownReferenceError: ``on`` is outside every round.
        """
        for item in self.rounds:
            if item.contains(on):
                return item
        raise UnknownReferenceError(
            "is outside every round", field="on", value=on.isoformat(), rule="standards"
        )

    def for_round(self, number: int) -> dict[str, Parameter]:
        """Return the parameters that apply to round ``number`` (by their ``rounds`` field)."""
        return {key: p for key, p in sorted(self.parameters.items()) if number in p.rounds}

    # ------------------------------------------------------------------ scenarios
    def with_overrides(self, overrides: Mapping[str, Any]) -> Standards:
        """Return a new standards object with ``overrides`` applied (never mutates).

        Keys are dotted (``"round2.household_ratio"``) or nested tables
        (``{"round2": {"household_ratio": "0.40"}}``). A statistical series takes single
        years: ``"statistics.provincial_rural_income.2011"``. When an input of a derived
        line changes (a ratio, the provincial average, the rounding), the line is recomputed
        from its declared derivation; overriding both a derived line and one of its inputs
        is ambiguous and rejected.

        Raises:
            OverrideError: Unknown key, wrong type, out of range, or conflicting keys.
        """
        flat = _renamed_overrides(_flatten(overrides))
        params = dict(self.parameters)
        applied: list[Override] = list(self.overrides)
        touched: set[str] = set()
        targets: dict[tuple[str, int | None], str] = {}
        for key, raw in flat.items():
            series_key, year = _series_target(key, params)
            target = (series_key, year) if series_key is not None else (key, None)
            if target in targets:
                raise OverrideError(
                    f"sets the same value as {targets[target]}; keep one",
                    field=key,
                    rule="standards",
                )
            targets[target] = key
            if series_key is not None and year is not None:
                parameter = params[series_key]
                entries = dict(parameter.value)
                old = entries.get(year)
                if old is None:
                    raise OverrideError(
                        f"has no year {year} to override", field=key, value=raw, rule="standards"
                    )
                from shuangdao.quantities import money

                try:
                    amount = money(raw, field=key)
                except InvalidRecordError as error:
                    raise OverrideError(error.detail, field=key, value=raw) from None
                entries[year] = attrs.evolve(
                    old,
                    value=amount,
                    citation=Citation(
                        ("PROJECT",), certainty=Certainty.ASSUMED, note="scenario override"
                    ),
                )
                params[series_key] = attrs.evolve(
                    parameter, value=MappingProxyType(entries), overridden=True
                )
                applied.append(Override(key, str(old.value), str(amount)))
                touched.add(series_key)
                continue
            if key not in params:
                close = sorted(k for k in params if k.split(".")[-1] == key.split(".")[-1])
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                known: dict[str, Any] = (
                    {} if isinstance(raw, Mapping | list | tuple) else {"value": raw}
                )
                raise OverrideError(
                    f"is not a standards parameter{hint}", field=key, rule="standards", **known
                )
            parameter = params[key]
            value = coerce_value(parameter, raw)
            shown = _display(value)
            params[key] = attrs.evolve(
                parameter,
                value=value,
                overridden=True,
                en=f"{parameter.en} [scenario: set to {shown}]",
                zh=f"{parameter.zh}〔情景调整为{shown}〕",
                citation=Citation(
                    ("PROJECT",),
                    certainty=Certainty.ASSUMED,
                    note=f"scenario override (published: {_display(parameter.value)})",
                ),
            )
            applied.append(Override(key, _text(parameter.value), _text(value)))
            touched.add(key)
        for key, parameter in list(params.items()):
            derivation = parameter.derivation
            if derivation is None:
                continue
            inputs = set(derivation.inputs.values())
            if not inputs & touched:
                continue
            if key in touched:
                both = sorted(inputs & touched)
                raise OverrideError(
                    f"is derived from {', '.join(both)}; override either the line or its "
                    "inputs, not both",
                    field=key,
                    rule="standards",
                )
            try:
                value = derive(parameter, params)
            except ArithmeticError:
                raise OverrideError(
                    "cannot be derived from the overridden inputs (the result is out of range)",
                    field=key,
                    rule="standards",
                ) from None
            _check_derived(key, value)
            shown = _display(value)
            params[key] = attrs.evolve(
                parameter,
                value=value,
                overridden=True,
                en=f"{parameter.en} [scenario: recomputed as {shown}]",
                zh=f"{parameter.zh}〔情景重算为{shown}〕",
                derivation=attrs.evolve(
                    derivation,
                    text=f"{derivation.text} (published); under this scenario: {shown}",
                    text_zh=f"{derivation.text_zh}（公布值）；本情景下为{shown}",
                ),
                citation=Citation(
                    ("PROJECT",),
                    certainty=_derived_certainty(parameter, params),
                    note=f"recomputed from overridden {', '.join(sorted(inputs & touched))}",
                ),
            )
            applied.append(Override(key, _text(parameter.value), _text(value), derived=True))
        return Standards(
            parameters=params,
            rounds=self.rounds,
            data_version=self.data_version,
            overrides=applied,
        )

    def provenance(self) -> dict[str, Any]:
        """Return what every decision records about the standards used."""
        return {
            "library_version": __version__,
            "standards_id": self.id,
            "standards_hash": self.hash,
            "overrides": [attrs.asdict(o) for o in self.overrides],
        }


def _shown(text: str) -> str:
    """An override's canonical (JSON) text for people: ``0.40``, not ``"0.40"``."""
    try:
        return _display(json.loads(text))
    except ValueError:
        return text


def _html_rows(rows: Iterable[Iterable[object]]) -> str:
    return "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )


def _html_head(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{html.escape(n)}</th>" for n in names) + "</tr>"


def _standards_html(standards: Standards) -> str:
    certainty: dict[str, int] = {}
    areas: dict[str, list[Parameter]] = {}
    for key, parameter in sorted(standards.parameters.items()):
        name = parameter.citation.certainty.value
        certainty[name] = certainty.get(name, 0) + 1
        areas.setdefault(key.split(".", 1)[0], []).append(parameter)
    counts = ", ".join(f"{n:,} {name}" for name, n in sorted(certainty.items()))
    out = [
        (
            f"<div><strong>Standards {html.escape(standards.id)}</strong> "
            f"(hash <code>{html.escape(standards.hash)}</code>): "
            f"{len(standards.parameters):,} parameters ({html.escape(counts)})"
        ),
        "<table>"
        + _html_head("round", "name", "start", "end")
        + _html_rows((r.number, r.name_en, r.start, r.end) for r in standards.rounds)
        + "</table>",
    ]
    if standards.overrides:
        out.append(
            "<p>Overrides:</p><table>"
            + _html_head("key", "before", "after", "")
            + _html_rows(
                (o.key, _shown(o.before), _shown(o.after), "derived" if o.derived else "set")
                for o in standards.overrides
            )
            + "</table>"
        )
    for area, parameters in areas.items():
        out.append(
            f"<details><summary>{html.escape(area)} ({len(parameters)} parameters)</summary>"
            "<table>"
            + _html_head("key", "value", "unit", "certainty", "sources")
            + _html_rows(
                (
                    p.key,
                    _display(p.value),
                    p.unit,
                    p.citation.certainty.value,
                    ", ".join(p.citation.source_ids),
                )
                for p in parameters
            )
            + "</table></details>"
        )
    return "".join(out) + "</div>"


def derive(parameter: Parameter, params: Mapping[str, Parameter]) -> Any:
    """Recompute a derived parameter from its declared inputs in ``params``.

    Used when inputs are overridden, and by the test that shows the declared rounding
    reproduces every published figure.
    """
    derivation = parameter.derivation
    if derivation is None:  # pragma: no cover
        raise StandardsError("is not derived", field=parameter.key)
    inputs = derivation.inputs

    def get(name: str) -> Any:
        try:
            return params[inputs[name]].get()
        except KeyError:
            raise StandardsError(
                f"derivation input {name!r} is missing", field=parameter.key
            ) from None

    rounding = get("rounding")
    series = get("series")
    base_year = get("year")
    if base_year not in series:
        raise OverrideError(
            f"has no {series_name(inputs)} value for {base_year}, needed to derive {parameter.key}",
            field=inputs["year"],
            value=base_year,
            rule="standards",
        )
    exact = _EXACT
    base_line = _round(exact.multiply(get("ratio"), series[base_year].value), rounding)
    if derivation.kind == "ratio_of_series":
        return base_line
    # growth_table: base line from a ratio of one year, raised by growth each year.
    growth = exact.add(Decimal(1), get("growth"))
    years = list(parameter.value) if parameter.value else []
    return MappingProxyType(
        {
            year: _round(exact.multiply(base_line, exact.power(growth, year - base_year)), rounding)
            for year in years
        }
    )


def _derived_certainty(parameter: Parameter, params: Mapping[str, Parameter]) -> Certainty:
    """Certainty of a recomputed line: derived, and never stronger than any input it read.

    A series input counts with the certainty of the year it was read at (its own entry).
    """
    derivation = parameter.derivation
    assert derivation is not None
    found = [Certainty.DERIVED]
    for name, key in derivation.inputs.items():
        if name == "series":
            continue
        found.append(params[key].citation.certainty)
    series = params[derivation.inputs["series"]].value
    year = params[derivation.inputs["year"]].value
    entry = series.get(year) if isinstance(series, Mapping) else None
    if isinstance(entry, SeriesEntry):
        found.append(entry.citation.certainty)
    return Certainty.weakest(*found)


def _check_derived(key: str, value: Any) -> None:
    """Reject a derived line outside the range any money amount may take (``MONEY_LIMIT``)."""
    amounts = value.values() if isinstance(value, Mapping) else (value,)
    for amount in amounts:
        if not isinstance(amount, Decimal) or not amount.is_finite() or abs(amount) >= MONEY_LIMIT:
            raise OverrideError(
                f"derives to an amount out of range (|amount| < 10^{MONEY_LIMIT.adjusted()} yuan)",
                field=key,
                value=amount,
                rule="standards",
            )


def series_name(inputs: Mapping[str, str]) -> str:
    """Return the series key a derivation reads (for messages)."""
    return inputs.get("series", "series")


_EXACT = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.Inexact])
"""Derivations are exact, whatever the caller's decimal context: an inexact step raises."""


def _round(value: Decimal, rounding: str) -> Decimal:
    """Round a derived figure; keep fen form (``3093.00``) whenever it is exact to the fen."""
    context = decimal.Context(prec=400)
    if rounding != "exact":
        quantum, mode = _ROUNDING[rounding]
        value = value.quantize(quantum, rounding=mode, context=context)
    if value == value.quantize(FEN, context=context):
        return value.quantize(FEN, context=context)
    return value


def _renamed_overrides(flat: dict[str, Any]) -> dict[str, Any]:
    """Replace keys renamed in 0.2.0 by their new keys (with a DeprecationWarning)."""
    out: dict[str, Any] = {}
    given: dict[str, str] = {}
    for key, raw in flat.items():
        for new in warn_renamed(key, stacklevel=5) if key in RENAMED else (key,):
            if new in given:
                raise OverrideError(
                    f"is given twice (as {given[new]} and {key}); keep one",
                    field=new,
                    rule="standards",
                )
            given[new] = key
            out[new] = raw
    return out


def _series_target(key: str, params: Mapping[str, Parameter]) -> tuple[str | None, int | None]:
    head, _, tail = key.rpartition(".")
    if (
        tail.isascii()
        and tail.isdigit()
        and head in params
        and params[head].type is ParamType.SERIES
    ):
        return head, int(tail)
    return None, None


_MAX_NESTING = 8
"""Deepest nesting of tables and arrays an override file may use (the deepest real value,
a table of records under a dotted key, needs four)."""


def _too_deep(value: Any, limit: int) -> bool:
    """True if ``value`` nests mappings or lists more than ``limit`` levels (iterative)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _flatten(overrides: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested tables to dotted keys (one level: ``{"round2": {...}}``).

    Raises:
        OverrideError: Not a table, a key that is not a string, nesting deeper than
            :data:`_MAX_NESTING`, or a key given twice (as a dotted key and inside its table).
    """
    if not isinstance(overrides, Mapping):
        raise OverrideError(
            "must be a table of key = value", field=prefix or "overrides", value=overrides
        )
    flat: dict[str, Any] = {}
    for name, value in overrides.items():
        if not isinstance(name, str):
            raise OverrideError("keys must be strings", field=prefix or "overrides", value=name)
        key = f"{prefix}.{name}" if prefix else name
        if not prefix and _too_deep(value, _MAX_NESTING):
            raise OverrideError(
                f"nests tables or arrays more than {_MAX_NESTING} levels deep",
                field=key,
                rule="standards",
            )
        items = (
            _flatten(value, key).items()
            if isinstance(value, Mapping) and "." not in key
            else ((key, value),)
        )
        for flat_key, flat_value in items:
            if flat_key in flat:
                raise OverrideError(
                    "is given twice (as a dotted key and inside its table); keep one",
                    field=flat_key,
                    rule="standards",
                )
            flat[flat_key] = flat_value
    return flat


def load_overrides(path: str | Path) -> dict[str, Any]:
    """Read a scenario override file (TOML) into a mapping for :meth:`Standards.with_overrides`.

    The file is UTF-8, with or without a byte-order mark.

    Raises:
        OverrideError: The file cannot be read, is not UTF-8 or is not valid TOML (names the
            file).
    """
    record = f"file {path}"
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise OverrideError(
            f"cannot be read: {error.strerror or error}", record=record, rule="standards"
        ) from None
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = bom + error.start
        line = data.count(b"\n", 0, offset) + 1
        raise OverrideError(
            f"is not UTF-8 text: {error.reason} at byte {offset} (line {line})",
            record=record,
            rule="standards",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise OverrideError(
            f"is not valid TOML: {error}", record=record, rule="standards"
        ) from None
    except RecursionError:
        raise OverrideError(
            f"is not usable: it nests tables or arrays too deeply (at most {_MAX_NESTING})",
            record=record,
            rule="standards",
        ) from None


@functools.cache
def default_standards() -> Standards:
    """Return the shipped standards (cached; immutable)."""
    parameters, rounds, version = parse_all()
    return Standards(parameters=parameters, rounds=rounds, data_version=version)
