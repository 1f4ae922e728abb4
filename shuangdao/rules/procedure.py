"""The identification procedure as pure state transitions (2011 regulation art. 9; S19).

A poor household is not only *found* by a rule: under the 2011 regulation it is identified
through a procedure (art. 9, S15):

1. the household applies (``APPLIED``);
2. the village committee verifies its income (``VERIFIED``);
3. a villagers' meeting or villagers' representatives' meeting deliberates (``DELIBERATED``);
4. the township government reviews (``REVIEWED``);
5. the county government decides (``APPROVED``) and reports to the prefecture poverty
   office (``REPORTED``).

A relatively poor village (round 3, S19) is identified by a parallel procedure: the village
committee applies (``APPLIED``); the township (``REVIEWED``), the county
(``COUNTY_REVIEWED``) and the prefecture (``PREFECTURE_REVIEWED``) review in turn; the
provincial poverty office approves (``APPROVED``) and publishes (``PUBLISHED``). That this
wording is the regulation's art. 10 is recalled [R], so its citation names S19 only.

Each reviewing body may instead reject (``REJECTED``): the village committee, the meeting,
the township or the county (household procedure); the township, county, prefecture or
province (village procedure). Neither source states the rejections — art. 9 is cut off after
the reporting step and S19 lists the approvals only — so every rejection step is tagged
*assumed* (the project's reading that a reviewing body may say no), while every other step
cites its source. ``REJECTED``, ``REPORTED`` and ``PUBLISHED`` are final.

The legal steps are data — :data:`PROCEDURES` maps each :class:`ProcedureKind` to its
:class:`Procedure`, a tuple of :class:`Transition` rows (source state, target state, the
acting body in English and Chinese). An :class:`Application` only moves along those rows:
any other step raises :class:`~shuangdao.errors.IllegalTransitionError` naming both states
(``"cannot go from applied to reviewed"``), and a step dated before the previous one raises
:class:`~shuangdao.errors.InvalidRecordError`. Applications are frozen; every step returns a
new one with one more :class:`HistoryEntry`.

Example:
    >>> import datetime as dt
    >>> app = apply("a1", "h1", on=dt.date(2013, 3, 1))
    >>> app = verify(app, on=dt.date(2013, 3, 5))
    >>> app.state
    <ApplicationState.VERIFIED: 'verified'>
    >>> review(app, on=dt.date(2013, 3, 9))
    Traceback (most recent call last):
    ...
    shuangdao.errors.IllegalTransitionError: application a1: cannot go from verified to reviewed (allowed: deliberated, rejected) (rule procedure.household)
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from attrs import field, frozen

from shuangdao.citations import Certainty, Citation
from shuangdao.errors import IllegalTransitionError, InvalidRecordError, InvalidTypeError
from shuangdao.model.fields import convert_enum, date, identifier, model, text

__all__ = [
    "Application",
    "ApplicationState",
    "HistoryEntry",
    "PROCEDURES",
    "Procedure",
    "ProcedureKind",
    "Transition",
    "advance",
    "allowed_steps",
    "apply",
    "approve",
    "deliberate",
    "publish",
    "reject",
    "report",
    "review",
    "verify",
]


class ProcedureKind(enum.Enum):
    """Which identification procedure an application follows."""

    HOUSEHOLD = "household"
    """Poor household (条例 art. 9, S15)."""
    VILLAGE = "village"
    """Relatively poor village (S19; article number recalled)."""


class ApplicationState(enum.Enum):
    """Where an application stands (one enum for both procedures)."""

    APPLIED = "applied"
    """The household (or village committee) has applied (申请)."""
    VERIFIED = "verified"
    """The village committee has verified the household's income (村委会核实)."""
    DELIBERATED = "deliberated"
    """A villagers' (representatives') meeting has deliberated (村民会议或村民代表会议评议)."""
    REVIEWED = "reviewed"
    """The township government has reviewed (乡镇审核)."""
    COUNTY_REVIEWED = "county_reviewed"
    """Village procedure: the county has reviewed (县审核)."""
    PREFECTURE_REVIEWED = "prefecture_reviewed"
    """Village procedure: the prefecture has reviewed (地级市审核)."""
    APPROVED = "approved"
    """Decided in favour: by the county government (household) or the provincial poverty
    office (village)."""
    REJECTED = "rejected"
    """Rejected by a reviewing body (final)."""
    REPORTED = "reported"
    """Household procedure: reported to the prefecture poverty office (final)."""
    PUBLISHED = "published"
    """Village procedure: published by the provincial poverty office (final)."""


_ASSUMED_STEP: Final = Citation(
    ("PROJECT",),
    certainty=Certainty.ASSUMED,
    note="a step the sources do not state; the project's reading",
)


@frozen
class Transition:
    """One legal step: from ``source`` to ``target``, taken by ``actor``.

    Attributes:
        source: State before the step.
        target: State after the step.
        actor_en: The acting body, in English.
        actor_zh: The acting body, in Chinese.
        citation: Where the step comes from (a source, or the project's *assumed* reading).

    .. versionchanged:: 0.2.0 ``citation`` added: every step carries a source or an
       *assumed* tag.
    """

    source: ApplicationState
    target: ApplicationState
    actor_en: str
    actor_zh: str
    citation: Citation = _ASSUMED_STEP


def _transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class Procedure:
    """A procedure as data: its legal transitions and where they come from.

    Attributes:
        kind: Which procedure.
        transitions: Every legal step.
        citation: The policy source.
    """

    kind: ProcedureKind
    transitions: tuple[Transition, ...] = field(converter=_transitions)
    citation: Citation

    def allowed(self, state: ApplicationState) -> tuple[ApplicationState, ...]:
        """Return the states reachable in one step from ``state`` (empty when final)."""
        return tuple(t.target for t in self.transitions if t.source is state)

    def transition(self, source: ApplicationState, target: ApplicationState) -> Transition:
        """Return the transition ``source → target``.

        Raises:
            IllegalTransitionError: The step is not legal (names both states).
        """
        for item in self.transitions:
            if item.source is source and item.target is target:
                return item
        allowed = self.allowed(source)
        where = (
            f"allowed: {', '.join(s.value for s in allowed)}"
            if allowed
            else f"{source.value} is final"
        )
        raise IllegalTransitionError(
            f"cannot go from {source.value} to {target.value} ({where})",
            rule=f"procedure.{self.kind.value}",
        )


_S = ApplicationState
_ART9: Final = Citation(("S15",), article="art. 9")
"""The regulation's art. 9 (S15 holds arts. 2–9; S14 stops at art. 8)."""
_S19: Final = Citation(("S19",), note="that this is 条例 art. 10 is recalled [R]")
_REJECTION: Final = Citation(
    ("PROJECT",),
    certainty=Certainty.ASSUMED,
    note="the sources state no rejection step; that a reviewing body may reject is assumed",
)
_HOUSEHOLD_STEPS: Final = (
    (_S.APPLIED, _S.VERIFIED, "village committee", "村民委员会", _ART9),
    (_S.APPLIED, _S.REJECTED, "village committee", "村民委员会", _REJECTION),
    (
        _S.VERIFIED,
        _S.DELIBERATED,
        "villagers' (representatives') meeting",
        "村民会议或村民代表会议",
        _ART9,
    ),
    (
        _S.VERIFIED,
        _S.REJECTED,
        "villagers' (representatives') meeting",
        "村民会议或村民代表会议",
        _REJECTION,
    ),
    (_S.DELIBERATED, _S.REVIEWED, "township government", "乡镇人民政府", _ART9),
    (_S.DELIBERATED, _S.REJECTED, "township government", "乡镇人民政府", _REJECTION),
    (_S.REVIEWED, _S.APPROVED, "county government", "县级人民政府", _ART9),
    (_S.REVIEWED, _S.REJECTED, "county government", "县级人民政府", _REJECTION),
    (_S.APPROVED, _S.REPORTED, "county government", "县级人民政府", _ART9),
)
_VILLAGE_STEPS: Final = (
    (_S.APPLIED, _S.REVIEWED, "township government", "乡镇人民政府", _S19),
    (_S.APPLIED, _S.REJECTED, "township government", "乡镇人民政府", _REJECTION),
    (_S.REVIEWED, _S.COUNTY_REVIEWED, "county government", "县级人民政府", _S19),
    (_S.REVIEWED, _S.REJECTED, "county government", "县级人民政府", _REJECTION),
    (
        _S.COUNTY_REVIEWED,
        _S.PREFECTURE_REVIEWED,
        "prefecture government",
        "地级市人民政府",
        _S19,
    ),
    (_S.COUNTY_REVIEWED, _S.REJECTED, "prefecture government", "地级市人民政府", _REJECTION),
    (_S.PREFECTURE_REVIEWED, _S.APPROVED, "provincial poverty office", "省扶贫办", _S19),
    (_S.PREFECTURE_REVIEWED, _S.REJECTED, "provincial poverty office", "省扶贫办", _REJECTION),
    (_S.APPROVED, _S.PUBLISHED, "provincial poverty office", "省扶贫办", _S19),
)

PROCEDURES: Final[Mapping[ProcedureKind, Procedure]] = MappingProxyType(
    {
        ProcedureKind.HOUSEHOLD: Procedure(
            kind=ProcedureKind.HOUSEHOLD,
            transitions=[Transition(*row) for row in _HOUSEHOLD_STEPS],
            citation=_ART9,
        ),
        ProcedureKind.VILLAGE: Procedure(
            kind=ProcedureKind.VILLAGE,
            transitions=[Transition(*row) for row in _VILLAGE_STEPS],
            citation=_S19,
        ),
    }
)
"""The legal steps of each procedure (household: S15 art. 9; village: S19)."""

_APPLICANTS: Final = {
    ProcedureKind.HOUSEHOLD: "household",
    ProcedureKind.VILLAGE: "village committee",
}


def _state(value: object) -> ApplicationState:
    """Convert ``state`` (errors name the field)."""
    return convert_enum(ApplicationState, value, "state")


def _procedure_kind(value: object) -> ProcedureKind:
    """Convert ``procedure`` (errors name the field)."""
    return convert_enum(ProcedureKind, value, "procedure")


@model("history entry", "state")
@frozen
class HistoryEntry:
    """One step of an application's history.

    Attributes:
        state: The state reached.
        on: The date of the step.
        actor: Who took the step (defaults to the body the procedure names).
        note: Free text (e.g. the meeting's minutes reference, the reason for rejection).
    """

    state: ApplicationState = field(converter=_state)
    on: dt.date = field(validator=date)
    actor: str = field(default="", validator=text)
    note: str = field(default="", validator=text)


def _history(value: Iterable[HistoryEntry]) -> tuple[HistoryEntry, ...]:
    """Convert ``history`` to a tuple."""
    return tuple(value)


@model("application", "application_id")
@frozen
class Application:
    """An application for identification, moving only along legal steps.

    Built by :func:`apply` and moved by :func:`advance` (or :func:`verify`,
    :func:`deliberate`, :func:`review`, :func:`approve`, :func:`reject`, :func:`report`,
    :func:`publish`). Constructing one directly (e.g. from JSON) re-checks the whole
    history: it must start at ``APPLIED``, follow legal steps and never go back in time.

    Attributes:
        application_id: Stable id.
        subject_id: The household (or village) applying.
        history: Every step, oldest first (non-empty).
        procedure: Household (art. 9) or village (S19) procedure.
    """

    application_id: str = field(validator=identifier)
    subject_id: str = field(validator=identifier)
    history: tuple[HistoryEntry, ...] = field(converter=_history)
    procedure: ProcedureKind = field(default=ProcedureKind.HOUSEHOLD, converter=_procedure_kind)

    def __attrs_post_init__(self) -> None:
        if not self.history:
            raise InvalidRecordError("must have at least the application step", field="history")
        for entry in self.history:
            if not isinstance(entry, HistoryEntry):
                raise InvalidTypeError(
                    f"must hold history entries, not {type(entry).__name__}", field="history"
                )
        if self.history[0].state is not ApplicationState.APPLIED:
            raise IllegalTransitionError(
                f"must start at applied, not {self.history[0].state.value}",
                field="history",
                rule=f"procedure.{self.procedure.value}",
            )
        rules = PROCEDURES[self.procedure]
        for before, after in zip(self.history, self.history[1:], strict=False):
            rules.transition(before.state, after.state)
            _not_before(after.on, before.on)

    @property
    def household_id(self) -> str:
        """The applying household's id (the subject, for the household procedure)."""
        return self.subject_id

    @property
    def state(self) -> ApplicationState:
        """The current state (the last history entry's)."""
        return self.history[-1].state

    @property
    def updated_on(self) -> dt.date:
        """The date of the last step."""
        return self.history[-1].on

    @property
    def final(self) -> bool:
        """Whether no further step is possible."""
        return not PROCEDURES[self.procedure].allowed(self.state)


def _not_before(on: dt.date, last: dt.date) -> None:
    if on < last:
        raise InvalidRecordError(
            f"is before the previous step on {last.isoformat()} (dates must not go back)",
            field="on",
            value=on.isoformat(),
        )


def apply(
    application_id: str,
    subject_id: str,
    *,
    on: dt.date,
    procedure: ProcedureKind | str = ProcedureKind.HOUSEHOLD,
    actor: str | None = None,
    note: str = "",
) -> Application:
    """Open an application: the household (or village committee) applies.

    Policy: S15 art. 9 (step 1); S19 (village procedure).

    Example:
        >>> import datetime as dt
        >>> apply("a1", "h1", on=dt.date(2013, 3, 1)).state.value
        'applied'
    """
    entry = HistoryEntry(
        state=ApplicationState.APPLIED,
        on=on,
        actor=_APPLICANTS[_procedure_kind(procedure)] if actor is None else actor,
        note=note,
    )
    return Application(
        application_id=application_id,
        subject_id=subject_id,
        history=(entry,),
        procedure=procedure,
    )


def allowed_steps(application: Application) -> tuple[ApplicationState, ...]:
    """Return the states ``application`` may move to next (empty when final).

    Policy: S15 art. 9 (household procedure); S19 (village procedure); rejection steps
    assumed (PROJECT).

    Example:
        >>> import datetime as dt
        >>> [s.value for s in allowed_steps(apply("a1", "h1", on=dt.date(2013, 3, 1)))]
        ['verified', 'rejected']
    """
    return PROCEDURES[application.procedure].allowed(application.state)


def advance(
    application: Application,
    to: ApplicationState | str,
    *,
    on: dt.date,
    actor: str | None = None,
    note: str = "",
) -> Application:
    """Return ``application`` moved to state ``to`` on ``on`` (a new object).

    Policy: S15 art. 9; S19 (village procedure); rejection steps assumed (PROJECT).

    Raises:
        IllegalTransitionError: ``to`` is not reachable from the current state (the message
            names both states and the allowed ones).
        InvalidRecordError: ``on`` is before the previous step.

    Example:
        >>> import datetime as dt
        >>> app = apply("a1", "h1", on=dt.date(2013, 3, 1))
        >>> advance(app, ApplicationState.REJECTED, on=dt.date(2013, 3, 2)).final
        True
    """
    record = f"application {application.application_id}"
    target = _state(to)
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidTypeError("must be a date", record=record, field="on", value=on)
    procedure = PROCEDURES[application.procedure]
    try:
        transition = procedure.transition(application.state, target)
    except IllegalTransitionError as error:
        raise IllegalTransitionError(error.detail, record=record, rule=error.rule) from None
    try:
        _not_before(on, application.updated_on)
    except InvalidRecordError as error:
        raise InvalidRecordError(
            error.detail,
            record=record,
            field="on",
            value=on.isoformat(),
            rule=f"procedure.{application.procedure.value}",
        ) from None
    entry = HistoryEntry(
        state=target,
        on=on,
        actor=transition.actor_en if actor is None else actor,
        note=note,
    )
    return Application(
        application_id=application.application_id,
        subject_id=application.subject_id,
        history=(*application.history, entry),
        procedure=application.procedure,
    )


def verify(
    application: Application, *, on: dt.date, actor: str | None = None, note: str = ""
) -> Application:
    """The village committee verifies the household's income (art. 9, step 2).

    Policy: S15 art. 9.
    """
    return advance(application, ApplicationState.VERIFIED, on=on, actor=actor, note=note)


def deliberate(
    application: Application, *, on: dt.date, actor: str | None = None, note: str = ""
) -> Application:
    """A villagers' (representatives') meeting deliberates (art. 9, step 3).

    Policy: S15 art. 9.
    """
    return advance(application, ApplicationState.DELIBERATED, on=on, actor=actor, note=note)


def review(
    application: Application, *, on: dt.date, actor: str | None = None, note: str = ""
) -> Application:
    """The township reviews (art. 9, step 4; first review of the village procedure).

    Policy: S15 art. 9; S19.
    """
    return advance(application, ApplicationState.REVIEWED, on=on, actor=actor, note=note)


def approve(
    application: Application, *, on: dt.date, actor: str | None = None, note: str = ""
) -> Application:
    """The county decides in favour (household) / the province approves (village).

    Policy: S15 art. 9 (step 5); S19.
    """
    return advance(application, ApplicationState.APPROVED, on=on, actor=actor, note=note)


def reject(
    application: Application, *, on: dt.date, actor: str | None = None, note: str = ""
) -> Application:
    """The reviewing body at the current step rejects the application (final).

    Neither source states a rejection step: each is the project's *assumed* reading (its
    transition's citation says so).

    Policy: PROJECT (assumed; no rejection step in S15 art. 9 or S19).
    """
    return advance(application, ApplicationState.REJECTED, on=on, actor=actor, note=note)


def report(
    application: Application, *, on: dt.date, actor: str | None = None, note: str = ""
) -> Application:
    """The county reports the decision to the prefecture poverty office (final).

    Policy: S15 art. 9 (step 5).
    """
    return advance(application, ApplicationState.REPORTED, on=on, actor=actor, note=note)


def publish(
    application: Application, *, on: dt.date, actor: str | None = None, note: str = ""
) -> Application:
    """The provincial poverty office publishes an approved village (final).

    Policy: S19.
    """
    return advance(application, ApplicationState.PUBLISHED, on=on, actor=actor, note=note)
