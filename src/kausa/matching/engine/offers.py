"""The offers as columns (numpy arrays), sorted by id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kausa.matching.engine.geometry import unit_vectors
from kausa.matching.engine.weights import GERMAN_RANK, REQUIRED_CERT_RANK, FloatArray, IntArray

# the columns given to the constructor (``group`` and ``area`` are derived from ``kldb``)
COLUMNS = (
    "ids",
    "xyz",
    "occupation",
    "kldb",
    "cert_rank",
    "german_rank",
    "start",
    "free",
    "open",
)


@dataclass
class OfferArrays:
    """Offers as columns, sorted by id (row order = tie-break order)."""

    ids: IntArray
    xyz: FloatArray  # (n, 3) unit vectors
    occupation: NDArray[np.int32]
    kldb: NDArray[np.int32]  # 5-digit KldB code as a number, e.g. 25212
    cert_rank: NDArray[np.int8]  # required certificate, REQUIRED_CERT_RANK
    german_rank: NDArray[np.int8]  # required German, GERMAN_RANK
    start: NDArray[np.int32]  # date.toordinal()
    free: NDArray[np.int16]  # free places
    open: NDArray[np.bool_]
    group: NDArray[np.int32] = field(init=False)  # KldB Berufsgruppe, 3 digits
    area: NDArray[np.int32] = field(init=False)  # KldB Berufsbereich, 1 digit

    def __post_init__(self) -> None:
        order = np.argsort(self.ids, kind="stable")
        if not np.array_equal(order, np.arange(len(self.ids))):
            for name in COLUMNS:
                setattr(self, name, getattr(self, name)[order])
        self.xyz = np.ascontiguousarray(self.xyz, dtype=np.float64).reshape(-1, 3)
        self.group = (self.kldb // 100).astype(np.int32)
        self.area = (self.kldb // 10000).astype(np.int32)

    def subset(self, rows: NDArray[Any]) -> OfferArrays:
        """The offers of ``rows`` (a mask or row numbers), in that order."""
        return OfferArrays(**{name: getattr(self, name)[rows] for name in COLUMNS})

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def active(self) -> NDArray[np.bool_]:
        return self.open & (self.free > 0)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> OfferArrays:
        """Rows of (id, lat, lon, occupation id, kldb code, required certificate,
        required German, start ordinal, free places, is open)."""
        rows = list(rows)
        if not rows:
            return cls.empty()
        cols = list(zip(*rows, strict=True))
        return cls(
            ids=np.asarray(cols[0], dtype=np.int64),
            xyz=unit_vectors(cols[1], cols[2]),
            occupation=np.asarray(cols[3], dtype=np.int32),
            kldb=np.asarray([int(k) for k in cols[4]], dtype=np.int32),
            cert_rank=np.asarray([REQUIRED_CERT_RANK[c] for c in cols[5]], dtype=np.int8),
            german_rank=np.asarray([GERMAN_RANK[g] for g in cols[6]], dtype=np.int8),
            start=np.asarray(cols[7], dtype=np.int32),
            free=np.asarray(cols[8], dtype=np.int16),
            open=np.asarray(cols[9], dtype=np.bool_),
        )

    @classmethod
    def trusted(cls, columns: dict[str, Any]) -> OfferArrays:
        """From columns already sorted by id, with ``group`` and ``area`` included (e.g.
        read-only memory maps of a stored index): no sort check, no copy, nothing
        computed, so mapping a million offers costs no private memory."""
        arrays = object.__new__(cls)
        for name in (*COLUMNS, "group", "area"):
            setattr(arrays, name, columns[name])
        return arrays

    def columns(self) -> dict[str, Any]:
        """Every column by name (``trusted`` takes them back)."""
        return {name: getattr(self, name) for name in (*COLUMNS, "group", "area")}

    def replaced(self, changed_ids: IntArray, current: OfferArrays) -> OfferArrays:
        """New columns: these without the rows of ``changed_ids``, plus ``current`` (the
        changed offers as they are now, those still to be searched)."""
        keep = ~np.isin(self.ids, changed_ids)
        return OfferArrays(
            **{
                name: np.concatenate([getattr(self, name)[keep], getattr(current, name)])
                for name in COLUMNS
            }
        )

    @classmethod
    def empty(cls) -> OfferArrays:
        return cls(
            ids=np.zeros(0, np.int64),
            xyz=np.zeros((0, 3)),
            occupation=np.zeros(0, np.int32),
            kldb=np.zeros(0, np.int32),
            cert_rank=np.zeros(0, np.int8),
            german_rank=np.zeros(0, np.int8),
            start=np.zeros(0, np.int32),
            free=np.zeros(0, np.int16),
            open=np.zeros(0, np.bool_),
        )

    def row(self, i: int) -> dict[str, Any]:
        """One offer as plain Python values (for the reference loop and explanations)."""
        return {
            "id": int(self.ids[i]),
            "x": float(self.xyz[i, 0]),
            "y": float(self.xyz[i, 1]),
            "z": float(self.xyz[i, 2]),
            "occupation": int(self.occupation[i]),
            "kldb": int(self.kldb[i]),
            "cert_rank": int(self.cert_rank[i]),
            "german_rank": int(self.german_rank[i]),
            "start": int(self.start[i]),
            "free": int(self.free[i]),
            "open": bool(self.open[i]),
        }
