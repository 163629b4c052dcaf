"""The HTTP API under /api/v1/ (OpenAPI at /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.schema import OpenAPISchema

from kausa.api.auth import OptionalSession

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "description": "Every error of the API: `detail` says what is wrong, in words.",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "one entry per invalid value (`loc` says where); may be empty",
            "items": {"type": "object"},
        },
    },
    "required": ["detail"],
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
# What any operation may answer besides its own results (one error shape for all).
COMMON_ERRORS = {
    "400": "Bad request: the address or the body cannot be read (e.g. a NUL character, "
    "a body that is not JSON)",
    "422": "A value in the path, the query or the body is not valid",
    "429": "Too many requests from this address; `Retry-After` says when to try again",
}
UNSAFE_ERRORS = {
    "403": "Called with a login session but without the CSRF token of the site",
}


class KausaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """The schema as the API answers: servers from KAUSA_SITE_URL, the optional session
        (each operation may be called with it or without, ``{}``), and one error shape for
        every 4xx an operation can give, documented on each operation."""
        from kausa.core.links import site_url

        schema = super().get_openapi_schema(**kwargs)
        schema["servers"] = [{"url": site_url(), "description": "this Kausa installation"}]
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                security = operation.get("security")
                if security and {} not in security:
                    security.append({})
                responses = {str(code): r for code, r in operation.get("responses", {}).items()}
                operation["responses"] = responses
                errors = dict(COMMON_ERRORS)
                if "{" in path:
                    errors["404"] = "Not found (or not visible to the caller)"
                if method.lower() in ("post", "put", "patch", "delete"):
                    errors |= UNSAFE_ERRORS
                for code in list(responses):
                    if str(code).startswith("4"):
                        errors.setdefault(str(code), responses[code].get("description", ""))
                        del responses[code]
                for code, description in sorted(errors.items()):
                    responses[code] = {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    }
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
