"""QR codes of the check-in link: SVG data URIs for pages (CSP allows data: images, no
inline script) and PNG bytes for e-mail (mail programs show PNG, rarely SVG)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kausa.core.links import absolute_url


def checkin_url(code: str) -> str:
    """The staff page a scan opens, in the site's default language (staff read it, not the
    registered person)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("events:staff_checkin_code", args=[code])
    return absolute_url(path)


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=6, border=2)


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()
