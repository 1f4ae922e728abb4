"""The policy parameters: every line, ratio, target and threshold, as cited, dated data.

The values are TOML files shipped inside the package (``shuangdao/standards/data/``), one
file per area (``round1``, ``round2``, ``round3``, ``regulation``, ``statistics``,
``accountability``...). Every value carries a :class:`~shuangdao.citations.Citation` (source
ids, article, certainty). Read them with :func:`default_standards`; make a scenario with
:meth:`Standards.with_overrides` or :func:`load_overrides`.

Example:
    >>> from shuangdao.standards import default_standards
    >>> s = default_standards()
    >>> s.value("round1.household_line"), s.value("round1.household_comparator").zh
    (Decimal('1500.00'), '以下')
"""

from shuangdao.standards._params import (
    DatedValue,
    Derivation,
    Parameter,
    ParamType,
    SeriesEntry,
)
from shuangdao.standards._standards import (
    Override,
    Standards,
    default_standards,
    derive,
    load_overrides,
)

__all__ = [
    "DatedValue",
    "Derivation",
    "Override",
    "ParamType",
    "Parameter",
    "SeriesEntry",
    "Standards",
    "default_standards",
    "derive",
    "load_overrides",
]
