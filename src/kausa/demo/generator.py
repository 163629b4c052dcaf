"""Reproducible demo data: offices, users, companies, offers, young people, parents.

Everything is made from a fixed seed inside one transaction: a second run finds
the demo offices and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kausa.accounts.models import Membership, Organisation, User
from kausa.companies.models import Company, Offer
from kausa.companies.services import company_search_text
from kausa.demo import data
from kausa.people.models import Consent, Parent, YoungPerson
from kausa.people.services import young_person_refresh_search_text
from kausa.reference.models import Occupation, PostalCode

SEED = 20261129


@dataclass
class DemoSummary:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def demo_present() -> bool:
    return Organisation.objects.filter(slug=data.OFFICES[0][0]).exists()


def _city_postal_codes(city: str) -> list[PostalCode]:
    codes = list(PostalCode.objects.filter(place=city).order_by("code"))
    if not codes:
        raise RuntimeError(f"No postal codes for {city}: run `kausa load-reference` first.")
    return codes


def _organisations() -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for slug, name, kind, state, city, parent in data.OFFICES:
        street, postal_code, phone, email, hours, website = data.OFFICE_CONTACTS[slug]
        orgs[slug] = Organisation.objects.create(
            slug=slug,
            name=name,
            kind=kind,
            state=state,
            city=city,
            parent=orgs.get(parent) if parent else None,
            carrier="Demo-Träger e. V.",
            project_code=f"21BLVK{state}",
            street=street,
            postal_code=postal_code,
            phone=phone,
            public_email=email,
            opening_hours=hours,
            website=website,
        )
    for slug, name, kind, state, city in data.PARTNERS:
        orgs[slug] = Organisation.objects.create(
            slug=slug, name=name, kind=kind, state=state, city=city
        )
    return orgs


def _users(orgs: dict[str, Organisation]) -> int:
    for email, name, slug, role, staff in data.USERS:
        user = User.objects.create_user(email, data.DEMO_PASSWORD, full_name=name, is_staff=staff)
        Membership.objects.create(user=user, organisation=orgs[slug], role=role)
    email, name = data.SUPERUSER
    User.objects.create_superuser(email, data.DEMO_PASSWORD, full_name=name)
    return len(data.USERS) + 1


def _occupations_by_sector() -> dict[str, list[Occupation]]:
    by_sector: dict[str, list[Occupation]] = defaultdict(list)
    for occ in Occupation.objects.filter(regulation="bbig").order_by("id"):
        by_sector[occ.sector].append(occ)
    return by_sector


def _pick_occupation(rng: random.Random, pool: list[Occupation]) -> Occupation:
    return rng.choices(pool, weights=[6 if o.is_common else 1 for o in pool])[0]


def _companies(
    rng: random.Random,
    orgs: dict[str, Organisation],
    total: int,
    by_sector: dict[str, list[Occupation]],
) -> list[Company]:
    companies: list[Company] = []
    sectors = [s for s in data.COMPANY_PATTERNS if by_sector.get(s)]
    for slug, weight in data.OFFICE_WEIGHTS.items():
        org = orgs[slug]
        codes = _city_postal_codes(org.city)
        for _ in range(round(total * weight)):
            migrant_led = rng.random() < 0.36
            owner = rng.choice(data.MIGRANT_OWNERS if migrant_led else data.GERMAN_OWNERS)
            sector = rng.choice(sectors)
            plz = rng.choice(codes)
            company = Company(
                organisation=org,
                name=rng.choice(data.COMPANY_PATTERNS[sector]).format(n=owner),
                street=f"{rng.choice(data.STREETS)} {rng.randint(1, 140)}",
                postal_code=plz,
                city=plz.place,
                lat=round(plz.lat + rng.uniform(-0.006, 0.006), 5),
                lon=round(plz.lon + rng.uniform(-0.009, 0.009), 5),
                sector=sector,
                migrant_led=migrant_led,
                chamber="hwk"
                if sector
                in {"Handwerk Bau", "Lebensmittel", "Körperpflege", "Gebäudetechnik", "Fahrzeug"}
                else "ihk",
                training_status=rng.choices(
                    ["training", "preparing", "not_training"], weights=[70, 15, 15]
                )[0],
                contact_name=f"{rng.choice(['Frau', 'Herr'])} {owner}",
                contact_email=f"kontakt{len(companies)}@betrieb.example",
                contact_phone=f"+49 {rng.randint(30, 99)} {rng.randint(100000, 999999)}",
            )
            company.search_text = company_search_text(company)
            companies.append(company)
    Company.objects.bulk_create(companies)
    through = Company.languages.through
    links = [through(company_id=c.pk, language_id="de") for c in companies]
    links += [
        through(company_id=c.pk, language_id=data.COMPANY_LANGUAGES[c.contact_name.split()[-1]])
        for c in companies
        if c.migrant_led and c.contact_name.split()[-1] in data.COMPANY_LANGUAGES
    ]
    through.objects.bulk_create(links, ignore_conflicts=True)
    return companies


def _offers(
    rng: random.Random,
    companies: list[Company],
    by_sector: dict[str, list[Occupation]],
    total_open: int,
) -> list[Offer]:
    training = [c for c in companies if c.training_status == "training"]
    starts = [dt.date(2027, 8, 1), dt.date(2027, 9, 1), dt.date(2027, 8, 1), dt.date(2027, 2, 1)]
    offers = []
    for number in range(total_open + total_open // 6):
        company = (
            training[number % len(training)] if number < len(training) else rng.choice(training)
        )
        places = rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
        status = "open" if number < total_open else rng.choice(["filled", "withdrawn"])
        offers.append(
            Offer(
                organisation=company.organisation,
                company=company,
                occupation=_pick_occupation(rng, by_sector[company.sector]),
                start_date=rng.choice(starts),
                places=places,
                places_filled=places if status == "filled" else 0,
                required_certificate=rng.choices(
                    ["none", "first", "intermediate", "abitur"], weights=[30, 40, 25, 5]
                )[0],
                required_german=rng.choices(["none", "A2", "B1", "B2"], weights=[10, 15, 45, 30])[
                    0
                ],
                description="Wir bieten eine abwechslungsreiche Ausbildung in einem offenen Team.",
                status=status,
            )
        )
    Offer.objects.bulk_create(offers)
    return offers


def _young_people(
    rng: random.Random, orgs: dict[str, Organisation], total: int, occupations: list[Occupation]
) -> list[YoungPerson]:
    today = timezone.localdate()
    people: list[YoungPerson] = []
    origins: list[str] = []
    for slug, weight in data.OFFICE_WEIGHTS.items():
        org = orgs[slug]
        codes = _city_postal_codes(org.city)
        for _ in range(round(total * weight)):
            origin = _weighted(rng, data.ORIGIN_WEIGHTS)
            country, _langs, first_names, last_names = data.ORIGINS[origin]
            first, last = rng.choice(first_names), rng.choice(last_names)
            age_days = rng.randint(15 * 365, 26 * 365)
            person = YoungPerson(
                organisation=org,
                first_name=first,
                last_name=last,
                birth_date=today - dt.timedelta(days=age_days),
                email=f"{first.lower()}.{len(people)}@mail.example",
                phone=f"+49 15{rng.randint(1, 9)} {rng.randint(1000000, 9999999)}",
                postal_code=rng.choice(codes),
                german_level=_weighted(rng, data.GERMAN_LEVELS),
                certificate=_weighted(rng, data.CERTIFICATES),
                year_of_arrival=None if origin == "germany" else rng.randint(2014, 2025),
                country_of_origin=country,
            )
            young_person_refresh_search_text(person)
            people.append(person)
            origins.append(origin)
    YoungPerson.objects.bulk_create(people)
    lang_through = YoungPerson.languages.through
    occ_through = YoungPerson.occupations_of_interest.through
    lang_links, occ_links = [], []
    for person, origin in zip(people, origins, strict=True):
        languages = set(data.ORIGINS[origin][1][: rng.randint(1, 2)]) | {"de"}
        if rng.random() < 0.4:
            languages.add("en")
        lang_links += [lang_through(youngperson_id=person.pk, language_id=c) for c in languages]
        picks = {_pick_occupation(rng, occupations).pk for _ in range(rng.randint(1, 3))}
        occ_links += [occ_through(youngperson_id=person.pk, occupation_id=o) for o in picks]
    lang_through.objects.bulk_create(lang_links)
    occ_through.objects.bulk_create(occ_links)
    return people


def _parents_and_consents(rng: random.Random, people: list[YoungPerson]) -> int:
    now = timezone.now()
    consents = [
        Consent(
            organisation_id=p.organisation_id,
            young_person=p,
            purpose="counselling",
            given_at=now - dt.timedelta(days=rng.randint(10, 400)),
            language="de",
        )
        for p in people
    ]
    Consent.objects.bulk_create(consents)
    parents, children = [], []
    for person in people:
        if rng.random() < 0.4:
            native = next((lang for lang in person.languages.all() if lang.code != "de"), None)
            parent = Parent(
                organisation_id=person.organisation_id,
                first_name=rng.choice(
                    [
                        "Fatma",
                        "Hassan",
                        "Olga",
                        "Ahmad",
                        "Amina",
                        "Tetiana",
                        "Mehmet",
                        "Zahra",
                        "Ion",
                        "Thi",
                    ]
                ),
                last_name=person.last_name,
                phone=f"+49 17{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}",
                preferred_language=native,
            )
            parents.append(parent)
            children.append(person)
    Parent.objects.bulk_create(parents)
    Parent.children.through.objects.bulk_create(
        [
            Parent.children.through(parent_id=p.pk, youngperson_id=c.pk)
            for p, c in zip(parents, children, strict=True)
        ]
    )
    Parent.languages.through.objects.bulk_create(
        [
            Parent.languages.through(parent_id=p.pk, language_id=p.preferred_language_id)
            for p in parents
            if p.preferred_language_id
        ]
    )
    return len(parents)


# Apps that add to the demo: each module has `extend(rng) -> dict[str, int]`, is idempotent
# by itself (it checks for its own data) and finds the demo offices by slug.
EXTENSIONS = [
    "kausa.demo.counselling",
    "kausa.demo.matching",
    "kausa.demo.jobwalk",
    "kausa.demo.events",
    "kausa.demo.network",
    "kausa.demo.reporting",
]


def _extend(summary: DemoSummary) -> None:
    from importlib import import_module
    from importlib.util import find_spec

    for number, name in enumerate(EXTENSIONS, start=1):
        if find_spec(name) is None:
            continue
        with transaction.atomic():
            added = import_module(name).extend(random.Random(SEED + number))
        summary.counts.update({k: v for k, v in (added or {}).items() if v})


def demo_create(*, companies: int = 300, open_offers: int = 600, people: int = 400) -> DemoSummary:
    """Create the demo once; a second call returns created=False and changes nothing."""
    if demo_present():
        summary = DemoSummary(created=False)
        _extend(summary)
        return summary
    summary = _demo_core(companies=companies, open_offers=open_offers, people=people)
    _extend(summary)
    return summary


def _demo_core(*, companies: int, open_offers: int, people: int) -> DemoSummary:
    rng = random.Random(SEED)
    with transaction.atomic():
        orgs = _organisations()
        users = _users(orgs)
        by_sector = _occupations_by_sector()
        company_rows = _companies(rng, orgs, companies, by_sector)
        offers = _offers(rng, company_rows, by_sector, open_offers)
        occupations = [o for o in Occupation.objects.filter(regulation="bbig").order_by("id")]
        people_rows = _young_people(rng, orgs, people, occupations)
        parents = _parents_and_consents(rng, people_rows)
    return DemoSummary(
        created=True,
        counts={
            "organisations": len(orgs),
            "users": users,
            "companies": len(company_rows),
            "offers": len(offers),
            "young people": len(people_rows),
            "parents": parents,
        },
    )
