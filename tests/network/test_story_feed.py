"""The stories' Atom feed by RFC 4287, read by two independent parsers."""

from __future__ import annotations

from xml.etree import ElementTree

import feedparser
import pytest
from django.test import Client

from kausa.network.models import StoryTranslation
from tests.network.factories import story

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def stories(office, settings):
    settings.SITE_URL = "https://kausa.example.org"
    german = story(office, title="Zehn neue Ausbildungsbetriebe")
    both = story(office, title="JOBWALK in Neukölln")
    StoryTranslation.objects.create(
        story=both, language="ar", title="جولة JOBWALK في نويكولن", teaser="قصير", body="نص"
    )
    return german, both


def _feed(path: str, host: str = "localhost") -> bytes:
    response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content


def test_feed_has_every_element_rfc_4287_requires(stories):
    root = ElementTree.fromstring(_feed("/de/stories/feed.atom"))  # noqa: S314 - our own
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}author/{ATOM}name").text == "KAUSA"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for name in ("id", "title", "updated", "link", "author"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.find(f"{ATOM}link").get("href").startswith("https://kausa.example.org/de/")


def test_each_entry_says_its_own_language(stories):
    parsed = feedparser.parse(_feed("/ar/stories/feed.atom"))
    assert not parsed.bozo, parsed.bozo_exception
    by_title = {entry.title: entry for entry in parsed.entries}
    # the translated story is Arabic, the untranslated one honestly German
    assert by_title["جولة JOBWALK في نويكولن"].get("language") in (None, "ar")
    root = ElementTree.fromstring(_feed("/ar/stories/feed.atom"))  # noqa: S314 - our own
    languages = {e.find(f"{ATOM}title").text: e.get(XML_LANG) for e in root.findall(f"{ATOM}entry")}
    assert languages == {"جولة JOBWALK في نويكولن": "ar", "Zehn neue Ausbildungsbetriebe": "de"}
    assert root.get(XML_LANG) == "ar"
    assert parsed.feed.author == "KAUSA"
    assert {entry.author for entry in parsed.entries} == {stories[0].organisation.name}


def test_ids_stay_the_same_across_hosts_and_languages(stories):
    def ids(path: str, host: str) -> set[str]:
        return {entry.id for entry in feedparser.parse(_feed(path, host)).entries}

    german = ids("/de/stories/feed.atom", "localhost")
    assert german == ids("/ar/stories/feed.atom", "127.0.0.1")
    assert german == {f"tag:kausa.example.org,2025:story/{s.pk}" for s in stories}
    assert feedparser.parse(_feed("/en/stories/feed.atom")).feed.link.startswith(
        "https://kausa.example.org/en/stories/"
    )
