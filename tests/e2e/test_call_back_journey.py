"""A request from a phone in Arabic reaches the office's inbox and becomes a person with a
case in two clicks (issue 14, done means): a young person asks for a call back on the
office's contact page, is told in Arabic who will call; an invalid first try shows the error
summary, which takes the focus; the advisor opens the inbox from the menu and opens a case."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

WIDE = "document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.fixture
def call_back_site(transactional_db, live_server, reference_restored):
    from kausa.accounts.models import Membership
    from kausa.reference.loaders import load_reference
    from tests.factories import MembershipFactory, OrganisationFactory

    load_reference()
    office = OrganisationFactory(
        name="KAUSA Servicestelle Neukölln",
        slug="neukoelln",
        street="Karl-Marx-Straße 83",
        postal_code="12043",
        city="Berlin",
        phone="030 1234 567",
        serves_postal_codes="12043-12059",
    )
    advisor = MembershipFactory(organisation=office, role=Membership.Role.ADVISOR).user
    return live_server, advisor


def test_a_call_back_request_from_an_arabic_phone_becomes_a_case_in_two_clicks(
    browser, call_back_site
):
    server, advisor = call_back_site
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar")
    page = phone.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{server.url}/ar/offices/?plz=12045")
        page.locator(".office-found a[href='/ar/offices/neukoelln/']").click()
        page.wait_for_url("**/ar/offices/neukoelln/")
        assert not page.evaluate(WIDE)
        page.locator("#id_name").fill("ليلى حسن")
        page.locator("#id_message").fill("أبحث عن تدريب مهني كطباخة")
        page.locator("#id_consent").check()
        page.wait_for_timeout(3200)  # the spam check wants a human's pace
        page.locator("#call-back button[type=submit]").click()
        # no phone and no e-mail: the summary is read out first and links to the field
        summary = page.locator("[data-error-summary]")
        summary.wait_for()
        page.wait_for_load_state("load")
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
        summary.locator("a[href='#id_phone']").click()
        assert page.evaluate("document.activeElement.id") == "id_phone"
        page.locator("#id_phone").fill("0176 5550199")
        page.locator("#id_consent").check()
        page.locator("#call-back button[type=submit]").click()
        message = page.locator(".message-success").inner_text()
        assert "0176 5550199" in message and "KAUSA Servicestelle Neukölln" in message
        assert "شكرًا" in message  # told in Arabic
        assert not page.evaluate(WIDE)
    finally:
        phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = desk.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{server.url}/de/accounts/login/")
        page.locator("input[name=username]").fill(advisor.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url("**/de/staff/")
        page.locator(".staff-nav a[href='/de/staff/inbox/']").click()  # click 1
        item = page.locator(".inbox-item", has_text="ليلى حسن")
        assert "أبحث عن تدريب مهني كطباخة" in item.inner_text()
        item.get_by_role("button", name="Fall eröffnen").click()  # click 2
        page.wait_for_url("**/de/staff/cases/*/")
        assert "ليلى" in page.locator("h1").inner_text()
        page.goto(f"{server.url}/de/staff/inbox/")
        assert page.locator(".inbox-item", has_text="ليلى حسن").locator(".status").inner_text()
    finally:
        desk.close()
