"""The API with a login session: CSRF like the site's forms, two-factor like the staff pages,
and a session scheme the OpenAPI declares."""

from __future__ import annotations

import pytest
from django.test import Client

from kausa.events.models import Registration
from tests.conftest import login
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

BODY = {"name": "Omar", "email": "omar@mail.test", "consent": True}


def _session_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _token(client: Client) -> str:
    client.get("/de/staff/")  # a page with a form (log out) sets the csrftoken cookie
    return client.cookies["csrftoken"].value


def test_session_post_without_csrf_token_is_refused_and_registers_nobody(advisor, office):
    event = EventFactory(organisation=office, is_public=False)
    response = _session_client(advisor).post(
        f"/api/v1/events/{event.pk}/registrations", BODY, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Registration.objects.exists()


def test_session_post_from_another_origin_is_refused_even_with_a_token(advisor, office):
    event = EventFactory(organisation=office, is_public=False)
    client = _session_client(advisor)
    token = _token(client)
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        BODY,
        content_type="application/json",
        headers={"X-CSRFToken": token, "Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_session_post_with_token_from_the_site_works(advisor, office):
    event = EventFactory(organisation=office, is_public=False)
    client = _session_client(advisor)
    token = _token(client)
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        BODY,
        content_type="application/json",
        headers={"X-CSRFToken": token, "Origin": "http://testserver"},
    )
    assert response.status_code == 201, response.content
    assert Registration.objects.get().event == event


def test_anonymous_callers_need_no_csrf_token(office):
    event = EventFactory(organisation=office)
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/events/{event.pk}/registrations", BODY, content_type="application/json"
    )
    assert response.status_code == 201


@pytest.fixture
def unconfirmed_member(advisor, office):
    """A member of an office that requires two-factor, logged in without a second factor."""
    office.require_two_factor = True
    office.save()
    return login(advisor)


def test_two_factor_rule_covers_the_api(unconfirmed_member, office):
    event = EventFactory(organisation=office, is_public=False)
    for url in ("/api/v1/events", f"/api/v1/events/{event.pk}", "/api/v1/toolkit/materials"):
        response = unconfirmed_member.get(url)
        assert response.status_code == 403, url
        assert "two-factor" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/de/jury/",
        "/de/staff/cases/export.csv",
        "/de/staff/",
        "/de/offers/",
    ],
)
def test_two_factor_rule_covers_every_page_but_login_and_security(unconfirmed_member, url):
    response = unconfirmed_member.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/security/")


def test_half_logged_in_session_can_still_reach_security_and_log_out(unconfirmed_member):
    assert unconfirmed_member.get("/de/accounts/security/").status_code == 200
    assert unconfirmed_member.get("/healthz").status_code in (200, 503)
    assert unconfirmed_member.post("/de/accounts/logout/").status_code == 302


def test_openapi_declares_the_optional_session_scheme():
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["OptionalSession"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
    }
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations
    for operation in operations:
        assert operation["security"] == [{"OptionalSession": []}, {}]
