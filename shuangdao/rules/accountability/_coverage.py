"""Who the 2010 measures cover (art. 2, S8): roles by body and level, on both sides."""

from __future__ import annotations

from shuangdao.declare import declared
from shuangdao.explain import Decision, Reason, decide
from shuangdao.model.accountability import (
    LEVEL_ZH,
    AssistanceSide,
    BodyKind,
    Official,
    OfficialRole,
)
from shuangdao.rules.accountability._common import addressees
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import AccountabilityParams as P


def _covered(s: Standards) -> frozenset[tuple[BodyKind, str, OfficialRole]]:
    return addressees(s.params.accountability.coverage, P.coverage)


@declared(reads=(P.coverage, P.covered_sides))
def is_covered(official: Official, *, standards: Standards | None = None) -> Decision:
    """Decide whether art. 2 of the 2010 measures covers ``official``.

    Covered, on both sides: county-and-above party/government leadership members; township
    principal and in-charge leaders; principal and in-charge leaders of county-and-above
    departments (units) and poverty offices (``accountability.coverage``,
    ``accountability.covered_sides``). Art. 2 belongs to the 2010 measures; the 2011
    assessment rules name their own addressees (``accountability.consequence_addressees``).

    Policy: S8 art. 2.

    Example:
        >>> from shuangdao.model.accountability import Official
        >>> staff = Official(official_id="P9", role="staff", body_kind="area", body_id="K01",
        ...                  level="county")
        >>> is_covered(staff).outcome
        False
    """
    s = standards or default_standards()
    return coverage_decision(
        s,
        subject_id=official.official_id,
        body_kind=official.body_kind,
        level=official.level,
        role=official.role,
        side=official.side,
    )


def coverage_decision(
    s: Standards,
    *,
    subject_id: str,
    body_kind: BodyKind,
    level: str,
    role: OfficialRole,
    side: AssistanceSide,
) -> Decision:
    """The art. 2 decision for a role in a body at a level, on a side (for the rules)."""
    citation = s.citation(P.coverage)
    covered = (body_kind, level, role) in _covered(s)
    sides = tuple(s.params.accountability.covered_sides)
    reasons = [
        Reason.flag(
            criterion="accountability.coverage.role",
            label_en="role covered at this level",
            label_zh="职务在问责范围内",
            citation=citation,
            observed=covered,
            note_en=f"{role.en} of a {level} {body_kind.value.replace('_', ' ')}"
            + ("" if covered else "; art. 2 does not list this role at this level"),
            note_zh=f"{LEVEL_ZH[level]}{body_kind.zh}{role.zh}"
            + ("" if covered else "；第二条未列此级别此职务"),
            parameter=P.coverage,
        ),
        Reason.flag(
            criterion="accountability.coverage.side",
            label_en="side covered",
            label_zh="所在一方在问责范围内",
            citation=s.citation(P.covered_sides),
            observed=side.value in sides,
            note_en=side.en,
            note_zh=side.zh,
            parameter=P.covered_sides,
        ),
    ]
    return decide(
        rule="accountability.measures.coverage",
        subject_kind="official",
        subject_id=subject_id,
        title_en="person covered by the 2010 accountability measures",
        title_zh="问责暂行办法问责对象",
        reasons=reasons,
        citation=citation,
        standards=s,
        code="covered" if all(r.holds for r in reasons) else None,
    )
