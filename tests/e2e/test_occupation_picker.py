"""The occupation picker on the staff forms (issue 14, item 2), in a real browser: chosen with
the keyboard alone, as a combobox with a list box (ARIA 1.2), and still a plain list without
JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

WIDE = "document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.fixture
def staff_site(transactional_db, live_server, reference_restored):
    from kausa.accounts.models import Membership
    from kausa.reference.loaders import load_reference
    from tests.factories import MembershipFactory, OrganisationFactory, YoungPersonFactory

    load_reference()
    office = OrganisationFactory(name="KAUSA Servicestelle Picker", slug="picker")
    advisor = MembershipFactory(organisation=office, role=Membership.Role.ADVISOR).user
    person = YoungPersonFactory(organisation=office, first_name="Rama", last_name="Haddad")
    return live_server, advisor, person


def _login(page, base: str, email: str, lang: str = "de") -> None:
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**/{lang}/staff/")


def test_an_advisor_picks_an_occupation_with_the_keyboard_and_saves(page, staff_site):
    base, advisor, person = staff_site
    _login(page, base, advisor.email)
    page.goto(f"{base}/de/staff/people/{person.pk}/")
    page.get_by_role("link", name="Bearbeiten").click()
    page.wait_for_url(f"**/de/staff/people/{person.pk}/edit/")

    combobox = page.get_by_role("combobox", name="Wunschberufe")
    assert page.locator("select[name=occupations]").is_hidden()  # the picker took its place
    listbox = page.get_by_role("listbox", name="Wunschberufe")
    assert combobox.get_attribute("aria-expanded") == "false"

    # to the picker by keyboard: from the field before it, Tab
    page.locator("#id_languages_0").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role')") == "combobox":
            break
    assert page.evaluate("document.activeElement.id") == "id_occupations-search"

    page.keyboard.type("mechatron")
    assert combobox.get_attribute("aria-expanded") == "true" and listbox.is_visible()
    options = listbox.get_by_role("option")
    assert options.count() >= 2
    names = options.all_inner_texts()
    assert all("mechatron" in name.lower() for name in names)
    # the first match is active; the arrow keys move through the list
    first_id = options.nth(0).get_attribute("id")
    assert combobox.get_attribute("aria-activedescendant") == first_id
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    second = options.nth(1)
    assert combobox.get_attribute("aria-activedescendant") == second.get_attribute("id")
    chosen = second.inner_text().strip()
    page.keyboard.press("Enter")

    assert combobox.get_attribute("aria-expanded") == "false"
    assert combobox.input_value() == ""
    chip = page.locator(".picker-chip")
    assert chip.count() == 1 and chip.inner_text().replace("×", "").strip() == chosen
    assert chosen in (chip.get_attribute("aria-label") or "")
    page.get_by_role("status").filter(has_text=chosen).wait_for()  # told to screen readers

    # Escape closes the list, a second Escape clears what was typed; nothing chosen
    page.keyboard.type("bäcker")
    assert listbox.is_visible()
    page.keyboard.press("Escape")
    assert listbox.is_hidden() and combobox.input_value() == "bäcker"
    page.keyboard.press("Escape")
    assert combobox.input_value() == ""
    assert page.locator(".picker-chip").count() == 1

    # Enter with the list closed sends the form
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/de/staff/people/{person.pk}/")
    assert page.get_by_role("heading", name="Rama Haddad").is_visible()
    assert page.locator("section[aria-labelledby=p-contact] li", has_text=chosen).count() == 1

    person.refresh_from_db()
    assert [o.short_name for o in person.occupations_of_interest.all()] == [chosen]


def test_a_chosen_occupation_is_removed_with_its_button(page, staff_site):
    from tests.factories import occupation

    base, advisor, person = staff_site
    person.occupations_of_interest.set([occupation("Friseur/in"), occupation("Koch/Köchin")])
    _login(page, base, advisor.email)
    page.goto(f"{base}/de/staff/people/{person.pk}/edit/")
    chips = page.locator(".picker-chip")
    assert chips.count() == 2
    chips.filter(has_text="Friseur/in").focus()
    page.keyboard.press("Enter")
    assert chips.count() == 1
    assert page.evaluate("document.activeElement.className") == "picker-chip"  # focus stays
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(f"**/de/staff/people/{person.pk}/")
    assert [o.short_name for o in person.occupations_of_interest.all()] == ["Koch/Köchin"]


def test_in_arabic_on_a_phone_the_german_name_still_finds_the_occupation(browser, staff_site):
    base, advisor, person = staff_site
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _login(page, base, advisor.email, lang="ar")
        page.goto(f"{base}/ar/staff/people/{person.pk}/edit/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        combobox = page.locator("input[role=combobox]")
        combobox.fill("Friseur")
        option = page.locator("#id_occupations-listbox").get_by_role("option").first
        assert "Friseur/in" in option.inner_text()  # the German name, shown beside a translation
        assert not page.evaluate(WIDE), "the open list scrolls sideways at 360 px"
        combobox.press("Enter")
        assert page.locator(".picker-chip").count() == 1
        assert not page.evaluate(WIDE)
    finally:
        context.close()


def test_without_javascript_the_plain_list_still_works(browser, staff_site):
    from tests.factories import occupation

    base, advisor, person = staff_site
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{base}/de/accounts/login/")
        page.locator("input[name=username]").fill(advisor.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("button[type=submit]").first.click()
        page.wait_for_url("**/de/staff/")
        page.goto(f"{base}/de/staff/people/{person.pk}/edit/")
        select = page.get_by_label("Wunschberufe")
        assert select.is_visible()
        select.select_option([str(occupation("Friseur/in").pk)])
        page.get_by_role("button", name="Speichern").click()
        page.wait_for_url(f"**/de/staff/people/{person.pk}/")
        assert [o.short_name for o in person.occupations_of_interest.all()] == ["Friseur/in"]
    finally:
        context.close()


def test_an_offer_gets_its_one_occupation_from_the_picker(page, staff_site):
    from kausa.companies.models import Offer
    from tests.factories import CompanyFactory

    base, advisor, person = staff_site
    company = CompanyFactory(organisation=person.organisation, name="Salon Aydın")
    _login(page, base, advisor.email)
    page.goto(f"{base}/de/staff/companies/{company.pk}/")
    page.locator(f"a[href='/de/staff/companies/{company.pk}/offers/new/']").click()
    page.wait_for_url(f"**/de/staff/companies/{company.pk}/offers/new/")
    combobox = page.get_by_role("combobox", name="Beruf")
    combobox.focus()
    page.keyboard.type("friseur")
    page.keyboard.press("Enter")
    assert page.locator(".picker-chip").inner_text().startswith("Friseur/in")
    page.keyboard.type("koch")  # one occupation only: a second choice replaces the first
    page.keyboard.press("Enter")
    assert page.locator(".picker-chip").count() == 1
    assert page.locator(".picker-chip").inner_text().startswith("Koch/Köchin")
    start = dt.date.today() + dt.timedelta(days=90)
    page.locator("#id_start_date").fill(start.isoformat())
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(f"**/de/staff/companies/{company.pk}/")
    offer = Offer.objects.get(company=company)
    assert offer.occupation.short_name == "Koch/Köchin" and offer.source == "kausa"
