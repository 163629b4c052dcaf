"""Names of the common occupations in the site's languages: data, template filter, search."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from kausa.reference.models import Occupation
from kausa.reference.occupation_names import LANGUAGES, OCCUPATION_NAMES, occupation_label
from kausa.reference.selectors import occupation_search
from tests.factories import CompanyFactory, OfferFactory

pytestmark = pytest.mark.django_db

KFZ = "Kfz-Mechatroniker/in"


def test_every_translated_occupation_exists_and_is_common():
    common = set(Occupation.objects.filter(is_common=True).values_list("short_name", flat=True))
    assert set(OCCUPATION_NAMES) == common


@pytest.mark.parametrize("short_name", sorted(OCCUPATION_NAMES))
def test_every_entry_has_all_languages(short_name):
    names = OCCUPATION_NAMES[short_name]
    assert set(names) == set(LANGUAGES)
    assert all(name.strip() for name in names.values())


def test_label_falls_back_to_the_german_short_name():
    kfz = Occupation.objects.get(short_name=KFZ)
    assert occupation_label(kfz, "ar-SY") == OCCUPATION_NAMES[KFZ]["ar"]
    assert occupation_label(kfz, "de") == KFZ
    assert occupation_label(kfz, None) == KFZ
    rare = Occupation.objects.filter(is_common=False).first()
    assert occupation_label(rare, "ar") == rare.short_name


@pytest.mark.parametrize(
    ("language", "expected"), [("ar", OCCUPATION_NAMES[KFZ]["ar"]), ("de", KFZ)]
)
def test_filter_uses_the_active_language(language, expected):
    template = Template("{% load reference_tags %}{{ occupation|occupation_label }}")
    occupation = Occupation.objects.get(short_name=KFZ)
    with translation.override(language):
        assert template.render(Context({"occupation": occupation})) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("mechanic", KFZ), ("Car Mechanic", KFZ), ("ميكانيكي سيارات", KFZ), ("kuaför", "Friseur/in")],
)
def test_occupation_search_finds_translated_names(query, expected):
    assert expected in [o.short_name for o in occupation_search(query)]


def test_offer_page_in_arabic_shows_the_arabic_name_and_the_german_one(office):
    offer = OfferFactory(company=CompanyFactory(organisation=office), organisation=office)
    assert offer.occupation.short_name == KFZ
    page = Client().get(f"/ar/offers/{offer.pk}/").content.decode()
    assert OCCUPATION_NAMES[KFZ]["ar"] in page
    assert f'<p class="muted" lang="de">{offer.occupation.name}</p>' in page
