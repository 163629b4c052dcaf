"""The uploads part of a backup, through the storage API: local directory or object storage."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import Storage

from kausa.core.backup.manifest import MEDIA, BackupError, FileEntry, copy_hashing, open_private


def storage_names(storage: Storage, prefix: str = "") -> Iterator[str]:
    """Every file name in a storage, through listdir (works for local and object storage)."""
    try:
        directories, names = storage.listdir(prefix)
    except FileNotFoundError:
        return  # no upload yet: MEDIA_ROOT does not exist
    for name in names:
        if name:
            yield posixpath.join(prefix, name)
    for directory in directories:
        if directory:
            yield from storage_names(storage, posixpath.join(prefix, directory) + "/")


def backup_media(storage: Storage, directory: Path) -> dict[str, FileEntry]:
    """Copy every file of ``storage`` to ``directory``/media/; manifest entries by path."""
    files: dict[str, FileEntry] = {}
    for name in sorted(storage_names(storage)):
        target = directory / MEDIA / Path(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            source = storage.open(name, "rb")
        except FileNotFoundError:
            continue  # deleted after it was listed: the deletion is the newer state
        with source, open_private(target) as out:
            files[f"{MEDIA}/{name}"] = copy_hashing(source, out)
    return files


def restore_media(storage: Storage, directory: Path, files: dict[str, FileEntry]) -> None:
    """Write each backed-up file under its own name (replacing one there) and read it back."""
    for name, entry in sorted(files.items()):
        if storage.exists(name):
            storage.delete(name)  # else the storage would save it under another name
        with (directory / MEDIA / Path(*PurePosixPath(name).parts)).open("rb") as source:
            saved = storage.save(name, File(source, name=posixpath.basename(name)))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; restore stopped.")
        with storage.open(name, "rb") as written:
            if copy_hashing(written, None) != entry:
                raise BackupError(f"{name} differs from the backup after writing it to storage.")
