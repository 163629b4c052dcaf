"""`kausa bench reporting`: the yearly figures report for all offices on the workspace data.

Data: the workspace benchmark's office (:func:`kausa.bench.counselling._generate`: 100,000
young people, 50,000 companies) becomes the big Servicestelle of a Landesstelle; a second
Landesstelle and five more offices join, and records spread over the benchmark year and the
year before are added so that every indicator counts something: consultations of young
people, parents and companies (at least ``--consultations`` in the year, spread over it),
Azubi-BSK and other referrals, outcomes, offers, training-company pipelines, events with
registrations, JOBWALK walks and check-ins, ambassador visit requests and toolkit downloads.
Idempotent: the top-up runs once per database (all or nothing).

Times ``figures_report(period=year, level="all")`` as a coordinator of both Landesstellen
(the Servicestellen are not their own, so disclosure control runs) and as a superuser, cold
(new database connection, fresh user) and warm; the whole page through Django's test
client; and, as the baseline, the same counts in Python over fetched rows. Meant for
PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kausa_bench_reporting kausa bench reporting
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, TextIO

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kausa.bench import check
from kausa.bench.counselling import BENCH_SLUG
from kausa.bench.counselling import _generate as generate_workspace

YEAR = 2026
COORDINATOR = "bench-coordinator@kausa.example"
ADMIN = "bench-admin@kausa.example"
LS_BE, LS_BB = "bench-reporting-ls-be", "bench-reporting-ls-bb"
# slug, name, kind, state, Landesstelle, young people (the workspace office has its own)
OFFICES = (
    (LS_BE, "Bench Landesstelle Berlin", "landesstelle", "BE", None, 3_000),
    (BENCH_SLUG, "", "servicestelle", "BE", LS_BE, 0),
    ("bench-neukoelln", "Bench Servicestelle Neukölln", "servicestelle", "BE", LS_BE, 8_000),
    ("bench-spandau", "Bench Servicestelle Spandau", "servicestelle", "BE", LS_BE, 5_000),
    (LS_BB, "Bench Landesstelle Brandenburg", "landesstelle", "BB", None, 2_000),
    ("bench-potsdam", "Bench Servicestelle Potsdam", "servicestelle", "BB", LS_BB, 4_000),
    ("bench-uckermark", "Bench Servicestelle Uckermark", "servicestelle", "BB", LS_BB, 150),
)  # fmt: skip
EVENT_TYPES = ("parent_evening", "information", "jump", "showcase", "speed_dating", "other")
LANGUAGES = ("de", "de", "de", "ar", "tr", "uk", "fa", "ru", "en")
BATCH = 10_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--people", type=int, default=100_000, help="of the workspace office")
    parser.add_argument("--companies", type=int, default=50_000, help="of the workspace office")
    parser.add_argument(
        "--consultations", type=int, default=250_000, help="added, spread over the year"
    )
    parser.add_argument("--year", type=int, default=YEAR)
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement")


# --- data ---------------------------------------------------------------------------------


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _insert(model: Any, rows: Iterable[Any]) -> list[Any]:
    created: list[Any] = []
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            created += model.objects.bulk_create(batch)
            batch = []
    return created + model.objects.bulk_create(batch)


def _insert_dated(model: Any, objects: list[Any], *fields: str) -> list[Any]:
    """Insert, then give ``fields`` the value the first of them had (``auto_now_add`` fields
    take the time of the insert, so they are set afterwards)."""
    wanted = [getattr(obj, fields[0]) for obj in objects]
    created = _insert(model, objects)
    for obj, value in zip(created, wanted, strict=True):
        for name in fields:
            setattr(obj, name, value)
    model.objects.bulk_update(created, list(fields), batch_size=2000)
    return created


def _top_up(
    workspace_office: Any, *, people: int, year: int, consultations: int, out: TextIO
) -> None:
    """Offices, people and two years of records (once per database)."""
    from kausa.accounts.models import Membership, Organisation, User

    if Organisation.objects.filter(slug=LS_BE).exists():
        return
    started = time.perf_counter()
    rng = random.Random(13)
    with transaction.atomic():
        offices: dict[str, Any] = {}
        advisors: dict[int, int] = {}
        for slug, name, kind, state, head, _people in OFFICES:
            if slug == BENCH_SLUG:
                office = workspace_office
                office.parent = offices[LS_BE]
                office.save(update_fields=["parent"])
                user = Membership.objects.filter(organisation=office).earliest("pk").user
            else:
                office = Organisation.objects.create(
                    name=name, slug=slug, kind=kind, state=state,
                    parent=offices[head] if head else None,
                )  # fmt: skip
                user = User.objects.create_user(f"{slug}@kausa.example")
                Membership.objects.create(user=user, organisation=office, role="advisor")
            offices[slug] = office
            advisors[office.pk] = user.pk
        coordinator = User.objects.create_user(COORDINATOR, full_name="Coordinator")
        for slug in (LS_BE, LS_BB):
            Membership.objects.create(
                user=coordinator, organisation=offices[slug], role="coordinator"
            )
        User.objects.create_superuser(ADMIN, full_name="Bench Admin")
        sizes = {offices[slug].pk: people for slug, *_rest, people in OFFICES}
        sizes[workspace_office.pk] = people
        counts = _records(rng, year, consultations, offices, advisors, sizes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    out.write(
        "topped up: 2 Landesstellen, 5 more offices, "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
        + f" in {time.perf_counter() - started:.1f} s\n"
    )


def _records(
    rng: random.Random,
    year: int,
    consultations: int,
    offices: dict[str, Any],
    advisors: dict[int, int],
    sizes: dict[int, int],
) -> dict[str, int]:
    from kausa.companies.models import Company, Offer, Pipeline, PipelineStep
    from kausa.core.text import search_key
    from kausa.counselling.models import Case, Consultation, Outcome, Referral
    from kausa.counselling.services import case_note_consultation_dates
    from kausa.events.models import Event, Registration
    from kausa.jobwalk.models import CheckIn, Station, TeamWalk, Tour
    from kausa.network.models import Material, MaterialDownload, MaterialVersion, VisitRequest
    from kausa.people.models import Parent, YoungPerson
    from kausa.reference.models import Occupation, PostalCode

    first, last = dt.date(year - 1, 1, 1), dt.date(year, 12, 31)
    codes = list(PostalCode.objects.values_list("code", flat=True)[:2000])
    occupations = list(Occupation.objects.values_list("id", flat=True)[:200])
    counts: dict[str, int] = {}
    # young people and their cases in the new offices
    for org_id, people in sizes.items():
        if org_id == offices[BENCH_SLUG].pk or not people:
            continue
        persons = _insert(
            YoungPerson,
            (
                YoungPerson(
                    organisation_id=org_id, first_name="Bench", last_name=f"Person {org_id}-{i}",
                    postal_code_id=rng.choice(codes), german_level="B1", certificate="first",
                    search_text=search_key(f"bench person {org_id}-{i}"),
                )
                for i in range(people)
            ),
        )  # fmt: skip
        _insert(
            Case,
            (
                Case(
                    organisation_id=org_id, kind="young_person", young_person_id=p.pk,
                    owner_id=advisors[org_id], subject_name=f"{p.last_name}, Bench",
                    opened_on=_day(rng, dt.date(year - 2, 3, 1), dt.date(year, 11, 1)),
                )
                for p in persons
            ),
        )  # fmt: skip
    # parents (one per 20 young people) and companies, with their cases
    for org_id, people in sizes.items():
        parents = _insert(
            Parent,
            (
                Parent(organisation_id=org_id, first_name="Elternteil", last_name=f"{org_id}-{i}")
                for i in range(max(3, people // 20))
            ),
        )
        _insert(
            Case,
            (
                Case(
                    organisation_id=org_id, kind="parent", parent_id=p.pk,
                    owner_id=advisors[org_id], subject_name=f"{p.last_name}, Elternteil",
                    opened_on=_day(rng, dt.date(year - 2, 3, 1), dt.date(year, 11, 1)),
                )
                for p in parents
            ),
        )  # fmt: skip
        if org_id != offices[BENCH_SLUG].pk:
            _insert(
                Company,
                (
                    Company(
                        organisation_id=org_id, name=f"Betrieb {org_id}-{i}", chamber="ihk",
                        postal_code_id=rng.choice(codes), search_text=f"betrieb {org_id}-{i}",
                    )
                    for i in range(max(20, people // 20))
                ),
            )  # fmt: skip
        company_ids = list(
            Company.objects.filter(organisation_id=org_id).values_list("id", flat=True)
        )
        advised = rng.sample(company_ids, max(5, len(company_ids) // 12))
        Company.objects.filter(id__in=advised[: len(advised) * 2 // 5]).update(migrant_led=True)
        _insert(
            Case,
            (
                Case(
                    organisation_id=org_id, kind="company", company_id=c, owner_id=advisors[org_id],
                    subject_name=f"Betrieb {c}",
                    opened_on=_day(rng, dt.date(year - 2, 3, 1), dt.date(year, 11, 1)),
                )
                for c in advised
            ),
        )  # fmt: skip
    cases = list(
        Case.objects.filter(organisation_id__in=sizes).values_list(
            "id", "organisation_id", "kind", "opened_on", "young_person_id"
        )
    )
    by_kind: dict[str, list[tuple[int, int, dt.date, Any]]] = defaultdict(list)
    for case_id, org_id, kind, opened_on, person in cases:
        by_kind[kind].append((case_id, org_id, opened_on, person))

    # consultations: `consultations` in the year, 60 % of that in the year before
    def consult(n: int, start: dt.date, end: dt.date) -> Iterable[Any]:
        shares = (("young_person", 0.88), ("parent", 0.06), ("company", 0.06))
        for kind, share in shares:
            eligible = [c for c in by_kind[kind] if c[2] <= end]
            for _i in range(round(n * share)):
                case_id, org_id, opened_on, _person = rng.choice(eligible)
                yield Consultation(
                    organisation_id=org_id, case_id=case_id,
                    held_on=_day(rng, max(opened_on, start), end),
                    channel=rng.choice(("in_person", "phone", "video", "messenger")),
                    duration_minutes=45, language_id="de", topics=["orientation"],
                    author_id=advisors[org_id],
                )  # fmt: skip

    counts["consultations"] = len(
        _insert(Consultation, consult(consultations, dt.date(year, 1, 1), last))
    )
    counts["consultations"] += len(
        _insert(Consultation, consult(consultations * 3 // 5, first, dt.date(year - 1, 12, 31)))
    )
    case_note_consultation_dates([c[0] for c in cases])
    # referrals (Azubi-BSK and others) and outcomes of one young person in ten
    young = by_kind["young_person"]
    referrals = []
    for case_id, org_id, opened_on, _person in rng.sample(young, len(young) // 10):
        kind = "azubi_bsk" if rng.random() < 0.7 else rng.choice(("chamber", "agency", "jba"))
        proposed = _day(rng, max(opened_on, first - dt.timedelta(days=200)), last)
        referral = Referral(
            organisation_id=org_id, case_id=case_id, kind=kind, target_name="Sprachschule",
            proposed_on=proposed, course_level="B2" if kind == "azubi_bsk" else "",
            created_by_id=advisors[org_id],
        )  # fmt: skip
        if rng.random() < 0.8:
            referral.status, referral.registered_on = "registered", proposed + dt.timedelta(14)
            if rng.random() < 0.8:
                referral.status = "started"
                referral.started_on = proposed + dt.timedelta(days=rng.randint(20, 60))
                if rng.random() < 0.75:
                    referral.ended_on = referral.started_on + dt.timedelta(rng.randint(90, 200))
                    referral.status = "completed" if rng.random() < 0.85 else "dropped"
                    if referral.status == "completed" and rng.random() < 0.8:
                        referral.exam_on = referral.ended_on + dt.timedelta(days=7)
                        referral.exam_result = "passed" if rng.random() < 0.75 else "failed"
        referrals.append(referral)
    counts["referrals"] = len(_insert(Referral, referrals))
    outcome_kinds = ("contract", "contract", "contract", "eq", "school", "other_job", "no_contact")
    counts["outcomes"] = len(
        _insert(
            Outcome,
            (
                Outcome(
                    organisation_id=org_id, case_id=case_id, young_person_id=person,
                    kind=rng.choice(outcome_kinds),
                    recorded_on=_day(rng, max(opened_on, first), last),
                )
                for case_id, org_id, opened_on, person in rng.sample(young, len(young) // 12)
            ),
        )
    )  # fmt: skip
    # per office, in proportion to its size: offers, pipelines, events, tours, requests, toolkit
    materials: list[Any] = []
    made: dict[str, list[Any]] = defaultdict(list)
    for org_id, people in sizes.items():
        scale = max(people, 150) / 10_000
        company_ids = list(
            Company.objects.filter(organisation_id=org_id).values_list("id", flat=True)[:2000]
        )
        for i in range(round(200 * scale) + 3):
            made["offers"].append(
                Offer(
                    organisation_id=org_id, company_id=rng.choice(company_ids),
                    occupation_id=rng.choice(occupations), start_date=dt.date(year, 8, 1),
                    source="kausa" if i % 3 else "ba-feed",
                    created_at=_at(_day(rng, first, last), 10),
                )
            )  # fmt: skip
        for company in rng.sample(company_ids, min(len(company_ids), round(150 * scale) + 4)):
            made["pipelines"].append(Pipeline(organisation_id=org_id, company_id=company))
        for _i in range(round(2 * 50 * scale) + 6):
            starts = _at(_day(rng, first, min(last, dt.date(year, 11, 30))), 17)
            status = rng.choices(("published", "cancelled", "draft"), (90, 6, 4))[0]
            made["events"].append(
                Event(
                    organisation_id=org_id, type=rng.choice(EVENT_TYPES), status=status,
                    title="Bench-Veranstaltung", starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2), capacity=60,
                )
            )  # fmt: skip
        for _i in range(round(2 * 20 * scale) + 2):
            made["visit requests"].append(
                VisitRequest(
                    organisation_id=org_id, school="Schule", contact_name="Lehrkraft",
                    contact_email="schule@example.org", date_options="Dienstags", class_size=24,
                    created_at=_at(asked := _day(rng, first, last), 9),
                    held_on=asked + dt.timedelta(days=rng.randint(7, 40))
                    if rng.random() < 0.6 and asked < last - dt.timedelta(days=40) else None,
                )
            )  # fmt: skip
        tours = Tour.objects.bulk_create(
            Tour(
                organisation_id=org_id, city="berlin", city_name="Berlin", status="published",
                texts={"de": {"title": f"Tour {t}"}}, start_lat=52.5, start_lon=13.4,
            )
            for t in range(2)
        )  # fmt: skip
        Station.objects.bulk_create(
            Station(tour=tour, position=p, company_id=company)
            for tour in tours
            for p, company in enumerate(rng.sample(company_ids, 5), start=1)
        )
        for _i in range(round(2 * 300 * scale) + 4):
            tour = rng.choice(tours)
            made["walks"].append(TeamWalk(tour=tour, started_at=_at(_day(rng, first, last), 10)))
        materials += Material.objects.bulk_create(
            Material(
                organisation_id=org_id, title=f"Material {m}", description="Für Elternabende",
                format="handout", audience="parents",
            )
            for m in range(3)
        )  # fmt: skip
    counts["offers"] = len(_insert_dated(Offer, made["offers"], "created_at"))
    pipelines = _insert(Pipeline, made["pipelines"])
    for history in ("never", "paused"):
        chosen = [p.company_id for p in pipelines if rng.random() < 0.4]
        Company.objects.filter(id__in=chosen).update(training_history=history)
    steps = []
    stages = ("first_contact", "advised", "aevo_arranged", "recognised")
    for pipeline in pipelines:
        day = _day(rng, first - dt.timedelta(days=120), last)
        reached = rng.randint(1, len(stages))
        for stage in stages[:reached]:
            steps.append(PipelineStep(pipeline=pipeline, stage=stage, reached_on=day))
            day += dt.timedelta(days=rng.randint(10, 60))
        pipeline.stage = stages[reached - 1]
    Pipeline.objects.bulk_update(pipelines, ["stage"], batch_size=2000)
    counts["pipeline steps"] = len(_insert(PipelineStep, steps))
    events = _insert(Event, made["events"])
    counts["events"] = len(events)
    registrations = []
    for event in events:
        for i in range(rng.randint(4, 30)):
            status = rng.choices(("confirmed", "waitlisted", "cancelled"), (85, 5, 10))[0]
            checked = status == "confirmed" and event.status == "published" and rng.random() < 0.7
            registrations.append(
                Registration(
                    organisation_id=event.organisation_id, event=event, name=f"Gast {i}",
                    email=f"gast{i}@example.org", language=rng.choice(LANGUAGES),
                    party_size=rng.choice((1, 1, 1, 2, 3, 4)), status=status,
                    consent_given_at=event.starts_at - dt.timedelta(days=7),
                    checked_in_at=event.starts_at if checked else None,
                )
            )  # fmt: skip
    counts["registrations"] = len(_insert(Registration, registrations))
    counts["visit requests"] = len(
        _insert_dated(VisitRequest, made["visit requests"], "created_at")
    )
    walks = _insert_dated(TeamWalk, made["walks"], "started_at", "created_at")
    counts["walks"] = len(walks)
    tour_stations: dict[int, list[int]] = defaultdict(list)
    for station_id, tour_id in Station.objects.filter(
        tour__in={w.tour_id for w in walks}
    ).values_list("id", "tour_id"):
        tour_stations[tour_id].append(station_id)
    checkins = [
        CheckIn(walk=walk, station_id=station, method="code", points=10)
        for walk in walks
        for station in tour_stations[walk.tour_id][: rng.randint(1, 5)]
    ]
    checkins = _insert(CheckIn, checkins)
    for checkin in checkins:
        checkin.created_at = checkin.walk.started_at + dt.timedelta(minutes=20)
    CheckIn.objects.bulk_update(checkins, ["created_at"], batch_size=2000)
    counts["check-ins"] = len(checkins)
    versions = MaterialVersion.objects.bulk_create(
        MaterialVersion(material=m, language_id=code, link="https://example.org/material")
        for m in materials
        for code in ("de", "ar", "tr", "uk")
    )
    downloads = [
        MaterialDownload(version=v, day=first + dt.timedelta(days=d), count=rng.randint(1, 6))
        for v in versions
        for d in range((last - first).days + 1)
        if rng.random() < 0.15
    ]
    counts["download days"] = len(_insert(MaterialDownload, downloads))
    return counts


# --- the baseline: the same counts in Python over fetched rows ---------------------------

Counts = dict[tuple[int, str], list[int]]


def python_counts(offices: Sequence[int], windows: Sequence[Any]) -> dict[str, Counts]:
    """Every indicator per office, part and window, counted in Python.

    As strong as plain Python gets: each source is fetched once with only the columns it
    needs (``values_list``, no ordering, rows limited to the offices and the span of the
    windows; date-times fetched as their local date), iterated once, with a precomputed
    table day -> windows and one list of counters or sets per office.
    """
    from kausa.companies.models import Offer, PipelineStep
    from kausa.counselling.models import Consultation, Outcome, Referral
    from kausa.events.models import Event, Registration
    from kausa.jobwalk.models import CheckIn, TeamWalk
    from kausa.network.models import MaterialDownload, VisitRequest

    n = len(windows)
    low, high = min(w.start for w in windows), max(w.end for w in windows)
    day_windows: dict[dt.date, tuple[int, ...]] = {}
    day = low
    while day <= high:
        day_windows[day] = tuple(i for i, w in enumerate(windows) if w.start <= day <= w.end)
        day += dt.timedelta(days=1)
    starts = [w.start for w in windows]
    ids = list(offices)
    out: dict[str, Counts] = {}

    def sets() -> list[set[int]]:
        return [set() for _ in range(n)]

    def sized(found: dict[int, list[set[int]]]) -> Counts:
        return {(org, ""): [len(s) for s in per_window] for org, per_window in found.items()}

    def tally(rows: Iterable[tuple[Any, ...]]) -> Counts:
        """Rows of (office, part, day, amount)."""
        counts: Counts = {}
        for org, part, on, amount in rows:
            vector = counts.get((org, part))
            if vector is None:
                vector = counts[(org, part)] = [0] * n
            for w in day_windows.get(on, ()):
                vector[w] += amount
        return counts

    # consultations: one pass for seven indicators
    consultations: dict[int, list[int]] = {}
    advised: dict[int, list[set[int]]] = {}
    new: dict[int, list[set[int]]] = {}
    continuing: dict[int, list[set[int]]] = {}
    parents: dict[int, list[set[int]]] = {}
    companies: dict[int, list[set[int]]] = {}
    migrant: dict[int, list[set[int]]] = {}
    rows = (
        Consultation.objects.filter(organisation_id__in=ids, held_on__range=(low, high))
        .order_by()
        .values_list(
            "organisation_id", "held_on", "case__kind", "case__young_person_id",
            "case__parent_id", "case__company_id", "case__opened_on",
            "case__company__migrant_led",
        )
    )  # fmt: skip
    for org, held, kind, person, parent, company, opened, migrant_led in rows.iterator(20_000):
        in_windows = day_windows[held]
        vector = consultations.get(org)
        if vector is None:
            vector = consultations[org] = [0] * n
        for w in in_windows:
            vector[w] += 1
        if kind == "young_person":
            if org not in advised:
                advised[org], new[org], continuing[org] = sets(), sets(), sets()
            a, nw, co = advised[org], new[org], continuing[org]
            for w in in_windows:
                a[w].add(person)
                (nw if opened >= starts[w] else co)[w].add(person)
        elif kind == "parent":
            p = parents.get(org) or parents.setdefault(org, sets())
            for w in in_windows:
                p[w].add(parent)
        elif kind == "company":
            c = companies.get(org) or companies.setdefault(org, sets())
            m = migrant.get(org) or migrant.setdefault(org, sets())
            for w in in_windows:
                c[w].add(company)
                if migrant_led:
                    m[w].add(company)
    out["people_advised"], out["people_new"] = sized(advised), sized(new)
    out["people_continuing"] = sized(continuing)
    out["consultations"] = {(org, ""): vector for org, vector in consultations.items()}
    out["parents_advised"], out["companies_advised"] = sized(parents), sized(companies)
    out["migrant_led_advised"] = sized(migrant)
    # companies recognised: distinct per office, training history and window
    recognised: dict[tuple[int, str], list[set[int]]] = {}
    for org, on, company, history in PipelineStep.objects.filter(
        stage="recognised", pipeline__organisation_id__in=ids, reached_on__range=(low, high)
    ).values_list(
        "pipeline__organisation_id", "reached_on", "pipeline__company_id",
        "pipeline__company__training_history",
    ):  # fmt: skip
        key = (org, history or "unknown")
        r = recognised.get(key) or recognised.setdefault(key, sets())
        for w in day_windows[on]:
            r[w].add(company)
    out["companies_recognised"] = {
        key: [len(s) for s in per_window] for key, per_window in recognised.items()
    }
    out["contracts"] = tally(
        (org, "", on, 1)
        for org, on in Outcome.objects.filter(
            kind="contract", organisation_id__in=ids, recorded_on__range=(low, high)
        ).values_list("organisation_id", "recorded_on")
    )
    # Azubi-BSK: one pass over the referrals for four indicators
    bsk: dict[str, Counts] = {k: {} for k in ("proposed", "started", "completed", "passed")}
    for org, status, result, proposed, started, ended, exam in Referral.objects.filter(
        kind="azubi_bsk", organisation_id__in=ids
    ).values_list(
        "organisation_id", "status", "exam_result", "proposed_on", "started_on", "ended_on",
        "exam_on",
    ):  # fmt: skip
        for which, when, counts in (
            ("proposed", proposed, True),
            ("started", started, True),
            ("completed", ended, status == "completed"),
            ("passed", exam, result == "passed"),
        ):
            found = day_windows.get(when, ()) if counts and when else ()
            if found:
                vector = bsk[which].get((org, ""))
                if vector is None:
                    vector = bsk[which][(org, "")] = [0] * n
                for w in found:
                    vector[w] += 1
    out["bsk_referrals"], out["bsk_started"] = bsk["proposed"], bsk["started"]
    out["bsk_completed"], out["bsk_exams_passed"] = bsk["completed"], bsk["passed"]
    out["offers_acquired"] = tally(
        (org, "", on, 1)
        for org, on in Offer.objects.filter(
            source="kausa", organisation_id__in=ids, created_at__date__range=(low, high)
        ).values_list("organisation_id", "created_at__date")
    )
    out["events"] = tally(
        (org, kind, on, 1)
        for org, kind, on in Event.objects.filter(
            status="published", starts_at__lte=timezone.now(), organisation_id__in=ids,
            starts_at__date__range=(low, high),
        ).values_list("organisation_id", "type", "starts_at__date")
    )  # fmt: skip
    out["participants"] = tally(
        Registration.objects.filter(
            status="confirmed", checked_in_at__isnull=False, event__status="published",
            event__organisation_id__in=ids, event__starts_at__date__range=(low, high),
        ).values_list("event__organisation_id", "language", "event__starts_at__date", "party_size")
    )  # fmt: skip
    out["jobwalk_walks"] = tally(
        (org, "", on, 1)
        for org, on in TeamWalk.objects.filter(
            tour__organisation_id__in=ids, started_at__date__range=(low, high)
        ).values_list("tour__organisation_id", "started_at__date")
    )
    out["jobwalk_stations"] = tally(
        (org, "", on, 1)
        for org, on in CheckIn.objects.filter(
            walk__tour__organisation_id__in=ids, created_at__date__range=(low, high)
        ).values_list("walk__tour__organisation_id", "created_at__date")
    )
    out["ambassador_visits"] = tally(
        (org, "", on, 1)
        for org, on in VisitRequest.objects.filter(
            organisation_id__in=ids, created_at__date__range=(low, high)
        ).values_list("organisation_id", "created_at__date")
    )
    out["ambassador_visits_held"] = tally(
        (org, "", on, 1)
        for org, on in VisitRequest.objects.filter(
            organisation_id__in=ids, held_on__range=(low, high)
        ).values_list("organisation_id", "held_on")
    )
    out["toolkit_downloads"] = tally(
        MaterialDownload.objects.filter(
            version__material__organisation_id__in=ids, day__range=(low, high)
        ).values_list("version__material__organisation_id", "version__language_id", "day", "count")
    )
    return out


def _nonzero(counts: Counts) -> Counts:
    return {key: list(vector) for key, vector in counts.items() if any(vector)}


# --- timing -------------------------------------------------------------------------------


def _median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(options: argparse.Namespace, out: TextIO) -> None:
    from kausa.accounts.models import Organisation, User
    from kausa.counselling.models import Consultation
    from kausa.reporting import periods
    from kausa.reporting.indicators import INDICATORS
    from kausa.reporting.selectors import _year_cube_windows, figures_report

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    year, repeat = options.year, options.repeat
    office, _advisor = generate_workspace(options.people, options.companies, out)
    _top_up(office, people=options.people, year=year, consultations=options.consultations, out=out)
    translation.activate("de")
    period = periods.year(year)
    offices = list(
        Organisation.objects.filter(slug__startswith="bench-").values_list("id", flat=True)
    )
    in_year = Consultation.objects.filter(
        organisation_id__in=offices, held_on__year=year
    ).order_by()
    total = in_year.count()
    check(total >= options.consultations, f"{total:,} consultations in {year}")
    per_month = dict(
        in_year.values_list("held_on__month")
        .annotate(n=Count("id"))
        .values_list("held_on__month", "n")
    )
    check(
        all(per_month.get(m, 0) >= options.consultations / 30 for m in range(1, 13)),
        f"consultations not spread over {year}: {per_month}",
    )

    def user(email: str) -> Any:
        return User.objects.get(email=email)  # a fresh object: nothing cached on it

    def report(email: str, y: int = year) -> Any:
        return figures_report(user=user(email), period=periods.year(y), level="all")

    coordinator = report(COORDINATOR)
    admin = report(ADMIN)
    out.write(
        f"database: {connection.vendor}; year {year}: {total:,} consultations of "
        f"{len(offices)} offices (fewest in a month: {min(per_month.values()):,}); "
        f"{repeat} runs per figure, medians\n"
        f"coordinator of both Landesstellen: {len(coordinator.offices)} offices, "
        f"{len(coordinator.columns)} columns, {len(coordinator.lines)} lines, "
        f"cells hidden: {coordinator.any_hidden}; superuser: {len(admin.offices)} offices\n"
    )

    # the baseline, checked against the database's counts for every indicator/office/window
    offices = [o.pk for o in admin.offices]  # every office of the database
    windows, _relations = _year_cube_windows(year)
    python = python_counts(offices, windows)
    database = {i.key: i.count(offices, windows) for i in INDICATORS}
    for indicator in INDICATORS:
        mine, theirs = _nonzero(python[indicator.key]), _nonzero(database[indicator.key])
        check(mine == theirs, f"{indicator.key}: Python {mine} != database {theirs}")
        check(sum(v[33] for v in mine.values()) > 0, f"{indicator.key}: nothing counted in {year}")
    for line in admin.lines:
        counted = python[line.indicator.key]
        parts = {p for (_o, p) in counted if p}
        expected = sum(
            v[33] for (_o, p), v in counted.items() if p == line.part or (not line.part and parts)
        )
        check(line.cells[-1].value == expected, (line.indicator.key, line.part, expected))
    cells = sum(len(v) for c in python.values() for v in c.values())
    out.write(
        f"checked: Python and database agree on {len(INDICATORS)} indicators x "
        f"{len(offices)} offices x parts x {len(windows)} windows ({cells:,} counts), "
        "and the superuser's report equals the Python sums\n"
    )

    # queries of one report, and how much of its time the database takes
    asking = user(COORDINATOR)
    with CaptureQueriesContext(connection) as queries:
        spent = _timed(partial(figures_report, user=asking, period=period))
    in_database = sum(float(q["time"]) for q in queries.captured_queries)
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    out.write(
        f"queries of figures_report (coordinator, year, all offices): {len(queries)}; "
        f"one run {spent * 1000:.0f} ms, of it in the database {in_database * 1000:.0f} ms\n"
        + "".join(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:80]}\n" for q in slowest)
    )

    # alternating runs, so that other load on the machine weighs on all alike
    load = os.getloadavg()[0]
    coordinator_user, admin_user = user(COORDINATOR), user(ADMIN)
    figures_report(user=coordinator_user, period=period)
    samples: dict[str, list[float]] = defaultdict(list)

    def counts_in_database() -> None:
        ids, spans = list(offices), list(windows)  # new objects: nothing shared across runs
        for indicator in INDICATORS:
            indicator.count(ids, spans)

    for _ in range(repeat):
        samples["python"].append(_timed(lambda: python_counts(offices, windows)))
        samples["database"].append(_timed(counts_in_database))
        for who, email, same in (
            ("coordinator", COORDINATOR, coordinator_user),
            ("superuser", ADMIN, admin_user),
        ):
            samples[f"{who} warm"].append(_timed(partial(figures_report, user=same, period=period)))
            connection.close()
            fresh = user(email)  # a new connection and user, outside the timer
            samples[f"{who} cold"].append(
                _timed(partial(figures_report, user=fresh, period=period))
            )
    other_year = _timed(lambda: report(COORDINATOR, year - 1))
    client = Client()
    client.force_login(user(COORDINATOR))
    url = f"/de/staff/figures/?period=year&year={year}"

    def page() -> None:
        response = client.get(url)
        check(response.status_code == 200, (url, response.status_code))

    page()
    samples["page"] = [_timed(page) for _ in range(repeat)]
    ms = {key: _median_ms(values) for key, values in samples.items()}
    best = {key: min(values) * 1000 for key, values in samples.items()}
    out.write(
        f"figures_report(period=year, level='all'), server time, median (best) of {repeat}:\n"
        + "".join(
            f"  {who:<12} cold {ms[who + ' cold']:7.1f} ({best[who + ' cold']:6.1f}) ms   "
            f"warm {ms[who + ' warm']:7.1f} ({best[who + ' warm']:6.1f}) ms\n"
            for who in ("coordinator", "superuser")
        )
        + f"  coordinator, year {year - 1} (first call for that year): {other_year * 1000:.1f} ms\n"
        f"  whole page {url} (test client, coordinator): {ms['page']:.1f} "
        f"({best['page']:.1f}) ms\n"
        f"the {len(INDICATORS)} indicators' counts alone (every office, 34 windows):\n"
        f"  in the database (indicators.py)           {ms['database']:7.1f} "
        f"({best['database']:6.1f}) ms\n"
        f"  baseline: in Python over fetched rows      {ms['python']:7.1f} "
        f"({best['python']:6.1f}) ms\n"
        "    (values_list of the needed columns only, one pass per table, a table day ->\n"
        "    windows, counters and sets per office)\n"
        f"ratio baseline / database counts: {ms['python'] / ms['database']:.1f}x; "
        f"baseline / whole report (coordinator, warm): "
        f"{ms['python'] / ms['coordinator warm']:.1f}x\n"
        f"load average (1 min) at the start {load:.1f}, at the end {os.getloadavg()[0]:.1f} "
        f"(other work on the machine; {os.cpu_count()} cores)\n"
    )
