from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kausa.core.health import run_checks


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every part works, 503 naming the failing parts; each with its time."""
    started = time.perf_counter()
    parts = run_checks()
    failing = [part.name for part in parts if not part.ok]
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        **{part.name: "ok" if part.ok else "failing" for part in parts},
        "checks": {part.name: part.as_json() for part in parts},
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=503 if failing else 200)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: under /api/ in the API's error shape (JSON), elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found: no such address in the API."}, status=404)
    return defaults.page_not_found(request, exception)
