"""Where uploads live: a local folder, or S3-compatible object storage (``KAUSA_S3_*``).

Several app servers cannot share a local folder: a file uploaded through one server must be
readable through every other one, so a set-up with more than one server keeps its uploads in
a bucket. The objects stay private (no public ACL): toolkit materials may be restricted, and
Kausa hands every file out through its own views after a permission check
(``network/views_files.py``), reading it with ``storage.open()``, never by a local path or a
storage URL. Storage URLs, should code ever ask for one, are signed and expire; with
``KAUSA_S3_CUSTOM_DOMAIN`` they are plain links to that domain (a CDN in front of the bucket
decides itself what it serves).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from kausa.core.env import env_secret, env_str

LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"


def _s3_environment() -> dict[str, str]:
    return {
        "KAUSA_S3_BUCKET": env_str("KAUSA_S3_BUCKET").strip(),
        "KAUSA_S3_ENDPOINT_URL": env_str("KAUSA_S3_ENDPOINT_URL").strip(),
        "KAUSA_S3_ACCESS_KEY_ID": env_secret("KAUSA_S3_ACCESS_KEY_ID").strip(),
        "KAUSA_S3_SECRET_ACCESS_KEY": env_secret("KAUSA_S3_SECRET_ACCESS_KEY").strip(),
        "KAUSA_S3_REGION": env_str("KAUSA_S3_REGION").strip(),
        "KAUSA_S3_CUSTOM_DOMAIN": env_str("KAUSA_S3_CUSTOM_DOMAIN").strip(),
    }


def _check_s3(env: dict[str, str]) -> None:
    if not env["KAUSA_S3_BUCKET"]:
        stray = [name for name, value in env.items() if value]
        if stray:
            # Half a configuration would quietly keep uploads on each server's own disk.
            raise ImproperlyConfigured(
                f"{', '.join(stray)} set without KAUSA_S3_BUCKET: set the bucket too "
                "(uploads to object storage) or remove them (uploads to KAUSA_DATA_DIR/media)."
            )
        return
    missing = [
        name for name in ("KAUSA_S3_ACCESS_KEY_ID", "KAUSA_S3_SECRET_ACCESS_KEY") if not env[name]
    ]
    if missing:
        raise ImproperlyConfigured(
            f"KAUSA_S3_BUCKET is set, so {' and '.join(missing)} (or {missing[0]}_FILE) "
            "must be set too."
        )
    endpoint = env["KAUSA_S3_ENDPOINT_URL"]
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                f"KAUSA_S3_ENDPOINT_URL must be an http(s) address, got {endpoint!r}"
            )
    domain = env["KAUSA_S3_CUSTOM_DOMAIN"]
    if domain and ("://" in domain or "/" in domain.rstrip("/")):
        raise ImproperlyConfigured(
            f"KAUSA_S3_CUSTOM_DOMAIN is a host name like files.kausa.example, got {domain!r}"
        )


def upload_storage() -> dict[str, Any]:
    """STORAGES["default"]: S3 when KAUSA_S3_BUCKET is set, else the local folder.

    Raises ImproperlyConfigured for half a configuration (keys without a bucket, a bucket
    without keys, an endpoint that is not an http(s) address).
    """
    env = _s3_environment()
    _check_s3(env)
    if not env["KAUSA_S3_BUCKET"]:
        return {"BACKEND": LOCAL_BACKEND}
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": env["KAUSA_S3_BUCKET"],
            "access_key": env["KAUSA_S3_ACCESS_KEY_ID"],
            "secret_key": env["KAUSA_S3_SECRET_ACCESS_KEY"],
            "endpoint_url": env["KAUSA_S3_ENDPOINT_URL"] or None,
            "region_name": env["KAUSA_S3_REGION"] or None,
            "custom_domain": env["KAUSA_S3_CUSTOM_DOMAIN"].rstrip("/") or None,
            # private objects; a URL the storage makes is signed and expires
            "default_acl": "private",
            "querystring_auth": True,
            # like the local folder: a second upload under a taken name gets a new name
            # instead of replacing the first one's file
            "file_overwrite": False,
        },
    }
