"""Points as unit vectors, distances as chords on the unit sphere."""

from __future__ import annotations

from typing import Any

import numpy as np

from kausa.matching.engine.weights import EARTH_RADIUS_KM, FloatArray


def unit_vectors(lat: Any, lon: Any) -> FloatArray:
    """(n, 3) unit vectors for latitudes/longitudes in degrees."""
    la = np.radians(np.asarray(lat, dtype=np.float64))
    lo = np.radians(np.asarray(lon, dtype=np.float64))
    cos_la = np.cos(la)
    return np.stack([cos_la * np.cos(lo), cos_la * np.sin(lo), np.sin(la)], axis=-1)


def chord_for_km(km: float) -> float:
    """The straight-line (chord) length on the unit sphere for a distance in km."""
    return km / EARTH_RADIUS_KM


def km_of_chord(chord: Any) -> Any:
    """Chord length on the unit sphere in km (through the earth: at 50 km it differs from
    the great-circle distance by under 1 m, so it is used for display as well)."""
    return chord * EARTH_RADIUS_KM
