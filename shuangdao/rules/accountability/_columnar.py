"""The columnar evaluator of the 2010 measures' situations (numpy; exact integers).

It evaluates the same declarations as the scalar rules (:data:`~._triggers.TRIGGER_RULES`,
through :meth:`shuangdao.declare.BoundRule.evaluate` on the exact kernel) and returns flags
and reason codes per row, equal row for row to :func:`~._triggers.evaluate_triggers` (property
tests hold them together). numpy is imported lazily: ``import shuangdao`` stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from shuangdao.declare import declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model.accountability import IrregularityKind, TriggerKind
from shuangdao.rules.accountability._triggers import (
    FAIL_SHARE,
    FISCAL_GUARANTEE,
    FUND_SITUATIONS,
    LEADER_VILLAGE,
    irregularity_kinds,
    trigger_levels,
)
from shuangdao.standards import Standards, default_standards
from shuangdao.standards.params import AccountabilityParams as P

if TYPE_CHECKING:
    import numpy as np

    Array = np.ndarray[Any, Any]
else:
    Array = Any


@frozen
class TriggerColumns:
    """The columnar evaluator's result: one row per body and assessment.

    Attributes:
        fail_share: Too many failing villages (``False`` where not evaluated).
        leader_village: A leader took charge of no village (``False`` where not evaluated).
        fiscal_guarantee: No local fiscal guarantee (``False`` where not evaluated).
        funds: One column per kind of ``kinds``: at least one finding of that kind.
        kinds: The fund and poor-list situations, in the standards' order.
        evaluated: Per situation (``"fail_share"``...), whether the row had evidence.
    """

    fail_share: Array
    leader_village: Array
    fiscal_guarantee: Array
    funds: Array
    kinds: tuple[IrregularityKind, ...]
    evaluated: dict[str, Array]

    @property
    def triggered(self) -> Array:
        """Whether any situation of the measures occurred, per row."""
        out = self.fail_share | self.leader_village | self.fiscal_guarantee
        if self.funds.shape[1]:
            out = out | self.funds.any(axis=1)
        return out

    def codes(self) -> list[str]:
        """Per row, the scalar path's codes of the situations that occurred, joined by ``+``.

        Each code is ``triggered:<name>`` as :func:`~._triggers.evaluate_triggers` gives it,
        in the same order; an empty string when none occurred.
        """
        names = [
            (self.fail_share, f"triggered:{TriggerKind.FAIL_SHARE.value}"),
            (self.leader_village, f"triggered:{TriggerKind.LEADER_VILLAGE.value}"),
            (self.fiscal_guarantee, f"triggered:{TriggerKind.FISCAL_GUARANTEE.value}"),
        ]
        names += [
            (self.funds[:, j], f"triggered:{TriggerKind.FUNDS.value}.{kind.value}")
            for j, kind in enumerate(self.kinds)
        ]
        rows = len(self.fail_share)
        return ["+".join(code for flags, code in names if flags[i]) for i in range(rows)]


def _ints(values: Any, name: str, rows: int) -> Array:
    import numpy as np

    array = np.asarray(values)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise InvalidTypeError(f"must be an integer column, not {array.dtype}", field=name)
    if array.shape != (rows,):
        raise InvalidRecordError(f"must have {rows} rows, not {array.shape}", field=name)
    return array.astype(np.int64)


@declared(FAIL_SHARE)
def fail_share_columns(
    *,
    assessment_number: Any,
    failed: Any,
    total: Any,
    standards: Standards | None = None,
) -> Array:
    """Exactly ``failed / total <op> threshold(assessment)`` per row, in integers.

    The columnar evaluator of :data:`~._triggers.FAIL_SHARE` (the declared rule's
    :meth:`~shuangdao.declare.BoundRule.evaluate`, on the exact kernel: ``failed × q <op>
    p × total`` for the share ``p / q``, in Python integers when int64 could overflow). A row
    with ``total`` = -1 is not evaluated (``False``).

    Raises:
        InvalidRecordError: Inconsistent counts (the message names the row).
        MissingParameterError: No threshold for an assessment number.

    Policy: S9 situation 1; S13.

    Example:
        >>> import numpy as np
        >>> fail_share_columns(assessment_number=1, failed=np.array([9, 10]),
        ...                    total=np.array([20, 20])).tolist()
        [False, True]
    """
    import numpy as np

    s = standards or default_standards()
    failed_a = np.asarray(failed)
    rows = failed_a.shape[0] if failed_a.ndim else 0
    failed_a = _ints(failed, "failed", rows)
    total_a = _ints(total, "total", rows)
    numbers = _ints(
        np.broadcast_to(np.asarray(assessment_number), (rows,)), "assessment_number", rows
    )
    recorded = total_a != -1
    bad = recorded & ((total_a < 1) | (failed_a < 0) | (failed_a > total_a))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidRecordError(
            f"failed={int(failed_a[i])} and total={int(total_a[i])} must satisfy "
            "0 <= failed <= total and total >= 1",
            record=f"row {i}",
            field="failed",
            value=int(failed_a[i]),
        )
    out = np.zeros(rows, dtype=bool)
    if recorded.any():
        evaluated = FAIL_SHARE.bind(s).evaluate(
            {
                "failed": failed_a[recorded],
                "total": total_a[recorded],
                "assessment_number": numbers[recorded],
            }
        )
        out[recorded] = evaluated.outcome
    return out


@declared(*FUND_SITUATIONS.values(), LEADER_VILLAGE, FISCAL_GUARANTEE, FAIL_SHARE)
def evaluate_trigger_columns(
    *,
    assessment_number: Any,
    failed: Any = None,
    total: Any = None,
    leaders_without_village: Any = None,
    fiscal_guarantee: Any = None,
    findings: Any = None,
    level: Sequence[str] | None = None,
    standards: Standards | None = None,
) -> TriggerColumns:
    """Evaluate the situations of the 2010 measures over columns (one row per body).

    The columnar evaluator of :data:`~._triggers.TRIGGER_RULES` (each declared rule's
    :meth:`~shuangdao.declare.BoundRule.evaluate`); row for row it equals
    :func:`~._triggers.evaluate_triggers` on the same evidence.

    Args:
        assessment_number: The assessment number (one integer, or one per row).
        failed: Failing villages per row (``-1``: not recorded), with ``total``.
        total: Villages assessed per row (``-1``: not recorded).
        leaders_without_village: How many leaders took charge of no village (``-1``: not
            recorded).
        fiscal_guarantee: ``1`` guaranteed, ``0`` not, ``-1`` not recorded.
        findings: Counts of findings, shape ``(rows, kinds)``, columns in the order of
            ``accountability.irregularity_kinds``; ``None``: no findings.
        level: Each row's level; regional evidence at another level than
            ``accountability.trigger_levels`` is an error (as on the scalar path).
        standards: Standards to read.

    Returns:
        A :class:`TriggerColumns`.

    Policy: S9 situations 1–3; S10 (a local copy: provincial or local text uncertain); S13.

    Example:
        >>> import numpy as np
        >>> out = evaluate_trigger_columns(assessment_number=2, failed=np.array([8]),
        ...                                total=np.array([20]), fiscal_guarantee=np.array([1]))
        >>> out.codes()
        ['triggered:fail_share']
    """
    import numpy as np

    s = standards or default_standards()
    given = [c for c in (failed, total, leaders_without_village, fiscal_guarantee) if c is not None]
    if findings is not None:
        given.append(np.asarray(findings))
    if not given:
        raise InvalidRecordError("needs at least one evidence column", field="failed")
    rows = int(np.asarray(given[0]).shape[0])
    missing = -np.ones(rows, dtype=np.int64)
    if (failed is None) != (total is None):
        raise InvalidRecordError("must be given together with failed", field="total")
    totals = missing if total is None else _ints(total, "total", rows)
    fail = (
        np.zeros(rows, dtype=bool)
        if failed is None
        else fail_share_columns(
            assessment_number=assessment_number, failed=failed, total=total, standards=s
        )
    )
    leaders = (
        missing
        if leaders_without_village is None
        else _ints(leaders_without_village, "leaders_without_village", rows)
    )
    guarantee = (
        missing if fiscal_guarantee is None else _ints(fiscal_guarantee, "fiscal_guarantee", rows)
    )
    if ((guarantee < -1) | (guarantee > 1)).any() or (leaders < -1).any():
        raise InvalidRecordError(
            "must be -1 (not recorded), 0 or 1 (leaders: a count >= 0)", field="fiscal_guarantee"
        )
    evaluated = {
        TriggerKind.FAIL_SHARE.value: totals != -1,
        TriggerKind.LEADER_VILLAGE.value: leaders != -1,
        TriggerKind.FISCAL_GUARANTEE.value: guarantee != -1,
        TriggerKind.FUNDS.value: np.ones(rows, dtype=bool),
    }
    if level is not None:
        _check_levels(level, evaluated, s)
    leader_flags = np.zeros(rows, dtype=bool)
    rows_l = evaluated[TriggerKind.LEADER_VILLAGE.value]
    if rows_l.any():
        leader_flags[rows_l] = (
            LEADER_VILLAGE.bind(s).evaluate({"leaders_without_village": leaders[rows_l]}).outcome
        )
    fiscal_flags = np.zeros(rows, dtype=bool)
    rows_f = evaluated[TriggerKind.FISCAL_GUARANTEE.value]
    if rows_f.any():
        fiscal_flags[rows_f] = (
            FISCAL_GUARANTEE.bind(s).evaluate({"fiscal_guarantee": guarantee[rows_f] == 1}).outcome
        )
    kinds = irregularity_kinds(s)
    funds = np.zeros((rows, len(kinds)), dtype=bool)
    if findings is not None:
        counts = np.asarray(findings)
        if counts.shape != (rows, len(kinds)) or not np.issubdtype(counts.dtype, np.integer):
            raise InvalidRecordError(
                f"must be an integer array of shape ({rows}, {len(kinds)})", field="findings"
            )
        for j, kind in enumerate(kinds):
            funds[:, j] = FUND_SITUATIONS[kind].bind(s).evaluate({kind.value: counts[:, j]}).outcome
    return TriggerColumns(
        fail_share=fail,
        leader_village=leader_flags,
        fiscal_guarantee=fiscal_flags,
        funds=funds,
        kinds=kinds,
        evaluated=evaluated,
    )


def _check_levels(level: Sequence[str], evaluated: dict[str, Array], s: Standards) -> None:
    import numpy as np

    levels = set(trigger_levels(s))
    regional = (
        evaluated[TriggerKind.FAIL_SHARE.value]
        | evaluated[TriggerKind.LEADER_VILLAGE.value]
        | evaluated[TriggerKind.FISCAL_GUARANTEE.value]
    )
    for i in np.flatnonzero(regional):
        if level[int(i)] not in levels:
            raise InvalidRecordError(
                f"applies to areas at levels {', '.join(sorted(levels))} only ({P.trigger_levels})",
                record=f"row {int(i)}",
                field="level",
                value=level[int(i)],
            )
