"""The PDF handout in right-to-left languages: shaped Arabic/Persian lines, bundled font."""

from __future__ import annotations

import pytest
from django.test import Client

from kausa.core.pdf import pdf_text, register_fonts
from kausa.jobwalk import exports
from kausa.jobwalk.exports import _paragraph_maker, wrap_rtl
from tests.jobwalk.factories import published_tour

ARABIC_LETTERS = ("\u0621", "\u064a")


def _unshaped(text: str) -> bool:
    return any(ARABIC_LETTERS[0] <= c <= ARABIC_LETTERS[1] for c in text)


def test_wrap_breaks_in_reading_order_before_reordering():
    words = ["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية"]
    lines = wrap_rtl(" ".join(words), 60.0, lambda s: 6.0 * len(s))
    assert len(lines) > 1
    assert all(not _unshaped(line) for line in lines)
    assert lines[0].endswith(pdf_text(words[0]))  # first word: first line, drawn rightmost
    assert lines[-1].startswith(pdf_text(words[-1]))  # last word: last line, leftmost
    assert all(6.0 * len(line) <= 60.0 or " " not in line for line in lines)


def test_wrap_keeps_latin_names_readable_inside_arabic():
    (line,) = wrap_rtl("محطة 3: Bäckerei Müller", 1000, len)
    assert "Bäckerei Müller" in line and not _unshaped(line)


def test_rtl_paragraphs_get_shaped_visual_lines_right_aligned():
    from reportlab.lib.styles import ParagraphStyle

    font, _bold = register_fonts()
    style = ParagraphStyle("t", fontName=font, fontSize=10)
    paragraph = _paragraph_maker(True, 200)("ماذا تتعلم هنا؟", style)
    assert paragraph.style.alignment == 2  # TA_RIGHT
    assert not _unshaped(paragraph.text)
    assert any("\ufe70" <= c <= "\ufeff" for c in paragraph.text)
    # Arabic text on a left-to-right page is shaped too
    assert not _unshaped(_paragraph_maker(False, 200)("سيارات", style).text)


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
def test_handout_tells_what_one_learns_in_the_language(network, office, monkeypatch):
    tour = published_tour(office)
    seen: list[str] = []
    real = exports._paragraph_maker

    def spy(rtl_page, width):
        make = real(rtl_page, width)

        def wrapped(text, style, **kw):
            seen.append(str(text))
            return make(text, style, **kw)

        return wrapped

    monkeypatch.setattr(exports, "_paragraph_maker", spy)
    exports.tour_pdf(tour, "ar")
    assert "سيارات" in seen  # the Arabic title
    assert "Cars and engines" in seen  # station text: English where there is no Arabic one


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
