"""The policy parameters: every line, ratio, target and threshold, as cited, dated data.

The values are TOML files shipped inside the package (``shuangdao/standards/data/``), one
file per area (``round1``, ``round2``, ``round3``, ``regulation``, ``statistics``,
``accountability``...). Every value carries a :class:`~shuangdao.citations.Citation` (source
ids, article, certainty). Read them with :func:`default_standards`; make a scenario with
:meth:`Standards.with_overrides` or :func:`load_overrides`.

Every parameter also has a typed name (:mod:`shuangdao.standards.params`, generated from the
data): ``Round1Params.household_line`` is the key, ``standards.params.round1.household_line``
the value. Rules and declarations use these names, never a key spelt out or built from a
template.

Example:
    >>> from shuangdao.standards import default_standards
    >>> s = default_standards()
    >>> s.value("round1.household_line"), s.value("round1.household_comparator").zh
    (Decimal('1500.00'), '以下')
    >>> s.params.round1.household_line
    Decimal('1500.00')
"""

from shuangdao.standards._params import (
    DatedValue,
    Derivation,
    Parameter,
    ParamType,
    SeriesEntry,
    coerce_value,
)
from shuangdao.standards._standards import (
    Override,
    Standards,
    canonical,
    default_standards,
    derive,
    load_overrides,
)
from shuangdao.standards._views import AreaParams, Param

__all__ = [
    "AreaParams",
    "DatedValue",
    "Derivation",
    "Override",
    "Param",
    "ParamType",
    "Parameter",
    "SeriesEntry",
    "Standards",
    "canonical",
    "coerce_value",
    "default_standards",
    "derive",
    "load_overrides",
]
