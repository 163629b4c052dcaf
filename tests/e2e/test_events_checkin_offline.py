"""Check-in at the door keeps working when the phone loses the connection."""

from __future__ import annotations

import pytest

from kausa.accounts.models import Membership
from kausa.events.models import Registration
from kausa.reference.loaders import load_reference
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_door_check_in_offline_then_sent_when_back_online(browser, live_server, transactional_db):
    load_reference()  # an earlier browser test may have emptied the tables (languages)
    office = OrganisationFactory(slug="door-office")
    advisor = MembershipFactory(
        organisation=office, role=Membership.Role.ADVISOR, user=UserFactory(is_staff=True)
    ).user
    event = EventFactory(organisation=office, capacity=30, title="Elternabend Tür")
    samira = RegistrationFactory(event=event, name="Samira Al-Masri", party_size=3)
    jonas = RegistrationFactory(event=event, name="Jonas Becker")
    RegistrationFactory(event=event, name="Nadia Wartend", status=Registration.Status.WAITLISTED)

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/de/accounts/login/")
        page.get_by_label("E-Mail-Adresse").fill(advisor.email)
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url("**/de/**")
        page.goto(f"{live_server.url}/de/staff/events/{event.pk}/check-in/")
        page.wait_for_selector("[data-checkin][data-ready=true]")
        assert "2 Anmeldungen" in page.locator("#checkin-status").inner_text()

        context.set_offline(True)
        page.wait_for_function("() => navigator.onLine === false")
        assert "offline" in page.locator("#checkin-status").inner_text()
        search = page.get_by_label("Name oder Check-in-Code")
        search.fill("samira")
        results = page.locator("#checkin-results li")
        assert results.count() == 1
        results.get_by_role("button", name="Einchecken").click()
        page.get_by_text("Noch nicht gesendete Check-ins: 1").wait_for()
        # the keyboard stays at the search field for the next person
        assert page.evaluate("document.activeElement.id") == "id_q"
        assert "3 von 4 Personen eingecheckt" in page.locator("#checkin-counter").inner_text()
        # the typed code of the second person is found on the phone as well
        search.fill(jonas.checkin_code.lower())
        results.get_by_role("button", name="Einchecken").click()
        page.get_by_text("Noch nicht gesendete Check-ins: 2").wait_for()
        # the waitlisted person is not on the door list
        search.fill("Nadia")
        assert "Niemand gefunden" in results.first.inner_text()
        samira.refresh_from_db()
        assert samira.checked_in_at is None  # nothing reached the server yet

        context.set_offline(False)
        page.locator("#checkin-pending").wait_for(state="hidden")
        samira.refresh_from_db()
        jonas.refresh_from_db()
        assert samira.checked_in_at is not None
        assert jonas.checked_in_at is not None
        assert Registration.objects.filter(checked_in_at__isnull=False).count() == 2
    finally:
        context.close()
