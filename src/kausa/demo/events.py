"""Events demo: upcoming public events of every type in the demo cities.

A bilingual German–Arabic parent evening online (Berlin), a JUMP! day with stations
(Jena), an online speed dating with companies, slots, wishes and a computed schedule
(Berlin), a nearly full information event with a waitlist (Hamburg), and more.
Dates are relative to today. Registrations are written directly (no e-mails in the demo).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from kausa.accounts.models import Organisation
from kausa.companies.models import Company
from kausa.events import services
from kausa.events.models import (
    Event,
    EventGroup,
    Registration,
    SpeedDatingApplicant,
    SpeedDatingCompany,
    SpeedDatingSlot,
    SpeedDatingWish,
    Station,
)
from kausa.events.registration.services import seats_taken
from kausa.events.speed_dating import services as speed_services
from kausa.people.models import YoungPerson
from kausa.reference.models import PostalCode

MARKER = "Elternabend: Ausbildung in Deutschland – zweisprachig Deutsch/Arabisch"

FIRST = ["Fatma", "Hassan", "Olena", "Ahmad", "Amina", "Mehmet", "Zahra", "Ion", "Lina", "Omar"]
LAST = ["Yilmaz", "Haddad", "Kovalenko", "Nasser", "Rahimi", "Demir", "Popescu", "Khalil"]
LANGS = ["de", "ar", "tr", "uk", "fa", "ru", "en"]


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _place(city: str, rng: random.Random) -> tuple[str, float, float]:
    code = PostalCode.objects.filter(place=city).order_by("code").first()
    if code is None:
        return "", 0.0, 0.0
    return code.code, code.lat + rng.uniform(-0.004, 0.004), code.lon + rng.uniform(-0.006, 0.006)


def _event(office: Organisation, rng: random.Random, **kwargs: object) -> Event:
    translations = kwargs.pop("translations", {})
    if not kwargs.get("is_online"):
        code, lat, lon = _place(office.city, rng)
        kwargs.setdefault("postal_code_id", code or None)
        kwargs.setdefault("lat", lat or None)
        kwargs.setdefault("lon", lon or None)
        kwargs.setdefault("city", office.city)
    return services.event_create(
        user=None,
        organisation=office,
        translations=translations,  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def _register(
    event: Event, rng: random.Random, count: int, *, sizes=(1,), status=None, group=None
) -> int:
    rows = []
    taken = seats_taken(event.pk)
    last = max(
        [r.waitlist_number or 0 for r in Registration.objects.filter(event=event)], default=0
    )
    for k in range(count):
        size = rng.choice(sizes)
        first, surname = rng.choice(FIRST), rng.choice(LAST)
        fits = taken + size <= event.capacity
        state = status or (
            Registration.Status.CONFIRMED if fits else Registration.Status.WAITLISTED
        )
        if state == Registration.Status.CONFIRMED:
            taken += size
        else:
            last += 1
        rows.append(
            Registration(
                organisation_id=event.organisation_id,
                event=event,
                group=group,
                name=f"{first} {surname}",
                email=f"{first.lower()}.{surname.lower()}.{event.pk}.{k}@mail.example",
                language=rng.choice(LANGS),
                party_size=size,
                status=state,
                waitlist_number=None if state == Registration.Status.CONFIRMED else last,
                consent_given_at=timezone.now() - dt.timedelta(hours=rng.randint(1, 200)),
            )
        )
    Registration.objects.bulk_create(rows)
    return len(rows)


def _parent_evening(office: Organisation, rng: random.Random) -> tuple[Event, int]:
    event = _event(
        office,
        rng,
        type=Event.Type.PARENT_EVENING,
        audience=Event.Audience.PARENTS,
        title=MARKER,
        description=(
            "Wie funktioniert die duale Ausbildung? Welche Berufe passen zu meinem Kind, und "
            "wie kann ich es unterstützen? Wir erklären es auf Deutsch und Arabisch – "
            "Fragen sind willkommen."
        ),
        starts_at=_at(3, 18),
        ends_at=_at(3, 19, 30),
        capacity=60,
        is_online=True,
        language_codes=["de", "ar"],
        translations={
            "ar": (
                "أمسية للآباء: التدريب المهني في ألمانيا – بالألمانية والعربية",
                "كيف يعمل التدريب المهني المزدوج؟ ما هي المهن المناسبة لطفلي وكيف يمكنني "
                "دعمه؟ نشرح ذلك بالألمانية والعربية – نرحب بأسئلتكم.",
            ),
            "en": (
                "Parent evening: training in Germany – bilingual German/Arabic",
                "How does dual vocational training work? Which occupations suit my child, and "
                "how can I support them? We explain in German and Arabic – questions welcome.",
            ),
        },
    )
    return event, _register(event, rng, 18, sizes=(1, 1, 2, 3))


def _jump_day(office: Organisation, rng: random.Random) -> tuple[Event, int]:
    start = _at(12, 9)
    event = _event(
        office,
        rng,
        type=Event.Type.JUMP,
        audience=Event.Audience.YOUNG_PEOPLE,
        title="JUMP! Jena – Sport trifft Ausbildung",
        description=(
            "Ein Tag für Schülerinnen und Schüler ab Klasse 9: Sportvereine laden zum "
            "Mitmachen ein, Betriebe zeigen ihre Ausbildungsberufe an Stationen."
        ),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
        capacity=120,
        venue="Sportforum Jena",
        street="Oberaue 1",
        language_codes=["de", "ar", "uk", "fa"],
        translations={
            "en": (
                "JUMP! Jena – sport meets vocational training",
                "A day for pupils from grade 9: sports clubs invite you to join in, companies "
                "show their training occupations at stations.",
            ),
            "ar": ("JUMP! يينا – الرياضة تلتقي بالتدريب المهني", ""),
            "uk": ("JUMP! Єна – спорт і професійне навчання", ""),
        },
    )
    clubs = [
        ("SV Jena-Nord e. V.", "Fußball-Parcours"),
        ("Boxclub Saale", "Boxtraining zum Ausprobieren"),
        ("Basketball Lobdeburg", "Korbwurf-Challenge"),
    ]
    companies = list(Company.objects.filter(organisation=office).order_by("id")[:4])
    stations = []
    for k, (name, activity) in enumerate(clubs):
        stations.append(
            Station(
                event=event,
                kind=Station.Kind.SPORTS_CLUB,
                name=name,
                starts_at=start + dt.timedelta(hours=k * 2),
                ends_at=start + dt.timedelta(hours=k * 2 + 2),
                place=f"Halle {k + 1}",
                activity=activity,
            )
        )
    for k, company in enumerate(companies):
        stations.append(
            Station(
                event=event,
                kind=Station.Kind.COMPANY,
                name=company.name,
                company=company,
                starts_at=start + dt.timedelta(hours=1),
                ends_at=start + dt.timedelta(hours=5),
                place=f"Zelt {chr(65 + k)}",
                activity="Ausbildungsberufe zum Anfassen",
            )
        )
    Station.objects.bulk_create(stations)
    for name, hour in [("Block 1 (9–12 Uhr)", 9), ("Block 2 (12–15 Uhr)", 12)]:
        EventGroup.objects.create(
            event=event,
            kind=EventGroup.Kind.TIME_BLOCK,
            name=name,
            starts_at=_at(12, hour),
            ends_at=_at(12, hour + 3),
            capacity=60,
        )
    group = event.groups.first()
    return event, _register(event, rng, 24, group=group)


def _nearly_full(office: Organisation, rng: random.Random) -> tuple[Event, int]:
    event = _event(
        office,
        rng,
        type=Event.Type.INFORMATION,
        audience=Event.Audience.YOUNG_PEOPLE,
        title="Infoabend: Ausbildung im Handwerk",
        description="Betriebe und die Handwerkskammer stellen Ausbildungsberufe vor.",
        starts_at=_at(6, 17),
        ends_at=_at(6, 19),
        capacity=30,
        venue="Elbcampus",
        street="Zum Handwerkszentrum 1",
        language_codes=["de", "tr", "en"],
        translations={
            "en": ("Information evening: training in the crafts", ""),
            "tr": ("Bilgi akşamı: zanaatta meslek eğitimi", ""),
        },
    )
    count = _register(event, rng, 29)
    # families that do not fit into the one seat left wait together
    count += _register(event, rng, 3, sizes=(3, 4), status=Registration.Status.WAITLISTED)
    return event, count


def _simple_events(offices: dict[str, Organisation], rng: random.Random) -> tuple[int, int]:
    specs = [
        (
            "ls-thueringen",
            dict(
                type=Event.Type.AWARD,
                audience=Event.Audience.EVERYONE,
                title="Preisverleihung „Unternehmen mit Kultur“",
                description="Die Jury ehrt migrantische Unternehmen in Thüringen.",
                starts_at=_at(20, 17),
                ends_at=_at(20, 20),
                capacity=150,
                venue="Kaisersaal Erfurt",
                street="Futterstraße 15",
                language_codes=["de"],
                translations={"en": ("Award ceremony “Companies with culture”", "")},
            ),
            12,
        ),
        (
            "ss-hamburg",
            dict(
                type=Event.Type.SHOWCASE,
                audience=Event.Audience.YOUNG_PEOPLE,
                title="Vielfaltstag: Migrantische Betriebe stellen sich vor",
                description="Betriebe mit Inhaberinnen und Inhabern aus aller Welt suchen Azubis.",
                starts_at=_at(9, 10),
                ends_at=_at(9, 15),
                capacity=80,
                venue="Bürgerhaus Wilhelmsburg",
                street="Mengestraße 20",
                language_codes=["de", "tr", "fa"],
                translations={"en": ("Diversity day: migrant-led companies present", "")},
            ),
            20,
        ),
        (
            "ss-bonn",
            dict(
                type=Event.Type.INFORMATION,
                audience=Event.Audience.PARENTS,
                title="Elterncafé: Wege in die Ausbildung",
                description="In kleinen Sprachgruppen: Deutsch, Türkisch und Ukrainisch.",
                starts_at=_at(15, 16),
                ends_at=_at(15, 18),
                capacity=45,
                venue="Haus der Bildung",
                street="Mülheimer Platz 1",
                language_codes=["de", "tr", "uk"],
                translations={"uk": ("Батьківське кафе: шляхи до професійного навчання", "")},
            ),
            9,
        ),
        (
            "ss-augsburg",
            dict(
                type=Event.Type.OTHER,
                audience=Event.Audience.YOUNG_PEOPLE,
                title="Bewerbungstraining mit Fotoshooting",
                description="Lebenslauf, Anschreiben und ein Bewerbungsfoto an einem Nachmittag.",
                starts_at=_at(8, 14),
                ends_at=_at(8, 17),
                capacity=20,
                venue="Zeughaus Augsburg",
                street="Zeugplatz 4",
                language_codes=["de", "ar", "ru"],
                translations={"en": ("Application training with photo shoot", "")},
            ),
            7,
        ),
        (
            "ss-bonn",
            dict(
                type=Event.Type.INFORMATION,
                audience=Event.Audience.MULTIPLIERS,
                title="Netzwerktreffen Integrationsräte (nur mit Einladung)",
                description="Austausch mit Integrationsräten, Schulen und der Jugendberufsagentur.",
                starts_at=_at(18, 10),
                ends_at=_at(18, 12),
                capacity=25,
                venue="Stadthaus Bonn",
                street="Berliner Platz 2",
                is_public=False,
                language_codes=["de"],
            ),
            6,
        ),
    ]
    events = registrations = 0
    for slug, spec, count in specs:
        event = _event(offices[slug], rng, **spec)
        if event.title.startswith("Elterncafé"):
            for name, lang in [("Deutsch", "de"), ("Türkçe", "tr"), ("Українська", "uk")]:
                EventGroup.objects.create(
                    event=event,
                    kind=EventGroup.Kind.LANGUAGE,
                    name=name,
                    language_id=lang,
                    capacity=15,
                )
            group = event.groups.first()
            registrations += _register(event, rng, count, sizes=(1, 2), group=group)
        else:
            registrations += _register(event, rng, count, sizes=(1, 1, 2))
        events += 1
    return events, registrations


def _speed_dating(office: Organisation, rng: random.Random) -> tuple[Event, int]:
    start = _at(10, 15)
    event = _event(
        office,
        rng,
        type=Event.Type.SPEED_DATING,
        audience=Event.Audience.YOUNG_PEOPLE,
        title="Online-Azubi-Speed-Dating Berlin",
        description=(
            "15 Minuten pro Gespräch im Videoraum: Lernen Sie Ausbildungsbetriebe kennen. "
            "Wählen Sie bis zu fünf Betriebe, wir planen Ihre Gespräche."
        ),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        capacity=40,
        is_online=True,
        language_codes=["de", "en", "ar"],
        translations={
            "en": ("Online apprenticeship speed dating Berlin", ""),
            "ar": ("لقاءات سريعة عبر الإنترنت مع شركات التدريب في برلين", ""),
        },
    )
    slots = [
        SpeedDatingSlot.objects.create(
            event=event, starts_at=start + dt.timedelta(minutes=20 * k), minutes=15
        )
        for k in range(8)
    ]
    companies: list[SpeedDatingCompany] = []
    names: set[str] = set()
    for company in Company.objects.filter(organisation=office, training_status="training"):
        if len(companies) == 10:
            break
        if company.name in names:
            continue  # the demo has namesakes; the schedule reads better without them
        names.add(company.name)
        row = SpeedDatingCompany.objects.create(
            organisation=office,
            event=event,
            company=company,
            name=company.name,
            email=company.contact_email,
            tables=rng.choice([1, 1, 2]),
        )
        companies.append(row)
    companies[0].unavailable_slots.add(slots[3], slots[4])  # a lunch break
    popularity = [1 / (k + 1) for k in range(len(companies))]
    people = list(YoungPerson.objects.filter(organisation=office).order_by("id")[:36])
    for k, person in enumerate(people):
        applicant = SpeedDatingApplicant.objects.create(
            organisation=office,
            event=event,
            young_person=person,
            name=person.full_name,
            email=person.email,
            german_level=person.german_level,
            max_interviews=3,
        )
        if k % 7 == 0:
            applicant.unavailable_slots.add(slots[0], slots[1])  # arrives late
        chosen: list[SpeedDatingCompany] = []
        while len(chosen) < 5:
            pick = rng.choices(companies, weights=popularity)[0]
            if pick not in chosen:
                chosen.append(pick)
        SpeedDatingWish.objects.bulk_create(
            [
                SpeedDatingWish(applicant=applicant, company=c, rank=r)
                for r, c in enumerate(chosen, start=1)
            ]
        )
    report = speed_services.speed_dating_schedule(user=None, event=event, notify=False)
    return event, report.result.score.interviews if report.result.score else 0


def extend(rng: random.Random) -> dict[str, int]:
    if Event.objects.filter(title=MARKER).exists():
        return {}
    offices = {o.slug: o for o in Organisation.objects.filter(slug__startswith=("ls-"))} | {
        o.slug: o for o in Organisation.objects.filter(slug__startswith="ss-")
    }
    if "ls-berlin" not in offices:
        return {}
    _e1, r1 = _parent_evening(offices["ls-berlin"], rng)
    _e2, r2 = _jump_day(offices["ss-jena"], rng)
    _e3, r3 = _nearly_full(offices["ss-hamburg"], rng)
    events, r4 = _simple_events(offices, rng)
    _e5, interviews = _speed_dating(offices["ls-berlin"], rng)
    return {
        "events": 4 + events,
        "event registrations": r1 + r2 + r3 + r4,
        "speed-dating interviews": interviews,
    }
