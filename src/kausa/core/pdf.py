"""PDFs in every language we serve, whose text can be searched, copied and read aloud.

Glyphs are shaped by HarfBuzz (fpdf2 with uharfbuzz): joined Arabic and Persian letters are
real glyphs of the bundled font whose ToUnicode entries name the letters as typed, never
presentation forms. Lines are broken in reading order (a long name wraps with its first part
first) and each line is laid out with the Unicode bidirectional algorithm.

Text extractors (pypdf, and most tools that look at the content stream) read right-to-left
glyphs as drawn from left to right and turn each right-to-left run around. So every line is
written word by word in reading order, each word (and each space) in its own text object at
its place on the line: a word of Arabic letters is drawn right to left, and the extractor
reads it back as typed; the words follow one another as they are read. The document carries
its language, and every paragraph is a tagged structure element (/P, /H1, /H2) for screen
readers.

DejaVu Sans (bundled, free licence in fonts/) has Latin, Cyrillic, Arabic and Persian.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.bidi import BidiParagraph
from fpdf.enums import TextDirection

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "KausaSans"
_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
_RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ckb"}
_MM = 72 / 25.4
# what pypdf (and tools like it) read as neither left-to-right nor right-to-left
_EXTRACTOR_NEUTRAL = (
    (0x00, 0x2F),
    (0x3A, 0x40),
    (0x0660, 0x066D),
    (0x06F0, 0x06F9),
    (0x2000, 0x206F),
    (0x20A0, 0x21FF),
)


def has_rtl(text: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _RTL_RANGES)


def is_rtl_language(language: str) -> bool:
    return language.split("-")[0] in _RTL_LANGUAGES


def mm(value: float) -> float:
    """Millimetres in PDF points, the unit of every measure here."""
    return value * _MM


@dataclass(frozen=True)
class Style:
    size: float = 10.0
    bold: bool = False
    leading: float = 1.35  # line height as a multiple of the size
    tag: str = "P"  # the structure element a paragraph becomes


TITLE = Style(size=18, bold=True, leading=1.3, tag="H1")
HEADING = Style(size=12, bold=True, leading=1.4, tag="H2")
NORMAL = Style()
SMALL = Style(size=8)


def _strong_direction(text: str) -> TextDirection | None:
    """The direction of the first strong letter (rules P2/P3 of the bidi algorithm)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return TextDirection.LTR
        if kind in ("R", "AL"):
            return TextDirection.RTL
    return None


def _kind(ch: str) -> str:
    """How extractors class a character: R (right-to-left letter), N (neutral) or L."""
    if any(lo <= ord(ch) <= hi for lo, hi in _EXTRACTOR_NEUTRAL):
        return "N"
    return "R" if has_rtl(ch) else "L"


def _tokens(text: str, base: TextDirection) -> list[tuple[str, int]]:
    """The line as (piece, embedding level) in reading order: a piece is a space, or the
    longest stretch of one level without a space."""
    characters = BidiParagraph(
        text, base_direction=base, preserve_bn_chars=True
    ).get_characters_with_embedding_level()
    levels = [(base == TextDirection.RTL and 1) or 0] * len(text)
    for character in characters:
        levels[character.character_index] = character.embedding_level
    tokens: list[tuple[str, int]] = []
    for ch, level in zip(text, levels, strict=True):
        if ch.isspace():
            tokens.append((" ", level))
        elif tokens and tokens[-1][1] == level and tokens[-1][0] != " ":
            tokens[-1] = (tokens[-1][0] + ch, level)
        else:
            tokens.append((ch, level))
    return tokens


def _visual_order(levels: Sequence[int]) -> list[int]:
    """Indexes in the order they are seen from left to right (rule L2)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min((lvl for lvl in levels if lvl % 2), default=None)
    if lowest_odd is None:
        return order
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


class Document:
    """An A4 document that lays out paragraphs, tables and drawings from the top down."""

    def __init__(self, *, title: str, language: str, author: str = "Kausa") -> None:
        self.language = language.split("-")[0] or "de"
        self.rtl = is_rtl_language(self.language)
        pdf = FPDF(orientation="portrait", unit="pt", format="A4")
        pdf.set_lang(self.language)
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("Kausa")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.c_margin = 0
        pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_font(FONT, size=NORMAL.size)
        pdf.set_text_shaping(True)
        self.pdf = pdf
        self.margin = mm(20)
        self.width = pdf.w - 2 * self.margin
        self.y = self.margin
        self._direction: str | None = None
        self._read_rtl = False
        self.add_page()

    def add_page(self) -> None:
        self.pdf.add_page()
        self.y = self.margin
        self._read_rtl = False

    # --- measuring and drawing lines ----------------------------------------------------
    def _use(self, style: Style) -> None:
        self.pdf.set_font(FONT, "B" if style.bold else "", style.size)

    def _shape(self, level: int) -> None:
        direction = "rtl" if level % 2 else "ltr"
        if direction != self._direction:
            self.pdf.set_text_shaping(True, direction=direction)
            self._direction = direction

    def _width(self, text: str, level: int = 0) -> float:
        self._shape(level)
        return float(self.pdf.get_string_width(text))

    def base_direction(self, text: str) -> TextDirection:
        default = TextDirection.RTL if self.rtl else TextDirection.LTR
        return _strong_direction(text) or default

    def wrap(self, text: str, width: float, style: Style) -> list[str]:
        """Lines that fit `width`, broken between words in reading order."""
        self._use(style)
        lines: list[str] = []
        for paragraph in str(text).splitlines() or [""]:
            current = ""
            for word in paragraph.split():
                candidate = f"{current} {word}" if current else word
                if current and self._line_width(candidate) > width:
                    lines.append(current)
                    current = word
                else:
                    current = candidate
            lines.append(current)
        return lines

    def _line_width(self, line: str) -> float:
        base = self.base_direction(line)
        return sum(self._width(piece, level) for piece, level in _tokens(line, base))

    def draw_line(
        self, line: str, x: float, y: float, width: float, style: Style, *, align: str = ""
    ) -> None:
        """One line at (x, y top), aligned to the side its direction starts from (or
        centred with align="C")."""
        if not line:
            return
        self._use(style)
        base = self.base_direction(line)
        tokens = _tokens(line, base)
        widths = [self._width(piece, level) for piece, level in tokens]
        total = sum(widths)
        left = x + width - total if base == TextDirection.RTL else x
        if align == "C":
            left = x + (width - total) / 2
        positions: list[float] = [0.0] * len(tokens)
        for index in _visual_order([level for _piece, level in tokens]):
            positions[index] = left
            left += widths[index]
        height = style.size * style.leading
        for (piece, level), at in zip(tokens, positions, strict=True):
            self._shape(level)
            for part, x in self._emission(piece, level, at):
                if x < 0:
                    self._write_backwards(part, -x, y + 0.5 * height + 0.3 * style.size)
                    continue
                self.pdf.set_xy(x, y)
                self.pdf.cell(w=self._width(part, level), h=height, text=part)

    def _write_backwards(self, text: str, x: float, baseline: float) -> None:
        """Unjoined characters (digits, punctuation) shown left to right but written from
        the right end, for an extractor that prepends them."""
        pdf = self.pdf
        font = pdf.current_font
        assert font is not None
        pdf.set_xy(x, baseline)  # sets the font on the page if need be
        lefts, left = [], x
        for ch in text:
            lefts.append(left)
            left += self._width(ch, 0)
        shows = [
            f"1 0 0 1 {at:.2f} {pdf.h - baseline:.2f} Tm {font.encode_text(ch)}"
            for ch, at in zip(text[::-1], lefts[::-1], strict=True)
        ]
        pdf._out("BT " + " ".join(shows) + " ET")

    def _emission(self, piece: str, level: int, at: float) -> list[tuple[str, float]]:
        """The parts of a piece in the order to write them, each at its left edge.

        An extractor keeps a direction from the last letter it read: it prepends what is
        neutral (digits of Arabic script, punctuation) after a right-to-left letter and
        appends it after a left-to-right one. Parts are ordered so that both read as typed.
        """
        kinds = [_kind(ch) for ch in piece]
        if level % 2 and not all(kind == "R" for kind in kinds):
            parts: list[str] = []  # right-to-left letters together, anything else alone
            for ch, kind in zip(piece, kinds, strict=True):
                if kind == "R" and parts and _kind(parts[-1][-1]) == "R":
                    parts[-1] += ch
                else:
                    parts.append(ch)
            x = at + self._width(piece, level)  # reading order runs leftwards
            out = []
            for part in parts:
                x -= self._width(part, level)
                out.append((part, x))
                self._read_rtl = _kind(part[0]) == "R" if _kind(part[0]) != "N" else self._read_rtl
            return out
        if all(kind == "N" for kind in kinds) and len(piece) > 1 and self._read_rtl:
            return [(piece, -at)]  # one text object, written from its right end
        strong = [kind for kind in kinds if kind != "N"]
        if strong:
            self._read_rtl = strong[-1] == "R"
        return [(piece, at)]

    # --- structure ----------------------------------------------------------------------
    @contextmanager
    def tagged(self, tag: str) -> Iterator[None]:
        """Content drawn inside becomes one structure element (/P, /H1 …) of the page."""
        pdf = self.pdf
        mcid = pdf.struct_builder.next_mcid_for_page(pdf.page)
        pdf._add_marked_content(struct_type=f"/{tag}", mcid=mcid)
        pdf._out(f"/{tag} <</MCID {mcid}>> BDC")
        yield
        pdf._out("EMC")

    def ensure(self, height: float) -> None:
        """A new page if `height` does not fit below."""
        if self.y + height > self.pdf.h - self.margin:
            self.add_page()

    # --- content ------------------------------------------------------------------------
    def paragraph(self, text: object, style: Style = NORMAL, *, after: float = 4) -> None:
        """Wrapped lines, one structure element (split where the page breaks)."""
        lines = self.wrap(str(text or ""), self.width, style)
        height = style.size * style.leading
        self.ensure(height)
        while lines:
            fit = max(1, int((self.pdf.h - self.margin - self.y) // height))
            page, lines = lines[:fit], lines[fit:]
            with self.tagged(style.tag):
                for line in page:
                    self.draw_line(line, self.margin, self.y, self.width, style)
                    self.y += height
            if lines:
                self.add_page()
        self.y += after

    def space(self, height: float) -> None:
        self.y += height

    def table(
        self,
        headers: Sequence[object],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        style: Style = NORMAL,
        header_style: Style = SMALL,
        grid: bool = False,
    ) -> None:
        """Rows of wrapped cells; the first column on the right on a right-to-left page."""
        scale = min(1.0, self.width / sum(widths))
        widths = [w * scale for w in widths]
        pad = 3.0

        def lefts() -> list[float]:
            order = range(len(widths) - 1, -1, -1) if self.rtl else range(len(widths))
            out = [0.0] * len(widths)
            x = self.margin
            for i in order:
                out[i] = x
                x += widths[i]
            return out

        xs = lefts()

        def row(cells: Sequence[object], cell_style: Style, *, header: bool) -> None:
            wrapped = [
                self.wrap(str(c if c is not None else ""), w - 2 * pad, cell_style)
                for c, w in zip(cells, widths, strict=True)
            ]
            line = cell_style.size * cell_style.leading
            height = max(len(lines) for lines in wrapped) * line + 2 * pad
            self.ensure(height)
            top = self.y
            for lines, x, w in zip(wrapped, xs, widths, strict=True):
                with self.tagged("TH" if header else "TD"):
                    for n, text in enumerate(lines):
                        self.draw_line(text, x + pad, top + pad + n * line, w - 2 * pad, cell_style)
            pdf = self.pdf
            pdf.set_draw_color(150)
            pdf.set_line_width(0.5)
            if grid:
                for x, w in zip(xs, widths, strict=True):
                    pdf.rect(x, top, w, height)
            elif header:
                pdf.line(self.margin, top + height, self.margin + sum(widths), top + height)
            self.y = top + height

        row(headers, header_style, header=True)
        for cells in rows:
            row(cells, style, header=False)
        self.y += 6

    def output(self) -> bytes:
        return bytes(self.pdf.output())
