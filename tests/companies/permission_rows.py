"""Permission rows of the company and offer pages (see tests/test_permissions.py)."""

from __future__ import annotations

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


def _row(advisor: int, other: int = NOT_FOUND) -> dict[str, int]:
    return {
        "anonymous": REDIRECT,
        "advisor": advisor,
        "org_admin": advisor,
        "other_office_advisor": other,
        "coordinator": FORBIDDEN,
        "partner": FORBIDDEN,
    }


ROWS = {
    # a new company: any advisor, for the offices they act for
    "companies:create": _row(OK, other=OK),
}


def build(office, other_office) -> dict[str, str]:
    return {
        "companies:create": "/de/staff/companies/new/",
    }
