"""Organisations can require two-factor login: their members reach staff pages only
after confirming this session with a code."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from kausa.accounts.selectors import two_factor_required_for

PROTECTED = ("/staff/", "/admin/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and self._protected(request.path)
            and two_factor_required_for(user=user)
        ):
            return redirect(reverse("accounts:security"))
        return self.get_response(request)

    @staticmethod
    def _protected(path: str) -> bool:
        # /<lang>/staff/... and /<lang>/admin/...; the security page itself stays open.
        rest = path.split("/", 2)[-1] if path.count("/") >= 2 else path
        rest = "/" + rest
        return rest.startswith(PROTECTED)
