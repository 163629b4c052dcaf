"""Offer imports: the BA Jobsuche format (JSON) and the offices' CSV/XLSX template.

Idempotent by (source, external id): a re-import updates, never duplicates. With
``full=True`` the file is the complete feed of that source for the organisation: open
offers missing from it are marked withdrawn. Every bad row is reported with its line and
reason; ``strict`` rejects the whole file (nothing is written), otherwise the good rows are
imported in one transaction.

BA offers (source ``ba-jobsuche``) are one catalogue shared by all offices: an offer
another office imported first stays with it and is reported as already in the catalogue
(companies.services.offers_upsert_from_import). Occupation names are mapped by
kausa.reference's matcher (BA spellings, aliases, KldB code); a name that does not map is
reported with the three closest occupations.

CSV/XLSX template (header row required; CSV in UTF-8 with or without BOM, Windows-1252 or
UTF-16, separated by ',' ';' or tabs; see docs/offer-import.md):

    external_id, company_name, street, postal_code, occupation, start_date, places,
    required_certificate, required_german, description, website [, lat, lon]

occupation: KldB 5-digit code (e.g. 25212) or the occupation's name (BA spellings too);
start_date: YYYY-MM-DD or DD.MM.YYYY; places: 1–500 (default 1); required_certificate:
none|first|intermediate|fhr|abitur (default none); required_german: none|A1…C2 (default
none); lat/lon: decimal degrees, a decimal comma is fine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from kausa.accounts.models import Organisation
from kausa.companies.models import CATALOGUE_SOURCES
from kausa.companies.services import ImportedOffer, offers_upsert_from_import
from kausa.core import exports
from kausa.matching import ba_api
from kausa.matching.index import offer_index_invalidate
from kausa.reference.choices import GermanLevel, RequiredCertificate
from kausa.reference.models import Occupation, PostalCode
from kausa.reference.selectors import OccupationMatcher, occupation_matcher

FORMATS = ("ba-jobsuche", "csv", "xlsx")
BA_SOURCE = CATALOGUE_SOURCES[0]  # "ba-jobsuche": the BA's national reference numbers
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
CLOSEST = 3  # occupations suggested for a name that does not map


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, not JSON …)."""


@dataclass
class OfferRow(ImportedOffer):
    """A good row of the file; companies.services writes it."""

    line: str = ""


@dataclass
class Unmapped:
    """An occupation name of the file that maps to no occupation."""

    rows: int = 0
    closest: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    source: str
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    skipped: int = 0
    already_in_catalogue: int = 0
    with_other_office: int = 0
    skipped_because: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # line, id, reason
    unmapped: dict[str, Unmapped] = field(default_factory=dict)  # name -> rows, closest
    unmapped_of_problem: dict[int, str] = field(default_factory=dict)  # problem index -> name
    mapped_by: Counter[str] = field(default_factory=Counter)  # how occupations were found
    encoding: str = ""  # CSV: the encoding the file was read in
    delimiter: str = ""
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_csv(self) -> bytes:
        """The bad rows (line, external_id, problem, closest occupations for a name that
        does not map), in the dialect of every Kausa CSV (core.exports: ';', BOM, values
        from the imported file can never run as a formula)."""
        rows = []
        for number, (line, external_id, problem) in enumerate(self.problems):
            name = self.unmapped_of_problem.get(number)
            closest = self.unmapped[name].closest if name in self.unmapped else []
            rows.append([line, external_id, problem, " | ".join(closest)])
        return exports.csv_bytes(["line", "external_id", "problem", "closest_occupations"], rows)

    def summary(self) -> str:
        skipped = f"{self.skipped} skipped"
        if self.skipped_because:
            reasons = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped_because.items()))
            skipped += f" ({reasons})"
        text = (
            f"{self.created} created, {self.updated} updated, {self.withdrawn} withdrawn, "
            f"{skipped}, {len(self.problems)} bad rows"
        )
        if self.already_in_catalogue:
            text += (
                f"; already in the catalogue: {self.already_in_catalogue} "
                "(kept with the office that looks after them)"
            )
        if self.with_other_office:
            text += (
                f"; {self.with_other_office} new offer(s) of companies another office looks after"
            )
        return text

    def read_as(self) -> str:
        """How a CSV file was read ('' for other formats)."""
        if not self.encoding:
            return ""
        shown = {",": "','", ";": "';'", "\t": "tabs"}.get(self.delimiter, repr(self.delimiter))
        return f"read as {self.encoding}, separated by {shown}"

    def unmapped_lines(self) -> list[str]:
        """One line per occupation name that does not map, most rows first."""
        ordered = sorted(self.unmapped.items(), key=lambda item: (-item[1].rows, item[0]))
        return [
            f"{name!r} ({u.rows} row{'s' if u.rows != 1 else ''}): closest "
            + (" | ".join(u.closest) or "-")
            for name, u in ordered
        ]


class RowError(ValueError):
    pass


class UnknownOccupation(RowError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown occupation {name!r}")
        self.name = name


# --- lookups ----------------------------------------------------------------------------


class _Catalogue:
    """The lookups of one import: occupations (kausa.reference's matcher, held for the whole
    file) and postal codes."""

    def __init__(self) -> None:
        self.matcher: OccupationMatcher = occupation_matcher()
        self.by_kldb: dict[str, Occupation] = {}
        for occ in sorted(self.matcher.occupations.values(), key=lambda o: (not o.is_common, o.id)):
            self.by_kldb.setdefault(occ.kldb_id, occ)
        self.postal_codes: dict[str, PostalCode] = {}
        self.closest: dict[str, list[str]] = {}

    def occupation(self, names: Sequence[str], kldb: Any = None) -> tuple[Occupation, str]:
        """The occupation the first name that maps means, and how it was found; a bare
        KldB code (a CSV cell like 25212) by that code."""
        names = [n.strip() for n in names if n and n.strip()]
        if not names:
            raise RowError("occupation is empty")
        first = names[0]
        if re.fullmatch(r"\d{5}(-\d+)?", first):
            code = first[:5]
            if code in self.by_kldb:
                return self.by_kldb[code], "KldB code"
            raise RowError(f"no training occupation with KldB code {code}")
        for name in names:
            found = self.matcher.match(name, kldb)
            if found is not None:
                return found
        raise UnknownOccupation(first)

    def suggestions(self, name: str) -> list[str]:
        if name not in self.closest:
            self.closest[name] = [o.short_name for o, _ in self.matcher.closest(name, CLOSEST)]
        return self.closest[name]

    def postal_code(self, value: Any, missing: str = "") -> PostalCode:
        code = str(value if value is not None else "").strip()
        if not code:
            raise RowError(missing or "postal_code is empty")
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
    text = str(value if value is not None else "").strip().replace(",", ".") or "1"
    try:
        number = float(text)
    except ValueError:
        raise RowError(f"places {text!r} is not a number") from None
    if not math.isfinite(number) or number != int(number):
        raise RowError(f"places {text!r} is not a whole number")
    places = int(number)
    if not 1 <= places <= 500:
        raise RowError("places must be between 1 and 500")
    return places


# Germany lies within these bounds (with a margin); coordinates outside are a mistake
# (often latitude and longitude swapped).
LAT_RANGE = (47.0, 55.2)
LON_RANGE = (5.5, 15.5)


def _coordinate(value: Any, name: str, bounds: tuple[float, float]) -> float | None:
    """A latitude or longitude in decimal degrees; '52,52' (a decimal comma) is 52.52."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RowError(f"{name} {value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise RowError(f"{name} {value!r} is not a number (decimal degrees)") from None
    low, high = bounds
    if not low <= number <= high:  # also NaN
        raise RowError(f"{name} {value!r} is not in Germany ({low}–{high})")
    return number


# --- readers: each yields (line label, raw dict) ----------------------------------------


ENCODINGS = (  # tried in this order; the first that reads the whole file wins
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252"),
)


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding: UTF-8 with or without BOM,
    UTF-16 with BOM (Excel's 'Unicode text'), else Windows-1252 (German Excel's 'CSV')."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = [("utf-8-sig", "UTF-8 with BOM")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = [("utf-16", "UTF-16")]
    else:
        encodings = list(ENCODINGS)
    for codec, name in encodings:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "the CSV file is neither UTF-8 nor Windows-1252: save it as 'CSV UTF-8'"
    ) from None


def _delimiter(text: str) -> str:
    """',' ';' or a tab: whichever the header line has most of (the column names have
    none of them)."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(data: bytes, report: ImportReport) -> Iterator[tuple[str, dict[str, Any]]]:
    text, report.encoding = decode_csv(data)
    report.delimiter = _delimiter(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=report.delimiter)
    header = [(name or "").strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    _check_header(header)
    for row in reader:
        yield str(reader.line_num), row


def _xlsx_rows(data: bytes, report: ImportReport) -> Iterator[tuple[str, dict[str, Any]]]:
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


def _ba_rows(data: bytes, report: ImportReport) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(f"the BA Jobsuche file is not JSON: {error}") from None
    items = payload.get("stellenangebote") if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        raise ImportFileError("expected a list of offers or an object with 'stellenangebote'")
    for number, item in enumerate(items, start=1):
        yield f"item {number}", item if isinstance(item, dict) else {}


def _is_url(text: str) -> bool:
    """An http(s) URL that fits a company's website field (else it is left out)."""
    if len(text) > 200:
        return False
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def _parse(raw: dict[str, Any], line: str, catalogue: _Catalogue) -> tuple[OfferRow, str]:
    """A good row and how its occupation was found, or RowError."""

    def text(name: str) -> str:
        return str(raw.get(name) if raw.get(name) is not None else "").strip()

    external_id = text("external_id")
    if not external_id:
        raise RowError("external_id is empty")
    if len(external_id) > 100:
        raise RowError("external_id is longer than 100 characters")
    company_name = text("company_name")
    if not company_name:
        raise RowError("company_name is empty")
    names = raw.get("occupation_names") or [text("occupation")]
    occupation, method = catalogue.occupation(names, raw.get("kldb"))
    website = text("website")
    row = OfferRow(
        line=line,
        external_id=external_id,
        company_name=company_name[:200],
        street=text("street")[:200],
        postal_code=catalogue.postal_code(
            raw.get("postal_code"), raw.get("postal_code_missing", "")
        ),
        occupation=occupation,
        start_date=_date(raw.get("start_date")),
        places=_places(raw.get("places")),
        lat=_coordinate(raw.get("lat"), "latitude", LAT_RANGE),
        lon=_coordinate(raw.get("lon"), "longitude", LON_RANGE),
        required_certificate=_choice(
            raw.get("required_certificate"), RequiredCertificate, "required_certificate"
        ),
        required_german=_choice(raw.get("required_german"), GermanLevel, "required_german"),
        description=text("description")[: ba_api.DESCRIPTION_LENGTH],
        website=website if _is_url(website) else "",
    )
    if (row.lat is None) != (row.lon is None):
        raise RowError("latitude and longitude go together: give both or neither")
    return row, method


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
    if file_format == "ba-jobsuche":
        if source and source != BA_SOURCE:
            raise ImportFileError(
                f"BA offers go to the shared catalogue {BA_SOURCE!r}; leave out --source"
            )
        source = BA_SOURCE
    source = source or "office-import"
    report = ImportReport(source=source)
    reader = {"ba-jobsuche": _ba_rows, "csv": _csv_rows, "xlsx": _xlsx_rows}[file_format]
    catalogue = _Catalogue()
    good: dict[str, OfferRow] = {}
    for line, raw in reader(data, report):
        mapped = ba_api.offer_fields(raw) if file_format == "ba-jobsuche" else raw
        if isinstance(mapped, ba_api.Skip):
            report.skipped += 1
            report.skipped_because[mapped.reason] += 1
            continue
        try:
            row, method = _parse(mapped, line, catalogue)
        except UnknownOccupation as error:
            if mapped.get("dual_study"):  # a degree course without a training occupation
                report.skipped += 1
                report.skipped_because["dual study"] += 1
                continue
            unmapped = report.unmapped.setdefault(
                error.name, Unmapped(closest=catalogue.suggestions(error.name))
            )
            unmapped.rows += 1
            report.unmapped_of_problem[len(report.problems)] = error.name
            report.problems.append((line, str(mapped.get("external_id") or ""), str(error)))
            continue
        except (RowError, ValueError, TypeError) as error:
            report.problems.append((line, str(mapped.get("external_id") or ""), str(error)))
            continue
        if row.external_id in good:
            report.problems.append((line, row.external_id, "external_id appears twice"))
            continue
        good[row.external_id] = row
        report.mapped_by[method] += 1
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
    report.already_in_catalogue = counts.already_in_catalogue
    report.with_other_office = counts.with_other_office
    # a long import transaction may commit rows older than the index's last refresh:
    # large imports ask every process for a full rebuild
    changed = report.created + report.updated + report.withdrawn + report.already_in_catalogue
    large = changed > 1000
    transaction.on_commit(lambda: offer_index_invalidate(full=large))


def read_file(path: Path) -> bytes:
    return path.read_bytes()
