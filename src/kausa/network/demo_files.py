"""Small real files for the demo: logos and pictures (Pillow), toolkit handouts (fpdf2)."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

PALETTE = [(11, 93, 91), (180, 83, 9), (30, 64, 175), (126, 34, 206), (190, 18, 60), (21, 128, 61)]


def _font_path() -> Path | None:
    from kausa.core.pdf import FONT_DIR

    path = FONT_DIR / "DejaVuSans.ttf"
    return path if path.exists() else None


def picture(label: str, number: int, *, size: tuple[int, int] = (240, 240)) -> SimpleUploadedFile:
    """A coloured square (or banner) with initials: a stand-in logo, photo or story picture."""
    return SimpleUploadedFile(
        f"demo-{number}.png", _picture_png(label, number, size), content_type="image/png"
    )


# The demo is loaded more than once in one process (tests, `kausa demo --reset`): its files
# are drawn once per process (about 5 s of the demo's 14 s were the handouts and pictures).
@lru_cache(maxsize=256)
def _picture_png(label: str, number: int, size: tuple[int, int]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    colour = PALETTE[number % len(PALETTE)]
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    font_path = _font_path()
    font = (
        ImageFont.truetype(str(font_path), size=min(size) // 3)
        if font_path
        else ImageFont.load_default()
    )
    initials = "".join(part[0] for part in label.split()[:2]).upper() or "K"
    box = draw.textbbox((0, 0), initials, font=font)
    x = (size[0] - (box[2] - box[0])) / 2
    y = (size[1] - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), initials, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def handout_pdf(title: str, lines: list[str], language: str) -> SimpleUploadedFile:
    """A one-page handout in any served language (kausa.core.pdf shapes Arabic and Farsi)."""
    return SimpleUploadedFile(
        f"handout-{language}.pdf",
        _handout_bytes(title, tuple(lines), language),
        content_type="application/pdf",
    )


@lru_cache(maxsize=64)
def _handout_bytes(title: str, lines: tuple[str, ...], language: str) -> bytes:
    from kausa.core.pdf import SMALL, Document, Style

    doc = Document(title=title, language=language, author="KAUSA (Demo)")
    pdf = doc.pdf
    pdf.set_fill_color(11, 93, 91)
    pdf.rect(0, 0, pdf.w, 90, style="F")
    pdf.set_text_color(255)
    doc.y = 35
    doc.paragraph(title[:60], Style(size=20, bold=True, leading=1.2, tag="H1"))
    pdf.set_text_color(0)
    doc.y = 110
    for entry in lines:
        doc.paragraph(f"☐ {entry}", Style(size=12, leading=2.0))  # logical start: right in RTL
    doc.y = pdf.h - 60
    doc.paragraph(f"KAUSA – Koordinierungsstelle Ausbildung und Migration · {language}", SMALL)
    return bytes(doc.output())
