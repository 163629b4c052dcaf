"""Ambassadors: consent scope and withdrawal, visit requests, offers next to occupations."""

from __future__ import annotations

import time

import pytest
from django.template import Context, Template
from django.test import Client

from kausa.counselling.models import FollowUp
from kausa.network import spam
from kausa.network.models import VisitRequest
from kausa.network.selectors import ambassadors_for_occupation
from kausa.network.services.ambassadors import ambassador_consent_withdraw
from tests.factories import occupation
from tests.network.factories import AmbassadorFactory

pytestmark = pytest.mark.django_db


def _visit_data(**overrides):
    return {
        "school": "Staatliche Regelschule Jena-Ost",
        "postal_code": "07743",
        "contact_name": "Herr Weber",
        "contact_email": "weber@schule.example",
        "date_options": "KW 12 oder KW 14",
        "class_size": "24",
        "languages": ["ar", "uk"],
        "consent": "on",
        "started": spam.form_token(time.time() - 30),
        "website_url": "",
    } | overrides


def test_visit_request_becomes_follow_up_for_the_ambassadors_office(office, advisor):
    ambassador = AmbassadorFactory(organisation=office)
    response = Client().post(f"/en/ambassadors/visit/?ambassador={ambassador.pk}", _visit_data())
    assert response.status_code == 302
    request = VisitRequest.objects.get()
    assert request.organisation == office and request.ambassador == ambassador
    assert set(request.languages.values_list("code", flat=True)) == {"ar", "uk"}
    follow_up = FollowUp.objects.get(pk=request.follow_up_id)
    assert follow_up.assignee == advisor and "Regelschule" in follow_up.title


def test_public_pages_show_no_contact_data_and_origin_only_when_wanted(office):
    hidden = AmbassadorFactory(organisation=office, first_name="Omar", show_origin=False)
    shown = AmbassadorFactory(
        organisation=office, first_name="Lina", show_origin=True, country_of_origin="Ukraine"
    )
    client = Client()
    page = client.get(f"/en/ambassadors/{hidden.pk}/").content.decode()
    assert "Syrien" not in page and "mailto:" not in page and "tel:" not in page
    assert "Ukraine" in client.get(f"/en/ambassadors/{shown.pk}/").content.decode()


def test_withdrawn_ambassador_disappears(office):
    ambassador = AmbassadorFactory(organisation=office, first_name="Zahra")
    assert "Zahra" in Client().get("/en/ambassadors/").content.decode()
    ambassador_consent_withdraw(user=None, ambassador=ambassador)
    assert "Zahra" not in Client().get("/en/ambassadors/").content.decode()
    assert Client().get(f"/en/ambassadors/{ambassador.pk}/").status_code == 404


def test_photo_only_with_photo_scope(office):
    from kausa.network.services.ambassadors import ambassador_photo_set
    from tests.network.factories import png_upload

    ambassador = AmbassadorFactory(organisation=office, scope_photo=False)
    ambassador_photo_set(user=None, ambassador=ambassador, upload=png_upload())
    assert Client().get(f"/en/ambassadors/{ambassador.pk}/photo").status_code == 404


def test_ambassadors_for_occupation_respects_scope(office):
    mechanic = occupation()
    yes = AmbassadorFactory(organisation=office, first_name="Yes", occupation=mechanic)
    AmbassadorFactory(
        organisation=office, first_name="No", occupation=mechanic, scope_next_to_offers=False
    )
    assert list(ambassadors_for_occupation(mechanic.pk)) == [yes]
    assert list(ambassadors_for_occupation(None)) == []
    html = Template("{% load network_tags %}{% ambassadors_for_occupation occupation_id %}").render(
        Context({"occupation_id": mechanic.pk})
    )
    assert "Yes" in html and ">No<" not in html
