"""Staff pages: building, ordering, optimising, publishing; bad input saves nothing."""

from __future__ import annotations

import numpy as np
import pytest

from kausa.jobwalk.engine.routing import StreetGraph
from kausa.jobwalk.engine.tours import held_karp, route_length
from kausa.jobwalk.models import Station, Tour
from kausa.jobwalk.streets import graph_at
from tests.conftest import login
from tests.factories import CompanyFactory, postal_code
from tests.jobwalk.factories import LAUF_PLACES, lauf_companies, published_tour

pytestmark = pytest.mark.django_db

CREATE = {
    "city_name": "Lauf an der Pegnitz",
    "start_label": "Marktplatz",
    "start_lat": "49.51063",
    "start_lon": "11.27765",
    "pace_kmh": "4",
    "dwell_minutes": "10",
    "title_en": "Workshops in Lauf",
    "text_en": "From the market square",
    "title_ar": "ورش في لاوف",
}


def _draft(office):
    tour = published_tour(office)
    from kausa.jobwalk import services

    return services.tour_publish(user=None, tour=tour, publish=False)


def _order(tour: Tour) -> list[int]:
    return list(tour.stations.order_by("position").values_list("company_id", flat=True))


def test_advisor_creates_a_tour(network, advisor, office):
    response = login(advisor).post("/en/staff/jobwalk/new/", CREATE)
    tour = Tour.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/jobwalk/{tour.pk}/"
    assert tour.organisation == office and tour.status == Tour.Status.DRAFT
    assert tour.texts["en"]["title"] == "Workshops in Lauf"
    assert tour.texts["ar"]["title"] == "ورش في لاوف"
    assert tour.dwell_minutes == 10


@pytest.mark.parametrize(
    "change",
    [
        {"title_en": "", "title_ar": ""},  # no title in any language
        {"start_lat": "200"},
        {"pace_kmh": "abc"},
        {"dwell_minutes": "-5"},
        {"city_name": ""},
    ],
)
def test_bad_tour_input_is_shown_again_and_nothing_is_saved(network, advisor, change):
    response = login(advisor).post("/en/staff/jobwalk/new/", {**CREATE, **change})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Workshops in Lauf" in html or change.get("title_en") == ""  # input kept
    assert not Tour.objects.exists()


def test_stations_are_added_reordered_and_removed(network, advisor, office):
    tour = _draft(office)
    extra = lauf_companies(office, 5)[3:]
    first = _order(tour)
    client = login(advisor)
    order = [extra[1].pk, *reversed(first), extra[0].pk]
    response = client.post(
        f"/en/staff/jobwalk/{tour.pk}/", {"action": "save", "order": ",".join(map(str, order))}
    )
    assert response.status_code == 302
    tour.refresh_from_db()
    assert _order(tour) == order
    assert len(tour.geometry) > len(order)  # a route on the streets through all of them
    before = tour.length_m
    client.post(f"/en/staff/jobwalk/{tour.pk}/", {"action": "save", "order": f"{order[2]}"})
    tour.refresh_from_db()
    assert _order(tour) == [order[2]]
    assert tour.length_m < before


def test_optimise_finds_the_shortest_order(network, advisor, office):
    tour = _draft(office)
    companies = lauf_companies(office, 5)
    zigzag = [companies[i].pk for i in (0, 4, 1, 3, 2)]
    client = login(advisor)
    client.post(f"/en/staff/jobwalk/{tour.pk}/", {"order": ",".join(map(str, zigzag))})
    tour.refresh_from_db()
    as_given = tour.length_m
    client.post(
        f"/en/staff/jobwalk/{tour.pk}/",
        {"action": "optimise", "order": ",".join(map(str, zigzag))},
    )
    tour.refresh_from_db()
    assert sorted(_order(tour)) == sorted(zigzag)
    assert tour.length_m <= as_given + 1e-6
    # the optimum over the same street distances
    graph: StreetGraph = graph_at(network.file_path)
    by_id = {c.pk: c for c in companies}
    lat = np.array([tour.start_lat] + [by_id[c].lat for c in zigzag])
    lon = np.array([tour.start_lon] + [by_id[c].lon for c in zigzag])
    D = graph.matrix(lat, lon).distances
    best = held_karp(D, closed=tour.return_to_start)
    assert tour.length_m == pytest.approx(best.length, abs=0.1)  # stored to 0.1 m
    chosen = [0] + [1 + zigzag.index(c) for c in _order(tour)]
    assert route_length(D, chosen) == pytest.approx(best.length, rel=1e-6)


@pytest.mark.parametrize("order", ["abc", "1,x", "999999"])
def test_bad_station_order_changes_nothing(network, advisor, office, order):
    tour = _draft(office)
    before, length = _order(tour), tour.length_m
    response = login(advisor).post(f"/en/staff/jobwalk/{tour.pk}/", {"order": order}, follow=True)
    assert response.status_code == 200
    assert 'class="message message-error"' in response.content.decode()
    tour.refresh_from_db()
    assert _order(tour) == before and tour.length_m == length


def test_a_company_of_another_office_cannot_become_a_station(
    network, advisor, office, other_office
):
    from kausa.jobwalk import services

    tour = _draft(office)
    theirs = CompanyFactory(
        organisation=other_office,
        postal_code=postal_code("91207"),
        lat=LAUF_PLACES[2][0],
        lon=LAUF_PLACES[2][1],
    )
    services.participation_set(user=None, company=theirs)
    before = _order(tour)
    response = login(advisor).post(
        f"/en/staff/jobwalk/{tour.pk}/", {"order": f"{before[0]},{theirs.pk}"}, follow=True
    )
    assert str(theirs.pk) in response.content.decode()  # named in the error
    assert _order(tour) == before


def test_tour_details_bad_input_is_shown_again_and_not_saved(network, advisor, office):
    tour = _draft(office)
    texts = dict(tour.texts)
    data = {**CREATE, "action": "details", "title_en": "", "title_ar": "", "dwell_minutes": "99"}
    response = login(advisor).post(f"/en/staff/jobwalk/{tour.pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<details class="card section-gap" open>' in html
    assert html.count('role="alert"') >= 2  # the title and the minutes
    tour.refresh_from_db()
    assert tour.texts == texts and tour.dwell_minutes != 99


def test_tour_details_are_saved(network, advisor, office):
    tour = _draft(office)
    data = {**CREATE, "action": "details", "dwell_minutes": "20", "title_en": "New name"}
    response = login(advisor).post(f"/en/staff/jobwalk/{tour.pk}/", data)
    assert response.status_code == 302
    tour.refresh_from_db()
    assert tour.texts["en"]["title"] == "New name" and tour.dwell_minutes == 20


def test_publish_and_withdraw(network, advisor, office):
    tour = _draft(office)
    client = login(advisor)
    client.post(f"/en/staff/jobwalk/{tour.pk}/publish/", {"publish": "1"})
    tour.refresh_from_db()
    assert tour.status == Tour.Status.PUBLISHED
    assert client.get(f"/en/jobwalk/tours/{tour.pk}/").status_code == 200
    client.post(f"/en/staff/jobwalk/{tour.pk}/publish/", {"publish": "0"})
    tour.refresh_from_db()
    assert tour.status == Tour.Status.DRAFT
    assert client.get(f"/en/jobwalk/tours/{tour.pk}/").status_code == 404


def test_a_tour_without_stations_is_not_published(network, advisor, office):
    login(advisor).post("/en/staff/jobwalk/new/", CREATE)
    tour = Tour.objects.get()
    response = login(advisor).post(
        f"/en/staff/jobwalk/{tour.pk}/publish/", {"publish": "1"}, follow=True
    )
    assert 'class="message message-error"' in response.content.decode()
    tour.refresh_from_db()
    assert tour.status == Tour.Status.DRAFT


def test_station_text_bad_input_is_shown_again_and_not_saved(network, advisor, office):
    tour = _draft(office)
    station = tour.stations.order_by("position").first()
    url = f"/en/staff/jobwalk/{tour.pk}/stations/{station.pk}/"
    bad = {"language": "en", "learn": "New", "question": "Which?", "answers": "only one"}
    response = login(advisor).post(url, bad)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    station.refresh_from_db()
    assert station.content["en"]["learn"] == "Cars and engines"
    good = {**bad, "answers": "one\ntwo", "correct": "2"}
    assert login(advisor).post(url, good).status_code == 302
    station.refresh_from_db()
    assert station.content["en"]["learn"] == "New" and station.content["en"]["correct"] == 1


def test_another_office_gets_404_everywhere_and_changes_nothing(
    network, office, other_office_advisor
):
    tour = _draft(office)
    station = tour.stations.order_by("position").first()
    before = (_order(tour), tour.status, dict(tour.texts))
    client = login(other_office_advisor)
    base = f"/en/staff/jobwalk/{tour.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base, {"order": str(before[0][0])}).status_code == 404
    assert client.post(base, {**CREATE, "action": "details"}).status_code == 404
    assert client.post(f"{base}publish/", {"publish": "1"}).status_code == 404
    station_url = f"{base}stations/{station.pk}/"
    assert client.get(station_url).status_code == 404
    assert client.post(station_url, {"language": "en", "learn": "x"}).status_code == 404
    tour.refresh_from_db()
    assert (_order(tour), tour.status, tour.texts) == before
    assert Station.objects.get(pk=station.pk).content == station.content
