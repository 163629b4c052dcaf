"""QR codes as SVG data URIs (CSP allows data: images, no inline script)."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=6, border=2)
