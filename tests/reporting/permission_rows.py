"""Permission rows of reporting: the figures page and its files."""

from __future__ import annotations

R, OK, F = 302, 200, 403


def _row() -> dict[str, int]:
    # advisors, org admins and coordinators count; partners never
    return {
        "anonymous": R,
        "advisor": OK,
        "other_office_advisor": OK,
        "coordinator": OK,
        "partner": F,
        "org_admin": OK,
    }


ROWS = {
    "reporting:figures": _row(),
    "reporting:figures_export": _row(),
}


def build(office, other_office) -> dict[str, str]:
    return {
        "reporting:figures": "/de/staff/figures/",
        "reporting:figures_export": "/de/staff/figures/export.csv",
    }
