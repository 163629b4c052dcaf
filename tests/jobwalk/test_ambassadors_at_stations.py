from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from kausa.core.templatetags.kept import forget_local
from tests.factories import occupation
from tests.jobwalk.factories import lauf_companies, published_tour
from tests.network.factories import AmbassadorFactory

pytestmark = pytest.mark.django_db


def test_station_card_shows_an_ambassador_of_the_companys_occupation(office, network):
    kfz = occupation("Kfz-Mechatroniker/in")
    tour = published_tour(office, companies=lauf_companies(office, 2, occupation_ids=[kfz.pk]))
    AmbassadorFactory(organisation=office, occupation=kfz, first_name="Yonas")
    html = Client().get(f"/en/jobwalk/tours/{tour.pk}/").content.decode()
    assert "Yonas" in html
    assert html.count("Ambassadors tell you about this training") == 2


def test_no_ambassador_block_without_a_matching_ambassador(office, network):
    tour = published_tour(office)
    html = Client().get(f"/en/jobwalk/tours/{tour.pk}/").content.decode()
    assert "Ambassadors tell you about this training" not in html


def test_the_tour_page_looks_up_the_ambassadors_of_all_stations_at_once(
    office, network, django_assert_max_num_queries
):
    kfz = occupation("Kfz-Mechatroniker/in")
    tour = published_tour(office, companies=lauf_companies(office, 4, occupation_ids=[kfz.pk]))
    for name in ("Yonas", "Lina", "Omid"):
        AmbassadorFactory(organisation=office, occupation=kfz, first_name=name)
    client = Client()
    client.get(f"/ar/jobwalk/tours/{tour.pk}/")  # per-process look-ups (occupation names)
    cache.clear()  # the station cards are kept rendered (shared and in the process) ...
    forget_local()  # ... draw them anew
    with django_assert_max_num_queries(12) as queries:
        html = client.get(f"/ar/jobwalk/tours/{tour.pk}/").content.decode()
    assert html.count('class="nw-amb-mini"') == 4 * 2  # two per station, the first by name
    assert html.count(">Lina</a>") == 4 and ">Yonas</a>" not in html
    lookups = [q for q in queries.captured_queries if 'FROM "network_ambassador"' in q["sql"]]
    assert len(lookups) == 1


def test_the_station_cards_are_kept_until_a_station_changes(office, network):
    kfz = occupation("Kfz-Mechatroniker/in")
    tour = published_tour(office, companies=lauf_companies(office, 2, occupation_ids=[kfz.pk]))
    AmbassadorFactory(organisation=office, occupation=kfz, first_name="Yonas")
    client = Client()
    first = client.get(f"/en/jobwalk/tours/{tour.pk}/").content.decode()
    assert first.count(">Yonas</a>") == 2
    AmbassadorFactory(organisation=office, occupation=kfz, first_name="Amir")
    # kept: the new ambassador shows when the cards expire or the tour changes
    assert ">Amir</a>" not in client.get(f"/en/jobwalk/tours/{tour.pk}/").content.decode()
    station = tour.stations.first()
    station.content = {"en": {"learn": "How an engine works"}}
    station.save()
    again = client.get(f"/en/jobwalk/tours/{tour.pk}/").content.decode()
    assert "How an engine works" in again and ">Amir</a>" in again


def test_the_tour_page_answers_while_the_cache_is_down(office, network, settings):
    from tests.core.test_cache_outage import DEAD_REDIS

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": settings.KAUSA_REDIS_CACHE_OPTIONS,
        }
    }
    tour = published_tour(office)
    page = Client().get(f"/en/jobwalk/tours/{tour.pk}/")
    assert page.status_code == 200 and "jw-station-list" in page.content.decode()
