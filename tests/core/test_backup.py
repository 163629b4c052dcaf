"""kausa backup / kausa restore: a round trip keeps every row and every uploaded byte.

The database the suite runs on is backed up; the restore goes into a scratch target: a
temporary SQLite file, or on PostgreSQL a database created for the test. Row counts and
file digests are compared by code of their own, not by the service's.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import boto3
import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from moto import mock_aws
from psycopg import sql
from storages.backends.s3 import S3Storage

from kausa.core.backup import BackupError, backup_create, backup_restore
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ParentFactory,
    YoungPersonFactory,
)
from tests.network.factories import PDF_BYTES, ProfileFactory, png_bytes

ON_SQLITE = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite round trip; this run uses PostgreSQL"
)
ON_POSTGRES = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
VENDOR = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor)
TOOLKIT_FILE = "network/toolkit/Elternbrief für Väter – عربي.pdf"


# --- independent checks ------------------------------------------------------------------------
def _tables_sql(vendor: str) -> str:
    if vendor == "sqlite":
        return "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return (
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )


def _counts(cursor: Any, vendor: str) -> dict[str, int]:
    cursor.execute(_tables_sql(vendor))
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalog
        counts[table] = cursor.fetchone()[0]
    return counts


def _source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _counts(cursor, connection.vendor)


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def _pg_params(dbname: str) -> dict[str, Any]:
    db = connection.settings_dict
    return {
        "dbname": dbname,
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
    }


@dataclass
class Target:
    """Where a test restores to: a database (file or name) and an upload directory."""

    vendor: str
    name: str
    media: Path

    @property
    def storage(self) -> FileSystemStorage:
        return FileSystemStorage(location=self.media)

    def execute(self, statement: str) -> None:
        with self._connect() as db:
            db.execute(statement)
            db.commit()

    def counts(self) -> dict[str, int]:
        if self.vendor == "sqlite" and not Path(self.name).exists():
            return {}
        with self._connect() as db:
            return _counts(db.cursor(), self.vendor)

    def _connect(self) -> Any:
        if self.vendor == "sqlite":
            return closing(sqlite3.connect(self.name))
        return psycopg.connect(**_pg_params(self.name))


@pytest.fixture(
    params=[
        pytest.param("sqlite", marks=ON_SQLITE),
        pytest.param("postgresql", marks=ON_POSTGRES),
    ]
)
def target(request, tmp_path: Path) -> Iterator[Target]:
    media = tmp_path / "restored-media"
    if request.param == "sqlite":
        yield Target("sqlite", str(tmp_path / "restored" / "kausa.sqlite3"), media)
        return
    name = f"kausa_restore_test_{os.getpid()}"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield Target("postgresql", name, media)
    finally:
        with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
            admin.execute(drop)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def office_data(media: Path) -> None:
    """Offices, staff, young people, a parent, a company logo and a toolkit letter."""
    office = OrganisationFactory()
    other = OrganisationFactory()
    for org in (office, office, other):
        MembershipFactory(organisation=org)
    for _ in range(4):
        YoungPersonFactory(organisation=office)
    YoungPersonFactory(organisation=other)
    ParentFactory(organisation=office)
    profile = ProfileFactory(company__organisation=office)
    profile.logo.save("logo.png", ContentFile(png_bytes((40, 30))))
    default_storage.save(TOOLKIT_FILE, ContentFile(PDF_BYTES))


# --- round trip --------------------------------------------------------------------------------
def test_round_trip_restores_every_tables_rows_and_every_uploaded_byte(
    reference_restored, transactional_db, office_data, media: Path, target: Target, tmp_path
):
    before = _source_counts()
    backup = tmp_path / "backup"

    manifest = backup_create(directory=backup)
    summary = backup_restore(directory=backup, database_name=target.name, storage=target.storage)

    assert target.counts() == before
    assert before["people_youngperson"] == 5 and before["reference_postalcode"] > 8000
    assert manifest.inventory.tables == before
    assert summary.inventory.tables == before
    assert "0001_initial" in manifest.inventory.migrations["accounts"]
    assert manifest.vendor == connection.vendor
    originals = _digests(media)
    assert len(originals) == 2 and TOOLKIT_FILE in originals
    assert _digests(target.media) == originals
    assert {k: v.sha256 for k, v in manifest.media_files.items()} == originals
    assert not summary.replaced and summary.files == 2


def test_non_empty_target_is_refused_without_force_and_replaced_with_force(
    reference_restored, transactional_db, office_data, media: Path, target: Target, tmp_path
):
    backup = tmp_path / "backup"
    backup_create(directory=backup)
    backup_restore(directory=backup, database_name=target.name, storage=target.storage)
    target.execute("DELETE FROM people_youngperson")
    (target.media / TOOLKIT_FILE).write_bytes(b"edited after the backup")
    changed = target.counts()

    with pytest.raises(BackupError, match="--force"):
        backup_restore(directory=backup, database_name=target.name, storage=target.storage)
    assert target.counts() == changed
    assert (target.media / TOOLKIT_FILE).read_bytes() == b"edited after the backup"

    summary = backup_restore(
        directory=backup, database_name=target.name, storage=target.storage, force=True
    )
    assert summary.replaced
    assert target.counts() == _source_counts()
    assert target.counts()["people_youngperson"] == 5
    assert _digests(target.media) == _digests(media)


# --- refusals ----------------------------------------------------------------------------------
def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("upload", r"media/network/logos/logo.*\.png: contents changed"),
        ("database", r"database\.\w+: contents changed"),
        ("missing", r"media/network/toolkit/.*: missing"),
        ("extra", r"media/stray\.txt: not in the manifest"),
    ],
)
def test_tampered_backup_is_refused_and_nothing_is_restored(
    reference_restored,
    transactional_db,
    office_data,
    target: Target,
    tmp_path,
    damage: str,
    message: str,
):
    backup = tmp_path / "backup"
    manifest = backup_create(directory=backup)
    if damage == "upload":
        _flip_one_byte(next((backup / "media" / "network" / "logos").iterdir()))
    elif damage == "database":
        _flip_one_byte(backup / manifest.database_file)
    elif damage == "missing":
        (backup / "media" / TOOLKIT_FILE).unlink()
    else:
        (backup / "media" / "stray.txt").write_text("not from the backup")

    with pytest.raises(BackupError, match=message):
        backup_restore(directory=backup, database_name=target.name, storage=target.storage)
    assert target.counts() == {}
    assert not target.media.exists()


def test_backup_into_a_directory_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "yesterday.txt").write_text("an older backup")
    with pytest.raises(BackupError, match="not empty"):
        backup_create(directory=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["yesterday.txt"]


def test_backup_into_the_upload_folder_is_refused(media: Path):
    with pytest.raises(BackupError, match="inside the upload folder"):
        backup_create(directory=media / "backups" / "today")
    assert not media.exists()


def test_backup_of_the_other_database_engine_is_refused(
    reference_restored, transactional_db, target: Target, tmp_path
):
    backup = tmp_path / "backup"
    manifest = backup_create(directory=backup)
    other_vendor, other_file = (
        ("postgresql", "database.pgdump")
        if connection.vendor == "sqlite"
        else ("sqlite", "database.sqlite3")
    )
    (backup / manifest.database_file).rename(backup / other_file)
    data = json.loads((backup / "manifest.json").read_text())
    data["database"].update(vendor=other_vendor, file=other_file)
    data["files"][other_file] = data["files"].pop(manifest.database_file)
    (backup / "manifest.json").write_text(json.dumps(data))

    with pytest.raises(BackupError, match=r"holds a (PostgreSQL|SQLite) database, the config"):
        backup_restore(directory=backup, database_name=target.name, storage=target.storage)
    assert target.counts() == {}


def test_restore_without_manifest_says_the_backup_is_incomplete(db, tmp_path):
    (tmp_path / "database.sqlite3").write_bytes(b"half a backup")
    with pytest.raises(BackupError, match="not a Kausa backup, or the backup did not finish"):
        backup_restore(directory=tmp_path)


# --- object storage ----------------------------------------------------------------------------
def test_uploads_in_object_storage_are_backed_up_and_restored_through_the_storage_api(
    reference_restored, transactional_db, target: Target, tmp_path
):
    def bucket(name: str) -> S3Storage:
        boto3.client("s3", region_name="eu-central-1").create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        # as kausa.core.file_storage configures it: a taken name is never overwritten
        return S3Storage(
            bucket_name=name,
            region_name="eu-central-1",
            access_key="x",
            secret_key="x",
            default_acl="private",
            file_overwrite=False,
        )

    with mock_aws():
        uploads = bucket("kausa-uploads")
        uploads.save("network/logos/logo.png", ContentFile(png_bytes()))
        uploads.save(TOOLKIT_FILE, ContentFile(PDF_BYTES))
        uploads.save("readme.txt", ContentFile(b"top level"))
        backup = tmp_path / "backup"
        manifest = backup_create(directory=backup, storage=uploads)
        restored = bucket("kausa-uploads-restored")
        summary = backup_restore(directory=backup, database_name=target.name, storage=restored)

        assert sorted(manifest.media_files) == sorted(
            ["network/logos/logo.png", TOOLKIT_FILE, "readme.txt"]
        )
        assert summary.files == 3
        restored.delete(TOOLKIT_FILE)
        assert restored.save(TOOLKIT_FILE, ContentFile(b"changed after")) == TOOLKIT_FILE
        again = backup_restore(
            directory=backup, database_name=target.name, storage=restored, force=True
        )
        assert again.replaced and again.files_not_in_backup == 0
        for name in manifest.media_files:
            with uploads.open(name) as a, restored.open(name) as b:
                assert a.read() == b.read()
        assert len(restored.listdir("network/toolkit/")[1]) == 1
    assert _digests(backup / "media") == {k: v.sha256 for k, v in manifest.media_files.items()}


# --- commands ----------------------------------------------------------------------------------
def test_commands_print_what_they_did_and_refuse_the_live_database(
    reference_restored, transactional_db, office_data, tmp_path
):
    backup = tmp_path / "backup"
    out = StringIO()
    call_command("backup", str(backup), stdout=out)
    assert f"Backed up the {VENDOR} database (" in out.getvalue()
    assert "and 2 uploaded files" in out.getvalue()
    assert (backup / "manifest.json").exists()

    out = StringIO()
    call_command("restore", str(backup), "--verify-only", stdout=out)
    assert "all 3 files match the manifest" in out.getvalue()

    with pytest.raises(CommandError, match=r"Nothing restored: the database .* holds [\d,]+ rows"):
        call_command("restore", str(backup))


@ON_SQLITE
def test_sqlite_backup_inside_a_transaction_is_refused_instead_of_waiting_forever(db, tmp_path):
    with pytest.raises(BackupError, match="inside a transaction"):
        backup_create(directory=tmp_path / "backup")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite test db is in memory")
def test_restore_command_with_force_replaces_the_configured_database(
    reference_restored, transactional_db, office_data, tmp_path
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    before = _source_counts()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_parent")

    out = StringIO()
    call_command("restore", str(backup), "--force", stdout=out)

    assert "Replaced the PostgreSQL database with the backup's: " in out.getvalue()
    assert "Restored 2 uploaded files" in out.getvalue()
    assert _source_counts() == before
