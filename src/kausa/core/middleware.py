"""Security headers Django 5.2 does not set by itself."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _tile_origin() -> str:
    parts = urlsplit(settings.KAUSA_TILE_URL.replace("{s}", "a"))
    if not parts.scheme:
        return ""
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in settings.KAUSA_TILE_URL else parts.netloc
    return f"{parts.scheme}://{host}"


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script) and no-store for personal pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        tiles = _tile_origin()
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                f"img-src 'self' data: {tiles}".strip(),
                "connect-src 'self'",
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )
        # The API docs page (Swagger UI, served from our static files) sets inline styles.
        self.docs_policy = self.policy.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_docs = request.path.startswith("/api/v1/docs")
        response.headers.setdefault(
            "Content-Security-Policy", self.docs_policy if is_docs else self.policy
        )
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(self)")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages seen while logged in may hold personal data: never cache them.
            response.headers["Cache-Control"] = "no-store"
        return response


class RejectNullCharactersMiddleware:
    """A NUL character in the path or the query string is never meaningful: answer 400.

    (PostgreSQL cannot store NUL in text, so a token or code with one would otherwise
    reach the database and fail there. Form fields reject NUL themselves.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            from django.http import HttpResponseBadRequest, JsonResponse

            message = "The address contains a NUL character."
            if request.path.startswith("/api/"):  # the API's one error shape
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message.encode(), content_type="text/plain")
        return self.get_response(request)
