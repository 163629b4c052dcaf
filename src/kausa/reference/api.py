"""Reference data endpoints (ninja reads the annotations at runtime: no __future__ import)."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kausa.core.api_params import BoundedLimitOffsetPagination, ErrorOut
from kausa.reference import selectors

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


class OccupationOut(Schema):
    id: int
    name: str
    short_name: str
    duration_months: int
    chamber: str
    sector: str
    kldb_code: str = Field(..., alias="kldb_id")
    kldb_title: str = Field(..., alias="kldb.short_title")
    is_common: bool


class OccupationFilter(Schema):
    q: str = Field("", max_length=100, description="part of the official or short name")


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
    summary="Recognised training occupations, searchable by name",
)
@paginate(BoundedLimitOffsetPagination)
def occupations(request: HttpRequest, filters: Query[OccupationFilter]) -> object:
    return selectors.occupation_search(filters.q)
