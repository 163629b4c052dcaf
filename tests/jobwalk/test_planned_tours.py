"""Planned tours you can walk (issue 16, item 4): the planner's result behind a link for 30
days, walked on the phone page, as GPX and PDF, shared by link and QR code; handouts."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from pathlib import Path

import pytest
import time_machine
from defusedxml import ElementTree as ET
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from kausa.jobwalk import exports, services
from kausa.jobwalk.engine.routing import STREET_MODEL
from kausa.jobwalk.models import Participation, PlannedStop, PlannedTour
from kausa.network import spam
from tests.jobwalk.factories import LAUF_PLACES, lauf_companies, published_tour

pytestmark = pytest.mark.django_db

GPX = "{http://www.topografix.com/GPX/1/1}"
TEMPLATES = Path(__file__).parents[2] / "src" / "kausa" / "templates" / "jobwalk"
STATIC_JS = Path(__file__).parents[2] / "src" / "kausa" / "static" / "kausa" / "js"
START = LAUF_PLACES[0]
NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


def _planned(office, count: int = 3) -> PlannedTour:
    companies = lauf_companies(office, count)
    return services.planned_tour_create(
        start_lat=START[0],
        start_lon=START[1],
        start_label="Marktplatz",
        company_ids=[c.pk for c in reversed(companies)],
    )


def _pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


# --- services ------------------------------------------------------------------------------
def test_a_planned_tour_keeps_the_planners_order_and_expires_after_30_days(network, office):
    companies = lauf_companies(office, 3)
    with time_machine.travel(NOW, tick=False):
        tour = services.planned_tour_create(
            start_lat=START[0],
            start_lon=START[1],
            company_ids=[companies[2].pk, companies[0].pk, companies[1].pk],
        )
    assert tour.expires_at == NOW + dt.timedelta(days=30)
    assert [s.company_id for s in tour.stations.order_by("position")] == [
        companies[2].pk,
        companies[0].pk,
        companies[1].pk,
    ]
    assert tour.distance_model == STREET_MODEL
    assert len(tour.geometry) > 4 and tour.length_m > 0
    assert len(tour.token) >= 16  # an unguessable link
    assert tour.city_name == "Lauf an der Pegnitz"
    assert not hasattr(PlannedStop(), "code")  # nothing to leak


@translation.override("en")
def test_only_companies_that_take_visitors_become_stations(network, office):
    companies = lauf_companies(office, 2)
    services.participation_set(user=None, company=companies[1], active=False)
    with pytest.raises(ValidationError, match="no longer take visitors"):
        services.planned_tour_create(
            start_lat=START[0], start_lon=START[1], company_ids=[c.pk for c in companies]
        )
    with pytest.raises(ValidationError):
        services.planned_tour_create(start_lat=START[0], start_lon=START[1], company_ids=[])
    with pytest.raises(ValidationError, match="too far"):  # Berlin is no walk from Lauf
        services.planned_tour_create(
            start_lat=52.52, start_lon=13.40, company_ids=[companies[0].pk]
        )
    assert not PlannedTour.objects.exists()


def test_expired_planned_tours_are_deleted_by_the_daily_job(network, office, capsys):
    with time_machine.travel(NOW, tick=False):
        old = _planned(office)
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        young = services.planned_tour_create(
            start_lat=START[0], start_lon=START[1], company_ids=[old.stations.first().company_id]
        )
    with time_machine.travel(NOW + dt.timedelta(days=29, hours=23), tick=False):
        assert services.planned_tours_delete_expired() == 0
    with time_machine.travel(NOW + dt.timedelta(days=30, minutes=1), tick=False):
        call_command("delete_expired_planned_tours")
    assert "Deleted 1 expired planned tour(s)." in capsys.readouterr().out
    assert list(PlannedTour.objects.all()) == [young]
    assert not PlannedStop.objects.filter(tour_id=old.pk).exists()


# --- pages -----------------------------------------------------------------------------------
def _form_fields(html: str, action: str) -> dict[str, str]:
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.S)
    assert form, "no form"
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))


def test_the_planner_result_becomes_a_tour_to_walk_with_a_link(network, office, settings):
    settings.SITE_URL = "https://kausa.example.org"
    lauf_companies(office, 3)
    client = Client()
    page = client.get("/en/jobwalk/plan/?postal_code=91207&budget_minutes=120")
    assert page.status_code == 200
    fields = _form_fields(page.content.decode(), "/en/jobwalk/plan/walk/")
    assert set(fields) >= {"start_lat", "start_lon", "companies", "started"}
    planned_ids = [int(x) for x in fields["companies"].split(",")]
    fields["started"] = spam.form_token(time.time() - 10)  # a person looked at it first

    response = client.post("/en/jobwalk/plan/walk/", fields)
    assert response.status_code == 302
    tour = PlannedTour.objects.get()
    assert response["Location"] == f"/en/jobwalk/planned/{tour.token}/"
    assert [s.company_id for s in tour.stations.order_by("position")] == planned_ids

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    for stop in tour.stations.select_related("company"):
        assert stop.company.name in html
    assert 'name="code"' not in html  # check-in by location, no codes
    assert f"https://kausa.example.org/en/jobwalk/planned/{tour.token}/" in html  # share link
    assert 'src="data:image/svg+xml' in html  # the QR code
    assert f"/en/jobwalk/planned/{tour.token}/tour.gpx" in html
    assert f"/en/jobwalk/planned/{tour.token}/handout.pdf" in html
    data = page.context["phone_data"]
    assert data["checkin"] == "device"
    assert data["tour"]["properties"]["id"] == f"planned-{tour.token}"


def test_a_bot_that_posts_at_once_keeps_nothing(network, office):
    lauf_companies(office, 2)
    client = Client()
    html = client.get("/en/jobwalk/plan/?postal_code=91207&budget_minutes=120").content.decode()
    fields = _form_fields(html, "/en/jobwalk/plan/walk/")  # its token is fresh: too fast
    response = client.post("/en/jobwalk/plan/walk/", fields)
    assert response.status_code == 400
    assert not PlannedTour.objects.exists()
    assert b"Try again" in response.content  # the same tour, with a new time stamp


def test_an_expired_link_says_so_and_an_unknown_one_too(network, office):
    with time_machine.travel(NOW, tick=False):
        tour = _planned(office)
    client = Client()
    with time_machine.travel(NOW + dt.timedelta(days=29), tick=False):
        assert client.get(f"/en/jobwalk/planned/{tour.token}/").status_code == 200
    with time_machine.travel(NOW + dt.timedelta(days=30, seconds=1), tick=False):
        for suffix in ("", "tour.gpx", "handout.pdf"):
            gone = client.get(f"/en/jobwalk/planned/{tour.token}/{suffix}")
            assert gone.status_code == 410
            assert b"This tour has expired" in gone.content
            assert b"/en/jobwalk/plan/" in gone.content
        de = client.get(f"/de/jobwalk/planned/{tour.token}/")
        assert de.status_code == 410 and de["Content-Language"] == "de"
    unknown = client.get("/en/jobwalk/planned/not-a-real-token/")
    assert unknown.status_code == 404
    assert b"Tour not found" in unknown.content


def test_planned_tour_as_gpx_read_by_an_independent_parser(network, office):
    tour = _planned(office)
    response = Client().get(f"/en/jobwalk/planned/{tour.token}/tour.gpx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gpx+xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{GPX}gpx" and root.get("version") == "1.1"
    points = root.findall(f"{GPX}trk/{GPX}trkseg/{GPX}trkpt")
    assert len(points) == len(tour.geometry) > 4
    for point in points:
        assert 49.4 < float(point.get("lat")) < 49.6 and 11.2 < float(point.get("lon")) < 11.4
    waypoints = root.findall(f"{GPX}wpt")
    stops = list(tour.stations.select_related("company").order_by("position"))
    assert len(waypoints) == len(stops) + 1  # the start and each station
    names = [w.findtext(f"{GPX}name") for w in waypoints]
    assert names[0] == "Marktplatz"
    assert names[1:] == [f"{s.position}. {s.company.name}" for s in stops]
    first = waypoints[1]
    assert float(first.get("lat")) == pytest.approx(stops[0].company.lat)


# --- handouts: codes only in the staff copy ---------------------------------------------------
def test_public_handouts_never_print_check_in_codes_the_staff_copy_does(network, office, advisor):
    tour = published_tour(office)
    codes = [s.code for s in tour.stations.all()]
    public = _pdf_text(Client().get(f"/en/jobwalk/tours/{tour.pk}/handout.pdf").content)
    assert "Cars in Lauf" in public
    assert not any(code in public for code in codes)

    staff = Client()
    staff.force_login(advisor)
    response = staff.get(f"/en/staff/jobwalk/{tour.pk}/handout.pdf")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    copy = _pdf_text(response.content)
    assert all(code in copy for code in codes)
    assert "Staff copy" in copy


def test_planned_handout_has_its_link_and_no_codes(network, office, settings):
    settings.SITE_URL = "https://kausa.example.org"
    tour = _planned(office)
    response = Client().get(f"/en/jobwalk/planned/{tour.token}/handout.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "My JOBWALK tour in Lauf an der Pegnitz" in text
    for stop in tour.stations.select_related("company"):
        assert stop.company.name in text
    assert f"kausa.example.org/en/jobwalk/planned/{tour.token}/" in text.replace("\n", "")
    assert "code" not in text.lower()
    staff_copy = exports.tour_pdf(tour, "en", staff_copy=True)  # a planned tour has none
    assert "Check-in code" in _pdf_text(staff_copy)


# --- location errors in the page's language -------------------------------------------------
GEO_KEYS = ("geo-denied", "geo-unavailable", "geo-timeout", "geo-unsupported", "geo-pending")


def test_location_errors_come_translated_from_the_page_not_from_the_browser():
    source = (TEMPLATES / "tour_phone.html").read_text()
    for key in GEO_KEYS:
        # every message is a {% translate %} string handed to the script by a data- attribute
        assert re.search(rf"data-{key}=\"{{% translate '[^']+' %}}\"", source), key
    script = (STATIC_JS / "jobwalk-phone.js").read_text()
    assert "error.message" not in script and ".message" not in script
    for key in ("geoDenied", "geoUnavailable", "geoTimeout", "geoUnsupported", "geoPending"):
        assert f"t.{key}" in script
    planner = (STATIC_JS / "jobwalk-planner.js").read_text()
    assert ".message" not in planner


def test_phone_page_hands_the_messages_over_in_the_page_language(network, office):
    tour = _planned(office)
    html = Client().get(f"/ar/jobwalk/planned/{tour.token}/").content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    for key in GEO_KEYS:
        value = re.search(rf'data-{key}="([^"]+)"', html)
        assert value and len(value.group(1)) > 20
    assert "data-code-hint" not in html  # a planned tour has no codes to fall back on
    published = published_tour(office)
    html = Client().get(f"/ar/jobwalk/tours/{published.pk}/").content.decode()
    assert "data-code-hint" in html and "data-geo-denied" in html


def test_a_company_merge_moves_the_planned_stops(network, office):
    from tests.factories import CompanyFactory

    tour = _planned(office, 2)
    first, second = (s.company for s in tour.stations.order_by("position"))
    kept = CompanyFactory(organisation=office)
    services.jobwalk_company_move(user=None, source=first, target=kept)
    assert {s.company_id for s in tour.stations.all()} == {kept.pk, second.pk}
    # a planned tour that already visits the kept company loses the other stop
    Participation.objects.filter(company=second).delete()  # (two agreements block a merge)
    services.jobwalk_company_move(user=None, source=second, target=kept)
    assert [s.company_id for s in tour.stations.all()] == [kept.pk]
