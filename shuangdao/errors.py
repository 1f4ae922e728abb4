"""Errors raised by shuangdao.

Every error the library raises on purpose derives from :class:`ShuangdaoError`, and each
concrete class *also* derives from the matching builtin, so callers may catch either::

    ShuangdaoError                    (Exception)
    ├── InvalidRecordError            (+ ValueError)  a field of a record is wrong
    │   └── InvalidMoneyError         (+ ValueError)  an amount is not exact yuan/fen
    ├── InvalidTypeError              (+ TypeError)   a value has the wrong type
    ├── UnknownReferenceError         (+ KeyError)    an id or key that does not exist
    ├── StandardsError                (+ ValueError)  the standards data is unusable
    │   ├── OverrideError             (+ ValueError)  a scenario override is invalid
    │   └── MissingParameterError     (+ ValueError)  the policy fixed no value; supply one
    ├── IllegalTransitionError        (+ ValueError)  a procedure step that the law forbids
    ├── LedgerError                   (+ ValueError)  an invalid ledger operation
    ├── NoSolutionError               (+ ValueError)  e.g. no valid pairing exists
    └── RecordErrors                  (ExceptionGroup) every problem of a batch, with paths

Messages read as one sentence and name the record, the field, the value and the rule::

    household 4403-0012: members=0 must be >= 1 (rule model.household)

The same facts are kept as attributes (``record``, ``field``, ``value``, ``rule``), so
programs never have to parse a message. Catch the root to handle anything the library
raises on purpose::

    try:
        household = Household(household_id="h1", village_id="v1", members=0, income="1")
    except ShuangdaoError as error:
        print(error)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

__all__ = [
    "IllegalTransitionError",
    "InvalidMoneyError",
    "InvalidRecordError",
    "InvalidTypeError",
    "LedgerError",
    "MissingParameterError",
    "NoSolutionError",
    "OverrideError",
    "RecordErrors",
    "ShuangdaoError",
    "StandardsError",
    "UnknownReferenceError",
]

_MISSING: Any = object()


def _compose(
    detail: str,
    *,
    record: str | None,
    field: str | None,
    value: Any,
    rule: str | None,
) -> str:
    """Build the one-sentence message ``record: field=value detail (rule R)``."""
    parts: list[str] = []
    if record is not None:
        parts.append(f"{record}: ")
    if value is None and detail.startswith("is missing"):
        value = _MISSING  # a missing cell has no value to show ("members is missing")
    if field is not None:
        parts.append(f"{field}={value!r} " if value is not _MISSING else f"{field} ")
    elif value is not _MISSING:
        parts.append(f"{value!r} ")
    parts.append(detail)
    if rule is not None:
        parts.append(f" (rule {rule})")
    return "".join(parts)


class ShuangdaoError(Exception):
    """Root of every error shuangdao raises on purpose.

    Attributes:
        record: The record the error is about, e.g. ``"household 4403-0012"``, or ``None``.
        field: The field that is wrong, e.g. ``"members"``, or ``None``.
        value: The offending value (``None`` when not applicable).
        rule: The rule or component that found the problem, e.g. ``"model.household"``.
        detail: The message without the record/field/rule decoration.
    """

    def __init__(
        self,
        detail: str,
        *,
        record: str | None = None,
        field: str | None = None,
        value: Any = _MISSING,
        rule: str | None = None,
    ) -> None:
        self.detail = detail
        self.record = record
        self.field = field
        self.value = None if value is _MISSING else value
        self.rule = rule
        super().__init__(_compose(detail, record=record, field=field, value=value, rule=rule))

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep keyword-only context when pickled across processes (dask workers).
        return (
            _rebuild,
            (type(self), self.detail, self.record, self.field, self.value, self.rule),
        )


def _rebuild(  # noqa: PLR0917 - the pickle protocol passes arguments positionally
    cls: type[ShuangdaoError],
    detail: str,
    record: str | None,
    field: str | None,
    value: Any,
    rule: str | None,
) -> ShuangdaoError:
    """Recreate an error from its pickled parts."""
    return cls(detail, record=record, field=field, value=value, rule=rule)


class InvalidRecordError(ShuangdaoError, ValueError):
    """A field of a record has a value the model or a rule cannot accept."""


class InvalidMoneyError(InvalidRecordError):
    """An amount of money is not an exact, finite number of yuan with at most two decimals."""


class InvalidTypeError(ShuangdaoError, TypeError):
    """A value has the wrong type (e.g. a float where an id string is required)."""


class UnknownReferenceError(ShuangdaoError, KeyError):
    """An id or key refers to something that does not exist (unknown village, unknown key)."""

    def __str__(self) -> str:
        # KeyError.__str__ would repr() the message; keep it readable.
        return str(self.args[0]) if self.args else ""


class StandardsError(ShuangdaoError, ValueError):
    """The standards data (shipped or supplied) is inconsistent or unusable."""


class OverrideError(StandardsError):
    """A scenario override names an unknown key, has the wrong type or is out of range."""


class MissingParameterError(StandardsError):
    """A rule needs a parameter the policy never fixed; the caller must supply it.

    The message carries a hint saying how to supply the value.
    """


class IllegalTransitionError(ShuangdaoError, ValueError):
    """A procedure step that is not allowed from the current state (names both states)."""


class LedgerError(ShuangdaoError, ValueError):
    """An operation on a ledger that would make it invalid (overlap, bad interval...)."""


class NoSolutionError(ShuangdaoError, ValueError):
    """A constructive helper (such as the pairing assignment) cannot satisfy its constraints."""


class RecordErrors(ExceptionGroup[ShuangdaoError], ShuangdaoError):
    """Every problem found while loading or checking many records, each with its path.

    Raised instead of the first error, so a user can fix a whole file in one pass.
    ``paths`` holds a JSON-path-like location per sub-error (``$.households[3].income``).

    Example:
        >>> from shuangdao.errors import InvalidRecordError, RecordErrors
        >>> group = RecordErrors.from_errors(
        ...     "2 invalid households",
        ...     [("$.households[0].members", InvalidRecordError("must be >= 1", field="members",
        ...                                                    value=0)),
        ...      ("$.households[3].income", InvalidRecordError("must be >= 0", field="income",
        ...                                                   value=-5))])
        >>> print(group.explain())
        members=0 must be >= 1 @ $.households[0].members
        income=-5 must be >= 0 @ $.households[3].income
    """

    paths: tuple[str, ...]

    def __new__(cls, message: str, errors: Sequence[ShuangdaoError]) -> Self:
        """Create the group; use :meth:`from_errors` to attach paths."""
        self = super().__new__(cls, message, list(errors))
        self.paths = tuple("$" for _ in errors)
        return self

    def __init__(self, message: str, errors: Sequence[ShuangdaoError]) -> None:
        # ShuangdaoError.__init__ would overwrite ExceptionGroup's args; set attributes only.
        self.detail = message
        self.record = None
        self.field = None
        self.value = None
        self.rule = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_group, (self.message, list(self.exceptions), self.paths))

    @classmethod
    def from_errors(
        cls, message: str, located: Sequence[tuple[str, ShuangdaoError]]
    ) -> RecordErrors:
        """Build a group from ``(path, error)`` pairs, keeping each path."""
        group = cls(message, [error for _, error in located])
        group.paths = tuple(path for path, _ in located)
        return group

    def derive(self, excs: Sequence[ShuangdaoError]) -> RecordErrors:  # type: ignore[override]
        """Return a group of the same kind holding ``excs`` (used by ``split``/``subgroup``)."""
        return RecordErrors(self.message, excs)

    def located(self) -> list[tuple[str, ShuangdaoError]]:
        """Return the ``(path, error)`` pairs in order."""
        return [
            (path, error)
            for path, error in zip(self.paths, self.exceptions, strict=True)
            if isinstance(error, ShuangdaoError)
        ]

    def explain(self) -> str:
        """Render one line per problem: ``message @ path``."""
        return "\n".join(f"{error} @ {path}" for path, error in self.located())


def _rebuild_group(
    message: str, errors: list[ShuangdaoError], paths: tuple[str, ...]
) -> RecordErrors:
    """Recreate a pickled :class:`RecordErrors`."""
    group = RecordErrors(message, errors)
    group.paths = paths
    return group
