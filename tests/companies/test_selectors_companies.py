"""companies.selectors: what each user sees of companies, offers and the pipeline board."""

from __future__ import annotations

import pytest
from django.http import Http404

from kausa.companies import selectors
from kausa.companies.models import Company, Offer, PipelineStage
from kausa.companies.services import company_search_text, pipeline_move, pipeline_start
from tests.factories import (
    CompanyFactory,
    MembershipFactory,
    OfferFactory,
    OrganisationFactory,
    UserFactory,
    postal_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours(office) -> Company:
    return CompanyFactory(organisation=office, name="Autohaus Nord", sector="Fahrzeug")


@pytest.fixture
def theirs(other_office) -> Company:
    return CompanyFactory(
        organisation=other_office,
        name="Autohaus Süd",
        sector="Handel",
        postal_code=postal_code("20095"),
        city="Hamburg",
    )


def test_company_list_shows_only_the_own_office(advisor, other_office_advisor, ours, theirs):
    assert list(selectors.company_list(user=advisor)) == [ours]
    assert list(selectors.company_list(user=other_office_advisor)) == [theirs]


def test_company_list_shows_no_contact_people_to_coordinators_or_partners(
    coordinator, partner, ours
):
    # Companies carry a contact person: personal data, for advisors of the office only.
    assert not selectors.company_list(user=coordinator).exists()
    assert not selectors.company_list(user=partner).exists()


def test_company_list_shows_everything_to_a_superuser(ours, theirs):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert list(selectors.company_list(user=admin)) == [ours, theirs]


def test_company_list_finds_by_name_or_postal_code(advisor, office, ours):
    hamburg = CompanyFactory(
        organisation=office, name="Bäckerei am Hafen", postal_code=postal_code("20095")
    )
    CompanyFactory(organisation=office, name="Zimmerei Holz")
    for company in (ours, hamburg):
        company.search_text = company_search_text(company)
        company.save()

    assert list(selectors.company_list(user=advisor, query="AUTOHAUS")) == [ours]
    assert list(selectors.company_list(user=advisor, query="backerei")) == [hamburg]
    assert list(selectors.company_list(user=advisor, query="200")) == [hamburg]
    assert selectors.company_list(user=advisor, query="  ").count() == 3


def test_company_list_counts_open_offers_only(advisor, ours):
    OfferFactory(company=ours)
    OfferFactory(company=ours)
    OfferFactory(company=ours, status=Offer.Status.FILLED, places_filled=1)
    (row,) = selectors.company_list(user=advisor)
    assert row.open_offers == 2


def test_company_get_is_404_outside_the_office(advisor, ours, theirs):
    assert selectors.company_get(user=advisor, pk=ours.pk) == ours
    with pytest.raises(Http404):
        selectors.company_get(user=advisor, pk=theirs.pk)
    with pytest.raises(Http404):
        selectors.company_get(user=advisor, pk=theirs.pk + 1000)


def test_offer_list_shows_only_the_own_offices_offers(advisor, ours, theirs):
    own = OfferFactory(company=ours)
    OfferFactory(company=theirs)
    assert list(selectors.offer_list(user=advisor)) == [own]


def test_counts_are_figures_a_coordinator_sees_for_its_offices(
    advisor, coordinator, landesstelle, ours, theirs
):
    OfferFactory(company=ours)
    OfferFactory(company=ours, status=Offer.Status.WITHDRAWN)
    OfferFactory(company=theirs)
    # The coordinator sees no company, yet counts those of the offices it coordinates.
    assert selectors.company_count(user=coordinator) == 1
    assert selectors.open_offer_count(user=coordinator) == 1
    assert selectors.company_count(user=advisor) == 1
    assert selectors.open_offer_count(user=advisor) == 1


def test_counts_are_zero_for_a_user_without_office(ours):
    nobody = UserFactory()
    OfferFactory(company=ours)
    assert selectors.company_count(user=nobody) == 0
    assert selectors.open_offer_count(user=nobody) == 0


def test_the_board_has_every_stage_in_order_and_only_the_own_cards(
    advisor, other_office_advisor, ours, theirs
):
    mine = pipeline_start(user=advisor, company=ours)
    pipeline_start(user=other_office_advisor, company=theirs)
    board = selectors.pipeline_board(user=advisor)
    assert list(board) == list(PipelineStage.values)
    assert board[PipelineStage.FIRST_CONTACT] == [mine]
    assert sum(len(cards) for cards in board.values()) == 1


def test_the_board_filters_by_company_and_advisor(advisor, office):
    colleague = MembershipFactory(organisation=office).user
    migrant_led = CompanyFactory(
        organisation=office, name="A Döner", migrant_led=True, sector="Gastro", chamber="ihk"
    )
    craft = CompanyFactory(organisation=office, name="B Tischlerei", sector="Holz", chamber="hwk")
    first = pipeline_start(user=advisor, company=migrant_led)
    second = pipeline_start(user=advisor, company=craft, advisor=colleague)
    pipeline_move(user=advisor, pipeline=second, stage=PipelineStage.ADVISED)

    def cards(**filters):
        board = selectors.pipeline_board(user=advisor, **filters)
        return [card for stage in board.values() for card in stage]

    assert cards() == [first, second]
    assert cards(migrant_led=True) == [first]
    assert cards(migrant_led=False) == [second]
    assert cards(sector="Holz") == [second]
    assert cards(chamber="ihk") == [first]
    assert cards(advisor_id=colleague.pk) == [second]
    assert selectors.pipeline_board(user=advisor)[PipelineStage.ADVISED] == [second]


def test_pipeline_get_is_404_outside_the_office(advisor, other_office_advisor, ours):
    pipeline = pipeline_start(user=advisor, company=ours)
    assert selectors.pipeline_get(user=advisor, pk=pipeline.pk) == pipeline
    with pytest.raises(Http404):
        selectors.pipeline_get(user=other_office_advisor, pk=pipeline.pk)


def test_sectors_in_use_are_the_own_offices_once_each(advisor, office, ours, theirs):
    CompanyFactory(organisation=office, sector="Fahrzeug")
    CompanyFactory(organisation=office, sector="Bau")
    CompanyFactory(organisation=office, sector="")
    CompanyFactory(organisation=OrganisationFactory(), sector="Pflege")
    assert selectors.sectors_in_use(user=advisor) == ["Bau", "Fahrzeug"]


def test_an_advisor_may_propose_any_open_offer_but_only_own_closed_ones(advisor, ours, theirs):
    own_filled = OfferFactory(company=ours, status=Offer.Status.FILLED, places_filled=1)
    their_open = OfferFactory(company=theirs)
    their_withdrawn = OfferFactory(company=theirs, status=Offer.Status.WITHDRAWN)

    # The catalogue is shared: another office's open offer may be proposed.
    assert selectors.offer_to_propose(user=advisor, pk=their_open.pk) == their_open
    assert selectors.offer_to_propose(user=advisor, pk=own_filled.pk) == own_filled
    for pk in (their_withdrawn.pk, their_withdrawn.pk + 1000):
        with pytest.raises(Http404):
            selectors.offer_to_propose(user=advisor, pk=pk)
