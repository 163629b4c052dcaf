"""manifest.json: what a backup holds, and the check of every file against it."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.files import File

MANIFEST = "manifest.json"
MEDIA = "media"
FORMAT = "kausa-backup/1"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CHUNK = 1024 * 1024
MAX_PROBLEMS_SHOWN = 20


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says what to do."""


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclass(frozen=True)
class Inventory:
    """What a database holds: rows per table and applied migrations per app."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def migration_count(self) -> int:
        return sum(len(names) for names in self.migrations.values())


@dataclass(frozen=True)
class Manifest:
    created_at: str
    kausa_version: str
    vendor: str
    engine: str
    database_file: str
    storage: str
    inventory: Inventory
    files: dict[str, FileEntry]

    @property
    def media_files(self) -> dict[str, FileEntry]:
        """Uploads by storage name."""
        prefix = MEDIA + "/"
        return {k[len(prefix) :]: v for k, v in self.files.items() if k.startswith(prefix)}

    @property
    def media_bytes(self) -> int:
        return sum(entry.size for entry in self.media_files.values())

    @property
    def vendor_name(self) -> str:
        return VENDOR_NAMES.get(self.vendor, self.vendor)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created_at": self.created_at,
            "kausa_version": self.kausa_version,
            "database": {"vendor": self.vendor, "engine": self.engine, "file": self.database_file},
            "storage": self.storage,
            "migrations": self.inventory.migrations,
            "tables": self.inventory.tables,
            "files": {k: {"size": v.size, "sha256": v.sha256} for k, v in self.files.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Manifest:
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise ValueError(f"format is not {FORMAT}")
        database = data["database"]
        return cls(
            created_at=str(data["created_at"]),
            kausa_version=str(data["kausa_version"]),
            vendor=str(database["vendor"]),
            engine=str(database["engine"]),
            database_file=str(database["file"]),
            storage=str(data["storage"]),
            inventory=Inventory(
                tables={str(k): int(v) for k, v in data["tables"].items()},
                migrations={str(k): [str(n) for n in v] for k, v in data["migrations"].items()},
            ),
            files={
                str(k): FileEntry(size=int(v["size"]), sha256=str(v["sha256"]))
                for k, v in data["files"].items()
            },
        )


def write_manifest(directory: Path, manifest: Manifest) -> None:
    """Written last and renamed into place: a directory without one is an unfinished backup."""
    partial = directory / (MANIFEST + ".partial")
    with open_private(partial) as out:
        out.write(json.dumps(manifest.to_json(), indent=2, sort_keys=True).encode() + b"\n")
    partial.replace(directory / MANIFEST)


def read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{path} is missing: {directory} is not a Kausa backup, or the backup did not finish."
        )
    try:
        manifest = Manifest.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"{path} is not a Kausa backup manifest ({exc}).") from exc
    for key in manifest.files:
        parts = PurePosixPath(key).parts
        if PurePosixPath(key).is_absolute() or ".." in parts or "\\" in key:
            raise BackupError(f"{path} lists a file outside the backup: {key}")
        if key != manifest.database_file and parts[0] != MEDIA:
            raise BackupError(f"{path} lists a file that is neither database nor upload: {key}")
    if DATABASE_FILES.get(manifest.vendor) != manifest.database_file:
        raise BackupError(f"{path}: a {manifest.vendor} backup with {manifest.database_file}?")
    if manifest.database_file not in manifest.files:
        raise BackupError(f"{path} lists no checksum for the database file.")
    return manifest


def backup_verify(*, directory: Path) -> Manifest:
    """Read manifest.json and check every file it lists; refuse anything missing or changed.

    A file the manifest does not list is refused too: the directory is exactly the backup.
    """
    manifest = read_manifest(directory)
    problems: list[str] = []
    for key, entry in sorted(manifest.files.items()):
        path = directory / key
        if not path.is_file():
            problems.append(f"{key}: missing")
            continue
        actual = hash_file(path)
        if actual.size != entry.size:
            problems.append(f"{key}: {actual.size} bytes, the manifest says {entry.size}")
        elif actual.sha256 != entry.sha256:
            problems.append(f"{key}: contents changed (sha256 differs from the manifest)")
    listed = set(manifest.files) | {MANIFEST}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        key = path.relative_to(directory).as_posix()
        if key not in listed:
            problems.append(f"{key}: not in the manifest")
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(f"… and {len(problems) - len(shown)} more")
        raise BackupError(
            f"The backup in {directory} does not match its manifest; nothing was restored.\n  "
            + "\n  ".join(shown)
        )
    return manifest


def open_private(path: Path) -> IO[bytes]:
    """A new file only its owner may read: backups hold personal data."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(descriptor, "wb")


def copy_hashing(source: IO[bytes] | File[Any], target: IO[bytes] | None) -> FileEntry:
    """Read ``source`` to the end (copying it to ``target`` if given); its size and sha256."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return FileEntry(size=size, sha256=digest.hexdigest())


def hash_file(path: Path) -> FileEntry:
    with path.open("rb") as source:
        return copy_hashing(source, None)
