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
    # targets: a coordinator (of the office's Landesstelle) and the office's admin set them
    "reporting:targets": {
        "anonymous": R,
        "advisor": F,
        "other_office_advisor": F,
        "coordinator": OK,
        "partner": F,
        "org_admin": OK,
    },
    "api:reporting_indicators": {
        "anonymous": 401,
        "advisor": OK,
        "coordinator": OK,
        "partner": F,
        "org_admin": OK,
    },
}


def build(office, other_office) -> dict[str, str]:
    return {
        "reporting:figures": "/de/staff/figures/",
        "reporting:figures_export": "/de/staff/figures/export.csv",
        "reporting:targets": "/de/staff/figures/targets/",
        "api:reporting_indicators": "/api/v1/reports/indicators",
    }
