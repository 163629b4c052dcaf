"""A tour as GeoJSON, GPX (for other GPS apps) and a printable PDF handout."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import gpxpy
import gpxpy.gpx
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from kausa.core.pdf import has_rtl, pdf_text, register_fonts
from kausa.jobwalk.models import Station, Tour, pick_language

ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"
_KNOWN = {code for code, _name in settings.LANGUAGES}


def _stations(tour: Tour) -> list[Station]:
    return sorted(tour.stations.all(), key=lambda s: s.position)


def _located(stations: list[Station]) -> list[tuple[Station, float, float]]:
    """Stations whose company has coordinates (they can be removed after the tour was made)."""
    return [
        (s, s.company.lat, s.company.lon)
        for s in stations
        if s.company.lat is not None and s.company.lon is not None
    ]


def station_data(station: Station, language: str | None = None) -> dict[str, Any]:
    content = station.localized(language)
    company = station.company
    return {
        "id": station.pk,
        "position": station.position,
        "name": company.name,
        "street": company.street,
        "sector": company.sector,
        "lat": company.lat,
        "lon": company.lon,
        "radius_m": station.radius_m,
        "learn": content.get("learn", ""),
        "question": content.get("question", ""),
        "answers": content.get("answers", []),
    }


def tour_geojson(tour: Tour, language: str | None = None) -> dict[str, Any]:
    """Route as a LineString, start and stations as Points ([lon, lat] as GeoJSON wants)."""
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [[lon, lat] for lat, lon in tour.geometry],
            },
            "properties": {"kind": "route", "length_m": round(tour.length_m)},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [tour.start_lon, tour.start_lat]},
            "properties": {"kind": "start", "name": tour.start_label},
        },
    ]
    for station in _stations(tour):
        data = station_data(station, language)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [data.pop("lon"), data.pop("lat")]},
                "properties": {"kind": "station", **data},
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {
            "id": tour.pk,
            "title": tour.title,
            "text": tour.text,
            "city": tour.city_name,
            "length_m": round(tour.length_m),
            "walk_minutes": round(tour.walk_minutes),
            "total_minutes": tour.total_minutes,
            "dwell_minutes": tour.dwell_minutes,
            "pace_kmh": tour.pace_kmh,
            "return_to_start": tour.return_to_start,
            "distance_model": tour.distance_model,
            "attribution": ATTRIBUTION,
        },
    }


def tour_gpx(tour: Tour) -> str:
    gpx = gpxpy.gpx.GPX()
    gpx.creator = "Kausa JOBWALK"
    gpx.name = tour.title
    gpx.description = f"{tour.text} {ATTRIBUTION}".strip()
    track = gpxpy.gpx.GPXTrack(name=tour.title)
    segment = gpxpy.gpx.GPXTrackSegment()
    segment.points.extend(gpxpy.gpx.GPXTrackPoint(lat, lon) for lat, lon in tour.geometry)
    track.segments.append(segment)
    gpx.tracks.append(track)
    gpx.waypoints.append(
        gpxpy.gpx.GPXWaypoint(tour.start_lat, tour.start_lon, name=tour.start_label or "Start")
    )
    for station, lat, lon in _located(_stations(tour)):
        gpx.waypoints.append(
            gpxpy.gpx.GPXWaypoint(
                lat,
                lon,
                name=f"{station.position}. {station.company.name}",
                description=station.company.street,
            )
        )
    return gpx.to_xml()


# --- PDF handout -----------------------------------------------------------------------------
def wrap_rtl(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Right-to-left text as lines that fit `width`, each shaped and in display order.

    Lines are broken in reading order first and reordered one by one afterwards (reordering a
    whole paragraph and letting reportlab wrap it would start with the paragraph's end).
    """
    import arabic_reshaper

    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and measure(arabic_reshaper.reshape(candidate)) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return [pdf_text(line) for line in lines]


def _paragraph_maker(rtl: bool, width: float) -> Any:
    """Paragraph(text, style) for the page direction: right-to-left text is shaped, wrapped
    and reordered here (ReportLab does neither), one visual line per line break."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    def make(text: str, style: Any, *, width: float = width) -> Any:
        text = str(text or "")
        if not rtl and not has_rtl(text):
            return Paragraph(escape(text), style)
        lines = wrap_rtl(
            text, width - 2, lambda line: stringWidth(line, style.fontName, style.fontSize)
        )
        right = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        return Paragraph("<br/>".join(escape(line) for line in lines), right)

    return make


def tour_pdf(tour: Tour, language: str | None = None) -> bytes:
    """An A4 handout: a drawing of the route and stations, the station list and what one
    learns at each station, in `language` (Arabic and Persian right to left)."""
    from reportlab.graphics.shapes import Circle, Drawing, PolyLine, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    font, bold = register_fonts()
    language = (language or translation.get_language() or "de").split("-")[0]
    rtl = translation.get_language_info(language)["bidi"] if language in _KNOWN else False
    stations = _stations(tour)
    points = [(lat, lon) for lat, lon in tour.geometry] or [(tour.start_lat, tour.start_lon)]
    located = _located(stations)
    points += [(lat, lon) for _station, lat, lon in located]
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    width, height = 155 * mm, 110 * mm
    span_lat = max(max(lats) - min(lats), 1e-4)
    span_lon = max(max(lons) - min(lons), 1e-4) * 0.65  # metres per degree of longitude here
    scale = min((width - 20) / span_lon, (height - 20) / span_lat)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            10 + (lon - min(lons)) * 0.65 * scale,
            10 + (lat - min(lats)) * scale,
        )

    drawing = Drawing(width, height)
    line: list[float] = []
    for lat, lon in tour.geometry:
        line.extend(xy(lat, lon))
    if len(line) >= 4:
        drawing.add(PolyLine(line, strokeColor=colors.HexColor("#0b5cad"), strokeWidth=2))
    sx, sy = xy(tour.start_lat, tour.start_lon)
    drawing.add(Circle(sx, sy, 5, fillColor=colors.HexColor("#1a7f37"), strokeColor=colors.white))
    for station, lat, lon in located:
        x, y = xy(lat, lon)
        drawing.add(Circle(x, y, 7, fillColor=colors.HexColor("#b3261e"), strokeColor=colors.white))
        drawing.add(
            String(
                x,
                y - 3,
                str(station.position),
                fontName=font,
                fontSize=8,
                fillColor=colors.white,
                textAnchor="middle",
            )
        )
    base = getSampleStyleSheet()
    styles = {
        name: ParagraphStyle(f"jobwalk-{name}", parent=base[parent], fontName=face, **extra)
        for name, parent, face, extra in (
            ("title", "Title", bold, {"leading": 24}),
            ("normal", "Normal", font, {"leading": 14}),
            ("small", "Normal", font, {"fontSize": 8, "leading": 10}),
            ("heading", "Heading3", bold, {}),
        )
    }
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=tour.title, author="Kausa")
    para = _paragraph_maker(rtl, doc.width)
    with translation.override(language):
        texts = pick_language(tour.texts, language)
        summary = _(
            "%(km).1f km · about %(min)d minutes with %(n)d stations · start: %(start)s"
        ) % {
            "km": tour.length_m / 1000,
            "min": tour.total_minutes,
            "n": len(stations),
            "start": tour.start_label or "–",
        }
        headers = ["#", _("Company"), _("Address"), _("Check-in code")]
        learn_heading = _("What you learn at the stations")
    story: list[Any] = [
        para(str(texts.get("title") or tour.title), styles["title"]),
        para(str(texts.get("text") or ""), styles["normal"]),
        Spacer(1, 4 * mm),
        para(summary, styles["normal"]),
        Spacer(1, 4 * mm),
        drawing,
        para(ATTRIBUTION, styles["small"]),
        Spacer(1, 6 * mm),
    ]
    widths = [10 * mm, 65 * mm, 55 * mm, 28 * mm]
    rows = [[para(h, styles["small"], width=w) for h, w in zip(headers, widths, strict=True)]]
    for s in stations:
        cells = [str(s.position), s.company.name, s.company.street, s.code]
        rows.append(
            [para(c, styles["normal"], width=w) for c, w in zip(cells, widths, strict=True)]
        )
    if rtl:  # the first column on the right
        rows = [row[::-1] for row in rows]
        widths = widths[::-1]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    learned = [(s, s.localized(language).get("learn", "")) for s in stations]
    if any(text for _s, text in learned):
        story += [Spacer(1, 6 * mm), para(learn_heading, styles["heading"])]
        for station, text in learned:
            if text:
                story.append(para(f"{station.position}. {station.company.name}", styles["heading"]))
                story.append(para(text, styles["normal"]))
    doc.build(story)
    return buffer.getvalue()
