"""companies selectors the views use instead of the ORM, and the offer import's write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from kausa.companies import selectors
from kausa.companies.models import Company, Offer
from kausa.companies.services import ImportedOffer, offers_upsert_from_import
from tests.factories import CompanyFactory, OfferFactory, occupation, postal_code

pytestmark = pytest.mark.django_db


def test_offer_get_is_404_for_another_offices_offer(advisor, office, other_office):
    ours = OfferFactory(company=CompanyFactory(organisation=office))
    theirs = OfferFactory(company=CompanyFactory(organisation=other_office))
    assert selectors.offer_get(user=advisor, pk=ours.pk) == ours
    with pytest.raises(Http404):
        selectors.offer_get(user=advisor, pk=theirs.pk)
    with pytest.raises(Http404):
        selectors.offer_get(user=advisor, pk=10**9)


def test_open_offers_of_an_office_by_company_name(office, other_office):
    zebra = OfferFactory(company=CompanyFactory(organisation=office, name="Zebra GmbH"))
    apfel = OfferFactory(company=CompanyFactory(organisation=office, name="Apfel KG"))
    OfferFactory(company=CompanyFactory(organisation=office), status=Offer.Status.FILLED)
    OfferFactory(company=CompanyFactory(organisation=other_office))
    assert list(selectors.open_offers_of_office(organisation_id=office.pk)) == [apfel, zebra]


def test_offers_of_a_company_only_when_the_company_is_in_scope(
    advisor, other_office_advisor, office
):
    company = CompanyFactory(organisation=office)
    later = OfferFactory(company=company, start_date=dt.date(2028, 8, 1))
    sooner = OfferFactory(company=company, start_date=dt.date(2027, 8, 1))
    filled = OfferFactory(company=company, status=Offer.Status.FILLED)
    assert list(selectors.offers_of_company(user=advisor, company=company)) == [
        filled,
        sooner,
        later,
    ]
    assert not selectors.offers_of_company(user=other_office_advisor, company=company).exists()
    assert not selectors.offers_of_company(user=AnonymousUser(), company=company).exists()


def test_pipeline_advisors_are_the_colleagues_of_the_users_offices(
    advisor, org_admin, other_office_advisor, coordinator
):
    assert set(selectors.pipeline_advisors(user=advisor)) == {advisor, org_admin}
    assert not selectors.pipeline_advisors(user=coordinator).exists()


def _row(external_id: str, **fields: object) -> ImportedOffer:
    values: dict[str, object] = {
        "company_name": "Bäckerei Yilmaz",
        "postal_code": postal_code("10115"),
        "occupation": occupation(),
        "start_date": dt.date(2027, 8, 1),
    }
    values.update(fields)
    return ImportedOffer(external_id=external_id, **values)  # type: ignore[arg-type]


def test_an_import_creates_offers_and_one_company_per_name_and_postal_code(office):
    counts = offers_upsert_from_import(
        organisation=office,
        source="test-feed",
        rows={
            "A1": _row("A1", website="https://example.org"),
            "A2": _row("A2", places=3),
        },
    )
    assert (counts.created, counts.updated, counts.withdrawn) == (2, 0, 0)
    company = Company.objects.get(organisation=office, name="Bäckerei Yilmaz")
    assert company.website == "https://example.org"
    assert company.training_status == Company.TrainingStatus.TRAINING
    offers = Offer.objects.filter(source="test-feed").order_by("external_id")
    assert [(o.external_id, o.places, o.company_id) for o in offers] == [
        ("A1", 1, company.pk),
        ("A2", 3, company.pk),
    ]


def test_a_second_import_updates_and_a_full_feed_withdraws_what_it_misses(office):
    offers_upsert_from_import(
        organisation=office, source="test-feed", rows={"A1": _row("A1"), "A2": _row("A2")}
    )
    counts = offers_upsert_from_import(
        organisation=office,
        source="test-feed",
        rows={"A1": _row("A1", places=2)},
        full=True,
    )
    assert (counts.created, counts.updated, counts.withdrawn) == (0, 1, 1)
    assert Offer.objects.get(external_id="A1").places == 2
    assert Offer.objects.get(external_id="A2").status == Offer.Status.WITHDRAWN
    back = offers_upsert_from_import(
        organisation=office, source="test-feed", rows={"A2": _row("A2")}
    )
    assert back.updated == 1
    assert Offer.objects.get(external_id="A2").status == Offer.Status.OPEN
    assert Company.objects.filter(organisation=office).count() == 1
