"""PDFs in every language we serve, whose text can be searched, copied and read aloud.

Glyphs are shaped by HarfBuzz (through fpdf2's font): joined Arabic and Persian letters,
with their marks (harakat, shadda, tanwin) placed on them, are real glyphs of the bundled
font whose ToUnicode entries name the letters as typed, never presentation forms. Each run
of one direction is shaped as a whole, and the text is written here rather than by fpdf2's
cell(), which starts a new piece at every mark (their script is "Inherited") and so draws
the letters between them unjoined. Lines are broken in reading order (a long name wraps
with its first part first) and each line is laid out with the Unicode bidirectional
algorithm.

Text extractors (pypdf, and most tools that look at the content stream) read right-to-left
glyphs as drawn from left to right and turn each right-to-left run around. So every line is
written word by word in reading order, each word in its own text object at its place on the
line: a word of Arabic letters is drawn right to left, and the extractor reads it back as
typed; the words follow one another as they are read. Where the glyphs as drawn would read
back out of order (digits of Arabic script after Arabic letters, ligatures), each glyph is
written on its own, in reading order. Spaces are written where no extractor adds a space of
its own, so that words and table cells read back with exactly one space between them. The
document carries its language, and every paragraph is a tagged structure element (/P, /H1,
/H2) for screen readers.

DejaVu Sans (bundled, free licence in fonts/) has Latin, Cyrillic, Arabic and Persian.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.bidi import BidiParagraph
from fpdf.enums import PDFResourceType, TextDirection
from fpdf.fonts import TTFFont

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
    for index, ch in enumerate(text):
        # a joiner or non-joiner (ZWJ, ZWNJ) belongs to the word it stands in, so it takes
        # the level before it (UAX #9, the note to rule X9), not the paragraph's
        if index and unicodedata.bidirectional(ch) == "BN":
            levels[index] = levels[index - 1]
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


@dataclass(frozen=True)
class _Glyph:
    """A shaped glyph: its code in the font subset, the text it stands for, its place in
    reading order, and its advance, offsets and width as the PDF font states it, in units
    of the font size."""

    code: int
    text: str
    rank: int
    advance: float
    x_offset: float
    y_offset: float
    width: float


def _glyph_texts(text: str, clusters: Sequence[int], *, rtl: bool) -> tuple[list[str], list[int]]:
    """The text each glyph stands for, and the glyphs' places in reading order.

    `clusters` are HarfBuzz's cluster values of the glyphs as drawn (left to right): the
    index of the first character each glyph comes from. A cluster's characters are shared
    among its glyphs in reading order (the reverse of drawing order in right-to-left text),
    one each and the rest to the first, so that read in that order they give the cluster's
    text: a letter with a shadda-fatha ligature on it gives the letter and the marks, a
    lam-alef ligature both letters. Should a cluster have more glyphs than characters, its
    canonical decomposition is shared instead (what is still missing stays without text).
    """
    starts = sorted(set(clusters))
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    members: dict[int, list[int]] = {}
    for index, cluster in enumerate(clusters):
        members.setdefault(cluster, []).append(index)
    texts = [""] * len(clusters)
    rank = [0] * len(clusters)
    place = 0
    for start in starts:
        reading = members[start][::-1] if rtl else members[start]
        chars = text[start : ends[start]]
        if len(chars) < len(reading):
            chars = unicodedata.normalize("NFD", chars)
        surplus = max(0, len(chars) - len(reading))
        pieces = [chars[: surplus + 1], *chars[surplus + 1 :]]
        pieces += [""] * (len(reading) - len(pieces))
        for index, piece in zip(reading, pieces, strict=True):
            texts[index] = piece
            rank[index] = place
            place += 1
    return texts, rank


def _read_back(units: Sequence[str], rtl: bool) -> tuple[str, bool]:
    """What pypdf reads from one text object whose glyphs stand for `units`, in the order
    drawn, if the last letter it read before was right-to-left (`rtl`); and whether the
    last letter is right-to-left after it.

    A right-to-left letter goes in front of what was read of its run, a left-to-right one
    behind; a neutral character, or a glyph standing for several characters, goes where
    the last letter's direction puts it."""
    done, run = "", ""
    for unit in units:
        kind = _kind(unit) if len(unit) == 1 else "N"
        if kind != "N" and (kind == "R") != rtl:
            rtl = kind == "R"
            done, run = done + run, ""
        run = unit + run if rtl else run + unit
    return done + run, rtl


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
        self._size = NORMAL.size
        self._shaped: dict[tuple[str, str, bool], tuple[_Glyph, ...]] = {}
        # what an extractor has read so far on the page: the direction of the last letter,
        # the last character, and where the last piece was drawn (left edge, baseline)
        self._read_rtl = False
        self._last_char = ""
        self._last: tuple[float, float] | None = None
        self.add_page()

    def add_page(self) -> None:
        self.pdf.add_page()
        self.y = self.margin
        self._read_rtl = False
        self._last_char = ""
        self._last = None

    # --- measuring and drawing lines ----------------------------------------------------
    def _use(self, style: Style) -> None:
        self.pdf.set_font(FONT, "B" if style.bold else "", style.size)
        self._size = style.size

    def _font(self) -> TTFFont:
        font = self.pdf.current_font
        assert isinstance(font, TTFFont)
        return font

    def _glyphs(self, text: str, level: int = 0) -> tuple[_Glyph, ...]:
        """The glyphs HarfBuzz makes of `text` in the current font, in the order they are
        drawn (left to right), each with the text it stands for (see _glyph_texts)."""
        font = self._font()
        rtl = bool(level % 2)
        key = (font.fontkey, text, rtl)
        if key not in self._shaped:
            direction = TextDirection.RTL if rtl else TextDirection.LTR
            infos, positions = font.perform_harfbuzz_shaping(
                text, self._size, {"features": {}, "fragment_direction": direction}
            )
            clusters = [int(info.cluster) for info in infos]
            texts, order = _glyph_texts(text, clusters, rtl=rtl)
            per_unit = font.scale / 1000  # font units in units of the font size
            glyphs = []
            for info, pos, unit, rank in zip(infos, positions, texts, order, strict=True):
                if not info.codepoint:  # not in the font: fpdf2 warns when it writes the PDF
                    font.missing_glyphs.extend(ord(ch) for ch in unit)
                    continue
                name = font.ttfont.getGlyphName(info.codepoint)
                width = round(font.scale * font.ttfont["hmtx"].metrics[name][0])
                glyph = font.subset.get_glyph(
                    glyph=info.codepoint,
                    unicode=tuple(ord(ch) for ch in unit),
                    glyph_name=name,
                    glyph_width=width,
                )
                code = font.subset.pick_glyph(glyph)
                if code is None:
                    continue
                glyphs.append(
                    _Glyph(
                        code=code,
                        text=unit,
                        rank=rank,
                        advance=pos.x_advance * per_unit,
                        x_offset=pos.x_offset * per_unit,
                        y_offset=pos.y_offset * per_unit,
                        width=width / 1000,
                    )
                )
            self._shaped[key] = tuple(glyphs)
        return self._shaped[key]

    def _width(self, text: str, level: int = 0) -> float:
        return sum(glyph.advance for glyph in self._glyphs(text, level)) * self._size

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

    def text_width(self, text: str, style: Style = NORMAL) -> float:
        """The width of `text` on one line in `style` (without breaking it)."""
        self._use(style)
        return self._line_width(text)

    def _line_width(self, line: str) -> float:
        base = self.base_direction(line)
        return sum(self._width(piece, level) for piece, level in _tokens(line, base))

    def draw_line(
        self, line: str, x: float, y: float, width: float, style: Style, *, align: str = ""
    ) -> None:
        """One line at (x, y top), aligned to the side its direction starts from (or
        centred with align="C"), in the current text colour."""
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
        baseline = y + 0.5 * style.size * style.leading + 0.3 * style.size
        font = self._font()
        self.pdf._resource_catalog.add(PDFResourceType.FONT, font.i, self.pdf.page)
        color = self.pdf.text_color
        self.pdf._out(f"q {color.serialize().lower() if color else '0 g'}")
        self._separate(baseline)  # from what was drawn before on this baseline
        for (piece, level), at in zip(tokens, positions, strict=True):
            if piece == " ":
                self._separate(baseline)
            else:
                self._show(piece, level, at, baseline)
        self.pdf._out("Q")

    def _show(self, piece: str, level: int, left: float, baseline: float) -> None:
        """A piece of one direction, written so that an extractor reads it as typed.

        pypdf reads a text object glyph by glyph in the order drawn and puts each
        right-to-left letter in front of what it has read of the run; neutral characters
        (digits of Arabic script, punctuation) and glyphs standing for several characters
        go in front or behind depending on the last letter read (_read_back). If the
        glyphs as drawn would read back out of order, each glyph becomes a text object of
        its own, written in reading order."""
        glyphs = self._glyphs(piece, level)
        if not glyphs:
            return
        pens, pen = [], left
        for glyph in glyphs:
            pens.append(pen)
            pen += glyph.advance * self._size
        placed = list(zip(glyphs, pens, strict=True))
        in_reading_order = sorted(placed, key=lambda item: item[0].rank)
        typed = "".join(glyph.text for glyph, _at in in_reading_order)
        read, rtl = _read_back([glyph.text for glyph in glyphs], self._read_rtl)
        if read == typed:
            self._text_object(placed, baseline)
        else:
            end = None
            for glyph, at in in_reading_order:
                end = self._text_object([(glyph, at)], baseline, after=end)
            rtl = _read_back([glyph.text for glyph, _at in in_reading_order], self._read_rtl)[1]
        self._read_rtl = rtl
        self._last = (left, baseline)
        self._last_char = typed[-1:] or self._last_char

    def _separate(self, baseline: float) -> None:
        """A space after what was drawn last on this baseline, unless one is there already.

        The space is not written where it shows: pypdf adds a space of its own where text
        goes on at least half a space to the right of where the last text ended, and a
        written one would double it. It is written just left of the last piece, where
        pypdf adds none, and the piece after it follows a space, so none is added there."""
        if self._last is None or abs(self._last[1] - baseline) > 0.01:
            return
        if self._last_char in ("", " "):
            return
        space = self._glyphs(" ")
        self._text_object([(space[0], self._last[0] - self._size)], baseline)
        self._last_char = " "

    def _text_object(
        self,
        placed: Sequence[tuple[_Glyph, float]],
        baseline: float,
        *,
        after: tuple[float, float] | None = None,
    ) -> tuple[float, float]:
        """One text object showing `placed` glyphs, each at its pen position, following
        text that ended at `after` (x, y); returns where its text ends.

        pypdf takes a move of the text position at least half a space to the right of
        where the last text ended for a space between words. A mark set to the right of
        the letter drawn before its base would read as one, so a longer move to the right
        goes in steps shorter than that (text positions without text draw nothing)."""
        font = self._font()
        size = self._size
        step = 0.8 * self._glyphs(" ")[0].width * size / 2
        ops = [f"BT /F{font.i} {size:.2f} Tf"]
        run = ""
        implied = after
        for n, (glyph, pen) in enumerate(placed):
            x = pen + glyph.x_offset * size
            y = self.pdf.h - baseline + glyph.y_offset * size
            moved = implied is None or abs(implied[0] - x) > 0.01 or abs(implied[1] - y) > 0.01
            if n == 0 or moved:
                if run:
                    ops.append(f"({font.escape_text(run)}) Tj")
                    run = ""
                if implied is not None:
                    at = implied[0]
                    while x - at > step:
                        at += step
                        ops.append(f"1 0 0 1 {at:.2f} {y:.2f} Tm")
                ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
            run += chr(glyph.code)
            implied = (x + glyph.width * size, y)
        if run:
            ops.append(f"({font.escape_text(run)}) Tj")
        ops.append("ET")
        self.pdf._out(" ".join(ops))
        assert implied is not None
        return implied

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
        repeat_header: bool = False,
    ) -> None:
        """Rows of wrapped cells; the first column on the right on a right-to-left page.

        ``repeat_header``: a table that goes on over a page break shows its header again on
        the new page (and the header never stands alone at the foot of a page)."""
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
            if repeat_header and not header and self.y + height > self.pdf.h - self.margin:
                self.add_page()
                row(headers, header_style, header=True)
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

        if repeat_header:  # the header and at least one row of wrapped cells together
            self.ensure(2 * (header_style.size + style.size) * style.leading + 4 * pad)
        row(headers, header_style, header=True)
        for cells in rows:
            row(cells, style, header=False)
        self.y += 6

    def footers(self, text: Callable[[int, int], str], style: Style = SMALL) -> None:
        """A line below the bottom margin of every page, ``text(page, pages)``: drawn when
        the document is complete and the number of pages known; marked as an artifact
        (page furniture that a screen reader skips)."""
        pdf = self.pdf
        pages = pdf.page
        for number in range(1, pages + 1):
            pdf.page = number
            self._read_rtl, self._last_char, self._last = False, "", None
            pdf._out("/Artifact BMC")
            y = pdf.h - self.margin + mm(4)
            self.draw_line(text(number, pages), self.margin, y, self.width, style)
            pdf._out("EMC")
        pdf.page = pages

    def output(self) -> bytes:
        return bytes(self.pdf.output())
