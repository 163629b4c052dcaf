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


def test_the_words_of_a_search_are_looked_up_once_and_an_edited_occupation_counts_at_once(
    office, django_assert_num_queries
):
    """The occupations a search's words mean are kept per process: the same words again
    ask the database nothing; an occupation saved in this process empties what was kept."""
    from kausa.matching.selectors import Origin, offer_search
    from kausa.reference.selectors import occupation_search_forget

    occupation_search_forget()
    berlin = Origin(52.53, 13.38, "10115 Berlin")
    cook = occupation("Koch/Köchin")
    first = offer_search(public=True, origin=berlin, query="koch")
    with django_assert_num_queries(0):
        again = offer_search(public=True, origin=berlin, query="koch")
    assert again.count == first.count
    # other words are another lookup
    with django_assert_num_queries(1):
        offer_search(public=True, origin=berlin, query="mechatroniker")
    # an occupation saved in this process: the same words are looked up again
    cook.name = "Koch/Köchin (neu geordnet)"
    cook.save()
    with django_assert_num_queries(1) as queries:
        offer_search(public=True, origin=berlin, query="koch")
    assert "reference_occupation" in queries.captured_queries[0]["sql"]
