"""`kausa bench workspace`: the advisors' pages at 100,000 people and 50,000 companies.

Generates one large office (idempotent: reuses it when present), then times the case
list, a case timeline, a person page and the search through Django's test client
(server time: routing, queries, rendering) next to a trivial page of the same server
in the same run. Meant for PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kausa_bench kausa bench workspace
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from typing import Any, TextIO

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from kausa.bench import check

BENCH_SLUG = "bench-office"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")


def _generate(people: int, companies: int, out: TextIO) -> tuple[Any, Any]:
    from kausa.accounts.models import Membership, Organisation, User
    from kausa.companies.models import Company
    from kausa.core.text import search_key
    from kausa.counselling.models import Case, Consultation, Referral
    from kausa.demo.data import ORIGINS, STREETS
    from kausa.people.models import YoungPerson
    from kausa.reference.models import PostalCode

    office = Organisation.objects.filter(slug=BENCH_SLUG).first()
    if office is not None and YoungPerson.objects.filter(organisation=office).count() >= people:
        user = Membership.objects.filter(organisation=office).earliest("pk").user
        return office, user
    started = time.perf_counter()
    rng = random.Random(7)
    with transaction.atomic():
        office = Organisation.objects.create(
            name="Bench Servicestelle",
            slug=BENCH_SLUG,
            kind="servicestelle",
            state="BE",
            city="Berlin",
        )
        user = User.objects.create_user(
            "bench@kausa.example", "Bench-Password-2026", full_name="Bench Advisor"
        )
        Membership.objects.create(user=user, organisation=office, role="advisor")
        codes = list(PostalCode.objects.values_list("code", flat=True))
        firsts = [n for o in ORIGINS.values() for n in o[2]]
        lasts = [n for o in ORIGINS.values() for n in o[3]]
        batch = []
        for number in range(people):
            first, last = rng.choice(firsts), f"{rng.choice(lasts)}{number}"
            plz = rng.choice(codes)
            batch.append(
                YoungPerson(
                    organisation=office,
                    first_name=first,
                    last_name=last,
                    postal_code_id=plz,
                    german_level="B1",
                    certificate="first",
                    search_text=search_key(f"{first} {last} {plz}"),
                )
            )
        YoungPerson.objects.bulk_create(batch, batch_size=5000)
        batch_c = []
        for number in range(companies):
            plz = rng.choice(codes)
            name = f"{rng.choice(['Bäckerei', 'Autohaus', 'Praxis', 'Elektro'])} {number}"
            batch_c.append(
                Company(
                    organisation=office,
                    name=name,
                    postal_code_id=plz,
                    city="",
                    chamber="ihk",
                    street=rng.choice(STREETS),
                    search_text=search_key(name),
                )
            )
        Company.objects.bulk_create(batch_c, batch_size=5000)
        person_rows = YoungPerson.objects.filter(organisation=office).values_list(
            "id", "first_name", "last_name"
        )
        today = dt.date(2026, 11, 1)
        cases = [
            Case(
                organisation=office,
                kind="young_person",
                young_person_id=pid,
                owner=user,
                opened_on=today - dt.timedelta(days=rng.randint(0, 700)),
                subject_name=f"{last}, {first}",
                search_text=search_key(f"{first} {last} {last}, {first}"),
            )
            for pid, first, last in person_rows
        ]
        Case.objects.bulk_create(cases, batch_size=5000)
        case_ids = list(Case.objects.filter(organisation=office).values_list("id", flat=True))
        consultations = [
            Consultation(
                organisation=office,
                case_id=cid,
                held_on=today - dt.timedelta(days=k),
                channel="phone",
                duration_minutes=30,
                language_id="de",
                topics=["orientation"],
                author=user,
            )
            for cid in case_ids
            for k in range(rng.randint(1, 4))
        ]
        Consultation.objects.bulk_create(consultations, batch_size=10000)
        referrals = [
            Referral(
                organisation=office,
                case_id=cid,
                kind="azubi_bsk",
                target_name="Sprachschule",
                proposed_on=today,
                course_level="B2",
            )
            for cid in case_ids[::3]
        ]
        Referral.objects.bulk_create(referrals, batch_size=10000)
        from kausa.counselling.services import case_note_consultation_dates

        case_note_consultation_dates(case_ids)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    out.write(
        f"generated {people:,} people, {companies:,} companies, {len(case_ids):,} cases, "
        f"{len(consultations):,} consultations, {len(referrals):,} referrals "
        f"in {time.perf_counter() - started:.1f} s\n"
    )
    return office, user


def _time(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()  # warm caches and connections
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _line(name: str, samples: list[float], baseline: float, out: TextIO) -> None:
    median = statistics.median(samples)
    p95 = sorted(samples)[max(0, round(len(samples) * 0.95) - 1)]
    out.write(
        f"  {name:<34} median {median:7.1f} ms   p95 {p95:7.1f} ms   "
        f"{median / baseline:6.1f}x trivial page\n"
    )


def run(options: argparse.Namespace, out: TextIO) -> None:
    from kausa.counselling.models import Case

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    office, user = _generate(options.people, options.companies, out)
    client = Client()
    client.force_login(user)
    case = Case.objects.filter(organisation=office).latest("id")

    def get(url: str) -> Callable[[], Any]:
        def request() -> Any:
            response = client.get(url)
            check(response.status_code == 200, (url, response.status_code))
            return response

        return request

    out.write(
        f"database: {connection.vendor}; {options.repeat} requests per page, "
        "Django test client (server time incl. rendering)\n"
    )
    baseline_samples = _time(get("/healthz"), options.repeat)
    baseline = statistics.median(baseline_samples)
    _line("trivial page (/healthz)", baseline_samples, baseline, out)
    pages = {
        "case list (open, newest first)": "/de/staff/cases/",
        "case list, sorted by name": "/de/staff/cases/?status=all&sort=name",
        "case list, page 200": "/de/staff/cases/?status=all&page=200",
        "case list, name filter": "/de/staff/cases/?status=all&q=haddad",
        "case timeline (case page)": f"/de/staff/cases/{case.pk}/",
        "person page with timeline": f"/de/staff/people/{case.young_person_id}/",
        "search (name)": "/de/staff/search/?q=haddad12",
        "search (postal code)": "/de/staff/search/?q=10115",
        "search (occupation)": "/de/staff/search/?q=mechatroniker",
        "people list": "/de/staff/people/",
    }
    for name, url in pages.items():
        _line(name, _time(get(url), options.repeat), baseline, out)
