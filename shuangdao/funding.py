"""Counting projects: by type, by the seed's four categories, by village.

The records of funds and projects (allocations, disbursements, the funding ledger, projects)
are in :mod:`shuangdao.model.funding`; the rules that read them (the round-2 subsidy, the
housing subsidy, the misuse checks) in :mod:`shuangdao.rules.funding`.

.. deprecated:: 0.2.0 The records moved to :mod:`shuangdao.model.funding` (also exported by
   :mod:`shuangdao.model` and :mod:`shuangdao`): ``Allocation``, ``Disbursement``,
   ``FundingLedger``, ``FundOrigin``, ``FundSource``, ``LedgerBalance``, ``Project``,
   ``ProjectType``, ``SeedCategory`` and ``GroupKey`` keep working here for one release with a
   :class:`DeprecationWarning`.

Example:
    >>> from shuangdao.model import Project, SeedCategory
    >>> projects_by_seed_category([Project(project_id="P1", project_type="housing",
    ...                                    village_id="V1")])[SeedCategory.OTHER]
    1
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from shuangdao.errors import LedgerError
from shuangdao.model import funding as _records

__all__ = ["projects_by_seed_category", "projects_by_type", "projects_by_village"]

_MOVED = frozenset(
    {
        "Allocation",
        "Disbursement",
        "FundOrigin",
        "FundSource",
        "FundingLedger",
        "GroupKey",
        "LedgerBalance",
        "Project",
        "ProjectType",
        "SeedCategory",
    }
)


def __getattr__(name: str) -> Any:
    """Resolve a moved record to :mod:`shuangdao.model.funding`, with a warning."""
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"shuangdao.funding.{name} moved to shuangdao.model.funding.{name} (also exported by "
        "shuangdao.model); the old name will be removed in the next release",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module("shuangdao.model.funding"), name)


def projects_by_type(projects: Iterable[_records.Project]) -> dict[_records.ProjectType, int]:
    """Count projects by type (every type present, in declaration order).

    Example:
        >>> from shuangdao.model import Project, ProjectType
        >>> projects_by_type([Project(project_id="P1", project_type="housing", village_id="V1")])[
        ...     ProjectType.HOUSING]
        1
    """
    counts = dict.fromkeys(_records.ProjectType, 0)
    for project in projects:
        counts[project.project_type] += 1
    return counts


def projects_by_seed_category(
    projects: Iterable[_records.Project],
) -> dict[_records.SeedCategory, int]:
    """Count projects in the seed's four categories (:attr:`ProjectType.seed_category`)."""
    counts = dict.fromkeys(_records.SeedCategory, 0)
    for project in projects:
        counts[project.project_type.seed_category] += 1
    return counts


def projects_by_village(
    projects: Iterable[_records.Project],
) -> dict[str, Mapping[_records.ProjectType, int]]:
    """Count projects by village, then by type (villages sorted by id; only present types).

    Raises:
        LedgerError: Two projects share an id.
    """
    seen: set[str] = set()
    table: dict[str, dict[_records.ProjectType, int]] = {}
    for project in projects:
        if project.project_id in seen:
            raise LedgerError(
                "is repeated",
                record=f"project {project.project_id}",
                field="project_id",
                value=project.project_id,
                rule="funding.projects",
            )
        seen.add(project.project_id)
        by_type = table.setdefault(project.village_id, {})
        by_type[project.project_type] = by_type.get(project.project_type, 0) + 1
    return {village: table[village] for village in sorted(table)}
