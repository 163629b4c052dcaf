"""The API's one authentication: the site's login session, optional.

Anonymous callers use the public API as before. A request that carries a login session acts
as that user (an office sees its invite-only events and restricted materials), so an unsafe
request made with it must pass Django's CSRF check (token header and same origin), as a form
of the site would. Two-factor is enforced before the API by
``kausa.accounts.middleware.TwoFactorRequiredMiddleware``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

CSRF_FAILED = (
    "CSRF check failed: a request made with a login session must come from the site itself "
    "and send the X-CSRFToken header with the value of the csrftoken cookie."
)


class OptionalSession(APIKeyCookie):
    """Declared in the OpenAPI as the ``sessionid`` cookie; never refuses anonymous callers."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        # the user (or AnonymousUser, which is truthy): every caller passes
        return getattr(request, "user", True)
