"""An organisation admin keeps their office's contact page up to date in the admin
(issue 14, item 5); everything else about the office stays with the superuser."""

from __future__ import annotations

import pytest

from tests.conftest import login

pytestmark = pytest.mark.django_db


def _form(office, **changes):
    data = {
        "name": office.name,
        "slug": office.slug,
        "kind": office.kind,
        "state": office.state,
        "carrier": "",
        "project_code": "",
        "street": "Neue Straße 1",
        "postal_code": "10115",
        "city": "Berlin",
        "phone": "030 1234",
        "public_email": "office@kausa.example",
        "opening_hours": "Mo 9–12",
        "website": "",
        "retention_days": office.retention_days,
        "is_active": "on",
    }
    return data | changes


def test_organisation_admin_edits_contact_fields_of_own_office_only(org_admin, office):
    client = login(org_admin)
    url = f"/de/admin/accounts/organisation/{office.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, _form(office, name="Umbenannt", kind="jba", retention_days="1"))
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.street == "Neue Straße 1"
    assert office.phone == "030 1234"
    assert office.public_email == "office@kausa.example"
    assert office.opening_hours == "Mo 9–12"
    # not the name, kind or retention: read-only for an organisation admin
    assert office.name == "KAUSA Servicestelle A"
    assert office.kind == "servicestelle"
    assert office.retention_days == 3 * 365


def test_organisation_admin_cannot_edit_another_office(org_admin, other_office):
    client = login(org_admin)
    url = f"/de/admin/accounts/organisation/{other_office.pk}/change/"
    client.post(url, _form(other_office))
    other_office.refresh_from_db()
    assert other_office.street == ""


def test_advisor_cannot_edit_the_office(advisor, office):
    client = login(advisor)
    url = f"/de/admin/accounts/organisation/{office.pk}/change/"
    client.post(url, _form(office))
    office.refresh_from_db()
    assert office.street == ""
