from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.tenancy import access_for
from kausa.core.http import query_id
from kausa.core.models import AuditEntry
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
