"""Reference data endpoints (ninja reads the annotations at runtime: no __future__ import)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kausa.core.api_params import BoundedLimitOffsetPagination, ErrorOut
from kausa.reference import selectors
from kausa.reference.occupation_names import (
    base_language,
    occupation_description,
    occupation_label,
)

router = Router(tags=["reference"])


class PostalCodeOut(Schema):
    plz: str = Field(..., alias="code")
    place: str
    places: list[str]
    state: str
    state_code: str
    district: str = Field(..., alias="district_name")
    district_ags: str
    lat: float
    lon: float

    @staticmethod
    def resolve_places(obj: object) -> list[str]:
        return [p for p in getattr(obj, "places", "").split("|") if p]


SITE_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def answer_language(request: HttpRequest) -> str:
    """The language asked for by ?lang=, else by Accept-Language (as the locale middleware
    read it), else German; always one of the site's languages."""
    for asked in (request.GET.get("lang", ""), get_language() or ""):
        code = base_language(asked[:8]) if asked else ""
        if code in SITE_LANGUAGES:
            return code
    return "de"


def _request(context: Any) -> HttpRequest:
    return context["request"]


class OccupationOut(Schema):
    id: int
    name: str = Field(..., description="official German name")
    short_name: str = Field(..., description="German short name")
    duration_months: int
    chamber: str
    sector: str
    kldb_code: str = Field(..., alias="kldb_id")
    kldb_title: str = Field(..., alias="kldb.short_title")
    is_common: bool
    language: str = Field("de", description="language of local_name and of the answer")
    local_name: str = Field(
        "", description="the name in the language asked for (German short name for de)"
    )
    description: str = Field("", description="plain-language description ('' if none)")
    description_language: str = Field(
        "", description="language of the description: the one asked for, else de"
    )

    @staticmethod
    def resolve_language(obj: object, context: Any) -> str:
        return answer_language(_request(context))

    @staticmethod
    def resolve_local_name(obj: object, context: Any) -> str:
        return occupation_label(obj, answer_language(_request(context)))

    @staticmethod
    def resolve_description(obj: object, context: Any) -> str:
        return occupation_description(obj, answer_language(_request(context)))[0]

    @staticmethod
    def resolve_description_language(obj: object, context: Any) -> str:
        return occupation_description(obj, answer_language(_request(context)))[1]


class OccupationFilter(Schema):
    q: str = Field(
        "", max_length=100, description="part of the name, in German or any site language"
    )
    lang: str = Field(
        "",
        max_length=8,
        description="language of local_name and description: "
        + ", ".join(SITE_LANGUAGES)
        + " (else Accept-Language, else de)",
    )


class OccupationGroupOut(Schema):
    key: str
    name: str
    language: str
    kldb_codes: list[str] = Field(
        ..., description="covers the occupations whose KldB code starts with one of these"
    )


class OccupationGroupFilter(Schema):
    lang: str = Field("", max_length=8, description="language of the names (else Accept-Language)")


@router.get(
    "/postal-codes/{plz}",
    response={200: PostalCodeOut, 404: ErrorOut, 422: ErrorOut},
    summary="A German postal code with place, state, district and centre",
)
def postal_code(request: HttpRequest, plz: str) -> Status:
    if not (len(plz) == 5 and plz.isascii() and plz.isdigit()):
        return Status(422, {"detail": f"{plz!r} is not a German postal code: it must be 5 digits."})
    found = selectors.postal_code_get(plz)
    if found is None:
        return Status(404, {"detail": f"Postal code {plz} does not exist."})
    return Status(200, found)


@router.get(
    "/occupations",
    response=list[OccupationOut],
    summary="Recognised training occupations with their names in the language asked for, "
    "searchable in every language",
)
@paginate(BoundedLimitOffsetPagination)
def occupations(request: HttpRequest, filters: Query[OccupationFilter]) -> object:
    return selectors.occupation_search(filters.q)


@router.get(
    "/occupation-groups",
    response=list[OccupationGroupOut],
    summary="Fields of work young people choose interests by (e.g. for the JOBWALK planner)",
)
def occupation_groups(request: HttpRequest, filters: Query[OccupationGroupFilter]) -> object:
    language = answer_language(request)
    return [
        {
            "key": group.key,
            "name": group.names.get(language) or group.names.get("de", group.key),
            "language": language if group.names.get(language) else "de",
            "kldb_codes": group.kldb_prefixes,
        }
        for group in selectors.occupation_groups()
    ]
