"""Hand-written numpy of the round-2 identification rules: the floor for the batch path.

Same inputs as :func:`shuangdao.batch.identify` (Arrow tables with the ``identify`` columns,
money as ``decimal128(p, 2)``), same lines read from the same standards (converted to integer
fen once), no validation beyond what the arithmetic needs. Returns the flags and, per record,
the failing-criteria bit pattern (bit 0 = first criterion), so codes can be compared too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.quantities import Comparator, to_fen
from shuangdao.standards import Standards, default_standards

_OPS = {
    Comparator.LT: np.less,
    Comparator.LE: np.less_equal,
    Comparator.GT: np.greater,
    Comparator.GE: np.greater_equal,
}


def _fen(column: Any) -> np.ndarray:
    """decimal128(p, 2) → int64 fen by reading the low word of each value (no copy of digits)."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)
    return words[2 * array.offset : 2 * (array.offset + len(array)) : 2]


def round2(
    villages: pa.Table, households: pa.Table, standards: Standards | None = None
) -> dict[str, np.ndarray]:
    s = default_standards() if standards is None else standards
    village_line = to_fen(s.value("round2.village_line"))
    collective_line = to_fen(s.value("round2.collective_line"))
    household_line = to_fen(s.value("round2.household_line"))
    village_fail = ~_OPS[s.value("round2.village_comparator")](
        _fen(villages.column("per_capita_income")), village_line
    )
    collective_fail = ~_OPS[s.value("round2.collective_comparator")](
        _fen(villages.column("collective_income")), collective_line
    )
    key = ~(village_fail | collective_fail)
    position = pc.index_in(
        households.column("village_id"), value_set=villages.column("village_id")
    ).to_numpy()
    members = households.column("members").to_numpy()
    income_fail = ~_OPS[s.value("round2.household_comparator")](
        _fen(households.column("income")), household_line * members
    )
    labour_fail = ~households.column("has_labour_capacity").to_numpy()
    not_key = ~key[position]
    return {
        "key_village": key,
        "village_bits": village_fail.astype(np.int8) | (collective_fail.astype(np.int8) << 1),
        "poor": ~(not_key | income_fail | labour_fail),
        "household_bits": not_key.astype(np.int8)
        | (income_fail.astype(np.int8) << 1)
        | (labour_fail.astype(np.int8) << 2),
    }
