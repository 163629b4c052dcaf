"""Sharing an offer: its absolute link (from ``KAUSA_SITE_URL``, never from the request) and
a QR code of that link, as an SVG data URI for the page (CSP allows data: images) and as a
PNG to download and print."""

from __future__ import annotations

import io

import segno

from kausa.core.links import absolute_reverse


def offer_share_url(pk: int) -> str:
    """The offer page's address in the active language, e.g.
    ``https://kausa.example.org/de/offers/42/``."""
    return absolute_reverse("matching:offer_detail", pk)


def qr_svg_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
