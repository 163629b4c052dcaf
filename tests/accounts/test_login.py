from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/de/accounts/login/"


def _post(client: Client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_login_leads_to_staff_home_with_new_session(advisor, password):
    client = Client()
    client.get(URL)
    before = client.cookies.get("sessionid")
    response = _post(client, advisor.email, password)
    assert response.status_code == 302
    assert response["Location"] == "/de/staff/"
    assert client.cookies["sessionid"].value != (before.value if before else None)


def test_email_is_case_insensitive(advisor, password):
    assert _post(Client(), advisor.email.upper(), password).status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_answer(advisor):
    unknown = _post(Client(), "nobody@kausa.test", "whatever-123").content.decode()
    wrong = _post(Client(), advisor.email, "whatever-123").content.decode()
    message = "E-Mail-Adresse oder Passwort ist nicht korrekt"
    assert message in unknown and message in wrong


def test_repeated_failures_lock_out_that_address_but_not_another(advisor, password):
    for _ in range(5):
        _post(Client(), advisor.email, "wrong-password-1")
    locked = _post(Client(), advisor.email, password)
    assert locked.status_code == 429
    # Another address is not locked out: an attacker cannot lock the victim out.
    assert _post(Client(), advisor.email, password, ip="10.0.0.2").status_code == 302


def test_inactive_user_cannot_log_in(advisor, password):
    advisor.is_active = False
    advisor.save()
    assert _post(Client(), advisor.email, password).status_code == 200


def test_logout_ends_the_session(advisor, password):
    client = Client()
    _post(client, advisor.email, password)
    response = client.post("/de/accounts/logout/")
    assert client.get("/de/staff/").status_code == 302
    # what pages kept in the browser (the offline door list) goes with the session
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_passwords_are_hashed_with_argon2(settings):
    from kausa.settings import PASSWORD_HASHERS
    from tests.factories import UserFactory

    settings.PASSWORD_HASHERS = PASSWORD_HASHERS
    user = UserFactory()
    assert user.password.startswith("argon2")
