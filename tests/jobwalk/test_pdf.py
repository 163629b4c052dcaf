"""The PDF handout in right-to-left languages: shaped Arabic/Persian text, bundled font."""

from __future__ import annotations

import pytest
from django.test import Client

from kausa.jobwalk import exports, rtl
from kausa.jobwalk.exports import _paragraph_maker
from tests.jobwalk.factories import published_tour


def _codes(text: str) -> list[int]:
    return [ord(c) for c in text]


def test_arabic_letters_take_their_joined_forms():
    # seen initial, lam-alef final ligature, meem isolated (lam-alef does not join forward)
    assert _codes(rtl.shape("سلام")) == [0xFEB3, 0xFEFC, 0xFEE1]
    # alef isolated, lam initial, lam medial, heh final
    assert _codes(rtl.shape("الله")) == [0xFE8D, 0xFEDF, 0xFEE0, 0xFEEA]


def test_persian_letters_are_shaped_too():
    # peh initial, reh final, tcheh initial, meem final; gaf initial, lam final
    assert _codes(rtl.shape("پرچم گل")) == [0xFB58, 0xFEAE, 0xFB7C, 0xFEE2, 0x20, 0xFB94, 0xFEDE]


def test_marks_do_not_break_joining():
    shaped = rtl.shape("بَب")  # beh, fatha, beh
    assert _codes(shaped) == [0xFE91, 0x064E, 0xFE90]


def test_visual_order_keeps_latin_names_and_numbers_readable():
    line = rtl.visual(rtl.shape("محطة 3: Bäckerei Müller (لاوف)"))
    assert "3: Bäckerei Müller" in line
    assert line.endswith(rtl.shape("محطة")[::-1])  # the first word is drawn rightmost
    assert line.startswith("(")  # the bracket pair is mirrored with its run
    assert rtl.visual("Lauf 91207") == "Lauf 91207"


def test_wrap_breaks_in_reading_order_before_reordering():
    text = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية"
    lines = rtl.wrap(text, 60.0, lambda s: 6.0 * len(s))
    assert len(lines) > 1
    assert all(6.0 * len(line) <= 60.0 or " " not in line for line in lines)
    assert lines[0].endswith(rtl.shape("واحد")[::-1])  # first word on the first line, rightmost
    assert lines[-1].startswith(rtl.shape("ثمانية")[::-1])


def test_rtl_paragraphs_get_shaped_visual_lines_right_aligned():
    from reportlab.lib.styles import ParagraphStyle

    exports._register_font()
    style = ParagraphStyle("t", fontName=exports.FONT, fontSize=10)
    paragraph = _paragraph_maker(True, 200)("ماذا تتعلم هنا؟", style)
    assert paragraph.style.alignment == 2  # TA_RIGHT
    drawn = paragraph.text
    assert not any("\u0621" <= c <= "\u064a" for c in drawn)  # no unshaped letters left
    assert any("\ufe70" <= c <= "\ufeff" for c in drawn)


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
