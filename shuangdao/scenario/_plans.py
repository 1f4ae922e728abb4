"""Stage 3, per partition: a seeded plan per identified household and village (规划到户、一村一策).

The ``plans`` table lists, village by village, the village's plan and then its households'.

Each identified household's plan holds ``measures_per_household`` measures of the catalogue
(``pairing.measure_catalogue``) that the growth model gives an income effect, each village's
``measures_per_village`` with a collective-income effect; able households may transfer a
worker (``labour_transfer_rate`` a year). The draws are keyed by record
(:mod:`shuangdao.scenario._draws`), so they do not depend on the partitioning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shuangdao.scenario._draws import PLAN_HOUSEHOLD, PLAN_VILLAGE, TRANSFER, uniforms
from shuangdao.scenario._growth import draw_measures, transfer_years

if TYPE_CHECKING:
    from shuangdao.scenario._context import RoundContext
    from shuangdao.scenario._identification import Identified

__all__ = ["Plans", "catalogues", "plan_part"]


def catalogues(ctx: RoundContext) -> tuple[list[str], list[str], list[str]]:
    """The household and village measures the model can draw, and those it never plans."""
    catalogue = list(ctx.standards.params.pairing.measure_catalogue)
    m = ctx.model
    households = [c for c in catalogue if c in m.measure_income_effects]
    villages = [c for c in catalogue if c in m.collective_income_effects]
    unknown = sorted(
        (set(m.measure_income_effects) | set(m.collective_income_effects)) - set(catalogue)
    )
    return households, villages, unknown


@dataclass(slots=True)
class Plans:
    """The drawn plans of one partition.

    Attributes:
        full_effect: Yuan (fen) a household's measures add a year at full effect.
        collective_effect: Fen a village's measures add to collective income at full effect.
        transfer: The year each household transfers a worker (0: never).
    """

    full_effect: np.ndarray[Any, Any]
    collective_effect: np.ndarray[Any, Any]
    transfer: np.ndarray[Any, Any]


def _joined(catalogue: Sequence[str], draw: np.ndarray[Any, Any]) -> pa.Array:
    """Measure names of each row of ``draw`` joined with ``+`` (a string array)."""
    n = draw.shape[0]
    if draw.shape[1] == 0 or not catalogue:
        return pa.array([""] * n, pa.string())
    names = pa.array(list(catalogue), pa.string())
    parts = [names.take(pa.array(draw[:, j], pa.int64())) for j in range(draw.shape[1])]
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, "+")


def _fen(effects: Any, catalogue: Sequence[str]) -> np.ndarray[Any, Any]:
    """Effects in integer fen per catalogue position (exact: the effects are whole fen)."""
    return np.asarray([int(effects[c] * 100) for c in catalogue], dtype=np.int64)


def plan_part(ctx: RoundContext, part: Identified) -> tuple[pa.Table, Plans]:
    """Draw the plans of one partition: the ``plans`` table piece and the drawn effects."""
    m = ctx.model
    h_catalogue, v_catalogue, _ = catalogues(ctx)
    h_draw = draw_measures(
        uniforms(ctx.seed, PLAN_HOUSEHOLD, part.poor_rows, len(h_catalogue)),
        m.measures_per_household,
    )
    v_draw = draw_measures(
        uniforms(ctx.seed, PLAN_VILLAGE, part.key_rows, len(v_catalogue)), m.measures_per_village
    )
    years = ctx.calendar.assessment_years
    transfer = transfer_years(
        uniforms(ctx.seed, TRANSFER, part.poor_rows, len(years)),
        part.labour,
        years,
        m.labour_transfer_rate,
    )
    h_fen = _fen(m.measure_income_effects, h_catalogue)
    v_fen = _fen(m.collective_income_effects, v_catalogue)
    per_capita = h_fen[h_draw].sum(axis=1) if h_draw.size else np.zeros(part.n_poor, np.int64)
    plans = Plans(
        full_effect=per_capita * part.members,
        collective_effect=(
            v_fen[v_draw].sum(axis=1) if v_draw.size else np.zeros(part.n_key, np.int64)
        ),
        transfer=transfer,
    )
    n_h, n_v = part.n_poor, part.n_key
    transfer_year = np.where(transfer > 0, transfer, 0)
    table = pa.table(
        {
            "subject_kind": pa.array(["household"] * n_h + ["village"] * n_v, pa.string()),
            "subject_id": pa.concat_arrays([part.poor_ids, part.key_ids]),
            "measures": pa.concat_arrays(
                [_joined(h_catalogue, h_draw), _joined(v_catalogue, v_draw)]
            ),
            "start_year": pa.array([years[0]] * (n_h + n_v), pa.int64()),
            "labour_transfer_year": pa.concat_arrays(
                [
                    pa.array(transfer_year, pa.int64(), mask=transfer_year == 0),
                    pa.nulls(n_v, pa.int64()),
                ]
            ),
        }
    )
    # village by village (its plan, then its households'): the same for any partitioning
    village = np.concatenate([part.poor_village_rows, part.key_rows])
    kind = np.concatenate([np.ones(n_h, np.int64), np.zeros(n_v, np.int64)])
    order = np.lexsort((np.arange(n_h + n_v), kind, village))
    return table.take(pa.array(order, pa.int64())), plans
