"""Mail written to files (staging, tests) and marked as machine-written for every receiver."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import textwrap

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_kausa_email_file_path_writes_every_mail_into_that_directory(tmp_path):
    """`KAUSA_EMAIL_FILE_PATH` is read at start-up; a fresh interpreter sends one mail."""
    code = textwrap.dedent(
        """
        import django
        django.setup()
        from django.core.mail import send_mail
        send_mail("Anmeldung", "Hallo", None, ["ada@example.org"])
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAUSA_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kausa.settings",
        KAUSA_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        KAUSA_EMAIL_FILE_PATH=str(tmp_path / "outbox"),
        KAUSA_MAIL_PER_RECIPIENT_PER_HOUR="5",
        KAUSA_DATA_DIR=str(tmp_path / "data"),
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    files = list((tmp_path / "outbox").iterdir())
    assert len(files) == 1
    raw = files[0].read_bytes().split(b"\n" + b"-" * 79)[0]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == "Anmeldung"
    assert message["Auto-Submitted"] == "auto-generated"


@override_settings(
    EMAIL_BACKEND="kausa.core.mail.RecipientLimitedBackend",
    KAUSA_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_every_mail_says_it_was_sent_automatically_so_autoresponders_keep_quiet():
    send_mail("Erinnerung", "Morgen ist der JOBWALK.", None, ["ali@example.org"])
    sent = mail.outbox[-1].message()
    assert sent["Auto-Submitted"] == "auto-generated"
    # a header set by the caller is kept as it is
    EmailMessage(
        "Re", "x", None, ["b@example.org"], headers={"Auto-Submitted": "auto-replied"}
    ).send()
    assert mail.outbox[-1].message()["Auto-Submitted"] == "auto-replied"
