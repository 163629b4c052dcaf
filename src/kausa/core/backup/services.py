"""backup_create and backup_restore: what `kausa backup` and `kausa restore` call."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from kausa.core.backup import databases
from kausa.core.backup.manifest import (
    DATABASE_FILES,
    VENDOR_NAMES,
    BackupError,
    Inventory,
    Manifest,
    backup_verify,
    hash_file,
    read_manifest,
    write_manifest,
)
from kausa.core.backup.media import backup_media, restore_media, storage_names


@dataclass(frozen=True)
class RestoreSummary:
    manifest: Manifest
    inventory: Inventory  # what the restored database holds, checked against the manifest
    files: int
    replaced: bool  # the target held data (--force)
    files_not_in_backup: int  # left in the storage
    unapplied_migrations: list[str] = field(default_factory=list)
    unknown_migrations: list[str] = field(default_factory=list)


def backup_create(
    *, directory: Path, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> Manifest:
    """Write the database, the uploaded files and manifest.json into a new or empty directory."""
    storage = storage if storage is not None else default_storage
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    if isinstance(storage, FileSystemStorage) and directory.resolve().is_relative_to(
        Path(storage.location).resolve()
    ):
        raise BackupError(f"{directory} lies inside the upload folder {storage.location}.")
    _prepare_directory(directory)
    database_file = DATABASE_FILES[connection.vendor]
    dump = directory / database_file
    dump.touch(mode=0o600)  # pg_dump and sqlite3 keep the mode of a file that exists
    created_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if connection.vendor == "postgresql":
        inventory = databases.dump_postgresql(connection, dump)
    else:
        inventory = databases.dump_sqlite(connection, dump)
    # Files after the database: an upload made meanwhile is only an unused extra file, while
    # files copied first could miss the uploads of rows that the database copy then holds.
    files = {database_file: hash_file(dump), **backup_media(storage, directory)}
    manifest = Manifest(
        created_at=created_at,
        kausa_version=kausa_version(),
        vendor=connection.vendor,
        engine=connection.settings_dict["ENGINE"],
        database_file=database_file,
        # __class__ sees through default_storage's lazy wrapper
        storage=f"{storage.__class__.__module__}.{storage.__class__.__qualname__}",
        inventory=inventory,
        files=files,
    )
    write_manifest(directory, manifest)
    return manifest


def backup_restore(
    *,
    directory: Path,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    database_name: str | None = None,
    storage: Storage | None = None,
) -> RestoreSummary:
    """Restore a verified backup into the configured database (or ``database_name``) and storage.

    Refuses a target that holds anything unless ``force``; then the database is replaced and
    the backed-up files overwrite files of the same name.
    """
    storage = storage if storage is not None else default_storage
    connection = connections[using]
    manifest = read_manifest(directory)
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"This backup holds a {manifest.vendor_name} database, the configured database is "
            f"{VENDOR_NAMES.get(connection.vendor, connection.vendor)}. Restore it into a "
            f"{manifest.vendor_name} database (DATABASE_URL)."
        )
    manifest = backup_verify(directory=directory)
    target = copy.deepcopy(connection.settings_dict)
    if database_name is not None:
        target["NAME"] = database_name
    before = databases.target_inventory(connection, target)
    stored = set(storage_names(storage))
    if (before.rows or stored) and not force:
        raise BackupError(_not_empty_message(target["NAME"], before, len(stored)))
    if manifest.vendor == "sqlite" and databases.in_memory(target["NAME"]):
        raise BackupError("Nothing restored: the configured database is an in-memory database.")
    dump = directory / manifest.database_file
    if connection.settings_dict["NAME"] == target["NAME"]:
        connection.close()  # our own connection must not hold the database being replaced
    if manifest.vendor == "postgresql":
        databases.restore_postgresql(connection, target, dump, manifest, before)
    else:
        databases.restore_sqlite(Path(target["NAME"]), dump)
    restore_media(storage, directory, manifest.media_files)
    after = databases.target_inventory(connection, target)
    databases.check_counts(manifest.inventory, after)
    unapplied, unknown = _migration_drift(after)
    return RestoreSummary(
        manifest=manifest,
        inventory=after,
        files=len(manifest.media_files),
        replaced=bool(before.rows or stored),
        files_not_in_backup=len(stored - set(manifest.media_files)),
        unapplied_migrations=unapplied,
        unknown_migrations=unknown,
    )


def _prepare_directory(directory: Path) -> None:
    if directory.exists():
        if not directory.is_dir():
            raise BackupError(f"{directory} exists and is not a directory.")
        if any(directory.iterdir()):
            raise BackupError(
                f"{directory} is not empty. Back up into a new or empty directory "
                "(e.g. one per day: /var/backups/kausa/$(date +%F))."
            )
    else:
        directory.mkdir(parents=True, mode=0o700)  # personal data: for its owner only


def _not_empty_message(name: str, inventory: Inventory, files: int) -> str:
    held = []
    if inventory.rows:
        tables = sum(1 for rows in inventory.tables.values() if rows)
        held.append(
            f"the database {name} holds {inventory.rows:,} rows in {tables} tables and "
            f"{inventory.migration_count} applied migrations"
        )
    if files:
        held.append(f"the upload storage holds {files:,} files")
    return (
        f"Nothing restored: {' and '.join(held)}. Restore into an empty database (no "
        "`kausa migrate` before) and an empty upload storage, or run again with --force to "
        "replace what is there."
    )


def _migration_drift(inventory: Inventory) -> tuple[list[str], list[str]]:
    """Migrations this code has but the backup lacks (run migrate), and the other way round."""
    on_disk = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    applied = {f"{app}.{name}" for app, names in inventory.migrations.items() for name in names}
    return sorted(on_disk - applied), sorted(applied - on_disk)


def kausa_version() -> str:
    try:
        return version("kausa")
    except PackageNotFoundError:
        return "unknown"


def format_size(count: int) -> str:
    size, unit = float(count), "bytes"
    for larger in ("kB", "MB", "GB", "TB"):
        if size < 1000:
            break
        size, unit = size / 1000, larger
    return f"{count} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
