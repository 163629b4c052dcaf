"""A small query asked on every visit of a public page, compiled by the ORM once.

Compiling a queryset to SQL costs 0.3-2 ms (an annotated query with joins more); a page that
asks "which version is this?" on every visit pays that each time for a query the database
answers in 0.1 ms. ``OneRowQuery`` builds the queryset once per process and database vendor
(with a stand-in key), keeps its SQL and puts the real key in its place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

_STAND_IN = -731_904_562  # a key no row has, found again among the compiled parameters


class OneRowQuery:
    """``build(key)`` must give a ``values_list`` queryset of at most one row whose
    parameters hold ``key`` once."""

    def __init__(self, build: Callable[[int], QuerySet[Any, Any]]) -> None:
        self.build = build
        self._compiled: dict[str, tuple[str, list[Any], int]] = {}
        self._lock = threading.Lock()

    def _sql(self) -> tuple[str, list[Any], int]:
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            sql, params = self.build(_STAND_IN).query.sql_with_params()
            positions = [i for i, p in enumerate(params) if p == _STAND_IN]
            if len(positions) != 1:
                raise ValueError("the query must hold its key exactly once")
            compiled = (sql, list(params), positions[0])
            with self._lock:
                self._compiled[connection.vendor] = compiled
        return compiled

    def fetch(self, key: int) -> tuple[Any, ...] | None:
        """The row for ``key`` as the database gives it (no ORM conversions), or None."""
        sql, params, at = self._sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params[:at], key, *params[at + 1 :]])
            row = cursor.fetchone()
        return tuple(row) if row is not None else None
