"""Reads of companies and offers, scoped to the acting user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kausa.accounts.selectors import colleagues_of, offices_acting_for
from kausa.accounts.tenancy import scope_figures, scope_personal_data
from kausa.companies.duplicates import CompanyRecord
from kausa.companies.duplicates import Match as CompanyMatch
from kausa.companies.duplicates import candidates_for as company_candidates_for
from kausa.companies.models import (
    Company,
    CompanyDuplicateCandidate,
    Offer,
    Pipeline,
    PipelineStage,
)
from kausa.core.text import search_key
from kausa.reference.models import Occupation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kausa.accounts.models import Organisation, User


def company_list(*, user: User | AnonymousUser, query: str = "") -> QuerySet[Company]:
    # Companies carry a contact person: the same rule as for people.
    qs = scope_personal_data(Company.objects.all(), user)
    if query.strip():
        key = search_key(query)
        qs = qs.filter(Q(search_text__contains=key) | Q(postal_code__code__startswith=key))
    return (
        qs.select_related("postal_code")
        .annotate(open_offers=Count("offers", filter=Q(offers__status=Offer.Status.OPEN)))
        .order_by("name", "id")
    )


def company_get(*, user: User | AnonymousUser, pk: int) -> Company:
    try:
        return (
            scope_personal_data(Company.objects.all(), user)
            .select_related("postal_code", "organisation")
            .prefetch_related("languages")
            .get(pk=pk)
        )
    except Company.DoesNotExist:
        raise Http404 from None


def offer_list(*, user: User | AnonymousUser) -> QuerySet[Offer]:
    return scope_personal_data(Offer.objects.all(), user).select_related(
        "company", "occupation", "company__postal_code"
    )


def offer_get(*, user: User | AnonymousUser, pk: int) -> Offer:
    """One offer the user may see, or 404."""
    offer = offer_list(user=user).filter(pk=pk).first()
    if offer is None:
        raise Http404
    return offer


def offer_to_propose(*, user: User | AnonymousUser, pk: int) -> Offer:
    """An offer an advisor may propose to one of their young people: any open offer of the
    shared catalogue (whichever office imported or looks after it) or one of the user's
    offices' own offers; 404 otherwise."""
    offer = (
        Offer.objects.filter(Q(status=Offer.Status.OPEN) | Q(pk__in=offer_list(user=user)))
        .select_related("company", "occupation")
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def open_offers_of_office(*, organisation_id: int) -> QuerySet[Offer]:
    """The office's open offers by company (to pick one, e.g. for a case's outcome).

    Not scoped to a user: the caller has already checked that the user may work with the
    office's record that asks (the case)."""
    return (
        Offer.objects.filter(organisation_id=organisation_id, status=Offer.Status.OPEN)
        .select_related("company", "occupation")
        .order_by("company__name")
    )


def offers_of_company(*, user: User | AnonymousUser, company: Company) -> QuerySet[Offer]:
    """The company's offers by status and start, when the user may see the company."""
    return (
        scope_personal_data(
            Offer.objects.filter(company=company), user, field="company__organisation"
        )
        .select_related("occupation")
        .order_by("status", "start_date")
    )


def company_count(*, user: User | AnonymousUser) -> int:
    return scope_figures(Company.objects.all(), user).count()


def open_offer_count(*, user: User | AnonymousUser) -> int:
    return scope_figures(Offer.objects.filter(status=Offer.Status.OPEN), user).count()


def pipeline_board(
    *,
    user: User | AnonymousUser,
    migrant_led: bool | None = None,
    sector: str = "",
    chamber: str = "",
    advisor_id: int | None = None,
) -> dict[str, list[Pipeline]]:
    """Cards per stage, in stage order, for the board."""
    qs = scope_personal_data(Pipeline.objects.all(), user).select_related("company", "advisor")
    if migrant_led is not None:
        qs = qs.filter(company__migrant_led=migrant_led)
    if sector:
        qs = qs.filter(company__sector=sector)
    if chamber:
        qs = qs.filter(company__chamber=chamber)
    if advisor_id:
        qs = qs.filter(advisor_id=advisor_id)
    board: dict[str, list[Pipeline]] = {stage: [] for stage in PipelineStage.values}
    for pipeline in qs.order_by("company__name"):
        board[pipeline.stage].append(pipeline)
    return board


def pipeline_get(*, user: User | AnonymousUser, pk: int) -> Pipeline:
    try:
        return scope_personal_data(Pipeline.objects.select_related("company"), user).get(pk=pk)
    except Pipeline.DoesNotExist:
        raise Http404 from None


def sectors_in_use(*, user: User | AnonymousUser) -> list[str]:
    qs = scope_personal_data(Company.objects.exclude(sector=""), user)
    return list(qs.order_by("sector").values_list("sector", flat=True).distinct())


def pipeline_advisors(*, user: User | AnonymousUser) -> QuerySet[User]:
    """Who may look after a company on the board: the advisors of the user's offices."""
    return colleagues_of(user=user)


def offices_for_new_company(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The offices the user may add a company to (they choose one when there are several)."""
    return offices_acting_for(user=user)


def sector_suggestions(*, user: User | AnonymousUser) -> list[str]:
    """Sectors to suggest on the company form: the occupations' and those the user's offices
    already use, in alphabetical order."""
    catalogue = Occupation.objects.order_by().values_list("sector", flat=True).distinct()
    return sorted(set(catalogue) | set(sectors_in_use(user=user)), key=str.casefold)


# --- duplicates -------------------------------------------------------------------------------


def _company_record(company: Company) -> CompanyRecord:
    return CompanyRecord(
        company.pk,
        company.name,
        company.postal_code_id,
        company.contact_phone,
        company.contact_email,
        company.street,
    )


def duplicates_of_new_company(
    *,
    user: User | AnonymousUser,
    organisation_id: int,
    name: str,
    postal_code: str,
    phone: str = "",
    email: str = "",
    street: str = "",
    limit: int = 5,
) -> list[tuple[Company, CompanyMatch]]:
    """Companies of the office (that the user may see) that a company about to be created
    probably is: those at its postal code or with its e-mail address, scored by
    kausa.companies.duplicates."""
    wanted = Q(postal_code_id=postal_code)
    if email.strip():
        wanted |= Q(contact_email__iexact=email.strip())
    companies = {
        c.pk: c
        for c in scope_personal_data(Company.objects.all(), user)
        .filter(wanted, organisation_id=organisation_id)
        .order_by("pk")[:1000]
    }
    new = CompanyRecord(0, name, postal_code, phone, email, street)
    found = company_candidates_for(new, (_company_record(c) for c in companies.values()))
    return [(companies[match.b], match) for match in found[:limit]]


def offices_with_companies() -> list[int]:
    return list(Company.objects.order_by().values_list("organisation_id", flat=True).distinct())


def company_records_of_office(*, organisation_id: int) -> list[CompanyRecord]:
    """Every company of an office as the nightly duplicate check reads them (no user)."""
    rows = Company.objects.filter(organisation_id=organisation_id).values_list(
        "id", "name", "postal_code_id", "contact_phone", "contact_email", "street"
    )
    return [CompanyRecord(*row) for row in rows.iterator(chunk_size=5000)]


def company_duplicate_list(
    *, user: User | AnonymousUser, organisation_id: int | None = None
) -> QuerySet[CompanyDuplicateCandidate]:
    qs = scope_personal_data(
        CompanyDuplicateCandidate.objects.filter(status=CompanyDuplicateCandidate.Status.OPEN),
        user,
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related(
        "organisation", "company_a__postal_code", "company_b__postal_code"
    ).order_by("-score", "id")


def company_duplicate_get(*, user: User | AnonymousUser, pk: int) -> CompanyDuplicateCandidate:
    try:
        return company_duplicate_list(user=user).get(pk=pk)
    except CompanyDuplicateCandidate.DoesNotExist:
        raise Http404 from None


def company_history_counts(companies: list[Company]) -> dict[int, tuple[int, int]]:
    """Cases and offers of each company (to help choose which record to keep)."""
    rows = (
        Company.objects.filter(pk__in=[c.pk for c in companies])
        .annotate(n_cases=Count("cases", distinct=True), n_offers=Count("offers", distinct=True))
        .values_list("pk", "n_cases", "n_offers")
    )
    return {pk: (cases, offers) for pk, cases, offers in rows}
