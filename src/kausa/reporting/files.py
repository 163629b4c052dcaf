"""The figures report as files: an XLSX with a sheet per level, an A4 PDF, a CSV per table.

Files leave the office, so they are made from reports with ``published=True`` (the viewer's
own small counts are hidden too); every level's report comes from the same suppressed cube,
so the sheets agree with one another and with the page. A hidden cell is the mark ``•`` as
text, every other count a number; no cell is a formula (text that a spreadsheet would run is
stored as text with the quote prefix, as ``kausa.core.exports`` does for every file).

The PDF draws its charts with fpdf2's lines and rectangles and writes their words through
``kausa.core.pdf`` (shaped, right to left where needed, readable by text extractors): fpdf2's
SVG text would neither shape Arabic nor use the embedded font.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kausa.core import exports
from kausa.core.pdf import HEADING, NORMAL, SMALL, TITLE, Document, Style, mm
from kausa.reporting.breakdowns import Table
from kausa.reporting.charts import BAR, GRID, MUTED, TARGET, _nice_max
from kausa.reporting.indicators import INDICATORS, NOT_COUNTED
from kausa.reporting.selectors import HIDDEN, Cell, Report, figures_reports

if TYPE_CHECKING:
    from kausa.accounts.models import User

PDF_TYPE = "application/pdf"
TABLES = ("indicators", "targets", "quarters")  # ?table= of the CSV
MAX_OFFICE_SHEETS = 12  # more offices than this: no sheet per office (the groups' sheets stay)
PDF_COLUMNS = 6  # value columns per table on an A4 page; more go on in a table below

Header = list[str]
Rows = list[list[exports.Value]]


# --- what every file says ------------------------------------------------------------------
def level_name(report: Report) -> str:
    """The office, the Landesstelle with its Servicestellen, or "all offices"."""
    if report.level == "group":
        group = next(g for g in report.groups if g.head.pk == report.unit)
        return _("%(name)s with its Servicestellen") % {"name": group.head.name}
    if report.level == "office":
        return report.main_label
    return _("all offices")


def period_text(report: Report) -> str:
    period = report.period
    first, last = (date_format(d, "SHORT_DATE_FORMAT") for d in (period.start, period.end))
    return f"{period.label} ({first} – {last})"


def made_text(today: dt.date) -> str:
    return _("Computed on %(when)s.") % {"when": date_format(today, "DATE_FORMAT")}


def file_name(report: Report, table: str = "indicators") -> str:
    kind = "" if table == "indicators" else f"-{table}"
    return f"kausa-figures{kind}-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}"


def _change(change: int | None) -> str:
    return "–" if change is None else f"{change:+d}" if change else "0"


# --- the tables, as rows of typed values (CSV, XLSX, PDF) ----------------------------------
def indicator_table(report: Report) -> tuple[Header, Rows]:
    header = [
        _("Indicator"),
        _("Broken down by"),
        *[label for _column, label in report.columns],
        _("previous period (%(period)s)") % {"period": report.previous.label},
        _("change"),
    ]
    rows: Rows = [
        [
            str(line.indicator.label),
            line.label if line.is_part else "",
            *[cell.typed for cell in line.cells],
            line.previous.typed,
            line.change,
        ]
        for line in report.lines
    ]
    return header, rows


def target_table(report: Report) -> tuple[Header, Rows]:
    header = [_("Indicator"), _("result"), _("target"), f"{_('reached')} (%)", _("at this pace")]
    rows: Rows = [
        [str(t.indicator.label), t.result.typed, t.target, t.share, t.projection]
        for t in report.targets
    ]
    return header, rows


def quarter_table(report: Report) -> tuple[Header, Rows]:
    header = [_("Indicator"), "Q1", "Q2", "Q3", "Q4"]
    rows: Rows = [
        [str(s.indicator.label), *[cell.typed for cell in s.quarters]] for s in report.series
    ]
    return header, rows


def csv_table(report: Report, table: str, *, legend: str) -> tuple[Header, Rows]:
    """One table of the page as a CSV's header and rows, with the period and the legend
    at the foot (the indicators with their definitions, as the page lists them)."""
    if table == "indicators":
        header, rows = indicator_table(report)
        header.append(_("definition"))
        for row, line in zip(rows, report.lines, strict=True):
            row.append("" if line.is_part else str(line.indicator.definition))
    elif table == "targets":
        header, rows = target_table(report)
    else:
        header, rows = quarter_table(report)
    rows.append([_("Level"), level_name(report)])
    rows.append([_("Period"), report.period.label])
    rows.append([HIDDEN, legend])
    return header, rows


# --- the levels of the XLSX ----------------------------------------------------------------
def sheet_reports(*, user: User, report: Report) -> list[Report]:
    """The report asked for first, then every level the user can see for its period: all
    offices, each Landesstelle with its Servicestellen, and each office (if there are no
    more than ``MAX_OFFICE_SHEETS``)."""
    levels: list[tuple[str, int | None]] = [(report.level, report.unit)]
    if len(report.offices) > 1:
        levels.append(("all", None))
    levels += [("group", g.head.pk) for g in report.groups if len(g.offices) > 1]
    if len(report.offices) <= MAX_OFFICE_SHEETS:
        levels += [("office", o.pk) for o in report.offices]
    wanted = [lu for lu in dict.fromkeys(levels[1:]) if lu != (report.level, report.unit)]
    others = (
        figures_reports(user=user, period=report.period, levels=wanted, published=True)
        if wanted
        else []
    )
    return [report, *others]


# --- XLSX ----------------------------------------------------------------------------------
def sheet_title(name: str, taken: set[str]) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, no apostrophe at
    either end, not "History", and unlike every title ``taken`` (ignoring case)."""
    cleaned = "".join(" " if ch in "[]:*?/\\" or ord(ch) < 32 else ch for ch in name)
    cleaned = " ".join(cleaned.split()).strip("'").strip() or "Kausa"
    title, number = cleaned[:31].strip(), 2
    while title.casefold() in taken or title.casefold() == "history":
        suffix = f" ({number})"
        title = cleaned[: 31 - len(suffix)].strip() + suffix
        number += 1
    taken.add(title.casefold())
    return title


class _Sheet:
    """A write-only sheet whose cells are typed and never formulas."""

    def __init__(self, book: Workbook, title: str, widths: Sequence[float]) -> None:
        self.sheet: WriteOnlyWorksheet = book.create_sheet(title)
        for number, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(number)].width = width

    def cell(
        self, value: exports.Value, *, bold: bool = False, number_format: str = ""
    ) -> WriteOnlyCell:
        if isinstance(value, str):
            cell = WriteOnlyCell(self.sheet, value=None)
            cell.value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
            cell.data_type = "s"  # never "f", whatever the text starts with
            if exports.is_dangerous(value):
                cell.quotePrefix = True
        else:
            cell = WriteOnlyCell(self.sheet, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD.MM.YYYY"
        if value == HIDDEN:
            cell.alignment = Alignment(horizontal="right")
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
        return cell

    def append(self, values: Sequence[exports.Value], *, bold: bool = False) -> None:
        self.sheet.append([self.cell(v, bold=bold) for v in values])

    def head(self, lines: Sequence[Sequence[exports.Value]]) -> None:
        """The block above a table: a bold first line, then label and value lines."""
        for n, line in enumerate(lines):
            self.append(line, bold=n == 0)
        self.append([])


def _header_lines(report: Report, *, legend: str, today: dt.date) -> list[list[exports.Value]]:
    return [
        [_("Figures %(period)s") % {"period": report.period.label}],
        [_("Level"), level_name(report)],
        [_("Period"), report.period.label, report.period.start, report.period.end],
        [made_text(today)],
        [HIDDEN, legend],
        [_("Files leave your office: in them, small counts of your own offices are hidden too.")],
    ]


def figures_xlsx(reports: Sequence[Report], *, legend: str, today: dt.date) -> bytes:
    """A sheet per report (level), then the targets, the quarters and the definitions."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for report in reports:
        header, rows = indicator_table(report)
        title = sheet_title(capfirst(level_name(report)), taken)
        sheet = _Sheet(book, title, [42, 24] + [max(12, min(len(h) + 2, 40)) for h in header[2:]])
        lines = _header_lines(report, legend=legend, today=today)
        # a write-only sheet writes its view first: the panes are frozen before any row
        sheet.sheet.freeze_panes = f"C{len(lines) + 3}"  # the block, a blank row, the header
        sheet.head(lines)
        sheet.append(header, bold=True)
        for row in rows:
            sheet.append(row)
    first = reports[0]
    _level_tables(
        book,
        sheet_title(_("Targets %(year)s") % {"year": first.period.year}, taken),
        [r for r in reports if r.targets],
        target_table,
    )
    _level_tables(
        book,
        sheet_title(_("By quarter, %(year)s") % {"year": first.period.year}, taken),
        [r for r in reports if r.series],
        quarter_table,
    )
    for name, tables in (
        (_("Breakdowns"), first.all_breakdowns),
        (_("ESF+ common indicators"), first.esf),
    ):
        if tables:
            _breakdown_sheet(book, sheet_title(name, taken), first, tables, legend)
    _definitions(book, sheet_title(_("What each figure counts"), taken))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _level_tables(
    book: Workbook,
    title: str,
    reports: Sequence[Report],
    table: Callable[[Report], tuple[Header, Rows]],
) -> None:
    """One sheet with the table of every level, the level's name in the first column."""
    if not reports:
        return
    header, _rows = table(reports[0])
    sheet = _Sheet(book, title, [36, 42] + [14] * (len(header) - 1))
    sheet.sheet.freeze_panes = "C2"
    sheet.append([_("Level"), *header], bold=True)
    for report in reports:
        name = level_name(report)
        for row in table(report)[1]:
            sheet.append([name, *row])


def _breakdown_sheet(
    book: Workbook, title: str, report: Report, tables: Sequence[Table], legend: str
) -> None:
    """Each table below the other: its title, the level's columns, a row per category."""
    labels = [label for _column, label in report.columns]
    sheet = _Sheet(book, title, [46] + [max(12, min(len(h) + 2, 40)) for h in labels])
    sheet.append([level_name(report), report.period.label], bold=True)
    sheet.append([HIDDEN, legend])
    for table in tables:
        sheet.append([])
        sheet.append([table.title], bold=True)
        sheet.append([_("Category"), *labels], bold=True)
        for label, values in table.rows:
            sheet.append([label, *[HIDDEN if v is None else v for v in values]])
        if table.total:
            sheet.append([_("total"), *[HIDDEN if v is None else v for v in table.total]])


def _definitions(book: Workbook, title: str) -> None:
    sheet = _Sheet(book, title, [42, 100])
    sheet.append([_("Indicator"), _("definition")], bold=True)
    for indicator in INDICATORS:
        sheet.append([str(indicator.label), str(indicator.definition)])
    sheet.append([])
    sheet.append([_("Not counted yet")], bold=True)
    for label, why in NOT_COUNTED:
        sheet.append([str(label), str(why)])


# --- PDF -----------------------------------------------------------------------------------
CELL = Style(size=8)
CELL_HEAD = Style(size=8, bold=True)
CHART_TITLE = Style(size=9, bold=True)
CHART_TEXT = Style(size=7.5)
CELL_PADDING = 6.0  # what Document.table leaves free in a cell (3 pt either side)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def figures_pdf(
    report: Report, *, legend: str, charted: Sequence[str], language: str, today: dt.date
) -> bytes:
    """An A4 PDF of the report in the active language: title, level, period, date made,
    the indicators, the results against the targets, the quarters (``charted`` indicators)
    and what each figure counts; the legend of the hidden mark; page numbers."""
    name = level_name(report)
    title = _("Figures %(period)s") % {"period": report.period.label}
    doc = Document(title=f"{title} · {name}", language=language)
    doc.paragraph(title, TITLE, after=2)
    doc.paragraph(name, HEADING, after=4)
    doc.paragraph(f"{_('Period')}: {period_text(report)}", NORMAL, after=0)
    doc.paragraph(made_text(today), NORMAL, after=4)
    doc.paragraph(
        _("Files leave your office: in them, small counts of your own offices are hidden too."),
        SMALL,
    )
    doc.paragraph(f"{HIDDEN} = {legend}", SMALL, after=8)
    _pdf_indicators(doc, report)
    if report.targets:
        _pdf_targets(doc, report)
    series = [s for s in report.series if s.indicator.key in charted]
    if series:
        doc.space(mm(4))
        heading = _("By quarter, %(year)s") % {"year": report.period.year}
        doc.paragraph(f"{heading} · {name}", HEADING)
        _pdf_quarter_charts(doc, [(str(s.indicator.label), s.quarters) for s in series])
    _pdf_definitions(doc)
    doc.footers(
        lambda page, pages: (
            f"Kausa · {name} · {report.period.label} · "
            + _("Page %(n)s of %(total)s") % {"n": page, "total": pages}
        )
    )
    return doc.output()


def _pdf_indicators(doc: Document, report: Report) -> None:
    heading = _("Indicators for %(period)s, compared with %(previous)s") % {
        "period": report.period.label,
        "previous": report.previous.label,
    }
    doc.paragraph(heading, HEADING)
    header = [
        _("Indicator"),
        *[label for _column, label in report.columns],
        _("previous period (%(period)s)") % {"period": report.previous.label},
        _("change"),
    ]
    rows = [
        [
            f"– {line.label}" if line.is_part else capfirst(line.label),
            *[str(cell) for cell in line.cells],
            str(line.previous),
            _change(line.change),
        ]
        for line in report.lines
    ]
    values = len(header) - 1
    tables = -(-values // PDF_COLUMNS)
    per_table = -(-values // tables)  # as even as may be: 14 columns are 5 + 5 + 4
    first = mm(58)
    width = (doc.width - first) / max(per_table, 4)
    for start in range(1, values + 1, per_table):
        picked = [0, *range(start, min(start + per_table, values + 1))]
        head = [header[i] for i in picked]
        doc.table(
            head,
            [[row[i] for i in picked] for row in rows],
            [first] + [width] * (len(picked) - 1),
            style=CELL,
            header_style=_fitting(doc, head[1:], width - CELL_PADDING, CELL_HEAD),
            repeat_header=True,
        )


def _fitting(doc: Document, texts: Sequence[str], width: float, style: Style) -> Style:
    """``style``, smaller if a word of ``texts`` (an office's name) would not fit ``width``:
    lines break between words only."""
    widest = max((doc.text_width(w, style) for t in texts for w in t.split()), default=0)
    if widest <= width:
        return style
    return Style(size=max(5.5, style.size * width / widest), bold=style.bold, tag=style.tag)


def _pdf_targets(doc: Document, report: Report) -> None:
    year = report.period.year
    doc.space(mm(4))
    doc.ensure(mm(60))
    heading = _("Targets %(year)s") % {"year": year}
    doc.paragraph(f"{heading} · {level_name(report)}", HEADING)
    if 0 < report.year_elapsed < 1:
        doc.paragraph(
            _(
                "The year so far against the year's targets; “at this pace” is the result so "
                "far divided by the share of the year passed (%(share)s)."
            )
            % {"share": number_format(report.year_elapsed, 2)},
            SMALL,
        )
    else:
        doc.paragraph(_("The year's result against the year's targets."), SMALL)
    rows = []
    for t in report.targets:
        pace = "–"
        if t.projection is not None:
            pace = f"{t.projection} ({_('on track') if t.on_pace else _('behind')})"
        share = "–" if t.share is None else f"{t.share} %"
        rows.append([capfirst(str(t.indicator.label)), str(t.result), str(t.target), share, pace])
    doc.table(
        [_("Indicator"), _("result"), _("target"), _("reached"), _("at this pace")],
        rows,
        [mm(66), mm(22), mm(22), mm(22), mm(38)],
        style=CELL,
        header_style=CELL_HEAD,
        repeat_header=True,
    )
    _pdf_target_chart(doc, report)
    doc.paragraph(
        _(
            "Filled bar: result so far; dashed outline: at this pace; vertical mark: the "
            "target (100 %)."
        ),
        SMALL,
    )


def _label(doc: Document, text: str, x: float, y: float, width: float, style: Style) -> None:
    with doc.tagged("Span"):
        doc.draw_line(text, x, y, width, style, align="C")


def _pdf_target_chart(doc: Document, report: Report) -> None:
    """The same drawing as charts.target_chart: per indicator the result (filled), where
    the year is heading (dashed) and the target (a vertical mark at 100 %)."""
    pdf, row_h = doc.pdf, 30.0
    rows = report.targets
    scale_w = doc.width - mm(22)
    peak = max([1.5] + [min(1.5, (r.projection or 0) / r.target) for r in rows if r.target])
    for t in rows:
        doc.ensure(row_h)
        top = doc.y
        with doc.tagged("Span"):
            doc.draw_line(capfirst(str(t.indicator.label)), doc.margin, top, scale_w, CHART_TEXT)
        bar_y, x0 = top + 13, doc.margin
        if t.target and t.projection:
            pdf.set_draw_color(*_rgb(BAR))
            pdf.set_line_width(0.8)
            pdf.set_dash_pattern(dash=3, gap=2)
            pdf.rect(x0, bar_y, scale_w * min(t.projection / t.target, peak) / peak, 10)
            pdf.set_dash_pattern()
        if t.result.hidden:
            _label(doc, HIDDEN, x0, bar_y - 1, 12, CHART_TEXT)
        elif t.target:
            pdf.set_fill_color(*_rgb(BAR))
            width = scale_w * min(t.result.value / t.target, peak) / peak
            if width > 0:
                pdf.rect(x0, bar_y, width, 10, style="F")
        pdf.set_draw_color(*_rgb(TARGET))
        pdf.set_line_width(2)
        mark = x0 + scale_w / peak
        pdf.line(mark, bar_y - 3, mark, bar_y + 13)
        share = HIDDEN if t.result.hidden else "–" if t.share is None else f"{t.share} %"
        _label(doc, share, x0 + scale_w, bar_y - 1, mm(22), CHART_TEXT)
        doc.y = top + row_h
    pdf.set_line_width(0.5)
    pdf.set_draw_color(0)
    doc.space(4)


def _pdf_quarter_charts(
    doc: Document, charts: Sequence[tuple[str, Sequence[Cell]]], *, per_row: int = 2
) -> None:
    gap = mm(8)
    width = (doc.width - gap * (per_row - 1)) / per_row
    height = mm(48)
    for start in range(0, len(charts), per_row):
        doc.ensure(height)
        for n, (title, quarters) in enumerate(charts[start : start + per_row]):
            x = doc.margin + n * (width + gap)
            if doc.rtl:  # the first chart of a row on the right, as the page reads
                x = doc.margin + doc.width - width - n * (width + gap)
            _pdf_column_chart(doc, x, doc.y, width, height, title, quarters)
        doc.y += height + mm(3)


def _pdf_column_chart(
    doc: Document,
    x: float,
    top: float,
    width: float,
    height: float,
    title: str,
    quarters: Sequence[Cell],
) -> None:
    """The same drawing as charts.column_chart: one bar per quarter, its count above it,
    the hidden mark where a count is hidden."""
    pdf = doc.pdf
    with doc.tagged("Span"):
        doc.draw_line(capfirst(title), x, top, width, CHART_TITLE)
    left, plot_top, plot_bottom = x + 24, top + 26, top + height - 14
    plot_h = plot_bottom - plot_top
    peak = _nice_max(max((0 if c.hidden else c.value for c in quarters), default=0))
    pdf.set_text_color(*_rgb(MUTED))
    pdf.set_draw_color(*_rgb(GRID))
    pdf.set_line_width(0.5)
    for tick in (0, peak // 2, peak):
        y = plot_bottom - plot_h * tick / peak
        pdf.line(left, y, x + width, y)
        _label(doc, str(tick), x, y - 6, 20, CHART_TEXT)
    slot = (x + width - left) / max(len(quarters), 1)
    pdf.set_fill_color(*_rgb(BAR))
    for q, cell in enumerate(quarters):
        bar_x = left + q * slot + slot * 0.18
        bar_w = slot * 0.64
        pdf.set_text_color(*_rgb(MUTED))
        _label(doc, f"Q{q + 1}", bar_x, plot_bottom + 2, bar_w, CHART_TEXT)
        if cell.hidden:
            _label(doc, HIDDEN, bar_x, plot_bottom - 12, bar_w, CHART_TEXT)
            continue
        bar_h = plot_h * cell.value / peak
        if bar_h > 0:
            pdf.rect(bar_x, plot_bottom - bar_h, bar_w, bar_h, style="F")
        pdf.set_text_color(0)
        _label(doc, str(cell.value), bar_x, plot_bottom - bar_h - 11, bar_w, CHART_TEXT)
    pdf.set_text_color(0)
    pdf.set_draw_color(0)


def _pdf_definitions(doc: Document) -> None:
    doc.space(mm(4))
    doc.ensure(mm(30))
    doc.paragraph(_("What each figure counts"), HEADING)
    label = Style(size=9, bold=True, leading=1.3)
    for indicator in INDICATORS:
        doc.ensure(mm(12))
        doc.paragraph(capfirst(str(indicator.label)), label, after=0)
        doc.paragraph(str(indicator.definition), Style(size=9), after=4)
    doc.paragraph(_("Not counted yet"), Style(size=10, bold=True, tag="H3"), after=2)
    for name, why in NOT_COUNTED:
        doc.paragraph(f"{capfirst(str(name))}: {why}", Style(size=9), after=2)


# --- the response --------------------------------------------------------------------------
def download(name: str, body: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # a file that leaves: no cache keeps it
    return response
