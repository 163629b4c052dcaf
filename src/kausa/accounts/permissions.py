"""View decorators: who may open a staff page at all (the data rule is in tenancy)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from kausa.accounts.tenancy import access_for

View = Callable[..., HttpResponse]


def staff_member_required(view: View) -> View:
    """Logged in (else redirect to login) and a member of some organisation (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access_for(request.user).is_staff_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def advisor_required(view: View) -> View:
    """Pages with personal data: advisors and organisation admins only."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access = access_for(request.user)
        if not (access.personal_data_orgs or access.is_superuser):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _role_required(test: Callable[..., bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            access = access_for(request.user)
            if not (access.is_superuser or test(access)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


# Cases: advisors of the office, and partners for the cases handed over to them.
case_access_required = _role_required(lambda a: bool(a.personal_data_orgs or a.partner_orgs))
# Figures: advisors, org admins and coordinators (never partners).
figures_required = _role_required(lambda a: bool(a.figure_orgs))
# The audit log and the organisation's settings: organisation admins.
org_admin_required = _role_required(lambda a: bool(a.admin_orgs))
