"""The tour phone page keeps the tour, its stations and route per process under the tour's
version: a visit asks the database one small question, and whatever an office changes on
the tour shows at the next visit."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kausa.jobwalk import selectors, services
from tests.jobwalk.factories import lauf_companies, published_tour

pytestmark = pytest.mark.django_db


def _without_token(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


def test_a_visit_asks_only_for_the_version_and_every_change_shows_at_once(
    office, django_assert_num_queries
):
    companies = lauf_companies(office, 4)
    tour = published_tour(office, companies=companies[:3])
    client = Client()
    url = f"/en/jobwalk/tours/{tour.pk}/"
    first = client.get(url)
    assert first.status_code == 200 and first.content.decode().count('class="card jw-station"') == 3
    with django_assert_num_queries(1):
        again = client.get(url)
    assert _without_token(again.content) == _without_token(first.content)
    # a station's text
    station = tour.stations.order_by("position").first()
    services.station_set_content(
        user=None, station=station, language="en", learn="How an engine works"
    )
    assert "How an engine works" in client.get(url).content.decode()
    # another station list: its cards, its route
    services.tour_set_stations(user=None, tour=tour, company_ids=[c.pk for c in companies])
    page = client.get(url).content.decode()
    assert page.count('class="card jw-station"') == 4
    assert companies[3].name in page
    # a station's company renamed
    company = companies[0]
    company.name = "Autohaus Umbenannt"
    company.save()
    assert "Autohaus Umbenannt" in client.get(url).content.decode()
    # the tour's own texts
    services.tour_update(user=None, tour=tour, texts={"en": {"title": "Engines of Lauf"}})
    assert "<h1>Engines of Lauf</h1>" in client.get(url).content.decode()
    # no longer published: gone at once
    services.tour_publish(user=None, tour=tour, publish=False)
    assert client.get(url).status_code == 404


def test_the_version_moves_with_the_tour_and_its_stations_and_is_none_for_no_tour(office):
    tour = published_tour(office)
    version = selectors.published_tour_version(pk=tour.pk)
    assert version is not None and version[-1] == 3  # three stations
    assert selectors.published_tour_version(pk=tour.pk) == version
    station = tour.stations.first()
    services.station_set_content(user=None, station=station, language="en", learn="New")
    assert selectors.published_tour_version(pk=tour.pk) != version
    assert selectors.published_tour_version(pk=tour.pk + 1000) is None
    services.tour_publish(user=None, tour=tour, publish=False)
    assert selectors.published_tour_version(pk=tour.pk) is None
