"""Reporting demo: a believable current year and the year before, for the figures page.

The other demo modules make what a visitor sees today (upcoming events, open offers, the
last twelve months of young people's cases). The figures page counts by quarter and
compares with the year before, so this module fills both calendar years behind it:

- earlier (closed) cases of young people with consultations, Azubi-BSK courses and
  outcomes, some opened in the autumn before, so early quarters have continuing people;
- parent and company counselling, and companies that became training companies;
- the dates on which the offices acquired their own offers;
- past events (parent evenings, information events, company showcases, workshops, an award
  ceremony) with registrations checked in;
- JOBWALK walks with check-ins on the demo tours, ambassador visit requests (most of them
  held) and downloads of the parent-work toolkit;
- gender, nationality and residence status of the demo's young people, an ESF+-funded
  Servicestelle with the ESF+ participant data of its cases;
- every office's yearly targets for both years, about 90–115 % of what it reaches, so some
  are on track and some behind.

Idempotent: does nothing once yearly targets exist. Deterministic from the ``rng`` given.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import F, Min
from django.utils import timezone

from kausa.accounts.models import Membership, Organisation, User
from kausa.companies.models import Company, Offer, Pipeline, PipelineStage, PipelineStep
from kausa.counselling import services as counselling
from kausa.counselling.models import Case, Consultation, Outcome
from kausa.demo import data
from kausa.demo.counselling import PROVIDERS
from kausa.demo.events import FIRST, LAST
from kausa.events.models import Event, Registration
from kausa.jobwalk.models import CheckIn, Participation, TeamWalk, Tour
from kausa.network.models import Ambassador, MaterialDownload, MaterialVersion, VisitRequest
from kausa.people.models import Parent, YoungPerson
from kausa.reference.models import Occupation, PostalCode
from kausa.reporting.indicators import BY_KEY, Window
from kausa.reporting.models import Target
from kausa.reporting.services import targets_set

OFFICE_SLUGS = [slug for slug, *_rest in data.OFFICES]
ESF_OFFICE = "ss-bonn"
# The coordinator of Thuringia sees this small Servicestelle's figures under disclosure
# control (counts of 1 to 4 are hidden, and with them the sums that would give them away).
# The demo has few people there, so it is busier with them than the others, and most of its
# quarterly counts reach five: the coordinator's page is not all hidden.
BUSY = "ss-jena"
# the indicators the offices set targets for (the funding agreements name these)
TARGETED = (
    "people_advised",
    "consultations",
    "parents_advised",
    "companies_advised",
    "companies_recognised",
    "contracts",
    "bsk_referrals",
    "bsk_started",
    "events",
    "participants",
    "offers_acquired",
    "jobwalk_walks",
)

YOUNG_TOPICS = ["orientation", "applications", "language", "recognition", "residence", "other"]
PARENT_TOPICS = ["parents", "orientation", "applications", "recognition", "residence", "language"]
COMPANY_TOPICS = ["company_needs", "applications", "conflicts", "language", "residence", "other"]
CHANNELS = {"in_person": 50, "phone": 25, "video": 8, "messenger": 12, "event": 5}
YOUNG_NOTES = [
    "Lebenslauf erstellt, Bewerbung für ein Praktikum vorbereitet.",
    "Berufsorientierung: Interessen und Stärken besprochen.",
    "Zeugnis zur Anerkennung eingereicht.",
    "Ausbildungsduldung und Beschäftigungserlaubnis erklärt.",
    "Vorstellungsgespräch geübt.",
    "",
]
PARENT_NOTES = [
    "Duale Ausbildung erklärt: Betrieb und Berufsschule, Vergütung.",
    "Sorgen wegen Ausbildung statt Studium besprochen.",
    "Unterlagen für die Zeugnisanerkennung erklärt.",
    "Eltern zum Elternabend eingeladen.",
    "Mit Dolmetscherin: Fragen zum Aufenthalt während der Ausbildung.",
    "",
]
COMPANY_NOTES = [
    "Azubi-Suche besprochen, Angebot in Kausa aufgenommen.",
    "Sprachförderung für den Azubi: Azubi-BSK erklärt.",
    "Konflikt im ersten Lehrjahr: Gespräch mit Ausbilder und Azubi.",
    "Beschäftigungserlaubnis für einen Bewerber mit Duldung geklärt.",
    "Förderung (AsA flex) erklärt.",
    "",
]

FEMALE = {
    "Rama", "Lina", "Nour", "Aya", "Sara", "Hiba", "Mariam", "Zahra", "Fatima", "Parisa",
    "Nilofar", "Elif", "Zeynep", "Ayşe", "Esra", "Derya", "Daria", "Sofiia", "Anastasiia",
    "Yuliia", "Selam", "Helen", "Senait", "Rojin", "Shilan", "Berivan", "Dilan", "Hodan",
    "Amina", "Zuzanna", "Julia", "Ioana", "Elena", "Linh", "Huong", "Mia", "Aylin", "Hannah",
}  # fmt: skip
UNISEX = {"Deniz"}
EU = {"Polen", "Rumänien"}
REFUGEE_ORIGINS = {"Syrien", "Afghanistan", "Eritrea", "Irak", "Somalia"}
# residence status by country of origin (third-country nationals)
RESIDENCE_REFUGEES = {
    "permit": 44,
    "gestattung": 14,
    "duldung": 11,
    "ausbildungsduldung": 10,
    "settlement": 8,
    "training_permit": 4,
    "other": 3,
    "": 6,
}
RESIDENCE_MIGRANTS = {"permit": 40, "training_permit": 22, "settlement": 26, "other": 4, "": 8}

# events: (type, audience, title, description, capacity range, party sizes, online share)
EVENT_SPECS: list[tuple[str, str, str, str, tuple[int, int], tuple[int, ...], float]] = [
    (
        "parent_evening",
        "parents",
        "Elternabend: Ausbildung in Deutschland – Deutsch/{language}",
        "Wie funktioniert die duale Ausbildung, und wie begleiten Eltern ihre Kinder dabei?",
        (20, 45),
        (1, 1, 2, 2, 3, 4),
        0.3,
    ),
    (
        "parent_evening",
        "parents",
        "Elterncafé: Wie unterstütze ich mein Kind bei der Berufswahl?",
        "Im kleinen Kreis, mit Dolmetscherinnen: Fragen von Eltern zu Schule und Ausbildung.",
        (15, 30),
        (1, 1, 2, 3),
        0.0,
    ),
    (
        "information",
        "young_people",
        "Infoabend: Ausbildung im Handwerk",
        "Betriebe und die Handwerkskammer stellen Ausbildungsberufe vor.",
        (20, 40),
        (1, 1, 1, 2),
        0.0,
    ),
    (
        "information",
        "young_people",
        "Ausbildung in Pflege und Gesundheit – Infonachmittag",
        "Pflegeschulen und Praxen erzählen, wie die Ausbildung abläuft.",
        (20, 35),
        (1, 1, 1, 2),
        0.2,
    ),
    (
        "information",
        "young_people",
        "Azubi-BSK: Deutsch lernen während der Ausbildung",
        "Berufsbezogene Deutschkurse für Auszubildende: wer teilnehmen kann und wie.",
        (15, 30),
        (1,),
        0.5,
    ),
    (
        "information",
        "young_people",
        "Ausbildung mit Duldung oder Gestattung: Was ist möglich?",
        "Beschäftigungserlaubnis, Ausbildungsduldung und Aufenthalt während der Ausbildung.",
        (15, 30),
        (1, 1, 2),
        0.3,
    ),
    (
        "information",
        "companies",
        "Unternehmerfrühstück: Ausbildungsbetrieb werden",
        "Ausbildereignung, Ausbildungsplan, Eintragung bei der Kammer – Schritt für Schritt.",
        (12, 25),
        (1, 1, 2),
        0.0,
    ),
    (
        "showcase",
        "young_people",
        "Ausbildungsbörse {city}: Betriebe stellen sich vor",
        "Migrantische und alteingesessene Betriebe suchen Auszubildende (Schulklassen melden "
        "sich als Gruppe an).",
        (60, 150),
        (1, 2, 4, 6, 8),
        0.0,
    ),
    (
        "other",
        "young_people",
        "Bewerbungstraining mit Fotoaktion",
        "Lebenslauf, Anschreiben und ein Bewerbungsfoto an einem Nachmittag.",
        (10, 16),
        (1,),
        0.0,
    ),
    (
        "other",
        "young_people",
        "Workshop: Vorstellungsgespräch üben",
        "Im Rollenspiel mit Personalverantwortlichen aus Betrieben.",
        (12, 24),
        (1,),
        0.2,
    ),
]
EVENT_WEIGHTS = [18, 10, 12, 8, 6, 6, 8, 8, 12, 12]
EVENT_HOURS = {"parent_evening": 18, "information": 17, "showcase": 10, "other": 14, "award": 17}
LANGUAGE_NAMES = {"ar": "Arabisch", "tr": "Türkisch", "uk": "Ukrainisch", "fa": "Persisch"}
EVENTS_PER_QUARTER = {
    "ls-berlin": (6, 8),
    "ls-thueringen": (3, 5),
    "ss-jena": (5, 6),
    "ss-hamburg": (5, 7),
    "ss-bonn": (5, 6),
    "ss-augsburg": (5, 6),
}
VENUES = [
    "Seminarraum der KAUSA-Stelle",
    "Volkshochschule {city}",
    "Stadtteilzentrum {city}",
    "Berufsschulzentrum {city}",
    "Interkulturelles Zentrum {city}",
    "Stadtbibliothek {city}",
]
# JOBWALK walks per month (school terms busy, summer holidays quiet)
WALKS_PER_MONTH = {
    1: (2, 3),
    2: (2, 3),
    3: (2, 5),
    4: (2, 5),
    5: (3, 6),
    6: (3, 6),
    7: (2, 4),
    8: (0, 1),
    9: (2, 5),
    10: (2, 5),
    11: (2, 4),
    12: (1, 2),
}
SCHOOLS = [
    "Staatliche Regelschule {city}-Nord",
    "Gemeinschaftsschule {city}-Ost",
    "Staatliches Berufsbildungszentrum {city}",
    "Integrierte Gesamtschule {city}",
    "Berufsvorbereitungsklasse am BBZ {city}",
    "Förderverein Sprachbrücke {city} e. V.",
]
VISIT_MESSAGES = [
    "Unsere Klasse 9 hat viele Fragen zur Ausbildung – gern auf Deutsch und Arabisch.",
    "Wir suchen jemanden, der von der Ausbildung im Handwerk erzählt.",
    "Die Schülerinnen und Schüler sind seit einem Jahr in Deutschland.",
    "",
]


def _advisors() -> dict[int, User]:
    """The first demo advisor of each office (as in the counselling demo)."""
    owners: dict[int, User] = {}
    memberships = Membership.objects.filter(role="advisor").select_related("user").order_by("id")
    for membership in memberships:
        owners.setdefault(membership.organisation_id, membership.user)
    return owners


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, max(0, (high - low).days)))


def _workday(day: dt.date, low: dt.date) -> dt.date:
    """The day, or the Friday before a weekend (the Monday after when that is too early)."""
    if day.weekday() < 5:
        return day
    before = day - dt.timedelta(days=day.weekday() - 4)
    return before if before >= low else day + dt.timedelta(days=7 - day.weekday())


def _days(
    rng: random.Random, first: dt.date, last: dt.date, count: int, gap: tuple[int, int]
) -> list[dt.date]:
    """Up to ``count`` workdays from ``first`` to ``last``, ``gap`` days apart."""
    days: list[dt.date] = []
    day = first
    while len(days) < count and day <= last:
        workday = _workday(day, first)
        if workday <= last and (not days or workday > days[-1]):
            days.append(workday)
        day += dt.timedelta(days=rng.randint(*gap))
    return days


def _consultation(
    rng: random.Random,
    case: Case,
    owner: User,
    day: dt.date,
    language: str,
    topics: Sequence[str],
    notes: Sequence[str],
) -> Consultation:
    return Consultation(
        organisation_id=case.organisation_id,
        case=case,
        held_on=day,
        channel=rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0],
        duration_minutes=rng.choice([20, 30, 45, 60, 90]),
        language_id=language,
        interpreter=language not in ("de", "en") and rng.random() < 0.5,
        topics=rng.sample(list(topics), rng.randint(1, 3)),
        notes=rng.choice(notes),
        author=owner,
    )


def _close(cases: list[Case]) -> None:
    Case.objects.bulk_update(cases, ["status", "closing_reason", "closed_on"], batch_size=500)


def _quarters(year: int) -> list[tuple[dt.date, dt.date]]:
    return [
        (dt.date(year, m, 1), dt.date(year + (m == 10), (m + 2) % 12 + 1, 1) - dt.timedelta(1))
        for m in (1, 4, 7, 10)
    ]


# --- young people --------------------------------------------------------------------------
def _people_details(rng: random.Random) -> int:
    """Gender, nationality and residence status where the demo left them empty."""
    people = list(YoungPerson.objects.filter(is_anonymised=False).order_by("id"))
    for person in people:
        country = person.country_of_origin
        if not person.gender and rng.random() > 0.03:
            if rng.random() < 0.015:
                person.gender = "diverse"
            elif person.first_name in UNISEX:
                person.gender = rng.choice(["female", "male"])
            else:
                person.gender = "female" if person.first_name in FEMALE else "male"
        if not person.nationality and rng.random() > 0.03:
            roll = rng.random()
            if not country:  # born in Germany
                person.nationality = "german" if roll < 0.85 else "third_country"
            elif country in EU:
                person.nationality = "eu"
            elif country in ("Syrien", "Irak") and roll < 0.06:
                person.nationality = "stateless"
            elif roll < (0.12 if country == "Türkei" else 0.03):
                person.nationality = "german"  # naturalised
            else:
                person.nationality = "third_country"
        if not person.residence_status:
            if person.nationality in ("german", "eu"):
                person.residence_status = "not_needed"
            elif person.nationality == "stateless":
                person.residence_status = rng.choice(["permit", "duldung", "gestattung"])
            elif not person.nationality:
                person.residence_status = ""
            elif country == "Ukraine":
                person.residence_status = "permit" if rng.random() < 0.94 else ""
            else:
                weights = RESIDENCE_REFUGEES if country in REFUGEE_ORIGINS else RESIDENCE_MIGRANTS
                person.residence_status = rng.choices(list(weights), list(weights.values()))[0]
    YoungPerson.objects.bulk_update(
        people, ["gender", "nationality", "residence_status"], batch_size=500
    )
    return len(people)


def _occupations() -> tuple[dict[str, list[int]], list[int]]:
    by_sector: dict[str, list[int]] = defaultdict(list)
    common: list[int] = []
    for pk, sector, is_common in (
        Occupation.objects.filter(regulation="bbig")
        .order_by("id")
        .values_list("id", "sector", "is_common")
    ):
        by_sector[sector].append(pk)
        if is_common:
            common.append(pk)
    return by_sector, common


def _starts_on(rng: random.Random, recorded: dt.date) -> dt.date:
    if recorded.month >= 9 and rng.random() < 0.25:
        return dt.date(recorded.year + 1, 2, 1)
    year = recorded.year if recorded.month <= 7 else recorded.year + 1
    return dt.date(year, rng.choice([8, 8, 9]), 1)


def _bsk(
    rng: random.Random, owner: User, case: Case, opened: dt.date, today: dt.date, quick: bool
) -> None:
    """An Azubi-BSK course; ``quick``: registered and started soon, a short block course
    (so the first quarters of the two years have courses completed too)."""
    proposed = opened + dt.timedelta(days=rng.randint(7, 30 if quick else 60))
    if proposed >= today:
        return
    referral = counselling.referral_create(
        user=owner,
        case=case,
        kind="azubi_bsk",
        target_name=rng.choice(PROVIDERS),
        proposed_on=proposed,
        course_level=rng.choice(["B1", "B2", "B2", "C1"]),
        course_start=proposed + dt.timedelta(days=30),
        lesson_format=rng.choice(["part_time", "block", "online"]),
    )
    fate = rng.choices(
        ["proposed", "registered", "started", "completed", "dropped"], weights=[4, 4, 8, 70, 14]
    )[0]
    path = {
        "registered": ["registered"],
        "started": ["registered", "started"],
        "completed": ["registered", "started"],
        "dropped": ["registered", "dropped"],
    }.get(fate, [])
    day = proposed
    for step in path:
        day += dt.timedelta(days=rng.randint(7, 21) if quick else rng.randint(14, 45))
        if day >= today:
            return
        counselling.referral_advance(user=owner, referral=referral, status=step, on=day)
    if fate == "completed":
        exam = day + dt.timedelta(days=rng.randint(75, 110) if quick else rng.randint(90, 170))
        if exam < today:
            counselling.referral_record_exam(
                user=owner,
                referral=referral,
                result="passed" if rng.random() < 0.8 else "failed",
                exam_on=exam,
            )


def _earlier_cases(
    rng: random.Random, owners: dict[int, User], today: dt.date, earliest: dt.date
) -> dict[str, int]:
    """Closed cases of the year before (from the autumn before it): people who found their
    way then, and people who came back later with a new case."""
    first_case = dict(
        Case.objects.filter(kind=Case.Kind.YOUNG_PERSON)
        .values("young_person_id")
        .annotate(first=Min("opened_on"))
        .values_list("young_person_id", "first")
    )
    training: dict[int, list[Company]] = defaultdict(list)
    for company in Company.objects.filter(
        organisation_id__in=owners, training_status="training", pipeline__isnull=True
    ).order_by("id"):
        training[company.organisation_id].append(company)
    offered: dict[int, list[int]] = defaultdict(list)
    for company_id, occupation_id in (
        Offer.objects.filter(organisation_id__in=owners)
        .order_by("id")
        .values_list("company_id", "occupation_id")
    ):
        offered[company_id].append(occupation_id)
    by_sector, common = _occupations()
    occupations = {o.pk: o for o in Occupation.objects.filter(regulation="bbig")}
    year_end = dt.date(earliest.year + 1, 11, 30)
    consultations: list[Consultation] = []
    closed: list[Case] = []
    contracts = 0
    people = YoungPerson.objects.filter(organisation_id__in=owners, is_anonymised=False)
    for person in (
        people.select_related("organisation").prefetch_related("languages").order_by("id")
    ):
        current = first_case.get(person.pk)
        busy = person.organisation.slug == BUSY
        if rng.random() > (0.85 if current is None else 0.4) + (0.3 if busy else 0):
            continue
        if current is None:
            last_day = today - dt.timedelta(days=45)
        else:  # closed three weeks before the person came back
            last_day = current - dt.timedelta(days=21)
        latest_open = min(year_end, last_day - dt.timedelta(days=30))
        if latest_open < earliest:
            continue
        owner = owners[person.organisation_id]
        opened = _workday(_between(rng, earliest, latest_open), earliest)
        case = counselling.case_open(
            user=owner, organisation=person.organisation, young_person=person, opened_on=opened
        )
        languages = [lang.code for lang in person.languages.all()] or ["de"]
        days = _days(rng, opened, last_day, rng.randint(2, 6), (10, 50))
        for day in days:
            language = rng.choice(languages) if rng.random() < 0.3 else "de"
            consultations.append(
                _consultation(rng, case, owner, day, language, YOUNG_TOPICS, YOUNG_NOTES)
            )
        end = days[-1]
        early = opened < dt.date(earliest.year + 1, 1, 1)
        if rng.random() < (0.7 if early else 0.35) + (0.2 if busy else 0):
            _bsk(rng, owner, case, opened, today, quick=early)
        limit = min(today - dt.timedelta(days=1), (current or today) - dt.timedelta(days=7))
        closed_on = min(end + dt.timedelta(days=rng.randint(5, 30)), limit)
        recorded = min(end + dt.timedelta(days=rng.randint(2, 20)), closed_on)
        roll = rng.random()
        companies = training.get(person.organisation_id)
        if roll < (0.35 if busy else 0.27) and companies:
            company = rng.choice(companies)
            pick = offered.get(company.pk) or by_sector.get(company.sector) or common
            counselling.outcome_record(
                user=owner,
                case=case,
                kind="contract",
                company=company,
                occupation=occupations[rng.choice(pick)],
                recorded_on=recorded,
                starts_on=_starts_on(rng, recorded),
            )
            case.closing_reason = "placed"
            contracts += 1
        elif roll < 0.6:
            kind = rng.choice(["eq", "school", "other_job", "moved_away", "no_contact"])
            counselling.outcome_record(user=owner, case=case, kind=kind, recorded_on=recorded)
            case.closing_reason = {"moved_away": "moved_away", "no_contact": "no_contact"}.get(
                kind, "other_path"
            )
        else:
            case.closing_reason = rng.choice(["no_contact", "wish", "completed"])
        case.status, case.closed_on = Case.Status.CLOSED, closed_on
        closed.append(case)
    Consultation.objects.bulk_create(consultations, batch_size=500)
    _close(closed)
    counselling.case_note_consultation_dates([c.pk for c in closed])
    return {
        "earlier cases": len(closed),
        "earlier consultations": len(consultations),
        "earlier contracts": contracts,
    }


# --- parents and companies ------------------------------------------------------------------
def _parent_cases(
    rng: random.Random, owners: dict[int, User], today: dt.date, earliest: dt.date
) -> dict[str, int]:
    consultations: list[Consultation] = []
    closed: list[Case] = []
    cases = 0
    parents = Parent.objects.filter(organisation_id__in=owners).select_related("organisation")
    for parent in parents.order_by("id"):
        busy = parent.organisation.slug == BUSY
        if rng.random() > 0.9 and not busy:
            continue
        owner = owners[parent.organisation_id]
        native = parent.preferred_language_id or "de"
        opened = _workday(_between(rng, earliest, today - dt.timedelta(days=14)), earliest)
        while True:
            case = counselling.case_open(
                user=owner, organisation=parent.organisation, parent=parent, opened_on=opened
            )
            cases += 1
            days = _days(rng, opened, today - dt.timedelta(days=1), rng.randint(2, 7), (20, 60))
            for day in days:
                language = native if rng.random() < 0.75 else "de"
                consultations.append(
                    _consultation(rng, case, owner, day, language, PARENT_TOPICS, PARENT_NOTES)
                )
            if days[-1] >= today - dt.timedelta(days=75):
                break
            case.status = Case.Status.CLOSED
            case.closing_reason = rng.choice(["completed", "completed", "no_contact", "wish"])
            case.closed_on = min(
                days[-1] + dt.timedelta(days=rng.randint(7, 45)), today - dt.timedelta(days=1)
            )
            closed.append(case)
            # some families come back with a younger child or a new question
            again = case.closed_on + dt.timedelta(days=rng.randint(60, 200))
            if rng.random() > (0.7 if busy else 0.45) or again > today - dt.timedelta(days=14):
                break
            opened = _workday(again, again)
    Consultation.objects.bulk_create(consultations, batch_size=500)
    _close(closed)
    counselling.case_note_consultation_dates(list({c.case_id for c in consultations}))
    return {"parent cases": cases, "parent consultations": len(consultations)}


def _company_cases(
    rng: random.Random, owners: dict[int, User], today: dt.date, earliest: dt.date
) -> dict[str, int]:
    """Training companies advised on finding, keeping and supporting apprentices (written
    in bulk: the demo's other cases go through counselling.services.case_open)."""
    consultations: list[Consultation] = []
    cases: list[Case] = []
    advised = Case.objects.filter(kind=Case.Kind.COMPANY).values("company_id")
    companies = (
        Company.objects.filter(organisation_id__in=owners, training_status="training")
        .exclude(pk__in=advised)
        .select_related("organisation")
        .order_by("id")
    )
    for company in companies:
        if rng.random() > 0.75 and company.organisation.slug != BUSY:
            continue
        owner = owners[company.organisation_id]
        opened = _workday(_between(rng, earliest, today - dt.timedelta(days=10)), earliest)
        while True:
            case = Case(
                organisation_id=company.organisation_id,
                kind=Case.Kind.COMPANY,
                company=company,
                owner=owner,
                opened_on=opened,
            )
            case.refresh_subject_name()
            cases.append(case)
            days = _days(rng, opened, today - dt.timedelta(days=1), rng.randint(1, 5), (15, 50))
            case.last_consultation_on = days[-1]
            consultations += [
                _consultation(rng, case, owner, day, "de", COMPANY_TOPICS, COMPANY_NOTES)
                for day in days
            ]
            if days[-1] >= today - dt.timedelta(days=60):
                break
            case.status, case.closing_reason = Case.Status.CLOSED, "completed"
            case.closed_on = min(
                days[-1] + dt.timedelta(days=rng.randint(7, 30)), today - dt.timedelta(days=1)
            )
            again = case.closed_on + dt.timedelta(days=rng.randint(60, 240))
            if rng.random() > 0.3 or again > today - dt.timedelta(days=10):
                break
            opened = _workday(again, again)
    Case.objects.bulk_create(cases, batch_size=500)
    Consultation.objects.bulk_create(consultations, batch_size=500)
    return {"company cases": len(cases), "company consultations": len(consultations)}


def _recognised(
    rng: random.Random, owners: dict[int, User], today: dt.date, year: int
) -> dict[str, int]:
    """Training companies that became one in the two years: their way in the pipeline."""
    candidates = list(
        Company.objects.filter(
            organisation_id__in=owners, training_status="training", pipeline__isnull=True
        ).order_by("id")
    )
    rng.shuffle(candidates)
    by_sector, common = _occupations()
    plan = [(q, 9) for q in _quarters(year - 1)] + [(_quarters(year)[0], 9)]
    plan += [(q, 3) for q in _quarters(year)[1:]]
    stages = PipelineStage.values
    pipelines: list[Pipeline] = []
    steps: list[list[tuple[str, dt.date]]] = []
    for (low, high), count in plan:
        for _ in range(count):
            if not candidates or low >= today:
                break
            company = candidates.pop()
            recognised = _workday(_between(rng, low, min(high, today - dt.timedelta(1))), low)
            first = recognised - dt.timedelta(days=rng.randint(120, 330))
            advised = first + dt.timedelta(days=rng.randint(14, 60))
            aevo = _between(rng, advised + dt.timedelta(7), recognised - dt.timedelta(7))
            way = [(stages[0], first), (stages[1], advised), (stages[2], aevo)]
            way.append((stages[3], recognised))
            published = recognised + dt.timedelta(days=rng.randint(7, 60))
            if published < today and rng.random() < 0.85:
                way.append((stages[4], published))
                started = _starts_on(rng, published)
                if started < today and rng.random() < 0.75:
                    way.append((stages[5], started))
            owner = owners[company.organisation_id]
            pipelines.append(
                Pipeline(
                    organisation_id=company.organisation_id,
                    company=company,
                    stage=way[-1][0],
                    advisor=owner,
                    trainer_name=company.contact_name,
                    trainer_aevo_on=aevo + dt.timedelta(days=rng.randint(20, 60)),
                    occupation_id=rng.choice(by_sector.get(company.sector) or common),
                    training_plan_done=True,
                    chamber_registered=True,
                )
            )
            steps.append(way)
    Pipeline.objects.bulk_create(pipelines)
    rows = []
    for pipeline, way in zip(pipelines, steps, strict=True):
        pipeline.trainer_aevo_on = min(pipeline.trainer_aevo_on or way[3][1], way[3][1])
        pipeline.created_at = _aware(way[0][1], 10)
        rows += [
            PipelineStep(pipeline=pipeline, stage=s, reached_on=d, by=pipeline.advisor)
            for s, d in way
        ]
    PipelineStep.objects.bulk_create(rows)
    Pipeline.objects.bulk_update(pipelines, ["created_at", "trainer_aevo_on"])
    return {"companies that became training companies": len(pipelines)}


def _offer_dates(
    rng: random.Random, owners: dict[int, User], today: dt.date, start: dt.date
) -> int:
    """When the offices entered their own offers: over both years, more of them lately;
    an offer is always older than the contract that filled it."""
    first_use = dict(
        Outcome.objects.filter(offer__isnull=False)
        .values("offer_id")
        .annotate(first=Min("recorded_on"))
        .values_list("offer_id", "first")
    )
    offers = list(
        Offer.objects.filter(organisation_id__in=owners, source="kausa")
        .order_by("id")
        .only("id", "status", "created_at")
    )
    yesterday = today - dt.timedelta(days=1)
    for offer in offers:
        if offer.status == Offer.Status.OPEN:
            low = start if rng.random() < 0.45 else today - dt.timedelta(days=365)
            day = _between(rng, low, yesterday)
        else:
            day = _between(rng, start, min(yesterday, dt.date(today.year, 6, 30)))
        used = first_use.get(offer.pk)
        if used is not None:
            day = min(day, used - dt.timedelta(days=rng.randint(14, 120)))
        offer.created_at = _aware(day, rng.randint(8, 17), rng.randint(0, 59))
    Offer.objects.bulk_update(offers, ["created_at"], batch_size=500)
    return len(offers)


# --- events ------------------------------------------------------------------------------------
def _places(offices: dict[str, Organisation]) -> dict[str, PostalCode | None]:
    return {
        slug: PostalCode.objects.filter(place=office.city).order_by("code").first()
        for slug, office in offices.items()
    }


def _event_day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    for _ in range(20):
        day = _workday(_between(rng, low, high), low)
        summer = dt.date(day.year, 7, 20) <= day <= dt.date(day.year, 8, 31)
        if day <= high and not summer:
            return day
    return low


def _event(
    rng: random.Random,
    office: Organisation,
    place: PostalCode | None,
    spec: tuple[str, str, str, str, tuple[int, int], tuple[int, ...], float],
    day: dt.date,
) -> tuple[Event, list[str], tuple[int, ...]]:
    kind, audience, title, description, (low, high), sizes, online = spec
    language = rng.choice(list(LANGUAGE_NAMES))
    languages = ["de", language] if "{language}" in title else ["de"]
    if kind == "parent_evening" and "{language}" not in title:
        languages += rng.sample(["ar", "tr", "uk", "fa", "ru"], 2)
    elif kind != "parent_evening" and rng.random() < 0.4:
        languages.append(rng.choice(["en", "ar", "uk", "fa"]))
    is_online = rng.random() < online
    starts = _aware(day, EVENT_HOURS[kind], rng.choice([0, 0, 30]))
    hours = 5 if kind == "showcase" else 2 if kind != "other" else 3
    venue = "" if is_online else rng.choice(VENUES).format(city=office.city)
    event = Event(
        organisation=office,
        type=kind,
        audience=audience,
        status=Event.Status.PUBLISHED,
        is_public=rng.random() < 0.92,
        title=title.format(language=LANGUAGE_NAMES[language], city=office.city),
        description=description,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        capacity=rng.randint(low, high),
        is_online=is_online,
        venue=venue,
        street=office.street if venue.startswith("Seminarraum") else "",
        postal_code=None if is_online else place,
        city="" if is_online else office.city,
        lat=None if is_online or place is None else place.lat + rng.uniform(-0.004, 0.004),
        lon=None if is_online or place is None else place.lon + rng.uniform(-0.006, 0.006),
        contact_email=office.public_email,
    )
    return event, languages, sizes


def _registrations(
    rng: random.Random, event: Event, languages: list[str], sizes: tuple[int, ...]
) -> list[Registration]:
    rows: list[Registration] = []
    seats = round(event.capacity * rng.uniform(0.45, 0.9))
    taken = 0
    while taken < seats:
        size = min(rng.choice(sizes), seats - taken) or 1
        cancelled = rng.random() < 0.07
        first, surname = rng.choice(FIRST), rng.choice(LAST)
        registered = event.starts_at - dt.timedelta(
            days=rng.randint(1, 30), hours=rng.randint(0, 9)
        )
        language = rng.choice(languages) if rng.random() < 0.6 else rng.choice(["de", *languages])
        came = not cancelled and rng.random() < 0.83
        rows.append(
            Registration(
                organisation_id=event.organisation_id,
                event=event,
                name=f"{first} {surname}",
                email=f"{first.lower()}.{surname.lower()}.{event.pk}.{len(rows)}@mail.example",
                language=language,
                party_size=size,
                status="cancelled" if cancelled else "confirmed",
                consent_given_at=registered,
                cancelled_at=registered + dt.timedelta(days=1) if cancelled else None,
                checked_in_at=event.starts_at + dt.timedelta(minutes=rng.randint(-10, 25))
                if came
                else None,
            )
        )
        if not cancelled:
            taken += size
    return rows


def _past_events(
    rng: random.Random, offices: dict[str, Organisation], today: dt.date, year: int
) -> dict[str, int]:
    places = _places(offices)
    made: list[tuple[Event, list[str], tuple[int, ...]]] = []
    yesterday = today - dt.timedelta(days=1)
    for slug, (low_n, high_n) in EVENTS_PER_QUARTER.items():
        office = offices[slug]
        for low, high in _quarters(year - 1) + _quarters(year):
            if low > yesterday:
                continue
            for _ in range(rng.randint(low_n, high_n)):
                spec = rng.choices(EVENT_SPECS, weights=EVENT_WEIGHTS)[0]
                day = _event_day(rng, low, min(high, yesterday))
                made.append(_event(rng, office, places[slug], spec, day))
    # last year's award ceremony of "Unternehmen mit Kultur" in Thuringia
    thuringia = offices["ls-thueringen"]
    ceremony = (
        "award",
        "everyone",
        f"Preisverleihung „Unternehmen mit Kultur“ {year - 1}",
        "Die Jury ehrt migrantische Unternehmen in Thüringen.",
        (120, 150),
        (1, 1, 2),
        0.0,
    )
    made.append(
        _event(rng, thuringia, places["ls-thueringen"], ceremony, dt.date(year - 1, 11, 14))
    )
    events = [event for event, _l, _s in made]
    Event.objects.bulk_create(events)
    through = Event.languages.through
    through.objects.bulk_create(
        [through(event_id=e.pk, language_id=code) for e, codes, _s in made for code in codes]
    )
    rows: list[Registration] = []
    for event, codes, sizes in made:
        rows += _registrations(rng, event, codes, sizes)
    Registration.objects.bulk_create(rows, batch_size=1000)
    # registered when they gave their consent (the form asks for it)
    Registration.objects.filter(event__in=events).update(created_at=F("consent_given_at"))
    Event.objects.filter(pk__in=[e.pk for e in events]).update(
        created_at=F("starts_at") - dt.timedelta(days=35)
    )
    return {"past events": len(events), "past event registrations": len(rows)}


# --- JOBWALK, ambassadors, toolkit ----------------------------------------------------------
def _months(start: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    months = []
    day = start
    while day < today:
        following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        months.append((day, min(following - dt.timedelta(days=1), today - dt.timedelta(days=1))))
        day = following
    return months


def _walks(rng: random.Random, today: dt.date, start: dt.date) -> dict[str, int]:
    tours = list(
        Tour.objects.filter(
            organisation__slug__in=OFFICE_SLUGS, status=Tour.Status.PUBLISHED
        ).order_by("id")
    )
    if not tours:
        return {}
    stations = {t.pk: list(t.stations.order_by("position")) for t in tours}
    # the tours and the companies' consent date from the autumn before the walks
    ready = dt.date(start.year - 1, 11, 15)
    Tour.objects.filter(pk__in=[t.pk for t in tours]).update(
        created_at=_aware(ready - dt.timedelta(days=40), 10), published_at=_aware(ready, 10)
    )
    participations = list(
        Participation.objects.filter(organisation_id__in={t.organisation_id for t in tours})
        .order_by("id")
        .only("id", "agreed_on")
    )
    for participation in participations:
        participation.agreed_on = ready - dt.timedelta(days=rng.randint(20, 90))
    Participation.objects.bulk_update(participations, ["agreed_on"])
    walks: list[TeamWalk] = []
    begins: list[dt.datetime] = []
    plans: list[list[tuple[int, dt.datetime, bool | None]]] = []
    for low, high in _months(start, today):
        for _ in range(rng.randint(*WALKS_PER_MONTH[low.month])):
            tour = rng.choice(tours)
            day = _workday(_between(rng, low, high), low)
            if day > high:
                continue
            begin = _aware(day, rng.randint(8, 12), rng.choice([0, 15, 30, 45]))
            route = stations[tour.pk]
            reached = len(route) if rng.random() < 0.7 else rng.randint(2, len(route) - 1)
            moment = begin
            plan = []
            for station in route[:reached]:
                moment += dt.timedelta(minutes=tour.dwell_minutes + rng.randint(4, 14))
                answer = rng.random()
                plan.append((station.pk, moment, None if answer > 0.9 else answer < 0.72))
            points = sum(10 + (5 if correct else 0) for _s, _m, correct in plan)
            finished = moment + dt.timedelta(minutes=10) if reached == len(route) else None
            walks.append(TeamWalk(tour=tour, finished_at=finished, points=points))
            begins.append(begin)
            plans.append(plan)
    TeamWalk.objects.bulk_create(walks)
    for walk, begin in zip(walks, begins, strict=True):
        walk.started_at = walk.created_at = begin
    TeamWalk.objects.bulk_update(walks, ["started_at", "created_at"], batch_size=500)
    checkins: list[CheckIn] = []
    moments: list[dt.datetime] = []
    for walk, plan in zip(walks, plans, strict=True):
        for station_id, moment, correct in plan:
            gps = rng.random() < 0.75
            checkins.append(
                CheckIn(
                    walk=walk,
                    station_id=station_id,
                    method=CheckIn.Method.GPS if gps else CheckIn.Method.CODE,
                    distance_m=round(rng.uniform(4, 45), 1) if gps else None,
                    quiz_correct=correct,
                    points=10 + (5 if correct else 0),
                )
            )
            moments.append(moment)
    CheckIn.objects.bulk_create(checkins, batch_size=1000)
    for checkin, moment in zip(checkins, moments, strict=True):
        checkin.created_at = moment
    CheckIn.objects.bulk_update(checkins, ["created_at"], batch_size=500)
    return {"jobwalk walks": len(walks), "jobwalk check-ins": len(checkins)}


def _visit_requests(rng: random.Random, today: dt.date, start: dt.date) -> dict[str, int]:
    ambassadors = list(
        Ambassador.objects.filter(organisation__slug__in=OFFICE_SLUGS)
        .select_related("organisation")
        .order_by("id")
    )
    if not ambassadors:
        return {}
    by_office: dict[Organisation, list[Ambassador]] = defaultdict(list)
    for ambassador in ambassadors:
        by_office[ambassador.organisation].append(ambassador)
    requests: list[VisitRequest] = []
    languages: list[list[str]] = []
    for (low, high), (office, theirs) in (
        (month, pair) for month in _months(start, today) for pair in by_office.items()
    ):
        many = (2, 3) if office.slug == BUSY else (1, 2)
        for _ in range(rng.randint(0, 1) if low.month == 8 else rng.randint(*many)):
            ambassador = rng.choice(theirs)
            first, surname = rng.choice(FIRST), rng.choice(LAST)
            day = _workday(_between(rng, low, high), low)
            week = (day + dt.timedelta(days=rng.randint(14, 40))).isocalendar().week
            request = VisitRequest(
                organisation=office,
                ambassador=ambassador if rng.random() < 0.8 else None,
                school=rng.choice(SCHOOLS).format(city=office.city),
                contact_name=f"{first} {surname}",
                contact_email=f"{first.lower()}.{surname.lower()}.{len(requests)}@schule.example",
                date_options=f"KW {week}, {rng.choice(['dienstags', 'donnerstags', 'vormittags'])}",
                class_size=rng.randint(10, 28),
                message=rng.choice(VISIT_MESSAGES),
            )
            request.created_at = _aware(day, rng.randint(8, 17), rng.randint(0, 59))
            held = day + dt.timedelta(days=rng.randint(14, 50))
            if held < today and rng.random() < 0.8:
                request.held_on = _workday(held, day)
            requests.append(request)
            languages.append(["de", *rng.sample(["ar", "uk", "fa", "tr"], rng.randint(0, 2))])
    moments = [r.created_at for r in requests]
    VisitRequest.objects.bulk_create(requests)
    for request, moment in zip(requests, moments, strict=True):
        request.created_at = moment
    VisitRequest.objects.bulk_update(requests, ["created_at"], batch_size=500)
    through = VisitRequest.languages.through
    through.objects.bulk_create(
        [
            through(visitrequest_id=r.pk, language_id=code)
            for r, codes in zip(requests, languages, strict=True)
            for code in codes
        ]
    )
    return {"ambassador visit requests": len(requests)}


def _downloads(rng: random.Random, today: dt.date, start: dt.date) -> dict[str, int]:
    versions = list(
        MaterialVersion.objects.filter(material__organisation__slug__in=OFFICE_SLUGS)
        .select_related("material")
        .order_by("id")
    )
    span = (today - start).days
    rows = []
    for version in versions:
        share = (0.12 if version.language_id == "de" else 0.06) * (
            1.5 if version.material.is_public else 1
        )
        for offset in sorted(rng.sample(range(span), min(span, round(span * share)))):
            count = rng.choices([1, 2, 3, 4, 6], weights=[50, 25, 12, 8, 5])[0]
            rows.append(
                MaterialDownload(version=version, day=start + dt.timedelta(offset), count=count)
            )
    MaterialDownload.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return {"toolkit download days": len(rows)}


# --- ESF+ and targets ------------------------------------------------------------------------
def _esf(rng: random.Random, office: Organisation) -> dict[str, int]:
    """One Servicestelle is co-funded by the ESF+: its young people's participant data."""
    office.esf_funded = True
    office.save(update_fields=["esf_funded"])
    cases = list(
        Case.objects.filter(organisation=office, kind=Case.Kind.YOUNG_PERSON)
        .select_related("young_person")
        .prefetch_related("outcomes", "referrals")
        .order_by("id")
    )
    for case in cases:
        person = case.young_person
        certificate = person.certificate if person else ""
        case.esf_labour_status = rng.choices(
            ["inactive", "unemployed", "long_term", "employed"], weights=[55, 30, 8, 7]
        )[0]
        upper = certificate in ("abitur", "fhr") or (
            certificate == "foreign_recognised" and rng.random() < 0.5
        )
        case.esf_education = "3-4" if upper else "0-2"
        if case.status == Case.Status.CLOSED:
            kinds = {o.kind for o in case.outcomes.all()}
            case.esf_left_in_education = bool(kinds & {"contract", "eq", "school"})
            case.esf_left_employed = "other_job" in kinds
            case.esf_left_qualified = any(r.exam_result == "passed" for r in case.referrals.all())
    Case.objects.bulk_update(
        cases,
        [
            "esf_labour_status",
            "esf_education",
            "esf_left_in_education",
            "esf_left_qualified",
            "esf_left_employed",
        ],
        batch_size=500,
    )
    return {"ESF+ cases": len(cases)}


def _nice(value: float) -> int:
    if value >= 200:
        return int(round(value / 10) * 10)
    if value >= 40:
        return int(round(value / 5) * 5)
    return max(1, round(value))


def _targets(rng: random.Random, offices: dict[str, Organisation], today: dt.date) -> int:
    """Targets of about 90–115 % of what each office reaches in the year (the current year
    at its pace so far), so some offices are on track and some behind."""
    ids = [o.pk for o in offices.values()]
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    written = 0
    for year in (today.year - 1, today.year):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elapsed = min(1.0, ((today - first).days + 1) / ((last - first).days + 1))
        reached: dict[int, dict[str, int]] = defaultdict(dict)
        for key in TARGETED:
            counts = BY_KEY[key].count(ids, [Window(first, last)])
            for (office_id, _part), (count,) in counts.items():
                reached[office_id][key] = reached[office_id].get(key, 0) + count
        for office in offices.values():
            values: dict[str, int | None] = {
                key: _nice(count / elapsed * rng.uniform(0.9, 1.15))
                for key, count in sorted(reached[office.pk].items())
                if count
            }
            if admin is not None:
                targets_set(user=admin, office=office, year=year, values=values)
            else:
                Target.objects.bulk_create(
                    Target(organisation=office, year=year, indicator=k, value=v)
                    for k, v in values.items()
                    if v is not None
                )
            written += len(values)
    return written


def extend(rng: random.Random) -> dict[str, int]:
    offices = {o.slug: o for o in Organisation.objects.filter(slug__in=OFFICE_SLUGS)}
    if Target.objects.exists() or len(offices) != len(OFFICE_SLUGS):
        return {}
    owners = {
        pk: user for pk, user in _advisors().items() if pk in {o.pk for o in offices.values()}
    }
    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 1)
    earliest = dt.date(today.year - 2, 10, 1)
    counts = {"people described": _people_details(rng)}
    counts |= _recognised(rng, owners, today, today.year)
    counts |= _earlier_cases(rng, owners, today, earliest)
    counts |= _parent_cases(rng, owners, today, earliest)
    counts |= _company_cases(rng, owners, today, earliest)
    counts["offers dated"] = _offer_dates(rng, owners, today, start)
    counts |= _past_events(rng, offices, today, today.year)
    counts |= _walks(rng, today, start)
    counts |= _visit_requests(rng, today, start)
    counts |= _downloads(rng, today, start)
    counts |= _esf(rng, offices[ESF_OFFICE])
    counts["yearly targets"] = _targets(rng, offices, today)
    return counts
