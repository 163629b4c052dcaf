"""Changes that span apps for one staff page; each app still writes only its own models.

A person or company lives in its own app, its cases in counselling, which keeps copies of
the name for its lists: counselling imports people and companies, so the rename is passed
on from here, the floor above both, in the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from django.db import transaction

from kausa.companies import services as company_services
from kausa.counselling import services as counselling_services
from kausa.events import services as event_services
from kausa.jobwalk import services as jobwalk_services
from kausa.network.services import merge as network_merge
from kausa.people import services as people_services

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kausa.accounts.models import User
    from kausa.companies.models import Company
    from kausa.companies.services import CompanyChanges
    from kausa.people.models import YoungPerson
    from kausa.people.services import YoungPersonChanges


@transaction.atomic
def person_update(
    *, user: User, person: YoungPerson, **changes: Unpack[YoungPersonChanges]
) -> YoungPerson:
    """people.services.young_person_update, then the cases' copies of a changed name."""
    name = (person.first_name, person.last_name)
    updated = people_services.young_person_update(user=user, person=person, **changes)
    if (updated.first_name, updated.last_name) != name:
        counselling_services.case_subject_names_refresh(user=user, young_person=updated)
    return updated


@transaction.atomic
def company_update(*, user: User, company: Company, **changes: Unpack[CompanyChanges]) -> Company:
    """companies.services.company_update, then the cases' copies of a changed name."""
    name = company.name
    updated = company_services.company_update(user=user, company=company, **changes)
    if updated.name != name:
        counselling_services.case_subject_names_refresh(user=user, company=updated)
    return updated


@transaction.atomic
def person_merge(
    *, user: User, kept: YoungPerson, other: YoungPerson, take: Iterable[str] = ()
) -> YoungPerson:
    """Two records of one young person become one: ``other``'s cases (with their
    consultations, referrals, outcomes, follow-ups, handovers), event registrations,
    consents and parent links move to ``kept``, each by its own app's service, and
    ``other`` is emptied and points to ``kept`` (people.services.young_person_merge).
    Both rows stay locked until the end, so two advisors cannot merge crosswise."""
    kept, other = people_services.young_people_lock_for_merge(user=user, kept=kept, other=other)
    counselling_services.cases_move_to_person(user=user, source=other, target=kept)
    event_services.registrations_move_to_person(user=user, source=other, target=kept)
    merged = people_services.young_person_merge(user=user, kept=kept, other=other, take=take)
    counselling_services.case_subject_names_refresh(user=user, young_person=merged)
    return merged


@transaction.atomic
def company_merge(
    *, user: User, kept: Company, other: Company, take: Iterable[str] = ()
) -> Company:
    """Two records of one company become one: ``other``'s cases (with everything in them),
    follow-ups and the outcomes naming it, event stations and speed-dating places, JOBWALK
    stations and agreement, network profile and award nominations move to ``kept``, each by
    its own app's service; then companies.services.company_merge moves offers, joins the
    pipelines and the fields, and deletes ``other``. Both rows stay locked until the end."""
    kept, other = company_services.companies_lock_for_merge(user=user, kept=kept, other=other)
    counselling_services.cases_move_to_company(user=user, source=other, target=kept)
    event_services.event_companies_move(user=user, source=other, target=kept)
    jobwalk_services.jobwalk_company_move(user=user, source=other, target=kept)
    network_merge.network_company_move(user=user, source=other, target=kept)
    merged = company_services.company_merge(user=user, kept=kept, other=other, take=take)
    counselling_services.case_subject_names_refresh(user=user, company=merged)
    return merged
