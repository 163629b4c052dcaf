"""Success stories: sanitised Markdown, filters, feed, staff writing for their own office."""

from __future__ import annotations

import pytest
from django.test import Client

from kausa.network.models import Story
from kausa.network.text import render_markdown
from tests.conftest import login
from tests.factories import OrganisationFactory
from tests.network.factories import story

pytestmark = pytest.mark.django_db

EVIL = (
    "Hallo **Welt**\n\n<script>alert('x')</script>\n\n"
    '<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1))\n\n'
    '<a href="https://kausa.example" onclick="alert(2)">ok</a>'
)


def test_markdown_is_rendered_and_script_removed():
    html = render_markdown(EVIL)
    assert "<strong>Welt</strong>" in html
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html


def test_script_in_a_story_is_not_in_the_page(office):
    published = story(office, body=EVIL)
    page = Client().get(f"/en/stories/{published.pk}/").content.decode()
    assert "<script>alert" not in page and "onerror" not in page
    assert "<strong>Welt</strong>" in page
    api = Client().get(f"/api/v1/stories/{published.pk}").json()
    assert "<script" not in api["body_html"]


def test_drafts_are_not_public(office):
    draft = story(office, title="Entwurf", published=False)
    assert Client().get(f"/en/stories/{draft.pk}/").status_code == 404
    assert "Entwurf" not in Client().get("/en/stories/").content.decode()


def test_list_filters_by_state_and_activity(office, other_office):
    story(office, title="Berlin Story")
    hamburg = story(other_office, title="Hamburg JOBWALK")
    hamburg.tags.create(activity="jobwalk")
    client = Client()
    page = client.get("/en/stories/?state=HH").content.decode()
    assert "Hamburg JOBWALK" in page and "Berlin Story" not in page
    page = client.get("/en/stories/?activity=jobwalk").content.decode()
    assert "Hamburg JOBWALK" in page and "Berlin Story" not in page
    assert [s["title"] for s in client.get("/api/v1/stories?state=BE").json()] == ["Berlin Story"]
    assert client.get("/api/v1/stories?activity=nope").status_code == 400


def test_atom_feed_lists_published_stories(office):
    story(office, title="Im Feed")
    response = Client().get("/en/stories/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"Im Feed" in response.content


def test_advisor_writes_and_publishes_for_own_office(office, advisor):
    client = login(advisor)
    response = client.post(
        "/en/staff/stories/new/",
        {
            "language": "en",
            "title": "Ten new companies",
            "teaser": "Short",
            "body": "Body",
            "activities": ["network", "training_company"],
            "consent_confirmed": "on",
        },
    )
    assert response.status_code == 302
    created = Story.objects.get()
    assert created.organisation == office and created.status == "draft"
    client.post(f"/en/staff/stories/{created.pk}/publish/")
    created.refresh_from_db()
    assert created.status == "published" and created.published_at
    assert b"Ten new companies" in Client().get("/en/stories/").content


def test_story_without_consent_cannot_be_published(office, advisor):
    draft = story(office, published=False)
    Story.objects.filter(pk=draft.pk).update(consent_confirmed=False)
    login(advisor).post(f"/en/staff/stories/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_landesstelle_sees_its_servicestellen_stories(office, landesstelle, coordinator):
    story(office, title="From the Servicestelle", published=False)
    elsewhere = OrganisationFactory(state="HH")
    story(elsewhere, title="Elsewhere", published=False)
    page = login(coordinator).get("/en/staff/stories/").content.decode()
    assert "From the Servicestelle" in page and "Elsewhere" not in page


def test_other_office_cannot_edit_story(office, other_office_advisor):
    mine = story(office)
    assert login(other_office_advisor).get(f"/en/staff/stories/{mine.pk}/").status_code == 404


def test_story_image_needs_alt_text_and_a_real_picture(office, advisor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.network.factories import png_upload

    mine = story(office)
    client = login(advisor)
    no_alt = client.post(
        f"/en/staff/stories/{mine.pk}/", {"action": "image", "image": png_upload(), "alt_text": ""}
    )
    assert no_alt.status_code == 200 and not mine.images.exists()
    fake = SimpleUploadedFile("a.png", b"<svg onload=alert(1)>", content_type="image/png")
    client.post(
        f"/en/staff/stories/{mine.pk}/", {"action": "image", "image": fake, "alt_text": "x"}
    )
    assert not mine.images.exists()
    ok = client.post(
        f"/en/staff/stories/{mine.pk}/",
        {"action": "image", "image": png_upload(), "alt_text": "Gruppe vor der Werkstatt"},
    )
    assert ok.status_code == 302 and mine.images.count() == 1
    page = Client().get(f"/en/stories/{mine.pk}/").content.decode()
    assert 'alt="Gruppe vor der Werkstatt"' in page
