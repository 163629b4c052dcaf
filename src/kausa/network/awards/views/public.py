"""Public award pages: the editions with their winners, the nomination form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kausa.network.awards import selectors
from kausa.network.awards.forms import NominationForm
from kausa.network.awards.services import nominations as award_services
from kausa.network.view_helpers import add_errors, too_many


def award_list(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.public_editions())
    for edition in editions:
        edition.winners = list(selectors.edition_winners(edition))
    open_ids = selectors.open_edition_ids()
    return render(request, "network/award_list.html", {"editions": editions, "open_ids": open_ids})


def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    edition = selectors.public_edition_get(pk=pk)
    is_open = selectors.edition_open_for_nomination(pk)
    form = NominationForm(request.POST or None, edition=edition)
    if (
        request.method == "POST"
        and is_open
        and form.is_valid()
        and not too_many(request, form, "nominate")
    ):
        data = form.cleaned_data
        try:
            award_services.nomination_submit(
                edition=edition,
                category_id=int(data["category"]),
                company_name=data["company_name"],
                company_city=data["company_city"],
                company_website=data["company_website"],
                company_email=data["company_email"],
                reason=data["reason"],
                nominator_name=data["nominator_name"],
                nominator_email=data["nominator_email"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your nomination! The office will check it."))
            return redirect("network:award_list")
    return render(
        request,
        "network/nominate.html",
        {"edition": edition, "form": form, "is_open": is_open},
    )
