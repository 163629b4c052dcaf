"""The mismatch analysis: which young people of a scope of offices have no suitable offer
within reach, which of their offers no suitable young person (counts only).

``compute`` runs all active offers against all people of the scope with the batch engine
(``kausa.matching.batch.mismatch``); it is heavy and is called only by the task
(``kausa.matching.tasks.mismatch_compute`` through ``services.mismatch_report_compute``).
Pages read the stored result (``MismatchReport.figures``, see ``figures_from_json``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet

from kausa.companies.models import Offer
from kausa.matching import batch, engine
from kausa.matching.index import offer_index
from kausa.matching.rows import person_rows
from kausa.people.models import YoungPerson
from kausa.reference.models import District, KldbGroup


@dataclass(frozen=True)
class MismatchScope:
    """The offices whose figures are counted together (all of them: ``all_offices``)."""

    organisation_ids: tuple[int, ...]
    all_offices: bool = False

    @property
    def key(self) -> str:
        if self.all_offices:
            return "all"
        key = ",".join(str(pk) for pk in self.organisation_ids)
        if len(key) <= 60:
            return key
        return "h:" + hashlib.sha256(key.encode()).hexdigest()[:60]

    def scoped(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.all_offices:
            return queryset
        return queryset.filter(organisation_id__in=self.organisation_ids)


def scope_of(organisation_ids: frozenset[int] | set[int], *, all_offices: bool) -> MismatchScope:
    return MismatchScope(tuple(sorted(organisation_ids)) if not all_offices else (), all_offices)


@dataclass
class MismatchRow:
    key: str
    name: str
    people: int = 0
    people_unmatched: int = 0
    offers: int = 0
    offers_unmatched: int = 0
    lat: float | None = None
    lon: float | None = None


@dataclass
class MismatchFigures:
    radius_km: float
    districts: list[MismatchRow]
    groups: list[MismatchRow]
    people: int
    people_unmatched: int
    offers: int
    offers_unmatched: int


def small_count(value: int) -> str:
    """Counts under 5 (but above 0) are shown as '<5' in cross-office figures."""
    return "<5" if 0 < value < 5 else str(value)


def figures_to_json(figures: MismatchFigures) -> dict[str, Any]:
    return asdict(figures)


def figures_from_json(data: dict[str, Any]) -> MismatchFigures:
    return MismatchFigures(
        radius_km=float(data["radius_km"]),
        districts=[MismatchRow(**row) for row in data["districts"]],
        groups=[MismatchRow(**row) for row in data["groups"]],
        people=int(data["people"]),
        people_unmatched=int(data["people_unmatched"]),
        offers=int(data["offers"]),
        offers_unmatched=int(data["offers_unmatched"]),
    )


def compute(
    scope: MismatchScope,
    *,
    radius_km: float = 30.0,
    progress: Callable[[float], None] | None = None,
) -> MismatchFigures:
    """Young people without a suitable offer within reach, offers without a suitable young
    person, by district (AGS) and KldB group. Counts only. Heavy: tasks only."""
    people_qs = scope.scoped(YoungPerson.objects.all()).order_by()
    people = engine.PersonArrays.from_rows(person_rows(people_qs))
    index = offer_index()
    person_ok, offer_ok = batch.mismatch(
        index.arrays, people, radius_km=radius_km, progress=progress
    )
    own = dict(
        scope.scoped(Offer.objects.filter(status=Offer.Status.OPEN)).values_list(
            "id", "company__postal_code__district_ags"
        )
    )
    own_mask = np.isin(index.arrays.ids, np.fromiter(own, np.int64, count=len(own)))

    district_of_person = dict(people_qs.values_list("id", "postal_code__district_ags"))
    groups: dict[str, MismatchRow] = {}
    districts: dict[str, MismatchRow] = {}

    def district(ags: str | None) -> MismatchRow:
        ags = ags or "-"
        return districts.setdefault(ags, MismatchRow(ags, ""))

    def group(code: str) -> MismatchRow:
        return groups.setdefault(code, MismatchRow(code, ""))

    for i, pid in enumerate(people.ids):
        row = district(district_of_person.get(int(pid)))
        row.people += 1
        row.people_unmatched += int(not person_ok[i])
        for kldb in {int(k) // 100 for k in people.interest_kldb[i] if k >= 0}:
            g = group(f"{kldb:03d}")
            g.people += 1
            g.people_unmatched += int(not person_ok[i])
    for r in np.flatnonzero(own_mask):
        oid = int(index.arrays.ids[r])
        for row in (district(own[oid]), group(f"{int(index.arrays.group[r]):03d}")):
            row.offers += 1
            row.offers_unmatched += int(not offer_ok[r])

    for d in District.objects.filter(ags__in=districts):
        districts[d.ags].name, districts[d.ags].lat, districts[d.ags].lon = d.name, d.lat, d.lon
    for kldb_group in KldbGroup.objects.filter(code__in=groups):
        groups[kldb_group.code].name = kldb_group.short_title

    def order(rows: dict[str, MismatchRow]) -> list[MismatchRow]:
        return sorted(
            rows.values(), key=lambda r: (-(r.people_unmatched + r.offers_unmatched), r.key)
        )

    return MismatchFigures(
        radius_km=radius_km,
        districts=order(districts),
        groups=order(groups),
        people=len(people.ids),
        people_unmatched=int((~person_ok).sum()),
        offers=int(own_mask.sum()),
        offers_unmatched=int((own_mask & ~offer_ok).sum()),
    )
