"""Small real files for the demo: logos and pictures (Pillow), toolkit handouts (reportlab)."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

PALETTE = [(11, 93, 91), (180, 83, 9), (30, 64, 175), (126, 34, 206), (190, 18, 60), (21, 128, 61)]
FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]


def _font_path() -> Path | None:
    return next((p for p in FONT_CANDIDATES if p.exists()), None)


def picture(label: str, number: int, *, size: tuple[int, int] = (240, 240)) -> SimpleUploadedFile:
    """A coloured square (or banner) with initials: a stand-in logo, photo or story picture."""
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
    return SimpleUploadedFile(f"demo-{number}.png", buffer.getvalue(), content_type="image/png")


def handout_pdf(title: str, lines: list[str], language: str) -> SimpleUploadedFile:
    """A one-page handout. Uses DejaVu Sans when present (Latin, Turkish, Cyrillic)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    font_path = _font_path()
    if font_path:
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(font_path)))
        font = "DejaVuSans"
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setAuthor("KAUSA (Demo)")
    pdf.setFillColorRGB(11 / 255, 93 / 255, 91 / 255)
    pdf.rect(0, A4[1] - 90, A4[0], 90, fill=1, stroke=0)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.setFont(font, 20)
    pdf.drawString(50, A4[1] - 55, title[:60])
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 12)
    y = A4[1] - 130
    for line in lines:
        pdf.drawString(50, y, ("☐ " if font != "Helvetica" else "- ") + line)
        y -= 24
    pdf.setFont(font, 9)
    pdf.drawString(50, 40, f"KAUSA – Koordinierungsstelle Ausbildung und Migration · {language}")
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile(
        f"handout-{language}.pdf", buffer.getvalue(), content_type="application/pdf"
    )
