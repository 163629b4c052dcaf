"""Migration helpers that only do something on PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """A pg_trgm GIN index so that `LIKE '%text%'` searches stay fast on large tables.

    SQLite has no such index; there the operation does nothing.
    """

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)
