"""ESF+ participant data on a case: asked only at ESF+-funded offices, saved, audited."""

from __future__ import annotations

import pytest

from kausa.core.models import AuditEntry
from tests.conftest import login
from tests.counselling.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_esf_card_shows_only_at_an_esf_office_and_saves(advisor, office):
    case = CaseFactory(organisation=office)
    client = login(advisor)
    assert "ESF+ participant data" not in client.get(f"/en/staff/cases/{case.pk}/").content.decode()
    office.esf_funded = True
    office.save()
    assert "ESF+ participant data" in client.get(f"/en/staff/cases/{case.pk}/").content.decode()
    response = client.post(
        f"/en/staff/cases/{case.pk}/esf/",
        {"esf-labour_status": "long_term", "esf-education": "0-2", "esf-left_employed": "yes"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.esf_labour_status, case.esf_education) == ("long_term", "0-2")
    assert case.esf_left_employed is True and case.esf_left_qualified is None
    assert AuditEntry.objects.filter(object_id=str(case.pk), detail__contains="esf").exists()


def test_bad_esf_input_changes_nothing(advisor, office):
    office.esf_funded = True
    office.save()
    case = CaseFactory(organisation=office)
    response = login(advisor).post(
        f"/en/staff/cases/{case.pk}/esf/", {"esf-labour_status": "astronaut"}
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.esf_labour_status == ""


def test_no_esf_data_at_an_office_without_esf(advisor, office):
    case = CaseFactory(organisation=office)
    response = login(advisor).post(f"/en/staff/cases/{case.pk}/esf/", {"esf-education": "3-4"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.esf_education == ""
