"""Companies entered and kept up to date on the staff pages (issue 14, item 2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kausa.companies.models import Company
from kausa.companies.services import company_create_by_staff, company_update
from kausa.core.models import AuditEntry
from kausa.workspace.services import company_update as company_update_with_cases
from tests.conftest import login
from tests.counselling.factories import CaseFactory
from tests.factories import CompanyFactory, postal_code

pytestmark = pytest.mark.django_db


def _audit(company) -> list[tuple[str, str]]:
    rows = AuditEntry.objects.filter(object_type="companies.company", object_id=str(company.pk))
    return [(row.action, row.detail) for row in rows.order_by("id")]


def _form(company=None, **changes) -> dict:
    data = {
        "name": company.name if company else "Bäckerei Yılmaz",
        "street": "Torstraße 1",
        "postal_code": company.postal_code_id if company else "10115",
        "city": "",
        "sector": "Lebensmittel",
        "chamber": "hwk",
        "training_status": "not_training",
        "contact_name": "Frau Yılmaz",
        "contact_email": "info@yilmaz.test",
        "contact_phone": "030 123",
        "website": "",
    }
    return data | changes


# --- services ---------------------------------------------------------------------------


def test_staff_create_a_company_with_an_audit_entry(advisor, office):
    company = company_create_by_staff(
        user=advisor,
        organisation=office,
        name="Bäckerei Yılmaz",
        postal_code=postal_code("10115"),
        chamber="hwk",
        migrant_led=True,
        website="https://yilmaz.test",
        language_codes=["tr"],
    )
    company.refresh_from_db()
    assert company.city == "Berlin" and company.website == "https://yilmaz.test"
    assert list(company.languages.values_list("code", flat=True)) == ["tr"]
    assert _audit(company) == [("create", "")]


def test_staff_cannot_create_a_company_in_another_office(other_office_advisor, office):
    with pytest.raises(PermissionDenied):
        company_create_by_staff(
            user=other_office_advisor,
            organisation=office,
            name="X",
            postal_code=postal_code(),
            chamber="ihk",
        )
    assert not Company.objects.exists()


def test_update_saves_changes_and_audits_the_field_names_only(advisor, office):
    company = CompanyFactory(organisation=office, name="Alt GmbH", contact_name="Frau Kaya")
    company_update(
        user=advisor,
        company=company,
        name="Neu GmbH",
        contact_name="Herr Demir",
        migrant_led=True,
        language_codes=["ar"],
    )
    company.refresh_from_db()
    assert company.name == "Neu GmbH" and company.contact_name == "Herr Demir"
    assert company.migrant_led
    assert "neu gmbh" in company.search_text
    assert _audit(company) == [("update", "changed: name, contact_name, migrant_led, languages")]


def test_a_new_postal_code_moves_the_company_to_its_place(advisor, office):
    company = CompanyFactory(organisation=office, city="Berlin", lat=52.5, lon=13.4)
    company_update(user=advisor, company=company, postal_code_id="20095", city="")
    company.refresh_from_db()
    hamburg = postal_code("20095")
    assert company.postal_code_id == "20095" and company.city == hamburg.place
    assert (company.lat, company.lon) == (hamburg.lat, hamburg.lon)
    assert _audit(company) == [("update", "changed: postal_code, city")]


def test_an_unchanged_postal_code_keeps_the_known_coordinates(advisor, office):
    company = CompanyFactory(organisation=office, lat=52.51, lon=13.41)
    company_update(user=advisor, company=company, postal_code_id="10115", street="Neue Str. 2")
    company.refresh_from_db()
    assert (company.lat, company.lon) == (52.51, 13.41)


@pytest.mark.parametrize(
    ("field", "value", "error_key"),
    [
        ("name", " ", "name"),
        ("chamber", "guild", "chamber"),
        ("contact_email", "nope", "contact_email"),
        ("website", "javascript:alert(1)", "website"),
        ("postal_code_id", "99999", "postal_code"),
        ("language_codes", ["xx"], "languages"),
    ],
)
def test_update_refuses_invalid_input_and_changes_nothing(advisor, office, field, value, error_key):
    company = CompanyFactory(organisation=office, name="Alt GmbH")
    with pytest.raises(ValidationError) as error:
        company_update(user=advisor, company=company, sector="Neu", **{field: value})
    assert error_key in error.value.message_dict
    company.refresh_from_db()
    assert company.name == "Alt GmbH" and company.sector == "Fahrzeug"
    assert _audit(company) == []


def test_another_office_cannot_change_the_company(other_office_advisor, office):
    company = CompanyFactory(organisation=office, name="Alt GmbH")
    with pytest.raises(PermissionDenied):
        company_update(user=other_office_advisor, company=company, name="Neu")
    company.refresh_from_db()
    assert company.name == "Alt GmbH"


def test_a_new_company_name_reaches_its_cases(advisor, office):
    company = CompanyFactory(organisation=office, name="Alt GmbH")
    case = CaseFactory(organisation=office, kind="company", young_person=None, company=company)
    company_update_with_cases(user=advisor, company=company, name="Neu GmbH")
    case.refresh_from_db()
    assert case.subject_name == "Neu GmbH"


# --- pages ------------------------------------------------------------------------------


def test_the_company_list_links_to_a_new_company(advisor):
    html = login(advisor).get("/de/staff/companies/").content.decode()
    assert 'href="/de/staff/companies/new/"' in html


def test_an_advisor_adds_a_company_and_lands_on_its_page(advisor, office):
    response = login(advisor).post(
        "/de/staff/companies/new/",
        _form(organisation=office.pk, migrant_led="on", languages=["tr", "de"]),
    )
    company = Company.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/de/staff/companies/{company.pk}/"
    assert company.organisation == office and company.migrant_led
    assert company.city == "Berlin" and company.contact_name == "Frau Yılmaz"
    assert sorted(company.languages.values_list("code", flat=True)) == ["de", "tr"]
    assert _audit(company) == [("create", "")]


def test_the_new_company_form_ignores_an_office_the_advisor_does_not_act_for(
    advisor, office, other_office
):
    response = login(advisor).post("/de/staff/companies/new/", _form(organisation=other_office.pk))
    assert response.status_code == 400  # not a choice: the form says so
    assert not Company.objects.filter(organisation=other_office).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"postal_code": "99999"}, "99999"),
        ({"postal_code": "1234567"}, "1234567"),
        ({"chamber": "guild"}, "Auswahl"),
        ({"website": "javascript:alert(1)"}, "gültige Adresse"),
        ({"contact_email": "nope"}, "E-Mail-Adresse"),
    ],
)
def test_bad_input_on_the_new_company_form_is_shown_again(advisor, office, changes, message):
    response = login(advisor).post(
        "/de/staff/companies/new/", _form(organisation=office.pk, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Company.objects.exists()


def test_the_company_page_links_to_its_edit_page(advisor, office):
    company = CompanyFactory(organisation=office)
    html = login(advisor).get(f"/de/staff/companies/{company.pk}/").content.decode()
    assert f'href="/de/staff/companies/{company.pk}/edit/"' in html


def test_an_advisor_edits_a_company(advisor, office):
    company = CompanyFactory(organisation=office, name="Alt GmbH")
    client = login(advisor)
    form = client.get(f"/de/staff/companies/{company.pk}/edit/")
    assert form.status_code == 200 and 'value="Alt GmbH"' in form.content.decode()
    response = client.post(
        f"/de/staff/companies/{company.pk}/edit/",
        _form(
            company,
            name="Neu GmbH",
            postal_code="20095",
            website="neu.test",
            training_history="paused",
        ),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Neu GmbH" and company.city == "Hamburg"
    assert company.training_history == "paused"  # counted as 'again after a pause'
    assert company.website == "https://neu.test"
    actions = [action for action, _ in _audit(company)]
    assert actions == ["view", "update"]


def test_bad_input_on_the_edit_form_changes_nothing(advisor, office):
    company = CompanyFactory(organisation=office, name="Alt GmbH")
    response = login(advisor).post(
        f"/de/staff/companies/{company.pk}/edit/", _form(company, name="Neu", postal_code="00000")
    )
    assert response.status_code == 400
    assert "00000" in response.content.decode()
    company.refresh_from_db()
    assert company.name == "Alt GmbH"


def test_another_office_gets_404_on_the_edit_page(other_office_advisor, office):
    company = CompanyFactory(organisation=office, name="Alt GmbH")
    client = login(other_office_advisor)
    assert client.get(f"/de/staff/companies/{company.pk}/edit/").status_code == 404
    response = client.post(f"/de/staff/companies/{company.pk}/edit/", _form(company, name="X"))
    assert response.status_code == 404
    company.refresh_from_db()
    assert company.name == "Alt GmbH"
