"""Text that exists only in German (or another language than the page's) carries its ``lang``
and a short note in the page's language; staff see which languages are still missing."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import login
from tests.events.factories import EventFactory
from tests.network.factories import material, story

pytestmark = pytest.mark.django_db


def test_a_german_event_on_the_arabic_page_says_it_is_only_in_german(office):
    event = EventFactory(organisation=office, title="Elternabend", description="Wir erklären")
    page = Client().get(f"/ar/events/{event.pk}/").content.decode()
    assert '<h1 lang="de" dir="ltr" dir="auto">' not in page  # one dir only
    assert '<h1 lang="de" dir="ltr">Elternabend</h1>' in page
    assert '<div lang="de" dir="ltr">' in page and "Wir erklären" in page
    assert '<span class="lang-note">' in page
    # on the German page nothing is marked
    german = Client().get(f"/de/events/{event.pk}/").content.decode()
    assert "lang-note" not in german and 'lang="de" dir="ltr">Elternabend' not in german


def test_a_translated_title_with_a_german_description_marks_only_the_description(office):
    event = EventFactory(organisation=office, title="Elternabend", description="Wir erklären")
    event.translations.create(language="uk", title="Батьківський вечір", description="")
    page = Client().get(f"/uk/events/{event.pk}/").content.decode()
    assert '<h1 dir="auto">Батьківський вечір</h1>' in page
    about = page.split('class="card ev-description"', 1)[1].split("</section>", 1)[0]
    assert "lang-note" in about and '<div lang="de" dir="ltr">' in about


def test_the_event_list_marks_untranslated_titles(office):
    EventFactory(organisation=office, title="JUMP! Sporttag")
    page = Client().get("/fa/events/").content.decode()
    card = page.split("JUMP! Sporttag", 1)[0].rsplit('<li class="card ev-card">', 1)[1]
    assert '<span class="lang-note">' in card and 'lang="de" dir="ltr"' in card


def test_a_story_only_in_german_says_so_on_the_russian_pages(office):
    s = story(office, title="Zehn neue Betriebe")
    listing = Client().get("/ru/stories/").content.decode()
    assert "lang-note" in listing.split("Zehn neue Betriebe", 1)[0].rsplit("<li", 1)[1]
    detail = Client().get(f"/ru/stories/{s.pk}/").content.decode()
    assert '<span class="lang-note">' in detail
    assert "lang-note" not in Client().get(f"/de/stories/{s.pk}/").content.decode()


def test_material_descriptions_are_marked_german(office):
    material(office)
    page = Client().get("/tr/toolkit/").content.decode()
    assert '<h2 lang="de" dir="ltr">Elternbrief Ausbildung</h2>' in page


def test_staff_see_which_languages_an_event_and_a_story_miss(advisor, office):
    event = EventFactory(organisation=office, title="Elternabend")
    event.translations.create(language="ar", title="أمسية")
    client = login(advisor)
    row = client.get("/de/staff/events/").content.decode().split("Elternabend", 1)[1]
    row = row.split("</tr>", 1)[0]
    assert 'lang="en">English<' in row and 'lang="ar"' not in row and 'lang="de"' not in row
    detail = client.get(f"/de/staff/events/{event.pk}/").content.decode()
    assert "5 languages missing" in detail or "5 Sprachen fehlen" in detail
    story(office, title="Zehn neue Betriebe")
    stories = client.get("/de/staff/stories/").content.decode()
    story_row = stories.split("Zehn neue Betriebe", 1)[1].split("</tr>", 1)[0]
    assert 'lang="uk">Українська<' in story_row and 'lang="de"' not in story_row
