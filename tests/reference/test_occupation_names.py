"""Occupation names in the site's languages: labels, the template filters, search."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from kausa.reference.models import Occupation
from kausa.reference.occupation_names import (
    LANGUAGES,
    name_key,
    occupation_description,
    occupation_label,
    texts_clear,
)
from kausa.reference.selectors import occupation_search
from tests.factories import CompanyFactory, OfferFactory

pytestmark = pytest.mark.django_db

KFZ = "Kfz-Mechatroniker/in"
COOK = "Koch/Köchin"
RARE = "Handzuginstrumentenmacher/in"  # named in every language, no description


def _occupation(short_name: str) -> Occupation:
    return Occupation.objects.get(short_name=short_name)


def test_every_occupation_has_a_name_in_every_language():
    for occupation in Occupation.objects.all():
        assert set(occupation.names) == set(LANGUAGES), occupation.short_name
        assert all(name.strip() for name in occupation.names.values()), occupation.short_name


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Cook"),
        ("ar", "طباخ"),
        ("ar-SY", "طباخ"),
        ("fa", "آشپز"),
        ("tr", "Aşçı"),
        ("uk", "Кухар"),
        ("ru", "Повар"),
        ("de", COOK),
        (None, COOK),
        ("pt", COOK),
    ],
)
def test_label_in_the_language_asked_for_else_the_german_short_name(language, expected):
    assert occupation_label(_occupation(COOK), language) == expected


def test_label_of_a_public_offer_dict_or_a_bare_short_name():
    texts_clear()  # read from the rows, as a worker after `kausa load-reference`
    assert occupation_label({"short_name": KFZ}, "ar") == "ميكانيكي سيارات"
    assert occupation_label(KFZ, "uk") == "Автомеханік"
    assert occupation_label("Gibt es nicht/in", "uk") == "Gibt es nicht/in"


def test_rare_occupations_are_named_too():
    assert occupation_label(_occupation(RARE), "en") == "Accordion maker"
    assert occupation_description(_occupation(RARE), "en") == ("", "")


@pytest.mark.parametrize(("language", "expected"), [("ar", "ميكانيكي سيارات"), ("de", KFZ)])
def test_filter_uses_the_active_language(language, expected):
    template = Template("{% load reference_tags %}{{ occupation|occupation_label }}")
    with translation.override(language):
        assert template.render(Context({"occupation": _occupation(KFZ)})) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mechanic", KFZ),
        ("Car Mechanic", KFZ),
        ("ميكانيكي سيارات", KFZ),
        ("kuaför", "Friseur/in"),
        ("طباخ", COOK),
        ("кухар", COOK),
        ("КУХАР", COOK),
        ("aşçı", COOK),
        ("asci", COOK),  # a Turkish name typed without Turkish letters
        ("cook", COOK),
        ("آشپز", COOK),
        ("اشپز", COOK),  # typed without the madda
        ("برقکار", "Elektroniker/in"),  # without the zero-width joiner of برق‌کار
        ("برق کار", "Elektroniker/in"),
        ("كهربائي", "Elektroniker/in"),
        ("медсестра", "Pflegefachmann/-frau"),
        ("ممرضة", "Pflegefachmann/-frau"),
        ("Hemşire", "Pflegefachmann/-frau"),
    ],
)
def test_occupation_search_finds_names_in_every_language(query, expected):
    assert expected in [o.short_name for o in occupation_search(query)]


def test_a_name_that_starts_with_the_query_comes_first():
    assert occupation_search("cook")[0].short_name == COOK
    assert occupation_search("Кухар")[0].short_name == COOK  # before "Помічник кухаря"


def test_name_keys_fold_what_people_type_in_several_ways():
    assert name_key("برق‌کار") == name_key("برق کار") == name_key("برقکار")
    assert name_key("مكانيكي") == name_key("مکانیکی")  # Arabic and Persian kaf and yeh
    assert name_key("Aşçı") == name_key("asci")
    assert name_key("IT-фахівець") == name_key("IT фахівець")


def test_offer_page_in_arabic_shows_the_arabic_name_the_german_one_and_the_description(office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), organisation=office)
    assert offer.occupation.short_name == KFZ
    page = Client().get(f"/ar/offers/{offer.pk}/").content.decode()
    assert "ميكانيكي سيارات" in page
    assert f'<p class="muted mt-title" lang="de" dir="auto">{offer.occupation.name}</p>' in page
    arabic, language = occupation_description(offer.occupation, "ar")
    assert language == "ar"
    assert f'<p class="occupation-description">{arabic}</p>' in page


def test_offer_page_without_a_description_in_the_language_falls_back_to_german(office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), organisation=office)
    occupation = offer.occupation
    occupation.descriptions = {"de": "Sie reparieren Autos."}
    occupation.save()
    page = Client().get(f"/fa/offers/{offer.pk}/").content.decode()
    assert '<p class="occupation-description" lang="de" dir="ltr">Sie reparieren Autos.</p>' in page


def test_offer_page_of_an_occupation_without_description_has_none(office):
    rare = _occupation(RARE)
    offer = OfferFactory(
        company=CompanyFactory(organisation=office), organisation=office, occupation=rare
    )
    page = Client().get(f"/en/offers/{offer.pk}/").content.decode()
    assert "Accordion maker" in page
    assert "occupation-description" not in page
