"""Optional live fetch of apprenticeship offers from the BA Jobsuche API.

Behind a versioned adapter because the endpoint has changed before: `ADAPTERS` maps a
version to a class that knows that version's URL, parameters and paging. The answers are
handed to the same importer as a BA Jobsuche file (`imports.offers_import`), so mapping,
validation and idempotency are the same. Never needed for tests: they pass a transport.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Transport = Callable[[str, dict[str, str]], bytes]
DEFAULT_BASE_URL = "https://rest.arbeitsagentur.de/jobboerse/jobsuche-service"
# The public client id the BA's own web app sends (documented by the community spec).
DEFAULT_API_KEY = "jobboerse-jobsuche"


class BaApiError(RuntimeError):
    """The BA API could not be reached or answered something we cannot read."""


def _urllib_transport(url: str, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - https URL from settings
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return bytes(response.read())
    except (urllib.error.URLError, TimeoutError) as error:
        raise BaApiError(f"BA Jobsuche not reachable: {error}") from error


@dataclass
class JobsucheV4:
    """`GET /pc/v4/jobs?angebotsart=4&wo=…&umkreis=…&page=…&size=…` (pages start at 1)."""

    base_url: str = DEFAULT_BASE_URL
    api_key: str = DEFAULT_API_KEY
    transport: Transport = field(default=_urllib_transport)
    version = "v4"
    APPRENTICESHIP = 4
    MAX_SIZE = 100

    def search_url(self, *, wo: str, umkreis: int, page: int, size: int) -> str:
        query = urllib.parse.urlencode(
            {
                "angebotsart": self.APPRENTICESHIP,
                "wo": wo,
                "umkreis": umkreis,
                "page": page,
                "size": size,
            }
        )
        return f"{self.base_url.rstrip('/')}/pc/v4/jobs?{query}"

    def fetch(
        self, *, wo: str, umkreis: int = 25, max_pages: int = 10, size: int = 100
    ) -> list[dict[str, Any]]:
        size = max(1, min(size, self.MAX_SIZE))
        offers: list[dict[str, Any]] = []
        for page in range(1, max_pages + 1):
            body = self.transport(
                self.search_url(wo=wo, umkreis=umkreis, page=page, size=size),
                {"X-API-Key": self.api_key, "Accept": "application/json"},
            )
            try:
                payload = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise BaApiError(
                    f"BA Jobsuche answered something that is not JSON: {error}"
                ) from error
            items = (payload.get("stellenangebote") or []) if isinstance(payload, dict) else []
            offers.extend(item for item in items if isinstance(item, dict))
            total = payload.get("maxErgebnisse") if isinstance(payload, dict) else None
            if len(items) < size or (total is not None and len(offers) >= int(total)):
                break
        return offers


ADAPTERS: dict[str, type[JobsucheV4]] = {"v4": JobsucheV4}


def adapter_for(version: str, **kwargs: Any) -> JobsucheV4:
    if version not in ADAPTERS:
        raise BaApiError(f"unknown BA API version {version!r}: use one of {', '.join(ADAPTERS)}")
    return ADAPTERS[version](**kwargs)


def fetch_as_file(adapter: JobsucheV4, **query: Any) -> bytes:
    """The fetched offers in the shape of a BA Jobsuche file, for `offers_import`."""
    return json.dumps({"stellenangebote": adapter.fetch(**query)}).encode("utf-8")
