"""The database part of a backup: PostgreSQL via pg_dump/pg_restore, SQLite via its backup API."""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend

from kausa.core.backup.manifest import MAX_PROBLEMS_SHOWN, BackupError, Inventory, Manifest

# pg_dump/pg_restore read these from the environment; the password never shows in `ps`.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
PG_STDERR_SHOWN = 2000


def inventory(cursor: Any, connection: BaseDatabaseWrapper) -> Inventory:
    """Rows per table (every table introspection sees) and applied migrations, via ``cursor``.

    ``connection`` only lends its introspection and quoting; the cursor may belong to another
    connection of the same engine (a snapshot, a backup file, a restore target).
    """
    quote = connection.ops.quote_name
    tables: dict[str, int] = {}
    for table in connection.introspection.table_names(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - introspected name
        tables[table] = int(cursor.fetchone()[0])
    migrations: dict[str, list[str]] = {}
    recorder_table = MigrationRecorder.Migration._meta.db_table
    if recorder_table in tables:
        cursor.execute(f"SELECT app, name FROM {quote(recorder_table)} ORDER BY id")  # noqa: S608
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return Inventory(tables=tables, migrations=migrations)


def target_inventory(connection: BaseDatabaseWrapper, target: dict[str, Any]) -> Inventory:
    """What the database described by ``target`` (a DATABASES entry) holds now."""
    if connection.vendor == "sqlite":
        if in_memory(target["NAME"]):  # the test database: only Django's connection sees it
            with connection.cursor() as cursor:
                return inventory(cursor, connection)
        path = Path(target["NAME"])
        if not path.exists():
            return Inventory(tables={}, migrations={})
        with sqlite(path, readonly=False) as db:
            return inventory(db.cursor(), connection)
    wrapper = open_wrapper(target, connection.alias)
    try:
        with wrapper.cursor() as cursor:
            return inventory(cursor, connection)
    except DatabaseError as exc:
        raise BackupError(f"Cannot read the target database {target['NAME']}: {exc}") from exc
    finally:
        wrapper.close()


def check_counts(expected: Inventory, actual: Inventory) -> None:
    differences = [
        f"{table}: {expected.tables.get(table, 'no table')} in the backup, "
        f"{actual.tables.get(table, 'no table')} restored"
        for table in sorted(set(expected.tables) | set(actual.tables))
        if expected.tables.get(table) != actual.tables.get(table)
    ]
    if differences:
        raise BackupError(
            "The restored database differs from the backup's row counts:\n  "
            + "\n  ".join(differences[:MAX_PROBLEMS_SHOWN])
        )


# --- SQLite ------------------------------------------------------------------------------------
def dump_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> Inventory:
    if connection.in_atomic_block:
        # SQLite's backup waits for the source's write transaction to end: ours never would.
        raise BackupError("A SQLite backup cannot run inside a transaction of its own database.")
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as target:
        # One step: a consistent copy; in WAL mode writers go on meanwhile.
        connection.connection.backup(target)
        # A single self-contained file (no -wal/-shm beside it).
        target.execute("PRAGMA journal_mode=DELETE")
        return inventory(target.cursor(), connection)


def restore_sqlite(target: Path, dump: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite(dump, readonly=True) as source, sqlite(target, readonly=False) as db:
        # Page by page into the live file: whatever it held (and its WAL) is replaced.
        source.backup(db)


def in_memory(name: str | Path) -> bool:
    """As Django's SQLite backend decides it (the test database is one)."""
    return not isinstance(name, Path) and (name == ":memory:" or "mode=memory" in name)


def sqlite(path: Path, *, readonly: bool) -> closing[sqlite3.Connection]:
    """A plain connection that is closed at the end of the with block (sqlite3's own is not)."""
    if readonly:
        return closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
    return closing(sqlite3.connect(path))


# --- PostgreSQL --------------------------------------------------------------------------------
def dump_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> Inventory:
    """pg_dump and the row counts see the same snapshot, exported by a read-only transaction."""
    snapshot = open_wrapper(connection.settings_dict, connection.alias)
    try:
        snapshot.ensure_connection()
        snapshot.set_autocommit(False)
        with snapshot.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            run_pg(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={dump}"],
                snapshot.settings_dict,
            )
            return inventory(cursor, connection)
    finally:
        snapshot.close()


def restore_postgresql(
    connection: BaseDatabaseWrapper,
    target: dict[str, Any],
    dump: Path,
    manifest: Manifest,
    before: Inventory,
) -> None:
    extra = sorted(set(before.tables) - set(manifest.inventory.tables))
    if extra:
        # Tables the backup does not know (a newer version's) would keep their rows, and their
        # foreign keys could block pg_restore's DROPs: replacing the database means they go.
        wrapper = open_wrapper(target, connection.alias)
        try:
            with wrapper.cursor() as cursor:
                names = ", ".join(connection.ops.quote_name(t) for t in extra)
                cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
        finally:
            wrapper.close()
    run_pg(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",  # all or nothing
            "--exit-on-error",
            f"--dbname={target['NAME']}",
            str(dump),
        ],
        target,
    )


def open_wrapper(settings_dict: dict[str, Any], alias: str) -> BaseDatabaseWrapper:
    """A connection of its own, outside Django's per-thread connections."""
    settings_dict = copy.deepcopy(settings_dict)
    wrapper: BaseDatabaseWrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        settings_dict, f"{alias}-backup"
    )
    return wrapper


def pg_env(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    if settings_dict.get("NAME"):
        env["PGDATABASE"] = str(settings_dict["NAME"])
    for option, variable in PG_OPTION_ENV.items():
        value = settings_dict.get("OPTIONS", {}).get(option)
        if value is not None:
            env[variable] = str(value)
    return env


def run_pg(command: list[str], settings_dict: Mapping[str, Any]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed; it comes with PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client, same major version as the server)."
        )
    result = subprocess.run(  # noqa: S603 - fixed program, arguments are ours
        command, env=pg_env(settings_dict), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{command[0]} failed (exit {result.returncode}): "
            f"{result.stderr.strip()[-PG_STDERR_SHOWN:]}"
        )
