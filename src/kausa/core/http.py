"""Request types for view signatures (typing only, nothing changes at run time).

``HtmxMiddleware`` puts ``request.htmx`` on every request, and every staff decorator in
:mod:`kausa.core.permissions` wraps ``login_required``, so behind one of them ``request.user``
is a signed-in :class:`~kausa.accounts.models.User`, never ``AnonymousUser``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from kausa.accounts.models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedRequest(HtmxRequest):
    """For views behind ``login_required`` or a decorator from :mod:`kausa.core.permissions`."""

    user: User
