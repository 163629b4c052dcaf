from __future__ import annotations

import gpxpy
import pytest
from django.test import Client

from kausa.jobwalk import services
from kausa.jobwalk.engine.routing import STREET_MODEL
from tests.jobwalk.factories import lauf_companies, published_tour

pytestmark = pytest.mark.django_db


def test_list_shows_published_tours_of_a_city(network, office):
    tour = published_tour(office)
    draft = published_tour(office, companies=lauf_companies(office, 1))
    services.tour_publish(user=None, tour=draft, publish=False)
    rows = Client().get("/api/v1/jobwalk/tours?city=lauf-an-der-pegnitz&lang=en").json()
    assert [r["id"] for r in rows] == [tour.pk]
    assert rows[0]["title"] == "Cars in Lauf"
    assert rows[0]["stations"] == 3
    assert Client().get("/api/v1/jobwalk/tours?city=berlin").json() == []


def test_tour_is_geojson_with_route_and_stations(network, office):
    tour = published_tour(office)
    data = Client().get(f"/api/v1/jobwalk/tours/{tour.pk}?lang=ar").json()
    assert data["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert kinds == ["route", "start", "station", "station", "station"]
    route = data["features"][0]["geometry"]
    assert route["type"] == "LineString" and len(route["coordinates"]) > 4
    lon, lat = route["coordinates"][0]
    assert 11.2 < lon < 11.4 and 49.4 < lat < 49.6
    assert data["properties"]["distance_model"] == STREET_MODEL
    assert data["properties"]["title"] == "سيارات"


def test_draft_and_unknown_tours_are_404(network, office):
    tour = published_tour(office)
    services.tour_publish(user=None, tour=tour, publish=False)
    for url in (f"/api/v1/jobwalk/tours/{tour.pk}", f"/api/v1/jobwalk/tours/{tour.pk}.gpx"):
        response = Client().get(url)
        assert response.status_code == 404
        assert "detail" in response.json()


def test_gpx_has_track_and_waypoints(network, office):
    tour = published_tour(office)
    response = Client().get(f"/api/v1/jobwalk/tours/{tour.pk}.gpx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    gpx = gpxpy.parse(response.content.decode())
    assert len(gpx.tracks[0].segments[0].points) == len(tour.geometry)
    assert len(gpx.waypoints) == 4


def test_plan_returns_a_tour_with_its_model(network, office):
    lauf_companies(office, 4)
    response = Client().post(
        "/api/v1/jobwalk/plan",
        {"postal_code": "91207", "budget_minutes": 120, "return_to_start": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["distance_model"] == STREET_MODEL
    assert data["stations"] and data["total_minutes"] <= 120
    assert data["geometry"]["coordinates"][0] == data["geometry"]["coordinates"][-1]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"postal_code": "10115", "budget_minutes": 90}, "outside"),
        ({"lat": 49.5105, "lon": 11.27, "budget_minutes": 10}, "too short"),
        ({"postal_code": "91207", "budget_minutes": 5}, "budget_minutes"),
        ({"lat": 49.5}, "lat and lon"),
        ({"postal_code": "99999", "budget_minutes": 60}, "Unknown postal code"),
        ({}, "start"),
    ],
)
def test_plan_says_why_it_cannot(network, office, body, reason):
    lauf_companies(office, 2)
    response = Client().post(
        "/api/v1/jobwalk/plan", {**body, "lang": "en"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert reason in response.json()["detail"]


def test_plan_starts_at_a_street_address(network, office):
    from kausa.jobwalk.streets import graph_at

    lauf_companies(office, 4)
    expected = graph_at(network.file_path).addresses.find("Marktplatz 1")
    response = Client().post(
        "/api/v1/jobwalk/plan",
        {"address": "Marktplatz 1, Lauf", "budget_minutes": 120, "lang": "en"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["start"] == {"lat": expected.lat, "lon": expected.lon}
    assert data["distance_model"] == STREET_MODEL and data["stations"]


def test_plan_with_an_unknown_address_says_so(network, office):
    lauf_companies(office, 2)
    response = Client().post(
        "/api/v1/jobwalk/plan",
        {"address": "Nowhere Street 3", "budget_minutes": 60, "lang": "en"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "Unknown address" in response.json()["detail"]


def test_plan_page_takes_an_address(network, office):
    lauf_companies(office, 4)
    response = Client().get(
        "/en/jobwalk/plan/", {"address": "Hersbrucker Str. 64", "budget_minutes": 120}
    )
    assert response.status_code == 200
    assert 'name="address"' in response.content.decode()
    assert response.context["result"].stations
    empty = Client().get("/en/jobwalk/plan/", {"budget_minutes": 120})
    assert "or an address" in empty.content.decode()
