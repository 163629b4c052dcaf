"""An office's admin keeps its public contact page (issue 14, item 5)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import org_admin_required
from kausa.accounts.selectors import offices_administered_by
from kausa.accounts.services import CONTACT_FIELDS, office_contact_update
from kausa.core.forms import add_service_errors
from kausa.workspace.forms import OfficeContactForm


@org_admin_required
def office_contact(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = next((o for o in offices_administered_by(user=request.user) if o.slug == slug), None)
    if office is None or not office.is_office:
        raise Http404
    initial = {name: getattr(office, name) for name in CONTACT_FIELDS}
    form = OfficeContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = office_contact_update(user=request.user, office=office, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed:
                messages.success(request, _("The contact page is up to date."))
            return redirect("workspace:office_detail", slug=office.slug)
    return render(
        request,
        "workspace/office_contact_form.html",
        {"form": form, "office": office},
        status=400 if request.method == "POST" else 200,
    )
