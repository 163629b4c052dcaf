"""Keep and share (issue 16, item 2): the order of the results and the start-date filter on
the search page, in the selector and in the API; "Save" and "My offers"; the share link and
its QR code."""

from __future__ import annotations

import datetime as dt
import io
import re
import urllib.parse

import pytest
import segno
from defusedxml import ElementTree
from django.test import Client
from PIL import Image

from kausa.matching import selectors
from tests.matching.factories import offer_at

pytestmark = pytest.mark.django_db

AUG = dt.date(2027, 8, 1)
SEP = dt.date(2027, 9, 1)
JAN = dt.date(2028, 1, 15)


@pytest.fixture
def offers(office):
    """Near Berlin-Mitte: the occupation asked for far away, others nearer, starts apart."""
    return {
        "mitte": offer_at(office, "10115", occ="Verkäufer/in", start=JAN),  # ~0 km
        "kreuzberg": offer_at(office, "10969", start=SEP),  # ~3 km, the occupation asked for
        "potsdam": offer_at(office, "14467", start=AUG),  # ~27 km
        "pankow": offer_at(office, "13187", occ="Verkäufer/in", start=AUG),  # ~5 km
    }


def search(**params) -> list[int]:
    origin = selectors.origin_for(plz="10115")
    defaults = {"origin": origin, "radius_km": 50.0, "query": "", "limit": 20}
    result = selectors.offer_search(**(defaults | params))
    return [hit.offer.pk for hit in result.hits]


def test_selector_orders_by_score_distance_or_start(offers):
    o = {name: offer.pk for name, offer in offers.items()}
    best = search(query="Kfz-Mechatroniker")
    assert set(best) == {o["kreuzberg"], o["potsdam"]}
    assert search(sort="distance") == [o["mitte"], o["kreuzberg"], o["pankow"], o["potsdam"]]
    by_start = search(sort="start")
    assert set(by_start[:2]) == {o["potsdam"], o["pankow"]}
    assert by_start[2:] == [o["kreuzberg"], o["mitte"]]
    assert search(sort="score") == search()


def test_selector_filters_by_start_and_pages_agree(offers):
    o = {name: offer.pk for name, offer in offers.items()}
    assert search(start_from=SEP, sort="distance") == [o["mitte"], o["kreuzberg"]]
    assert search(start_until=SEP, sort="distance") == [o["kreuzberg"], o["pankow"], o["potsdam"]]
    assert search(start_from=SEP, start_until=SEP) == [o["kreuzberg"]]
    whole = search(sort="distance")
    pages = [search(sort="distance", limit=1, offset=i) for i in range(4)]
    assert [p[0] for p in pages] == whole


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "price"}, "sort must be one of score, distance, start"),
        ({"start_from": JAN, "start_until": AUG}, "must not be later than"),
    ],
)
def test_selector_refuses_bad_order_or_window(offers, params, message):
    with pytest.raises(selectors.SearchError, match=message):
        search(**params)


# --- the search page --------------------------------------------------------------------------


def hit_titles(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<h3 dir="auto"><a href="/en/offers/(\d+)/"', page)]


def test_search_form_has_the_order_and_the_start_dates():
    page = Client().get("/en/offers/").content.decode()
    assert '<select name="sort"' in page
    for value, label in [
        ("score", "Best fit"),
        ("distance", "Nearest first"),
        ("start", "Earliest start first"),
    ]:
        assert f'<option value="{value}"' in page and label in page
    assert re.search(r'<input type="date" name="start_from"[^>]*id="id_start_from"', page)
    assert re.search(r'<input type="date" name="start_until"[^>]*id="id_start_until"', page)
    assert '<label for="id_start_from">Start at the earliest on</label>' in page


def test_search_page_sorts_filters_and_offers_the_other_orders_as_links(offers):
    o = {name: offer.pk for name, offer in offers.items()}
    client = Client()
    page = client.get(
        "/en/offers/", {"plz": "10115", "radius_km": 50, "sort": "distance"}
    ).content.decode()
    assert hit_titles(page) == [o["mitte"], o["kreuzberg"], o["pankow"], o["potsdam"]]
    nav = re.search(r'<nav class="mt-sort".*?</nav>', page, re.S).group(0)
    links = re.findall(r'<a (aria-current="true" )?href="\?([^"]+)">([^<]+)</a>', nav)
    assert [label for _cur, _q, label in links] == [
        "Best fit",
        "Nearest first",
        "Earliest start first",
    ]
    assert [bool(cur) for cur, _q, _label in links] == [False, True, False]
    start_query = urllib.parse.parse_qs(links[2][1].replace("&amp;", "&"))
    assert start_query["sort"] == ["start"] and start_query["plz"] == ["10115"]
    assert "page" not in start_query
    page = client.get(
        "/en/offers/",
        {"plz": "10115", "radius_km": 50, "sort": "distance", "start_from": "2027-09-01"},
    ).content.decode()
    assert hit_titles(page) == [o["mitte"], o["kreuzberg"]]
    assert "2 offers near" in page
    assert 'value="2027-09-01"' in page  # the date stays in the form


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"sort": "price"}, "Select a valid choice"),
        ({"start_from": "morgen"}, "Enter a valid date"),
        ({"start_until": "2027-02-30"}, "Enter a valid date"),
        (
            {"start_from": "2028-01-01", "start_until": "2027-08-01"},
            "The latest start must not be before the earliest start.",
        ),
    ],
)
def test_bad_order_or_dates_show_the_form_again_with_the_error(offers, params, error):
    response = Client().get("/en/offers/", {"plz": "10115"} | params)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert 'class="field-error"' in page
    assert "results-title" not in page  # no results for a search that was not understood


def test_results_have_a_save_button_hidden_until_the_script_shows_it(offers):
    page = Client().get("/en/offers/", {"plz": "10115", "radius_km": 50}).content.decode()
    buttons = re.findall(r"<button [^>]*data-save-offer[^>]*>.*?</button>", page, re.S)
    assert len(buttons) == 4
    first = buttons[0]
    assert 'type="button"' in first and " hidden" in first and 'aria-pressed="false"' in first
    pk = offers["mitte"].pk
    mitte = next(b for b in buttons if f'data-id="{pk}"' in b)
    assert 'data-company="' in mitte and 'data-place="10115 Berlin"' in mitte
    assert 'data-start="2028-01-15"' in mitte
    assert "Save" in mitte and '<span class="visually-hidden">: ' in mitte
    assert 'href="/en/offers/saved/"' in page  # "My offers"
    config = re.search(r"<div hidden data-saved-config[^>]*>", page).group(0)
    assert 'data-sw-url="/en/offers/sw.js"' in config
    assert 'data-offer-url="/en/offers/999999999/"' in config
    assert "offers-saved.js" in page


def test_my_offers_page_is_drawn_from_the_device_and_says_so_without_a_script():
    response = Client().get("/de/offers/saved/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "data-saved-list" in page
    assert '<template id="saved-offer-item">' in page
    assert "<noscript>" in page
    assert "offers-saved.js" in page
    assert "csrfmiddlewaretoken" not in page  # the same page for everyone: nothing personal


def test_service_worker_is_served_for_the_offer_pages():
    response = Client().get("/en/offers/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert "kausa-offers-v1" in response.content.decode()


# --- the offer page: save and share -----------------------------------------------------------


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://kausa.example.org"
    return settings.SITE_URL


def qr_matrix(url: str) -> list[list[bool]]:
    return [[bool(cell) for cell in row] for row in segno.make(url, error="m").matrix]


def test_offer_page_shares_its_absolute_link_and_a_qr_code_of_it(offers, site):
    offer = offers["kreuzberg"]
    page = Client().get(f"/uk/offers/{offer.pk}/").content.decode()
    url = f"https://kausa.example.org/uk/offers/{offer.pk}/"
    assert re.search(rf'<input type="url" id="share-url" value="{re.escape(url)}" readonly', page)
    assert re.search(r"<button [^>]*data-share-native hidden", page)
    assert re.search(r"<button [^>]*data-share-copy hidden", page)
    assert re.search(r"<button [^>]*data-save-offer hidden", page)
    assert 'href="/uk/offers/saved/"' in page
    src = re.search(r'<img src="(data:image/svg\+xml[^"]+)"[^>]*data-share-qr', page).group(1)
    assert src == segno.make(url, error="m").svg_data_uri(scale=5, border=2)
    # the SVG is well-formed XML with the code's modules drawn as one path
    svg = urllib.parse.unquote(src.split(",", 1)[1])
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert root.find("{http://www.w3.org/2000/svg}path") is not None
    assert f'/uk/offers/{offer.pk}/qr.png" download' in page


def test_qr_png_holds_the_modules_of_the_offer_link(offers, site):
    offer = offers["kreuzberg"]
    response = Client().get(f"/de/offers/{offer.pk}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]
    image = Image.open(io.BytesIO(response.content)).convert("L")
    expected = qr_matrix(f"https://kausa.example.org/de/offers/{offer.pk}/")
    scale, border = 8, 4
    assert image.size == ((len(expected) + 2 * border) * scale,) * 2
    # read the image back module by module (the centre pixel of each): the same code
    read = [
        [
            image.getpixel(((x + border) * scale + scale // 2, (y + border) * scale + scale // 2))
            < 128
            for x in range(len(expected))
        ]
        for y in range(len(expected))
    ]
    assert read == expected


def test_qr_of_a_closed_offer_is_not_found(offers):
    offer = offers["potsdam"]
    offer.status = "withdrawn"
    offer.save()
    assert Client().get(f"/de/offers/{offer.pk}/qr.png").status_code == 404


# --- the API ------------------------------------------------------------------------------------


def api_ids(**params) -> list[int]:
    response = Client().get("/api/v1/offers", {"plz": "10115", "radius_km": 50} | params)
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["results"]]


def test_api_sorts_and_filters_by_start(offers):
    o = {name: offer.pk for name, offer in offers.items()}
    assert api_ids(sort="distance") == [o["mitte"], o["kreuzberg"], o["pankow"], o["potsdam"]]
    assert api_ids(sort="start")[2:] == [o["kreuzberg"], o["mitte"]]
    assert api_ids(sort="distance", start_from="2027-09-01") == [o["mitte"], o["kreuzberg"]]
    assert api_ids(sort="distance", start_until="2027-08-31") == [o["pankow"], o["potsdam"]]
    assert api_ids(sort="distance", limit=1, offset=2) == [o["pankow"]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "price"}, "sort: Input should be 'score', 'distance' or 'start'"),
        ({"start_from": "tomorrow"}, "start_from"),
        ({"start_until": "2027-13-01"}, "start_until"),
        (
            {"start_from": "2028-01-01", "start_until": "2027-08-01"},
            "start_from (2028-01-01) must not be later than start_until (2027-08-01)",
        ),
    ],
)
def test_api_bad_order_or_dates_give_422_with_a_clear_message(params, message):
    response = Client().get("/api/v1/offers", {"plz": "10115"} | params)
    assert response.status_code == 422
    assert message in response.json()["detail"]
