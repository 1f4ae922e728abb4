"""What a rule needs of a record before its criteria can be read: :class:`Requirement`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from attrs import frozen

from shuangdao.errors import InvalidRecordError, MissingParameterError, ShuangdaoError

if TYPE_CHECKING:
    from shuangdao.standards import Param, Standards

__all__ = ["Requirement"]

_MISSING: Final = "is missing (required by this rule)"


@frozen
class Requirement:
    """A record field a rule cannot decide without, declared with the rule (:attr:`Rule.requires`).

    Every door asks the declaration: the rule function before it decides one record (the
    first unmet requirement is raised), and the readers of a table, which list every unmet
    requirement of a row as one problem each, beside the row's other problems.

    Attributes:
        field: The record field (and input column).
        minimum: A whole number the value must reach (``registered_population >= 1`` for a
            share computed from it), or ``None``: present is enough.
        below: The error's text when the value is below ``minimum`` (or missing, when a
            minimum is declared).
        unknown: A parameter whose absence explains a missing value: the policy never
            published how the value was set (round 1's designation). A missing value is then a
            :class:`~shuangdao.errors.MissingParameterError` that ends with that parameter's
            hint, after ``unknown_text``.
        unknown_text: The error's text before the hint.

    Example:
        >>> need = Requirement("collective_income")
        >>> print(need.problem(None, record="village v1", rule="r2"))
        village v1: collective_income is missing (required by this rule) (rule r2)
        >>> need.problem(0, record="village v1", rule="r") is None
        True
    """

    field: str
    minimum: int | None = None
    below: str = ""
    unknown: Param[Any] | None = None
    unknown_text: str = ""

    def problem(
        self,
        value: Any,
        *,
        record: str | None,
        rule: str,
        standards: Standards | None = None,
    ) -> ShuangdaoError | None:
        """The error of ``value`` under this requirement (``None`` when it is met).

        Args:
            value: The record's value (``None``: missing).
            record: How the error names the record (``"village v1"``), if known.
            rule: The rule's id.
            standards: Where :attr:`unknown`'s hint is read (default: the shipped standards).
        """
        if value is None and self.unknown is not None:
            from shuangdao.standards import default_standards

            hint = (standards or default_standards()).param(self.unknown).hint
            return MissingParameterError(
                f"{self.unknown_text} {hint}".strip(), record=record, field=self.field, rule=rule
            )
        if self.minimum is not None and (value is None or value < self.minimum):
            return InvalidRecordError(
                self.below or f"must be >= {self.minimum}",
                record=record,
                field=self.field,
                value=value,
                rule=rule,
            )
        if value is None:
            return InvalidRecordError(_MISSING, record=record, field=self.field, rule=rule)
        return None
