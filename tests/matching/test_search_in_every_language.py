"""The public offer search finds an occupation by its name in every language of the site."""

from __future__ import annotations

import pytest
from django.test import Client

from kausa.reference.occupation_names import LANGUAGES
from tests.factories import occupation
from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db

SAMPLE = [
    "Koch/Köchin",
    "Kfz-Mechatroniker/in",
    "Friseur/in",
    "Pflegefachmann/-frau",
    "Fachinformatiker/in",
    "Bäcker/in",
    "Tischler/in",
    "Maurer/in",
    "Fachkraft für Lagerlogistik",
    "Zahnmedizinische Fachangestellte (ZFA)",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_searching_a_name_in_the_pages_language_finds_its_offers(office, language):
    offers = {short_name: offer_at(office, "10115", occ=short_name) for short_name in SAMPLE}
    client = Client()
    for short_name, offer in offers.items():
        name = occupation(short_name).names[language]
        response = client.get(
            f"/{language}/offers/", {"plz": "10115", "radius_km": "10", "q": name}
        )
        assert response.status_code == 200
        found = [hit["offer_id"] for hit in response.context["hits"]]
        assert offer.pk in found, (language, short_name, name)
        assert found[0] == offer.pk, (language, short_name, name, found)
        assert name in response.content.decode()  # and the hit is named in that language
