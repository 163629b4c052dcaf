"""URL converters shared by every app.

Django's ``<int:...>`` accepts any number of digits and hands the view a number no database
column can hold: SQLite raises ``OverflowError`` and PostgreSQL ``DataError`` on the lookup, so
``/staff/cases/99999999999999999999999/`` answered 500. ``<id:...>`` matches only what a
primary key (a 64-bit signed integer) can be, so anything else is simply no match: 404.
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import get_converters

MAX_ID = 2**63 - 1
"""The largest value of a ``BigAutoField`` (PostgreSQL ``bigint``, SQLite ``INTEGER``)."""


def is_id(number: int) -> bool:
    return 1 <= number <= MAX_ID


class IdConverter:
    """A primary key in a URL: 1 … 2**63-1, in decimal digits."""

    # At most 19 digits (len(str(MAX_ID))); to_python rejects the 19-digit values above MAX_ID.
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not is_id(number):
            raise ValueError(f"{value} is not an id")  # the resolver tries the next pattern
        return number

    def to_url(self, value: int | str) -> str:
        number = int(value)
        if not is_id(number):
            raise ValueError(f"{value} is not an id")  # reverse() raises NoReverseMatch
        return str(number)


def register() -> None:
    """Make ``<id:...>`` available in every urls.py (called by the core app when it is ready)."""
    if "id" not in get_converters():  # registering a name twice is deprecated in Django 5.1
        register_converter(IdConverter, "id")
