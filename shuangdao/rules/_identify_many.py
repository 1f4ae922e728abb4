"""Identification of many records at once, over model objects (private).

:func:`~shuangdao.rules.identification.identify` decides every village and household of a
round with the per-record rules, in the order and with the links the round's declaration
gives (:data:`~shuangdao.rules.identification.IDENTIFICATION`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs
from attrs import field, frozen

from shuangdao.declare import declared
from shuangdao.errors import (
    InvalidRecordError,
    RecordErrors,
    ShuangdaoError,
    UnknownReferenceError,
)
from shuangdao.explain import Decision
from shuangdao.model import Household, Village
from shuangdao.rules.identification import (
    IDENTIFICATION,
    IDENTIFICATION_RULES,
    identify_household_round1,
    identify_household_round2,
    identify_household_round3,
    identify_village_round1,
    identify_village_round2,
    identify_village_round3,
)
from shuangdao.rules.identification._common import _standards
from shuangdao.standards import Standards

__all__ = [
    "IdentificationResult",
    "PartialIdentification",
    "RecordFailure",
    "identify",
    "identify_partial",
]


# --------------------------------------------------------------------------- many records
def _decisions(value: Iterable[Decision]) -> tuple[Decision, ...]:
    """Convert to a tuple."""
    return tuple(value)


@frozen
class IdentificationResult:
    """Every village and household decision of one round (see :func:`identify`).

    Attributes:
        round: The round (1, 2 or 3).
        villages: One decision per village, in input order.
        households: One decision per household, in input order.
        persons_selected: Members of the selected households, summed.
    """

    round: int
    villages: tuple[Decision, ...] = field(converter=_decisions)
    households: tuple[Decision, ...] = field(converter=_decisions)
    persons_selected: int = 0

    @property
    def villages_selected(self) -> int:
        """How many villages were selected."""
        return sum(1 for d in self.villages if d.outcome)

    @property
    def households_selected(self) -> int:
        """How many households were selected (poor)."""
        return sum(1 for d in self.households if d.outcome)

    @functools.cached_property
    def _village_index(self) -> Mapping[str, Decision]:
        return {d.subject_id: d for d in self.villages}

    @functools.cached_property
    def _household_index(self) -> Mapping[str, Decision]:
        return {d.subject_id: d for d in self.households}

    def village(self, village_id: str) -> Decision:
        """Return the decision about ``village_id``.

        Raises:
            UnknownReferenceError: No such village in the result.
        """
        return _lookup(self._village_index, village_id, "village_id")

    def household(self, household_id: str) -> Decision:
        """Return the decision about ``household_id``.

        Raises:
            UnknownReferenceError: No such household in the result.
        """
        return _lookup(self._household_index, household_id, "household_id")


def _lookup(index: Mapping[str, Decision], subject_id: str, name: str) -> Decision:
    try:
        return index[subject_id]
    except KeyError:
        raise UnknownReferenceError("is not in this result", field=name, value=subject_id) from None


@frozen
class RecordFailure:
    """A record that could not be decided, and why (see :func:`identify_partial`).

    Attributes:
        kind: ``"village"`` or ``"household"``.
        index: Its position in the input sequence (0-based).
        subject_id: Its id.
        error: The problem, naming the record and the field.
    """

    kind: str
    index: int
    subject_id: str
    error: ShuangdaoError


def _failure(kind: str, index: int, subject_id: str, error: ShuangdaoError) -> RecordFailure:
    return RecordFailure(kind, index, subject_id, error)


@frozen
class PartialIdentification:
    """What :func:`identify_partial` decided, by input position, and what it could not.

    Every input record is in exactly one of ``villages``/``households`` (decided) or
    ``failures`` (not decided).

    Attributes:
        round: The round (1, 2 or 3).
        villages: Decision of each decided village, keyed by its input position.
        households: Decision of each decided household, keyed by its input position.
        failures: The records that could not be decided (villages first, by position).
        persons_selected: Members of the selected households, summed.
    """

    round: int
    villages: Mapping[int, Decision]
    households: Mapping[int, Decision]
    failures: tuple[RecordFailure, ...]
    persons_selected: int


def _not_decided(record: str, village_id: str) -> InvalidRecordError:
    return InvalidRecordError(
        "could not be decided, so neither can its households",
        record=record,
        field="village_id",
        value=village_id,
        rule="identification",
    )


def _unique_villages(
    villages: Sequence[Village], failures: list[RecordFailure]
) -> dict[str, tuple[int, Village]]:
    """Villages by id (first occurrence); later duplicates fail."""
    by_id: dict[str, tuple[int, Village]] = {}
    for index, village in enumerate(villages):
        if village.village_id in by_id:
            first = by_id[village.village_id][0]
            failures.append(
                _failure(
                    "village",
                    index,
                    village.village_id,
                    InvalidRecordError(
                        f"is a duplicate of villages[{first}]",
                        record=f"village {village.village_id}",
                        field="village_id",
                        value=village.village_id,
                        rule="identification",
                    ),
                )
            )
            continue
        by_id[village.village_id] = (index, village)
    return by_id


@frozen
class _Run:
    """One identification over objects: the decisions so far and the failures."""

    round: int
    standards: Standards
    as_of: dt.date | None
    villages: dict[str, tuple[int, Village]]
    failures: list[RecordFailure]
    village_decisions: dict[int, Decision] = field(factory=dict)
    failed_villages: dict[str, ShuangdaoError] = field(factory=dict)
    household_decisions: dict[int, Decision] = field(factory=dict)
    members: dict[int, tuple[str, int]] = field(factory=dict)


def _decide_villages(run: _Run, poor_persons: Mapping[str, int] | None = None) -> None:
    """Every village by its round's rule (round 3: with the count of its poor persons)."""
    for index, village in run.villages.values():
        try:
            if poor_persons is not None:
                decision = identify_village_round3(
                    village,
                    relatively_poor_persons=poor_persons.get(village.village_id, 0),
                    standards=run.standards,
                    as_of=run.as_of,
                )
            else:
                decide_village = (
                    identify_village_round1 if run.round == 1 else identify_village_round2
                )
                decision = decide_village(village, standards=run.standards, as_of=run.as_of)
        except ShuangdaoError as error:
            run.failures.append(_failure("village", index, village.village_id, error))
            run.failed_villages[village.village_id] = error
            continue
        run.village_decisions[index] = decision


def _household_problem(
    run: _Run, household: Household, seen: dict[str, int]
) -> ShuangdaoError | None:
    """Why a household cannot be decided: a duplicate id, or its village unknown or failed."""
    hid, record = household.household_id, f"household {household.household_id}"
    if hid in seen:
        return InvalidRecordError(
            f"is a duplicate of households[{seen[hid]}]",
            record=record,
            field="household_id",
            value=hid,
            rule="identification",
        )
    if household.village_id not in run.villages:
        return UnknownReferenceError(
            "is not a known village",
            record=record,
            field="village_id",
            value=household.village_id,
            rule="identification",
        )
    if household.village_id in run.failed_villages:
        return _not_decided(record, household.village_id)
    return None


def _decide_household(run: _Run, household: Household) -> Decision:
    """One household by its round's rule (rounds 1–2: with its village's decision)."""
    index, village = run.villages[household.village_id]
    if run.round == 1:
        return identify_household_round1(
            household, village=village, standards=run.standards, as_of=run.as_of
        )
    if run.round == 2:
        return identify_household_round2(
            household,
            in_key_village=run.village_decisions[index],
            standards=run.standards,
            as_of=run.as_of,
        )
    return identify_household_round3(household, standards=run.standards, as_of=run.as_of)


def _decide_households(run: _Run, households: Sequence[Household]) -> None:
    """Every household that can be decided; the others fail with the reason."""
    seen: dict[str, int] = {}
    for index, household in enumerate(households):
        hid = household.household_id
        problem = _household_problem(run, household, seen)
        seen.setdefault(hid, index)
        if problem is None:
            try:
                decision = _decide_household(run, household)
            except ShuangdaoError as error:
                problem = error
        if problem is not None:
            run.failures.append(_failure("household", index, hid, problem))
            continue
        run.household_decisions[index] = decision
        run.members[index] = (household.village_id, household.members)


def _poor_persons(run: _Run) -> Counter[str]:
    """The declared aggregation: members of each village's selected households."""
    persons: Counter[str] = Counter()
    for index, decision in run.household_decisions.items():
        if decision.outcome:
            village_id, members = run.members[index]
            persons[village_id] += members
    return persons


def _drop_households_of_failed_villages(run: _Run) -> None:
    """Round 3: a village that could not be decided takes its households with it."""
    for index in list(run.household_decisions):
        village_id = run.members[index][0]
        if village_id in run.failed_villages:
            decision = run.household_decisions.pop(index)
            record = f"household {decision.subject_id}"
            run.failures.append(
                _failure("household", index, decision.subject_id, _not_decided(record, village_id))
            )


def identify_partial(
    villages: Sequence[Village],
    households: Sequence[Household],
    *,
    round: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> PartialIdentification:
    """Decide what can be decided; return decisions by input position and the failures.

    The steps follow the round's declaration (:data:`IDENTIFICATION`): villages first, then
    households with their village's decision (rounds 1–2); or households first, then each
    village with the persons of its selected households (round 3). Duplicate ids: the first
    occurrence is decided, later ones fail. A household whose village is unknown or could
    not be decided fails (in every round). :func:`identify` is this with every failure
    raised; :func:`shuangdao.io.identify_csv` turns the failures into rejections.

    Policy: S1, S3, S5, S18, S19 (see the per-record rules).

    Raises:
        UnknownReferenceError: ``round`` is not 1, 2 or 3.

    Example:
        >>> from shuangdao import Household, Village
        >>> v = Village(village_id="v1", per_capita_income="5000", collective_income="1000")
        >>> h = Household(household_id="h1", village_id="v9", members=2, income="6000",
        ...               has_labour_capacity=True)
        >>> partial = identify_partial([v], [h], round=2)
        >>> sorted(partial.villages), sorted(partial.households)
        ([0], [])
        >>> [(f.kind, f.index, f.subject_id) for f in partial.failures]
        [('household', 0, 'h1')]
    """
    round_number = round
    if isinstance(round_number, bool) or round_number not in (1, 2, 3):
        raise UnknownReferenceError(
            "is not a round with identification rules (1, 2, 3)", field="round", value=round_number
        )
    failures: list[RecordFailure] = []
    run = _Run(
        round_number, _standards(standards), as_of, _unique_villages(villages, failures), failures
    )
    spec = IDENTIFICATION[round_number]
    if not spec.households_first:
        _decide_villages(run)
    _decide_households(run, households)
    if spec.poor_persons is not None:
        _decide_villages(run, _poor_persons(run))
        _drop_households_of_failed_villages(run)
    persons = sum(run.members[i][1] for i, d in run.household_decisions.items() if d.outcome)
    failures.sort(key=lambda f: (f.kind != "village", f.index))
    return PartialIdentification(
        round=round_number,
        villages=run.village_decisions,
        households=run.household_decisions,
        failures=tuple(failures),
        persons_selected=persons,
    )


@declared(*IDENTIFICATION_RULES[:-1])
def identify(
    villages: Iterable[Village],
    households: Iterable[Household],
    *,
    round: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> IdentificationResult:
    """Decide every village and household of one round (the object path).

    Round 1: designated villages (:func:`identify_village_round1`), then households
    (:func:`identify_household_round1`). Round 2: key villages, then households with
    ``in_key_village`` from their village's decision. Round 3: households first, then each
    village with the number of relatively poor **persons** (members of its relatively poor
    households) counted from those decisions.

    Errors are collected, not raised one by one: duplicate ids (every occurrence after the
    first), households in unknown villages or in villages that could not be decided, and any
    record a rule rejects are raised together as one :class:`RecordErrors` with paths
    (``$.households[3]``). Use :mod:`shuangdao.io` to get the rest decided and the problems
    listed as rejections instead.

    Policy: S1, S3, S5, S18, S19 (see the per-record rules).

    Raises:
        RecordErrors: One or more records could not be decided.
        UnknownReferenceError: ``round`` is not 1, 2 or 3.

    Example:
        >>> from shuangdao import Household, Village
        >>> v = Village(village_id="v1", per_capita_income="5000", collective_income="1000")
        >>> h = Household(household_id="h1", village_id="v1", members=2, income="6000",
        ...               has_labour_capacity=True)
        >>> result = identify([v], [h], round=2)
        >>> result.villages_selected, result.households_selected, result.persons_selected
        (1, 1, 2)
    """
    village_list = list(villages)
    household_list = list(households)
    partial = identify_partial(
        village_list, household_list, round=round, standards=standards, as_of=as_of
    )
    if partial.failures:
        located = [(f"$.{f.kind}s[{f.index}]", f.error) for f in partial.failures]
        raise RecordErrors.from_errors(
            f"{len(partial.failures)} record(s) could not be decided in round {round}", located
        )
    return IdentificationResult(
        round=round,
        villages=[partial.villages[i] for i in sorted(partial.villages)],
        households=[partial.households[i] for i in sorted(partial.households)],
        persons_selected=partial.persons_selected,
    )


# Documented (and pickled) where they are public. Their annotations are resolved here first,
# where the names they use are imported (the package does not import them).
for _record in (IdentificationResult, PartialIdentification, RecordFailure):
    attrs.resolve_types(_record)
del _record
IdentificationResult.__module__ = "shuangdao.rules.identification"
identify.__module__ = "shuangdao.rules.identification"
PartialIdentification.__module__ = "shuangdao.rules.identification"
RecordFailure.__module__ = "shuangdao.rules.identification"
identify_partial.__module__ = "shuangdao.rules.identification"
