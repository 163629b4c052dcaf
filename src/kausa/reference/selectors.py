"""Reads of the reference catalogues (public data, no tenant scoping needed)."""

from __future__ import annotations

import csv
import math
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When

from kausa.core.process_cache import ProcessCache
from kausa.core.text import search_key
from kausa.reference.loaders import BUNDLED_DIR, ReferenceDataError, reference_dir
from kausa.reference.models import (
    Language,
    Occupation,
    OccupationAlias,
    OccupationGroup,
    PostalCode,
)
from kausa.reference.occupation_matching import ALIAS_FILE as ALIAS_FILE_LAYER
from kausa.reference.occupation_matching import STAFF_ALIAS, OccupationIndex
from kausa.reference.occupation_names import base_language, name_key


def postal_code_get(code: str) -> PostalCode | None:
    return PostalCode.objects.filter(code=code).first()


# Half sizes (in degrees of latitude) of the boxes searched around a point, smallest first:
# in towns the first holds a postal-code centre, in the countryside the second or third.
_NEAREST_BOXES = (0.05, 0.2, 1.0, 3.0)


def postal_code_nearest(lat: float, lon: float) -> PostalCode | None:
    """The postal code whose centre lies nearest to the point (None when none lies within a
    few hundred kilometres), e.g. to name the place the browser's location points to.

    Searches a box around the point and widens it until the nearest centre in it lies no
    farther than the box's edge, so that no centre outside the box can be nearer."""
    stretch = 1 / max(math.cos(math.radians(lat)), 0.1)  # a degree of longitude is shorter

    def apart(row: PostalCode) -> float:  # in degrees of latitude
        return math.hypot(row.lat - lat, (row.lon - lon) / stretch)

    for half in _NEAREST_BOXES:
        rows = PostalCode.objects.filter(
            lat__range=(lat - half, lat + half),
            lon__range=(lon - half * stretch, lon + half * stretch),
        ).only("code", "place", "lat", "lon")
        nearest = min(rows, key=apart, default=None)
        if nearest is not None and (apart(nearest) <= half or half == _NEAREST_BOXES[-1]):
            return nearest
    return None


def occupation_search(query: str = "") -> QuerySet[Occupation]:
    """Occupations whose official or short name contains the query, ignoring case/accents,
    or whose name in another language (Occupation.names) contains it.

    Names that start with the query come first, then the common occupations.
    """
    qs = Occupation.objects.select_related("kldb")
    key = search_key(query)
    if not key:
        return qs.order_by("-is_common", "short_name")
    translated = name_key(query)
    found = Q(search_text__contains=key)
    starts = Q(search_text__startswith=key)
    if translated:
        found |= Q(names_search__contains=translated)
        starts |= Q(names_search__contains=f"|{translated}")
    return (
        qs.filter(found)
        .annotate(
            starts=Case(When(starts, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("starts", "-is_common", "short_name")
    )


SEARCH_CACHE_SECONDS = 60.0  # how late other processes' searches see a changed catalogue
_search_cache: ProcessCache[tuple[str, str, int], tuple[tuple[int, int], ...]] = ProcessCache(
    seconds=SEARCH_CACHE_SECONDS, size=4096
)


def occupation_search_keys(query: str, limit: int = 50) -> tuple[tuple[int, int], ...]:
    """(id, KldB code) of the first ``limit`` occupations ``occupation_search(query)`` finds,
    kept per process for SEARCH_CACHE_SECONDS: the public offer search asks the same few
    words over and over, and each query cost 2.5-3 ms. Emptied in this process when an
    occupation is saved or deleted or the catalogue is loaded."""
    key = (search_key(query), name_key(query) or "", limit)
    kept = _search_cache.get(key)
    if kept is not None:
        return kept
    found = tuple(
        (pk, int(kldb))
        for pk, kldb in occupation_search(query)[:limit].values_list("id", "kldb_id")
    )
    _search_cache.put(key, found)
    return found


def occupation_search_forget(**_: object) -> None:
    """Forget the kept search results (a signal receiver: an occupation changed)."""
    _search_cache.clear()


def occupation_groups() -> QuerySet[OccupationGroup]:
    """The fields of work young people choose interests by, in their order."""
    return OccupationGroup.objects.all()


def occupation_group_choices(language: str | None) -> list[tuple[str, str]]:
    """(key, name in `language`, else German) of every occupation group."""
    code = base_language(language)
    return [(g.key, g.names.get(code) or g.names.get("de") or g.key) for g in occupation_groups()]


def occupation_group_prefixes(keys: list[str]) -> list[str]:
    """The KldB prefixes of the groups with these keys (unknown keys are left out)."""
    prefixes: list[str] = []
    for group in OccupationGroup.objects.filter(key__in=keys[:20]):
        prefixes += [p for p in group.kldb_prefixes if p not in prefixes]
    return prefixes


def occupations_in_groups(keys: list[str]) -> QuerySet[Occupation]:
    """The occupations that the groups with these keys cover."""
    prefixes = occupation_group_prefixes(keys)
    if not prefixes:
        return Occupation.objects.none()
    covered = Q()
    for prefix in prefixes:
        covered |= Q(kldb__code__startswith=prefix)
    return Occupation.objects.filter(covered)


@lru_cache(maxsize=1)
def occupation_choices() -> tuple[tuple[int, str], ...]:
    """(id, short name) of every occupation, cached per process: reference data changes
    only through `kausa load-reference`, which clears this cache (restart other workers)."""
    return tuple(Occupation.objects.order_by("short_name").values_list("id", "short_name"))


# --- occupation names as the BA writes them ---------------------------------------------

ALIAS_FILE = "occupation_aliases.csv"
# Other processes notice a staff alias added elsewhere within this many seconds (one small
# query per check); the process that saved it sees it at once.
MATCHER_RECHECK_SECONDS = 30.0


@dataclass(frozen=True)
class OccupationMatcher:
    index: OccupationIndex
    occupations: dict[int, Occupation]
    stamp: tuple[Any, ...]

    def match(self, name: str, kldb: object = None) -> tuple[Occupation, str] | None:
        found = self.index.match(name, kldb)
        return (self.occupations[found.occupation_id], found.method) if found else None

    def closest(self, name: str, n: int = 3) -> list[tuple[Occupation, float]]:
        return [(self.occupations[i], score) for i, score in self.index.closest(name, n)]


_matcher_state: dict[str, Any] = {"matcher": None, "checked": 0.0}
_matcher_lock = threading.Lock()


def occupation_alias_file_rows(path: Path | None = None) -> list[tuple[int, str, str]]:
    """(line, alias, occupation short name) of the bundled alias file; # starts a comment."""
    path = path or reference_dir() / ALIAS_FILE
    if not path.exists():
        path = BUNDLED_DIR / ALIAS_FILE
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1)]
    content = [(n, line) for n, line in lines if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in content), delimiter=";")
    for (number, _), row in zip(content, reader, strict=True):
        if [c.strip() for c in row] == ["alias", "occupation"]:
            continue
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ReferenceDataError(path, number, "expected 'alias;occupation'")
        rows.append((number, row[0].strip(), row[1].strip()))
    return rows


def _matcher_stamp() -> tuple[Any, ...]:
    aliases = OccupationAlias.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (Occupation.objects.count(), aliases["n"], aliases["last"])


def _matcher_build(stamp: tuple[Any, ...]) -> OccupationMatcher:
    occupations = {o.id: o for o in Occupation.objects.select_related("kldb")}
    if not occupations:
        raise ReferenceDataError(
            BUNDLED_DIR / "ausbildungsberufe.csv",
            0,
            "no occupations loaded; run `kausa load-reference`",
        )
    by_short_name = {o.short_name: o.id for o in occupations.values()}
    by_short_name.update({o.name: o.id for o in occupations.values()})
    aliases: list[tuple[str, str, int]] = []
    path = reference_dir() / ALIAS_FILE
    for line, alias, target in occupation_alias_file_rows():
        if target not in by_short_name:
            raise ReferenceDataError(path, line, f"unknown occupation {target!r}")
        aliases.append((ALIAS_FILE_LAYER, alias, by_short_name[target]))
    for alias, occupation_id in OccupationAlias.objects.values_list("alias", "occupation_id"):
        aliases.append((STAFF_ALIAS, alias, occupation_id))
    ordered = sorted(occupations.values(), key=lambda o: (not o.is_common, o.id))
    index = OccupationIndex.build(
        ((o.id, o.name, o.short_name, o.kldb_id) for o in ordered), aliases
    )
    return OccupationMatcher(index=index, occupations=occupations, stamp=stamp)


def occupation_matcher() -> OccupationMatcher:
    """The lookup of BA-style occupation names, built once per process and rebuilt when
    the catalogue or the staff aliases change. Hold it for a whole import."""
    with _matcher_lock:
        matcher: OccupationMatcher | None = _matcher_state["matcher"]
        now = time.monotonic()
        if matcher is not None and now - _matcher_state["checked"] < MATCHER_RECHECK_SECONDS:
            return matcher
        stamp = _matcher_stamp()
        if matcher is None or matcher.stamp != stamp:
            matcher = _matcher_build(stamp)
            _matcher_state["matcher"] = matcher
        _matcher_state["checked"] = now
        return matcher


def occupation_matcher_clear() -> None:
    """Forget the built lookup (after a staff alias changed or the catalogue was loaded)."""
    with _matcher_lock:
        _matcher_state["matcher"] = None
    occupation_search_forget()


def occupation_for_name(name: str, kldb: object = None) -> Occupation | None:
    """The occupation a BA-style name means ("Kaufmann/-frau - Büromanagement",
    "Medizinische/r Fachangestellte/r (m/w/d)"), or None. `kldb` is the item's KldB 2010
    code if it carries one; it decides when the name alone does not."""
    found = occupation_matcher().match(name, kldb)
    return found[0] if found else None


def closest_occupations(name: str, n: int = 3) -> list[Occupation]:
    """The n occupations spelt most like `name`, best first: suggestions for a name that
    does not map."""
    return [occupation for occupation, _ in occupation_matcher().closest(name, n)]


def language_names(codes: list[str]) -> dict[str, str]:
    """ISO code -> the language's name in the active language (German or English, the
    native name after it), for the codes that exist."""
    from django.utils.translation import get_language

    german = (get_language() or "de").startswith("de")
    names = {}
    for code, en, de, native in Language.objects.filter(code__in=codes).values_list(
        "code", "name_en", "name_de", "native_name"
    ):
        name = de if german else en
        names[code] = f"{name} ({native})" if native and native != name else name
    return names


@lru_cache(maxsize=1)
def all_language_names() -> dict[str, tuple[str, str]]:
    """Every language: code -> (German name, English name); reference data, cached."""
    return {
        code: (de, en)
        for code, de, en in Language.objects.values_list("code", "name_de", "name_en")
    }
