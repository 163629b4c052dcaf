"""Stored street networks: where they live on disk and a per-process cache of loaded graphs."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from kausa.jobwalk.engine.routing import StreetGraph

BUNDLED_EXTRACT = Path(__file__).parent / "data" / "lauf-an-der-pegnitz.osm.pbf"

_cache: dict[tuple[str, float], StreetGraph] = {}
_lock = threading.Lock()


def streets_dir() -> Path:
    return Path(settings.DATA_DIR) / "streets"


def network_file(city: str) -> Path:
    return streets_dir() / f"{slugify(city)}.npz"


def resolve(file_path: str) -> Path:
    path = Path(file_path)
    return path if path.is_absolute() else Path(settings.DATA_DIR) / path


def graph_at(file_path: str) -> StreetGraph:
    """The graph stored at `file_path`, loaded once per process (reloaded when it changes)."""
    path = resolve(file_path)
    key = (str(path), path.stat().st_mtime)
    graph = _cache.get(key)
    if graph is None:
        with _lock:
            graph = _cache.get(key)
            if graph is None:
                graph = StreetGraph.load(path)
                _ = graph.csr, graph.tree  # build the search structures once
                for old in [k for k in _cache if k[0] == key[0]]:
                    del _cache[old]
                _cache[key] = graph
    return graph
