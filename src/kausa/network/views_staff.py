"""Staff pages: network profiles with consent, stories (awards: kausa.network.awards)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required, staff_member_required
from kausa.accounts.selectors import office_for_new_record
from kausa.core.http import parse_int
from kausa.network import selectors
from kausa.network.forms import LogoForm, ProfileForm, StoryForm, StoryImageForm
from kausa.network.services import network as network_services
from kausa.network.services import stories as story_services
from kausa.network.view_helpers import add_errors, lang


# --- network profiles ------------------------------------------------------------------------
@advisor_required
def staff_profiles(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "network/staff_profiles.html",
        {"profiles": selectors.staff_profiles(request.user)[:500]},
    )


@advisor_required
def staff_profile_create(request: AuthenticatedRequest) -> HttpResponse:
    companies = selectors.staff_companies_without_profile(request.user)
    form = ProfileForm(
        request.POST or None, companies=companies, initial={"consent_language": lang()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile = network_services.profile_create(
                user=request.user,
                company=data["company"],
                network=data["network"],
                consent_language=data["consent_language"],
                sector=data["sector"],
                website=data["website"],
                portraits={"de": data["portrait_de"], "en": data["portrait_en"]},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("network:staff_profile", pk=profile.pk)
    return render(request, "network/staff_profile_form.html", {"form": form})


@advisor_required
def staff_profile(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = selectors.staff_profile_get(user=request.user, pk=pk)
    form = LogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            network_services.profile_logo_set(
                user=request.user,
                profile=profile,
                upload=form.cleaned_data["logo"],
                alt_text=form.cleaned_data["logo_alt"],
            )
        except ValidationError as exc:
            form.add_error("logo", exc.messages)
        else:
            messages.success(request, _("The picture was saved."))
            return redirect("network:staff_profile", pk=profile.pk)
    return render(
        request,
        "network/staff_profile.html",
        {
            "profile": profile,
            "form": form,
            "showcases": _showcase_choices(request),
            "events": selectors.profile_events(profile),
        },
    )


def _showcase_choices(request: AuthenticatedRequest) -> list:
    from kausa.events import selectors as event_selectors
    from kausa.events.selectors import EventFilter

    events = event_selectors.staff_event_list(
        user=request.user, filters=EventFilter(type="showcase")
    )
    return list(events[:50])


@require_POST
@advisor_required
def staff_profile_showcase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The company takes part in a showcase event of an office the user sees."""
    profile = selectors.staff_profile_get(user=request.user, pk=pk)
    wanted = parse_int(request.POST.get("event"))
    allowed = {e.pk for e in _showcase_choices(request)}
    if wanted is None or wanted not in allowed:
        raise Http404
    network_services.showcase_add(user=request.user, profile=profile, event_id=wanted)
    messages.success(request, _("The company is listed for the event."))
    return redirect("network:staff_profile", pk=profile.pk)


@require_POST
@advisor_required
def staff_profile_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = selectors.staff_profile_get(user=request.user, pk=pk)
    network_services.profile_consent_withdraw(user=request.user, profile=profile)
    messages.success(request, _("Consent withdrawn: the profile is no longer public."))
    return redirect("network:staff_profile", pk=profile.pk)


# --- stories ---------------------------------------------------------------------------------
@staff_member_required
def staff_stories(request: AuthenticatedRequest) -> HttpResponse:
    language = lang()
    stories = list(selectors.staff_stories(request.user)[:200])
    for story in stories:
        story.text = selectors.story_translation(story, language)
    editable = selectors.story_editable_offices(request.user)
    return render(request, "network/staff_stories.html", {"stories": stories, "editable": editable})


@advisor_required
def staff_story_create(request: AuthenticatedRequest) -> HttpResponse:
    form = StoryForm(request.POST or None, initial={"language": lang()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        office = office_for_new_record(user=request.user)
        if office is None:  # a superuser without an office
            form.add_error(None, _("You work in no office."))
        else:
            story = story_services.story_create(
                user=request.user,
                organisation=office,
                activities=data["activities"],
                language=data["language"],
                title=data["title"],
                teaser=data["teaser"],
                body=data["body"],
                consent_confirmed=data["consent_confirmed"],
            )
            return redirect("network:staff_story", pk=story.pk)
    return render(request, "network/staff_story_form.html", {"form": form, "story": None})


@advisor_required
def staff_story(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit one language version, tags and consent; add pictures; publish."""
    story = selectors.staff_story_for_edit(user=request.user, pk=pk)
    language = request.GET.get("language") or request.POST.get("language") or lang()
    text = selectors.story_translation_in(story, language)
    initial = {
        "language": language,
        "activities": [t.activity for t in story.tags.all()],
        "consent_confirmed": story.consent_confirmed,
    }
    if text:
        initial |= {"title": text.title, "teaser": text.teaser, "body": text.body}
    action = request.POST.get("action", "")
    form = StoryForm(request.POST if action == "text" else None, initial=initial)
    image_form = StoryImageForm(
        request.POST if action == "image" else None, request.FILES if action == "image" else None
    )
    if action == "text" and form.is_valid():
        data = form.cleaned_data
        story_services.story_update(
            user=request.user,
            story=story,
            activities=data["activities"],
            consent_confirmed=data["consent_confirmed"],
        )
        story_services.story_translation_set(
            user=request.user,
            story=story,
            language=data["language"],
            title=data["title"],
            teaser=data["teaser"],
            body=data["body"],
        )
        messages.success(request, _("Saved."))
        return redirect(f"{request.path}?language={data['language']}")
    if action == "image" and image_form.is_valid():
        try:
            story_services.story_image_add(
                user=request.user,
                story=story,
                upload=image_form.cleaned_data["image"],
                alt_text=image_form.cleaned_data["alt_text"],
                caption=image_form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            add_errors(image_form, exc)
        else:
            messages.success(request, _("The picture was added."))
            return redirect("network:staff_story", pk=story.pk)
    return render(
        request,
        "network/staff_story_form.html",
        {"story": story, "form": form, "image_form": image_form},
    )


@require_POST
@advisor_required
def staff_story_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    story = selectors.staff_story_get(user=request.user, pk=pk)
    try:
        if request.POST.get("unpublish"):
            story_services.story_unpublish(user=request.user, story=story)
        else:
            story_services.story_publish(user=request.user, story=story)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("network:staff_story", pk=pk)
