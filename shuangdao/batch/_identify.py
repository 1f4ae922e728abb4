"""Identification over numpy columns: the columnar evaluator of the declared rules.

Nothing about the policy is written here. Each round's rules and how they link (which
household input is its village's outcome, which village input counts the members of its
selected households, which criterion gives the margin) are declared once in
:mod:`shuangdao.rules.identification` (:data:`~shuangdao.rules.identification.IDENTIFICATION`)
and evaluated with :meth:`shuangdao.declare.BoundRule.evaluate`, on the exact integer kernel
(:mod:`shuangdao.declare.kernel`): money is integer fen, thresholds are read from the
standards as exact Decimals and compared in integers, margins are the per-capita margins
rounded half-even to 0.0001 yuan that the object path reports. No float is ever compared.

This module only feeds columns to the evaluator: households in pieces of :data:`CHUNK` rows
on a small thread pool, and the links between villages and households.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pyarrow as pa

from shuangdao.batch._load import Chunk
from shuangdao.batch._threads import parallel_map
from shuangdao.citations import Certainty
from shuangdao.declare import BoundRule, Evaluated, certainty_array, codes_array
from shuangdao.declare.kernel import SAFE
from shuangdao.model import HouseholdClass
from shuangdao.rules.identification import IDENTIFICATION, RoundIdentification
from shuangdao.standards import Standards

__all__ = [
    "CHUNK",
    "Decided",
    "bound_rules",
    "certainty_column",
    "decide_households",
    "evaluate_households",
    "evaluate_villages",
    "flag_column",
    "household_class_column",
    "identify_columns",
    "poor_persons_by_village",
    "reason_codes",
]

CHUNK: Final = 1 << 16
"""Rows decided together: temporaries stay in the CPU cache and memory stays bounded."""


def bound_rules(
    round: int, standards: Standards
) -> tuple[RoundIdentification, BoundRule, BoundRule]:
    """The round's declaration and its village and household rules bound to ``standards``."""
    spec = IDENTIFICATION[round]
    return spec, spec.village(standards).bind(standards), spec.household.bind(standards)


@dataclass(slots=True)
class Decided:
    """Vectorised decisions of one round (accepted rows only, in input order).

    Attributes:
        village_selected: Where each village's rule holds.
        village_bits: Failing-criteria bit patterns of the villages (``int32``).
        household_selected: Where each household's rule holds.
        household_bits: Failing-criteria bit patterns of the households (``int32``).
        margin: Household margins in 0.0001 yuan (``int64`` or Python ints), or the
            ``(n, 2)`` int64 words of ``decimal128`` values (from :func:`decide_households`).
        poor_persons: Round 3: members of the selected households per village.
        village_certainty: Certainty of every village decision.
        household_certainty: Certainty of every household decision.
        village_names: The village rule's criteria (for the codes).
        household_names: The household rule's criteria.
    """

    village_selected: np.ndarray[Any, Any]
    village_bits: np.ndarray[Any, Any]
    household_selected: np.ndarray[Any, Any]
    household_bits: np.ndarray[Any, Any]
    margin: np.ndarray[Any, Any]
    poor_persons: np.ndarray[Any, Any] | None
    village_certainty: Certainty
    household_certainty: Certainty
    village_names: tuple[str, ...]
    household_names: tuple[str, ...]


def reason_codes(bits: np.ndarray[Any, Any], names: Sequence[str]) -> pa.Array:
    """Reason codes (``selected`` / ``not:a+b``) from failing-criteria bit patterns.

    The patterns come from the rule's criteria (:func:`decide_households`,
    :attr:`~shuangdao.declare.Evaluated.bits`), so each is a valid index of the codes.
    """
    return codes_array(bits, names, in_range=True)


def flag_column(flags: np.ndarray[Any, Any]) -> pa.BooleanArray:
    """A boolean column from a numpy boolean array, bit-packed by numpy.

    The same array as ``pa.array(flags)`` (no nulls), built with :func:`numpy.packbits`
    (Arrow's bitmap is little-endian in bit order), which is many times faster than Arrow's
    conversion of numpy booleans.
    """
    values = np.asarray(flags, dtype=bool)
    packed = np.packbits(values, bitorder="little")
    array = pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(packed)])
    assert isinstance(array, pa.BooleanArray)
    return array


def certainty_column(n: int, certainty: Certainty) -> pa.Array:
    """The ``certainty`` column: one dictionary-encoded value on every row."""
    return certainty_array(n, certainty)


def household_columns(
    spec: RoundIdentification,
    piece: dict[str, np.ndarray[Any, Any]],
    village_selected: np.ndarray[Any, Any] | None,
) -> dict[str, np.ndarray[Any, Any]]:
    """The household rule's inputs: the loaded columns and the declared village link."""
    columns = dict(piece)
    if spec.village_outcome is not None and spec.village_outcome not in columns:
        assert village_selected is not None
        columns[spec.village_outcome] = village_selected[piece["village"]]
    return columns


def evaluate_households(
    spec: RoundIdentification,
    rule: BoundRule,
    piece: dict[str, np.ndarray[Any, Any]],
    village_selected: np.ndarray[Any, Any] | None,
    village_certainty: Certainty,
    *,
    margin: bool = False,
) -> Evaluated:
    """The household rule over one piece of validated columns (``village`` = positions).

    ``margin``: also the per-capita margins (0.0001 yuan, half-even) of the declared margin
    criterion (:attr:`~shuangdao.declare.Evaluated.margin`), computed with its comparison.
    """
    certainties = {spec.village_outcome: village_certainty} if spec.village_outcome else None
    return rule.evaluate(
        household_columns(spec, piece, village_selected),
        certainties=certainties,
        margin=spec.margin if margin else None,
    )


def evaluate_villages(
    spec: RoundIdentification,
    rule: BoundRule,
    village: dict[str, np.ndarray[Any, Any]],
    *,
    poor_persons: np.ndarray[Any, Any] | None = None,
    household_certainty: Certainty = Certainty.CONFIRMED,
) -> Evaluated:
    """The village rule over validated village columns (round 3 needs ``poor_persons``)."""
    columns = dict(village)
    certainties = None
    if spec.poor_persons is not None:
        assert poor_persons is not None
        columns[spec.poor_persons] = poor_persons
        certainties = {spec.poor_persons: household_certainty}
    return rule.evaluate(columns, certainties=certainties)


def poor_persons_by_village(
    members: np.ndarray[Any, Any],
    selected: np.ndarray[Any, Any],
    household_village: np.ndarray[Any, Any],
    n_villages: int,
) -> np.ndarray[Any, Any]:
    """Members of the selected households, summed per village (exact)."""
    poor_members = np.where(selected, members, 0)
    if not len(members) or int(members.max()) * len(members) < 2**53:
        return np.bincount(household_village, weights=poor_members, minlength=n_villages).astype(
            np.int64
        )
    total = np.zeros(n_villages, dtype=object)
    np.add.at(total, household_village, poor_members.astype(object))
    return total


def _pooled(n: int, dtype: Any) -> np.ndarray[Any, Any]:
    """An uninitialised array in Arrow's memory pool.

    The pool keeps freed pages for the next run (no page faults, unlike fresh ``mmap``), and
    the result columns are then built on these buffers without a copy.
    """
    return np.frombuffer(pa.allocate_buffer(n * np.dtype(dtype).itemsize), dtype=dtype)


def _units_to_words(units: np.ndarray[Any, Any], out: np.ndarray[Any, Any]) -> None:
    """Write integer units as the (low, high) int64 words of ``decimal128`` values."""
    if units.dtype != object:
        out[:, 0] = units
        np.right_shift(units, 63, out=out[:, 1])
        return
    for i, unit in enumerate(units.tolist()):
        low = unit & 0xFFFF_FFFF_FFFF_FFFF
        out[i, 0] = low - (1 << 64) if low >= 1 << 63 else low
        out[i, 1] = unit >> 64


def decide_households(
    round: int,
    standards: Standards,
    chunks: Sequence[dict[str, np.ndarray[Any, Any]]],
    *,
    village_selected: np.ndarray[Any, Any] | None,
    n_villages: int,
    village_certainty: Certainty = Certainty.CONFIRMED,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any], Any, Certainty]:
    """Decide validated households chunk by chunk with the declared household rule.

    ``chunks`` hold ``members``, ``income`` (fen), ``has_labour_capacity`` and ``village``
    (village positions) of consecutive accepted rows. Each chunk is cut into pieces of
    :data:`CHUNK` rows, evaluated with their margins (:func:`evaluate_households`)
    and written into preallocated outputs, so the only full-length arrays are the results.
    Pieces are independent and write disjoint slices, so they are decided on a small thread
    pool (numpy releases the GIL in its loops; ``SHUANGDAO_THREADS=1`` turns it off);
    per-village sums of round 3 are exact integer sums, so the result does not depend on
    the order pieces finish in.

    Returns:
        ``(selected, bits, margin_words, poor_persons, certainty)``: the selected flags, the
        failing-criteria bit pattern (``int32``), the margins as ``(n, 2)`` int64 words of
        ``decimal128`` values in 0.0001 yuan, (round 3) the members of selected households
        per village, else ``None``, and the certainty of every household decision.
    """
    spec, _, rule = bound_rules(round, standards)
    n = sum(len(chunk["members"]) for chunk in chunks)
    chosen = _pooled(n, np.bool_)
    bits = _pooled(n, np.int32)
    words = _pooled(2 * n, np.int64).reshape(n, 2)
    # The village outcome of each household, spread from the loader's runs of equal
    # villages when it kept them (one lookup per run, not per household).
    spread = spec.village_outcome is not None and all(isinstance(chunk, Chunk) for chunk in chunks)
    names = ["members", "income", "has_labour_capacity"]
    if not spread or spec.poor_persons is not None:
        names.append("village")
    tasks: list[tuple[int, dict[str, np.ndarray[Any, Any]]]] = []
    start = 0
    for chunk in chunks:
        size = len(chunk["members"])
        columns = {name: chunk[name] for name in names}
        if spread:
            assert village_selected is not None
            assert spec.village_outcome is not None
            columns[spec.village_outcome] = chunk.village_runs.take(village_selected)  # type: ignore[attr-defined]
        for lo in range(0, size, CHUNK):
            piece = {name: column[lo : lo + CHUNK] for name, column in columns.items()}
            tasks.append((start, piece))
            start += len(piece["members"])
    certainty = rule.certainty
    if spec.village_outcome is not None:
        certainty = Certainty.weakest(certainty, village_certainty)

    def decide(task: tuple[int, dict[str, np.ndarray[Any, Any]]]) -> Any:
        first, piece = task
        stop = first + len(piece["members"])
        evaluated = evaluate_households(
            spec, rule, piece, village_selected, village_certainty, margin=True
        )
        holds = evaluated.holds
        # The bit pattern of the criteria that hold, in bytes, then flipped.
        scratch = np.empty(len(piece["members"]), dtype=np.uint8)
        pattern = holds[0].astype(np.uint8)
        for position, held in enumerate(holds[1:], start=1):
            pattern |= np.left_shift(held.view(np.uint8), position, out=scratch)
        pattern ^= (1 << len(holds)) - 1
        bits[first:stop] = pattern
        ok = np.equal(pattern, 0, out=chosen[first:stop])
        assert evaluated.margin is not None
        _units_to_words(evaluated.margin, words[first:stop])
        if spec.poor_persons is None:
            return None
        return poor_persons_by_village(piece["members"], ok, piece["village"], n_villages)

    parts = parallel_map(decide, tasks)
    poor_persons: Any = None
    if spec.poor_persons is not None:
        bound = sum(
            (int(piece["members"].max()) if len(piece["members"]) else 0) * len(piece["members"])
            for _, piece in tasks
        )
        poor_persons = np.zeros(n_villages, dtype=object if bound >= SAFE else np.int64)
        for part in parts:
            poor_persons = poor_persons + part
    return chosen, bits, words, poor_persons, certainty


HOUSEHOLD_CLASSES: Final = tuple(c.value for c in HouseholdClass)
"""The values of the ``household_class`` column, in dictionary order."""


def household_class_column(
    rule: BoundRule,
    chunks: Sequence[dict[str, np.ndarray[Any, Any]]],
    selected: np.ndarray[Any, Any],
) -> pa.DictionaryArray:
    """The declared class rule over the households (round 1: welfare or development).

    ``chunks`` hold ``members`` and ``income`` (fen) of consecutive accepted rows and
    ``selected`` whether each household was identified. The rule reads the identification's
    outcome as ``poor_household``: where it holds the household is a welfare household,
    where it fails for a selected household a development household, and the class is null
    for a household that was not selected.
    """
    n = len(selected)
    codes = np.zeros(n, dtype=np.int32)
    start = 0
    for chunk in chunks:
        size = len(chunk["members"])
        for lo in range(0, size, CHUNK):
            members = chunk["members"][lo : lo + CHUNK]
            stop = start + len(members)
            poor = np.asarray(selected[start:stop], dtype=bool)
            welfare = rule.evaluate(
                {
                    "poor_household": poor,
                    "income": chunk["income"][lo : lo + CHUNK],
                    "members": members,
                }
            ).outcome
            codes[start:stop] = np.where(welfare, 0, 1)
            start = stop
    indices = pa.array(codes, pa.int32(), mask=~np.asarray(selected, dtype=bool))
    return pa.DictionaryArray.from_arrays(indices, pa.array(HOUSEHOLD_CLASSES))


def identify_columns(
    round: int,
    standards: Standards,
    village: dict[str, np.ndarray[Any, Any]],
    household: dict[str, np.ndarray[Any, Any]],
    household_village: np.ndarray[Any, Any] | None,
    *,
    household_chunks: Sequence[dict[str, np.ndarray[Any, Any]]] | None = None,
) -> Decided:
    """Apply round ``round``'s declared identification rules to validated columns.

    Households come either as whole columns (``household`` and ``household_village``) or,
    from the loader's fast path, as ``household_chunks`` (see :func:`decide_households`).
    The order and the links between the two rules are the declaration's
    (:class:`~shuangdao.rules.identification.RoundIdentification`).
    """
    spec, village_rule, household_rule = bound_rules(round, standards)
    n_villages = len(village["per_capita_income"])
    if household_chunks is None:
        assert household_village is not None
        household_chunks = [
            {
                "members": household["members"],
                "income": household["income"],
                "has_labour_capacity": household["has_labour_capacity"],
                "village": household_village,
            }
        ]
    villages: Evaluated | None = None
    village_selected = None
    if not spec.households_first:
        villages = evaluate_villages(spec, village_rule, village)
        village_selected = villages.outcome
    household_selected, bits, words, poor_persons, household_certainty = decide_households(
        round,
        standards,
        household_chunks,
        village_selected=village_selected,
        n_villages=n_villages,
        village_certainty=village_rule.certainty,
    )
    if villages is None:
        villages = evaluate_villages(
            spec,
            village_rule,
            village,
            poor_persons=poor_persons,
            household_certainty=household_certainty,
        )
    return Decided(
        village_selected=villages.outcome,
        village_bits=villages.bits,
        household_selected=household_selected,
        household_bits=bits,
        margin=words,
        poor_persons=poor_persons,
        village_certainty=villages.certainty,
        household_certainty=household_certainty,
        village_names=village_rule.rule.names,
        household_names=household_rule.rule.names,
    )
