"""Settings are read at start-up, so each case runs in a fresh interpreter."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KAUSA_", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC"))
    }
    clean.update(env)
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run("import kausa.settings", KAUSA_ENV="production")
    assert result.returncode != 0
    assert "KAUSA_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _run(
        "import kausa.settings",
        KAUSA_ENV="production",
        KAUSA_SECRET_KEY="x" * 60,
        KAUSA_DEBUG="true",
    )
    assert result.returncode != 0
    assert "KAUSA_DEBUG" in result.stderr


def test_production_refuses_to_start_without_site_url():
    result = _run("import kausa.settings", KAUSA_ENV="production", KAUSA_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "KAUSA_SITE_URL must be set" in result.stderr


def test_site_url_that_is_not_an_address_is_rejected_at_start():
    result = _run("import kausa.settings", KAUSA_SITE_URL="kausa.example/?x=1")
    assert result.returncode != 0
    assert "KAUSA_SITE_URL must be an http(s) address" in result.stderr


def test_site_url_gives_the_allowed_host_and_trusted_origin_in_production():
    result = _run(
        "import kausa.settings as s; print(s.SITE_URL, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)",
        KAUSA_ENV="production",
        KAUSA_SECRET_KEY="x" * 60,
        KAUSA_SITE_URL="https://kausa.example.org/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://kausa.example.org",
        "['kausa.example.org']",
        "['https://kausa.example.org']",
    ]


def test_bad_boolean_is_rejected_at_start():
    result = _run("import kausa.settings", KAUSA_DEBUG="maybe")
    assert result.returncode != 0
    assert "KAUSA_DEBUG must be a boolean" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 64)
    result = _run(
        "import kausa.settings as s; print(s.SECRET_KEY)",
        KAUSA_ENV="production",
        KAUSA_SECRET_KEY_FILE=str(secret),
        KAUSA_SITE_URL="https://kausa.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "s" * 64


def test_database_and_redis_come_from_the_environment():
    code = (
        "import kausa.settings as s; print(s.DATABASES['default']['ENGINE']); "
        "print(s.CACHES['default']['BACKEND']); print(s.TASKS['default']['BACKEND'])"
    )
    result = _run(code, DATABASE_URL="postgres://u@db:5432/kausa", REDIS_URL="redis://r:6379/0")
    lines = result.stdout.split()
    assert lines == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
        "kausa.core.task_backend.FailSafeRQBackend",  # RQ, in-process when Redis is down
    ]


def test_embedded_default_is_sqlite_and_in_process_tasks():
    code = (
        "import kausa.settings as s; print(s.DATABASES['default']['ENGINE']); "
        "print(s.TASKS['default']['BACKEND'])"
    )
    lines = _run(code).stdout.split()
    assert lines == [
        "django.db.backends.sqlite3",
        "django_tasks.backends.immediate.ImmediateBackend",
    ]


def test_check_deploy_is_clean_in_production(tmp_path):
    result = subprocess.run(  # noqa: S603
        [
            os.path.join(os.path.dirname(sys.executable), "kausa"),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("KAUSA_", "DJANGO_ALLOW_ASYNC"))
            },
            "KAUSA_ENV": "production",
            "KAUSA_SECRET_KEY": secrets.token_urlsafe(60),
            "KAUSA_SITE_URL": "https://kausa.example",
            "KAUSA_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
