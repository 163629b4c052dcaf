"""The office's admin keeps its public contact page: languages spoken and the area served
(issue 14, item 5); "find your office" follows the area."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.accounts.models import postal_ranges
from kausa.accounts.services import office_contact_update
from kausa.core.models import AuditEntry
from tests.conftest import login
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_postal_ranges_are_read_and_bad_ones_refused():
    assert postal_ranges("10115-12689, 13051;14199–14199") == [
        ("10115", "12689"),
        ("13051", "13051"),
        ("14199", "14199"),
    ]
    for bad in ("1011", "12689-10115", "abcde", "10115-"):
        with pytest.raises(ValueError):
            postal_ranges(bad)


def test_only_the_offices_admin_changes_it_and_it_is_audited(org_admin, advisor, office):
    with pytest.raises(PermissionDenied):
        office_contact_update(user=advisor, office=office, phone="030 1")
    changed = office_contact_update(
        user=org_admin, office=office, phone="030 123", languages_spoken=["ar", "uk"]
    )
    assert sorted(changed) == ["languages_spoken", "phone"]
    office.refresh_from_db()
    assert office.languages_spoken == ["ar", "uk"]
    entry = AuditEntry.objects.get(object_type="accounts.organisation")
    assert "phone" in entry.detail and "030" not in entry.detail
    with pytest.raises(ValidationError):
        office_contact_update(user=org_admin, office=office, serves_postal_codes="1x115")


def test_the_admin_edits_the_page_and_find_your_office_follows_the_area(org_admin, office, client):
    from kausa.reference.loaders import load_reference

    load_reference()
    OrganisationFactory(name="KAUSA Landesstelle Berlin", kind="landesstelle", state="BE")
    admin = login(org_admin)
    url = f"/de/staff/offices/{office.slug}/contact/"
    bad = admin.post(url, {"serves_postal_codes": "10115-99"})
    assert bad.status_code == 400 and "data-error-summary" in bad.content.decode()
    ok = admin.post(
        url,
        {
            "phone": "030 23125 410",
            "languages_spoken": ["ar", "fa"],
            "serves_postal_codes": "10115-10999",
        },
    )
    assert ok.status_code == 302
    page = client.get(f"/de/offices/{office.slug}/").content.decode()
    assert "Arabisch" in page and "030 23125 410" in page
    found = client.get("/de/offices/?plz=10117")
    assert found.context["found"] == office
    assert (
        f'href="/de/staff/offices/{office.slug}/contact/"'
        in admin.get(f"/de/offices/{office.slug}/").content.decode()
    )
