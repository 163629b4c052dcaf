from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import org_admin_required
from kausa.core.http import query_id
from kausa.core.models import AuditEntry
from kausa.privacy.selectors import audit_entries, audit_object_types


@org_admin_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    action = request.GET.get("action", "")
    object_type = request.GET.get("type", "")[:40]
    entries = audit_entries(
        user=request.user,
        action=action if action in AuditEntry.Action.values else "",
        object_type=object_type,
        actor_id=query_id(request, "actor"),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/audit_log.html",
        {
            "page": page,
            "actions": AuditEntry.Action.choices,
            "types": audit_object_types(user=request.user),
            "action": action,
            "object_type": object_type,
        },
    )
