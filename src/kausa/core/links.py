"""Absolute links from one setting (``KAUSA_SITE_URL``), as healthchecks builds every link
from ``SITE_ROOT``: mails, QR codes, calendars, feeds, API answers and PDFs all point at the
address people use, whoever or whatever (a task, a command, a request behind a proxy) made
them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    """The site's address without a trailing slash, e.g. ``https://kausa.example.org``."""
    return str(settings.SITE_URL)


def absolute_url(path: str) -> str:
    """``path`` (``/de/events/1/``) as an absolute link on the site."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url needs a path starting with '/', got {path!r}")
    return site_url() + path


def absolute_reverse(viewname: str, *args: Any, **kwargs: Any) -> str:
    """``reverse()`` (in the active language) as an absolute link on the site."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))
