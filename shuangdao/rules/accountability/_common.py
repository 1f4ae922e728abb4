"""Helpers shared by the accountability rules (private)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Final

from shuangdao.citations import Citation
from shuangdao.errors import InvalidTypeError, StandardsError
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model import AdminArea, AssistingUnit
from shuangdao.model.accountability import (
    LEVELS,
    BodyKind,
    Mechanism,
    Official,
    OfficialRole,
    TriggerKind,
)
from shuangdao.model.fields import as_iterable
from shuangdao.standards import Standards

BodyRef = str | AdminArea | AssistingUnit
"""A body as a rule's subject: its id, an :class:`AdminArea` or an :class:`AssistingUnit`."""

TRIGGER_RULE_PREFIX: Final = "accountability.trigger."
"""Rule ids of the condition decisions: ``accountability.trigger.<TriggerKind value>``."""


def subject_of(body: BodyRef) -> tuple[str, str]:
    """Return ``(subject_kind, subject_id)`` of a body reference."""
    if isinstance(body, AdminArea):
        return body.level.value, body.area_id
    if isinstance(body, AssistingUnit):
        return "unit", body.unit_id
    if isinstance(body, str) and body:
        return "area", body
    raise InvalidTypeError(
        "must be an id, an AdminArea or an AssistingUnit", field="body", value=body
    )


def trigger_kind_of(decision: Decision) -> TriggerKind:
    """The :class:`TriggerKind` of a condition decision (from its rule id)."""
    return TriggerKind(decision.rule.removeprefix(TRIGGER_RULE_PREFIX))


def condition(
    s: Standards,
    *,
    kind: TriggerKind,
    body: BodyRef,
    reasons: Sequence[Reason],
    citation: Citation,
    title_en: str,
    title_zh: str,
    name: str | None = None,
) -> Decision:
    """Build the decision of one condition; its title names the mechanism it belongs to."""
    subject_kind, subject_id = subject_of(body)
    holds = any(r.holds for r in reasons)
    label = name or kind.value
    mechanism = kind.mechanism
    noun_en = (
        "case for a notice, naming or interview"
        if mechanism is Mechanism.ASSESSMENT_RULES
        else "case for accountability"
    )
    noun_zh = "通报、点名或约谈情形" if mechanism is Mechanism.ASSESSMENT_RULES else "问责情形"
    return decide(
        rule=f"{TRIGGER_RULE_PREFIX}{kind.value}",
        subject_kind=subject_kind,
        subject_id=subject_id,
        title_en=f"{noun_en} under the {mechanism.en} ({title_en})",
        title_zh=f"{mechanism.zh}{noun_zh}（{title_zh}）",
        reasons=reasons,
        citation=citation,
        standards=s,
        code=f"triggered:{label}" if holds else f"not_triggered:{label}",
        value=label,
    )


def split_entry(entry: str, parts: int, key: str) -> list[list[str]]:
    """Split a ``'a,b:c:d'`` standards entry into ``parts`` comma lists."""
    pieces = entry.split(":")
    if len(pieces) != parts or not all(pieces):
        raise StandardsError(
            f"entries must have {parts} ':'-separated parts", field=key, value=entry
        )
    return [[item.strip() for item in piece.split(",")] for piece in pieces]


def roles_of(names: Iterable[str], key: str) -> tuple[OfficialRole, ...]:
    """Parse role names of a standards entry."""
    roles = []
    for name in names:
        try:
            roles.append(OfficialRole(name))
        except ValueError:
            raise StandardsError("is not a role", field=key, value=name) from None
    return tuple(roles)


def addressees(entries: Iterable[str], key: str) -> frozenset[tuple[BodyKind, str, OfficialRole]]:
    """Parse ``'body:levels:roles'`` entries into ``(body kind, level, role)`` triples."""
    return _addressees(tuple(entries), key)


@functools.lru_cache(maxsize=64)
def _addressees(
    entries: tuple[str, ...], key: str
) -> frozenset[tuple[BodyKind, str, OfficialRole]]:
    found: set[tuple[BodyKind, str, OfficialRole]] = set()
    for entry in entries:
        (bodies, levels, role_names) = split_entry(entry, 3, key)
        for body in bodies:
            try:
                kind = BodyKind(body)
            except ValueError:
                raise StandardsError("is not a body kind", field=key, value=body) from None
            for level in levels:
                if level not in LEVELS:
                    raise StandardsError("is not a level", field=key, value=level)
                for role in roles_of(role_names, key):
                    found.add((kind, level, role))
    return frozenset(found)


def officials_of(subject: Official | Iterable[Official]) -> tuple[Official, ...]:
    """Normalise ``subject`` (one official or many) to a tuple, checking the type."""
    if isinstance(subject, Official):
        return (subject,)
    items = tuple(as_iterable(subject, "subject"))
    for item in items:
        if not isinstance(item, Official):
            raise InvalidTypeError(
                f"must hold Official records, not {type(item).__name__}",
                field="subject",
                value=item,
            )
    return items  # type: ignore[return-value]
