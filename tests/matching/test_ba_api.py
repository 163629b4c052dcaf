"""The live BA adapter, with a fake transport in place of the network."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from kausa.companies.models import Offer
from kausa.matching import ba_api
from kausa.matching.management.commands.fetch_ba_offers import Command

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "ba_jobsuche.json").read_text())


class FakeBa:
    def __init__(self, pages: list[list[dict]]) -> None:
        self.pages = pages
        self.calls: list[tuple[str, dict[str, str]]] = []

    def __call__(self, url: str, headers: dict[str, str]) -> bytes:
        self.calls.append((url, headers))
        page = int(parse_qs(urlsplit(url).query)["page"][0])
        items = self.pages[page - 1] if page <= len(self.pages) else []
        return json.dumps({"stellenangebote": items, "maxErgebnisse": 999}).encode()


def test_v4_asks_for_apprenticeships_around_a_place_and_pages_through():
    items = FIXTURE["stellenangebote"]
    fake = FakeBa([items[:2], items[2:3]])
    offers = ba_api.adapter_for("v4", transport=fake).fetch(wo="Jena", umkreis=30, size=2)
    assert len(offers) == 3
    url, headers = fake.calls[0]
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path.endswith("/pc/v4/jobs")
    assert query["angebotsart"] == ["4"] and query["wo"] == ["Jena"]
    assert query["umkreis"] == ["30"] and query["page"] == ["1"]
    assert headers["X-API-Key"] == "jobboerse-jobsuche"
    assert len(fake.calls) == 2, "stops after a short page"


def test_unknown_version_is_refused():
    with pytest.raises(ba_api.BaApiError, match="unknown BA API version"):
        ba_api.adapter_for("v3")


def test_not_json_is_a_clear_error():
    adapter = ba_api.adapter_for("v4", transport=lambda url, headers: b"<html>down</html>")
    with pytest.raises(ba_api.BaApiError, match="not JSON"):
        adapter.fetch(wo="Berlin")


@pytest.mark.django_db
def test_command_imports_the_fetched_offers_idempotently(office, monkeypatch):
    fake = FakeBa([FIXTURE["stellenangebote"]])
    monkeypatch.setattr(Command, "transport", fake, raising=False)
    call_command("fetch_ba_offers", wo="Jena", organisation=office.slug)
    first = Offer.objects.filter(source="ba-jobsuche").count()
    assert first >= 2
    call_command("fetch_ba_offers", wo="Jena", organisation=office.slug)
    assert Offer.objects.filter(source="ba-jobsuche").count() == first


@pytest.mark.django_db
def test_command_reports_an_unreachable_api_and_imports_nothing(office, monkeypatch):
    def down(url, headers):
        raise ba_api.BaApiError("BA Jobsuche not reachable: timed out")

    monkeypatch.setattr(Command, "transport", staticmethod(down), raising=False)
    with pytest.raises(CommandError, match=r"not reachable.*Nothing was imported"):
        call_command("fetch_ba_offers", wo="Jena", organisation=office.slug)
    assert not Offer.objects.exists()
