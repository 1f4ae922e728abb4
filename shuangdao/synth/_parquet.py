"""Writing a province to Parquet, in memory or streamed block by block."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from shuangdao.synth._assumptions import BLOCK_VILLAGES, DEFAULT_SEED
from shuangdao.synth._geography import _check_args, _make_plan, _Plan
from shuangdao.synth._province import Progress, SyntheticProvince, _iter_blocks
from shuangdao.synth._units import _units


def _metadata(seed: int, scale: float) -> dict[bytes, bytes]:
    return {
        b"shuangdao.synth.seed": str(seed).encode(),
        b"shuangdao.synth.scale": repr(float(scale)).encode(),
    }


def _write_table(table: pa.Table, path: Path, meta: dict[bytes, bytes]) -> None:
    pq.write_table(table.replace_schema_metadata(meta), path, compression="zstd")


def write_parquet(
    province: SyntheticProvince | None,
    directory: str | Path,
    *,
    seed: int | None = None,
    scale: float | None = None,
    chunk_households: int = 2_000_000,
    progress: Progress | None = None,
) -> dict[str, Path]:
    """Write a province to Parquet, one file per table (``<table>.parquet``).

    With ``province=None`` the province is generated block by block and streamed to disk, so memory
    stays bounded by about ``chunk_households`` households plus the village plan; this reaches
    national size (``scale`` ≈ 10–12 for 30–40 M households). ``villages`` and ``households`` get
    one row group per block of :data:`BLOCK_VILLAGES` villages whichever way they are written, so
    the same ``(seed, scale)`` gives byte-identical files, independent of ``chunk_households`` and
    of whether the province was generated in memory first (same pyarrow version).

    Args:
        province: A generated province, or ``None`` to generate while writing.
        directory: Output folder (created if missing).
        seed: Seed when ``province`` is ``None`` (default :data:`DEFAULT_SEED`); otherwise must be
            ``None`` or equal to ``province.seed``.
        scale: Scale when ``province`` is ``None`` (default 1.0); otherwise ``None`` or equal.
        chunk_households: Target number of households held in memory at once.
        progress: Optional callback ``progress("generate", blocks done, blocks)`` (when
            generating while writing).

    Returns:
        Table name → file path, for the seven tables.

    Raises:
        ValueError: If arguments are out of range or disagree with ``province``.
    """
    if chunk_households < 1:
        msg = f"chunk_households={chunk_households!r} must be >= 1"
        raise ValueError(msg)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    names = ("cities", "counties", "townships", "villages", "households", "units", "cadres")
    paths = {name: out / f"{name}.parquet" for name in names}
    if province is not None:
        for name, value in (("seed", seed), ("scale", scale)):
            if value is not None and value != getattr(province, name):
                have = getattr(province, name)
                msg = f"{name}={value!r} disagrees with the province's {name}={have!r}"
                raise ValueError(msg)
        _write_province(province, paths)
        return paths
    seed = DEFAULT_SEED if seed is None else seed
    scale = 1.0 if scale is None else scale
    _check_args(seed, scale)
    _stream_province(_make_plan(seed, scale), paths, chunk_households, progress)
    return paths


def _write_province(province: SyntheticProvince, paths: dict[str, Path]) -> None:
    """Write an in-memory province with the same row groups as the streaming writer."""
    meta = _metadata(province.seed, province.scale)
    for name in ("cities", "counties", "townships", "units", "cadres"):
        _write_table(getattr(province, name), paths[name], meta)
    counts = np.asarray(province.villages.column("households").to_numpy(), dtype=np.int64)
    bounds = np.arange(0, len(counts), BLOCK_VILLAGES)
    hh_bounds = np.concatenate([[0], np.cumsum(counts)])[bounds]
    for name, starts, total in (
        ("villages", bounds, len(counts)),
        ("households", hh_bounds, int(counts.sum())),
    ):
        table = getattr(province, name).replace_schema_metadata(meta)
        with pq.ParquetWriter(paths[name], table.schema, compression="zstd") as writer:
            ends = np.append(starts[1:], total)
            for s, e in zip(starts, ends, strict=True):
                rows = int(e - s)
                writer.write_table(table.slice(int(s), rows), row_group_size=max(rows, 1))


def _stream_province(
    plan: _Plan, paths: dict[str, Path], chunk_households: int, progress: Progress | None
) -> None:
    """Generate block by block and append each block to the Parquet files (bounded memory)."""
    meta = _metadata(plan.seed, plan.scale)
    for name in ("cities", "counties", "townships"):
        _write_table(getattr(plan, name), paths[name], meta)
    units, cadres = _units(plan)
    _write_table(units, paths["units"], meta)
    _write_table(cadres, paths["cadres"], meta)
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        for group in _iter_blocks(plan, chunk_households, progress):
            for villages, households in group:
                for name, block in (("villages", villages), ("households", households)):
                    table = block.replace_schema_metadata(meta)
                    if name not in writers:
                        writers[name] = pq.ParquetWriter(
                            paths[name], table.schema, compression="zstd"
                        )
                    writers[name].write_table(table, row_group_size=max(table.num_rows, 1))
    finally:
        for writer in writers.values():
            writer.close()
