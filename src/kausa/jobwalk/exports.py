"""A tour as GeoJSON, GPX (for other GPS apps) and a printable PDF handout."""

from __future__ import annotations

import io
from typing import Any

import gpxpy
import gpxpy.gpx
from django.utils.translation import gettext as _

from kausa.jobwalk.models import Station, Tour

ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"


def _stations(tour: Tour) -> list[Station]:
    return sorted(tour.stations.all(), key=lambda s: s.position)


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
    for station in _stations(tour):
        gpx.waypoints.append(
            gpxpy.gpx.GPXWaypoint(
                station.company.lat,
                station.company.lon,
                name=f"{station.position}. {station.company.name}",
                description=station.company.street,
            )
        )
    return gpx.to_xml()


# --- PDF handout -----------------------------------------------------------------------------
def tour_pdf(tour: Tour) -> bytes:
    """An A4 handout: a drawing of the route and stations, then the station list."""
    from reportlab.graphics.shapes import Circle, Drawing, PolyLine, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    stations = _stations(tour)
    points = [(lat, lon) for lat, lon in tour.geometry] or [(tour.start_lat, tour.start_lon)]
    points += [(s.company.lat, s.company.lon) for s in stations]
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    width, height = 170 * mm, 120 * mm
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
    for station in stations:
        x, y = xy(station.company.lat, station.company.lon)
        drawing.add(Circle(x, y, 7, fillColor=colors.HexColor("#b3261e"), strokeColor=colors.white))
        drawing.add(
            String(
                x,
                y - 3,
                str(station.position),
                fontSize=8,
                fillColor=colors.white,
                textAnchor="middle",
            )
        )
    styles = getSampleStyleSheet()
    minutes = tour.total_minutes
    story: list[Any] = [
        Paragraph(tour.title, styles["Title"]),
        Paragraph(tour.text, styles["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph(
            _("%(km).1f km · about %(min)d minutes with %(n)d stations · start: %(start)s")
            % {
                "km": tour.length_m / 1000,
                "min": minutes,
                "n": len(stations),
                "start": tour.start_label or "–",
            },
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        drawing,
        Paragraph(ATTRIBUTION, styles["Italic"]),
        Spacer(1, 6 * mm),
    ]
    rows = [["#", _("Company"), _("Address"), _("Check-in code")]]
    rows += [[str(s.position), s.company.name, s.company.street, s.code] for s in stations]
    table = Table(rows, colWidths=[10 * mm, 70 * mm, 60 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=tour.title, author="Kausa").build(story)
    return buffer.getvalue()
