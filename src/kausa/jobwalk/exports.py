"""A tour as GeoJSON, GPX (for other GPS apps) and a printable PDF handout."""

from __future__ import annotations

from typing import Any

import gpxpy
import gpxpy.gpx
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from kausa.core.pdf import HEADING, NORMAL, SMALL, TITLE, Document, Style, mm
from kausa.jobwalk.models import PlannedStop, PlannedTour, Station, Tour, pick_language

# a published tour of an office, or one made with the public planner (no codes, no texts)
AnyTour = Tour | PlannedTour
AnyStation = Station | PlannedStop

ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"
_KNOWN = {code for code, _name in settings.LANGUAGES}


def stations_of(tour: AnyTour) -> list[AnyStation]:
    return sorted(tour.stations.all(), key=lambda s: s.position)


def tour_key(tour: AnyTour) -> int | str:
    """What the phone page keeps a walk's progress under (planned tours by their link)."""
    return f"planned-{tour.token}" if isinstance(tour, PlannedTour) else tour.pk


def _located(stations: list[AnyStation]) -> list[tuple[AnyStation, float, float]]:
    """Stations whose company has coordinates (they can be removed after the tour was made)."""
    return [
        (s, s.company.lat, s.company.lon)
        for s in stations
        if s.company.lat is not None and s.company.lon is not None
    ]


def station_data(station: AnyStation, language: str | None = None) -> dict[str, Any]:
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


def tour_geojson(tour: AnyTour, language: str | None = None) -> dict[str, Any]:
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
    for station in stations_of(tour):
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
            "id": tour_key(tour),
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


def tour_gpx(tour: AnyTour) -> str:
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
    for station, lat, lon in _located(stations_of(tour)):
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
_TINY = Style(size=8, leading=1.0, tag="Span")


def _route_drawing(
    doc: Document, tour: AnyTour, located: list[tuple[AnyStation, float, float]]
) -> None:
    """The route and the numbered stations, scaled into a box of the page's width."""
    points = [(lat, lon) for lat, lon in tour.geometry] or [(tour.start_lat, tour.start_lon)]
    points += [(lat, lon) for _station, lat, lon in located]
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    width, height = mm(155), mm(110)
    span_lat = max(max(lats) - min(lats), 1e-4)
    span_lon = max(max(lons) - min(lons), 1e-4) * 0.65  # metres per degree of longitude here
    scale = min((width - 20) / span_lon, (height - 20) / span_lat)
    doc.ensure(height)
    left, bottom = doc.margin + (doc.width - width) / 2, doc.y + height

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            left + 10 + (lon - min(lons)) * 0.65 * scale,
            bottom - 10 - (lat - min(lats)) * scale,
        )

    pdf = doc.pdf
    line = [xy(lat, lon) for lat, lon in tour.geometry]
    if len(line) >= 2:
        pdf.set_draw_color(11, 92, 173)
        pdf.set_line_width(2)
        pdf.polyline(line)
    pdf.set_draw_color(255)
    pdf.set_line_width(1)
    sx, sy = xy(tour.start_lat, tour.start_lon)
    pdf.set_fill_color(26, 127, 55)
    pdf.circle(sx, sy, 5, style="FD")
    pdf.set_fill_color(179, 38, 30)
    for _station, lat, lon in located:
        x, y = xy(lat, lon)
        pdf.circle(x, y, 7, style="FD")
    pdf.set_text_color(255)
    for station, lat, lon in located:
        x, y = xy(lat, lon)
        with doc.tagged("Span"):
            doc.draw_line(str(station.position), x - 7, y - 4.5, 14, _TINY, align="C")
    pdf.set_text_color(0)
    doc.y = bottom + 2


def tour_pdf(
    tour: AnyTour, language: str | None = None, *, staff_copy: bool = False, link: str = ""
) -> bytes:
    """An A4 handout: a drawing of the route and stations, the station list and what one
    learns at each station, in `language` (Arabic and Persian right to left).

    The public handout never prints check-in codes (a code proves one stood at the
    station); the office's staff copy (``staff_copy``) has a column with them. ``link``:
    the page to open on a phone (printed under the summary)."""
    language = (language or translation.get_language() or "de").split("-")[0]
    if language not in _KNOWN:
        language = "de"
    stations = stations_of(tour)
    with translation.override(language):
        texts = pick_language(tour.texts, language)
        title = str(texts.get("title") or tour.title)
        summary = _(
            "%(km).1f km · about %(min)d minutes with %(n)d stations · start: %(start)s"
        ) % {
            "km": tour.length_m / 1000,
            "min": tour.total_minutes,
            "n": len(stations),
            "start": tour.start_label or "–",
        }
        headers = ["#", _("Company"), _("Address")]
        if staff_copy:
            headers.append(_("Check-in code"))
            title = f"{title} · {_('Staff copy: with check-in codes, do not hand out')}"
        learn_heading = _("What you learn at the stations")
        link_text = _("On your phone: %(link)s") % {"link": link} if link else ""
    doc = Document(title=title, language=language)
    doc.paragraph(title, TITLE, after=6)
    doc.paragraph(str(texts.get("text") or ""), NORMAL)
    doc.space(mm(2))
    doc.paragraph(summary, NORMAL)
    if link_text:
        doc.paragraph(link_text, NORMAL)
    doc.space(mm(2))
    _route_drawing(doc, tour, _located(stations))
    doc.paragraph(ATTRIBUTION, SMALL)
    doc.space(mm(4))
    rows: list[list[str]] = [[str(s.position), s.company.name, s.company.street] for s in stations]
    widths = [mm(10), mm(80), mm(70)]
    if staff_copy:
        for row, station in zip(rows, stations, strict=True):
            row.append(station.code if isinstance(station, Station) else "–")
        widths = [mm(10), mm(70), mm(55), mm(25)]
    doc.table(headers, rows, widths)
    learned = [(s, s.localized(language).get("learn", "")) for s in stations]
    if any(text for _s, text in learned):
        doc.space(mm(4))
        doc.paragraph(learn_heading, HEADING)
        for station, text in learned:
            if text:
                doc.paragraph(f"{station.position}. {station.company.name}", HEADING, after=2)
                doc.paragraph(text, NORMAL)
    return doc.output()
