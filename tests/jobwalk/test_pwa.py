"""The web app manifest of the phone page (offline: tests/e2e/test_jobwalk_offline.py)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.jobwalk.factories import published_tour

pytestmark = pytest.mark.django_db


def test_phone_page_links_the_manifest_of_its_tour(network, office):
    tour = published_tour(office)
    html = Client().get(f"/en/jobwalk/tours/{tour.pk}/").content.decode()
    assert f'rel="manifest" href="/en/jobwalk/manifest.webmanifest?tour={tour.pk}"' in html


def test_manifest_opens_the_tour_in_the_page_language(network, office):
    tour = published_tour(office)
    response = Client().get(f"/ar/jobwalk/manifest.webmanifest?tour={tour.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["lang"] == "ar" and data["dir"] == "rtl"
    assert data["start_url"] == f"/ar/jobwalk/tours/{tour.pk}/"
    assert data["scope"] == "/ar/jobwalk/"
    assert "سيارات" in data["name"]  # the tour's Arabic title
    assert data["display"] == "standalone"
    sizes = {(i["sizes"], i["purpose"]) for i in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_manifest_without_a_tour_opens_the_jobwalk_page():
    data = Client().get("/en/jobwalk/manifest.webmanifest").json()
    assert data["start_url"] == "/en/jobwalk/" and data["dir"] == "ltr"


def test_manifest_of_a_draft_tour_is_404(network, office):
    from kausa.jobwalk import services

    tour = published_tour(office)
    services.tour_publish(user=None, tour=tour, publish=False)
    assert Client().get(f"/en/jobwalk/manifest.webmanifest?tour={tour.pk}").status_code == 404
