"""The columnar evaluator of the 2010 measures' situations (numpy; exact integers).

It reads the same declarations as the scalar rules (:data:`~._triggers.TRIGGER_CRITERIA`:
thresholds, comparator, levels, fund situations) and returns flags and reason codes per row,
equal row for row to :func:`~._triggers.evaluate_triggers` (a property test holds them
together). numpy is imported lazily: ``import shuangdao`` stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model.accountability import IrregularityKind
from shuangdao.quantities import Comparator
from shuangdao.rules.accountability._triggers import (
    FAIL_SHARE,
    FISCAL_GUARANTEE,
    FUNDS,
    LEADER_VILLAGE,
    comparator_of,
    irregularity_kinds,
    threshold_for,
    trigger_levels,
)
from shuangdao.standards import Standards, default_standards

if TYPE_CHECKING:
    import numpy as np

    Array = np.ndarray[Any, Any]
else:
    Array = Any

_INT64_SAFE = 2**62


@frozen
class TriggerColumns:
    """The columnar evaluator's result: one row per body and assessment.

    Attributes:
        fail_share: Too many failing villages (``False`` where not evaluated).
        leader_village: A leader took charge of no village (``False`` where not evaluated).
        fiscal_guarantee: No local fiscal guarantee (``False`` where not evaluated).
        funds: One column per kind of ``kinds``: at least one finding of that kind.
        kinds: The fund and poor-list situations, in the standards' order.
        evaluated: Per criterion name (``"fail_share"``...), whether the row had evidence.
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
            (self.fail_share, f"triggered:{FAIL_SHARE.kind.value}"),
            (self.leader_village, f"triggered:{LEADER_VILLAGE.kind.value}"),
            (self.fiscal_guarantee, f"triggered:{FISCAL_GUARANTEE.kind.value}"),
        ]
        names += [
            (self.funds[:, j], f"triggered:{FUNDS.kind.value}.{kind.value}")
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


def _compare(comparator: Comparator, lhs: Array, rhs: Array) -> Array:
    import numpy as np

    ops = {
        Comparator.GE: np.greater_equal,
        Comparator.GT: np.greater,
        Comparator.LE: np.less_equal,
        Comparator.LT: np.less,
    }
    return np.asarray(ops[comparator](lhs, rhs), dtype=bool)


def fail_share_columns(
    *,
    assessment_number: Any,
    failed: Any,
    total: Any,
    standards: Standards | None = None,
) -> Array:
    """Exactly ``failed / total <op> threshold(assessment)`` per row, in integers.

    The threshold ``n / d`` (a Decimal read from the declaration) is compared as
    ``failed × d <op> n × total``; when that could overflow int64 (very long override ratios)
    the comparison runs on Python integers. A row with ``total`` = -1 is not evaluated
    (``False``).

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
    comparator = comparator_of(s)
    out = np.zeros(rows, dtype=bool)
    for number in sorted({int(n) for n in numbers[recorded]}):
        rows_n = recorded & (numbers == number)
        num, den = Decimal(threshold_for(s, number)).as_integer_ratio()
        lhs, rhs = failed_a[rows_n], total_a[rows_n]
        top = max(int(lhs.max(initial=0)) * den, int(rhs.max(initial=0)) * num)
        if top < _INT64_SAFE:
            out[rows_n] = _compare(comparator, lhs * den, rhs * num)
        else:
            left = np.array([int(v) * den for v in lhs], dtype=object)
            right = np.array([int(v) * num for v in rhs], dtype=object)
            out[rows_n] = _compare(comparator, left, right)
    return out


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

    The columnar evaluator of :data:`~._triggers.TRIGGER_CRITERIA`; row for row it equals
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
    columns = [
        c for c in (failed, total, leaders_without_village, fiscal_guarantee) if c is not None
    ]
    if findings is not None:
        columns.append(np.asarray(findings)[:, 0] if np.asarray(findings).ndim == 2 else findings)
    if not columns:
        raise InvalidRecordError("needs at least one evidence column", field="failed")
    rows = int(np.asarray(columns[0]).shape[0])
    evaluated: dict[str, Array] = {}
    missing = -np.ones(rows, dtype=np.int64)
    if (failed is None) != (total is None):
        raise InvalidRecordError("must be given together with failed", field="total")
    if failed is not None:
        fail = fail_share_columns(
            assessment_number=assessment_number, failed=failed, total=total, standards=s
        )
        evaluated[FAIL_SHARE.kind.value] = _ints(total, "total", rows) != -1
    else:
        fail = np.zeros(rows, dtype=bool)
        evaluated[FAIL_SHARE.kind.value] = np.zeros(rows, dtype=bool)
    leaders = (
        missing
        if leaders_without_village is None
        else _ints(leaders_without_village, "leaders_without_village", rows)
    )
    evaluated[LEADER_VILLAGE.kind.value] = leaders != -1
    guarantee = (
        missing if fiscal_guarantee is None else _ints(fiscal_guarantee, "fiscal_guarantee", rows)
    )
    evaluated[FISCAL_GUARANTEE.kind.value] = guarantee != -1
    if ((guarantee < -1) | (guarantee > 1)).any() or (leaders < -1).any():
        raise InvalidRecordError(
            "must be -1 (not recorded), 0 or 1 (leaders: a count >= 0)", field="fiscal_guarantee"
        )
    if level is not None:
        levels = set(trigger_levels(s))
        regional = (
            evaluated[FAIL_SHARE.kind.value]
            | evaluated[LEADER_VILLAGE.kind.value]
            | evaluated[FISCAL_GUARANTEE.kind.value]
        )
        for i in np.flatnonzero(regional):
            if level[int(i)] not in levels:
                raise InvalidRecordError(
                    f"applies to areas at levels {', '.join(sorted(levels))} only",
                    record=f"row {int(i)}",
                    field="level",
                    value=level[int(i)],
                )
    kinds = irregularity_kinds(s)
    if findings is None:
        funds = np.zeros((rows, len(kinds)), dtype=bool)
    else:
        counts = np.asarray(findings)
        if counts.shape != (rows, len(kinds)) or not np.issubdtype(counts.dtype, np.integer):
            raise InvalidRecordError(
                f"must be an integer array of shape ({rows}, {len(kinds)})", field="findings"
            )
        funds = counts > 0
    evaluated[FUNDS.kind.value] = np.ones(rows, dtype=bool)
    return TriggerColumns(
        fail_share=fail,
        leader_village=leaders > 0,
        fiscal_guarantee=guarantee == 0,
        funds=funds,
        kinds=kinds,
        evaluated=evaluated,
    )
