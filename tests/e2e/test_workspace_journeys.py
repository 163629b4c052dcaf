"""The advisor's two main journeys through the workspace, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kausa.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def _login(page, base: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill("advisor@kausa.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/staff/")


def test_advisor_takes_a_young_person_from_first_talk_to_training_contract(page, demo_site):
    _login(page, demo_site.url)
    page.goto(f"{demo_site.url}/en/staff/people/new/")
    page.get_by_label("First name").fill("Yasmin")
    page.get_by_label("Last name").fill("Journeyova")
    page.get_by_label("Postal code").fill("10115")
    page.get_by_label("German level (CEFR)").select_option("B1")
    page.get_by_label("School certificate").select_option("foreign_recognised")
    page.get_by_label("العربية").check()
    page.get_by_label("The person has agreed").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Yasmin Journeyova").is_visible()

    page.get_by_role("button", name="New case").click()
    page.wait_for_url("**/en/staff/cases/*/")

    # A consultation through the inline (htmx) form: the page does not reload.
    page.get_by_text("Add consultation").click()
    page.get_by_label("Channel").select_option("in_person")
    page.get_by_label("Language used").select_option("ar")
    page.get_by_label("Azubi-BSK / language").check()
    page.get_by_label("Notes").fill("Wants to train as a nurse; German course first.")
    page.get_by_role("button", name="Save consultation").click()
    page.get_by_text("Consultation recorded.").wait_for()
    assert page.get_by_text("Wants to train as a nurse; German course first.").is_visible()

    page.get_by_text("Refer", exact=True).click()
    page.get_by_label("Referred to").select_option("azubi_bsk")
    page.get_by_label("Service or provider").fill("Sprachschule Brücke")
    page.get_by_label("Course level").select_option("B2")
    page.get_by_label("Lesson format").select_option("part_time")
    page.get_by_role("button", name="Save referral").click()
    page.get_by_text("Referral recorded.").wait_for()

    for step in ("registered", "started"):
        page.locator(".referral select[name=status]").select_option(step)
        page.get_by_role("button", name="Update").click()
        page.locator(".referral .status", has_text=step).wait_for()
    page.get_by_label("Exam", exact=True).select_option("passed")
    page.get_by_role("button", name="Record exam").click()
    page.get_by_text("Exam recorded.").wait_for()

    page.get_by_text("Record an outcome").click()
    page.locator("#id_out-kind").select_option("contract")
    page.get_by_label("Offer", exact=True).select_option(index=1)
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_text("Outcome recorded.").wait_for()

    timeline = page.locator(".timeline").inner_text()
    assert "training contract signed" in timeline
    assert "Azubi-BSK course" in timeline
    assert "Consultation" in timeline

    page.get_by_role("link", name="profile").click()
    assert page.locator(".facts").get_by_text("B2").is_visible()


def test_advisor_moves_a_company_to_first_apprentice_started(page, demo_site):
    _login(page, demo_site.url)
    page.goto(f"{demo_site.url}/en/staff/companies/pipeline/")
    column = page.locator("[data-stage=first_contact]")
    card = column.locator(".board-card").first
    name = card.locator("strong").inner_text()
    stages = ["advised", "aevo_arranged", "recognised", "offer_published", "apprentice_started"]
    for stage in stages:
        card = page.locator(".board-card", has_text=name).first
        card.get_by_label("Move to").select_option(stage)
        card.get_by_role("button", name="Move").click()
        page.wait_for_load_state()
        target = page.locator(f"[data-stage={stage}]")
        assert target.locator(".board-card", has_text=name).count() == 1
    page.locator("[data-stage=apprentice_started]").get_by_role("link", name=name).click()
    expect(page.get_by_text("first apprentice started").first).to_be_visible()  # waits
