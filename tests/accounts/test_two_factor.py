from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import login

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _set_up(client: Client) -> TOTPDevice:
    client.post("/en/accounts/security/", {"action": "start"})
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/en/accounts/security/", {"action": "confirm", "token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_setting_up_shows_a_qr_code_and_a_wrong_code_is_refused(advisor):
    client = login(advisor)
    client.post("/en/accounts/security/", {"action": "start"})
    page = client.get("/en/accounts/security/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    response = client.post("/en/accounts/security/", {"action": "confirm", "token": "000000"})
    assert response.status_code == 400
    assert "The code is not correct" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_login_with_two_factor_needs_the_current_code(advisor, password):
    device = _set_up(login(advisor))
    device.last_t = -1  # the confirming code was used; a later time step brings a new one
    device.save()
    without = Client().post(LOGIN, {"username": advisor.email, "password": password})
    assert without.status_code == 200
    wrong = Client().post(
        LOGIN, {"username": advisor.email, "password": password, "otp_token": "123456"}
    )
    assert wrong.status_code == 200
    assert "The code is not correct" in wrong.content.decode()
    # A wrong code throttles the device for a moment; a person simply waits a second.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    right = Client().post(
        LOGIN, {"username": advisor.email, "password": password, "otp_token": _code(device)}
    )
    assert right.status_code == 302


def test_organisation_rule_sends_members_without_second_factor_to_setup(org_admin, advisor, office):
    admin_client = login(org_admin)
    admin_client.post(
        "/en/accounts/security/",
        {"action": "require", "organisation": office.pk, "require": "on"},
    )
    office.refresh_from_db()
    assert office.require_two_factor
    client = login(advisor)
    response = client.get("/de/staff/cases/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/security/")
    _set_up(client)  # confirming the device also verifies this session
    assert client.get("/de/staff/cases/").status_code == 200


def test_only_the_organisations_admin_sets_the_rule(advisor, office):
    login(advisor).post(
        "/en/accounts/security/",
        {"action": "require", "organisation": office.pk, "require": "on"},
    )
    office.refresh_from_db()
    assert not office.require_two_factor
