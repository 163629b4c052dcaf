"""PDF text in every language we serve: a bundled Unicode font and Arabic shaping.

reportlab draws glyphs one by one from left to right. Arabic and Farsi need joined
letter forms (arabic-reshaper) and visual right-to-left order (python-bidi) first;
DejaVu Sans (bundled, free licence in fonts/) has Latin, Cyrillic, Arabic and Persian.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "KausaSans"
FONT_BOLD = "KausaSans-Bold"
_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the Unicode fonts with reportlab once; returns (regular, bold) names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return FONT, FONT_BOLD


def has_rtl(text: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _RTL_RANGES)


def pdf_text(text: str) -> str:
    """Text ready for reportlab: Arabic script shaped and put in visual order."""
    if not has_rtl(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    visual = str(get_display(arabic_reshaper.reshape(text)))
    # python-bidi reorders but does not mirror: brackets in the right-to-left text
    # would face the wrong way once drawn left to right.
    return visual.translate(_MIRROR)
