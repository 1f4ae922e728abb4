"""What a criterion is: the two-step protocol every kind of criterion follows.

A criterion is frozen data (what is compared with what, read from which parameter, labelled
how). :meth:`bind` reads its parameters once for a standards object (and year or day) and
returns a *bound* criterion with two methods that share the exact integer kernel
(:mod:`shuangdao.declare.kernel`):

* ``reason(values, subject_id)`` — one record → a :class:`~shuangdao.explain.Reason`;
* ``column(columns)`` — a table of integer columns → a boolean array (where it holds).

The kinds, each in its module: yes/no flags (``_flags``: :class:`Flag`,
:class:`OptionalFlag`), comparisons (``_compare``: :class:`Compare`, :class:`Versus`,
:class:`AllMet`) and scaled comparisons (``_scaled``: :class:`PerCapita`, :class:`Share`).
New kinds (a subsidy tier, a pairing limit) implement the same two-step protocol
(:class:`Criterion` and :class:`BoundCriterion`); see ``docs/explanation/declared-rules.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol

from shuangdao.citations import Certainty
from shuangdao.declare._lines import Env
from shuangdao.errors import InvalidRecordError
from shuangdao.explain import Reason

if TYPE_CHECKING:
    import numpy as np

__all__ = ["BoundCriterion", "Criterion"]

Columns = Mapping[str, Any]
"""Input columns by name: integer numpy arrays (money in fen, counts) or boolean arrays."""

Values = Mapping[str, Any]
"""One record's inputs by name (money as Decimal yuan, counts as int, flags as bool)."""

_SCALES: Final = {"yuan": 2, "persons": 0, "households": 0, "villages": 0, "points": 0}
"""Decimals of an observed quantity by unit (money is integer fen in columns)."""


class BoundCriterion(Protocol):
    """A criterion with its parameters read: decides one record or a whole column."""

    @property
    def name(self) -> str:
        """The criterion's code (``household_income``)."""
        ...  # pragma: no cover

    @property
    def certainty(self) -> Certainty:
        """The weakest certainty among the values it read."""
        ...  # pragma: no cover

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Decide one record (scalar evaluator)."""
        ...  # pragma: no cover

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Decide a table (columnar evaluator): where the criterion holds."""
        ...  # pragma: no cover


class Criterion(Protocol):
    """A declared criterion: frozen data that reads its parameters when bound."""

    @property
    def name(self) -> str:
        """The criterion's code (``household_income``)."""
        ...  # pragma: no cover

    @property
    def inputs(self) -> tuple[str, ...]:
        """The record fields (or columns) it reads."""
        ...  # pragma: no cover

    @property
    def keys(self) -> tuple[str, ...]:
        """The standards keys it reads."""
        ...  # pragma: no cover

    def bind(self, env: Env) -> BoundCriterion:
        """Read the parameters under ``env``."""
        ...  # pragma: no cover


def _fill(template: str, values: Mapping[str, Any]) -> str:
    """Format a label template (``"household {subject_id} income in {year}"``)."""
    return template.format_map(values) if "{" in template else template


def _missing(name: str, subject_id: str, rule_hint: str) -> InvalidRecordError:
    return InvalidRecordError(
        "is missing (required by this rule)",
        record=subject_id or None,
        field=name,
        rule=rule_hint or None,
    )
