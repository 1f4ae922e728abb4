"""The public generators: a whole province in memory, or block by block on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import numpy as np
import pyarrow as pa

from shuangdao.synth._assumptions import BLOCK_VILLAGES, DEFAULT_SEED
from shuangdao.synth._calibration import INCOME_YEARS, ROUND_INCOME_YEAR
from shuangdao.synth._geography import _check_args, _make_plan, _Plan
from shuangdao.synth._households import _BlockDraws, _select
from shuangdao.synth._income_model import _Incomes
from shuangdao.synth._numeric import IntArray
from shuangdao.synth._tables import _amounts, _block, _tables
from shuangdao.synth._units import _units

# --- public API ---------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class SyntheticProvince:
    """A generated province: one :class:`pyarrow.Table` per level (see the module docstring).

    Attributes:
        seed: Seed it was generated from.
        scale: Size knob; 1 is a Guangdong-sized province calibrated to the published aggregates of
            S1, S11, S18 (:data:`PUBLISHED_TARGETS`).
        cities: ``city_id``, ``region``, ``less_developed`` (21 rows; 7 PRD + 14 less-developed
            cities pairing).
        counties: ``county_id``, ``city_id``.
        townships: ``township_id``, ``county_id``.
        villages: ids up the hierarchy, ``stratum``, ``designated`` (round 1),
            ``households``, ``registered_population``, ``per_capita_income_<year>`` and
            ``collective_income_<year>`` (decimal yuan) for :data:`INCOME_YEARS`.
        households: ``household_id``, ``village_id``, ``members``, ``has_labour_capacity`` and
            ``income_<year>``: total annual household income in yuan (net to 2013, disposable from
            2014).
        units: assisting units (帮扶单位): ``unit_id``, ``kind``, ``level``, ``home_city_id``,
            ``capacity_villages``, ``capacity_cadres``; ~5,000 units at scale 1 ("more than
            5,000", of which 240 provincial/central units, S11).
        cadres: resident cadres (驻村干部): ``cadre_id``, ``unit_id``; 11,524 at scale 1 (S6).
    """

    seed: int
    scale: float
    cities: Any
    counties: Any
    townships: Any
    villages: Any
    households: Any
    units: Any
    cadres: Any

    def round_inputs(self, round: int) -> tuple[Any, Any]:
        """The (villages, households) tables of the identify CLI contract for one round.

        Round 1 uses 2009 incomes, round 2 the end-2011 incomes, round 3
        disposable income at 2014 prices; see :data:`ROUND_INCOME_YEAR`.

        Args:
            round: 1, 2 or 3.

        Returns:
            ``villages`` with ``village_id``, ``county_id``, ``per_capita_income``,
            ``collective_income`` (decimal yuan), plus ``designated`` in round 1 and
            ``registered_population`` in round 3; ``households`` with ``household_id``,
            ``village_id``, ``members``, ``income`` (the household's total annual income, decimal
            yuan) and ``has_labour_capacity``.

        Raises:
            ValueError: If ``round`` is not 1, 2 or 3.
        """
        if isinstance(round, bool) or round not in ROUND_INCOME_YEAR:
            msg = f"round={round!r} must be 1, 2 or 3"
            raise ValueError(msg)
        year = ROUND_INCOME_YEAR[round]
        v = self.villages
        vcols: dict[str, Any] = {
            "village_id": v.column("village_id"),
            "county_id": v.column("county_id"),
            "per_capita_income": v.column(f"per_capita_income_{year}"),
            "collective_income": v.column(f"collective_income_{year}"),
        }
        if round == 1:
            vcols["designated"] = v.column("designated")
        if round == 3:
            vcols["registered_population"] = v.column("registered_population")
        h = self.households
        hcols = {
            "household_id": h.column("household_id"),
            "village_id": h.column("village_id"),
            "members": h.column("members"),
            "income": h.column(f"income_{year}"),
            "has_labour_capacity": h.column("has_labour_capacity"),
        }
        return pa.table(vcols), pa.table(hcols)


@attrs.frozen(eq=False)
class SyntheticBlocks:
    """A synthetic province not yet generated: its plan, and any block on demand.

    The plan (cities, counties, townships, every village's stratum, size and quotas; a few
    bytes per village) is made at once; the households are generated block by block of
    :data:`BLOCK_VILLAGES` villages, for the years and villages asked for, with exactly the
    values :func:`generate_province` gives them. This is how the scenario runner generates a
    province partition by partition, on one machine or on the workers of a cluster, without
    ever holding it whole. Objects are picklable (send one to a worker).

    Attributes:
        seed: Seed.
        scale: Size knob (as :func:`generate_province`).

    Example:
        >>> blocks = province_blocks(scale=0.01)
        >>> blocks.n_blocks, blocks.n_villages
        (1, 190)
        >>> villages, households = blocks.block(0, years=(2011,))
        >>> households.column_names[-1], villages.num_rows
        ('income_2011', 190)
    """

    _plan: _Plan

    @property
    def seed(self) -> int:
        """The seed."""
        return self._plan.seed

    @property
    def scale(self) -> float:
        """The scale."""
        return self._plan.scale

    @property
    def n_blocks(self) -> int:
        """Number of blocks."""
        return self._plan.n_blocks

    @property
    def n_villages(self) -> int:
        """Number of villages."""
        return self._plan.n_villages

    @property
    def cities(self) -> pa.Table:
        """The 21 cities (as :attr:`SyntheticProvince.cities`)."""
        table: pa.Table = self._plan.cities
        return table

    @property
    def counties(self) -> pa.Table:
        """The counties (as :attr:`SyntheticProvince.counties`)."""
        table: pa.Table = self._plan.counties
        return table

    @property
    def townships(self) -> pa.Table:
        """The townships (as :attr:`SyntheticProvince.townships`)."""
        table: pa.Table = self._plan.townships
        return table

    def block_villages(self, block: int) -> range:
        """Positions of the villages of ``block`` in the province (village table order)."""
        lo = block * BLOCK_VILLAGES
        return range(lo, min(lo + BLOCK_VILLAGES, self.n_villages))

    def households_in(self, block: int) -> int:
        """Number of households of ``block``."""
        return int(self.village_sizes(block).sum())

    def village_sizes(self, block: int) -> IntArray:
        """Households of each village of ``block`` (in village order)."""
        v = self.block_villages(block)
        sizes: IntArray = self._plan.size[v.start : v.stop].copy()
        return sizes

    def generator(self, block: int) -> BlockGenerator:
        """A generator of ``block`` that draws once for any villages and years asked for.

        Raises:
            ValueError: A block out of range.
        """
        if not 0 <= block < self.n_blocks:
            msg = f"block={block!r} must be between 0 and {self.n_blocks - 1}"
            raise ValueError(msg)
        return BlockGenerator(_BlockDraws(self._plan, block), self.block_villages(block))

    def block(
        self,
        block: int,
        *,
        years: Sequence[int] = INCOME_YEARS,
        villages: Sequence[int] | None = None,
    ) -> tuple[pa.Table, pa.Table]:
        """Generate ``block``: its ``(villages, households)`` tables, for ``years`` only.

        Args:
            block: Block number (``0 <= block < n_blocks``).
            years: Income years of the ``*_<year>`` columns (any of :data:`INCOME_YEARS`).
            villages: Positions (in the province) of the block's villages to generate,
                increasing; ``None``: all of them.

        Returns:
            The tables of :attr:`SyntheticProvince.villages` and ``households`` restricted
            to these villages and years: equal, row for row, to those of
            :func:`generate_province`.

        Raises:
            ValueError: A block, year or village out of range.
        """
        return self.generator(block).block(years=years, villages=villages)

    def units(self) -> tuple[pa.Table, pa.Table]:
        """The assisting units and their cadres (as :attr:`SyntheticProvince.units`, ``cadres``)."""
        return _units(self._plan)


class BlockGenerator:
    """One block of a :class:`SyntheticBlocks`, drawn once: any of its villages and years.

    Every draw of the block is made when first needed and kept, so that generating the
    identification year for every village and then later years for a few of them costs the
    draws once. Values equal :func:`generate_province`'s.
    """

    def __init__(self, draws: _BlockDraws, villages: range) -> None:
        self._draws = draws
        self._villages = villages
        self._whole = _Incomes(draws, draws.households)

    def block(
        self, *, years: Sequence[int] = INCOME_YEARS, villages: Sequence[int] | None = None
    ) -> tuple[pa.Table, pa.Table]:
        """The block's ``(villages, households)`` tables for ``years``.

        As :meth:`SyntheticBlocks.block`.

        Raises:
            ValueError: A year or village out of range.
        """
        incomes = self._incomes(years, villages)
        return _tables(self._draws.plan, incomes.hh, incomes, tuple(years))

    def amounts(
        self, *, years: Sequence[int] = INCOME_YEARS, villages: Sequence[int] | None = None
    ) -> dict[str, dict[int, IntArray]]:
        """The money columns of :meth:`block` in integer fen, without building the tables.

        For a caller that computes in fen (the scenario runner's later years): the same
        values as :meth:`block`'s ``income_<year>``, ``per_capita_income_<year>`` and
        ``collective_income_<year>`` columns, times 100, in the same rows.

        Returns:
            ``{"income": {year: each household's}, "per_capita_income": {year: each
            village's}, "collective_income": {year: each village's}}`` (``int64`` arrays).

        Raises:
            ValueError: A year or village out of range.
        """
        incomes = self._incomes(years, villages)
        return _amounts(self._draws.plan, incomes.hh, incomes, tuple(years))

    def _incomes(self, years: Sequence[int], villages: Sequence[int] | None) -> _Incomes:
        """The incomes of ``villages`` (checked, as ``years``).

        One model of the whole block is kept: a set of villages reuses what it has
        computed (each village's values are its own, whichever villages are generated).
        """
        unknown = sorted(set(years) - set(INCOME_YEARS))
        if unknown:
            msg = f"years {unknown} are not income years ({INCOME_YEARS[0]}–{INCOME_YEARS[-1]})"
            raise ValueError(msg)
        chosen = None
        if villages is not None:
            chosen = np.asarray(villages, dtype=np.int64)
            own = self._villages
            if len(chosen) and (
                chosen[0] < own.start or chosen[-1] >= own.stop or (np.diff(chosen) <= 0).any()
            ):
                block = self._draws.block
                msg = f"villages must be increasing positions of block {block}'s villages"
                raise ValueError(msg)
        hh = _select(self._draws.households, chosen)
        return self._whole if hh is self._whole.hh else _Incomes(self._draws, hh, whole=self._whole)


def province_blocks(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> SyntheticBlocks:
    """Plan a synthetic province without generating it (see :class:`SyntheticBlocks`).

    Raises:
        ValueError: If ``seed`` or ``scale`` is out of range.
    """
    _check_args(seed, scale)
    return SyntheticBlocks(_make_plan(seed, scale))


Progress = Callable[[str, int, int], None]
"""Progress callback: ``progress("generate", blocks done, blocks)``, called per block."""


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress("generate", done, total)


def _iter_blocks(
    plan: _Plan, chunk_households: int, progress: Progress | None = None
) -> Iterator[list[tuple[Any, Any]]]:
    """Blocks in order, grouped so that a group holds about ``chunk_households`` households."""
    _tick(progress, 0, plan.n_blocks)
    group: list[tuple[Any, Any]] = []
    held = 0
    for b in range(plan.n_blocks):
        if (
            group
            and held + int(plan.size[b * BLOCK_VILLAGES : (b + 1) * BLOCK_VILLAGES].sum())
            > chunk_households
        ):
            yield group
            group, held = [], 0
        block = _block(plan, b)
        group.append(block)
        held += block[1].num_rows
        _tick(progress, b + 1, plan.n_blocks)
    if group:
        yield group


def generate_province(
    *, seed: int = DEFAULT_SEED, scale: float = 1.0, progress: Progress | None = None
) -> SyntheticProvince:
    """Generate a synthetic Guangdong-like province in memory.

    At ``scale=1`` (about 19,000 villages and 3.2 million households) the identification rules of
    S11, S1 and S18 give exactly 3,407 / 2,571 / 2,277 villages and 367,000 / 209,000 / 708,000
    households, and about 1.586 M / 0.906 M / 1.765 M people (:data:`PUBLISHED_TARGETS`); other
    scales keep the proportions. The same ``(seed, scale)`` always gives identical tables.

    Args:
        seed: Non-negative integer seed.
        scale: Size relative to Guangdong, between 0.001 and 1000 (use :func:`write_parquet` above
            a few units: the tables of a national-size province do not fit comfortably in memory).
        progress: Optional callback ``progress("generate", blocks done, blocks)``.

    Returns:
        The province.

    Raises:
        ValueError: If ``seed`` or ``scale`` is out of range.

    Example:
        >>> p = generate_province(scale=0.01)
        >>> p.villages.num_rows, p.cities.num_rows
        (190, 21)
    """
    _check_args(seed, scale)
    plan = _make_plan(seed, scale)
    blocks = []
    _tick(progress, 0, plan.n_blocks)
    for b in range(plan.n_blocks):
        blocks.append(_block(plan, b))
        _tick(progress, b + 1, plan.n_blocks)
    units, cadres = _units(plan)
    return SyntheticProvince(
        seed=seed,
        scale=float(scale),
        cities=plan.cities,
        counties=plan.counties,
        townships=plan.townships,
        villages=pa.concat_tables([v for v, _ in blocks]),
        households=pa.concat_tables([h for _, h in blocks]),
        units=units,
        cadres=cadres,
    )
