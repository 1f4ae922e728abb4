"""Column schemas: every field of every input, declared once (name, kind, limits, zh/en).

A :class:`Cell` declares one field: its kind (id, money, whole number, yes/no...), whether
it may be missing, its limits and what it means in English and Chinese. The same cell
object is used by

* the model constructors (each field's converter calls :meth:`Cell.parse`),
* the JSON structure hooks (:mod:`shuangdao.serialize`) and the JSON Schemas,
* the table and CSV readers (:class:`Contract` columns name the cell they read), and
* the command line's help (:func:`input_columns`).

:data:`RECORDS` holds the schema of each JSON record type; :data:`CONTRACTS` the tables
the readers take (the villages and households of each round, units, cadres and the cycle
inputs).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from shuangdao.ingest.schema._assistance import (
    ASSISTING_UNIT,
    CADRE,
    MEASURE,
    PAIRING,
    PLAN,
    WORK_TEAM,
)
from shuangdao.ingest.schema._cell import Cell, Column, Contract, Kind, RecordSchema
from shuangdao.ingest.schema._frame import ADMIN_AREA, ROUND
from shuangdao.ingest.schema._register import (
    HOUSEHOLD,
    HOUSEHOLD_TARGET_CELLS,
    VILLAGE,
    VILLAGE_TARGET_CELLS,
)
from shuangdao.ingest.schema._tables import (
    CADRES,
    CONTRACTS,
    EXIT_HOUSEHOLDS,
    IDENTIFY_HOUSEHOLDS,
    IDENTIFY_VILLAGES,
    SETTLEMENT_HOUSEHOLDS,
    SETTLEMENT_VILLAGES,
    UNITS,
    input_columns,
)

__all__ = [
    "ADMIN_AREA",
    "ASSISTING_UNIT",
    "CADRE",
    "CADRES",
    "CONTRACTS",
    "Cell",
    "Column",
    "Contract",
    "EXIT_HOUSEHOLDS",
    "HOUSEHOLD",
    "HOUSEHOLD_TARGET_CELLS",
    "IDENTIFY_HOUSEHOLDS",
    "IDENTIFY_VILLAGES",
    "Kind",
    "MEASURE",
    "PAIRING",
    "PLAN",
    "RECORDS",
    "ROUND",
    "RecordSchema",
    "SETTLEMENT_HOUSEHOLDS",
    "SETTLEMENT_VILLAGES",
    "UNITS",
    "VILLAGE",
    "VILLAGE_TARGET_CELLS",
    "WORK_TEAM",
    "input_columns",
]


RECORDS: Final[Mapping[str, RecordSchema]] = MappingProxyType(
    {
        s.name: s
        for s in (
            ADMIN_AREA,
            ASSISTING_UNIT,
            CADRE,
            HOUSEHOLD,
            MEASURE,
            PAIRING,
            PLAN,
            ROUND,
            VILLAGE,
            WORK_TEAM,
        )
    }
)
"""The schema of each JSON record type, by type name."""
