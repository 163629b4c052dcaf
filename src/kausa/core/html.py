"""Escaping for HTML drawn in Python on pages that every visitor opens.

Django's ``conditional_escape`` goes through ``keep_lazy`` (a check of every argument for a
lazy string) on each call; the public search page escaped some 600 values per visit that way.
``text`` gives the same result for what these pages pass (strings, numbers, lazy and safe
strings); ``attrs`` is Django's ``flatatt`` built on it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeData


def text(value: Any) -> str:
    """``value`` escaped as Django's ``conditional_escape`` escapes it: what is safe (a safe
    string, anything with ``__html__`` such as a bound field) is taken as it is."""
    if isinstance(value, SafeData):
        return str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value), quote=True)


def attrs(attributes: dict[str, Any]) -> str:
    """The attributes as Django's ``flatatt`` writes them: ``key="value"`` pairs in key
    order, then the attributes that are True, also in key order; False and None left out."""
    pairs = sorted(
        (k, v) for k, v in attributes.items() if not isinstance(v, bool) and v is not None
    )
    flags = sorted(k for k, v in attributes.items() if v is True)
    return "".join(f' {text(k)}="{text(v)}"' for k, v in pairs) + "".join(
        f" {text(k)}" for k in flags
    )
