from __future__ import annotations

import datetime as dt

import factory

from kausa.counselling.models import Case, Consultation, FollowUp, Referral
from tests.factories import MembershipFactory, OrganisationFactory, YoungPersonFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Case.Kind.YOUNG_PERSON
    young_person = factory.SubFactory(
        YoungPersonFactory, organisation=factory.SelfAttribute("..organisation")
    )
    owner = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.organisation, role="advisor").user
    )
    opened_on = dt.date(2026, 3, 2)

    @factory.post_generation
    def _names(obj, create, extracted, **kwargs):
        obj.refresh_subject_name()
        if create:
            obj.save(update_fields=["subject_name", "search_text"])


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    held_on = dt.date(2026, 4, 1)
    channel = Consultation.Channel.IN_PERSON
    duration_minutes = 45
    language_id = "de"
    topics = factory.LazyFunction(lambda: ["orientation"])
    author = factory.SelfAttribute("case.owner")

    @factory.post_generation
    def _case_dates(obj, create, extracted, **kwargs):
        from kausa.counselling.services import case_note_consultation_dates

        if create:
            case_note_consultation_dates([obj.case_id])


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    kind = Referral.Kind.AZUBI_BSK
    target_name = "Sprachschule Brücke"
    proposed_on = dt.date(2026, 4, 2)
    course_level = "B2"


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    title = "Nachfragen"
    due_on = dt.date(2026, 12, 1)
    assignee = factory.SelfAttribute("case.owner")
