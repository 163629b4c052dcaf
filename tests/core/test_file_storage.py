"""Uploads: the local folder, or a private S3 bucket when KAUSA_S3_BUCKET is set."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from kausa.core.file_storage import LOCAL_BACKEND, S3_BACKEND, upload_storage

S3_ENV = {
    "KAUSA_S3_BUCKET": "kausa-uploads",
    "KAUSA_S3_ENDPOINT_URL": "https://s3.example.org",
    "KAUSA_S3_ACCESS_KEY_ID": "AKIAKAUSA",
    "KAUSA_S3_SECRET_ACCESS_KEY": "very-secret",
    "KAUSA_S3_REGION": "eu-central-1",
}


@pytest.fixture
def s3_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("KAUSA_S3_"):
            monkeypatch.delenv(name)

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_without_a_bucket_uploads_stay_in_the_local_folder(s3_env):
    assert upload_storage() == {"BACKEND": LOCAL_BACKEND}


def test_bucket_gives_private_s3_storage_that_django_storages_accepts(s3_env):
    s3_env(**S3_ENV)
    storage = upload_storage()
    assert storage["BACKEND"] == S3_BACKEND
    options = storage["OPTIONS"]
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    backend = S3Storage(**options)  # an option django-storages does not know would raise
    assert backend.bucket_name == "kausa-uploads"
    assert backend.endpoint_url == "https://s3.example.org"
    assert backend.region_name == "eu-central-1"
    url = backend.url("network/toolkit/1-de")
    assert url.startswith("https://s3.example.org/kausa-uploads/network/toolkit/1-de?")
    assert "X-Amz-Signature=" in url  # private object: only a signed, expiring link


def test_keys_can_come_from_files(s3_env, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file\n")
    s3_env(
        **{k: v for k, v in S3_ENV.items() if k != "KAUSA_S3_SECRET_ACCESS_KEY"},
        KAUSA_S3_SECRET_ACCESS_KEY_FILE=str(key_file),
    )
    assert upload_storage()["OPTIONS"]["secret_key"] == "from-a-file"


@pytest.mark.parametrize("missing", ["KAUSA_S3_ACCESS_KEY_ID", "KAUSA_S3_SECRET_ACCESS_KEY"])
def test_bucket_without_keys_is_refused(s3_env, missing):
    s3_env(**{k: v for k, v in S3_ENV.items() if k != missing})
    with pytest.raises(ImproperlyConfigured, match=missing):
        upload_storage()


def test_keys_without_a_bucket_are_refused(s3_env):
    s3_env(**{k: v for k, v in S3_ENV.items() if k != "KAUSA_S3_BUCKET"})
    with pytest.raises(ImproperlyConfigured, match="without KAUSA_S3_BUCKET"):
        upload_storage()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KAUSA_S3_ENDPOINT_URL", "s3.example.org"),
        ("KAUSA_S3_ENDPOINT_URL", "ftp://s3.example.org"),
        ("KAUSA_S3_CUSTOM_DOMAIN", "https://files.kausa.example"),
    ],
)
def test_bad_addresses_are_refused(s3_env, name, value):
    s3_env(**(S3_ENV | {name: value}))
    with pytest.raises(ImproperlyConfigured, match=name):
        upload_storage()


def _settings_in_fresh_interpreter(**env: str) -> list[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KAUSA_", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC"))
    }
    code = (
        "from django.conf import settings as s; print(s.STORAGES['default']['BACKEND']); "
        "print(s.SESSION_ENGINE)"
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "kausa.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_settings_use_s3_and_sessions_cached_in_redis_with_the_database_as_record():
    lines = _settings_in_fresh_interpreter(**S3_ENV, REDIS_URL="redis://r:6379/0")
    assert lines == [S3_BACKEND, "kausa.core.sessions"]


def test_embedded_default_keeps_local_uploads_and_database_sessions():
    lines = _settings_in_fresh_interpreter()
    assert lines == [LOCAL_BACKEND, "django.contrib.sessions.backends.db"]


def test_a_bucket_without_keys_stops_the_start():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KAUSA_")}
    result = subprocess.run(
        [sys.executable, "-c", "import kausa.settings"],
        env={**clean, "KAUSA_S3_BUCKET": "kausa-uploads"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "KAUSA_S3_ACCESS_KEY_ID" in result.stderr
