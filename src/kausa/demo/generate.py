"""`kausa generate`: national-scale synthetic data for load tests and demonstrations.

Offices (a Landesstelle per state and Servicestellen) with advisors, young people,
companies and apprenticeship offers, spread over Germany by the postal codes of the loaded
reference data; the shapes are drawn in kausa.demo.synthetic. Rows are built from numpy
arrays and written with ``bulk_create`` in batches inside one transaction: a failed run
leaves nothing behind.

Like the demo (and the benchmarks) this module fills several apps' tables directly; the
model-ownership rule exempts demo data. Everything it makes hangs off organisations whose
slug starts with ``gen-`` (users: e-mail addresses at ``generated.kausa.example``), which
is how ``generated_clear`` finds it again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import numpy as np
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import ProtectedError, QuerySet

from kausa.accounts.models import Membership, Organisation, User
from kausa.companies.models import Company, Offer
from kausa.companies.services import company_search_text
from kausa.demo import data
from kausa.demo.generate_plan import (
    EMAIL_DOMAIN,
    EU_ORIGINS,
    GENDER,
    GENERIC_PATTERNS,
    HWK_SECTORS,
    OFFER_STATUS,
    PLACES,
    PREFIX,
    REQUIRED_CERTIFICATE,
    REQUIRED_GERMAN,
    THIRD_COUNTRY_RESIDENCE,
    GenerateError,
    GenerateSummary,
    Plan,
    origin_pools,
    person_languages,
    plan_counts,
    plan_describe,
    plan_make,
)
from kausa.demo.synthetic import IntArray
from kausa.matching.index import offer_index_invalidate, offer_index_invalidation_deferred
from kausa.people.models import YoungPerson
from kausa.people.services import young_person_refresh_search_text

CARRIER = "Generierte Daten (kausa generate)"
BATCH = 5_000
DELETE_CHUNK = 10_000
__all__ = ["GenerateError", "GenerateSummary", "generate", "generated_clear", "generated_present"]


# --- writing the plan ----------------------------------------------------------------------


Progress = Callable[[str, int, int], None]


def _batches(n: int) -> Iterator[tuple[int, int]]:
    for lo in range(0, n, BATCH):
        yield lo, min(n, lo + BATCH)


def _dates(ordinals: Iterable[int]) -> dict[int, dt.date]:
    return {o: dt.date.fromordinal(o) for o in set(ordinals)}


def _write_offices(plan: Plan) -> tuple[list[int], int]:
    """Organisation ids in plan order and the number of users."""
    common = {"carrier": CARRIER, "is_active": True}
    landesstellen = {
        o.slug: Organisation(
            slug=o.slug,
            name=o.name,
            kind=o.kind,
            state=o.state,
            city=o.city,
            postal_code=o.postal_code,
            serves_postal_codes=o.serves,
            **common,
        )
        for o in plan.offices
        if o.kind == Organisation.Kind.LANDESSTELLE
    }
    Organisation.objects.bulk_create(list(landesstellen.values()))
    others = {
        o.slug: Organisation(
            slug=o.slug,
            name=o.name,
            kind=o.kind,
            state=o.state,
            city=o.city,
            postal_code=o.postal_code,
            serves_postal_codes=o.serves,
            parent=landesstellen.get(o.parent),
            **common,
        )
        for o in plan.offices
        if o.slug not in landesstellen
    }
    Organisation.objects.bulk_create(list(others.values()))
    orgs = landesstellen | others
    return [orgs[o.slug].pk for o in plan.offices], _write_staff(plan, orgs)


def _write_staff(plan: Plan, orgs: dict[str, Organisation]) -> int:
    """Advisors for every office, a coordinator for every Landesstelle; all log in with the
    demo password (one hash for all: hashing each would take minutes)."""
    password = make_password(data.DEMO_PASSWORD)
    rng = np.random.default_rng(len(plan.offices))
    firsts = [n for _, (_, _, pool, _) in data.ORIGINS.items() for n in pool]
    lasts = data.GERMAN_OWNERS + data.MIGRANT_OWNERS
    users, roles = [], []
    for office in plan.offices:
        staff = [("advisor", f"berater{k}") for k in range(1, office.advisors + 1)]
        if office.kind == Organisation.Kind.LANDESSTELLE:
            staff.append(("coordinator", "koordination"))
        for role, local in staff:
            first = firsts[int(rng.integers(len(firsts)))]
            last = lasts[int(rng.integers(len(lasts)))]
            users.append(
                User(
                    email=f"{local}.{office.slug}@{EMAIL_DOMAIN}",
                    full_name=f"{first} {last}",
                    password=password,
                    is_staff=role == "advisor",
                )
            )
            roles.append((orgs[office.slug], role))
    User.objects.bulk_create(users, batch_size=BATCH)
    Membership.objects.bulk_create(
        [
            Membership(user=user, organisation=org, role=role)
            for user, (org, role) in zip(users, roles, strict=True)
        ],
        batch_size=BATCH,
    )
    return len(users)


def _write_people(plan: Plan, org_ids: list[int], progress: Progress) -> tuple[int, int]:
    """Young people with their languages and interests; (language links, interest links)."""
    origins, firsts, lasts = origin_pools()
    countries = [data.ORIGINS[o][0] for o in origins]
    languages = [data.ORIGINS[o][1] for o in origins]
    mail_names = [[search_key_ascii(n) for n in pool] for pool in firsts]
    nationality = [
        "german" if o == "germany" else "eu" if o in EU_ORIGINS else "third_country"
        for o in origins
    ]
    residence = list(THIRD_COUNTRY_RESIDENCE)
    german, certificates, genders = list(data.GERMAN_LEVELS), list(data.CERTIFICATES), list(GENDER)
    born = _dates(plan.person_born.tolist())
    org_of_code = [org_ids[i] for i in plan.owner.tolist()]
    phones = np.random.default_rng(len(plan.person_code)).integers(
        1_000_000, 9_999_999, len(plan.person_code)
    )
    lang_through = YoungPerson.languages.through
    occ_through = YoungPerson.occupations_of_interest.through
    occupation_ids = plan.ref.occupation_ids
    n, n_lang, n_occ = len(plan.person_code), 0, 0
    for lo, hi in _batches(n):
        people = []
        rows = zip(
            range(lo, hi),
            plan.person_code[lo:hi].tolist(),
            plan.person_origin[lo:hi].tolist(),
            plan.person_names[lo:hi].tolist(),
            plan.person_born[lo:hi].tolist(),
            plan.person_german[lo:hi].tolist(),
            plan.person_certificate[lo:hi].tolist(),
            plan.person_arrival[lo:hi].tolist(),
            plan.person_gender[lo:hi].tolist(),
            plan.person_residence[lo:hi].tolist(),
            phones[lo:hi].tolist(),
            strict=True,
        )
        for i, code, origin, (f, la), b, g, c, arrival, gender, res, phone in rows:
            nat = nationality[origin]
            person = YoungPerson(
                organisation_id=org_of_code[code],
                first_name=firsts[origin][f],
                last_name=lasts[origin][la],
                birth_date=born[b],
                email=f"{mail_names[origin][f]}.{i}@mail.example",
                phone=f"+49 15{phone % 9 + 1} {phone}",
                postal_code_id=plan.ref.codes[code],
                german_level=german[g],
                certificate=certificates[c],
                year_of_arrival=arrival or None,
                country_of_origin=countries[origin],
                gender=genders[gender],
                nationality=nat,
                residence_status=residence[res] if nat == "third_country" else "not_needed",
            )
            young_person_refresh_search_text(person)
            people.append(person)
        YoungPerson.objects.bulk_create(people, batch_size=BATCH)
        links_lang, links_occ = [], []
        extra = plan.person_languages[lo:hi].tolist()
        picks = plan.person_interests[lo:hi].tolist()
        for person, origin, (k, english), occs in zip(
            people, plan.person_origin[lo:hi].tolist(), extra, picks, strict=True
        ):
            codes = person_languages(languages[origin], k, english)
            links_lang += [lang_through(youngperson_id=person.pk, language_id=c) for c in codes]
            links_occ += [
                occ_through(youngperson_id=person.pk, occupation_id=occupation_ids[o])
                for o in occs
                if o >= 0
            ]
        lang_through.objects.bulk_create(links_lang, batch_size=BATCH)
        occ_through.objects.bulk_create(links_occ, batch_size=BATCH)
        n_lang, n_occ = n_lang + len(links_lang), n_occ + len(links_occ)
        progress("young people", hi, n)
    return n_lang, n_occ


def search_key_ascii(name: str) -> str:
    """'Yılmaz' -> 'yilmaz': the local part of an invented e-mail address."""
    folded = name.casefold().translate(str.maketrans("ıäöüßşçğéăț", "iaousscgeat"))
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum()) or "person"


def _company_name(plan: Plan, i: int, sector: str, owner: str) -> str:
    patterns = data.COMPANY_PATTERNS.get(sector, GENERIC_PATTERNS)
    return patterns[int(plan.company_pattern[i]) % len(patterns)].format(n=owner, s=sector)


def _write_companies(plan: Plan, org_ids: list[int], progress: Progress) -> tuple[IntArray, int]:
    """Company ids in plan order and the number of language links."""
    ref = plan.ref
    migrant, german = data.MIGRANT_OWNERS, data.GERMAN_OWNERS
    through = Company.languages.through
    n = len(plan.company_code)
    ids = np.zeros(n, np.int64)
    n_links = 0
    for lo, hi in _batches(n):
        companies = []
        rows = zip(
            range(lo, hi),
            plan.company_code[lo:hi].tolist(),
            plan.company_sector[lo:hi].tolist(),
            plan.company_migrant[lo:hi].tolist(),
            plan.company_owner[lo:hi].tolist(),
            plan.company_jitter[lo:hi].tolist(),
            plan.company_training[lo:hi].tolist(),
            strict=True,
        )
        for i, code, sector_i, is_migrant, owner_i, (dlat, dlon), training in rows:
            pool = migrant if is_migrant else german
            owner = pool[owner_i % len(pool)]
            sector = plan.sectors[sector_i]
            company = Company(
                organisation_id=org_ids[int(plan.owner[code])],
                name=_company_name(plan, i, sector, owner),
                street=f"{data.STREETS[owner_i % len(data.STREETS)]} {owner_i % 140 + 1}",
                postal_code_id=ref.codes[code],
                city=ref.places[code],
                lat=round(float(ref.lat[code]) + dlat, 5),
                lon=round(float(ref.lon[code]) + dlon * 1.5, 5),
                sector=sector,
                migrant_led=is_migrant,
                chamber="hwk" if sector in HWK_SECTORS else "ihk",
                training_status=training,
                contact_name=f"{'Frau' if owner_i % 2 else 'Herr'} {owner}",
                contact_email=f"kontakt{i}@betrieb.example",
                contact_phone=f"+49 {owner_i % 70 + 30} {owner_i % 900_000 + 100_000}",
            )
            company.search_text = company_search_text(company)
            companies.append(company)
        Company.objects.bulk_create(companies, batch_size=BATCH)
        ids[lo:hi] = [c.pk for c in companies]
        links = [through(company_id=c.pk, language_id="de") for c in companies]
        links += [
            through(
                company_id=c.pk,
                language_id=data.COMPANY_LANGUAGES.get(c.contact_name.split()[-1], "en"),
            )
            for c in companies
            if c.migrant_led
        ]
        through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
        n_links += len(links)
        progress("companies", hi, n)
    return ids, n_links


def _write_offers(
    plan: Plan, company_ids: IntArray, company_orgs: IntArray, progress: Progress
) -> None:
    statuses, places = list(OFFER_STATUS), list(PLACES)
    certificates, german = list(REQUIRED_CERTIFICATE), list(REQUIRED_GERMAN)
    starts = _dates(plan.offer_start.tolist())
    occupation_ids = plan.ref.occupation_ids
    n = len(plan.offer_company)
    for lo, hi in _batches(n):
        company = plan.offer_company[lo:hi]
        rows = zip(
            company_ids[company].tolist(),
            company_orgs[company].tolist(),
            plan.offer_occupation[lo:hi].tolist(),
            plan.offer_start[lo:hi].tolist(),
            plan.offer_places[lo:hi].tolist(),
            plan.offer_status[lo:hi].tolist(),
            plan.offer_certificate[lo:hi].tolist(),
            plan.offer_german[lo:hi].tolist(),
            strict=True,
        )
        Offer.objects.bulk_create(
            [
                Offer(
                    organisation_id=org,
                    company_id=company_id,
                    occupation_id=occupation_ids[occ],
                    start_date=starts[start],
                    places=places[p],
                    places_filled=places[p] if statuses[s] == "filled" else 0,
                    required_certificate=certificates[c],
                    required_german=german[g],
                    description="Wir bieten eine abwechslungsreiche Ausbildung in einem "
                    "offenen Team.",
                    status=statuses[s],
                )
                for company_id, org, occ, start, p, s, c, g in rows
            ],
            batch_size=BATCH,
        )
        progress("offers", hi, n)


def _analyze() -> None:
    """Fresh planner statistics for the filled tables (PostgreSQL; autovacuum would take
    a while to notice a million new rows)."""
    if connection.vendor != "postgresql":
        return
    models = [Organisation, User, Membership, Company, Offer, YoungPerson]
    tables = [m._meta.db_table for m in models] + [
        Company.languages.through._meta.db_table,
        YoungPerson.languages.through._meta.db_table,
        YoungPerson.occupations_of_interest.through._meta.db_table,
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


@contextmanager
def _queries_not_kept() -> Iterator[None]:
    """With DEBUG on (the default outside production) Django keeps the text of every query,
    and the text of a 5,000-row insert runs to megabytes: at a million rows that costs
    gigabytes and much of the time. The generator is a command of its own process."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def plan_write(
    plan: Plan, progress: Progress | None = None, phases: dict[str, float] | None = None
) -> dict[str, int]:
    """Write the plan in one transaction; the counts of rows written. ``phases`` receives
    the seconds of each step (offices and staff, young people with their languages and
    interests, companies with their languages, offers, commit and ANALYZE)."""
    report: Progress = progress or (lambda what, done, total: None)
    clock = _Clock(phases if phases is not None else {})
    with _queries_not_kept(), transaction.atomic():
        org_ids, users = _write_offices(plan)
        clock.lap("offices and staff")
        n_lang, n_occ = _write_people(plan, org_ids, report)
        clock.lap("young people")
        company_ids, n_company_lang = _write_companies(plan, org_ids, report)
        clock.lap("companies")
        company_orgs = np.asarray(org_ids, np.int64)[plan.owner[plan.company_code]]
        _write_offers(plan, company_ids, company_orgs, report)
        clock.lap("offers")
        offer_index_invalidate(full=True)
    _analyze()
    clock.lap("commit and analyze")
    return {
        "offices": len(org_ids),
        "users": users,
        "memberships": users,
        "companies": len(company_ids),
        "company languages": n_company_lang,
        "offers": len(plan.offer_company),
        "young people": len(plan.person_code),
        "interests": n_occ,
        "person languages": n_lang,
    }


class _Clock:
    def __init__(self, laps: dict[str, float]) -> None:
        self.laps, self.last = laps, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name], self.last = now - self.last, now


# --- the entry points ----------------------------------------------------------------------


def generated_present() -> bool:
    return Organisation.objects.filter(slug__startswith=PREFIX).exists()


def generate(
    *,
    people: int,
    offers: int,
    offices: int,
    companies: int | None = None,
    seed: int = 1,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> GenerateSummary:
    """Draw and (unless ``dry_run``) write the data. Raises GenerateError when generated data
    is already there (clear it first) or the reference data is missing."""
    started = time.perf_counter()
    if not dry_run and generated_present():
        raise GenerateError("Generated data is already there: `kausa generate --clear` first.")
    plan = plan_make(
        people=people, offers=offers, offices=offices, companies=companies, seed=seed, today=today
    )
    summary = GenerateSummary(notes=plan_describe(plan))
    summary.phases["drawing"] = time.perf_counter() - started
    if dry_run:
        summary.counts = plan_counts(plan)
    else:
        summary.counts = plan_write(plan, progress, summary.phases)
        summary.written = True
    summary.seconds = time.perf_counter() - started
    return summary


def generated_clear() -> dict[str, int]:
    """Delete everything `kausa generate` made (and whatever hangs off it: Django's cascade
    rules apply, so records other apps keep about generated people or offers go too); the
    counts deleted per model."""
    orgs = Organisation.objects.filter(slug__startswith=PREFIX)
    deleted: Counter[str] = Counter()
    try:
        with offer_index_invalidation_deferred(), transaction.atomic():
            _delete_all(orgs, deleted)
    except ProtectedError as exc:
        kinds = sorted({str(type(obj)._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise GenerateError(
            "Other records still point at the generated data and were kept: " + ", ".join(kinds)
        ) from exc
    return {label: n for label, n in deleted.items() if n}


def _delete_all(orgs: QuerySet[Organisation], deleted: Counter[str]) -> None:
    # In chunks: Django's cascade on a million rows at once sends every related table one
    # DELETE with a million ids, which takes PostgreSQL minutes each.
    for model in (Offer, Company, YoungPerson):
        ids = list(
            model.objects.filter(organisation__in=orgs).order_by("pk").values_list("pk", flat=True)
        )
        for lo in range(0, len(ids), DELETE_CHUNK):
            _total, per_model = model.objects.filter(pk__in=ids[lo : lo + DELETE_CHUNK]).delete()
            deleted.update(per_model)
    for queryset in (
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}"),
        orgs.filter(kind=Organisation.Kind.SERVICESTELLE),  # before their Landesstellen
        orgs,
    ):
        _total, per_model = queryset.delete()
        deleted.update(per_model)
