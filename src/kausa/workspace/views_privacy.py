"""A person's data export and erasure (GDPR Art. 15/17): the person comes from people, the
data from every app through kausa.privacy's registry."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.people import selectors as people_selectors
from kausa.privacy import services as privacy_services
from kausa.privacy.exports import export_pdf


@advisor_required
def person_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("json", "pdf"):
        raise Http404
    person = people_selectors.young_person_get(user=request.user, pk=pk)
    data = privacy_services.person_export(user=request.user, person=person)
    if fmt == "pdf":
        response = HttpResponse(export_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="kausa-person-{person.pk}.{fmt}"'
    return response


@advisor_required
def person_erase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = people_selectors.young_person_get(user=request.user, pk=pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm", "").strip() == person.last_name:
            privacy_services.person_erase(user=request.user, person=person)
            messages.success(
                request, _("The person's data were erased; the statistics keep anonymous counts.")
            )
            return redirect("people:list")
        error = _("Please type the last name exactly to confirm.")
    return render(
        request,
        "workspace/person_erase.html",
        {"person": person, "error": error},
        status=400 if error else 200,
    )
