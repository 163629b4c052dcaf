"""Public pages: directory and map, company page, becoming a training company,
ambassadors, toolkit, stories (awards: kausa.network.awards). No login needed; the consent rule
is in the selectors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kausa.core.http import query_id
from kausa.network import selectors
from kausa.network.awards import selectors as award_selectors
from kausa.network.forms import (
    DirectoryFilterForm,
    MaterialFilterForm,
    StoryFilterForm,
    TrainingInterestForm,
    VisitRequestForm,
)
from kausa.network.services import ambassadors as ambassador_services
from kausa.network.services import network as network_services
from kausa.network.services.common import responsible_office
from kausa.network.text import render_markdown
from kausa.network.view_helpers import add_errors, lang, too_many


# --- company network -------------------------------------------------------------------------
def _decorate_profile(profile: Any, language: str) -> Any:
    portrait = selectors.pick_language(list(profile.portraits.all()), language)
    profile.portrait_text = portrait.text if portrait else ""
    profile.portrait_lang = portrait.language if portrait else ""
    return profile


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, options=selectors.directory_options())
    filters = selectors.DirectoryFilter()
    if form.is_valid():
        filters = selectors.DirectoryFilter(**form.cleaned_data)
    language = lang()
    profiles = [_decorate_profile(p, language) for p in selectors.public_profiles(filters)[:300]]
    markers = [
        {
            "id": p.pk,
            "name": p.company.name,
            "city": p.company.city,
            "lat": p.company.lat,
            "lon": p.company.lon,
            "url": reverse("network:profile", args=[p.pk]),
        }
        for p in profiles
        if p.company.lat is not None and p.company.lon is not None
    ]
    return render(
        request,
        "network/directory.html",
        {
            "form": form,
            "profiles": profiles,
            "markers": markers,
            "tile_url": settings.KAUSA_TILE_URL,
        },
    )


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _decorate_profile(selectors.public_profile_get(pk=pk), lang())
    return render(
        request,
        "network/profile.html",
        {
            "profile": profile,
            "company": profile.company,
            "offers": selectors.profile_open_offers(profile),
            "awards": selectors.profile_awards(profile),
            "events": selectors.profile_events(profile),
            "markers": [
                {
                    "id": profile.pk,
                    "name": profile.company.name,
                    "city": profile.company.city,
                    "lat": profile.company.lat,
                    "lon": profile.company.lon,
                    "url": "",
                }
            ],
            "tile_url": settings.KAUSA_TILE_URL,
        },
    )


def training_interest(request: HttpRequest) -> HttpResponse:
    form = TrainingInterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not too_many(request, form, "cta"):
        data = form.cleaned_data
        try:
            result = network_services.training_interest_submit(
                company_name=data["company_name"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                postal_code=data["postal_code"],
                sector=data["sector"],
                migrant_led=data["migrant_led"],
                message=data["message"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Thank you! %(office)s will contact you within a few days.")
                % {"office": result.office.name},
            )
            return redirect("network:directory")
    return render(request, "network/training_interest.html", {"form": form})


# --- ambassadors -----------------------------------------------------------------------------
def _decorate_ambassador(ambassador: Any, language: str) -> Any:
    story = selectors.pick_language(list(ambassador.stories.all()), language)
    ambassador.story_text = story.text if story else ""
    ambassador.story_lang = story.language if story else ""
    return ambassador


def ambassador_list(request: HttpRequest) -> HttpResponse:
    language = lang()
    ambassadors = [_decorate_ambassador(a, language) for a in selectors.public_ambassadors()]
    return render(request, "network/ambassador_list.html", {"ambassadors": ambassadors})


def ambassador_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ambassador = _decorate_ambassador(selectors.public_ambassador_get(pk=pk), lang())
    return render(request, "network/ambassador_detail.html", {"ambassador": ambassador})


def visit_request(request: HttpRequest) -> HttpResponse:
    ambassador = None
    wanted = query_id(request, "ambassador")
    if wanted is not None:
        ambassador = selectors.public_ambassador_find(wanted)
    form = VisitRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not too_many(request, form, "visit"):
        data = form.cleaned_data
        office = ambassador.organisation if ambassador else responsible_office(data["postal_code"])
        if office is None:
            form.add_error("postal_code", _("No KAUSA office works in this area yet."))
        else:
            ambassador_services.visit_request_submit(
                office=office,
                ambassador=ambassador,
                school=data["school"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                date_options=data["date_options"],
                class_size=data["class_size"],
                language_codes=tuple(data["languages"]),
                message=data["message"],
            )
            messages.success(
                request,
                _("Thank you! %(office)s will get back to you to plan the visit.")
                % {"office": office.name},
            )
            return redirect("network:ambassador_list")
    return render(request, "network/visit_request.html", {"form": form, "ambassador": ambassador})


# --- toolkit ---------------------------------------------------------------------------------
def toolkit(request: HttpRequest) -> HttpResponse:
    languages = selectors.material_languages()
    form = MaterialFilterForm(request.GET or None, languages=languages)
    filters = selectors.MaterialFilter()
    if form.is_valid():
        filters = selectors.MaterialFilter(**form.cleaned_data)
    materials = selectors.materials_for(request.user, filters)[:200]
    return render(
        request,
        "network/toolkit.html",
        {
            "form": form,
            "materials": materials,
            "restricted": selectors.may_see_restricted_materials(request.user),
        },
    )


# --- stories ---------------------------------------------------------------------------------
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ckb"}


def _decorate_story(story: Any, language: str) -> Any:
    story.text = selectors.story_translation(story, language)
    story.text_dir = "rtl" if story.text and story.text.language in RTL_LANGUAGES else "ltr"
    return story


def story_list(request: HttpRequest) -> HttpResponse:
    form = StoryFilterForm(request.GET or None, states=selectors.story_states())
    filters = selectors.StoryFilter()
    if form.is_valid():
        filters = selectors.StoryFilter(**form.cleaned_data)
    language = lang()
    stories = [_decorate_story(s, language) for s in selectors.public_stories(filters)[:60]]
    return render(request, "network/story_list.html", {"form": form, "stories": stories})


def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = _decorate_story(selectors.public_story_get(pk=pk), lang())
    body = render_markdown(story.text.body if story.text else "")
    editions = award_selectors.editions_announced_in(story)
    return render(
        request,
        "network/story_detail.html",
        {"story": story, "body": body, "editions": editions},
    )
