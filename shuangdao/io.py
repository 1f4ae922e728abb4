r"""Reading villages and households from CSV, and writing decisions back (core deps only).

This module is the file contract of ``shuangdao identify`` and is shared by the CLI and the
batch engine. It never drops a row silently: every data row of an input file is either
turned into a record (and later decided) or listed as a :class:`~shuangdao.ingest.Rejection`.

Input files
    The CSV file contract (UTF-8 with or without a byte-order mark, a header row, RFC 4180
    quoting, blank lines skipped, malformed rows rejected one by one with their line) and
    the cell grammar (money, whole numbers, yes/no spellings, ids, missing values) are
    :mod:`shuangdao.ingest`'s, shared by every door: these readers, the batch path on
    Parquet/Arrow/pandas/polars, JSON and the model constructors. Column names are stripped
    and columns not listed below are ignored. A required column absent from the header, a
    duplicate column name, an unreadable, empty or non-UTF-8 file is a file-level error
    (:class:`~shuangdao.errors.InvalidRecordError` naming the file), not a rejection.

    ``villages``: ``village_id``, ``per_capita_income``, ``collective_income``; round 1 also
    ``designated``; round 3 also ``registered_population``; optional ``county_id``. Incomes
    may be missing where the round's rule does not read them (round 1 with caller-supplied
    designation; round 3's collective income); a rule that needs a missing value rejects
    the row.

    ``households``: ``household_id``, ``village_id``, ``members`` (whole number >= 1),
    ``income`` (total annual yuan), ``has_labour_capacity``; all required.

    Incomes are read as **net** income in rounds 1–2 and **disposable** income at 2014 prices
    in round 3 (the round decides the caliber).

Rows and rejections
    ``row`` is the 1-based number of the data row: the header is not counted, and completely
    blank lines are skipped and not counted (so row *n* is the *n*-th record, as pandas
    numbers them from 0). A :class:`~shuangdao.ingest.Rejection` has ``file``
    ``"villages"`` or ``"households"``, ``row``, ``id`` (the id as read, ``""`` if missing),
    ``field`` (the offending column, ``""`` for a whole-row problem), ``error`` (one
    sentence) and ``line`` (the file line the row starts on). Rows are rejected for: a
    malformed row (a stray quote, a cell over 131,072 characters, more values than the
    header), a missing or malformed value, a value the model refuses (``members`` 0,
    negative income, more than two decimals), a household whose village is not in the
    villages file or whose village row was rejected, a **duplicate id (the first valid
    occurrence is kept and decided; every later one is rejected)**, and any record a rule
    cannot decide (e.g. a round-3 village with ``registered_population`` 0). The first
    problem of a row, in that order (cells in column order), is the one reported.

Outputs
    :func:`write_identification` writes ``villages.csv``
    (``village_id,selected,reason,certainty``), ``households.csv``
    (``household_id,poor,reason,certainty``) and ``rejected.csv``
    (``file,row,id,field,error``), UTF-8 without BOM, ``\n`` line endings, rows in input
    order; ``selected``/``poor`` are ``true``/``false``, ``reason`` is the decision's
    stable code and ``certainty`` the weakest certainty among the values the decision read
    (``confirmed``, ``derived``, ``recalled``, ``assumed``; appended in 0.2.0, columns are
    never renamed or reordered). The three files are replaced as a set (all or none, also
    when interrupted; no temporary file is left), with the mode a new file gets under the
    umask (``0644``).
    A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return (or the
    full-width ``＝ ＋ － ＠``) or an apostrophe is written with a leading ``'`` so that a
    spreadsheet does not run it as a formula, unless it is a plain number such as ``-5.00``
    (:mod:`shuangdao._output`).

Example:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "v.csv").write_text("village_id,per_capita_income,collective_income\n"
    ...                                   "v1,5622.99,29999.99\n")
    >>> _ = (folder / "h.csv").write_text(
    ...     "household_id,village_id,members,income,has_labour_capacity\n"
    ...     "h1,v1,4,12371.99,true\nh2,v9,4,100,true\n")
    >>> result = identify_csv(folder / "v.csv", folder / "h.csv", round=2)
    >>> [d.code for d in result.households], [r.field for r in result.rejections]
    (['selected'], ['village_id'])
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from shuangdao import _output
from shuangdao.errors import UnknownReferenceError
from shuangdao.explain import Decision
from shuangdao.ingest import (
    CONTRACTS,
    FALSE_SPELLINGS,
    REJECTED_COLUMNS,
    TRUE_SPELLINGS,
    read_households,
    read_villages,
    row_problems,
)
from shuangdao.ingest import Rejection as _Rejection
from shuangdao.model import Household, Village
from shuangdao.rules.identification import IdentificationResult, identify_partial, village_rule
from shuangdao.standards import Standards, default_standards

__all__ = [
    "BOOLEAN_FALSE",
    "BOOLEAN_TRUE",
    "CsvIdentification",
    "HOUSEHOLD_COLUMNS",
    "HOUSEHOLD_OUTPUT_COLUMNS",
    "IDENTIFICATION_FILES",
    "VILLAGE_COLUMNS",
    "VILLAGE_OUTPUT_COLUMNS",
    "identify_csv",
    "read_households_csv",
    "read_villages_csv",
    "write_csv_atomic",
    "write_identification",
]

BOOLEAN_TRUE: Final = frozenset(TRUE_SPELLINGS)
"""Accepted spellings of true (ASCII letters compared case-insensitively)."""
BOOLEAN_FALSE: Final = frozenset(FALSE_SPELLINGS)
"""Accepted spellings of false (ASCII letters compared case-insensitively)."""

VILLAGE_COLUMNS: Final = {r: CONTRACTS["villages"].header(r) for r in (1, 2, 3)}
"""Required columns of the villages file, by round."""

HOUSEHOLD_COLUMNS: Final = CONTRACTS["households"].header()
"""Required columns of the households file (every round)."""


def __getattr__(name: str) -> Any:
    """``shuangdao.io.Rejection`` is kept importable for one release (0.2), deprecated."""
    if name == "Rejection":
        warnings.warn(
            "shuangdao.io.Rejection is deprecated; use shuangdao.ingest.Rejection "
            "(the one rejection class)",
            DeprecationWarning,
            stacklevel=2,
        )
        return _Rejection
    raise AttributeError(name)


def _check_round(round_number: int) -> None:
    if isinstance(round_number, bool) or round_number not in VILLAGE_COLUMNS:
        raise UnknownReferenceError(
            "is not a round with identification rules (1, 2, 3)", field="round", value=round_number
        )


def read_villages_csv(path: str | Path, *, round: int) -> tuple[list[Village], list[_Rejection]]:
    """Read a villages file for ``round``; return the villages and the rejected rows.

    The file contract and the cell grammar are :mod:`shuangdao.ingest`'s.

    Raises:
        InvalidRecordError: A file-level problem (unreadable, not UTF-8, empty, a duplicate
            or missing required column).
        UnknownReferenceError: ``round`` is not 1, 2 or 3.
    """
    _check_round(round)
    read = read_villages(path, round=round)
    return [village for _, village in read.records], read.rejected


def read_households_csv(
    path: str | Path,
    *,
    round: int,
    village_ids: Collection[str],
    rejected_village_ids: Collection[str] = (),
) -> tuple[list[Household], list[_Rejection]]:
    """Read a households file for ``round``; return the households and the rejected rows.

    ``village_ids`` are the accepted villages; a household elsewhere is rejected (with a
    clearer message if its village is among ``rejected_village_ids``).

    Raises:
        InvalidRecordError: A file-level problem (unreadable, not UTF-8, empty, a duplicate
            or missing required column).
        UnknownReferenceError: ``round`` is not 1, 2 or 3.
    """
    _check_round(round)
    ids = village_ids if isinstance(village_ids, set | frozenset | dict) else set(village_ids)
    read = read_households(
        path, round=round, village_ids=ids, rejected_village_ids=set(rejected_village_ids)
    )
    return [household for _, household in read.records], read.rejected


def _rejections(value: Iterable[_Rejection]) -> tuple[_Rejection, ...]:
    """Convert to a tuple."""
    return tuple(value)


def _decisions(value: Iterable[Decision] | None) -> tuple[Decision, ...] | None:
    """Convert to a tuple (``None``: decided by the batch path, expanded on demand)."""
    return None if value is None else tuple(value)


@frozen
class CsvIdentification:
    """The outcome of :func:`identify_csv`: decisions in input order plus rejections.

    When the ``frame`` extra is installed the files are decided by the columnar path
    (:func:`shuangdao.batch.identify`) and each :class:`~shuangdao.explain.Decision` is
    built only when asked for (:meth:`decision`, or all of them through :attr:`villages` and
    :attr:`households`); :meth:`outcomes` reads the decisions without building them.

    Attributes:
        round: The round.
        rejections: Every row that could not be decided (villages first, by row).
        village_rows: Data rows read from the villages file.
        household_rows: Data rows read from the households file.
        persons_selected: Members of the selected households.
    """

    round: int
    _villages: tuple[Decision, ...] | None = field(converter=_decisions, alias="villages")
    _households: tuple[Decision, ...] | None = field(converter=_decisions, alias="households")
    rejections: tuple[_Rejection, ...] = field(converter=_rejections)
    village_rows: int
    household_rows: int
    persons_selected: int = 0
    _batch: Any = field(default=None, alias="batch", repr=False, eq=False)
    _cache: dict[str, tuple[Decision, ...]] = field(factory=dict, init=False, repr=False, eq=False)

    @property
    def villages(self) -> tuple[Decision, ...]:
        """Decisions for the decided village rows, in file order."""
        return self._expanded("villages")

    @property
    def households(self) -> tuple[Decision, ...]:
        """Decisions for the decided household rows, in file order."""
        return self._expanded("households")

    def _expanded(self, file: str) -> tuple[Decision, ...]:
        own = self._villages if file == "villages" else self._households
        if own is not None:
            return own
        if file not in self._cache:
            key = "village_id" if file == "villages" else "household_id"
            table = getattr(self._batch, file)
            self._cache[file] = tuple(
                self._batch.decision(**{key: subject}) for subject in table.column(key).to_pylist()
            )
        return self._cache[file]

    def outcomes(self, file: str) -> Iterator[tuple[str, bool, str]]:
        """``(id, outcome, code)`` of every decided row of ``file``, in file order.

        Reads the batch result's columns directly (no :class:`Decision` is built).
        """
        if self._batch is None:
            for decision in self.villages if file == "villages" else self.households:
                yield decision.subject_id, bool(decision.outcome), decision.code
            return
        table = getattr(self._batch, file)
        names = (
            ("village_id", "selected", "reason")
            if file == "villages"
            else ("household_id", "poor", "reason")
        )
        for batch in table.select(list(names)).to_batches(max_chunksize=65_536):
            ids, flags, reasons = batch.columns
            if hasattr(reasons, "dictionary"):  # decode once per piece, not per value
                words = reasons.dictionary.to_pylist()
                codes = [words[i] for i in reasons.indices.to_numpy(zero_copy_only=False)]
            else:
                codes = reasons.to_pylist()
            yield from zip(
                ids.to_pylist(), flags.to_numpy(zero_copy_only=False).tolist(), codes, strict=True
            )

    def selected(self, file: str) -> int:
        """How many decided rows of ``file`` were selected (villages) or poor (households)."""
        if self._batch is None:
            return sum(1 for _, outcome, _ in self.outcomes(file) if outcome)
        import pyarrow.compute as pc

        column = getattr(self._batch, file).column("selected" if file == "villages" else "poor")
        return int(pc.sum(pc.cast(column, "int64")).as_py() or 0)

    def certainties(self, file: str) -> Iterator[str]:
        """The certainty of every decided row of ``file``, in file order (as :meth:`outcomes`).

        The weakest certainty among the values each decision read (``confirmed``,
        ``derived``, ``recalled``, ``assumed``), as
        :attr:`~shuangdao.explain.Decision.certainty`.

        .. versionadded:: 0.2.0 (issue 15)
        """
        if self._batch is None:
            for decision in self.villages if file == "villages" else self.households:
                yield decision.certainty.value
            return
        column = getattr(self._batch, file).column("certainty")
        for chunk in column.chunks:
            if hasattr(chunk, "dictionary"):  # decode once per piece, not per value
                words = chunk.dictionary.to_pylist()
                yield from (words[i] for i in chunk.indices.to_numpy(zero_copy_only=False))
            else:
                yield from chunk.to_pylist()

    def decision(self, file: str, record_id: str) -> Decision | None:
        """The decision of ``record_id`` in ``file`` (``None`` if it was not decided)."""
        if self._batch is None:
            for item in self.villages if file == "villages" else self.households:
                if item.subject_id == record_id:
                    return item
            return None
        key = "village_id" if file == "villages" else "household_id"
        table = getattr(self._batch, file)
        if record_id not in set(table.column(key).to_pylist()):
            return None
        found: Decision = self._batch.decision(**{key: record_id})
        return found

    @property
    def result(self) -> IdentificationResult:
        """The decisions as an :class:`~shuangdao.rules.identification.IdentificationResult`."""
        return IdentificationResult(
            round=self.round,
            villages=self.villages,
            households=self.households,
            persons_selected=self.persons_selected,
        )

    def rejection(self, file: str, record_id: str) -> _Rejection | None:
        """Return the first rejection of ``record_id`` in ``file``, if any.

        A rejected row has one rejection per failing field: :meth:`problems` gives them all.
        """
        problems = self.problems(file, record_id)
        return problems[0] if problems else None

    def problems(self, file: str, record_id: str) -> tuple[_Rejection, ...]:
        """Every problem of the rejected row of ``record_id`` in ``file`` (empty if none).

        One rejection per failing field of the first rejected row with that id, in the
        contract's column order (what ``shuangdao explain`` prints for a rejected record).
        """
        return row_problems(self.rejections, record_id, file=file)


def _frame_available() -> bool:
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        return False
    return True


def identify_csv(
    villages_path: str | Path,
    households_path: str | Path,
    *,
    round: int,
    standards: Standards | None = None,
    as_of: dt.date | None = None,
) -> CsvIdentification:
    """Read both files, decide every row that can be decided, list the rest as rejections.

    The counts add up: ``len(villages) + rejected villages == village_rows`` and the same for
    households. With the ``frame`` extra the rows are decided by the columnar path
    (:func:`shuangdao.batch.identify`, also for ``.parquet`` files); without it, record by
    record. Both read the files with the same grammar and give the same decisions and
    rejections.

    Policy: S1, S3, S5, S18, S19 (see :mod:`shuangdao.rules.identification`).

    Raises:
        InvalidRecordError: A file-level problem with either file.
        UnknownReferenceError: ``round`` is not 1, 2 or 3.
    """
    _check_round(round)
    if _frame_available():
        from shuangdao import batch

        decided = batch.identify(
            villages_path, households_path, round=round, standards=standards, as_of=as_of
        )
        villages_read, households_read = decided._villages, decided._households
        return CsvIdentification(
            round=round,
            villages=None,
            households=None,
            rejections=[*villages_read.rejected, *households_read.rejected],
            village_rows=villages_read.n_rows,
            household_rows=households_read.n_rows,
            persons_selected=decided.summary().persons_selected,
            batch=decided,
        )
    return _identify_rows(villages_path, households_path, round, standards, as_of)


def _identify_rows(
    villages_path: str | Path,
    households_path: str | Path,
    round: int,
    standards: Standards | None,
    as_of: dt.date | None,
) -> CsvIdentification:
    """Decide record by record (core dependencies only)."""
    s = default_standards() if standards is None else standards
    measure = s.round(round).income_measure
    villages_read = read_villages(
        villages_path, round=round, measure=measure, rule=village_rule(round, s), standards=s
    )
    villages = villages_read.records
    accepted_ids = {village.village_id for _, village in villages}
    rejected_ids = {r.id for r in villages_read.rejected if r.id} - accepted_ids
    households_read = read_households(
        households_path,
        round=round,
        village_ids=accepted_ids,
        rejected_village_ids=rejected_ids,
        measure=measure,
    )
    households = households_read.records
    partial = identify_partial(
        [v for _, v in villages],
        [h for _, h in households],
        round=round,
        standards=standards,
        as_of=as_of,
    )
    village_decisions, household_decisions = partial.villages, partial.households
    rejections = [*villages_read.rejected, *households_read.rejected]
    for failure in partial.failures:
        rows = villages if failure.kind == "village" else households
        rejections.append(
            _Rejection(
                file=f"{failure.kind}s",
                row=rows[failure.index][0],
                id=failure.subject_id,
                field=failure.error.field or "",
                error=str(failure.error),
                line=(villages_read if failure.kind == "village" else households_read).lines.get(
                    rows[failure.index][0]
                ),
            )
        )
    rejections.sort(key=lambda r: (r.file != "villages", r.row))
    return CsvIdentification(
        round=round,
        villages=[village_decisions[i] for i in sorted(village_decisions)],
        households=[household_decisions[i] for i in sorted(household_decisions)],
        rejections=rejections,
        village_rows=villages_read.n_rows,
        household_rows=households_read.n_rows,
        persons_selected=partial.persons_selected,
    )


IDENTIFICATION_FILES: Final = ("villages.csv", "households.csv", "rejected.csv")
"""The files :func:`write_identification` writes, in order."""

_IDENTIFICATION_FILES: Final = IDENTIFICATION_FILES  # the command line's old name (to move)

VILLAGE_OUTPUT_COLUMNS: Final = ("village_id", "selected", "reason", "certainty")
"""Columns of ``villages.csv`` (``certainty`` appended in 0.2.0, issue 15)."""

HOUSEHOLD_OUTPUT_COLUMNS: Final = ("household_id", "poor", "reason", "certainty")
"""Columns of ``households.csv`` (``certainty`` appended in 0.2.0, issue 15)."""


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def write_csv_atomic(
    path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Write one CSV file atomically (temporary file in the same folder, then replace).

    Text cells are escaped for spreadsheets and the file gets the umask's mode (see
    :mod:`shuangdao._output`).

    Raises:
        OSError: The folder is not writable (no file is left behind).
    """
    _write_all([(Path(path), header, rows)])


def _write_all(files: Sequence[tuple[Path, Sequence[str], Iterable[Sequence[object]]]]) -> None:
    """Write several CSV files as one set (all replaced or none; :func:`_output.write_files`)."""
    _output.write_files(
        [(target, _output.csv_file(header, rows)) for target, header, rows in files]
    )


def write_identification(out_dir: str | Path, result: CsvIdentification) -> tuple[Path, Path, Path]:
    """Write ``villages.csv``, ``households.csv`` and ``rejected.csv`` into ``out_dir``.

    The folder is created if needed. The three files are replaced as a set: all of them or,
    if anything fails or the process is interrupted, none (no temporary file is left). Text
    cells are escaped for spreadsheets (see :mod:`shuangdao._output`).

    Returns:
        The three paths, in that order.

    Raises:
        OSError: The folder cannot be created or written (no temporary file is left).
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    villages, households, rejected = (folder / name for name in IDENTIFICATION_FILES)
    paths = (villages, households, rejected)
    _write_all(
        [
            (
                paths[0],
                VILLAGE_OUTPUT_COLUMNS,
                (
                    (i, _bool_text(o), c, k)
                    for (i, o, c), k in zip(
                        result.outcomes("villages"), result.certainties("villages"), strict=True
                    )
                ),
            ),
            (
                paths[1],
                HOUSEHOLD_OUTPUT_COLUMNS,
                (
                    (i, _bool_text(o), c, k)
                    for (i, o, c), k in zip(
                        result.outcomes("households"), result.certainties("households"), strict=True
                    )
                ),
            ),
            (
                paths[2],
                REJECTED_COLUMNS,
                ((r.file, r.row, r.id, r.field, r.error) for r in result.rejections),
            ),
        ]
    )
    return paths
