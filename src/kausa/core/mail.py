"""Nobody can make Kausa mail a stranger more than a few times an hour (SECURITY.md).

``EMAIL_BACKEND`` is :class:`RecipientLimitedBackend`; it hands mail on to the backend in
``KAUSA_EMAIL_BACKEND`` (SMTP, console ...) and leaves out every recipient who already got
``KAUSA_MAIL_PER_RECIPIENT_PER_HOUR`` mails this hour. A message left without recipients
is dropped, with a log line that names no address.

Every mail Kausa sends is written by the machine (confirmations, reminders, alerts, password
links), so each carries ``Auto-Submitted: auto-generated`` (RFC 3834): mail servers and
people's autoresponders then do not answer it with out-of-office replies.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

from kausa.core import ratelimit
from kausa.core.rates import Rate

logger = logging.getLogger("kausa.mail")

HOUR = 3600


def _inner_backend_path() -> str:
    path: str = settings.KAUSA_EMAIL_BACKEND
    if path == f"{__name__}.RecipientLimitedBackend":
        raise ValueError("KAUSA_EMAIL_BACKEND must name the backend that delivers the mail")
    return path


class RecipientLimitedBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(_inner_backend_path(), fail_silently=fail_silently, **kwargs)

    def open(self) -> bool | None:
        return self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        allowed = [m for m in (self._within_limit(m) for m in email_messages) if m is not None]
        for message in allowed:
            _mark_auto_submitted(message)
        if not allowed:
            return 0
        return int(self.inner.send_messages(allowed) or 0)

    def _within_limit(self, message: EmailMessage) -> EmailMessage | None:
        rate = Rate(limit=settings.KAUSA_MAIL_PER_RECIPIENT_PER_HOUR, seconds=HOUR)
        refused = {
            address
            for address in {_address(a) for a in message.recipients()}
            if ratelimit.hit("mail", address, rate).over
        }
        if not refused:
            return message
        limited = copy.copy(message)
        limited.to = [a for a in message.to if _address(a) not in refused]
        limited.cc = [a for a in message.cc if _address(a) not in refused]
        limited.bcc = [a for a in message.bcc if _address(a) not in refused]
        logger.warning(  # no address, no subject: logs never hold personal data
            "mail: %d recipient(s) over %d mails an hour left out%s",
            len(refused),
            rate.limit,
            "" if limited.recipients() else ", message dropped",
        )
        return limited if limited.recipients() else None


def _mark_auto_submitted(message: EmailMessage) -> None:
    headers = message.extra_headers
    if not any(name.lower() == "auto-submitted" for name in headers):
        headers["Auto-Submitted"] = "auto-generated"


def _address(recipient: str) -> str:
    return (parseaddr(recipient)[1] or recipient).strip().lower()
