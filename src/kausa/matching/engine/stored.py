"""An OfferIndex stored as one file of raw columns, mapped read-only by every process.

Layout of the root directory (``<data dir>/offer-index``)::

    current            the name of the version to use ("v000042"), replaced atomically
    v000042/           one version
        arrays.bin     every column (offers, grid, active rows) as raw little-endian
                       numbers, each starting on a page boundary
        manifest.json  written last: format, number of offers, size of arrays.bin, grid
                       scalars, dtype, shape and offset of each column, and the caller's
                       metadata (database version counter, time, ...)

``write`` fills a hidden temporary directory, renames it to the next free version name
and only then replaces ``current`` (``os.replace``: a reader sees the old or the new name,
never a half-written version). ``load`` maps ``arrays.bin`` once (``mmap``, read-only)
and views every column in it with ``np.frombuffer`` (what ``np.load(mmap_mode="r")`` of
one ``.npy`` per column would give, without parsing 28 headers):
the pages live once in the page cache and are shared by every process that maps them;
nothing is computed or copied, so a process that maps the index answers its first query
at almost the speed of a warm one. Old versions are removed by the next writes (a
process that still maps one keeps its pages until it lets go: POSIX unlink semantics).

No Django in here (engine rule); the caller decides where the root is and what the
metadata means.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from kausa.matching.engine.grid import Grid
from kausa.matching.engine.offers import OfferArrays
from kausa.matching.engine.ranker import OfferIndex

FORMAT = 2
POINTER = "current"
MANIFEST = "manifest.json"
BLOB = "arrays.bin"
ALIGN = 4096
KEEP = 3  # versions kept on disk (the current one and the two before it)


class StoredIndexError(Exception):
    """The stored index is missing, incomplete or does not fit its manifest."""


def _arrays_of(index: OfferIndex) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    grid_scalars, grid_arrays = index.grid.state()
    arrays: dict[str, np.ndarray] = {}
    for name, value in index.arrays.columns().items():
        arrays[f"arrays.{name}"] = value
    for name, value in grid_arrays.items():
        arrays[f"grid.{name}"] = value
    arrays["active_rows"] = index.active_rows
    return arrays, {
        k: (float(v) if isinstance(v, float) else int(v)) for k, v in grid_scalars.items()
    }


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write(root: Path, index: OfferIndex, meta: dict[str, Any]) -> str:
    """Store ``index`` (its base arrays and grid, not its patches) as a new version and
    make it current; the version's name."""
    if index.retired is not None or index.delta is not None:
        raise ValueError("store a freshly built index, not a patched one")
    root.mkdir(parents=True, exist_ok=True)
    arrays, grid_scalars = _arrays_of(index)
    tmp = root / f".tmp-{os.getpid()}-{time.time_ns()}"
    tmp.mkdir()
    try:
        files = {}
        offset = 0
        with open(tmp / BLOB, "wb") as blob:
            for name, value in arrays.items():
                value = np.ascontiguousarray(value)
                blob.write(b"\0" * (-offset % ALIGN))  # each column starts on its own page
                offset += -offset % ALIGN
                blob.write(value.tobytes())
                files[name] = {
                    "dtype": value.dtype.str,
                    "shape": list(value.shape),
                    "offset": offset,
                }
                offset += value.nbytes
            blob.flush()
            os.fsync(blob.fileno())
        manifest = {
            "format": FORMAT,
            "offers": len(index),
            "bytes": offset,
            "grid": grid_scalars,
            "files": files,
            "meta": meta,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _fsync(tmp / MANIFEST)
        name = _rename_to_next_version(root, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    publish(root, name)
    prune(root)
    return name


def _versions(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("v*") if p.is_dir() and p.name[1:].isdigit())


def _rename_to_next_version(root: Path, tmp: Path) -> str:
    for _attempt in range(100):
        versions = _versions(root)
        number = int(versions[-1][1:]) + 1 if versions else 1
        name = f"v{number:06d}"
        try:
            os.rename(tmp, root / name)  # fails when another writer took the name
        except OSError:
            continue
        return name
    raise StoredIndexError("no free version name")


def publish(root: Path, name: str) -> None:
    """Make version ``name`` current (atomic: write a new pointer, then os.replace)."""
    tmp = root / f".{POINTER}-{os.getpid()}-{time.time_ns()}"
    tmp.write_text(name, encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, root / POINTER)
    _fsync(root)


def current(root: Path) -> str | None:
    """The name of the current version, None when nothing was published."""
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return name or None


def read_manifest(root: Path, name: str) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((root / name / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise StoredIndexError(f"{name}: no readable manifest ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise StoredIndexError(f"{name}: format {manifest.get('format')}, expected {FORMAT}")
    return manifest


def load(root: Path, name: str, *, populate: bool = False) -> tuple[OfferIndex, dict[str, Any]]:
    """Map version ``name`` read-only; (index, manifest). Raises StoredIndexError when a
    file is missing or does not have the dtype and shape the manifest gives.

    ``populate``: fill the page tables now (MAP_POPULATE, from the page cache: some
    milliseconds per 100 MB) rather than page by page in the first queries; for a worker
    that maps the index before its first request."""
    manifest = read_manifest(root, name)
    mapped: dict[str, np.ndarray] = {}
    try:
        with open(root / name / BLOB, "rb") as blob:
            size = os.fstat(blob.fileno()).st_size
            if size != manifest["bytes"]:
                raise StoredIndexError(f"{name}: {size} bytes, expected {manifest['bytes']}")
            # one read-only mapping for every column (the file may go; the mapping stays)
            flags = mmap.MAP_SHARED | (getattr(mmap, "MAP_POPULATE", 0) if populate else 0)
            buffer = mmap.mmap(blob.fileno(), 0, flags=flags, prot=mmap.PROT_READ) if size else b""
        for key, spec in manifest["files"].items():
            dtype, shape = np.dtype(spec["dtype"]), tuple(spec["shape"])
            count = int(np.prod(shape))
            if spec["offset"] + count * dtype.itemsize > size or dtype.hasobject:
                raise StoredIndexError(f"{name}/{key}: outside the file")
            value = np.frombuffer(buffer, dtype, count, spec["offset"]) if count else None
            mapped[key] = (value if value is not None else np.zeros(0, dtype)).reshape(shape)
        n = manifest["offers"]
        arrays = OfferArrays.trusted(
            {k.removeprefix("arrays."): v for k, v in mapped.items() if k.startswith("arrays.")}
        )
        grid = Grid.restore(
            manifest["grid"],
            {k.removeprefix("grid."): v for k, v in mapped.items() if k.startswith("grid.")},
        )
    except StoredIndexError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoredIndexError(f"{name}: {exc}") from exc
    if len(arrays) != n or len(arrays.xyz) != n or len(grid.x) != len(mapped["active_rows"]):
        raise StoredIndexError(f"{name}: column lengths do not match")
    # made empty, then given the mapped columns: nothing derived is computed again
    index = OfferIndex(OfferArrays.empty())
    index.arrays = arrays
    index.active_rows = mapped["active_rows"]
    index._grid = grid  # the stored version's grid, ready to query
    return index, manifest


def prune(root: Path, keep: int = KEEP) -> list[str]:
    """Remove all but the newest ``keep`` versions (never the current one) and temporary
    directories older than an hour left by a writer that died; the names removed."""
    now = time.time()
    for tmp in root.glob(".tmp-*"):
        try:
            if now - tmp.stat().st_mtime > 3600:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass
    keep_names = set(_versions(root)[-keep:]) | {current(root)}
    removed = []
    for name in _versions(root):
        if name not in keep_names:
            shutil.rmtree(root / name, ignore_errors=True)
            removed.append(name)
    return removed
