"""API endpoints of matching (ninja reads annotations at runtime: no __future__ import).

Public offers are public data: company name, place, occupation, requirements. No contact
person and nothing about young people appears here.
"""

import datetime as dt
import json
from typing import Any, Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from kausa.core.api_params import ErrorOut, PkInt
from kausa.core.links import absolute_url
from kausa.matching import selectors
from kausa.matching.engine import Match
from kausa.matching.reasons import reasons_out

router = Router(tags=["matching"])


class OfferSearchIn(Schema):
    plz: str = Field("", max_length=10, description="postal code of the starting point")
    lat: float | None = Field(None, description="latitude (with lon, instead of plz)")
    lon: float | None = Field(None, description="longitude (with lat, instead of plz)")
    radius_km: float = Field(25.0, description="search radius in km, more than 0, at most 100")
    occupation: PkInt | None = Field(None, description="occupation id (see /api/v1/occupations)")
    q: str = Field("", max_length=100, description="part of an occupation's name")
    german_level: str = Field("", max_length=4, description="none, A1 … C2")
    certificate: str = Field("", max_length=24, description="school certificate (see docs)")
    sort: Literal["score", "distance", "start"] = Field(
        "score",
        description="order: score (best fit first, the default), distance (nearest first) "
        "or start (earliest start first); ties by score",
    )
    start_from: dt.date | None = Field(
        None, description="only offers starting on or after this date (YYYY-MM-DD)"
    )
    start_until: dt.date | None = Field(
        None, description="only offers starting on or before this date (YYYY-MM-DD)"
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=400)


class ReasonOut(Schema):
    code: str
    params: dict[str, Any]
    text: str
    notice: bool


class OccupationRefOut(Schema):
    id: int
    name: str
    short_name: str
    kldb_code: str


class CompanyPublicOut(Schema):
    name: str
    street: str
    postal_code: str
    city: str
    lat: float | None
    lon: float | None
    website: str
    migrant_led: bool


class OfferOut(Schema):
    id: int
    url: str
    occupation: OccupationRefOut
    company: CompanyPublicOut
    start_date: dt.date
    free_places: int
    required_german: str
    required_certificate: str
    description: str
    source: str
    external_id: str


class OfferHitOut(OfferOut):
    distance_km: float
    score: float
    parts: dict[str, float]
    reasons: list[ReasonOut]


class OriginOut(Schema):
    lat: float
    lon: float
    label: str


class OfferSearchOut(Schema):
    origin: OriginOut
    count: int
    limit: int
    offset: int
    results: list[OfferHitOut]


def hit_dict(offer: dict[str, Any], match: Match) -> dict[str, Any]:
    return offer | {
        "url": absolute_url(offer["url"]),
        "distance_km": match.distance_km,
        "score": round(match.score, 4),
        "parts": {name: round(value, 4) for name, value in match.parts.items()},
        "reasons": reasons_out(match.reasons),
    }


@router.get(
    "/offers",
    response={200: OfferSearchOut, 422: ErrorOut},
    summary="Open apprenticeship offers near a place, ranked and explained",
    url_name="offer_search",
)
def offer_search(request: HttpRequest, filters: Query[OfferSearchIn]) -> Any:
    try:
        origin = selectors.origin_for(plz=filters.plz, lat=filters.lat, lon=filters.lon)
        result = selectors.offer_search(
            origin=origin,
            radius_km=filters.radius_km,
            occupation_id=filters.occupation,
            query=filters.q,
            german_level=filters.german_level,
            certificate=filters.certificate,
            start_from=filters.start_from,
            start_until=filters.start_until,
            sort=filters.sort,
            limit=filters.limit,
            offset=filters.offset,
            public=True,
        )
    except selectors.SearchError as error:
        return Status(422, {"detail": str(error)})
    body = {
        "origin": vars(result.origin),
        "count": result.count,
        "limit": filters.limit,
        "offset": filters.offset,
        "results": [hit_dict(hit.offer, hit.match) for hit in result.hits],
    }
    # The body is built from plain values in the shape of OfferSearchOut (see the tests),
    # so it is written as JSON directly: validating ~20 nested models per request cost
    # more than ranking a million offers.
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )


@router.get(
    "/offers/{offer_id}",
    response={200: OfferOut, 404: ErrorOut},
    summary="One open apprenticeship offer (public data)",
    url_name="offer_get",
)
def offer_get(request: HttpRequest, offer_id: PkInt) -> Status:
    offer = selectors.offer_public_dict(selectors.public_offer_get(offer_id))
    return Status(200, offer | {"url": absolute_url(offer["url"])})
