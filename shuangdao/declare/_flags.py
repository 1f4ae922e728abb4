"""Yes/no criteria: a flag the record must carry, and one whose data may be missing.

* :class:`Flag` — ``observed is required`` (有劳动能力), possibly switched on or off by a
  boolean parameter (``required_if``);
* :class:`OptionalFlag` — the same for an input that may not be supplied: then the criterion
  is *not assessed* (a non-income target of exit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs
from attrs import frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.declare._criteria import Columns, Values, _fill
from shuangdao.declare._lines import Env, resolve_param
from shuangdao.errors import InvalidTypeError
from shuangdao.explain import Decision, Reason
from shuangdao.standards import Param

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "BoundFlag",
    "BoundOptionalFlag",
    "Flag",
    "OptionalFlag",
]


# ------------------------------------------------------------------------------ Flag
@frozen
class Flag:
    """A yes/no requirement on the record: ``observed is required`` (有劳动能力).

    Args:
        name: The criterion's code.
        observed: The boolean input (a record field or a column). A scalar input may also
            be a :class:`~shuangdao.explain.Decision` (the linked decision of the village a
            household lives in): its outcome is observed and its certainty carried.
        label_en: What is required, in English (``"has labour capacity"``).
        label_zh: The same in Chinese.
        cites: The parameter the requirement is cited from (its citation only; a flag's
            certainty comes from the values it reads, not from what it cites). Defaults to
            ``required_if``.
        citation: A citation when no parameter is cited.
        required_if: A boolean parameter that switches the requirement on; when it is
            false the criterion holds with the note "not required under these standards".
        required: The value required (``True``).
    """

    name: str
    observed: str
    label_en: str
    label_zh: str
    cites: Param[Any] | None = None
    citation: Citation | None = None
    required_if: Param[bool] | None = None
    required: bool = True

    @property
    def inputs(self) -> tuple[str, ...]:
        """The flag read."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameters cited and read."""
        return tuple(str(k) for k in (self.cites, self.required_if) if k is not None)

    def bind(self, env: Env) -> BoundFlag:
        """Read ``required_if`` and the citation."""
        cites = self.cites if self.cites is not None else self.required_if
        if cites is not None:
            citation = env.standards.citation(cites, on=env.on)
        elif self.citation is not None:
            citation = self.citation
        else:  # pragma: no cover - a declaration error
            raise TypeError(f"flag {self.name} needs cites= or citation=")
        active, certainty = True, Certainty.CONFIRMED
        rests: tuple[str, ...] = ()
        if self.required_if is not None:
            switch = resolve_param(self.required_if, env)
            active, certainty = bool(switch.value), switch.certainty
            rests = switch.keys
        parameter = None if self.cites is None else str(self.cites)
        if self.required_if is not None:
            parameter = str(self.required_if)
        return BoundFlag(self, citation, active, certainty, parameter, rests)


class BoundFlag:
    """A :class:`Flag` under one standards object."""

    __slots__ = (
        "active",
        "cache",
        "certainty",
        "citation",
        "flag",
        "name",
        "parameter",
        "plain",
        "rests_on",
        "templated",
    )

    def __init__(  # noqa: PLR0917 - private, built by Flag.bind
        self,
        flag: Flag,
        citation: Citation,
        active: bool,
        certainty: Certainty,
        parameter: str | None,
        rests_on: tuple[str, ...] = (),
    ) -> None:
        self.flag = flag
        self.name = flag.name
        self.citation = citation
        self.active = active
        self.certainty = certainty
        self.parameter = parameter
        self.rests_on = rests_on
        self.templated = "{" in flag.label_en + flag.label_zh
        self.plain: dict[bool, Reason] = {}
        self.cache: dict[tuple[bool, Certainty], Reason] = {}

    def reason(self, values: Values, subject_id: str) -> Reason:
        """The flag's reason (shared between records with the same observation)."""
        value = values[self.flag.observed]
        certainty = self.certainty
        if isinstance(value, Decision):
            certainty = Certainty.weakest(certainty, value.certainty)
            value = value.outcome
        if not isinstance(value, bool):
            raise InvalidTypeError(
                "must be a boolean",
                record=subject_id or None,
                field=self.flag.observed,
                value=value,
            )
        if self.templated:
            return self._labelled(self._build(value, certainty), values, subject_id)
        if certainty is self.certainty:  # the common case: one cached reason per value
            cached = self.plain.get(value)
            if cached is None:
                cached = self.plain[value] = self._build(value, certainty)
            return cached
        key = (value, certainty)
        cached = self.cache.get(key)
        if cached is None:
            cached = self.cache[key] = self._build(value, certainty)
        return cached

    def _labelled(self, reason: Reason, values: Values, subject_id: str) -> Reason:
        """A reason whose label names the record's values (``{on}``, ``{subject_id}``)."""
        labels = {"subject_id": subject_id, **values}
        return attrs.evolve(
            reason,
            label_en=_fill(reason.label_en, labels),
            label_zh=_fill(reason.label_zh, labels),
        )

    def _build(self, value: bool, certainty: Certainty) -> Reason:
        flag = self.flag
        if not self.active:
            return Reason(
                criterion=flag.name,
                holds=True,
                label_en=flag.label_en,
                label_zh=flag.label_zh,
                citation=self.citation,
                observed=value,
                threshold=None,
                parameter=self.parameter,
                note_en="not required under these standards",
                note_zh="本标准不要求",
                certainty=certainty,
                rests_on=self.rests_on,
            )
        return Reason(
            criterion=flag.name,
            holds=value is flag.required,
            label_en=flag.label_en,
            label_zh=flag.label_zh,
            citation=self.citation,
            observed=value,
            threshold=flag.required,
            unit="",
            parameter=self.parameter,
            certainty=certainty,
            rests_on=self.rests_on,
        )

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the flag holds."""
        import numpy as np

        observed = np.asarray(columns[self.flag.observed], dtype=bool)
        if not self.active:
            return np.ones(len(observed), dtype=bool)
        return observed if self.flag.required else ~observed


# ------------------------------------------------------------------------------ OptionalFlag
_NOT_ASSESSED_EN: Final = (
    "not assessed: no data supplied; it does not decide the outcome and is never counted as met"
)
_NOT_ASSESSED_ZH: Final = "未评估：未提供数据；不参与判定，也不视为达标"


@frozen
class OptionalFlag:
    """A yes/no requirement whose input may be missing: then it is *not assessed*.

    A non-income target (all members in the rural cooperative medical scheme, housing made
    safe...) is a criterion of exit when its data is supplied. When it is not, the criterion
    is reported as not assessed: its reason has ``assessed=False`` and ``holds=False`` (a
    decision never passes a criterion it did not assess), and the outcome rests on the
    assessed criteria. Columns carry the same tri-state: a boolean column ``observed`` and,
    optionally, its presence ``observed + "?"`` (where it was supplied); a missing column
    means not assessed on every row.

    Args:
        name: The criterion's code (``ncms``).
        observed: The optional boolean input (``None``: not supplied).
        label_en: What is required, in English.
        label_zh: The same in Chinese.
        cites: The parameter the requirement is cited from, or ``None``.
        citation: A citation when no parameter is cited.
        required: The value required (``True``).

    .. versionadded:: 0.2.0 (issue 15)
    """

    name: str
    observed: str
    label_en: str
    label_zh: str
    cites: Param[Any] | None = None
    citation: Citation | None = None
    required: bool = True

    @property
    def inputs(self) -> tuple[str, ...]:
        """None required: a missing value is "not assessed"."""
        return ()

    @property
    def optional_inputs(self) -> tuple[str, ...]:
        """The flag read when supplied."""
        return (self.observed,)

    @property
    def keys(self) -> tuple[str, ...]:
        """The parameter cited."""
        return () if self.cites is None else (str(self.cites),)

    def bind(self, env: Env) -> BoundOptionalFlag:
        """Read the citation."""
        if self.cites is not None:
            citation = env.standards.citation(self.cites, on=env.on)
        elif self.citation is not None:
            citation = self.citation
        else:  # pragma: no cover - a declaration error
            raise TypeError(f"criterion {self.name} needs cites= or citation=")
        return BoundOptionalFlag(self, citation)


class BoundOptionalFlag:
    """An :class:`OptionalFlag` under one standards object: holds, fails or not assessed."""

    __slots__ = ("certainty", "citation", "criterion", "name", "parameter", "reasons")

    def __init__(self, criterion: OptionalFlag, citation: Citation) -> None:
        self.criterion = criterion
        self.name = criterion.name
        self.citation = citation
        self.certainty = Certainty.CONFIRMED
        self.parameter = None if criterion.cites is None else str(criterion.cites)
        self.reasons: dict[bool | None, Reason] = {}

    def reason(self, values: Values, subject_id: str) -> Reason:
        """Holds, fails, or (``None``) is not assessed; one cached reason per state."""
        value = values.get(self.criterion.observed)
        if value is not None and not isinstance(value, bool):
            raise InvalidTypeError(
                "must be a boolean (or missing: not assessed)",
                record=subject_id or None,
                field=self.criterion.observed,
                value=value,
            )
        cached = self.reasons.get(value)
        if cached is None:
            cached = self.reasons[value] = self._build(value)
        return cached

    def _build(self, value: bool | None) -> Reason:
        c = self.criterion
        return Reason(
            criterion=c.name,
            holds=value is c.required,
            label_en=c.label_en,
            label_zh=c.label_zh,
            citation=self.citation,
            observed=value,
            threshold=c.required,
            unit="",
            parameter=self.parameter,
            note_en=_NOT_ASSESSED_EN if value is None else "",
            note_zh=_NOT_ASSESSED_ZH if value is None else "",
            certainty=self.certainty,
            assessed=value is not None,
        )

    def _length(self, columns: Columns) -> int:
        for column in columns.values():
            return len(column)
        return 0

    def assessed(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the input was supplied (``observed?``, or every row of a present column)."""
        import numpy as np

        observed = self.criterion.observed
        if observed not in columns:
            return np.zeros(self._length(columns), dtype=bool)
        present = columns.get(observed + "?")
        if present is None:
            return np.ones(len(columns[observed]), dtype=bool)
        return np.asarray(present, dtype=bool)

    def column(self, columns: Columns) -> np.ndarray[Any, Any]:
        """Where the requirement holds (assessed and as required; never where not assessed)."""
        import numpy as np

        observed = self.criterion.observed
        if observed not in columns:
            return np.zeros(self._length(columns), dtype=bool)
        values = np.asarray(columns[observed], dtype=bool)
        held = values if self.criterion.required else ~values
        result: np.ndarray[Any, Any] = held & self.assessed(columns)
        return result
