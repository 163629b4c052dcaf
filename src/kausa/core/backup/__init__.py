"""Backup and restore: the database and the uploaded files in one directory, with a manifest.

A backup directory holds

    manifest.json      time, Kausa version, database engine, applied migrations, rows per
                       table, and sha256 + size of every other file in the directory
    database.pgdump    PostgreSQL: ``pg_dump --format=custom``            (or)
    database.sqlite3   SQLite: a copy made with SQLite's online backup API
    media/<name>       every file of the default storage (the uploads), under its storage name

Both copies are taken while the site runs: PostgreSQL's dump and the row counts come from one
exported snapshot, SQLite's backup API copies a consistent state and the counts are read from
the copy. Files go through the storage API, so uploads in object storage (S3) are copied too.
See docs/backup.md.
"""

from __future__ import annotations

from kausa.core.backup.manifest import (
    BackupError,
    FileEntry,
    Inventory,
    Manifest,
    backup_verify,
    read_manifest,
)
from kausa.core.backup.services import RestoreSummary, backup_create, backup_restore, format_size

__all__ = [
    "BackupError",
    "FileEntry",
    "Inventory",
    "Manifest",
    "RestoreSummary",
    "backup_create",
    "backup_restore",
    "backup_verify",
    "format_size",
    "read_manifest",
]
