"""Rates such as ``20/h``: how many times per period. Read from the environment at start.

``<count>/<period>`` with period ``s``, ``m``, ``h`` or ``d``, optionally with a number
(``100/15m``); ``off`` switches a limit off.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def parse_rate(text: str) -> Rate | None:
    """The rate ``text`` stands for; None for ``off``; ValueError when it means nothing."""
    if text.strip().lower() == "off":
        return None
    match = _PATTERN.match(text)
    if match is None:
        raise ValueError(f"not a rate like 20/h or 100/15m: {text!r}")
    count, times, unit = match.groups()
    seconds = int(times or 1) * _UNITS[unit]
    if int(count) < 1 or seconds < 1:
        raise ValueError(f"a rate needs at least 1 per period (or 'off'): {text!r}")
    return Rate(limit=int(count), seconds=seconds)


def env_rate(name: str, default: str) -> str:
    """The rate in the environment variable ``name``, checked at start (kept as text)."""
    raw = os.environ.get(name, "").strip() or default
    try:
        parse_rate(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from exc
    return raw
