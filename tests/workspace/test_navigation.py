"""The menus show what a role can open, by the pages' own permission rules (issue 14, item 4):
every entry of every persona's menu answers 200."""

from __future__ import annotations

import pytest
from django.test import Client

from kausa.counselling import services
from tests.conftest import login
from tests.factories import UserFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["advisor", "other_office_advisor", "coordinator", "partner", "org_admin", "superuser"]


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def _menus(client: Client) -> tuple[list[dict], list[dict]]:
    response = client.get("/de/staff/")
    assert response.status_code == 200
    return response.context["staff_nav"], response.context["public_nav"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_entry_of_every_persona_opens(persona, request, office, other_office):
    client = login(request.getfixturevalue(persona))
    staff_nav, public_nav = _menus(client)
    assert staff_nav, f"{persona} has no staff menu"
    for item in staff_nav + public_nav:
        response = client.get(item["url"])
        assert response.status_code == 200, f"{persona}: {item['label']} {item['url']}"


def test_anonymous_public_menu_opens_and_has_no_staff_menu(db):
    response = Client().get("/de/")
    assert response.context["staff_nav"] == []
    for item in response.context["public_nav"]:
        assert Client().get(item["url"]).status_code == 200, item["url"]


def _labels(user) -> list[str]:
    staff_nav, _public = _menus(login(user))
    return [str(item["label"]) for item in staff_nav]


def _urls(user) -> list[str]:
    staff_nav, _public = _menus(login(user))
    return [item["url"] for item in staff_nav]


def test_coordinator_sees_no_network_and_no_personal_data_pages(coordinator):
    labels = _labels(coordinator)
    assert "Netzwerk" not in labels and "Fälle" not in labels
    assert "Touren" in labels and "Kennzahlen" in labels
    assert "/de/staff/inbox/" not in _urls(coordinator)


def test_partner_sees_cases_but_no_tours_or_network(partner):
    labels = _labels(partner)
    assert "Fälle" in labels
    assert "Touren" not in labels and "Netzwerk" not in labels


def test_advisor_sees_the_inbox_and_the_network(advisor):
    labels = _labels(advisor)
    assert {"Fälle", "Netzwerk", "Touren"} <= set(labels)
    assert _urls(advisor)[:2] == ["/de/staff/", "/de/staff/inbox/"]  # inbox after overview


def test_partner_finds_the_handed_over_case_in_the_menus_case_list(
    advisor, office, partner, partner_org
):
    person = YoungPersonFactory(organisation=office, last_name="Übergeben")
    case = services.case_open(user=advisor, organisation=office, young_person=person)
    services.handover_create_with_consent(
        user=advisor, case=case, partner=partner_org, purpose_note="Ausbildungsvermittlung"
    )
    YoungPersonFactory(organisation=office, last_name="Nichtübergeben")
    client = login(partner)
    staff_nav, _public = _menus(client)
    cases_url = next(item["url"] for item in staff_nav if str(item["label"]) == "Fälle")
    html = client.get(cases_url).content.decode()
    assert f"/de/staff/cases/{case.pk}/" in html
    assert "Nichtübergeben" not in html
    assert client.get(f"/de/staff/cases/{case.pk}/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/de/",
        "/de/offers/?plz=10115&q=Koch&radius_km=25",
        "/ar/events/5/",
        "/uk/jobwalk/",
        "/fa/offices/berlin-mitte/?topic=parent_enquiry",
        "/de/staff/people/",
        "/en/staff/cases/12/",
    ],
)
def test_the_language_switcher_links_the_same_page_as_django_would(path):
    from django.urls import translate_url
    from django.utils import translation

    from kausa.workspace.context_processors import _in_language

    current = path.split("/")[1]
    with translation.override(current):
        for code in ("de", "en", "ar", "fa", "tr", "uk", "ru"):
            assert _in_language(path, current, code) == translate_url(path, code)


def _menu(html: str) -> str:
    return html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_visitors_share_a_kept_menu_per_language_and_page_but_a_user_gets_their_own(advisor):
    """The menu of visitors who are not logged in is drawn once per language and current
    entry (base.html, chrome_key); a logged-in user's menu holds their own logout form with
    its token and is never kept, never shown to anyone else."""
    visitor = Client()
    events = _menu(visitor.get("/de/events/").content.decode())
    assert 'href="/de/events/" aria-current="page"' in events
    assert "/login/" in events and "csrfmiddlewaretoken" not in events
    # another page: its own entry is the current one
    offers = _menu(visitor.get("/de/offers/").content.decode())
    assert 'href="/de/offers/" aria-current="page"' in offers
    assert 'href="/de/events/" aria-current' not in offers
    # another language: the menu in that language
    english = _menu(visitor.get("/en/events/").content.decode())
    assert 'href="/en/events/" aria-current="page"' in english and ">Events<" in english
    # a user's menu: their logout form, drawn for them
    user = login(advisor)
    mine = user.get("/de/events/")
    token = mine.context["csrf_token"]
    assert "csrfmiddlewaretoken" in _menu(mine.content.decode())
    # ... and a visitor after them still gets the visitors' menu, without the user's form
    after = _menu(Client().get("/de/events/").content.decode())
    assert after == events
    assert "csrfmiddlewaretoken" not in after and str(token) not in after
