"""Demo history of the workspace: a year of cases, consultations, referrals, outcomes."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from kausa.accounts.models import Membership, Organisation, User
from kausa.companies.models import Company, Offer, PipelineStage
from kausa.companies.services import pipeline_move, pipeline_start
from kausa.counselling import services
from kausa.counselling.models import Case, Consultation, FollowUp, Referral, Topic
from kausa.people.models import Consent, YoungPerson
from kausa.people.services import consent_record

PROVIDERS = [
    "Sprachschule Brücke",
    "VHS Sprachzentrum",
    "BBQ Bildung und Berufliche Qualifizierung",
    "DAA Deutsche Angestellten-Akademie",
    "Berufsschule Sprachförderung online",
]
NOTES = [
    "Bewerbungsunterlagen durchgesehen, Lebenslauf überarbeitet.",
    "Interesse an Pflege und Kfz; Praktikum angeregt.",
    "Fragen zur Anerkennung des Schulzeugnisses geklärt.",
    "Mit Mutter gesprochen (Arabisch, mit Dolmetscherin).",
    "Termin bei der Agentur für Arbeit vereinbart.",
    "Vorstellungsgespräch vorbereitet.",
    "",
]


def _advisors() -> dict[int, User]:
    """The first demo advisor of each office owns its cases."""
    owners: dict[int, User] = {}
    memberships = Membership.objects.filter(role="advisor").select_related("user").order_by("id")
    for membership in memberships:
        owners.setdefault(membership.organisation_id, membership.user)
    return owners


def _consultations(
    rng: random.Random, case: Case, owner: User, languages: list[str], today: dt.date
) -> list[Consultation]:
    result = []
    day = case.opened_on
    for _ in range(rng.randint(1, 5)):
        if day > today:
            break
        lang = rng.choice(languages) if rng.random() < 0.3 else "de"
        result.append(
            Consultation(
                organisation_id=case.organisation_id,
                case=case,
                held_on=day,
                channel=rng.choices(
                    ["in_person", "phone", "video", "messenger", "event"],
                    weights=[50, 25, 10, 10, 5],
                )[0],
                duration_minutes=rng.choice([20, 30, 45, 60, 90]),
                language_id=lang,
                interpreter=lang not in ("de", "en") and rng.random() < 0.5,
                topics=rng.sample(Topic.values[:8], rng.randint(1, 3)),
                notes=rng.choice(NOTES),
                author=owner,
            )
        )
        day += dt.timedelta(days=rng.randint(7, 60))
    return result


def _referral(rng: random.Random, owner: User, case: Case, today: dt.date) -> None:
    status = rng.choice(["proposed", "registered", "started", "completed", "completed", "dropped"])
    proposed = case.opened_on + dt.timedelta(days=rng.randint(5, 40))
    if proposed > today:
        proposed = today
    referral = services.referral_create(
        user=owner,
        case=case,
        kind="azubi_bsk",
        target_name=rng.choice(PROVIDERS),
        proposed_on=proposed,
        course_level=rng.choice(["B1", "B2", "B2", "C1"]),
        course_start=proposed + dt.timedelta(days=30),
        lesson_format=rng.choice(["part_time", "block", "online"]),
    )
    path = {
        "registered": ["registered"],
        "started": ["registered", "started"],
        "completed": ["registered", "started"],
        "dropped": ["registered", "dropped"],
    }
    day = proposed
    for step in path.get(status, []):
        day = min(day + dt.timedelta(days=rng.randint(10, 40)), today)
        services.referral_advance(user=owner, referral=referral, status=step, on=day)
    if status == "completed":
        services.referral_record_exam(
            user=owner,
            referral=referral,
            result="passed" if rng.random() < 0.75 else "failed",
            exam_on=min(day + dt.timedelta(days=90), today),
        )


def _outcomes(rng: random.Random, owner: User, case: Case, today: dt.date, after: dt.date) -> bool:
    """Maybe an outcome, dated after the last consultation (``after``)."""
    roll = rng.random()
    if roll < 0.16:
        open_ids = list(
            Offer.objects.filter(organisation_id=case.organisation_id, status="open")
            .order_by("id")
            .values_list("id", flat=True)
        )
        if not open_ids:
            return False
        offer = Offer.objects.select_related("company", "occupation").get(pk=rng.choice(open_ids))
        if offer is None:
            return False
        services.outcome_record(
            user=owner,
            case=case,
            kind="contract",
            offer=offer,
            recorded_on=min(today, after + dt.timedelta(days=rng.randint(3, 40))),
            starts_on=offer.start_date,
        )
        services.case_set_status(user=owner, case=case, status="closed", closing_reason="placed")
        return True
    if roll < 0.24:
        kind = rng.choice(["eq", "school", "other_job", "moved_away", "no_contact"])
        services.outcome_record(
            user=owner,
            case=case,
            kind=kind,
            recorded_on=min(today, after + dt.timedelta(days=rng.randint(3, 60))),
        )
        reason = {"moved_away": "moved_away", "no_contact": "no_contact"}.get(kind, "other_path")
        services.case_set_status(user=owner, case=case, status="closed", closing_reason=reason)
        return True
    return False


def _people(rng: random.Random, owners: dict[int, User], today: dt.date) -> dict[str, int]:
    counts = {"cases": 0, "consultations": 0, "follow-ups": 0}
    consultations: list[Consultation] = []
    follow_ups: list[FollowUp] = []
    people = YoungPerson.objects.filter(organisation_id__in=owners).prefetch_related("languages")
    for person in people.order_by("id"):
        if rng.random() > 0.75:
            continue
        owner = owners[person.organisation_id]
        case = services.case_open(
            user=owner,
            organisation=person.organisation,
            young_person=person,
            opened_on=today - dt.timedelta(days=rng.randint(20, 365)),
        )
        counts["cases"] += 1
        languages = [lang.code for lang in person.languages.all()] or ["de"]
        held = _consultations(rng, case, owner, languages, today)
        consultations += held
        last_day = max((c.held_on for c in held), default=case.opened_on)
        if rng.random() < 0.35:
            _referral(rng, owner, case, today)
        if not _outcomes(rng, owner, case, today, last_day):
            if rng.random() < 0.1:
                services.case_set_status(user=owner, case=case, status="on_hold")
            elif rng.random() < 0.45:
                follow_ups.append(
                    FollowUp(
                        organisation_id=case.organisation_id,
                        case=case,
                        assignee=owner,
                        created_by=owner,
                        due_on=today + dt.timedelta(days=rng.randint(-20, 30)),
                        title=rng.choice(
                            [
                                "Nachfragen: Bewerbung abgeschickt?",
                                "Zeugnisanerkennung: Bescheid da?",
                                "Termin Berufsberatung bestätigen",
                                "Azubi-BSK: Anmeldung prüfen",
                                "Praktikumsplatz nachfassen",
                            ]
                        ),
                    )
                )
    Consultation.objects.bulk_create(consultations)
    FollowUp.objects.bulk_create(follow_ups)
    services.case_note_consultation_dates(list({c.case_id for c in consultations}))
    counts["consultations"], counts["follow-ups"] = len(consultations), len(follow_ups)
    return counts


def _companies(rng: random.Random, owners: dict[int, User], today: dt.date) -> int:
    stages = PipelineStage.values
    count = 0
    companies = (
        Company.objects.filter(organisation_id__in=owners)
        .exclude(training_status="training")
        .order_by("id")
    )
    for number, company in enumerate(companies):
        owner = owners[company.organisation_id]
        pipeline = pipeline_start(user=owner, company=company)
        target = stages[number % len(stages)]
        for stage in stages[1 : stages.index(target) + 1]:
            pipeline_move(
                user=owner,
                pipeline=pipeline,
                stage=stage,
                on=today - dt.timedelta(days=rng.randint(1, 200)),
            )
        case = services.case_open(
            user=owner,
            organisation=company.organisation,
            company=company,
            opened_on=today - dt.timedelta(days=rng.randint(30, 300)),
        )
        Consultation.objects.bulk_create(_consultations(rng, case, owner, ["de"], today))
        services.case_note_consultation_dates([case.pk])
        count += 1
    return count


def _handover(owners: dict[int, User]) -> int:
    berlin = Organisation.objects.get(slug="ls-berlin")
    partner = Organisation.objects.get(slug="jba-berlin-mitte")
    case = Case.objects.filter(organisation=berlin, status="open", kind="young_person").first()
    if case is None or case.young_person is None:
        return 0
    owner = owners[berlin.pk]
    consent = consent_record(
        user=owner,
        young_person=case.young_person,
        purpose=Consent.Purpose.CASE_HANDOVER,
        recipient=partner,
    )
    services.handover_create(
        user=owner,
        case=case,
        partner=partner,
        consent=consent,
        purpose_note="Gemeinsame Begleitung bei der Ausbildungssuche",
    )
    return 1


def extend(rng: random.Random) -> dict[str, int]:
    if Case.objects.exists() or not Organisation.objects.filter(slug="ls-berlin").exists():
        return {}
    owners = _advisors()
    today = timezone.localdate()
    counts = _people(rng, owners, today)
    counts["companies in the pipeline"] = _companies(rng, owners, today)
    counts["handed-over cases"] = _handover(owners)
    counts["Azubi-BSK referrals"] = Referral.objects.filter(kind="azubi_bsk").count()
    return counts
