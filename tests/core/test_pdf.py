"""PDF text reads back as typed: pypdf extracts the logical Arabic, Persian and German text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from kausa.core.pdf import HEADING, NORMAL, TITLE, Document, has_rtl

ARABIC = "جولة JOBWALK في نويكولن"
FARSI = "تور شغلی در برلین"
MIXED = [
    ARABIC,
    FARSI,
    "محطة 3: Bäckerei Müller (BAB) 12.05.2026 – ۱۲۳ ١٢٣",
    "تور شغلی در برلین، ۱۴۰۳ (۲۰۲۵)",
    "ماشین\u200cها در لاوف",
    "مساعدة (BAB) للتدريب",
    "Daten von محمد علي (Berlin) über 3 Jahre",
    "Größe Straße 12 – Kfz-Mechatroniker/in",
    "Київ",
]


def normalised(text: str) -> str:
    return " ".join(text.split())


def extracted(body: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(body))
    return [normalised(line) for page in reader.pages for line in page.extract_text().split("\n")]


def is_presentation_form(ch: str) -> bool:
    return 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF


@pytest.mark.parametrize("language", ["ar", "fa", "de"])
def test_every_line_reads_back_as_typed(language):
    doc = Document(title=ARABIC, language=language)
    doc.paragraph(ARABIC, TITLE)
    for text in MIXED:
        doc.paragraph(text, NORMAL)
    lines = extracted(doc.output())
    assert lines == [normalised(t) for t in [ARABIC, *MIXED]]
    assert not any(is_presentation_form(ch) for line in lines for ch in line)


@pytest.mark.parametrize("language", ["ar", "fa", "de"])
def test_wrapped_paragraphs_break_in_reading_order(language):
    words = ["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية"] * 6
    name = "Mohammed Abdulrahman Al-Hashimi Karimzadeh-Schönefeld " * 3
    doc = Document(title="t", language=language)
    doc.paragraph(" ".join(words), HEADING)
    doc.paragraph(name.strip(), HEADING)
    lines = extracted(doc.output())
    assert len(lines) > 3
    assert normalised(" ".join(lines)) == normalised(" ".join(words) + " " + name)
    assert lines[0].startswith("واحد اثنان")  # the first words on the first line


def test_a_long_name_wraps_with_the_first_name_first():
    doc = Document(title="t", language="ar")
    doc.table(["#", "الاسم"], [["1", "محمد عبد الرحمن الهاشمي كريم زاده"]], [20, 60])
    text = normalised(" ".join(extracted(doc.output())))
    assert "محمد عبد" in text and text.index("محمد") < text.index("زاده")


def test_tables_and_pages_keep_the_text_in_reading_order():
    doc = Document(title="t", language="fa")
    rows = [[str(n), FARSI, f"Karl-Marx-Straße {n}"] for n in range(1, 80)]
    doc.table(["#", "نام", "نشانی"], rows, [30, 200, 200])
    reader = PdfReader(io.BytesIO(doc.output()))
    assert len(reader.pages) > 1
    text = normalised(" ".join(p.extract_text() for p in reader.pages))
    assert text.count(FARSI) == 79 and "Karl-Marx-Straße 79" in text


def test_documents_are_tagged_with_their_language():
    doc = Document(title=FARSI, language="fa")
    doc.paragraph(FARSI, TITLE)
    doc.paragraph("Text", NORMAL)
    reader = PdfReader(io.BytesIO(doc.output()))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fa"
    assert root["/MarkInfo"]["/Marked"]
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    kinds = [str(e.get_object()["/S"]) for e in document["/K"]]
    assert kinds[:2] == ["/H1", "/P"]
    assert reader.metadata.title == FARSI


def test_the_bundled_font_is_embedded():
    doc = Document(title="t", language="ar")
    doc.paragraph(ARABIC)
    assert b"DejaVuSans" in doc.output()
    assert has_rtl(ARABIC) and not has_rtl("Київ")
