"""Speed dating from set-up to personal schedule, in Chromium.

An advisor sets up slots and companies on the staff pages, a young person signs up on a
phone in Arabic, a company's break is marked, the optimal schedule is computed, and the
young person's page shows the interviews — none in the company's break.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from kausa.accounts.models import Membership
from kausa.events.models import Event, SpeedDatingInterview
from kausa.reference.loaders import load_reference
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.e2e

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_advisor_sets_up_a_speed_dating_and_a_young_person_gets_a_schedule(
    browser, live_server, transactional_db
):
    load_reference()  # an earlier browser test may have emptied the tables
    office = OrganisationFactory(slug="speed-office")
    advisor = MembershipFactory(
        organisation=office, role=Membership.Role.ADVISOR, user=UserFactory(is_staff=True)
    ).user
    day = (dt.datetime.now(BERLIN) + dt.timedelta(days=14)).date()
    event = EventFactory(
        organisation=office,
        type=Event.Type.SPEED_DATING,
        title="Azubi-Speed-Dating",
        is_online=True,
        starts_at=dt.datetime.combine(day, dt.time(9, 30), tzinfo=BERLIN),
        ends_at=dt.datetime.combine(day, dt.time(12, 0), tzinfo=BERLIN),
        capacity=50,
    )
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar")
    try:
        page = staff.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/en/accounts/login/")
        page.locator("input[name=username]").fill(advisor.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url("**/en/**")

        setup = f"{live_server.url}/en/staff/events/{event.pk}/speed-dating/set-up/"
        page.goto(setup)
        page.get_by_label("First interview starts").fill(f"{day:%Y-%m-%d}T10:00")
        page.get_by_label("Last interview ends by").fill(f"{day:%Y-%m-%d}T11:00")
        page.get_by_label("Minutes per interview").fill("15")
        page.get_by_label("Break between interviews (minutes)").fill("5")
        page.get_by_role("button", name="Add slots").click()
        page.get_by_text("3 slots were added").wait_for()
        for name in ("Bäckerei Yilmaz", "Autohaus Nord"):
            page.get_by_label("or a name").fill(name)
            page.get_by_role("button", name="Add company").click()
            page.get_by_role("heading", name=name).wait_for()

        # a young person signs up on a phone, in Arabic
        young = phone.new_page()
        young.set_default_timeout(15000)
        young.goto(f"{live_server.url}/ar/events/{event.pk}/speed-dating/sign-up/")
        assert young.locator("html").get_attribute("dir") == "rtl"
        young.locator("#id_name").fill("Rama Khalil")
        young.locator("#id_email").fill("rama@mail.test")
        young.locator("#id_choice_1").select_option(label="Bäckerei Yilmaz")
        young.locator("#id_choice_2").select_option(label="Autohaus Nord")
        young.locator("#id_consent").check()
        young.locator("form button[type=submit]").click()
        young.wait_for_url("**/events/speed-dating/**")
        personal = young.url

        # the bakery takes a break at 10:00
        page.goto(setup)
        page.get_by_role("link", name="Rooms and availability Bäckerei Yilmaz").click()
        page.get_by_label("10:00–10:15").check()
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(setup)
        page.get_by_text("Not available: 10:00").wait_for()

        page.goto(f"{live_server.url}/en/staff/events/{event.pk}/speed-dating/")
        page.get_by_role("button", name="Compute the optimal schedule").click()
        page.get_by_text("The schedule was saved.").wait_for()

        young.goto(personal)
        rows = young.locator(".ev-schedule li")
        assert rows.count() == 2
        text = young.locator(".ev-schedule").inner_text()
        assert "Bäckerei Yilmaz" in text and "Autohaus Nord" in text
        bakery = SpeedDatingInterview.objects.get(event=event, company__name="Bäckerei Yilmaz")
        assert bakery.slot.starts_at.astimezone(BERLIN).time() != dt.time(10, 0)
    finally:
        staff.close()
        phone.close()
