"""The public offer search as a phone shows it: results first after a search, places named
in words, German names isolated on right-to-left pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db


def results_heading(page: str) -> str:
    found = re.search(r'<h2 id="results-title"[^>]*>(.*?)</h2>', page, re.S)
    assert found, "no results heading"
    return found.group(1)


def folded_form(page: str) -> str:
    """The summary line the form folds into after a search."""
    found = re.search(
        r'<details class="mt-change" data-change-search>\s*<summary>(.*?)</summary>', page, re.S
    )
    assert found, "the form is not folded"
    return found.group(1)


def test_search_by_location_names_the_nearest_postal_code_and_place(office):
    offer_at(office, "10115")
    page = Client().get("/en/offers/", {"lat": "52.532", "lon": "13.384"}).content.decode()
    heading = results_heading(page)
    assert "1 offer near <bdi>10115 Berlin</bdi>" in heading
    assert "52.532" not in heading and "13.384" not in heading
    summary = folded_form(page)
    assert "<bdi>10115 Berlin</bdi>" in summary and "52.5" not in summary


def test_after_a_search_the_results_heading_takes_the_focus_and_the_form_folds(office):
    offer_at(office, "10115")
    page = Client().get("/en/offers/", {"plz": "10115", "q": "Kfz"}).content.decode()
    heading = re.search(r'<h2 id="results-title"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in heading and "data-focus-results" in heading
    # the form is one line above the results: what was searched, and a way to change it
    summary = folded_form(page)
    assert "Change search" in summary and "25 km" in summary
    assert "<bdi>10115 Berlin</bdi>" in summary and "<bdi>Kfz</bdi>" in summary
    assert (
        page.index("data-change-search") < page.index('id="id_plz"') < page.index("results-title")
    )


@pytest.mark.parametrize("params", [{}, {"plz": "123"}])
def test_without_results_the_form_stays_open_and_nothing_takes_the_focus(params):
    page = Client().get("/en/offers/", params).content.decode()
    assert "data-change-search" not in page and "data-focus-results" not in page
    assert 'id="id_plz"' in page


def test_german_names_keep_their_punctuation_on_a_right_to_left_page(office):
    offer_at(office, "10115", name="Autohaus Yilmaz GmbH & Co. KG.")
    page = Client().get("/ar/offers/", {"plz": "10115"}).content.decode()
    assert "<bdi>Autohaus Yilmaz GmbH &amp; Co. KG.</bdi>" in page
    assert "<bdi>10115 Berlin</bdi>" in page
    assert re.search(r'<h3 dir="auto"><a href="/ar/offers/\d+/"', page)


def test_offer_page_isolates_the_company_and_the_german_occupation_name(office):
    offer = offer_at(office, "10115", name="Bäckerei Öz e.K.", website="")
    page = Client().get(f"/fa/offers/{offer.pk}/").content.decode()
    assert '<h2 id="o-facts" class="mt-title" dir="auto">Bäckerei Öz e.K.</h2>' in page
    assert "<bdi>Bäckerei Öz e.K.</bdi>" in page  # inside the translated "send it to …"
    assert re.search(r'<h1 class="mt-title" dir="auto"[^>]*>', page)


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_reasons_of_a_card_are_drawn_as_the_reasons_say_in_the_page_language(language):
    """reasons_html draws each distinct reason once per language; it says what reasons_out
    says, escaped, and marks the ones worth a warning."""
    from django.utils import translation
    from django.utils.html import format_html_join

    from kausa.matching.engine import Reason
    from kausa.matching.reasons import NOTICE_CODES, reasons_html, reasons_out

    reasons = (
        Reason("occupation_group", {}),
        Reason("distance", {"km": "3,5"}),
        Reason("german_bsk", {"have": "A2", "need": "B2"}),
        Reason("certificate_below", {"need": "intermediate"}),
        Reason("start_passed", {"start": 739_000}),
    )
    with translation.override(language):
        drawn = str(reasons_html(reasons))
        again = str(reasons_html(reasons))  # from what was kept
        expected = format_html_join(
            "",
            '<li class="mt-reason{}" data-code="{}">{}</li>',
            (
                (" mt-reason-notice" if r["notice"] else "", r["code"], r["text"])
                for r in reasons_out(reasons)
            ),
        )
    assert drawn == again == str(expected)
    assert drawn.count("mt-reason-notice") == len(NOTICE_CODES & {r.code for r in reasons}) == 3


# The card as the template drew it before it moved to Python (matching/cards.py).
CARD_TEMPLATE = (
    '{% load i18n %}{% translate "Start" as start_word %}{% translate "Save" as save_word %}'
    "{% for hit in hits %}"
    """<li class="card mt-hit">
      <h3 dir="auto"><a href="{{ hit.url }}"{% if hit.label_is_german %} lang="de"{% endif %}>{{ hit.label }}</a></h3>
      <p class="mt-company"><bdi>{{ hit.company_name }}</bdi> · <bdi>{{ hit.place }}</bdi> · <strong>{{ hit.km_text }}</strong></p>
      <p class="mt-start">{{ start_word }}: {{ hit.start }}</p>
      <ul class="mt-reasons">{{ hit.reasons_html }}</ul>
      <button type="button" class="button button-secondary button-small mt-save" data-save-offer hidden aria-pressed="false" data-id="{{ hit.offer_id }}" data-title="{{ hit.label }}"{% if hit.label_is_german %} data-title-lang="de"{% endif %} data-company="{{ hit.company_name }}" data-place="{{ hit.place }}" data-start="{{ hit.start_iso }}"><span class="mt-save-icon" aria-hidden="true"></span> {{ save_word }}<span class="visually-hidden">: {{ hit.label }}</span></button>
    </li>{% if not forloop.last %}
    {% endif %}{% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["de", "ar", "fa"])
def test_the_cards_drawn_in_python_are_the_cards_the_template_drew(language):
    from django.template import engines
    from django.utils import translation
    from django.utils.safestring import mark_safe

    from kausa.matching.cards import public_cards

    hits = [
        {
            "offer_id": 12345,
            "url": "/de/offers/12345/?a=1&b=2",
            "label": 'Koch/Köchin "Küche" <neu> & mehr',
            "label_is_german": True,
            "company_name": "Lokanta O'Brien & Söhne",
            "place": "10115 Berlin",
            "km_text": "3,5 km",
            "start": "1. August 2027",
            "start_iso": "2027-08-01",
            "reasons_html": mark_safe('<li class="mt-reason" data-code="distance">3,5 km</li>'),
        },
        {
            "offer_id": 7,
            "url": "/ar/offers/7/",
            "label": "طباخ",
            "label_is_german": False,
            "company_name": "شركة <b>",
            "place": "20095 Hamburg",
            "km_text": "12 km",
            "start": "",
            "start_iso": "",
            "reasons_html": mark_safe(""),
        },
    ]
    with translation.override(language):
        drawn = str(public_cards(hits))
        expected = engines["django"].from_string(CARD_TEMPLATE).render({"hits": hits})
    assert drawn == expected
    assert "&lt;neu&gt; &amp; mehr" in drawn and "<b>" not in drawn
