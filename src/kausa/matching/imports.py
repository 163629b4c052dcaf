"""Offer imports: the BA Jobsuche format (JSON) and the offices' CSV/XLSX template.

Idempotent by (source, external id): a re-import updates, never duplicates. With
``full=True`` the file is the complete feed of that source for the organisation: open
offers missing from it are marked withdrawn. Every bad row is reported with its line and
reason; ``strict`` rejects the whole file (nothing is written), otherwise the good rows are
imported in one transaction.

CSV/XLSX template (header row required, UTF-8, comma-separated; see docs/offer-import.md):

    external_id, company_name, street, postal_code, occupation, start_date, places,
    required_certificate, required_german, description, website

occupation: KldB 5-digit code (e.g. 25212) or the occupation's official or short name;
start_date: YYYY-MM-DD or DD.MM.YYYY; places: 1–500 (default 1); required_certificate:
none|first|intermediate|fhr|abitur (default none); required_german: none|A1…C2 (default none).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from kausa.accounts.models import Organisation
from kausa.companies.services import ImportedOffer, offers_upsert_from_import
from kausa.core.text import search_key
from kausa.matching.index import offer_index_invalidate
from kausa.reference.choices import GermanLevel, RequiredCertificate
from kausa.reference.models import Occupation, PostalCode

FORMATS = ("ba-jobsuche", "csv", "xlsx")
CSV_COLUMNS = (
    "external_id",
    "company_name",
    "street",
    "postal_code",
    "occupation",
    "start_date",
    "places",
    "required_certificate",
    "required_german",
    "description",
    "website",
)
REQUIRED_COLUMNS = ("external_id", "company_name", "postal_code", "occupation", "start_date")
BA_APPRENTICESHIP = "4"  # angebotsart=4: AUSBILDUNG / Duales Studium
# geforderterBildungsabschluss (free text in the BA data) -> RequiredCertificate
BA_CERTIFICATES = (
    ("hochschulreife", "abitur"),
    ("abitur", "abitur"),
    ("fachhochschulreife", "fhr"),
    ("mittlere", "intermediate"),
    ("realschul", "intermediate"),
    ("hauptschul", "first"),
    ("berufsreife", "first"),
    ("erster", "first"),
)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, not JSON …)."""


@dataclass
class OfferRow(ImportedOffer):
    """A good row of the file; companies.services writes it."""

    line: str = ""


@dataclass
class ImportReport:
    source: str
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    skipped: int = 0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # line, id, reason
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["line", "external_id", "problem"])
        writer.writerows(self.problems)
        return out.getvalue()

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.withdrawn} withdrawn, "
            f"{self.skipped} skipped, {len(self.problems)} bad rows"
        )


class RowError(ValueError):
    pass


# --- lookups ----------------------------------------------------------------------------


class _Catalogue:
    def __init__(self) -> None:
        self.by_kldb: dict[str, Occupation] = {}
        self.by_name: dict[str, Occupation] = {}
        for occ in Occupation.objects.order_by("-is_common", "id"):
            self.by_kldb.setdefault(occ.kldb_id, occ)
            for name in (occ.name, occ.short_name, *occ.name.split(" / ")):
                self.by_name.setdefault(search_key(name), occ)
        self.postal_codes: dict[str, PostalCode] = {}

    def occupation(self, value: str) -> Occupation:
        value = value.strip()
        if value.isdigit() and len(value) == 5:
            if value in self.by_kldb:
                return self.by_kldb[value]
            raise RowError(f"no training occupation with KldB code {value}")
        found = self.by_name.get(search_key(value))
        if found is None:  # BA style: "Kaufmann/-frau im Einzelhandel", "Koch (m/w/d)"
            plain = re.sub(r"\(m/w/d\)|/-\w+", "", value).strip()
            found = self.by_name.get(search_key(re.sub(r"\s+", " ", plain)))
        if found is None:
            raise RowError(f"unknown occupation {value!r}")
        return found

    def postal_code(self, value: Any) -> PostalCode:
        code = str(value or "").strip()
        if code.isdigit() and len(code) == 4:
            code = "0" + code  # a number lost its leading zero
        if not (code.isdigit() and len(code) == 5):
            raise RowError(f"{code!r} is not a German postal code")
        if code not in self.postal_codes:
            found = PostalCode.objects.filter(code=code).first()
            if found is None:
                raise RowError(f"unknown postal code {code}")
            self.postal_codes[code] = found
        return self.postal_codes[code]


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()[:10]
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(f"start date {text!r} is not a date (YYYY-MM-DD or DD.MM.YYYY)")


def _choice(value: Any, choices: type[Any], name: str) -> str:
    text = str(value or "").strip() or "none"
    if text not in choices.values:
        raise RowError(f"{name} {text!r} is not one of {', '.join(choices.values)}")
    return text


def _places(value: Any) -> int:
    text = str(value if value is not None else "").strip() or "1"
    try:
        places = int(float(text))
    except ValueError:
        raise RowError(f"places {text!r} is not a number") from None
    if not 1 <= places <= 500:
        raise RowError("places must be between 1 and 500")
    return places


# --- readers: each yields (line label, raw dict) ----------------------------------------


def _csv_rows(data: bytes) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("the CSV file is not UTF-8") from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    _check_header(reader.fieldnames or [])
    for row in reader:
        yield str(reader.line_num), row


def _xlsx_rows(data: bytes) -> Iterator[tuple[str, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise ImportFileError(f"the XLSX file cannot be read: {error}") from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, [])]
    _check_header(header)
    for number, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        yield str(number), dict(zip(header, values, strict=False))


def _check_header(header: Sequence[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(f"the header lacks the column(s) {', '.join(missing)}")


def _ba_rows(data: bytes) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(f"the BA Jobsuche file is not JSON: {error}") from None
    items = payload.get("stellenangebote") if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        raise ImportFileError("expected a list of offers or an object with 'stellenangebote'")
    for number, item in enumerate(items, start=1):
        yield f"item {number}", item if isinstance(item, dict) else {}


def _ba_to_template(item: dict[str, Any]) -> dict[str, Any] | None:
    """A BA search item or job detail -> template columns (None: not an apprenticeship)."""
    kind = str(item.get("angebotsart", item.get("stellenangebotsart", BA_APPRENTICESHIP)))
    if kind not in (BA_APPRENTICESHIP, "AUSBILDUNG"):
        return None
    place = item.get("arbeitsort") or {}
    locations = item.get("stellenlokationen") or [{}]
    address = (locations[0] or {}).get("adresse") or {}
    coords = place.get("koordinaten") or {}
    street = place.get("strasse") or " ".join(
        p for p in (address.get("strasse"), address.get("hausnummer")) if p
    )
    start = item.get("eintrittsdatum") or (item.get("eintrittszeitraum") or {}).get("von")
    certificate = search_key(str(item.get("geforderterBildungsabschluss") or ""))
    return {
        "external_id": item.get("refnr") or item.get("referenznummer") or "",
        "company_name": item.get("arbeitgeber") or item.get("firma") or "",
        "street": street,
        "postal_code": place.get("plz") or address.get("plz") or "",
        "lat": coords.get("lat") or (locations[0] or {}).get("breite"),
        "lon": coords.get("lon") or (locations[0] or {}).get("laenge"),
        "occupation": item.get("kldb") or item.get("beruf") or item.get("titel") or "",
        "start_date": start or "",
        "required_certificate": next(
            (code for word, code in BA_CERTIFICATES if word in certificate), "none"
        ),
        "description": str(item.get("stellenangebotsBeschreibung") or "")[:4000],
        "website": item.get("externeURL") or "",
    }


def _parse(raw: dict[str, Any], line: str, catalogue: _Catalogue) -> OfferRow:
    def text(name: str) -> str:
        return str(raw.get(name) or "").strip()

    external_id = text("external_id")
    if not external_id:
        raise RowError("external_id is empty")
    if len(external_id) > 100:
        raise RowError("external_id is longer than 100 characters")
    company_name = text("company_name")
    if not company_name:
        raise RowError("company_name is empty")
    lat, lon = raw.get("lat"), raw.get("lon")
    return OfferRow(
        line=line,
        external_id=external_id,
        company_name=company_name[:200],
        street=text("street")[:200],
        postal_code=catalogue.postal_code(raw.get("postal_code")),
        occupation=catalogue.occupation(text("occupation")),
        start_date=_date(raw.get("start_date")),
        places=_places(raw.get("places")),
        lat=float(lat) if lat is not None and lat != "" else None,
        lon=float(lon) if lon is not None and lon != "" else None,
        required_certificate=_choice(
            raw.get("required_certificate"), RequiredCertificate, "required_certificate"
        ),
        required_german=_choice(raw.get("required_german"), GermanLevel, "required_german"),
        description=text("description")[:4000],
        website=text("website")[:200]
        if text("website").startswith(("http://", "https://"))
        else "",
    )


# --- the service ------------------------------------------------------------------------


def offers_import(
    *,
    data: bytes,
    file_format: str,
    organisation: Organisation,
    source: str = "",
    strict: bool = False,
    full: bool = False,
) -> ImportReport:
    """Read, validate and write offers; see the module doc. Raises ImportFileError."""
    if file_format not in FORMATS:
        raise ImportFileError(f"unknown format {file_format!r}: use one of {', '.join(FORMATS)}")
    source = source or ("ba-jobsuche" if file_format == "ba-jobsuche" else "office-import")
    report = ImportReport(source=source)
    reader = {"ba-jobsuche": _ba_rows, "csv": _csv_rows, "xlsx": _xlsx_rows}[file_format]
    catalogue = _Catalogue()
    good: dict[str, OfferRow] = {}
    for line, raw in reader(data):
        mapped = _ba_to_template(raw) if file_format == "ba-jobsuche" else raw
        if mapped is None:
            report.skipped += 1
            continue
        try:
            row = _parse(mapped, line, catalogue)
        except (RowError, ValueError, TypeError) as error:
            report.problems.append((line, str(mapped.get("external_id") or ""), str(error)))
            continue
        if row.external_id in good:
            report.problems.append((line, row.external_id, "external_id appears twice"))
            continue
        good[row.external_id] = row
    if strict and report.problems:
        return report
    _write(report, good, organisation, source, full)
    report.written = True
    return report


@transaction.atomic
def _write(
    report: ImportReport,
    rows: dict[str, OfferRow],
    organisation: Organisation,
    source: str,
    full: bool,
) -> None:
    counts = offers_upsert_from_import(
        organisation=organisation, source=source, rows=rows, full=full
    )
    report.created = counts.created
    report.updated = counts.updated
    report.withdrawn = counts.withdrawn
    # a long import transaction may commit rows older than the index's last refresh:
    # large imports ask every process for a full rebuild
    large = report.created + report.updated + report.withdrawn > 1000
    transaction.on_commit(lambda: offer_index_invalidate(full=large))


def read_file(path: Path) -> bytes:
    return path.read_bytes()
