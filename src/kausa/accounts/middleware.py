"""Organisations can require two-factor login: until their members confirm the session with
a code, the session reaches nothing but the login, security and logout pages — not the staff
pages, the jury, exports, downloads or the API."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from kausa.accounts.selectors import two_factor_required_for

# Paths (after the language prefix) a half-logged-in session may still use.
OPEN = ("/accounts/", "/static/", "/healthz", "/i18n/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not self._open(request.path)
            and two_factor_required_for(user=user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": "Your organisation requires two-factor login: confirm this "
                        "session with a code on the login security page first."
                    },
                    status=403,
                )
            return redirect(reverse("accounts:security"))
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        if path.startswith(OPEN):
            return True
        # /<lang>/accounts/...: strip the language prefix
        parts = path.split("/", 2)
        rest = "/" + parts[2] if len(parts) == 3 and len(parts[1]) <= 3 else path
        return rest.startswith(OPEN)
