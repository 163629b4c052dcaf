"""Company network: consent gating, filters, company page, 'become a training company'."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from kausa.companies.models import Company, Pipeline
from kausa.counselling.models import FollowUp
from kausa.network import spam
from kausa.network.services.network import profile_consent_withdraw, profile_create
from tests.factories import CompanyFactory, OfferFactory
from tests.network.factories import NetworkFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def test_company_without_consent_never_appears(office):
    shown = ProfileFactory(company__organisation=office, company__name="Shown GmbH")
    hidden = ProfileFactory(
        company__organisation=office, company__name="Hidden GmbH", consent_given_at=None
    )
    client = Client()
    page = client.get("/en/network/").content.decode()
    assert "Shown GmbH" in page and "Hidden GmbH" not in page
    assert client.get(f"/en/network/companies/{hidden.pk}/").status_code == 404
    assert client.get(f"/en/network/companies/{shown.pk}/").status_code == 200
    api = client.get("/api/v1/network/companies").json()
    assert [c["name"] for c in api] == ["Shown GmbH"]
    assert client.get(f"/api/v1/network/companies/{hidden.pk}").status_code == 404


def test_withdrawn_consent_removes_the_company_at_once(office, advisor):
    profile = ProfileFactory(company__organisation=office, company__name="Weg GmbH")
    client = Client()
    assert "Weg GmbH" in client.get("/en/network/").content.decode()
    staff = Client()
    staff.force_login(advisor)
    response = staff.post(f"/en/staff/network/{profile.pk}/withdraw/")
    assert response.status_code == 302
    assert "Weg GmbH" not in client.get("/en/network/").content.decode()
    assert client.get(f"/en/network/companies/{profile.pk}/").status_code == 404
    assert client.get(f"/en/network/companies/{profile.pk}/logo").status_code == 404
    assert client.get("/api/v1/network/companies").json() == []


def test_withdrawal_deletes_the_logo(office, settings):
    from kausa.network.services.network import profile_logo_set
    from tests.network.factories import png_upload

    profile = ProfileFactory(company__organisation=office)
    profile_logo_set(user=None, profile=profile, upload=png_upload(), alt_text="Logo")
    path = profile.logo.path
    profile_consent_withdraw(user=None, profile=profile)
    import os

    assert not os.path.exists(path)
    profile.refresh_from_db()
    assert not profile.logo


def test_profile_create_records_consent_version_and_language(office, advisor):
    company = CompanyFactory(organisation=office)
    network = NetworkFactory(organisation=office)
    profile = profile_create(
        user=advisor,
        company=company,
        network=network,
        consent_language="tr",
        portraits={"de": "Wir bilden aus.", "en": "We train."},
    )
    assert profile.has_consent and profile.consent_language == "tr"
    assert profile.consent_text_version
    assert profile.portraits.count() == 2


def test_other_office_cannot_create_profile(office, other_office_advisor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        profile_create(
            user=other_office_advisor,
            company=CompanyFactory(organisation=office),
            network=NetworkFactory(organisation=office),
            consent_language="de",
        )


def test_directory_filters(office):
    trains = ProfileFactory(
        company__organisation=office, company__name="Trains GmbH", sector="Gastronomie"
    )
    OfferFactory(company=trains.company)
    ProfileFactory(
        company__organisation=office,
        company__name="Not Yet GmbH",
        sector="Handel",
        company__city="Jena",
    )
    client = Client()

    def names(query):
        return [c["name"] for c in client.get(f"/api/v1/network/companies?{query}").json()]

    assert names("trains=yes") == ["Trains GmbH"]
    assert names("trains=no") == ["Not Yet GmbH"]
    assert names("sector=Gastronomie") == ["Trains GmbH"]
    assert names("city=Jena") == ["Not Yet GmbH"]
    page = client.get("/en/network/?sector=Handel").content.decode()
    assert "Not Yet GmbH" in page and "Trains GmbH" not in page
    assert client.get("/api/v1/network/companies?trains=maybe").status_code == 422


def test_profile_page_shows_open_offers_only(office):
    profile = ProfileFactory(company__organisation=office)
    OfferFactory(company=profile.company)
    page = Client().get(f"/en/network/companies/{profile.pk}/").content.decode()
    assert "Kfz-Mechatroniker/in" in page
    assert 'id="network-map"' in page and "network-markers" in page


def _cta_data(**overrides):
    data = {
        "company_name": "Lebensmittel Aydin",
        "contact_name": "Murat Aydin",
        "contact_email": "murat@aydin.example",
        "postal_code": "10115",
        "sector": "Handel",
        "migrant_led": "on",
        "consent": "on",
        "started": spam.form_token(time.time() - 30),
        "website_url": "",
    }
    return data | overrides


def test_become_a_training_company_starts_pipeline_and_follow_up(landesstelle, office, advisor):
    landesstelle.city = "Erfurt"  # the Servicestelle in the same city answers
    landesstelle.save()
    response = Client().post("/en/network/become-a-training-company/", _cta_data())
    assert response.status_code == 302
    company = Company.objects.get(name="Lebensmittel Aydin")
    assert company.organisation == office and company.migrant_led
    assert company.training_status == Company.TrainingStatus.PREPARING
    assert Pipeline.objects.filter(company=company, advisor=advisor).exists()
    follow_up = FollowUp.objects.get(organisation=office)
    assert follow_up.assignee == advisor and follow_up.case is None
    assert "Lebensmittel Aydin" in follow_up.title


def test_honeypot_and_fast_submit_are_refused(office, advisor):
    client = Client()
    bot = client.post("/en/network/become-a-training-company/", _cta_data(website_url="x"))
    assert bot.status_code == 200
    fast = client.post(
        "/en/network/become-a-training-company/", _cta_data(started=spam.form_token())
    )
    assert fast.status_code == 200
    forged = client.post("/en/network/become-a-training-company/", _cta_data(started="123"))
    assert forged.status_code == 200
    assert not Company.objects.filter(name="Lebensmittel Aydin").exists()


def test_training_interest_is_rate_limited_per_address(office, advisor):
    client = Client()
    # different contacts: this is the form's own limit per address, not the one per contact
    for number in range(5):
        data = _cta_data(company_name=f"Firma {number}", contact_email=f"c{number}@firma.de")
        response = client.post("/en/network/become-a-training-company/", data)
        assert response.status_code == 302
    blocked = client.post(
        "/en/network/become-a-training-company/",
        _cta_data(company_name="X", contact_email="x@firma.de"),
    )
    assert blocked.status_code == 200
    assert b"Too many requests" in blocked.content
    assert not Company.objects.filter(name="X").exists()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert (
        other.post(
            "/en/network/become-a-training-company/", _cta_data(company_name="Y")
        ).status_code
        == 302
    )


def test_bad_postal_code_reshows_form_and_saves_nothing(office):
    response = Client().post(
        "/en/network/become-a-training-company/", _cta_data(postal_code="00000")
    )
    assert response.status_code == 200
    assert not Company.objects.filter(name="Lebensmittel Aydin").exists()


def test_showcase_lists_participating_network_companies(office, other_office, advisor):
    from django.template import Context, Template

    from tests.conftest import login
    from tests.events.factories import EventFactory

    profile = ProfileFactory(company__organisation=office, company__name="Vielfalt GmbH")
    withdrawn = ProfileFactory(company__organisation=office, company__name="Weg GmbH")
    mine = EventFactory(organisation=office, type="showcase", title="Vielfaltstag")
    theirs = EventFactory(organisation=other_office, type="showcase")
    client = login(advisor)
    assert (
        client.post(f"/en/staff/network/{profile.pk}/showcase/", {"event": theirs.pk}).status_code
        == 404
    )
    for p in (profile, withdrawn):
        assert (
            client.post(f"/en/staff/network/{p.pk}/showcase/", {"event": mine.pk}).status_code
            == 302
        )
    profile_consent_withdraw(user=advisor, profile=withdrawn)
    page = Client().get(f"/en/network/companies/{profile.pk}/").content.decode()
    assert "Vielfaltstag" in page
    html = Template("{% load network_tags %}{% showcase_companies event_id %}").render(
        Context({"event_id": mine.pk})
    )
    assert "Vielfalt GmbH" in html and "Weg GmbH" not in html
