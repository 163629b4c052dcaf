"""Permission rows of the workspace: cases, pipeline, audit log."""

from __future__ import annotations

from kausa.companies.models import Pipeline
from tests.counselling.factories import CaseFactory, FollowUpFactory, ReferralFactory
from tests.factories import (
    CompanyFactory,
    ConsentFactory,
    MembershipFactory,
    YoungPersonFactory,
)

R, OK, F, NF, BAD = 302, 200, 403, 404, 400


def _row(
    advisor: int, other: int = NF, coordinator: int = F, partner: int = F, anonymous: int = R
) -> dict[str, int]:
    return {
        "anonymous": anonymous,
        "advisor": advisor,
        "other_office_advisor": other,
        "coordinator": coordinator,
        "partner": partner,
        "org_admin": advisor,
    }


ROWS = {
    "counselling:case_list": _row(OK, other=OK, partner=OK),
    "counselling:case_detail": _row(OK, partner=NF),
    "counselling:case_export": _row(OK, other=OK),
    "counselling:case_open": _row(R),
    "counselling:consultation_add": _row(BAD, partner=NF),
    "counselling:referral_add": _row(BAD),
    "counselling:outcome_add": _row(BAD),
    "counselling:follow_up_add": _row(BAD),
    "counselling:case_status": _row(BAD),
    "counselling:case_esf": _row(BAD),
    "counselling:handover_add": _row(BAD),
    "counselling:referral_advance": _row(BAD),
    "counselling:referral_exam": _row(BAD),
    "counselling:follow_up_done": _row(R),
    "counselling:inbox": _row(OK, other=OK),
    "counselling:follow_up_start": _row(R),
    "counselling:follow_up_spam": _row(R),
    "counselling:request_person": _row(R),
    "counselling:request_case": _row(R),
    "counselling:consent_withdraw": _row(R),
    "counselling:search": _row(OK, other=OK),
    "counselling:offer_propose": _row(R),
    "counselling:event_register": _row(R),
    "companies:pipeline": _row(OK, other=OK),
    "companies:pipeline_start": _row(R),
    "companies:pipeline_move": _row(R),
    "companies:pipeline_checklist": _row(R),
    "privacy:audit_log": {
        "anonymous": R,
        "advisor": F,
        "other_office_advisor": F,
        "coordinator": F,
        "partner": F,
        "org_admin": OK,
    },
}


def _open_offer(office):
    from tests.factories import OfferFactory

    return OfferFactory(company=CompanyFactory(organisation=office))


def _request(office):
    """A contact request from the public, not yet taken on."""
    return FollowUpFactory(
        case=None,
        organisation=office,
        kind="offer_contact",
        title="Kontaktanfrage",
        requester_name="Amina Rahimi",
        requester_phone="0151 2345678",
        assignee=MembershipFactory(organisation=office, role="advisor").user,
    )


def build(office, other_office) -> dict[str, str]:
    person = YoungPersonFactory(organisation=office)
    case = CaseFactory(organisation=office, young_person=person)
    referral = ReferralFactory(case=case, organisation=office)
    follow_up = FollowUpFactory(case=case, organisation=office, assignee=case.owner)
    consent = ConsentFactory(young_person=person)
    company = CompanyFactory(organisation=office)
    pipeline = Pipeline.objects.create(
        organisation=office, company=CompanyFactory(organisation=office)
    )
    return {
        "counselling:case_list": "/de/staff/cases/",
        "counselling:case_detail": f"/de/staff/cases/{case.pk}/",
        "counselling:case_export": "/de/staff/cases/export.csv",
        "counselling:case_open": f"POST /de/staff/cases/open/ young_person={person.pk}",
        "counselling:consultation_add": f"POST /de/staff/cases/{case.pk}/consultations/",
        "counselling:referral_add": f"POST /de/staff/cases/{case.pk}/referrals/",
        "counselling:outcome_add": f"POST /de/staff/cases/{case.pk}/outcomes/",
        "counselling:follow_up_add": f"POST /de/staff/cases/{case.pk}/follow-ups/",
        "counselling:case_status": f"POST /de/staff/cases/{case.pk}/status/",
        "counselling:case_esf": f"POST /de/staff/cases/{case.pk}/esf/",
        "counselling:handover_add": f"POST /de/staff/cases/{case.pk}/handover/",
        "counselling:referral_advance": f"POST /de/staff/referrals/{referral.pk}/advance/",
        "counselling:referral_exam": f"POST /de/staff/referrals/{referral.pk}/exam/",
        "counselling:follow_up_done": f"POST /de/staff/follow-ups/{follow_up.pk}/done/",
        "counselling:inbox": "/de/staff/inbox/?kind=requests&state=all&mine=1&q=a",
        "counselling:follow_up_start": f"POST /de/staff/follow-ups/{follow_up.pk}/start/",
        "counselling:follow_up_spam": f"POST /de/staff/follow-ups/{_request(office).pk}/spam/",
        "counselling:request_person": f"POST /de/staff/follow-ups/{_request(office).pk}/person/",
        "counselling:request_case": f"POST /de/staff/follow-ups/{_request(office).pk}/case/",
        "counselling:consent_withdraw": f"POST /de/staff/consents/{consent.pk}/withdraw/",
        "counselling:search": "/de/staff/search/?q=test",
        "counselling:event_register": f"POST /de/staff/cases/{case.pk}/events/ event=0",
        "counselling:offer_propose": (
            f"POST /de/staff/proposals/ young_person={person.pk}&offer={_open_offer(office).pk}"
        ),
        "companies:pipeline": "/de/staff/companies/pipeline/",
        "companies:pipeline_start": f"POST /de/staff/companies/{company.pk}/pipeline/start/",
        "companies:pipeline_move": f"POST /de/staff/companies/pipeline/{pipeline.pk}/move/",
        "companies:pipeline_checklist": (
            f"POST /de/staff/companies/pipeline/{pipeline.pk}/checklist/"
        ),
        "privacy:audit_log": "/de/staff/audit/",
    }
