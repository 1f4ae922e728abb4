"""The domain model: frozen, validated records with no policy logic.

Every class is an immutable attrs value checked when built; change one with
:func:`attrs.evolve`. Invalid input raises a :class:`~shuangdao.errors.ShuangdaoError`
subclass naming the record, the field and the value.
"""

from shuangdao.model.admin import AdminArea, AdminLevel
from shuangdao.model.assistance import (
    AssistingUnit,
    Cadre,
    Pairing,
    PartyKind,
    UnitKind,
    UnitLevel,
    WorkTeam,
)
from shuangdao.model.household import Household
from shuangdao.model.plan import Measure, MeasureKind, Plan
from shuangdao.model.round import Round
from shuangdao.model.village import IncomeMeasure, SpecialArea, Village

__all__ = [
    "AdminArea",
    "AdminLevel",
    "AssistingUnit",
    "Cadre",
    "Household",
    "IncomeMeasure",
    "Measure",
    "MeasureKind",
    "Pairing",
    "PartyKind",
    "Plan",
    "Round",
    "SpecialArea",
    "UnitKind",
    "UnitLevel",
    "Village",
    "WorkTeam",
]
