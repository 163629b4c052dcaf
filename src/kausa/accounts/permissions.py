"""View decorators: who may open a staff page at all (the data rule is in tenancy).

Each decorator also leaves its rule on the view (``view_allows``), so that the menu shows
an entry exactly when its page would open: one rule, not a second list.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from kausa.accounts.tenancy import Access, access_for

View = Callable[..., HttpResponse]
AccessTest = Callable[[Access], bool]
RULE = "kausa_access_rule"


def _leave_rule(wrapper: View, test: AccessTest) -> None:
    """Put the decorator's rule on the view; rules of decorators inside it must hold too
    (``functools.wraps`` has copied theirs onto the wrapper already)."""
    inner: AccessTest | None = getattr(wrapper, RULE, None)
    rule = test if inner is None else (lambda access: test(access) and inner(access))
    setattr(wrapper, RULE, rule)


def view_allows(view: Callable[..., Any], access: Access) -> bool:
    """Whether the view's permission decorators let a user with this access in.

    A view without one of these decorators answers everyone (or only asks for a login).
    """
    rule: AccessTest | None = getattr(view, RULE, None)
    return rule is None or access.is_superuser or rule(access)


def staff_member_required(view: View) -> View:
    """Logged in (else redirect to login) and a member of some organisation (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access_for(request.user).is_staff_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    _leave_rule(wrapper, lambda access: access.is_staff_member)
    return login_required(wrapper)


def advisor_required(view: View) -> View:
    """Pages with personal data: advisors and organisation admins only."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access = access_for(request.user)
        if not (access.personal_data_orgs or access.is_superuser):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    _leave_rule(wrapper, lambda access: bool(access.personal_data_orgs))
    return login_required(wrapper)


def _role_required(test: AccessTest) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            access = access_for(request.user)
            if not (access.is_superuser or test(access)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        _leave_rule(wrapper, test)
        return login_required(wrapper)

    return decorator


# Cases: advisors of the office, and partners for the cases handed over to them.
case_access_required = _role_required(lambda a: bool(a.personal_data_orgs or a.partner_orgs))
# Figures: advisors, org admins and coordinators (never partners).
figures_required = _role_required(lambda a: bool(a.figure_orgs))
# The audit log and the organisation's settings: organisation admins.
org_admin_required = _role_required(lambda a: bool(a.admin_orgs))
