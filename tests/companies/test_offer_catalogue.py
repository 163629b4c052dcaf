"""BA offers are one catalogue shared by all offices: imports never move an offer or a
company from one office to another; a full feed withdraws only what no feed lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from kausa.companies.models import Company, Offer
from kausa.companies.services import ImportedOffer, offers_upsert_from_import
from tests.factories import OfferFactory, occupation, postal_code

pytestmark = pytest.mark.django_db
BA = "ba-jobsuche"


def _row(external_id: str, company: str = "Autohaus Yilmaz", plz: str = "10115") -> ImportedOffer:
    return ImportedOffer(
        external_id=external_id,
        company_name=company,
        postal_code=postal_code(plz),
        occupation=occupation(),
        start_date=dt.date(2027, 8, 1),
    )


def _rows(*ids: str, company: str = "Autohaus Yilmaz") -> dict[str, ImportedOffer]:
    return {i: _row(i, company=company) for i in ids}


def _office(offer_id: str) -> int:
    return Offer.objects.get(source=BA, external_id=offer_id).organisation_id


def test_a_second_office_finds_the_offers_already_in_the_catalogue(office, other_office):
    first = offers_upsert_from_import(organisation=office, source=BA, rows=_rows("R1", "R2"))
    assert (first.created, first.updated, first.already_in_catalogue) == (2, 0, 0)
    company = Company.objects.get()
    second = offers_upsert_from_import(
        organisation=other_office, source=BA, rows=_rows("R1", "R2", "R3")
    )
    assert (second.created, second.updated, second.already_in_catalogue) == (1, 0, 2)
    # nothing moved: the offers and their company stay with the office that looks after them
    assert {_office(i) for i in ("R1", "R2")} == {office.pk}
    assert Company.objects.get() == company and company.organisation_id == office.pk
    # a new offer of that company joins it (and its office) instead of a second company
    assert second.with_other_office == 1
    assert Offer.objects.get(external_id="R3").company == company
    assert _office("R3") == office.pk
    # both offices' imports list R1 and R2
    listed = Offer.objects.get(external_id="R1").listed_by.all()
    assert set(listed) == {office, other_office}
    # the first office importing again: its own offers are updated, not taken back
    again = offers_upsert_from_import(organisation=office, source=BA, rows=_rows("R1", "R3"))
    assert (again.created, again.updated, again.already_in_catalogue) == (0, 2, 0)


def test_a_new_company_of_a_second_office_is_that_offices(office, other_office):
    offers_upsert_from_import(organisation=office, source=BA, rows=_rows("R1"))
    offers_upsert_from_import(organisation=other_office, source=BA, rows=_rows("R2", company="Neu"))
    assert Company.objects.get(name="Neu").organisation_id == other_office.pk
    assert _office("R2") == other_office.pk


def test_a_full_feed_withdraws_only_what_no_office_lists_any_more(office, other_office):
    offers_upsert_from_import(organisation=office, source=BA, rows=_rows("R1", "R2", "R3"))
    offers_upsert_from_import(organisation=other_office, source=BA, rows=_rows("R2", "R4"))
    counts = offers_upsert_from_import(organisation=office, source=BA, rows=_rows("R1"), full=True)
    # R3 was listed by the first office only; R2 is still in the other office's feed
    assert counts.withdrawn == 1
    status = dict(Offer.objects.values_list("external_id", "status"))
    assert status == {"R1": "open", "R2": "open", "R3": "withdrawn", "R4": "open"}
    # the other office's full feed without R2: gone, whichever office looks after it
    counts = offers_upsert_from_import(
        organisation=other_office, source=BA, rows=_rows("R4"), full=True
    )
    assert counts.withdrawn == 1
    assert Offer.objects.get(external_id="R2").status == "withdrawn"
    assert _office("R2") == office.pk
    # only that source: an office's own feed and hand-made offers are untouched
    own = OfferFactory(company=Company.objects.get(), source="office-import", external_id="R9")
    hand = OfferFactory(company=Company.objects.get())
    offers_upsert_from_import(organisation=office, source=BA, rows={}, full=True)
    own.refresh_from_db()
    hand.refresh_from_db()
    assert own.status == hand.status == "open"
    assert Offer.objects.get(external_id="R1").status == "withdrawn"
    # back in a feed: open again, still with its office
    offers_upsert_from_import(organisation=other_office, source=BA, rows=_rows("R1"))
    assert Offer.objects.get(external_id="R1").status == "open" and _office("R1") == office.pk


def test_an_offices_own_feed_is_keyed_by_office(office, other_office):
    offers_upsert_from_import(organisation=office, source="office-import", rows=_rows("A-1"))
    counts = offers_upsert_from_import(
        organisation=other_office, source="office-import", rows=_rows("A-1")
    )
    assert (counts.created, counts.already_in_catalogue) == (1, 0)
    offers = Offer.objects.filter(external_id="A-1")
    assert {o.organisation_id for o in offers} == {office.pk, other_office.pk}
    assert {o.company.organisation_id for o in offers} == {office.pk, other_office.pk}


def test_one_offer_per_reference_number_in_the_catalogue(office, other_office):
    offers_upsert_from_import(organisation=office, source=BA, rows=_rows("R1"))
    company = Company.objects.get()
    theirs = OfferFactory(company=company, organisation=other_office)
    theirs.source, theirs.external_id = BA, "R1"
    with pytest.raises(IntegrityError), transaction.atomic():
        theirs.save()
