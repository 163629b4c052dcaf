"""Values kept in the memory of one process, for a while.

For what every request of a public page reads and what changes rarely: a fragment of a page,
a tour with its stations. A value is kept under a key that names its version where one
exists (then it is never stale, only the check for the version remains), and for at most
``seconds`` in any case. When ``size`` keys are held the process starts afresh (no LRU
bookkeeping on the path of every request). Safe to share between the threads of a worker:
values are read, never changed.
"""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ProcessCache(Generic[K, V]):
    def __init__(self, *, seconds: float, size: int) -> None:
        self.seconds = seconds
        self.size = size
        self._values: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        kept = self._values.get(key)
        if kept is None or kept[0] <= time.monotonic():
            return None
        return kept[1]

    def put(self, key: K, value: V, seconds: float | None = None) -> None:
        """Keep ``value`` for ``seconds`` (at most the cache's own time)."""
        keep = self.seconds if seconds is None else min(seconds, self.seconds)
        with self._lock:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = (time.monotonic() + keep, value)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
