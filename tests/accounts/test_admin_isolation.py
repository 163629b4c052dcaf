from __future__ import annotations

import pytest

from tests.conftest import login
from tests.factories import CompanyFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


def test_admin_change_page_of_other_office_person_is_404(other_office_advisor, office):
    person = YoungPersonFactory(organisation=office)
    response = login(other_office_advisor).get(f"/de/admin/people/youngperson/{person.pk}/change/")
    assert response.status_code == 404


def test_admin_change_page_of_own_person_opens(advisor, office):
    person = YoungPersonFactory(organisation=office)
    response = login(advisor).get(f"/de/admin/people/youngperson/{person.pk}/change/")
    assert response.status_code == 200
    assert person.last_name in response.content.decode()


def test_admin_list_shows_only_own_office(advisor, office, other_office):
    YoungPersonFactory(organisation=office, last_name="Eigene")
    YoungPersonFactory(organisation=other_office, last_name="Fremde")
    html = login(advisor).get("/de/admin/people/youngperson/").content.decode()
    assert "Eigene" in html and "Fremde" not in html


def test_admin_company_of_other_office_is_404(other_office_advisor, office):
    company = CompanyFactory(organisation=office)
    client = login(other_office_advisor)
    assert client.get(f"/de/admin/companies/company/{company.pk}/change/").status_code == 404


def test_advisor_cannot_delete_people_in_admin(advisor, office):
    person = YoungPersonFactory(organisation=office)
    response = login(advisor).get(f"/de/admin/people/youngperson/{person.pk}/delete/")
    assert response.status_code == 403


def test_organisation_admin_cannot_make_anyone_superuser(org_admin, advisor):
    client = login(org_admin)
    url = f"/de/admin/accounts/user/{advisor.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "full_name": "X",
            "preferred_language": "de",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    advisor.refresh_from_db()
    assert not advisor.is_superuser


def test_organisation_admin_sees_only_own_members(org_admin, advisor, other_office_advisor):
    html = login(org_admin).get("/de/admin/accounts/user/").content.decode()
    assert advisor.email in html
    assert other_office_advisor.email not in html


def test_admin_case_of_other_office_is_404_and_audit_log_is_read_only(
    other_office_advisor, org_admin, office
):
    from kausa.core.models import AuditEntry
    from tests.counselling.factories import CaseFactory

    case = CaseFactory(organisation=office)
    url = f"/de/admin/counselling/case/{case.pk}/change/"
    assert login(other_office_advisor).get(url).status_code == 404
    login(org_admin).get(f"/de/staff/cases/{case.pk}/")
    entry = AuditEntry.objects.get(object_id=str(case.pk), action="view")
    client = login(org_admin)
    assert client.get("/de/admin/core/auditentry/").status_code == 200
    response = client.post(f"/de/admin/core/auditentry/{entry.pk}/change/", {"detail": "x"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.detail == ""


def test_every_model_has_an_admin():
    """Each of our models can be seen in the admin, on its own page or inline."""
    from django.apps import apps
    from django.contrib import admin

    shown = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        shown |= {inline.model for inline in model_admin.inlines}
    ours = [m for m in apps.get_models() if m.__module__.startswith("kausa.")]
    missing = [m._meta.label for m in ours if m not in shown and not m._meta.auto_created]
    assert not missing, f"show these models in the admin: {missing}"


def test_every_admin_list_page_opens(db):
    """A smoke test: each registered model's list page renders for a superuser."""
    from django.contrib import admin

    from kausa.accounts.models import User

    root = User.objects.create_superuser("root@kausa.test", "Root-Password-2026")
    client = login(root)
    broken = []
    for model in admin.site._registry:
        url = f"/en/admin/{model._meta.app_label}/{model._meta.model_name}/"
        status = client.get(url).status_code
        if status != 200:
            broken.append((url, status))
    assert not broken
