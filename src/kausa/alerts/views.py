"""Pages of offer alerts: save a search with an e-mail address, confirm it, change or delete
it by the personal link, unsubscribe in one click (RFC 8058)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kausa.alerts import selectors, services
from kausa.alerts.forms import AlertForm, SubscribeForm
from kausa.alerts.models import Alert
from kausa.matching import selectors as matching

PREFILL = ("plz", "radius_km", "q", "german_level", "certificate", "frequency", "email")


def _private(response: HttpResponse) -> HttpResponse:
    """Pages behind a personal link: never cached, never indexed."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _see_other(url: str) -> HttpResponseRedirect:
    """303: the answer to a POST is a page fetched with GET; a link of a mail leads on to
    another page (no login redirect: 302 means that in the permission table)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _prefill(query: QueryDict) -> dict[str, str]:
    """The search's parameters (the search page links here with them)."""
    return {key: str(query.get(key, ""))[:100] for key in PREFILL if query.get(key)}


def _form_page(
    request: HttpRequest, template: str, form: AlertForm, **context: Any
) -> HttpResponse:
    if form.is_bound and form.errors:
        form.focus_first_error()
    context |= {"form": form, "occupation_names": matching.occupation_names()}
    return render(request, template, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = SubscribeForm(initial=_prefill(request.GET))
        return _form_page(request, "alerts/subscribe.html", form)
    form = SubscribeForm(request.POST)
    if form.is_valid():
        try:
            services.alert_subscribe(
                email=form.cleaned_data["email"],
                criteria=form.criteria(),
                frequency=form.cleaned_data["frequency"],
                language=get_language() or "de",
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            return _see_other(reverse("alerts:subscribed"))
    return _form_page(request, "alerts/subscribe.html", form)


@require_GET
def subscribed(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/subscribed.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    alert = selectors.alert_by_token(token)
    if request.method == "POST":
        already = alert.is_confirmed
        services.alert_confirm(token=token)
        if not already:
            messages.success(request, _("Thank you. Your alert is active."))
        return _see_other(reverse("alerts:manage", args=[token]))
    if alert.is_confirmed:
        return redirect("alerts:manage", token=token)
    context = {"alert": alert, "token": token, "search": selectors.search_words(alert)}
    return _private(render(request, "alerts/confirm.html", context))


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    alert = selectors.alert_by_token(token)
    if not alert.is_confirmed:
        return redirect("alerts:confirm", token=token)
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            try:
                services.alert_update(
                    token=token, criteria=form.criteria(), frequency=form.cleaned_data["frequency"]
                )
            except ValidationError as error:
                form.add_service_errors(error.message_dict)
            else:
                messages.success(request, _("Your alert is saved."))
                return _see_other(reverse("alerts:manage", args=[token]))
    else:
        services.alert_touch(alert=alert)
        form = AlertForm(initial=AlertForm.initial_for(alert))
    response = _form_page(
        request,
        "alerts/manage.html",
        form,
        alert=alert,
        token=token,
        search_query=selectors.search_query_string(alert),
    )
    return _private(response)


@require_POST
def delete(request: HttpRequest, token: str) -> HttpResponse:
    if not services.alert_delete(token=token):
        raise Http404
    return _see_other(reverse("alerts:deleted"))


@csrf_exempt  # RFC 8058: mail programs POST here without a session; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners must not unsubscribe anyone); POST, from the page's button or
    a mail program's one-click unsubscribe, deletes the alert at once. POST answers the
    same whether or not the alert was still there."""
    if request.method == "POST":
        services.alert_delete(token=token)
        return _private(render(request, "alerts/deleted.html", {"unsubscribed": True}))
    alert = selectors.alert_by_token(token)
    context = {"alert": alert, "token": token, "search": selectors.search_words(alert)}
    return _private(render(request, "alerts/unsubscribe.html", context))


@require_GET
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/deleted.html")


@require_GET
def open_offer(request: HttpRequest, token: str, offer_id: int) -> HttpResponse:
    """A digest's link to an offer: counts as a sign of life, then the offer's page."""
    with contextlib.suppress(Http404):  # the alert is gone; the offer may still be there
        services.alert_touch(alert=selectors.alert_by_token(token))
    return _see_other(reverse("matching:offer_detail", args=[offer_id]))


@require_GET
def open_search(request: HttpRequest, token: str) -> HttpResponse:
    """A digest's link to all matching offers: a sign of life, then the public search."""
    alert: Alert = selectors.alert_by_token(token)
    services.alert_touch(alert=alert)
    query = selectors.search_query_string(alert)
    return _see_other(f"{reverse('matching:offer_search')}?{query}")
