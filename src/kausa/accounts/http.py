"""The request type of views that only signed-in users reach.

Every staff decorator in :mod:`kausa.accounts.permissions` wraps ``login_required``, so behind
one of them ``request.user`` is a signed-in :class:`~kausa.accounts.models.User`, never
``AnonymousUser``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kausa.core.http import HtmxRequest

if TYPE_CHECKING:
    from kausa.accounts.models import User


class AuthenticatedRequest(HtmxRequest):
    """For views behind ``login_required`` or a decorator from :mod:`kausa.accounts.permissions`."""

    user: User
