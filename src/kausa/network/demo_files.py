"""Small real files for the demo: logos and pictures (Pillow), toolkit handouts (reportlab)."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

PALETTE = [(11, 93, 91), (180, 83, 9), (30, 64, 175), (126, 34, 206), (190, 18, 60), (21, 128, 61)]


def _font_path() -> Path | None:
    from kausa.core.pdf import FONT_DIR

    path = FONT_DIR / "DejaVuSans.ttf"
    return path if path.exists() else None


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
    """A one-page handout in any served language (kausa.core.pdf shapes Arabic and Farsi)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from kausa.core.pdf import has_rtl, pdf_text, register_fonts

    regular, bold = register_fonts()
    rtl = has_rtl(title)
    width, height = A4
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setAuthor("KAUSA (Demo)")

    def line(text: str, y: float) -> None:
        if rtl:
            pdf.drawRightString(width - 50, y, pdf_text(text))
        else:
            pdf.drawString(50, y, text)

    pdf.setFillColorRGB(11 / 255, 93 / 255, 91 / 255)
    pdf.rect(0, height - 90, width, 90, fill=1, stroke=0)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.setFont(bold, 20)
    line(title[:60], height - 55)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(regular, 12)
    y = height - 130
    for entry in lines:
        line(f"☐ {entry}", y)  # logical start: visual right in Arabic and Farsi
        y -= 24
    pdf.setFont(regular, 9)
    pdf.drawString(50, 40, f"KAUSA – Koordinierungsstelle Ausbildung und Migration · {language}")
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile(
        f"handout-{language}.pdf", buffer.getvalue(), content_type="application/pdf"
    )
