"""shuangdao: Guangdong's 双到 poverty-alleviation rules as exact, cited, tested Python.

双到 — 规划到户、责任到人: a plan made for each household, a named person responsible for
each household. The library encodes the rules of the three rounds (2009/10–2012,
2013–2015, 2016–2018) so that each decision explains itself and cites its source.

The public API is re-exported here; submodules (:mod:`shuangdao.model`,
:mod:`shuangdao.standards`, :mod:`shuangdao.rules`, :mod:`shuangdao.serialize`...) hold the
same names by topic.
"""

from shuangdao._version import __version__
from shuangdao.citations import Certainty, Citation, Source, sources
from shuangdao.errors import (
    IllegalTransitionError,
    InvalidMoneyError,
    InvalidRecordError,
    InvalidTypeError,
    LedgerError,
    MissingParameterError,
    NoSolutionError,
    OverrideError,
    RecordErrors,
    ShuangdaoError,
    StandardsError,
    UnknownReferenceError,
)
from shuangdao.explain import Combine, Decision, Provenance, Reason, decide
from shuangdao.model import (
    AdminArea,
    AdminLevel,
    AssistingUnit,
    Cadre,
    Household,
    IncomeMeasure,
    Measure,
    MeasureKind,
    Pairing,
    PartyKind,
    Plan,
    Round,
    SpecialArea,
    UnitKind,
    UnitLevel,
    Village,
    WorkTeam,
)
from shuangdao.quantities import Comparator, compare_per_capita, money, ratio
from shuangdao.serialize import from_json, json_schema, make_converter, to_json
from shuangdao.standards import Parameter, Standards, default_standards, load_overrides

__all__ = [
    "AdminArea",
    "AdminLevel",
    "AssistingUnit",
    "Cadre",
    "Certainty",
    "Citation",
    "Combine",
    "Comparator",
    "Decision",
    "Household",
    "IllegalTransitionError",
    "IncomeMeasure",
    "InvalidMoneyError",
    "InvalidRecordError",
    "InvalidTypeError",
    "LedgerError",
    "Measure",
    "MeasureKind",
    "MissingParameterError",
    "NoSolutionError",
    "OverrideError",
    "Pairing",
    "Parameter",
    "PartyKind",
    "Plan",
    "Provenance",
    "Reason",
    "RecordErrors",
    "Round",
    "ShuangdaoError",
    "Source",
    "SpecialArea",
    "Standards",
    "StandardsError",
    "UnitKind",
    "UnitLevel",
    "UnknownReferenceError",
    "Village",
    "WorkTeam",
    "__version__",
    "compare_per_capita",
    "decide",
    "default_standards",
    "from_json",
    "json_schema",
    "load_overrides",
    "make_converter",
    "money",
    "ratio",
    "sources",
    "to_json",
]
