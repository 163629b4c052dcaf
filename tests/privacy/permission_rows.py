from __future__ import annotations

from tests.factories import YoungPersonFactory

_ROW = {
    "anonymous": 302,
    "advisor": 200,
    "other_office_advisor": 404,
    "coordinator": 403,
    "partner": 403,
    "org_admin": 200,
}

ROWS = {"workspace:person_export": _ROW, "workspace:person_erase": _ROW}


def build(office, other_office) -> dict[str, str]:
    person = YoungPersonFactory(organisation=office)
    return {
        "workspace:person_export": f"/de/staff/privacy/people/{person.pk}/export.json",
        "workspace:person_erase": f"/de/staff/privacy/people/{person.pk}/erase/",
    }
