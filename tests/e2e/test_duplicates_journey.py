"""Possible duplicates in a real browser (issue 14, item 3, done means): an advisor opens
the office's possible duplicates, merges two records of one young person, and the kept
person's timeline shows the history of both. The pages also fit a phone in Arabic."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

WIDE = "document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.fixture
def duplicates_site(transactional_db, live_server, reference_restored):
    """An office with one young person entered twice, each record with its own history,
    and the nightly check run."""
    from django.core.management import call_command

    from kausa.accounts.models import Membership
    from kausa.people.services import young_person_create
    from kausa.reference.loaders import load_reference
    from tests.counselling.factories import CaseFactory, ConsultationFactory, ReferralFactory
    from tests.factories import MembershipFactory, OrganisationFactory

    load_reference()
    office = OrganisationFactory(name="KAUSA Servicestelle Doppelt", slug="doppelt")
    advisor = MembershipFactory(organisation=office, role=Membership.Role.ADVISOR).user
    records = [
        young_person_create(
            user=None,
            organisation=office,
            first_name=first,
            last_name=last,
            birth_date=dt.date(2006, 4, 9),
            phone=phone,
        )
        for first, last, phone in (
            ("Yousef", "Al-Rashidi", "0151 2345678"),
            ("Yusuf", "Alrashidi", "+49 151 234 56 78"),
        )
    ]
    for person, held_on, target in (
        (records[0], dt.date(2026, 2, 3), "Sprachschule Brücke"),
        (records[1], dt.date(2026, 6, 9), "Jobcenter Mitte"),
    ):
        case = CaseFactory(organisation=office, young_person=person, owner=advisor)
        ConsultationFactory(case=case, held_on=held_on, author=advisor)
        ReferralFactory(case=case, proposed_on=held_on, target_name=target)
    call_command("find_duplicates", office=[office.pk])
    return live_server, advisor, records


def _login(page, base: str, email: str, lang: str = "en") -> None:
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**/{lang}/staff/")


def test_an_advisor_merges_two_records_and_the_timeline_shows_both_histories(page, duplicates_site):
    base, advisor, (first, second) = duplicates_site
    _login(page, base, advisor.email)
    page.goto(f"{base}/en/staff/people/")
    page.get_by_role("link", name="Possible duplicates").click()
    page.wait_for_url("**/en/staff/duplicates/")

    pair = page.locator(".pair", has_text="Yusuf Alrashidi")
    assert "the name in another spelling or script" in pair.inner_text()
    assert "same date of birth" in pair.inner_text()
    assert "same phone number" in pair.inner_text()
    pair.get_by_role("link", name="Merge…").click()
    page.wait_for_url("**/merge/")

    page.get_by_role("radio", name="Yousef Al-Rashidi").check()  # the record that stays
    field = page.get_by_role("group", name="Last name")
    field.get_by_role("radio", name="Al-Rashidi").check()
    page.get_by_role("button", name="Merge the records").click()

    page.wait_for_url(f"**/en/staff/people/{first.pk}/")
    assert page.get_by_text("The two records were merged").is_visible()
    assert page.get_by_role("heading", name="Yousef Al-Rashidi").is_visible()
    timeline = page.locator(".timeline").inner_text()
    assert "Sprachschule Brücke" in timeline  # the kept record's history
    assert "Jobcenter Mitte" in timeline  # the merged record's history
    assert timeline.count("Consultation") == 2

    # the merged record's old address leads to the kept person; the pair is gone
    page.goto(f"{base}/en/staff/people/{second.pk}/")
    page.wait_for_url(f"**/en/staff/people/{first.pk}/")
    page.goto(f"{base}/en/staff/duplicates/")
    assert page.locator(".pair").count() == 0


def test_the_duplicate_pages_fit_a_phone_right_to_left(browser, duplicates_site):
    base, advisor, _records = duplicates_site
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _login(page, base, advisor.email, lang="ar")
        page.goto(f"{base}/ar/staff/duplicates/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator(".pair").count() == 1
        assert not page.evaluate(WIDE), "the list scrolls sideways at 360 px"
        page.locator(".pair a.button").click()
        page.wait_for_url("**/merge/")
        assert page.locator("fieldset.merge-field").count() >= 2
        assert not page.evaluate(WIDE), "the merge form scrolls sideways at 360 px"
    finally:
        context.close()
