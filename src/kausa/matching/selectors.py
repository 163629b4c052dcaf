"""Reads of matching: public offer search, offers for a person, candidates for an offer."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from kausa.accounts.tenancy import access_for, scope_personal_data
from kausa.companies.models import Offer
from kausa.matching import engine, mismatch
from kausa.matching.index import offer_index, public_cache
from kausa.matching.models import AdvisorRequest, MismatchReport
from kausa.matching.rows import offer_row, person_rows
from kausa.people.models import YoungPerson
from kausa.people.selectors import young_person_get
from kausa.reference.models import Occupation, PostalCode
from kausa.reference.selectors import occupation_search_keys, postal_code_nearest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

MAX_RADIUS_KM = 100.0
MAX_RESULTS = 500  # offset + limit
SORTS = engine.ORDERS  # "score" (best fit, the default), "distance", "start"


class SearchError(ValueError):
    """A search parameter that cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class Origin:
    lat: float
    lon: float
    label: str


@dataclass
class OfferHit:
    offer: Offer
    match: engine.Match


# Staff search hits carry Offer instances, public ones the offers' public data (PublicHit).
Hit = TypeVar("Hit", "OfferHit", "PublicHit")


@dataclass
class SearchResult(Generic[Hit]):
    origin: Origin
    count: int
    hits: list[Hit] = field(default_factory=list)


_ORIGINS: dict[str, Origin] = {}


def _postal_origin(plz: str) -> Origin | None:
    """Postal-code centres are reference data (~8,300 rows): read all at once on first use
    and kept per process; a code missing there is looked up (and kept) on its own."""
    if not _ORIGINS:
        for code, lat, lon, place in PostalCode.objects.values_list("code", "lat", "lon", "place"):
            _ORIGINS[code] = Origin(lat, lon, f"{code} {place}")
    origin = _ORIGINS.get(plz)
    if origin is None:
        found = PostalCode.objects.filter(code=plz).values_list("lat", "lon", "place").first()
        if found is None:
            return None
        origin = _ORIGINS[plz] = Origin(found[0], found[1], f"{plz} {found[2]}")
    return origin


def postal_code_known(plz: str) -> bool:
    """Whether a 5-digit code is a German postal code (from the kept table: no query)."""
    return _postal_origin(plz) is not None


def origin_for(*, plz: str = "", lat: float | None = None, lon: float | None = None) -> Origin:
    plz = (plz or "").strip()
    if plz:
        if not (len(plz) == 5 and plz.isascii() and plz.isdigit()):
            raise SearchError(f"{plz!r} is not a German postal code: it must be 5 digits.")
        origin = _postal_origin(plz)
        if origin is None:
            raise SearchError(f"Postal code {plz} does not exist.")
        return origin
    if lat is None or lon is None:
        raise SearchError("Give a postal code (plz) or both lat and lon.")
    if not (47.0 <= lat <= 55.2 and 5.5 <= lon <= 15.5):
        raise SearchError("lat/lon must lie in Germany (lat 47–55.2, lon 5.5–15.5).")
    return Origin(lat, lon, _place_near(lat, lon))


def _place_near(lat: float, lon: float) -> str:
    """A place people recognise for a location: the nearest postal code and its place
    ("10115 Berlin"), never the coordinates."""
    nearest = postal_code_nearest(lat, lon)
    return f"{nearest.code} {nearest.place}" if nearest else gettext("your location")


def occupation_get(occupation_id: int) -> Occupation:
    found = Occupation.objects.filter(pk=occupation_id).first()
    if found is None:
        raise SearchError(f"Occupation {occupation_id} does not exist (see /api/v1/occupations).")
    return found


def _interest(occupation: Occupation) -> tuple[int, int]:
    return occupation.pk, int(occupation.kldb_id)


def _hits(matches: list[engine.Match]) -> list[OfferHit]:
    offers = Offer.objects.select_related("company", "company__postal_code", "occupation").in_bulk(
        [m.offer_id for m in matches]
    )
    # an offer deleted since the index was built is left out
    return [OfferHit(offers[m.offer_id], m) for m in matches if m.offer_id in offers]


def offer_public_dict(offer: Offer) -> dict[str, Any]:
    """An offer's public data (no contact person, nothing about young people)."""
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


@dataclass
class PublicHit:
    offer: dict[str, Any]
    match: engine.Match


PUBLIC_FIELDS = (
    "id",
    "occupation_id",
    "occupation__name",
    "occupation__short_name",
    "occupation__kldb_id",
    "company__name",
    "company__street",
    "company__postal_code_id",
    "company__city",
    "company__postal_code__place",
    "company__lat",
    "company__lon",
    "company__postal_code__lat",
    "company__postal_code__lon",
    "company__website",
    "company__migrant_led",
    "start_date",
    "places",
    "places_filled",
    "required_german",
    "required_certificate",
    "description",
    "source",
    "external_id",
)


def _public_dict_of_values(v: tuple[Any, ...], url: str) -> dict[str, Any]:
    """offer_public_dict from one values_list row (no model instances: cheaper)."""
    (oid, occ_id, occ_name, occ_short, kldb, name, street, plz, city, place, lat, lon,
     plz_lat, plz_lon, website, migrant_led, start, places, filled, german, cert,
     description, source, external_id) = v  # fmt: skip
    return {
        "id": oid,
        "url": url.replace("999999999", str(oid)),
        "occupation": {"id": occ_id, "name": occ_name, "short_name": occ_short, "kldb_code": kldb},
        "company": {
            "name": name,
            "street": street,
            "postal_code": plz,
            "city": city or place,
            "lat": lat if lat is not None else plz_lat,
            "lon": lon if lon is not None else plz_lon,
            "website": website,
            "migrant_led": migrant_led,
        },
        "start_date": start,
        "free_places": max(0, places - filled),
        "required_german": german,
        "required_certificate": cert,
        "description": description,
        "source": source,
        "external_id": external_id if source != "kausa" else "",
    }


_PUBLIC_SQL: dict[str, str] = {}
PUBLIC_BATCH = 100


def _public_rows(ids: list[int]) -> list[tuple[Any, ...]]:
    """values_list(*PUBLIC_FIELDS) rows of these offers. The SQL is compiled by the ORM once
    per process (for PUBLIC_BATCH ids, padded with -1) and then run directly: compiling a
    four-join query cost about as much as running it."""
    from django.db import connection

    sql = _PUBLIC_SQL.get(connection.vendor)
    if sql is None:
        query = Offer.objects.filter(pk__in=list(range(-PUBLIC_BATCH, 0))).values_list(
            *PUBLIC_FIELDS
        )
        sql, _ = query.query.sql_with_params()
        sql = _PUBLIC_SQL[connection.vendor] = sql
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for lo in range(0, len(ids), PUBLIC_BATCH):
            chunk = ids[lo : lo + PUBLIC_BATCH]
            cursor.execute(sql, chunk + [-1] * (PUBLIC_BATCH - len(chunk)))
            for row in cursor.fetchall():
                row = list(row)
                # raw values: SQLite gives dates as text and booleans as 0/1
                if isinstance(row[16], str):
                    row[16] = dt.date.fromisoformat(row[16])
                row[15] = bool(row[15])
                rows.append(tuple(row))
    return rows


def _public_hits(matches: list[engine.Match]) -> list[PublicHit]:
    # the cache holds the language-neutral data; the URL carries the language prefix
    cache = public_cache()
    missing = [m.offer_id for m in matches if m.offer_id not in cache]
    if missing:
        url = reverse("matching:offer_detail", args=[999999999])
        for values in _public_rows(missing):
            cache[values[0]] = _public_dict_of_values(values, url)
    url = reverse("matching:offer_detail", args=[999999999])
    hits = []
    for m in matches:
        offer = cache.get(m.offer_id)
        if offer is not None:  # an offer deleted since the index was built is left out
            hits.append(PublicHit(offer | {"url": url.replace("999999999", str(m.offer_id))}, m))
    return hits


@overload
def offer_search(
    *,
    public: Literal[True],
    origin: Origin,
    radius_km: float = ...,
    occupation_id: int | None = ...,
    query: str = ...,
    german_level: str = ...,
    certificate: str = ...,
    start_from: dt.date | None = ...,
    start_until: dt.date | None = ...,
    sort: str = ...,
    limit: int = ...,
    offset: int = ...,
) -> SearchResult[PublicHit]: ...


@overload
def offer_search(
    *,
    public: Literal[False] = ...,
    origin: Origin,
    radius_km: float = ...,
    occupation_id: int | None = ...,
    query: str = ...,
    german_level: str = ...,
    certificate: str = ...,
    start_from: dt.date | None = ...,
    start_until: dt.date | None = ...,
    sort: str = ...,
    limit: int = ...,
    offset: int = ...,
) -> SearchResult[OfferHit]: ...


def offer_search(
    *,
    public: bool = False,
    origin: Origin,
    radius_km: float = 25.0,
    occupation_id: int | None = None,
    query: str = "",
    german_level: str = "",
    certificate: str = "",
    start_from: dt.date | None = None,
    start_until: dt.date | None = None,
    sort: str = "score",
    limit: int = 20,
    offset: int = 0,
) -> SearchResult[OfferHit] | SearchResult[PublicHit]:
    """Public search: open offers near a place, best first (``sort``: SORTS; the whole
    radius is ordered, so every page is a slice of one list), optionally only those
    starting between ``start_from`` and ``start_until``. Raises SearchError.
    ``public``: hits carry the offers' public data as dicts (see offer_public_dict), read
    through a per-process cache that lives as long as the offer index version."""
    if sort not in SORTS:
        raise SearchError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}.")
    seeker = search_seeker(
        origin=origin,
        radius_km=radius_km,
        occupation_id=occupation_id,
        query=query,
        german_level=german_level,
        certificate=certificate,
        start_from=start_from,
        start_until=start_until,
    )
    if seeker is None:
        return SearchResult(origin, 0)
    index = offer_index()
    k = min(offset + limit, MAX_RESULTS)
    matches, count = index.rank_count(seeker, k=k, order=sort)
    if public:
        return SearchResult(origin, count, _public_hits(matches[offset:]))
    return SearchResult(origin, count, _hits(matches[offset:]))


def search_seeker(
    *,
    origin: Origin,
    radius_km: float = 25.0,
    occupation_id: int | None = None,
    query: str = "",
    german_level: str = "",
    certificate: str = "",
    start_from: dt.date | None = None,
    start_until: dt.date | None = None,
) -> engine.Seeker | None:
    """The engine's seeker for a public search (also a saved one: kausa.alerts); None when
    the occupation asked for matches no occupation, so nothing can be found. Raises
    SearchError."""
    if start_from and start_until and start_from > start_until:
        raise SearchError(
            f"start_from ({start_from.isoformat()}) must not be later than start_until "
            f"({start_until.isoformat()})."
        )
    if not (0 < radius_km <= MAX_RADIUS_KM):
        raise SearchError(f"radius_km must be more than 0 and at most {MAX_RADIUS_KM:g} km.")
    if german_level and german_level not in engine.GERMAN_RANK:
        raise SearchError(f"Unknown German level {german_level!r}.")
    if certificate and certificate not in engine.PERSON_CERT_RANK:
        raise SearchError(f"Unknown school certificate {certificate!r}.")
    interests: tuple[tuple[int, int], ...] = ()
    only: frozenset[int] | None = None
    if occupation_id is not None:
        occupation = occupation_get(occupation_id)
        interests, only = (_interest(occupation),), frozenset({occupation.pk})
    elif query.strip():
        matching = occupation_search_keys(query, 50)  # (id, KldB), kept per process
        only = frozenset(pk for pk, _ in matching)
        interests = matching[: engine.MAX_INTERESTS]
    seeker = engine.Seeker(
        lat=origin.lat,
        lon=origin.lon,
        available_from=timezone.localdate().toordinal(),
        radius_km=radius_km,
        interests=interests,
        german_rank=engine.GERMAN_RANK.get(german_level, engine.UNKNOWN),
        cert_rank=engine.PERSON_CERT_RANK.get(certificate, engine.UNKNOWN),
        only_occupations=only,
        start_from=start_from.toordinal() if start_from else None,
        start_until=start_until.toordinal() if start_until else None,
    )
    return None if only is not None and not only else seeker


def public_offer_get(pk: int) -> Offer:
    """An open offer for the public (public data: no contact person)."""
    if not 0 < pk < 2**62:
        raise Http404
    try:
        return Offer.objects.select_related("company", "company__postal_code", "occupation").get(
            pk=pk, status=Offer.Status.OPEN
        )
    except Offer.DoesNotExist:
        raise Http404 from None


# --- staff side ---------------------------------------------------------------------------


def _seeker_for_person(person: YoungPerson, radius_km: float) -> engine.Seeker | None:
    if person.postal_code is None:
        return None
    interests = tuple(_interest(o) for o in person.occupations_of_interest.all().order_by("pk"))[
        : engine.MAX_INTERESTS
    ]
    return engine.Seeker(
        lat=person.postal_code.lat,
        lon=person.postal_code.lon,
        available_from=timezone.localdate().toordinal(),
        radius_km=radius_km,
        interests=interests,
        german_rank=engine.GERMAN_RANK.get(person.german_level, engine.UNKNOWN),
        cert_rank=engine.PERSON_CERT_RANK.get(person.certificate, engine.UNKNOWN),
    )


def offers_for_person(
    *, user: User | AnonymousUser, pk: int, radius_km: float = 30.0, k: int = 20
) -> tuple[YoungPerson, list[OfferHit] | None]:
    """The person (404 outside the user's offices) and the top offers (None: no postal code)."""
    person = young_person_get(user=user, pk=pk)
    seeker = _seeker_for_person(person, radius_km)
    if seeker is None:
        return person, None
    return person, _hits(offer_index().rank(seeker, k=k))


def offer_for_staff(*, user: User | AnonymousUser, pk: int) -> Offer:
    """An open (public) offer or any offer of the user's offices."""
    visible = Q(status=Offer.Status.OPEN) | Q(pk__in=scope_personal_data(Offer.objects.all(), user))
    try:
        return (
            Offer.objects.filter(visible)
            .select_related("company", "company__postal_code", "occupation", "organisation")
            .get(pk=pk)
        )
    except Offer.DoesNotExist:
        raise Http404 from None


@dataclass
class CandidateHit:
    person: YoungPerson
    match: engine.Match


def people_near(
    people: QuerySet[YoungPerson], *, lat: float, lon: float, radius_km: float
) -> QuerySet[YoungPerson]:
    """The people whose postal code lies in a box around the point that holds the whole
    circle of ``radius_km`` (a little more): the database finds them through the postal
    code (its index), so no office is read in full. The exact radius is the engine's."""
    dlat = math.degrees(radius_km / engine.EARTH_RADIUS_KM) * 1.01 + 1e-6
    dlon = dlat / max(0.01, math.cos(math.radians(min(89.0, abs(lat) + dlat))))
    box = PostalCode.objects.filter(
        lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon)
    ).values("pk")
    return people.filter(postal_code__in=box)


def candidates_for_offer(
    *, user: User | AnonymousUser, pk: int, radius_km: float = 50.0, k: int = 20
) -> tuple[Offer, list[CandidateHit]]:
    """Young people of the user's own offices only, best first, for one offer. Only the
    people near the offer are read (people_near); the ranking is the same as over all."""
    offer = offer_for_staff(user=user, pk=pk)
    row = offer_row(offer)
    people = people_near(
        scope_personal_data(YoungPerson.objects.all(), user).order_by(),
        lat=row[1],
        lon=row[2],
        radius_km=radius_km,
    )
    arrays = engine.PersonArrays.from_rows(person_rows(people))
    offer_arrays = engine.OfferArrays.from_rows([row]).row(0)
    matches = engine.rank_people(arrays, offer_arrays, radius_km=radius_km, k=k)
    by_id = YoungPerson.objects.select_related("postal_code").in_bulk(
        [int(arrays.ids[m.row]) for m in matches]
    )
    return offer, [CandidateHit(by_id[int(arrays.ids[m.row])], m) for m in matches]


def user_can_match(user: User | AnonymousUser) -> bool:
    access = access_for(user)
    return bool(access.personal_data_orgs) or access.is_superuser


def occupation_names() -> list[str]:
    """Every occupation's short name, for the search box's suggestions."""
    return list(Occupation.objects.order_by("short_name").values_list("short_name", flat=True))


def advisor_requests(*, user: User | AnonymousUser, limit: int = 200) -> QuerySet[AdvisorRequest]:
    """The newest requests for an advisor's call, of the offices the user advises in."""
    return (
        scope_personal_data(AdvisorRequest.objects.all(), user)
        .select_related("offer__occupation", "offer__company", "organisation")
        .order_by("-created_at")[:limit]
    )


def user_sees_figures(user: User | AnonymousUser) -> bool:
    """Whether the user may see figures (mismatch analysis) of at least one office."""
    access = access_for(user)
    return bool(access.figure_orgs) or access.is_superuser


# --- mismatch analysis (figures only) -----------------------------------------------------
# computed by a task (kausa.matching.tasks), read here as stored

MismatchFigures = mismatch.MismatchFigures
MismatchRow = mismatch.MismatchRow
small_count = mismatch.small_count


def mismatch_scope(user: User | AnonymousUser) -> mismatch.MismatchScope:
    """The offices whose figures the user may see, counted together."""
    access = access_for(user)
    return mismatch.scope_of(access.figure_orgs, all_offices=access.is_superuser)


def mismatch_report(*, user: User | AnonymousUser, radius_km: int) -> MismatchReport | None:
    """The stored analysis of the user's scope at this distance (None: never requested)."""
    scope = mismatch_scope(user)
    return MismatchReport.objects.filter(scope_key=scope.key, radius_km=radius_km).first()


def mismatch_report_figures(report: MismatchReport | None) -> MismatchFigures | None:
    """The figures of the last finished computation (None: none finished yet)."""
    if report is None or report.computed_at is None or not report.figures:
        return None
    return mismatch.figures_from_json(report.figures)
