"""Load the reference catalogues from CSV files.

All files are read and checked before anything is written; then every table is
upserted in one transaction. A bad file raises ReferenceDataError naming file,
line and problem, and leaves the database as it was.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from kausa.core.text import search_key
from kausa.reference.models import (
    District,
    KldbGroup,
    Language,
    Occupation,
    OccupationGroup,
    PostalCode,
)
from kausa.reference.occupation_names import (
    LANGUAGES,
    TEXT_LANGUAGES,
    names_search_text,
    texts_clear,
)

BUNDLED_DIR = Path(__file__).resolve().parent / "data"
_PLZ = re.compile(r"^\d{5}$")
_AGS = re.compile(r"^\d{5}$")
_LANG = re.compile(r"^[a-z]{2}$")
_KLDB = re.compile(r"^\d{1,5}$")
_GROUP_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
OCCUPATION_NAMES = "occupation_names.csv"
OCCUPATION_DESCRIPTIONS = "occupation_descriptions.csv"
OCCUPATION_DESCRIPTION_FACTS = "occupation_description_facts.csv"
OCCUPATION_GROUPS = "occupation_groups.csv"
CERTIFICATES = ("first", "intermediate", "abitur")
GERMAN_LEVELS = ("A2", "B1", "B2", "C1")


class ReferenceDataError(Exception):
    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path.name}, line {line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


@dataclass
class LoadSummary:
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{n:,} {name}" for name, n in self.counts.items())


def reference_dir() -> Path:
    return Path(os.environ.get("KAUSA_REFERENCE_DIR") or BUNDLED_DIR)


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise ReferenceDataError(path, 0, "file not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(path, 1, f"missing column(s): {', '.join(missing)}")
        for number, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise ReferenceDataError(path, number, "wrong number of fields")
            yield number, {k: v.strip() for k, v in row.items()}


def _commented_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Like _rows, for files that open with notes: lines starting with # are left out (a
    record is one line)."""
    if not path.exists():
        raise ReferenceDataError(path, 0, "file not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1)]
    content = [(n, line) for n, line in lines if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(line for _, line in content)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceDataError(
            path, content[0][0] if content else 1, "missing column(s): " + ", ".join(missing)
        )
    for (number, _), row in zip(content[1:], reader, strict=True):
        if None in row or any(v is None for v in row.values()):
            raise ReferenceDataError(path, number, "wrong number of fields")
        yield number, {k: v.strip() for k, v in row.items()}


def _float(path: Path, line: int, value: str, name: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ReferenceDataError(path, line, f"{name} {value!r} is not a number") from None
    if not low <= number <= high:
        raise ReferenceDataError(path, line, f"{name} {number} is outside {low}..{high}")
    return number


def _check(path: Path, line: int, ok: bool, problem: str) -> None:
    if not ok:
        raise ReferenceDataError(path, line, problem)


def _coords(path: Path, line: int, row: dict[str, str]) -> dict[str, float]:
    # Germany plus a margin (Jungholz and border places).
    return {
        "lat": _float(path, line, row["lat"], "lat", 47.0, 55.2),
        "lon": _float(path, line, row["lon"], "lon", 5.5, 15.5),
    }


def parse_districts(path: Path) -> list[District]:
    result = []
    for line, row in _rows(path, ("ags", "name", "state_code", "lat", "lon")):
        _check(path, line, bool(_AGS.match(row["ags"])), f"AGS {row['ags']!r} is not 5 digits")
        _check(path, line, bool(row["name"]), "name is empty")
        result.append(
            District(
                ags=row["ags"],
                name=row["name"],
                state_code=row["state_code"],
                **_coords(path, line, row),
            )
        )
    return result


def parse_postal_codes(path: Path) -> list[PostalCode]:
    result, seen = [], set()
    columns = ("plz", "place", "places", "state", "state_code", "district", "district_ags")
    for line, row in _rows(path, (*columns, "lat", "lon")):
        code = row["plz"]
        _check(path, line, bool(_PLZ.match(code)), f"postal code {code!r} is not 5 digits")
        _check(path, line, code not in seen, f"postal code {code} appears twice")
        _check(path, line, bool(row["place"]), "place is empty")
        ags = row["district_ags"]
        _check(path, line, not ags or bool(_AGS.match(ags)), f"AGS {ags!r} is not 5 digits")
        seen.add(code)
        result.append(
            PostalCode(
                code=code,
                place=row["place"],
                places=row["places"][:2000],
                state=row["state"],
                state_code=row["state_code"],
                district_name=row["district"],
                district_ags=ags,
                **_coords(path, line, row),
            )
        )
    return result


def parse_kldb(path: Path) -> list[KldbGroup]:
    result: list[KldbGroup] = []
    known: set[str] = set()
    for line, row in _rows(path, ("code", "level", "title", "short_title")):
        code = row["code"]
        _check(path, line, bool(_KLDB.match(code)), f"KldB code {code!r} is not 1-5 digits")
        _check(path, line, row["level"] == str(len(code)), f"level {row['level']!r} != code length")
        parent = code[:-1] or None
        _check(path, line, parent is None or parent in known, f"parent {parent} of {code} unknown")
        known.add(code)
        result.append(
            KldbGroup(
                code=code,
                level=len(code),
                title=row["title"][:300],
                short_title=(row["short_title"] or row["title"])[:300],
                parent_id=parent,
            )
        )
    return result


def parse_occupations(path: Path, regulation: str, kldb_codes: set[str]) -> list[Occupation]:
    result = []
    columns = ("name", "short_name", "duration_months", "chamber", "sector", "kldb_code")
    for line, row in _rows(path, (*columns, "top_2024")):
        _check(path, line, bool(row["name"] and row["short_name"]), "name is empty")
        duration = row["duration_months"]
        _check(
            path,
            line,
            duration.isdigit() and 12 <= int(duration) <= 48,
            f"duration {duration!r} is not a number of months between 12 and 48",
        )
        _check(
            path, line, row["kldb_code"] in kldb_codes, f"unknown KldB code {row['kldb_code']!r}"
        )
        _check(path, line, row["top_2024"] in {"yes", "no"}, "top_2024 must be yes or no")
        result.append(
            Occupation(
                name=row["name"],
                short_name=row["short_name"],
                duration_months=int(duration),
                chamber=row["chamber"],
                sector=row["sector"],
                kldb_id=row["kldb_code"],
                is_common=row["top_2024"] == "yes",
                regulation=regulation,
                search_text=search_key(f"{row['short_name']} | {row['name']}")[:400],
            )
        )
    return result


def parse_languages(path: Path) -> list[Language]:
    result = []
    for line, row in _rows(path, ("code", "name_en", "name_de", "native_name", "rtl")):
        _check(path, line, bool(_LANG.match(row["code"])), f"code {row['code']!r} is not ISO 639-1")
        _check(path, line, row["rtl"] in {"yes", "no"}, "rtl must be yes or no")
        result.append(
            Language(
                code=row["code"],
                name_en=row["name_en"],
                name_de=row["name_de"],
                native_name=row["native_name"],
                rtl=row["rtl"] == "yes",
            )
        )
    return result


def _data_file(base: Path, name: str) -> Path:
    """A file of the occupation texts in `base`, else the bundled one (an older copy of the
    reference files may not have it)."""
    path = base / name
    return path if path.exists() else BUNDLED_DIR / name


def parse_occupation_names(path: Path, short_names: set[str]) -> dict[str, dict[str, str]]:
    """short name -> {language: name} for every occupation, each in every language."""
    result: dict[str, dict[str, str]] = {}
    for line, row in _commented_rows(path, ("occupation", *LANGUAGES)):
        short_name = row["occupation"]
        _check(path, line, short_name in short_names, f"unknown occupation {short_name!r}")
        _check(path, line, short_name not in result, f"{short_name!r} appears twice")
        empty = [code for code in LANGUAGES if not row[code]]
        _check(path, line, not empty, f"no name in {', '.join(empty)}")
        result[short_name] = {code: row[code] for code in LANGUAGES}
    missing = sorted(short_names - set(result))
    _check(path, 0, not missing, f"no names for {', '.join(missing[:5])}")
    return result


def parse_description_facts(path: Path) -> dict[str, dict[str, str]]:
    """key -> {language: words}: the sentence on duration, certificate and German level, and
    the words it is made of (months_36, certificate_first, ...)."""
    result: dict[str, dict[str, str]] = {}
    for line, row in _commented_rows(path, ("key", *TEXT_LANGUAGES)):
        empty = [code for code in TEXT_LANGUAGES if not row[code]]
        _check(path, line, not empty, f"no text in {', '.join(empty)}")
        result[row["key"]] = {code: row[code] for code in TEXT_LANGUAGES}
    needed = ["sentence", *(f"certificate_{c}" for c in CERTIFICATES)]
    missing = [key for key in needed if key not in result]
    _check(path, 0, not missing, f"missing row(s): {', '.join(missing)}")
    for code, sentence in result["sentence"].items():
        for part in ("{duration}", "{certificate}", "{german}"):
            _check(path, 0, part in sentence, f"the {code} sentence has no {part}")
    return result


def parse_occupation_descriptions(
    path: Path, facts: dict[str, dict[str, str]], months: dict[str, int]
) -> dict[str, dict[str, str]]:
    """short name -> {language: description}: what one does and where (from the file), then
    the sentence on duration, the usual school certificate and German level (from facts)."""
    result: dict[str, dict[str, str]] = {}
    for line, row in _commented_rows(
        path, ("occupation", "certificate", "german", *TEXT_LANGUAGES)
    ):
        short_name = row["occupation"]
        _check(path, line, short_name in months, f"unknown occupation {short_name!r}")
        _check(path, line, short_name not in result, f"{short_name!r} appears twice")
        _check(
            path,
            line,
            row["certificate"] in CERTIFICATES,
            "certificate must be one of " + ", ".join(CERTIFICATES),
        )
        _check(
            path,
            line,
            row["german"] in GERMAN_LEVELS,
            "german must be one of " + ", ".join(GERMAN_LEVELS),
        )
        empty = [code for code in TEXT_LANGUAGES if not row[code]]
        _check(path, line, not empty, f"no text in {', '.join(empty)}")
        duration_key = f"months_{months[short_name]}"
        _check(path, line, duration_key in facts, f"no words for {months[short_name]} months")
        duration = facts[duration_key]
        certificate = facts[f"certificate_{row['certificate']}"]
        result[short_name] = {
            code: " ".join(
                (
                    row[code],
                    facts["sentence"][code].format(
                        duration=duration[code],
                        certificate=certificate[code],
                        german=row["german"],
                    ),
                )
            )
            for code in TEXT_LANGUAGES
        }
    return result


def parse_occupation_groups(path: Path, kldb_codes: set[str]) -> list[OccupationGroup]:
    result: list[OccupationGroup] = []
    for line, row in _commented_rows(path, ("key", "kldb", *TEXT_LANGUAGES)):
        key = row["key"]
        _check(path, line, bool(_GROUP_KEY.match(key)), f"key {key!r} is not a-z, 0-9, _")
        _check(path, line, key not in {g.key for g in result}, f"{key!r} appears twice")
        prefixes = row["kldb"].split()
        _check(path, line, bool(prefixes), "no KldB codes")
        for prefix in prefixes:
            _check(path, line, prefix in kldb_codes, f"unknown KldB code {prefix!r}")
            # Berufsbereich 0: Militär. A field of work for young people never leads there.
            _check(path, line, not prefix.startswith("0"), f"{prefix}: KldB 0 is the military")
        empty = [code for code in TEXT_LANGUAGES if not row[code]]
        _check(path, line, not empty, f"no name in {', '.join(empty)}")
        result.append(
            OccupationGroup(
                key=key,
                position=len(result) + 1,
                names={code: row[code] for code in TEXT_LANGUAGES},
                kldb_prefixes=prefixes,
            )
        )
    return result


def occupation_texts(base: Path, occupations: list[Occupation]) -> None:
    """Put the names in every language and the descriptions on the (unsaved) occupations."""
    by_short_name = {o.short_name: o for o in occupations}
    if len(by_short_name) != len(occupations):
        short_names = [o.short_name for o in occupations]
        duplicate = next(n for n in short_names if short_names.count(n) > 1)
        raise ReferenceDataError(base / "ausbildungsberufe.csv", 0, f"{duplicate!r} appears twice")
    names = parse_occupation_names(_data_file(base, OCCUPATION_NAMES), set(by_short_name))
    facts = parse_description_facts(_data_file(base, OCCUPATION_DESCRIPTION_FACTS))
    descriptions = parse_occupation_descriptions(
        _data_file(base, OCCUPATION_DESCRIPTIONS),
        facts,
        {o.short_name: o.duration_months for o in occupations},
    )
    for short_name, occupation in by_short_name.items():
        occupation.names = names[short_name]
        occupation.descriptions = descriptions.get(short_name, {})
        occupation.names_search = names_search_text(occupation.names)


def _upsert(model: type[Any], objs: list[Any], unique: list[str], update: list[str]) -> None:
    model.objects.bulk_create(
        objs, batch_size=2000, update_conflicts=True, unique_fields=unique, update_fields=update
    )


def _fields(model: type[Any], *exclude: str) -> list[str]:
    return [
        f.attname if f.is_relation else f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in exclude
    ]


def load_reference(
    directory: Path | None = None, progress: Callable[[str], None] | None = None
) -> LoadSummary:
    """Read, check and load every reference file; all or nothing."""
    base = directory or reference_dir()
    districts = parse_districts(base / "kreise_from_plz_de.csv")
    postal_codes = parse_postal_codes(base / "plz_centroids_de.csv")
    kldb = parse_kldb(base / "kldb2010_v2020.csv")
    kldb_codes = {k.code for k in kldb}
    occupations = parse_occupations(base / "ausbildungsberufe.csv", "bbig", kldb_codes)
    occupations += parse_occupations(base / "health_professions.csv", "health", kldb_codes)
    languages = parse_languages(base / "languages.csv")
    groups = parse_occupation_groups(_data_file(base, OCCUPATION_GROUPS), kldb_codes)
    names = [o.name for o in occupations]
    if len(set(names)) != len(names):
        duplicate = next(n for n in names if names.count(n) > 1)
        raise ReferenceDataError(base / "ausbildungsberufe.csv", 0, f"{duplicate!r} appears twice")
    occupation_texts(base, occupations)

    with transaction.atomic():
        _upsert(District, districts, ["ags"], _fields(District))
        _upsert(PostalCode, postal_codes, ["code"], _fields(PostalCode))
        _upsert(KldbGroup, kldb, ["code"], _fields(KldbGroup))
        _upsert(Occupation, occupations, ["name"], _fields(Occupation, "name"))
        _upsert(Language, languages, ["code"], _fields(Language))
        _upsert(OccupationGroup, groups, ["key"], _fields(OccupationGroup))
        OccupationGroup.objects.exclude(key__in=[g.key for g in groups]).delete()
    from kausa.reference.selectors import occupation_choices, occupation_matcher_clear

    occupation_choices.cache_clear()
    occupation_matcher_clear()
    texts_clear()
    summary = LoadSummary(
        {
            "districts": len(districts),
            "postal codes": len(postal_codes),
            "KldB groups": len(kldb),
            "occupations": len(occupations),
            "languages": len(languages),
            "occupation names": sum(len(o.names) for o in occupations),
            "occupation descriptions": sum(len(o.descriptions) for o in occupations),
            "occupation groups": len(groups),
        }
    )
    if progress:
        progress(str(summary))
    return summary
