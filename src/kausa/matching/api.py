"""API endpoints of matching (ninja reads annotations at runtime: no __future__ import).

Public offers are public data: company name, place, occupation, requirements. No contact
person and nothing about young people appears here.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status

from kausa.companies.models import Offer
from kausa.matching import selectors
from kausa.matching.engine import Match
from kausa.matching.reasons import reasons_out

router = Router(tags=["matching"])


class ErrorOut(Schema):
    detail: str


class OfferSearchIn(Schema):
    plz: str = Field("", max_length=10, description="postal code of the starting point")
    lat: float | None = Field(None, description="latitude (with lon, instead of plz)")
    lon: float | None = Field(None, description="longitude (with lat, instead of plz)")
    radius_km: float = Field(25.0, description="search radius in km, more than 0, at most 100")
    occupation: int | None = Field(None, description="occupation id (see /api/v1/occupations)")
    q: str = Field("", max_length=100, description="part of an occupation's name")
    german_level: str = Field("", max_length=4, description="none, A1 … C2")
    certificate: str = Field("", max_length=24, description="school certificate (see docs)")
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


def offer_public_dict(offer: Offer) -> dict[str, Any]:
    company = offer.company
    return {
        "id": offer.pk,
        "url": reverse("matching:offer_detail", args=[offer.pk]),
        "occupation": {
            "id": offer.occupation_id,
            "name": offer.occupation.name,
            "short_name": offer.occupation.short_name,
            "kldb_code": offer.occupation.kldb_id,
        },
        "company": {
            "name": company.name,
            "street": company.street,
            "postal_code": company.postal_code_id,
            "city": company.city or company.postal_code.place,
            "lat": company.lat if company.lat is not None else company.postal_code.lat,
            "lon": company.lon if company.lon is not None else company.postal_code.lon,
            "website": company.website,
            "migrant_led": company.migrant_led,
        },
        "start_date": offer.start_date,
        "free_places": offer.free_places,
        "required_german": offer.required_german,
        "required_certificate": offer.required_certificate,
        "description": offer.description,
        "source": offer.source,
        "external_id": offer.external_id if offer.source != "kausa" else "",
    }


def hit_dict(offer: Offer, match: Match) -> dict[str, Any]:
    return offer_public_dict(offer) | {
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
def offer_search(request: HttpRequest, filters: Query[OfferSearchIn]) -> Status:
    try:
        origin = selectors.origin_for(plz=filters.plz, lat=filters.lat, lon=filters.lon)
        result = selectors.offer_search(
            origin=origin,
            radius_km=filters.radius_km,
            occupation_id=filters.occupation,
            query=filters.q,
            german_level=filters.german_level,
            certificate=filters.certificate,
            limit=filters.limit,
            offset=filters.offset,
        )
    except selectors.SearchError as error:
        return Status(422, {"detail": str(error)})
    return Status(
        200,
        {
            "origin": vars(result.origin),
            "count": result.count,
            "limit": filters.limit,
            "offset": filters.offset,
            "results": [hit_dict(hit.offer, hit.match) for hit in result.hits],
            "language": get_language(),
        },
    )


@router.get(
    "/offers/{offer_id}",
    response={200: OfferOut, 404: ErrorOut},
    summary="One open apprenticeship offer (public data)",
    url_name="offer_get",
)
def offer_get(request: HttpRequest, offer_id: int) -> Status:
    return Status(200, offer_public_dict(selectors.public_offer_get(offer_id)))
