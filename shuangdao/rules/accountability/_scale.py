"""The severity scale: the art. 9 sanctions in their (recalled) order, after any ladder steps."""

from __future__ import annotations

from attrs import frozen

from shuangdao.declare import declared
from shuangdao.errors import StandardsError
from shuangdao.model.accountability import LADDER_ACTIONS, AccountabilityAction, Sanction
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import AccountabilityParams as P


def art9_sanctions(s: Standards) -> tuple[Sanction, ...]:
    """The art. 9 sanctions of the standards, mildest first.

    The forms are ``accountability.sanctions``; their order is the recalled
    ``accountability.sanction_severity``.
    """
    key, rank_key = P.sanctions, P.sanction_severity
    listed: list[Sanction] = []
    for name in s.value(key):
        try:
            sanction = Sanction(name)
        except ValueError:
            raise StandardsError("is not a sanction", field=key, value=name) from None
        if sanction.disciplinary:
            raise StandardsError(
                "is a disciplinary sanction, not an art. 9 form "
                "(it belongs in accountability.disciplinary_sanctions)",
                field=key,
                value=name,
            )
        listed.append(sanction)
    if not listed or len(set(listed)) != len(listed):
        raise StandardsError("must list each sanction once", field=key, value=tuple(s.value(key)))
    ranks = s.value(rank_key)
    if set(ranks) != {x.value for x in listed}:
        raise StandardsError(
            "must rank exactly the sanctions of accountability.sanctions",
            field=rank_key,
            value=dict(ranks),
        )
    values = [ranks[x.value] for x in listed]
    if len(set(values)) != len(values) or min(values) < 1:
        raise StandardsError(
            "must give each sanction a distinct rank >= 1", field=rank_key, value=dict(ranks)
        )
    return tuple(sorted(listed, key=lambda x: ranks[x.value]))


def combinable(s: Standards) -> tuple[Sanction, ...]:
    """Sanctions that may be applied alone or combined with another.

    Read from ``accountability.combinable_sanctions``.
    """
    key = P.combinable_sanctions
    forms = art9_sanctions(s)
    out = []
    for name in s.value(key):
        try:
            sanction = Sanction(name)
        except ValueError:
            raise StandardsError("is not a sanction", field=key, value=name) from None
        if sanction not in forms:
            raise StandardsError("is not in accountability.sanctions", field=key, value=name)
        out.append(sanction)
    return tuple(out)


@frozen
class LadderSteps:
    """The recalled ladder as parsed from the standards (empty when switched off)."""

    enabled: bool
    names: tuple[str, ...]
    steps: tuple[AccountabilityAction, ...]
    ends_in_sanction: bool


def ladder_steps(s: Standards) -> LadderSteps:
    """Parse ``accountability.ladder`` (checked even when ``ladder_enabled`` is false)."""
    key = P.ladder
    names = tuple(s.value(key))
    if not names:
        raise StandardsError("must have at least one step", field=key)
    steps: list[AccountabilityAction] = []
    for index, name in enumerate(names):
        if name == "sanction":
            if index != len(names) - 1:
                raise StandardsError("'sanction' must be the last step", field=key, value=names)
            continue
        action = next((a for a in LADDER_ACTIONS if a.value == name), None)
        if action is None:
            raise StandardsError(
                "steps must be notice, naming, coaching_interview, admonition or sanction",
                field=key,
                value=name,
            )
        if action in steps:
            raise StandardsError("must not repeat a step", field=key, value=name)
        steps.append(action)
    return LadderSteps(
        enabled=bool(s.params.accountability.ladder_enabled),
        names=names,
        steps=tuple(steps),
        ends_in_sanction=names[-1] == "sanction",
    )


def scale_of(s: Standards) -> tuple[AccountabilityAction | Sanction, ...]:
    """The severity scale (see :func:`severity_scale`)."""
    ladder = ladder_steps(s)
    steps: tuple[AccountabilityAction | Sanction, ...] = ladder.steps if ladder.enabled else ()
    return steps + art9_sanctions(s)


@declared(reads=(P.sanctions, P.sanction_severity, P.ladder_enabled, P.ladder))
def severity_scale(
    *, standards: Standards | None = None
) -> tuple[AccountabilityAction | Sanction, ...]:
    """Return the severity scale, mildest first: the art. 9 sanctions in their recalled order.

    An :class:`~shuangdao.model.accountability.ActionDecision`'s ``severity`` is the 1-based
    position on this scale of its mildest applicable sanction. The order is the recalled
    ``accountability.sanction_severity``. When the recalled ladder is switched on
    (``accountability.ladder_enabled``), its steps come first.

    .. versionchanged:: 0.2.0 the ladder's steps are on the scale only when it is switched on.

    Policy: S9; S10 art. 9 (sanctions; order recalled); SEED p. 5 (the recalled ladder).

    Example:
        >>> [item.value for item in severity_scale()]
        ['public_apology', 'suspension', 'resignation', 'ordered_resignation', 'removal']
    """
    return scale_of(standards or default_standards())
