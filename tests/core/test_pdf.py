"""PDF text reads back as typed: pypdf extracts the logical Arabic, Persian and German text."""

from __future__ import annotations

import io
import unicodedata

import pytest
import uharfbuzz as hb
from fpdf.enums import TextDirection
from pypdf import PdfReader

from kausa.core.pdf import FONT_DIR, HEADING, NORMAL, TITLE, Document, _tokens, has_rtl

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


# Words with harakat (fatha, damma, kasra, shadda, sukun, tanwin, dagger alif), shadda and
# a vowel stacked, lam-alef ligatures with marks, Persian with ZWNJ and marks
VOCALISED = [
    "مُحَمَّد",
    "عَرَبِيّ",
    "مُحَمَّد عَلِيّ",
    "اَللُّغَةُ الْعَرَبِيَّةُ جَمِيلَةٌ",
    "كِتَابٌ مُفِيدٌ لِلطُّلَّابِ",
    "شُكْرًا جَزِيلًا إِلَّا كَلَّا",
    "الْأُسْرَةُ تَأْهِيلٌ مِهْنِيٌّ يُوَظِّفُ هٰذَا",
    "می\u200cخواهَم به مَدرسه بِروَم",
    "کتابِ من در خانه\u200cی دوستَم است",
    "آموزشِ حِرفه\u200cای و کارآموزی",
    "Daten von مُحَمَّد عَلِيّ (Berlin) über 3 Jahre",
    "Berlin حِرفه\u200cای 12.05.2026 مَدْرَسَةٌ",
    # a lam-alef ligature (one glyph, two letters) drawn first after Latin, Arabic-Indic digits
    "JOBWALK كلا لا إِلَّا ١٢٣ (Berlin)",
]


def extracted(body: bytes) -> list[str]:
    """The lines pypdf reads, as they are: no spaces collapsed or trimmed."""
    reader = PdfReader(io.BytesIO(body))
    return [line for page in reader.pages for line in page.extract_text().split("\n")]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_presentation_form(ch: str) -> bool:
    return 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF


@pytest.mark.parametrize("language", ["ar", "fa", "de"])
def test_every_line_reads_back_as_typed(language):
    doc = Document(title=ARABIC, language=language)
    doc.paragraph(ARABIC, TITLE)
    for text in MIXED:
        doc.paragraph(text, NORMAL)
    lines = extracted(doc.output())
    assert lines == [ARABIC, *MIXED]  # single spaces where RTL and LTR words meet
    assert not any(is_presentation_form(ch) for line in lines for ch in line)


@pytest.mark.parametrize("language", ["ar", "fa", "de"])
def test_words_with_marks_read_back_as_typed(language):
    doc = Document(title="t", language=language)
    for text in VOCALISED:
        doc.paragraph(text, TITLE)
        doc.paragraph(text, NORMAL)
    lines = extracted(doc.output())
    # marks on one letter may come in canonical order; no letter moves, none is lost or added
    assert [nfc(line) for line in lines] == [nfc(t) for t in VOCALISED for _ in (TITLE, NORMAL)]
    assert all(unicodedata.category(ch) != "Cc" for line in lines for ch in line)


def test_words_with_marks_are_drawn_joined():
    """The glyphs drawn are HarfBuzz's for the whole word: initial, medial and final forms
    and marks positioned on them, not letters shaped one by one between the marks."""
    data = (FONT_DIR / "DejaVuSans.ttf").read_bytes()
    font = hb.Font(hb.Face(data))
    words = ["مُحَمَّد", "عَرَبِيّ", "شُكْرًا", "بِروَم"]
    doc = Document(title="t", language="ar")
    doc.paragraph(" ".join(words), NORMAL)
    doc.output()
    drawn = set(doc.pdf.fonts["kausasans"].subset.get_all_glyph_names())
    for word in words:
        buffer = hb.Buffer()
        buffer.add_str(word)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        names = {font.get_glyph_name(info.codepoint) for info in buffer.glyph_infos}
        assert names <= drawn, (word, names - drawn)
    assert {"uniFEE3", "uniFEA4", "uniFEAA"} <= drawn  # م initial, ح medial, د final


def test_a_joiner_stays_in_its_word():
    """A ZWNJ inside a Persian word in a German line belongs to the word's run, so the word
    is laid out as one right-to-left run (not split in two runs shown in the wrong order)."""
    tokens = _tokens("Berlin حِرفه\u200cای", TextDirection.LTR)
    assert tokens == [("Berlin", 0), (" ", 0), ("حِرفه\u200cای", 1)]


@pytest.mark.parametrize("language", ["ar", "fa", "de"])
def test_table_cells_read_back_with_a_space_between_them(language):
    doc = Document(title="t", language=language)
    doc.table(
        ["#", "جولة", "العنوان"],
        [["1", "جولة", "Karl-Marx-Straße 1"], ["2", "مُحَمَّد عَلِيّ", "Daten von محمد علي (Berlin)"]],
        [20, 100, 160],
    )
    doc.table(["#", "Name"], [["1", "Müller"]], [20, 100], grid=True)
    assert [nfc(line) for line in extracted(doc.output())] == [
        "# جولة العنوان",
        "1 جولة Karl-Marx-Straße 1",
        nfc("2 مُحَمَّد عَلِيّ Daten von محمد علي (Berlin)"),
        "# Name",
        "1 Müller",
    ]


@pytest.mark.parametrize("language", ["ar", "fa", "de"])
def test_wrapped_paragraphs_break_in_reading_order(language):
    words = ["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية"] * 6
    name = "Mohammed Abdulrahman Al-Hashimi Karimzadeh-Schönefeld " * 3
    doc = Document(title="t", language=language)
    doc.paragraph(" ".join(words), HEADING)
    doc.paragraph(name.strip(), HEADING)
    lines = extracted(doc.output())
    assert len(lines) > 3
    assert " ".join(lines) == " ".join(words) + " " + name.strip()
    assert lines[0].startswith("واحد اثنان")  # the first words on the first line


def test_a_long_name_wraps_with_the_first_name_first():
    doc = Document(title="t", language="ar")
    doc.table(["#", "الاسم"], [["1", "محمد عبد الرحمن الهاشمي كريم زاده"]], [20, 60])
    text = " ".join(extracted(doc.output()))
    assert "محمد عبد" in text and text.index("محمد") < text.index("زاده")


def test_tables_and_pages_keep_the_text_in_reading_order():
    doc = Document(title="t", language="fa")
    rows = [[str(n), FARSI, f"Karl-Marx-Straße {n}"] for n in range(1, 80)]
    doc.table(["#", "نام", "نشانی"], rows, [30, 200, 200])
    reader = PdfReader(io.BytesIO(doc.output()))
    assert len(reader.pages) > 1
    lines = [line for p in reader.pages for line in p.extract_text().split("\n")]
    assert lines.count(f"79 {FARSI} Karl-Marx-Straße 79") == 1
    assert sum(FARSI in line for line in lines) == 79 and "  " not in " ".join(lines)


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
