"""Permission rows of workspace's public pages (see tests/test_permissions.py)."""

from __future__ import annotations

OK = 200
PUBLIC = dict.fromkeys(
    ["anonymous", "advisor", "other_office_advisor", "coordinator", "partner", "org_admin"], OK
)

# staff pages that change a person or company: its's office only (404 for another office)
STAFF_RECORD = {
    "anonymous": 302,
    "advisor": OK,
    "other_office_advisor": 404,
    "coordinator": 403,
    "partner": 403,
    "org_admin": OK,
}

ROWS = {
    "workspace:person_edit": STAFF_RECORD,
    # possible duplicates: the list shows the user's own offices' pairs only (empty for
    # another office); a pair of another office is 404
    "workspace:duplicates": STAFF_RECORD | {"other_office_advisor": OK},
    "workspace:duplicate_dismiss": STAFF_RECORD | {"advisor": 302, "org_admin": 302},
    "workspace:person_merge": STAFF_RECORD,
    "workspace:company_duplicate_dismiss": STAFF_RECORD | {"advisor": 302, "org_admin": 302},
    "workspace:company_merge": STAFF_RECORD,
    "workspace:company_edit": STAFF_RECORD,
    # an office's contact page and the list of offices: public, like the landing page
    "workspace:office_list": PUBLIC,
    "workspace:office_detail": PUBLIC,
    # 'ask us to call you back': public; an empty form is shown again with errors
    "workspace:office_call_back": dict.fromkeys(PUBLIC, 400),
    # the office's admin keeps its contact page; nobody else may
    "workspace:office_contact": {
        "anonymous": 302,
        "advisor": 403,
        "other_office_advisor": 403,
        "coordinator": 403,
        "partner": 403,
        "org_admin": OK,
    },
    # legal pages of the installation
    "workspace:imprint": PUBLIC,
    "workspace:privacy_notice": PUBLIC,
    "workspace:accessibility": PUBLIC,
}


def build(office, other_office) -> dict[str, str]:
    from kausa.people.models import DuplicateCandidate
    from tests.factories import CompanyFactory, YoungPersonFactory

    person = YoungPersonFactory(organisation=office)
    company = CompanyFactory(organisation=office)
    twin = YoungPersonFactory(organisation=office)
    pairs = [
        DuplicateCandidate.objects.create(
            organisation=office, person_a=person, person_b=twin, score=0.9, reasons=[]
        )
    ]
    from kausa.companies.models import CompanyDuplicateCandidate

    branch = CompanyFactory(organisation=office)
    company_pair = CompanyDuplicateCandidate.objects.create(
        organisation=office, company_a=company, company_b=branch, score=0.9, reasons=[]
    )
    return {
        "workspace:company_duplicate_dismiss": (
            f"POST /de/staff/duplicates/companies/{company_pair.pk}/dismiss/"
        ),
        "workspace:company_merge": f"/de/staff/duplicates/companies/{company_pair.pk}/merge/",
        "workspace:duplicates": "/de/staff/duplicates/",
        "workspace:duplicate_dismiss": f"POST /de/staff/duplicates/people/{pairs[0].pk}/dismiss/",
        "workspace:person_merge": f"/de/staff/duplicates/people/{pairs[0].pk}/merge/",
        "workspace:person_edit": f"/de/staff/people/{person.pk}/edit/",
        "workspace:company_edit": f"/de/staff/companies/{company.pk}/edit/",
        "workspace:office_list": "/de/offices/?plz=10115",
        "workspace:office_detail": f"/de/offices/{office.slug}/",
        "workspace:office_call_back": f"POST /de/offices/{office.slug}/call-back/",
        "workspace:office_contact": f"/de/staff/offices/{office.slug}/contact/",
        "workspace:imprint": "/de/imprint/",
        "workspace:privacy_notice": "/de/privacy/",
        "workspace:accessibility": "/ar/accessibility/",
    }
