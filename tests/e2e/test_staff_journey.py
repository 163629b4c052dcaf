from __future__ import annotations

import pytest

from kausa.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_advisor_logs_in_sees_home_and_switches_to_arabic(page, demo_site):
    page.goto(f"{demo_site.url}/de/")
    page.get_by_role("link", name="Anmeldung für Mitarbeitende").click()
    page.get_by_label("E-Mail-Adresse").fill("advisor@kausa.example")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    page.wait_for_url("**/de/staff/")
    assert page.get_by_role("heading", name="Hallo, Leyla").is_visible()
    people = page.locator(".figure", has_text="Junge Menschen").locator("dd").inner_text()
    assert int(people.replace(".", "")) > 50

    page.locator(".lang-switch summary").click()
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url("**/ar/staff/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"


def test_advisor_finds_a_person_by_name(page, demo_site):
    page.goto(f"{demo_site.url}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("advisor@kausa.example")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/de/staff/")
    page.get_by_role("link", name="Junge Menschen").first.click()
    first_row = page.locator("table.list tbody tr").first
    name = first_row.locator("a").inner_text()
    last_name = name.split(",")[0]
    page.get_by_label("Name oder Postleitzahl").fill(last_name)
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("link", name=name).first.click()
    assert page.get_by_role("heading", level=1).inner_text().endswith(last_name)
