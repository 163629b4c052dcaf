"""Optional live fetch of apprenticeship offers from the BA Jobsuche API.

Behind a versioned adapter because the endpoint has changed before: `ADAPTERS` maps a
version to a class that knows that version's URL, parameters and paging. The answers are
handed to the same importer as a BA Jobsuche file (`imports.offers_import`), so mapping,
validation and idempotency are the same. Never needed for tests: they pass a transport.

`offer_fields` says what one BA item (search answer or job detail) means for an offer.
"""

from __future__ import annotations

import html
import json
import re
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


# --- what a BA item means for Kausa (search items and job details; no Django) -----------
#
# docs/offer-import.md ("BA fields") lists every field the BA Jobsuche descriptions name and
# whether Kausa reads it or ignores it on purpose; tests/matching/test_import_ba_fields.py
# checks that list against the field names of the descriptions.

APPRENTICESHIP_KINDS = ("4", "AUSBILDUNG")  # angebotsart (search) / stellenangebotsart
GERMANY = ("", "deutschland", "germany", "de")
# geforderterBildungsabschluss (free text in the BA data) -> RequiredCertificate
CERTIFICATES = (  # the first word found wins
    ("fachhochschulreife", "fhr"),
    ("fachabitur", "fhr"),
    ("hochschulreife", "abitur"),
    ("abitur", "abitur"),
    ("mittlere", "intermediate"),
    ("realschul", "intermediate"),
    ("hauptschul", "first"),
    ("berufsreife", "first"),
    ("erster", "first"),
)
DESCRIPTION_LENGTH = 4000


@dataclass(frozen=True)
class Skip:
    """A BA item that is not for the catalogue (counted, not an error)."""

    reason: str


@dataclass(frozen=True)
class Place:
    postal_code: str
    street: str
    lat: Any
    lon: Any


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _postal_code(value: Any) -> str:
    """A German postal code as text ('07743' from 7743), or '' when it is none."""
    code = _text(value)
    if code.isdigit() and len(code) == 4:
        code = "0" + code  # a JSON number lost its leading zero
    return code if code.isdigit() and len(code) == 5 else ""


def places(item: dict[str, Any]) -> list[Place]:
    """The item's places of work in the BA's order, those with a German postal code first:
    `arbeitsort` (search), `arbeitsorte[]` (job details), `stellenlokationen[]` (job details),
    then the employer's address `arbeitgeberAdresse`. Each keeps its own coordinates."""
    found: list[tuple[bool, Place]] = []

    def add(address: Any, street: str, coordinates: tuple[Any, Any]) -> None:
        if not isinstance(address, dict):
            return
        german = _text(address.get("land")).casefold() in GERMANY
        code = _postal_code(address.get("plz")) if german else ""
        found.append((bool(code), Place(code, street, *coordinates)))

    def koordinaten(place: dict[str, Any]) -> tuple[Any, Any]:
        coords = _dict(place.get("koordinaten"))
        return coords.get("lat"), coords.get("lon")

    place = _dict(item.get("arbeitsort"))
    add(place, _text(place.get("strasse")), koordinaten(place))
    for place in _list(item.get("arbeitsorte")):
        place = _dict(place)
        add(place, _text(place.get("strasse")), koordinaten(place))
    for location in _list(item.get("stellenlokationen")):
        location = _dict(location)
        address = _dict(location.get("adresse"))
        street = " ".join(
            p for p in (_text(address.get("strasse")), _text(address.get("hausnummer"))) if p
        )
        add(address, street, (location.get("breite"), location.get("laenge")))
    employer = _dict(item.get("arbeitgeberAdresse"))
    street = _text(employer.get("strasseHausnummer")) or _text(employer.get("strasse"))
    add(employer, street, (None, None))
    return [p for ok, p in found if ok] + [p for ok, p in found if not ok]


def description_text(value: Any) -> str:
    """The BA's description (may hold HTML) as plain text with its paragraphs."""
    text = _text(value)
    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d|/tr)\b[^>]*>", "\n", text)
    text = re.sub(r"(?i)<\s*li\b[^>]*>", "• ", text)
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 2].rstrip() + " …"
    return text


def _url(*values: Any) -> str:
    for value in values:
        text = _text(value)
        if text.startswith(("http://", "https://")):
            return text
    return ""


def offer_fields(item: dict[str, Any]) -> dict[str, Any] | Skip:
    """A BA search item or job detail -> the import template's columns (see imports.py),
    plus `occupation_names` (beruf, hauptberuf, titel: tried in this order) and `kldb`."""
    kind = _text(item.get("angebotsart", item.get("stellenangebotsart", "4"))).upper()
    if kind not in APPRENTICESHIP_KINDS:
        return Skip("not an apprenticeship")
    where = places(item)
    first = where[0] if where else Place("", "", None, None)
    start = item.get("eintrittsdatum") or _dict(item.get("eintrittszeitraum")).get("von")
    certificate = _text(item.get("geforderterBildungsabschluss")).casefold()
    names = [
        _text(item.get(key))
        for key in ("beruf", "hauptberuf", "titel", "stellenangebotsTitel")
        if _text(item.get(key))
    ]
    return {
        "external_id": _text(item.get("refnr") or item.get("referenznummer")),
        "company_name": _text(item.get("arbeitgeber") or item.get("firma")),
        "street": first.street,
        "postal_code": first.postal_code,
        "postal_code_missing": "no German postal code in arbeitsort, arbeitsorte, "
        "stellenlokationen or arbeitgeberAdresse",
        "lat": first.lat,
        "lon": first.lon,
        "occupation": names[0] if names else "",
        "occupation_names": names,
        "kldb": item.get("kldb"),
        "dual_study": bool(_text(item.get("studiengang"))),
        "start_date": start or "",
        "places": item.get("anzahlOffeneStellen"),
        "required_certificate": next(
            (code for word, code in CERTIFICATES if word in certificate), "none"
        ),
        "description": description_text(
            item.get("stellenangebotsBeschreibung") or item.get("stellenbeschreibung")
        ),
        "website": _url(
            item.get("externeUrl"), item.get("externeURL"), item.get("arbeitgeberdarstellungUrl")
        ),
    }
