"""The HTTP API under /api/v1/ (OpenAPI at /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.schema import OpenAPISchema

from kausa.api.auth import OptionalSession


class KausaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """The session is optional: each operation may be called with it or without (``{}``)."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                security = operation.get("security")
                if security and {} not in security:
                    security.append({})
        return schema


api = KausaAPI(
    title="Kausa API",
    version="1",
    description=(
        "Public and staff API of Kausa. Errors are JSON with a `detail` that says what is wrong."
    ),
    urls_namespace="api",
    auth=OptionalSession(),
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    messages: list[str] = []
    for error in exc.errors:
        where = ".".join(
            str(part) for part in error.get("loc", ()) if part not in ("path", "query")
        )
        msg = str(error.get("msg", "invalid"))
        messages.append(f"{where}: {msg}" if where else msg)
    return api.create_response(
        request,
        {"detail": "; ".join(messages) or "invalid input", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "not found"}, status=404)


def _mount_routers() -> None:
    # One router per app; each app keeps its endpoints in <app>/api.py.
    from importlib import import_module

    for app in (
        "reference",
        "counselling",
        "matching",
        "jobwalk",
        "events",
        "network",
        "reporting",
    ):
        api.add_router("/", import_module(f"kausa.{app}.api").router)


_mount_routers()
