"""API endpoints of network (ninja reads annotations at runtime: no __future__ import).

Read-only: the public company directory (consent applied), success stories, toolkit materials.
"""

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status

from kausa.core.api_params import ErrorOut, PkInt
from kausa.core.links import absolute_reverse
from kausa.network import selectors
from kausa.network.models import Activity, Material
from kausa.network.text import render_markdown

router = Router(tags=["network"])

MAX_LIMIT = 200


class CompanyOut(Schema):
    id: int
    name: str
    network: str
    city: str
    sector: str
    languages: list[str]
    trains: bool
    lat: float | None
    lon: float | None
    portrait: str
    portrait_language: str
    website: str
    url: str


class NetworkOfferOut(Schema):
    occupation: str
    start_date: dt.date
    free_places: int


class CompanyDetailOut(CompanyOut):
    occupations: list[str]
    open_offers: list[NetworkOfferOut]
    awards: list[str]


class DirectoryIn(Schema):
    sector: str = Field("", max_length=60)
    language: str = Field("", max_length=8)
    city: str = Field("", max_length=120)
    trains: str = Field("", pattern="^(yes|no)?$", description="yes, no or empty")
    network: str = Field("", max_length=60)
    lang: str = Field("", max_length=8, description="language of the portrait (fallback German)")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=100_000)


def _lang(value: str) -> str:
    return value or (get_language() or "de").split("-")[0]


def _company(profile, language: str) -> dict:
    portrait = selectors.pick_language(list(profile.portraits.all()), language)
    company = profile.company
    return {
        "id": profile.pk,
        "name": company.name,
        "network": profile.network.name,
        "city": company.city,
        "sector": profile.sector,
        "languages": [lang.code for lang in profile.languages.all()],
        "trains": bool(profile.has_open_offers or company.training_status == "training"),
        "lat": company.lat,
        "lon": company.lon,
        "portrait": portrait.text if portrait else "",
        "portrait_language": portrait.language if portrait else "",
        "website": profile.website,
        "url": absolute_reverse("network:profile", profile.pk),
    }


@router.get("/network/companies", response=list[CompanyOut], url_name="network_company_list")
def company_list(request: HttpRequest, filters: Query[DirectoryIn]):
    """Companies of the networks that agreed to be shown (consent withdrawn = gone)."""
    qs = selectors.public_profiles(
        selectors.DirectoryFilter(
            sector=filters.sector,
            language=filters.language,
            city=filters.city,
            trains=filters.trains,
            network=filters.network,
        )
    )
    language = _lang(filters.lang)
    return [_company(p, language) for p in qs[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/network/companies/{profile_id}",
    response={200: CompanyDetailOut, 404: ErrorOut},
    url_name="network_company_detail",
)
def company_detail(request: HttpRequest, profile_id: PkInt, lang: str = ""):
    try:
        profile = selectors.public_profile_get(pk=profile_id)
    except Http404:
        return Status(404, {"detail": "No public network company with this id."})
    data = _company(profile, _lang(lang[:8]))
    data["occupations"] = [o.short_name for o in profile.occupations.all()]
    data["open_offers"] = [
        {
            "occupation": o.occupation.short_name,
            "start_date": o.start_date,
            "free_places": o.free_places,
        }
        for o in selectors.profile_open_offers(profile)[:100]
    ]
    data["awards"] = [
        f"{n.edition.award.name} {n.edition.year}: {n.category.name}"
        for n in selectors.profile_awards(profile)
    ]
    return data


class StoryOut(Schema):
    id: int
    title: str
    teaser: str
    language: str
    state: str
    office: str
    activities: list[str]
    published_at: dt.datetime | None
    url: str


class StoryDetailOut(StoryOut):
    body_html: str
    images: list[dict[str, str]]


class StoryFilterIn(Schema):
    state: str = Field("", max_length=2)
    activity: str = Field("", description="one of: " + ", ".join(Activity.values))
    office: str = Field("", max_length=60, description="office short name (slug)")
    lang: str = Field("", max_length=8)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=100_000)


def _story(story, language: str) -> dict:
    text = selectors.story_translation(story, language)
    return {
        "id": story.pk,
        "title": text.title if text else "",
        "teaser": text.teaser if text else "",
        "language": text.language if text else "",
        "state": story.state,
        "office": story.organisation.name,
        "activities": [t.activity for t in story.tags.all()],
        "published_at": story.published_at,
        "url": absolute_reverse("network:story_detail", story.pk),
    }


@router.get(
    "/stories", response={200: list[StoryOut], 400: ErrorOut}, url_name="network_story_list"
)
def story_list(request: HttpRequest, filters: Query[StoryFilterIn]):
    if filters.activity and filters.activity not in Activity.values:
        return Status(400, {"detail": "Unknown activity; use one of " + ", ".join(Activity.values)})
    qs = selectors.public_stories(
        selectors.StoryFilter(state=filters.state, activity=filters.activity, office=filters.office)
    )
    language = _lang(filters.lang)
    return [_story(s, language) for s in qs[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/stories/{story_id}",
    response={200: StoryDetailOut, 404: ErrorOut},
    url_name="network_story_detail",
)
def story_detail(request: HttpRequest, story_id: PkInt, lang: str = ""):
    try:
        story = selectors.public_story_get(pk=story_id)
    except Http404:
        return Status(404, {"detail": "No published story with this id."})
    language = _lang(lang[:8])
    data = _story(story, language)
    text = selectors.story_translation(story, language)
    data["body_html"] = str(render_markdown(text.body if text else ""))
    data["images"] = [
        {
            "url": absolute_reverse("network:story_image", i.pk),
            "alt": i.alt_text,
            "caption": i.caption,
        }
        for i in story.images.all()
    ]
    return data


class MaterialVersionOut(Schema):
    language: str
    title: str
    kind: str
    url: str


class MaterialOut(Schema):
    id: int
    title: str
    description: str
    format: str
    audience: str
    topics: list[str]
    public: bool
    versions: list[MaterialVersionOut]


class MaterialFilterIn(Schema):
    language: str = Field("", max_length=8)
    topic: str = Field("", max_length=40)
    audience: str = Field("", description="one of: " + ", ".join(Material.Audience.values))
    q: str = Field("", max_length=100)
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=100_000)


@router.get(
    "/toolkit/materials",
    response={200: list[MaterialOut], 400: ErrorOut},
    url_name="network_material_list",
)
def material_list(request: HttpRequest, filters: Query[MaterialFilterIn]):
    """Public materials; logged-in multipliers (partner members) and office staff see all."""
    if filters.audience and filters.audience not in Material.Audience.values:
        return Status(400, {"detail": "Unknown audience; use parents, multipliers or advisors."})
    qs = selectors.materials_for(
        request.user,
        selectors.MaterialFilter(
            language=filters.language, topic=filters.topic, audience=filters.audience, q=filters.q
        ),
    )
    return [
        {
            "id": m.pk,
            "title": m.title,
            "description": m.description,
            "format": m.format,
            "audience": m.audience,
            "topics": [t.slug for t in m.topics.all()],
            "public": m.is_public,
            "versions": [
                {
                    "language": v.language_id,
                    "title": v.title or m.title,
                    "kind": "file" if v.file else "link",
                    "url": absolute_reverse("network:material_download", v.pk),
                }
                for v in m.versions.all()
            ],
        }
        for m in qs[filters.offset : filters.offset + filters.limit]
    ]
