"""Spam protection without third parties: honeypot, minimum fill time, per-address limit."""

from __future__ import annotations

import time

from django.core import signing
from django.http import HttpRequest

from kausa.core import ratelimit
from kausa.core.rates import Rate

SALT = "kausa.network.form-started"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 24 * 3600
HONEYPOT_FIELD = "website_url"


def form_token(now: float | None = None) -> str:
    """A signed time stamp put into the form when it is shown."""
    return signing.dumps(int(now if now is not None else time.time()), salt=SALT)


def token_ok(token: str, now: float | None = None) -> bool:
    """True if the form was shown by us, at least MIN_FILL_SECONDS and at most a day ago."""
    try:
        started = int(signing.loads(token or "", salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    elapsed = (now if now is not None else time.time()) - started
    return MIN_FILL_SECONDS <= elapsed <= MAX_FORM_AGE


def rate_limited(request: HttpRequest, scope: str, *, limit: int, window: int = 3600) -> bool:
    """Count one submission of this address; True once it is over the limit in the window.

    (Stricter than the limit on all public writes, kausa.core.ratelimit, and shown in the
    form; counted in the shared cache, in this process while the cache is down.)"""
    rate = Rate(limit=limit, seconds=window)
    return ratelimit.hit(f"network-{scope}", ratelimit.client_address(request), rate).over
