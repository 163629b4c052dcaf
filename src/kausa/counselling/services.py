"""Writes of the advisors' workspace. Each checks access, validates, saves, audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.selectors import offices_acting_for
from kausa.accounts.tenancy import access_for, require_edit_access
from kausa.core.audit import audit
from kausa.counselling.models import (
    Case,
    Consultation,
    FollowUp,
    Handover,
    OfferProposal,
    Outcome,
    Referral,
    Topic,
)
from kausa.counselling.selectors import active_handovers, requester_name_parts
from kausa.people.models import Consent
from kausa.people.services import consent_record, young_person_create
from kausa.reference.models import Language
from kausa.reference.selectors import postal_code_get

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User
    from kausa.companies.models import Company, Offer
    from kausa.events.registration.services import RegistrationResult
    from kausa.people.models import Parent, YoungPerson
    from kausa.reference.models import Occupation

# Which status may follow which; dates are set on the way.
REFERRAL_STEPS = {
    Referral.Status.PROPOSED: {Referral.Status.REGISTERED, Referral.Status.DROPPED},
    Referral.Status.REGISTERED: {Referral.Status.STARTED, Referral.Status.DROPPED},
    Referral.Status.STARTED: {Referral.Status.COMPLETED, Referral.Status.DROPPED},
    Referral.Status.COMPLETED: set(),
    Referral.Status.DROPPED: set(),
}
REFERRAL_DATE_FIELD = {
    Referral.Status.REGISTERED: "registered_on",
    Referral.Status.STARTED: "started_on",
    Referral.Status.COMPLETED: "ended_on",
    Referral.Status.DROPPED: "ended_on",
}


def _can_add_consultation(user: User, case: Case) -> bool:
    access = access_for(user)
    if access.is_superuser or case.organisation_id in access.personal_data_orgs:
        return True
    return active_handovers().filter(case=case, partner_id__in=access.partner_orgs).exists()


@transaction.atomic
def case_open(
    *,
    user: User,
    organisation: Organisation,
    young_person: YoungPerson | None = None,
    parent: Parent | None = None,
    company: Company | None = None,
    owner: User | None = None,
    opened_on: dt.date | None = None,
) -> Case:
    require_edit_access(user, organisation.pk)
    subjects = [s for s in (young_person, parent, company) if s is not None]
    if len(subjects) != 1:
        raise ValidationError(_("A case is for exactly one person, family or company."))
    subject = subjects[0]
    if subject.organisation_id != organisation.pk:
        raise PermissionDenied("The subject belongs to another organisation.")
    kind = (
        Case.Kind.YOUNG_PERSON
        if young_person
        else Case.Kind.PARENT
        if parent
        else Case.Kind.COMPANY
    )
    case = Case(
        organisation=organisation,
        kind=kind,
        young_person=young_person,
        parent=parent,
        company=company,
        owner=owner or user,
        opened_on=opened_on or timezone.localdate(),
    )
    case.refresh_subject_name()  # the case list sorts and searches by these copies
    case.save()
    audit(actor=user, action="create", obj=case)
    return case


@transaction.atomic
def case_subject_names_refresh(
    *, user: User | None, young_person: YoungPerson | None = None, company: Company | None = None
) -> int:
    """Copy a renamed person's or company's name onto its cases (their list sorts and
    searches by the copy); returns how many cases changed."""
    subject = young_person or company
    if subject is None or (young_person is not None and company is not None):
        raise ValueError("Name either a young person or a company.")
    require_edit_access(user, subject.organisation_id)
    cases = Case.objects.filter(young_person=young_person, company=company, parent=None)
    changed = 0
    for case in cases.select_related("young_person", "company"):
        before = (case.subject_name, case.search_text)
        case.refresh_subject_name()
        if (case.subject_name, case.search_text) != before:
            case.save(update_fields=["subject_name", "search_text", "updated_at"])
            audit(actor=user, action="update", obj=case, detail="subject name")
            changed += 1
    return changed


def case_note_consultation_dates(case_ids: list[int]) -> None:
    """Keep Case.last_consultation_on (used to sort long lists) in step with consultations."""
    from django.db.models import Max, OuterRef, Subquery

    latest = (
        Consultation.objects.filter(case=OuterRef("pk"))
        .values("case")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    Case.objects.filter(pk__in=case_ids).update(last_consultation_on=Subquery(latest))


@transaction.atomic
def case_set_status(*, user: User, case: Case, status: str, closing_reason: str = "") -> Case:
    require_edit_access(user, case.organisation_id)
    if status not in Case.Status.values:
        raise ValidationError(_("Unknown status."))
    if status == Case.Status.CLOSED and closing_reason not in Case.ClosingReason.values:
        raise ValidationError({"closing_reason": _("Please say why the case is closed.")})
    case.status = status
    case.closing_reason = closing_reason if status == Case.Status.CLOSED else ""
    case.closed_on = timezone.localdate() if status == Case.Status.CLOSED else None
    case.save(update_fields=["status", "closing_reason", "closed_on", "updated_at"])
    audit(actor=user, action="update", obj=case, detail=f"status={status}")
    return case


def case_record_esf(
    *,
    user: User,
    case: Case,
    labour_status: str,
    education: str,
    left_in_education: bool | None,
    left_qualified: bool | None,
    left_employed: bool | None,
) -> Case:
    """The ESF+ participant data of a young person's case (an ESF+-funded office only)."""
    require_edit_access(user, case.organisation_id)
    if case.kind != Case.Kind.YOUNG_PERSON or not case.organisation.esf_funded:
        raise ValidationError(_("ESF+ data are kept only for young people at ESF+-funded offices."))
    case.esf_labour_status = labour_status
    case.esf_education = education
    case.esf_left_in_education = left_in_education
    case.esf_left_qualified = left_qualified
    case.esf_left_employed = left_employed
    case.full_clean(exclude=["young_person", "parent", "company", "owner", "organisation"])
    case.save(
        update_fields=[
            "esf_labour_status",
            "esf_education",
            "esf_left_in_education",
            "esf_left_qualified",
            "esf_left_employed",
            "updated_at",
        ]
    )
    audit(actor=user, action="update", obj=case, detail="esf participant data")
    return case


@transaction.atomic
def consultation_record(
    *,
    user: User,
    case: Case,
    held_on: dt.date,
    channel: str,
    duration_minutes: int,
    language_code: str,
    interpreter: bool = False,
    topics: Iterable[str] = (),
    notes: str = "",
) -> Consultation:
    if not _can_add_consultation(user, case):
        raise PermissionDenied("You cannot add consultations to this case.")
    topic_list = list(dict.fromkeys(topics))
    unknown = [t for t in topic_list if t not in Topic.values]
    if unknown:
        raise ValidationError({"topics": _("Unknown topic: %(t)s") % {"t": ", ".join(unknown)}})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A consultation cannot lie in the future.")})
    consultation = Consultation(
        organisation_id=case.organisation_id,
        case=case,
        held_on=held_on,
        channel=channel,
        duration_minutes=duration_minutes,
        language_id=language_code,
        interpreter=interpreter,
        topics=topic_list,
        notes=notes.strip(),
        author=user,
    )
    consultation.full_clean()
    consultation.save()
    case_note_consultation_dates([case.pk])
    audit(actor=user, action="create", obj=consultation, detail=f"case={case.pk}")
    return consultation


@transaction.atomic
def follow_up_create(
    *, user: User, case: Case, title: str, due_on: dt.date, assignee: User | None = None
) -> FollowUp:
    require_edit_access(user, case.organisation_id)
    assignee = assignee or user
    if case.organisation_id not in access_for(assignee).personal_data_orgs:
        raise ValidationError({"assignee": _("The assignee does not work in this office.")})
    follow_up = FollowUp.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        title=title.strip(),
        due_on=due_on,
        assignee=assignee,
        created_by=user,
    )
    audit(actor=user, action="create", obj=follow_up, detail=f"case={case.pk}")
    return follow_up


def _office_advisor(organisation_id: int) -> User | None:
    from kausa.accounts.models import Membership

    membership = (
        Membership.objects.filter(
            organisation_id=organisation_id,
            role=Membership.Role.ADVISOR,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )
    return membership.user if membership else None


@dataclass(frozen=True)
class Requester:
    """Who sent a request from the public, as they gave it (kept with the follow-up)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    postal_code: str = ""
    language: str = ""
    message: str = ""


@transaction.atomic
def follow_up_for_office(
    *,
    organisation_id: int,
    title: str,
    due_on: dt.date | None = None,
    link: str = "",
    kind: str = FollowUp.Kind.OTHER_REQUEST,
    requester: Requester | None = None,
    company_id: int | None = None,
) -> FollowUp | None:
    """A task for an office from outside (a public request, no case): the one rule for who
    takes it. It goes to the office's first advisor; an office without advisors passes it to
    its Landesstelle's first advisor. None when neither has one (the request itself is kept).
    The requester's contact data travel with it, so that the inbox can make a person of it.
    """
    from kausa.accounts.models import Organisation

    if kind not in FollowUp.Kind.values or kind == FollowUp.Kind.TASK:
        raise ValueError(f"not a request kind: {kind}")
    target_id: int | None = organisation_id
    advisor = _office_advisor(organisation_id)
    if advisor is None:
        target_id = (
            Organisation.objects.filter(pk=organisation_id).values_list("parent_id", flat=True)
        ).first()
        advisor = _office_advisor(target_id) if target_id else None
    if advisor is None or target_id is None:
        return None
    requester = requester or Requester()
    follow_up = FollowUp.objects.create(
        organisation_id=target_id,
        case=None,
        kind=kind,
        title=title.strip()[:200],
        due_on=due_on or timezone.localdate() + dt.timedelta(days=2),
        assignee=advisor,
        link=link[:300] if link.startswith("/") and not link.startswith("//") else "",
        requester_name=requester.name.strip()[:120],
        requester_email=requester.email.strip()[:254],
        requester_phone=requester.phone.strip()[:40],
        requester_postal_code=requester.postal_code.strip()[:5],
        requester_language=requester.language[:8],
        requester_message=requester.message.strip()[:2000],
        # a company record belongs to the office it was made for; a passed-on request
        # (to the Landesstelle) cannot open that office's company case
        company_id=company_id if target_id == organisation_id else None,
    )
    audit(actor=None, action="create", obj=follow_up, detail=f"public request {kind}")
    return follow_up


@transaction.atomic
def follow_up_complete(*, user: User, follow_up: FollowUp) -> FollowUp:
    require_edit_access(user, follow_up.organisation_id)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at", "updated_at"])
        audit(actor=user, action="update", obj=follow_up, detail="done")
    return follow_up


# What someone asking an office from its contact page wants to talk about.
PUBLIC_REQUEST_KINDS = (
    FollowUp.Kind.ADVISOR_CONTACT,
    FollowUp.Kind.SPEED_DATING_QUESTION,
    FollowUp.Kind.PARENT_ENQUIRY,
)


def public_request_submit(
    *, organisation_id: int, kind: str, requester: Requester, link: str = ""
) -> FollowUp:
    """A person asks an office to call or write back (the office's contact page).

    The request lands in the office's inbox (or its Landesstelle's, by the one rule of
    ``follow_up_for_office``); when no advisor can take it, nothing is kept and the person is
    told to call instead.
    """
    if kind not in PUBLIC_REQUEST_KINDS:
        raise ValidationError({"topic": _("Please choose what you would like to talk about.")})
    if not requester.name.strip():
        raise ValidationError({"name": _("Please tell us your name.")})
    if not (requester.phone.strip() or requester.email.strip()):
        raise ValidationError(
            {"phone": _("Please give a phone number or an e-mail address so we can reach you.")}
        )
    label = {
        FollowUp.Kind.ADVISOR_CONTACT: "Möchte beraten werden",
        FollowUp.Kind.SPEED_DATING_QUESTION: "Frage zum Speed-Dating",
        FollowUp.Kind.PARENT_ENQUIRY: "Anfrage von Eltern",
    }[FollowUp.Kind(kind)]
    follow_up = follow_up_for_office(
        organisation_id=organisation_id,
        title=f"{label}: {requester.name.strip()}",
        due_on=timezone.localdate() + dt.timedelta(days=2),
        link=link,
        kind=kind,
        requester=requester,
    )
    if follow_up is None:
        raise ValidationError(
            _("This office cannot take requests online yet. Please call or write to it.")
        )
    return follow_up


@transaction.atomic
def follow_up_mark_spam(*, user: User, follow_up: FollowUp, spam: bool = True) -> FollowUp:
    """A request is spam (it leaves the inbox and the counts), or was marked so by mistake."""
    require_edit_access(user, follow_up.organisation_id)
    if not follow_up.is_request:
        raise ValidationError(_("Only requests from the public can be marked as spam."))
    if follow_up.is_spam == spam:
        return follow_up
    if spam and (follow_up.case_id or follow_up.young_person_id):
        raise ValidationError(_("A request that became a person or case is not spam."))
    follow_up.is_spam = spam
    follow_up.done_at = timezone.now() if spam else None
    follow_up.save(update_fields=["is_spam", "done_at", "updated_at"])
    audit(actor=user, action="update", obj=follow_up, detail="spam" if spam else "not spam")
    return follow_up


@transaction.atomic
def follow_up_start(*, user: User, follow_up: FollowUp) -> FollowUp:
    """Someone takes the follow-up on: it is in progress and assigned to them."""
    require_edit_access(user, follow_up.organisation_id)
    if follow_up.done_at is not None:
        raise ValidationError(_("This follow-up is already done."))
    if follow_up.started_at is None or follow_up.assignee_id != user.pk:
        follow_up.started_at = follow_up.started_at or timezone.now()
        follow_up.assignee = user
        follow_up.save(update_fields=["started_at", "assignee", "updated_at"])
        audit(actor=user, action="update", obj=follow_up, detail="in progress")
    return follow_up


@transaction.atomic
def request_create_person(*, user: User, follow_up: FollowUp) -> YoungPerson:
    """Turn a request into a young person of the office, filled from the request.

    The requester agreed to be contacted about their request; the consent to counselling
    is asked for in the first conversation and recorded then.
    """
    require_edit_access(user, follow_up.organisation_id)
    if follow_up.young_person is not None:
        return follow_up.young_person
    if not follow_up.can_become_person:
        raise ValidationError(_("This request does not carry a person's data."))
    first_name, last_name = requester_name_parts(follow_up.requester_name)
    postal_code = postal_code_get(follow_up.requester_postal_code)
    language = follow_up.requester_language.split("-")[0]
    person = young_person_create(
        user=user,
        organisation=follow_up.organisation,
        first_name=first_name[:100],
        last_name=last_name[:100],
        email=follow_up.requester_email,
        phone=follow_up.requester_phone,
        postal_code_id=postal_code.pk if postal_code else None,
        language_codes=[language] if Language.objects.filter(code=language).exists() else [],
    )
    audit(actor=user, action="create", obj=person, detail=f"from request {follow_up.pk}")
    follow_up.young_person = person
    follow_up.started_at = follow_up.started_at or timezone.now()
    follow_up.save(update_fields=["young_person", "started_at", "updated_at"])
    audit(actor=user, action="update", obj=follow_up, detail=f"person={person.pk}")
    return person


@transaction.atomic
def request_use_person(*, user: User, follow_up: FollowUp, person: YoungPerson) -> YoungPerson:
    """The requester is someone the office already knows: the request belongs to that person
    (chosen by the advisor among the probable duplicates instead of a new record)."""
    require_edit_access(user, follow_up.organisation_id)
    if follow_up.young_person_id == person.pk:
        return person
    if follow_up.young_person_id is not None or follow_up.case_id is not None:
        raise ValidationError(_("This request already belongs to a person or case."))
    if follow_up.kind not in FollowUp.PERSON_KINDS:
        raise ValidationError(_("This request does not carry a person's data."))
    if person.organisation_id != follow_up.organisation_id or person.is_anonymised:
        raise ValidationError(_("This person is not one of the office's people."))
    follow_up.young_person = person
    follow_up.started_at = follow_up.started_at or timezone.now()
    follow_up.save(update_fields=["young_person", "started_at", "updated_at"])
    audit(actor=user, action="update", obj=follow_up, detail=f"person={person.pk} (existing)")
    return person


@transaction.atomic
def request_open_case(*, user: User, follow_up: FollowUp) -> Case:
    """Turn a request into a case: of its company, or of its person (made from the request
    when there is none yet). The follow-up then belongs to the case."""
    require_edit_access(user, follow_up.organisation_id)
    if follow_up.case is not None:
        return follow_up.case
    if not follow_up.can_become_case:
        raise ValidationError(_("A case cannot be opened from this request."))
    if follow_up.kind == FollowUp.Kind.TRAINING_COMPANY and follow_up.company is not None:
        case = case_open(
            user=user, organisation=follow_up.company.organisation, company=follow_up.company
        )
    else:
        person = follow_up.young_person or request_create_person(user=user, follow_up=follow_up)
        # a person the office already knows keeps their open case: the request joins it
        case = Case.objects.filter(
            young_person=person, status__in=[Case.Status.OPEN, Case.Status.ON_HOLD]
        ).order_by("-opened_on", "-id").first() or case_open(
            user=user, organisation=person.organisation, young_person=person
        )
    follow_up.case = case
    follow_up.started_at = follow_up.started_at or timezone.now()
    follow_up.save(update_fields=["case", "started_at", "updated_at"])
    audit(actor=user, action="update", obj=follow_up, detail=f"case={case.pk}")
    return case


@transaction.atomic
def referral_create(
    *,
    user: User,
    case: Case,
    kind: str,
    target_organisation: Organisation | None = None,
    target_name: str = "",
    proposed_on: dt.date | None = None,
    course_level: str = "",
    course_start: dt.date | None = None,
    lesson_format: str = "",
) -> Referral:
    require_edit_access(user, case.organisation_id)
    if not (target_organisation or target_name.strip()):
        raise ValidationError({"target_name": _("Name the organisation or service.")})
    if kind == Referral.Kind.AZUBI_BSK and not course_level:
        raise ValidationError({"course_level": _("An Azubi-BSK referral needs the course level.")})
    referral = Referral(
        organisation_id=case.organisation_id,
        case=case,
        kind=kind,
        target_organisation=target_organisation,
        target_name=target_name.strip(),
        proposed_on=proposed_on or timezone.localdate(),
        course_level=course_level,
        course_start=course_start,
        lesson_format=lesson_format,
        created_by=user,
    )
    referral.full_clean()
    referral.save()
    audit(actor=user, action="create", obj=referral, detail=f"case={case.pk} kind={kind}")
    return referral


@transaction.atomic
def referral_advance(
    *, user: User, referral: Referral, status: str, on: dt.date | None = None
) -> Referral:
    require_edit_access(user, referral.organisation_id)
    allowed = REFERRAL_STEPS[Referral.Status(referral.status)]
    if status not in allowed:
        raise ValidationError(
            _("A referral cannot go from %(a)s to %(b)s.")
            % {"a": referral.get_status_display(), "b": status}
        )
    referral.status = status
    setattr(referral, REFERRAL_DATE_FIELD[Referral.Status(status)], on or timezone.localdate())
    referral.save()
    audit(actor=user, action="update", obj=referral, detail=f"status={status}")
    return referral


@transaction.atomic
def referral_record_exam(
    *, user: User, referral: Referral, result: str, exam_on: dt.date
) -> Referral:
    """Record the DTB exam of a course; a passed exam raises the person's German level."""
    from kausa.people.services import young_person_raise_german_level

    require_edit_access(user, referral.organisation_id)
    if referral.kind not in (Referral.Kind.AZUBI_BSK, Referral.Kind.OTHER_BSK):
        raise ValidationError(_("Only language courses have an exam."))
    if result not in (Referral.ExamResult.PASSED, Referral.ExamResult.FAILED):
        raise ValidationError({"exam_result": _("The exam was passed or failed.")})
    referral.exam_result = result
    referral.exam_on = exam_on
    if referral.status in (Referral.Status.REGISTERED, Referral.Status.STARTED):
        referral.status = Referral.Status.COMPLETED
        referral.ended_on = exam_on
    referral.save()
    audit(actor=user, action="update", obj=referral, detail=f"exam={result}")
    person = referral.case.young_person
    if result == Referral.ExamResult.PASSED and person and referral.course_level:
        young_person_raise_german_level(user=user, person=person, level=referral.course_level)
    return referral


@transaction.atomic
def outcome_record(
    *,
    user: User,
    case: Case,
    kind: str,
    recorded_on: dt.date | None = None,
    company: Company | None = None,
    company_name: str = "",
    occupation: Occupation | None = None,
    offer: Offer | None = None,
    starts_on: dt.date | None = None,
    note: str = "",
) -> Outcome:
    """Record what became of a young person; a contract moves company and offer along."""
    from kausa.companies.models import PipelineStage
    from kausa.companies.services import offer_fill_place, pipeline_reach

    require_edit_access(user, case.organisation_id)
    if case.young_person is None:
        raise ValidationError(_("Outcomes are recorded for young people."))
    if kind not in Outcome.Kind.values:
        raise ValidationError({"kind": _("Unknown outcome.")})
    if offer is not None:
        company = offer.company
        occupation = occupation or offer.occupation
    if kind == Outcome.Kind.CONTRACT and not (company or company_name.strip()):
        raise ValidationError({"company": _("A training contract needs the company.")})
    if kind == Outcome.Kind.CONTRACT and occupation is None:
        raise ValidationError({"occupation": _("A training contract needs the occupation.")})
    if company is not None and company.organisation_id != case.organisation_id:
        raise PermissionDenied("The company belongs to another organisation.")
    outcome = Outcome.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        young_person=case.young_person,
        kind=kind,
        recorded_on=recorded_on or timezone.localdate(),
        company=company,
        company_name=company_name.strip(),
        occupation=occupation,
        offer=offer,
        starts_on=starts_on,
        note=note.strip(),
    )
    audit(actor=user, action="create", obj=outcome, detail=f"case={case.pk} kind={kind}")
    if kind == Outcome.Kind.CONTRACT:
        if offer is not None:
            offer_fill_place(user=user, offer=offer)
        if company is not None:
            pipeline_reach(
                user=user,
                company=company,
                stage=PipelineStage.APPRENTICE_STARTED,
                on=starts_on or outcome.recorded_on,
            )
    return outcome


@transaction.atomic
def handover_create(
    *, user: User, case: Case, partner: Organisation, consent: Consent, purpose_note: str
) -> Handover:
    """Share a case with a partner; needs the person's consent for exactly that partner."""
    from kausa.people.models import Consent as ConsentModel

    require_edit_access(user, case.organisation_id)
    if (
        consent.young_person_id is None
        or consent.young_person_id != case.young_person_id
        or consent.purpose != ConsentModel.Purpose.CASE_HANDOVER
        or consent.recipient_id != partner.pk
        or consent.withdrawn_at is not None
    ):
        raise ValidationError(
            _("A handover needs the person's current consent for exactly this partner.")
        )
    handover, _created = Handover.objects.get_or_create(
        case=case,
        partner=partner,
        defaults={
            "organisation_id": case.organisation_id,
            "consent": consent,
            "purpose_note": purpose_note.strip(),
            "created_by": user,
        },
    )
    if handover.consent_id != consent.pk:
        handover.consent = consent
        handover.save(update_fields=["consent", "updated_at"])
    audit(actor=user, action="handover", obj=case, detail=f"partner={partner.pk}")
    return handover


@transaction.atomic
def handover_create_with_consent(
    *, user: User, case: Case, partner: Organisation, purpose_note: str, language: str = "de"
) -> Handover:
    """Record the person's consent for this partner and hand the case over, both or neither."""
    require_edit_access(user, case.organisation_id)
    if case.young_person is None:
        raise ValidationError(_("Only cases of young people can be handed over."))
    consent = consent_record(
        user=user,
        young_person=case.young_person,
        purpose=Consent.Purpose.CASE_HANDOVER,
        recipient=partner,
        language=language,
    )
    return handover_create(
        user=user, case=case, partner=partner, consent=consent, purpose_note=purpose_note
    )


@transaction.atomic
def case_list_record_export(*, user: User, fmt: str) -> None:
    """An export of the case list is written down in each office the user acts for."""
    for office_id in offices_acting_for(user=user).values_list("id", flat=True):
        audit(
            actor=user,
            action="export",
            organisation_id=office_id,
            object_type="counselling.case",
            object_id="list",
            detail=f"case list {fmt}",
        )


@transaction.atomic
def offer_propose(
    *, user: User, young_person: YoungPerson, offer: Offer, score: float | None = None
) -> OfferProposal:
    """Propose an offer to a young person; it lands in their open case (opened if needed)."""
    require_edit_access(user, young_person.organisation_id)
    if offer.status != "open":
        raise ValidationError(_("This offer is no longer open."))
    case = (
        Case.objects.filter(young_person=young_person, status__in=["open", "on_hold"])
        .order_by("-opened_on", "-id")
        .first()
    )
    if case is None:
        case = case_open(
            user=user, organisation=young_person.organisation, young_person=young_person
        )
    proposal, created = OfferProposal.objects.get_or_create(
        case=case,
        offer=offer,
        defaults={
            "organisation_id": case.organisation_id,
            "proposed_on": timezone.localdate(),
            "score": score,
            "proposed_by": user,
        },
    )
    if created:
        audit(actor=user, action="create", obj=proposal, detail=f"case={case.pk}")
    return proposal


@transaction.atomic
def event_register_person(
    *, user: User, young_person: YoungPerson, event_id: int
) -> RegistrationResult:
    """Register a young person (with their agreement) for an event of the office; the
    registration shows in their timeline. Capacity and waitlist rules are the events app's."""
    from kausa.events.registration.services import registration_create, registration_link_person

    require_edit_access(user, young_person.organisation_id)
    if not (young_person.email or young_person.phone):
        raise ValidationError(_("Add an e-mail address or phone number to the profile first."))
    result = registration_create(
        event_id=event_id,
        name=young_person.full_name,
        email=young_person.email,
        phone=young_person.phone,
        language="de",
        party_size=1,
        consent=True,
    )
    registration = result.registration
    if registration.young_person_id != young_person.pk:
        # the events app links its own registration (and writes its audit entry)
        registration_link_person(user=user, registration=registration, person=young_person)
    audit(
        actor=user,
        action="create",
        obj=young_person,
        detail=f"event registration {registration.pk}",
    )
    return result


@transaction.atomic
def cases_move_to_person(*, user: User | None, source: YoungPerson, target: YoungPerson) -> int:
    """Cases, follow-ups and outcomes of ``source`` now belong to ``target`` (a merge of two
    records of one person); consultations, referrals, handovers and proposals go with their
    case. Returns how many cases moved."""
    require_edit_access(user, source.organisation_id)
    require_edit_access(user, target.organisation_id)
    if source.organisation_id != target.organisation_id:
        raise ValidationError(_("Only records of the same office can be merged."))
    cases = list(Case.objects.select_for_update().filter(young_person=source))
    for case in cases:
        case.young_person = target
        case.refresh_subject_name()
        case.save(update_fields=["young_person", "subject_name", "search_text", "updated_at"])
        audit(actor=user, action="update", obj=case, detail=f"moved to person {target.pk}")
    rows: list[FollowUp | Outcome] = [
        *FollowUp.objects.select_for_update().filter(young_person=source),
        *Outcome.objects.select_for_update().filter(young_person=source),
    ]
    for row in rows:
        row.young_person = target
        row.save(update_fields=["young_person", "updated_at"])
        audit(actor=user, action="update", obj=row, detail=f"moved to person {target.pk}")
    return len(cases)


@transaction.atomic
def cases_move_to_company(*, user: User | None, source: Company, target: Company) -> int:
    """Cases and follow-ups of ``source`` now belong to ``target`` (a merge of two records
    of one company), and outcomes (training contracts, also those of other offices' young
    people) name ``target``. Returns how many cases moved."""
    require_edit_access(user, source.organisation_id)
    require_edit_access(user, target.organisation_id)
    if source.organisation_id != target.organisation_id:
        raise ValidationError(_("Only records of the same office can be merged."))
    cases = list(Case.objects.select_for_update().filter(company=source))
    for case in cases:
        case.company = target
        case.refresh_subject_name()
        case.save(update_fields=["company", "subject_name", "search_text", "updated_at"])
        audit(actor=user, action="update", obj=case, detail=f"moved to company {target.pk}")
    rows: list[FollowUp | Outcome] = [
        *FollowUp.objects.select_for_update().filter(company=source),
        *Outcome.objects.select_for_update().filter(company=source),
    ]
    for row in rows:
        row.company = target
        row.save(update_fields=["company", "updated_at"])
        audit(actor=user, action="update", obj=row, detail=f"company {source.pk} → {target.pk}")
    return len(cases)
