"""Reads of the network app; every public read applies the consent / publication rule here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from kausa.accounts.tenancy import access_for, scope_figures, scope_personal_data
from kausa.companies.models import Company, Offer
from kausa.network.models import (
    CONSENTED,
    Ambassador,
    Material,
    MaterialDownload,
    MaterialVersion,
    NetworkProfile,
    Nomination,
    Story,
    StoryImage,
    StoryTranslation,
    VisitRequest,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import User

    AnyUser = User | AnonymousUser | None


def pick_language(items: list[Any], language: str) -> Any | None:
    """The item in ``language``, else German, else English, else the first one."""
    by_lang = {
        item.language if isinstance(item.language, str) else item.language_id: item
        for item in items
    }
    for code in (language, "de", "en"):
        if code in by_lang:
            return by_lang[code]
    return items[0] if items else None


# --- company network -------------------------------------------------------------------------
@dataclass(frozen=True)
class DirectoryFilter:
    sector: str = ""
    language: str = ""
    city: str = ""
    trains: str = ""  # "yes" | "no" | ""
    network: str = ""
    migrant_led: bool = False


def public_profiles(filters: DirectoryFilter | None = None) -> QuerySet[NetworkProfile]:
    """Profiles whose company's consent holds now; nothing else ever leaves this function."""
    filters = filters or DirectoryFilter()
    open_offers = Offer.objects.filter(company_id=OuterRef("company_id"), status=Offer.Status.OPEN)
    qs = (
        NetworkProfile.objects.filter(CONSENTED, organisation__is_active=True)
        .select_related("company", "network")
        .prefetch_related("languages", "portraits", "occupations")
        .annotate(has_open_offers=Exists(open_offers))
    )
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.language:
        qs = qs.filter(languages__code=filters.language)
    if filters.city:
        qs = qs.filter(company__city=filters.city)
    if filters.network:
        qs = qs.filter(network__slug=filters.network)
    if filters.migrant_led:
        qs = qs.filter(company__migrant_led=True)
    training = Q(company__training_status=Company.TrainingStatus.TRAINING) | Q(has_open_offers=True)
    if filters.trains == "yes":
        qs = qs.filter(training)
    elif filters.trains == "no":
        qs = qs.exclude(training)
    return qs.order_by("company__name").distinct()


def public_profile_get(*, pk: int) -> NetworkProfile:
    profile = public_profiles().filter(pk=pk).first()
    if profile is None:
        raise Http404
    return profile


def directory_options() -> dict[str, list[str]]:
    base = NetworkProfile.objects.filter(CONSENTED)
    return {
        "sectors": sorted({s for s in base.values_list("sector", flat=True) if s}),
        "cities": sorted({c for c in base.values_list("company__city", flat=True) if c}),
        "languages": sorted(set(base.values_list("languages__code", flat=True)) - {None}),
    }


def profile_open_offers(profile: NetworkProfile) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(company_id=profile.company_id, status=Offer.Status.OPEN)
        .select_related("occupation")
        .order_by("start_date", "id")
    )


def profile_awards(profile: NetworkProfile) -> QuerySet[Nomination]:
    """Published wins of the company (place 1 of a category)."""
    return (
        Nomination.objects.filter(
            company_id=profile.company_id, place=1, edition__results_published_at__isnull=False
        )
        .select_related("edition__award", "category")
        .order_by("-edition__year")
    )


def profile_events(profile: NetworkProfile) -> list[Any]:
    return [p.event for p in profile.events.select_related("event").order_by("event__starts_at")]


def event_companies(event_id: int) -> QuerySet[NetworkProfile]:
    """Network companies taking part in an event (for a showcase page), consent applied."""
    return public_profiles().filter(events__event_id=event_id)


def staff_profiles(user: AnyUser) -> QuerySet[NetworkProfile]:
    return scope_personal_data(
        NetworkProfile.objects.select_related("company", "network"), user
    ).order_by("company__name")


def staff_profile_get(*, user: AnyUser, pk: int) -> NetworkProfile:
    profile = staff_profiles(user).filter(pk=pk).first()
    if profile is None:
        raise Http404
    return profile


def staff_companies_without_profile(user: AnyUser) -> QuerySet[Company]:
    return scope_personal_data(Company.objects.filter(network_profile__isnull=True), user).order_by(
        "name"
    )


# --- ambassadors -----------------------------------------------------------------------------
def public_ambassadors() -> QuerySet[Ambassador]:
    return (
        Ambassador.objects.filter(CONSENTED, organisation__is_active=True)
        .select_related("occupation", "organisation")
        .prefetch_related("languages", "stories")
    )


def public_ambassador_get(*, pk: int) -> Ambassador:
    ambassador = public_ambassadors().filter(pk=pk).first()
    if ambassador is None:
        raise Http404
    return ambassador


def ambassadors_for_occupation(occupation_id: int | None) -> QuerySet[Ambassador]:
    """Ambassadors of this occupation who agreed to be shown next to offers and stations."""
    if not occupation_id:
        return Ambassador.objects.none()
    return public_ambassadors().filter(occupation_id=occupation_id, scope_next_to_offers=True)


def ambassadors_shown_for(
    occupation_ids: Iterable[int | None], *, language: str, limit: int = 3
) -> dict[int, list[Ambassador]]:
    """The first ``limit`` ambassadors next to each occupation (in one query for all, for a
    page of several stations), each with ``story_text`` and ``story_lang`` in the reader's
    language where there is a story in it."""
    ids = {pk for pk in occupation_ids if pk}
    shown: dict[int, list[Ambassador]] = {}
    if not ids:
        return shown
    rows = public_ambassadors().filter(occupation_id__in=ids, scope_next_to_offers=True)
    for ambassador in rows:
        group = shown.setdefault(ambassador.occupation_id, [])
        if len(group) >= limit:
            continue
        story = pick_language(list(ambassador.stories.all()), language)
        ambassador.story_text = story.text if story else ""
        ambassador.story_lang = story.language if story else ""
        group.append(ambassador)
    return shown


def staff_ambassadors(user: AnyUser) -> QuerySet[Ambassador]:
    return scope_personal_data(Ambassador.objects.select_related("occupation"), user).order_by(
        "first_name", "pk"
    )


def staff_visit_requests(user: AnyUser) -> QuerySet[VisitRequest]:
    """The offices' visit requests, newest first (the ambassador named if one was asked)."""
    return scope_personal_data(VisitRequest.objects.select_related("ambassador"), user).order_by(
        "-created_at", "-pk"
    )


def staff_visit_request_get(*, user: AnyUser, pk: int) -> VisitRequest:
    visit = staff_visit_requests(user).filter(pk=pk).first()
    if visit is None:
        raise Http404
    return visit


def staff_ambassador_get(*, user: AnyUser, pk: int) -> Ambassador:
    ambassador = staff_ambassadors(user).filter(pk=pk).first()
    if ambassador is None:
        raise Http404
    return ambassador


def public_ambassador_find(pk: int | None) -> Ambassador | None:
    """A public ambassador by id, None for none or an unknown id (a form's optional choice)."""
    if pk is None:
        return None
    return public_ambassadors().filter(pk=pk).first()


# --- toolkit ---------------------------------------------------------------------------------
def material_languages() -> list[str]:
    """The languages any material is available in, for the toolkit's filter."""
    return sorted(set(MaterialVersion.objects.values_list("language_id", flat=True)))


def staff_materials(user: AnyUser) -> QuerySet[Material]:
    """The materials of the offices the user advises in, with their language versions."""
    return scope_personal_data(
        Material.objects.prefetch_related("versions__language"), user
    ).order_by("title", "pk")


def staff_material_get(*, user: AnyUser, pk: int) -> Material:
    material = staff_materials(user).filter(pk=pk).first()
    if material is None:
        raise Http404
    return material


def may_see_restricted_materials(user: AnyUser) -> bool:
    """Multipliers, partners and office staff see materials that are not public."""
    access = access_for(user)
    return bool(
        access.multiplier_orgs or access.partner_orgs or access.figure_orgs or access.is_superuser
    )


@dataclass(frozen=True)
class MaterialFilter:
    language: str = ""
    topic: str = ""
    audience: str = ""
    q: str = ""


def materials_for(user: AnyUser, filters: MaterialFilter | None = None) -> QuerySet[Material]:
    filters = filters or MaterialFilter()
    qs = Material.objects.prefetch_related(
        "topics", Prefetch("versions", MaterialVersion.objects.select_related("language"))
    ).filter(versions__isnull=False)
    if not may_see_restricted_materials(user):
        qs = qs.filter(is_public=True)
    if filters.language:
        qs = qs.filter(versions__language_id=filters.language)
    if filters.topic:
        qs = qs.filter(topics__slug=filters.topic)
    if filters.audience:
        qs = qs.filter(audience=filters.audience)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    return qs.distinct().order_by("title")


def material_version_get(*, user: AnyUser, pk: int) -> MaterialVersion:
    qs = MaterialVersion.objects.select_related("material", "language")
    if not may_see_restricted_materials(user):
        qs = qs.filter(material__is_public=True)
    version = qs.filter(pk=pk).first()
    if version is None:
        raise Http404
    return version


def download_counts(
    user: AnyUser, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[dict[str, Any]]:
    """Downloads per language (and office) for reports, over the user's figure offices."""
    qs = scope_figures(
        MaterialDownload.objects.all(), user, field="version__material__organisation"
    )
    if since:
        qs = qs.filter(day__gte=since)
    if until:
        qs = qs.filter(day__lte=until)
    return list(
        qs.values("version__language_id", "version__material__organisation_id")
        .annotate(downloads=Sum("count"))
        .order_by("version__language_id")
    )


# --- stories ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoryFilter:
    state: str = ""
    activity: str = ""
    office: str = ""


def public_stories(filters: StoryFilter | None = None) -> QuerySet[Story]:
    filters = filters or StoryFilter()
    qs = (
        Story.objects.filter(
            status=Story.Status.PUBLISHED,
            consent_confirmed=True,
            published_at__lte=timezone.now(),
            organisation__is_active=True,
        )
        .select_related("organisation")
        .prefetch_related("tags", "translations", "images")
    )
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.activity:
        qs = qs.filter(tags__activity=filters.activity)
    if filters.office:
        qs = qs.filter(organisation__slug=filters.office)
    return qs.order_by("-published_at", "-id").distinct()


def public_story_get(*, pk: int) -> Story:
    story = public_stories().filter(pk=pk).first()
    if story is None:
        raise Http404
    return story


def story_states() -> list[str]:
    return sorted(set(public_stories().values_list("state", flat=True)))


def staff_stories(user: AnyUser) -> QuerySet[Story]:
    """A Landesstelle (coordinator) sees its Servicestellen's stories too (figure offices)."""
    return (
        scope_figures(Story.objects.select_related("organisation"), user)
        .prefetch_related("translations", "tags")
        .annotate(image_count=Count("images"))
        .order_by("-updated_at")
    )


def staff_story_get(*, user: AnyUser, pk: int) -> Story:
    story = staff_stories(user).filter(pk=pk).first()
    if story is None:
        raise Http404
    return story


def story_translation(story: Story, language: str) -> StoryTranslation | None:
    return pick_language(list(story.translations.all()), language)


def story_image_get(*, user: AnyUser, pk: int) -> StoryImage:
    """A story's picture, for whoever may see the story (404 for everyone else)."""
    image = StoryImage.objects.select_related("story").filter(pk=pk).first()
    if image is None or not story_visible_to(image.story, user):
        raise Http404
    return image


def story_editable_offices(user: AnyUser) -> frozenset[int]:
    """The offices whose stories the user may write and edit (a coordinator only reads)."""
    return access_for(user).personal_data_orgs


def staff_story_for_edit(*, user: AnyUser, pk: int) -> Story:
    """A story the user may edit: of an office they advise in (or any, for a superuser)."""
    story = staff_story_get(user=user, pk=pk)
    if not (
        story.organisation_id in story_editable_offices(user)
        or (user is not None and user.is_superuser)
    ):
        raise Http404  # a coordinator reads the stories of the offices, but edits none
    return story


def story_translation_in(story: Story, language: str) -> StoryTranslation | None:
    """The story's text in exactly this language (None if not written yet)."""
    return story.translations.filter(language=language).first()


def story_visible_to(story: Story, user: AnyUser) -> bool:
    if story.status == Story.Status.PUBLISHED and story.consent_confirmed:
        return True
    return story.organisation_id in access_for(user).figure_orgs or access_for(user).is_superuser
