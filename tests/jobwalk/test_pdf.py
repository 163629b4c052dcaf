"""The PDF handout in right-to-left languages: searchable text, bundled font, its language."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from kausa.jobwalk import exports
from tests.core.test_pdf import extracted, is_presentation_form
from tests.jobwalk.factories import published_tour


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fa", "en", "uk"])
def test_handout_is_a_pdf_with_the_bundled_font(network, office, language):
    tour = published_tour(office)
    tour.texts["fa"] = {"title": "ماشین‌ها در لاوف", "text": "کارگاه‌ها"}
    tour.save(update_fields=["texts"])
    response = Client().get(f"/{language}/jobwalk/tours/{tour.pk}/handout.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    assert b"DejaVuSans" in body  # the embedded font that has Arabic and Cyrillic letters


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "text"),
    [
        ("ar", "جولة JOBWALK في نويكولن", "ورش السيارات في 3 محطات"),
        ("fa", "تور شغلی در برلین", "کارگاه‌ها و ۲ ایستگاه"),
        ("de", "Autos in Lauf", "Werkstätten für Kfz-Mechatroniker/innen"),
    ],
)
def test_handout_text_reads_back_as_typed(network, office, language, title, text):
    tour = published_tour(office)
    tour.texts[language] = {"title": title, "text": text}
    tour.save(update_fields=["texts"])
    station = tour.stations.order_by("position").first()
    station.company.name = "محمد عبد الرحمن Autohaus"
    station.company.save(update_fields=["name"])
    body = exports.tour_pdf(tour, language)
    lines = extracted(body)
    assert lines[0] == title  # searchable: the title as typed
    assert text in lines
    whole = " ".join(lines)
    assert "محمد عبد الرحمن Autohaus" in whole
    assert "Cars and engines" in whole  # what one learns: English where no text in the language
    assert not any(is_presentation_form(ch) for ch in whole)
    assert PdfReader(io.BytesIO(body)).trailer["/Root"]["/Lang"] == language


@pytest.mark.django_db
def test_handout_and_gpx_work_when_a_station_company_lost_its_coordinates(network, office):
    # A company's coordinates can be cleared (admin) after the tour was made: the handout
    # used to fail with a server error; now that station is only left off the drawing.
    import gpxpy

    tour = published_tour(office)
    company = tour.stations.order_by("position").first().company
    company.lat = company.lon = None
    company.save(update_fields=["lat", "lon"])
    response = Client().get(f"/en/jobwalk/tours/{tour.pk}/handout.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    gpx_response = Client().get(f"/api/v1/jobwalk/tours/{tour.pk}.gpx")
    assert gpx_response.status_code == 200
    gpx = gpxpy.parse(gpx_response.content.decode())
    assert len(gpx.waypoints) == 3  # the start and the two stations that still have a place
    assert company.name not in {w.name.split(". ", 1)[-1] for w in gpx.waypoints}


@pytest.mark.django_db
def test_public_handout_gives_away_no_check_in_code(network, office):
    tour = published_tour(office)
    body = Client().get(f"/de/jobwalk/tours/{tour.pk}/handout.pdf").content
    whole = " ".join(extracted(body))
    codes = [station.code for station in tour.stations.all()]
    assert codes and not any(code in whole for code in codes)
    assert "Check-in" not in whole
