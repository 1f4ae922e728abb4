"""A deterministic helper that pairs units with villages and cadres with households.

:func:`assign` takes the assisting units (with their capacities), the identified villages and
households and the units' cadres, and returns an :class:`Assignment` whose
:class:`~shuangdao.model.ResponsibilityLedger` passes the checks of
:mod:`shuangdao.rules.pairing` on the start date (every village has an assisting unit and a
resident work team, every household exactly one responsible cadre of one of its village's
units, no cadre above the load limit) — or raises :class:`~shuangdao.errors.NoSolutionError`
saying why. :func:`assign_scattered` pairs households that live outside every assisted
village (round 3's scattered poor households, 分散贫困户) with cadres of local county-level
units of their county.

How :func:`assign` works (plain Python, sorting and grouping, ``O(n log n)``):

1. Everything is sorted by id first, so the result does not depend on input order.
2. A unit can take ``min(capacity_villages, cadres)`` villages (each village needs at least
   one resident cadre of each of its units; a unit without ``capacity_villages`` takes
   ``pairing.default_capacity_villages``) and ``cadres × max_households_per_cadre``
   households; it uses its first ``capacity_cadres`` cadres by id (all if not given).
3. Villages, largest first (households, then id), go to the unit with the most household
   capacity left that still has a village slot ("worst fit decreasing", with a heap). With
   ``max_units_per_village`` = k > 1 a village larger than that unit's room gets a work team
   combined from up to k units: the units with the most room (and a free slot) are taken
   until their room covers the village, and its households are split between them in
   proportion to their room (largest remainder), so cadres of fresh units carry equal loads
   within one household. With ``keep_county_with_city`` the villages of a county first go,
   as a block, to one Pearl River Delta city's units
   (:attr:`~shuangdao.model.UnitKind.DEVELOPED_REGION_CITY` with a ``city_id``), and what
   they cannot take goes to the other units.
4. Within a unit, its cadres are split into one work team per village (at least one each,
   the rest in proportion to the unit's households there, largest remainder), and its
   households, by village then id (a shared village's households are cut into contiguous
   blocks, one per unit by unit id), are dealt out in contiguous blocks whose sizes differ by
   at most one, so loads within a unit differ by at most one.

The heuristic is greedy: with k = 1 it always succeeds when every unit can carry any single
village in every slot (``cadres ≥ slots`` and no village above the limit per cadre) and
total capacity suffices; in tighter cases it may report no solution where a cleverer packing
(a bin-packing problem) would find one. The error says which village could not be placed
and why.

Example:
    >>> import datetime as dt
    >>> from shuangdao.model import AssistingUnit, Cadre
    >>> units = [AssistingUnit(unit_id="U1", name="u", kind="public_institution",
    ...                        level="county", capacity_villages=2)]
    >>> cadres = [Cadre(cadre_id=f"R{i}", unit_id="U1") for i in range(3)]
    >>> result = assign(units, ["V1", "V2"], {"H1": "V1", "H2": "V1", "H3": "V2"}, cadres,
    ...                 on=dt.date(2010, 3, 1),
    ...                 constraints=AssignmentConstraints(max_households_per_cadre=2))
    >>> result.village_units["V2"]
    'U1'
    >>> result.ledger.responsible_cadre("H3", dt.date(2010, 3, 1)).cadre_id
    'R2'

    Two small units share a village too big for either (k = 2):

    >>> small = [AssistingUnit(unit_id=u, name=u, kind="public_institution", level="county")
    ...          for u in ("A", "B")]
    >>> staff = [Cadre(cadre_id=f"{u}{i}", unit_id=u) for u in ("A", "B") for i in (1, 2)]
    >>> shared = assign(small, ["V1"], {f"H{i}": "V1" for i in range(7)}, staff,
    ...                 on=dt.date(2010, 3, 1),
    ...                 constraints=AssignmentConstraints(max_households_per_cadre=2,
    ...                                                   max_units_per_village=2))
    >>> shared.village_teams["V1"], dict(shared.loads)
    (('A', 'B'), {'A1': 2, 'A2': 2, 'B1': 2, 'B2': 1})
"""

from shuangdao.assignment._records import (
    Assignment,
    AssignmentConstraints,
    AssignmentPlan,
    CadreRow,
    UnitRow,
)
from shuangdao.assignment._scattered import assign_scattered, plan_scattered
from shuangdao.assignment._villages import assign, plan_assignment

__all__ = [
    "Assignment",
    "AssignmentConstraints",
    "AssignmentPlan",
    "CadreRow",
    "UnitRow",
    "assign",
    "assign_scattered",
    "plan_assignment",
    "plan_scattered",
]
