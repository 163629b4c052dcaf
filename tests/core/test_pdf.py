from __future__ import annotations

import io

from reportlab.pdfgen import canvas

from kausa.core.pdf import has_rtl, pdf_text, register_fonts


def test_latin_and_cyrillic_pass_unchanged():
    assert pdf_text("Kfz-Mechatroniker/in") == "Kfz-Mechatroniker/in"
    assert pdf_text("Київ") == "Київ"


def test_arabic_is_shaped_and_reordered_for_drawing():
    word = "مرحبا"
    shaped = pdf_text(word)
    assert has_rtl(word)
    assert shaped != word
    # Joined presentation forms (U+FE70–U+FEFF) replace the isolated letters.
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in shaped)


def test_bundled_font_draws_arabic_farsi_and_cyrillic():
    regular, _bold = register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(regular, 12)
    page.drawString(40, 800, pdf_text("جولة في لاوف – Тур – تور پیاده"))
    page.save()
    assert buffer.getvalue().startswith(b"%PDF")
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(regular).face
    for ch in "ﻣﺮﺣﺒﺎпگ":
        assert ord(ch) in face.charToGlyph, ch


def test_brackets_in_arabic_face_the_right_way_when_drawn():
    drawn = pdf_text("مساعدة (BAB) للتدريب")
    assert "(BAB)" in drawn
