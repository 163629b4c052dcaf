"""Database part of `kausa bench matching`: write synthetic offers, build the index, time the
API. Writes under the organisation slug ``bench-matching`` and removes it afterwards."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
from django.db import transaction
from django.db.models import F
from django.test import Client

from kausa.accounts.models import Organisation
from kausa.bench import check
from kausa.companies.models import Company, Offer
from kausa.matching import engine
from kausa.matching.engine import OfferArrays, OfferIndex
from kausa.matching.index import offer_index, offer_index_build, offer_index_invalidate
from kausa.reference.models import Occupation, PostalCode

SLUG = "bench-matching"
BATCH = 20_000


def populate(rng: np.random.Generator, n: int, offers: OfferArrays) -> float:
    """Companies at real postal codes (one per 4 offers) and n offers; seconds taken."""
    started = time.perf_counter()
    clean()
    org = Organisation.objects.create(slug=SLUG, name="Bench", kind="servicestelle", state="BE")
    codes = list(PostalCode.objects.exclude(state_code="").values_list("code", "lat", "lon"))
    occupations = list(Occupation.objects.values_list("id", "kldb_id"))
    n_companies = max(1, n // 4)
    picks = rng.integers(0, len(codes), n_companies)
    with transaction.atomic():
        for lo in range(0, n_companies, BATCH):
            Company.objects.bulk_create(
                [
                    Company(
                        organisation=org,
                        name=f"Bench {i}",
                        postal_code_id=codes[picks[i]][0],
                        lat=codes[picks[i]][1],
                        lon=codes[picks[i]][2],
                        chamber="ihk",
                    )
                    for i in range(lo, min(n_companies, lo + BATCH))
                ]
            )
    company_ids = list(Company.objects.filter(organisation=org).values_list("id", flat=True))
    occ_pick = rng.integers(0, len(occupations), n)
    company_pick = rng.integers(0, len(company_ids), n)
    german = np.asarray(engine.GERMAN_LEVELS)[offers.german_rank]
    cert = np.asarray(engine.CERT_NAMES)[offers.cert_rank]
    with transaction.atomic():
        for lo in range(0, n, BATCH):
            Offer.objects.bulk_create(
                [
                    Offer(
                        organisation=org,
                        company_id=company_ids[company_pick[i]],
                        occupation_id=occupations[occ_pick[i]][0],
                        start_date=dt.date.fromordinal(int(offers.start[i])),
                        places=int(offers.free[i]),
                        required_certificate=str(cert[i]),
                        required_german=str(german[i]),
                        source="bench",
                    )
                    for i in range(lo, min(n, lo + BATCH))
                ]
            )
    offer_index_invalidate()
    return time.perf_counter() - started


def build_index() -> OfferIndex:
    return offer_index_build()


def refresh_after_changes(changes: int) -> tuple[float, float, dict[str, int]]:
    """Change ``changes`` offers (places filled or withdrawn) and time the next
    offer_index() call (an incremental patch) against a full build; (patch s, build s,
    refresh counts)."""
    from django.utils import timezone

    from kausa.matching.index import refresh_counts

    offer_index()
    org = Organisation.objects.get(slug=SLUG)
    ids = list(
        Offer.objects.filter(organisation=org)
        .order_by("id")
        .values_list("id", flat=True)[: changes * 7 : 7]
    )
    Offer.objects.filter(id__in=ids[::2]).update(
        status=Offer.Status.WITHDRAWN, updated_at=timezone.now()
    )
    Offer.objects.filter(id__in=ids[1::2]).update(places=F("places") + 1, updated_at=timezone.now())
    offer_index_invalidate()
    started = time.perf_counter()
    offer_index()
    patched = time.perf_counter() - started
    started = time.perf_counter()
    offer_index_build()
    full = time.perf_counter() - started
    return patched, full, refresh_counts()


def api_latency(requests: int) -> tuple[list[float], list[float]]:
    client = Client()
    offer_index()  # warm: the index is built once per process
    plzs = list(PostalCode.objects.exclude(state_code="").values_list("code", flat=True)[:2000])
    rng = np.random.default_rng(1)
    api, trivial = [], []
    for _ in range(3):  # warm-up
        client.get("/api/v1/offers", {"plz": "10115", "radius_km": "50"})
    for _ in range(requests):
        plz = plzs[int(rng.integers(0, len(plzs)))]
        started = time.perf_counter()
        response = client.get("/api/v1/offers", {"plz": plz, "radius_km": "50"})
        api.append(time.perf_counter() - started)
        check(response.status_code == 200, response.content[:200])
        started = time.perf_counter()
        client.get(f"/api/v1/postal-codes/{plz}")
        trivial.append(time.perf_counter() - started)
    return api, trivial


def clean() -> None:
    org = Organisation.objects.filter(slug=SLUG).first()
    if org is None:
        return
    with transaction.atomic():
        Offer.objects.filter(organisation=org).delete()
        Company.objects.filter(organisation=org).delete()
        org.delete()
    offer_index_invalidate()
