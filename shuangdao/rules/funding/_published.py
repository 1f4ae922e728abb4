"""The seed's published project arithmetic (private)."""

from __future__ import annotations

from collections.abc import Mapping

from shuangdao.citations import Citation
from shuangdao.declare import declared
from shuangdao.explain import Decision, Reason, decide
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import OutcomesParams as O

__all__ = ["published_project_counts"]


@declared(reads=(O.projects_by_category, O.projects_total))
def published_project_counts(*, standards: Standards | None = None) -> Decision:
    """Check that the seed's project categories add up to its total (28,868).

    18,101 agricultural + 2,938 industrial + 1,559 commerce/tourism + 6,270 other construction
    projects (``outcomes.projects_by_category``) = 28,868 (``outcomes.projects_total``).

    Policy: SEED (专栏5: 28,868 economic projects in the 3,407 villages).

    Example:
        >>> d = published_project_counts()
        >>> d.outcome, d.value
        (True, 28868)
    """
    s = default_standards() if standards is None else standards
    by_category: Mapping[str, int] = s.params.outcomes.projects_by_category
    total: int = s.params.outcomes.projects_total
    added = sum(by_category.values())
    reason = Reason(
        criterion=str(O.projects_total),
        holds=added == total,
        label_en="sum of the project categories equals the published total",
        label_zh="各类项目数之和等于总数",
        citation=s.citation(O.projects_total),
        observed=added,
        threshold=total,
        unit="projects",
        parameter=O.projects_total,
        note_en=" + ".join(f"{v:,} {k}" for k, v in by_category.items()),
        note_zh=" + ".join(str(v) for v in by_category.values()),
    )
    return decide(
        rule="funding.published_project_counts",
        subject_kind="province",
        subject_id="guangdong",
        title_en="consistent published project count",
        title_zh="项目数据自洽",
        reasons=[reason],
        citation=Citation(("SEED",), article="专栏5"),
        standards=s,
        round=1,
        code="consistent" if added == total else "inconsistent",
        value=added,
    )
