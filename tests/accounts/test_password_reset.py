"""Forgotten password: Django's reset flow, without telling strangers who has an account."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db
SITE = "https://kausa.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def _reset_link(body: str) -> str:
    match = re.search(re.escape(SITE) + r"(/\S+/password-reset/\S+/)", body)
    assert match, body
    return match.group(1)


def test_the_reset_link_is_on_the_site_url_whatever_host_the_request_named(advisor):
    Client(HTTP_HOST="localhost").post("/de/accounts/password-reset/", {"email": advisor.email})
    [message] = mail.outbox
    assert f"{SITE}/de/accounts/password-reset/" in message.body
    assert "localhost" not in message.body


def test_the_login_page_links_to_the_reset(client):
    html = client.get("/de/accounts/login/").content.decode()
    assert 'href="/de/accounts/password-reset/"' in html
    assert "Passwort vergessen?" in html


def test_a_reset_link_sets_a_new_password_once(advisor):
    client = Client()
    response = client.post("/de/accounts/password-reset/", {"email": advisor.email.upper()})
    assert response.status_code == 302 and response["Location"].endswith("/sent/")
    assert [m.to for m in mail.outbox] == [[advisor.email]]
    link = _reset_link(mail.outbox[0].body)
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and weak.context["form"].errors  # re-shown with errors
    done = client.post(
        form_url, {"new_password1": "Neues-Passwort-2026", "new_password2": "Neues-Passwort-2026"}
    )
    assert done.status_code == 302
    advisor.refresh_from_db()
    assert advisor.check_password("Neues-Passwort-2026")
    # the same link does not work a second time
    again = Client().get(link, follow=True).content.decode()
    assert "nicht mehr gültig" in again


def test_unknown_addresses_get_the_same_answer_and_no_mail(db):
    response = Client().post("/de/accounts/password-reset/", {"email": "niemand@example.org"})
    assert response.status_code == 302 and response["Location"].endswith("/sent/")
    assert mail.outbox == []


def test_a_made_up_link_says_it_is_not_valid(db):
    html = Client().get("/en/accounts/password-reset/MQ/abc-def/").content.decode()
    assert "This link is no longer valid" in html
