from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kausa.core.http import AuthenticatedRequest, query_id
from kausa.core.models import AuditEntry
from kausa.core.permissions import advisor_required
from kausa.core.tenancy import access_for
from kausa.privacy.selectors import audit_entries


@login_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    access = access_for(request.user)
    if not (access.admin_orgs or access.is_superuser):
        raise PermissionDenied
    action = request.GET.get("action", "")
    object_type = request.GET.get("type", "")[:40]
    entries = audit_entries(
        user=request.user,
        action=action if action in AuditEntry.Action.values else "",
        object_type=object_type,
        actor_id=query_id(request, "actor"),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    types = (
        audit_entries(user=request.user).order_by().values_list("object_type", flat=True).distinct()
    )
    return render(
        request,
        "privacy/audit_log.html",
        {
            "page": page,
            "actions": AuditEntry.Action.choices,
            "types": sorted(types),
            "action": action,
            "object_type": object_type,
        },
    )


@advisor_required
def person_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    from kausa.people.selectors import young_person_get
    from kausa.privacy.exports import export_pdf
    from kausa.privacy.services import person_export as export

    if fmt not in ("json", "pdf"):
        raise Http404
    person = young_person_get(user=request.user, pk=pk)
    data = export(user=request.user, person=person)
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
    from kausa.people.selectors import young_person_get
    from kausa.privacy.services import person_erase as erase

    person = young_person_get(user=request.user, pk=pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm", "").strip() == person.last_name:
            erase(user=request.user, person=person)
            messages.success(
                request, _("The person's data were erased; the statistics keep anonymous counts.")
            )
            return redirect("people:list")
        error = _("Please type the last name exactly to confirm.")
    return render(
        request,
        "privacy/person_erase.html",
        {"person": person, "error": error},
        status=400 if error else 200,
    )
