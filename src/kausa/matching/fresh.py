"""New offers for saved searches (kausa.alerts): the open offers created in a time window,
ranked and explained for a search exactly as the public search ranks them.

The window's offers (a day or a week of imports: a few thousand nationwide at most) are
read once into a small engine index of their own; each saved search then ranks them with
the same seeker as the search page (``selectors.search_seeker``), so scores, hard filters
and reasons are the search's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import F

from kausa.companies.models import Offer
from kausa.matching import engine
from kausa.matching.index import INDEX_FIELDS, _engine_row


@dataclass
class FreshHit:
    offer: Offer
    match: engine.Match


class FreshOffers:
    """The open offers with a free place created in ``[since, until)``."""

    def __init__(self, *, since: dt.datetime, until: dt.datetime) -> None:
        rows = list(
            Offer.objects.filter(
                status=Offer.Status.OPEN,
                places_filled__lt=F("places"),
                created_at__gte=since,
                created_at__lt=until,
            )
            .order_by()
            .values_list(*INDEX_FIELDS, "created_at")
        )
        self.created: dict[int, dt.datetime] = {r[0]: r[-1] for r in rows}
        self.index = engine.OfferIndex(
            engine.OfferArrays.from_rows(_engine_row(r[:-1]) for r in rows)
        )

    def __len__(self) -> int:
        return len(self.created)

    def rank(
        self,
        seeker: engine.Seeker,
        *,
        since: dt.datetime,
        exclude: Collection[int] = (),
        limit: int = 20,
    ) -> tuple[list[FreshHit], int]:
        """The best ``limit`` offers for the seeker created from ``since`` on, leaving out
        ``exclude`` (offers already sent), and how many there are in all."""
        if not self.created:
            return [], 0
        matches, _count = self.index.rank_count(seeker, k=len(self.index), method="scan")
        chosen = [
            m for m in matches if self.created[m.offer_id] >= since and m.offer_id not in exclude
        ]
        offers = Offer.objects.select_related(
            "company", "company__postal_code", "occupation"
        ).in_bulk([m.offer_id for m in chosen[:limit]])
        hits = [FreshHit(offers[m.offer_id], m) for m in chosen[:limit] if m.offer_id in offers]
        return hits, len(chosen)
