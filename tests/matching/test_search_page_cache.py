"""The search page's occupation suggestions are the same for every visitor: rendered once per
language and kept, so a search asks the database only for what depends on the query."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import occupation

pytestmark = pytest.mark.django_db


def test_suggestions_in_the_page_language_come_from_the_cache(
    office, django_assert_max_num_queries
):
    occupation("Koch/Köchin")
    cache.clear()
    client = Client()
    first = client.get("/uk/offers/").content.decode()
    datalist = first.split('<datalist id="occupation-names">', 1)[1].split("</datalist>", 1)[0]
    assert 'label="Koch/Köchin"' in datalist  # the Ukrainian name, the German one as label
    with django_assert_max_num_queries(20) as queries:
        again = client.get("/uk/offers/").content.decode()
    assert datalist in again
    assert not any('"reference_occupation"."short_name"' in q["sql"] for q in queries)
    german = client.get("/de/offers/").content.decode()
    assert '<option value="Koch/Köchin">' in german
