"""Two offices import overlapping BA files: one shared catalogue, nothing moves (issue 12)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from kausa.accounts.models import Membership, Organisation
from kausa.companies.models import Company, Offer
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
BERLIN_FILE = Path(__file__).parent / "fixtures" / "ba_jobsuche_berlin.json"


def run(path: Path, organisation: str, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "import_offers",
        str(path),
        "--format",
        "ba-jobsuche",
        "--organisation",
        organisation,
        "--report",
        str(path.with_suffix(".report.csv")),
        *extra,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


@pytest.fixture
def berlin(db) -> Organisation:
    return OrganisationFactory(
        name="KAUSA Landesstelle Berlin", slug="ls-berlin", kind="landesstelle", state="BE"
    )


@pytest.fixture
def jena(db) -> Organisation:
    return OrganisationFactory(
        name="KAUSA Servicestelle Jena", slug="ss-jena", state="TH", city="Jena"
    )


def _advisor(organisation: Organisation):
    user = UserFactory(is_staff=True)
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.ADVISOR)
    return user


def test_a_second_office_importing_the_same_file_moves_nothing(berlin, jena, tmp_path, client):
    path = tmp_path / "ba.json"
    path.write_bytes(BERLIN_FILE.read_bytes())
    first = run(path, "ls-berlin")
    assert "29 created, 0 updated" in first
    before = dict(Offer.objects.values_list("external_id", "organisation_id"))
    companies = dict(Company.objects.values_list("id", "organisation_id"))
    assert set(before.values()) == set(companies.values()) == {berlin.pk}

    second = run(path, "ss-jena")
    assert "0 created, 0 updated" in second
    assert "already in the catalogue: 29" in second
    # 0 moved: every offer and company stays with Berlin
    assert dict(Offer.objects.values_list("external_id", "organisation_id")) == before
    assert dict(Company.objects.values_list("id", "organisation_id")) == companies
    assert Offer.objects.count() == 29

    # Berlin's advisor still opens the company of an offer Berlin imported
    offer = Offer.objects.get(external_id="10000-1184867201-S")
    client.force_login(_advisor(berlin))
    page = client.get(reverse("workspace:company_detail", args=[offer.company_id]))
    assert page.status_code == 200 and offer.company.name in page.content.decode()

    # Jena's advisor sees the offers in matching and on their pages like its own
    client.force_login(_advisor(jena))
    assert client.get(reverse("matching:offer_detail", args=[offer.pk])).status_code == 200
    staff = client.get(reverse("matching:staff_offer_candidates", args=[offer.pk]))
    assert staff.status_code == 200
    search = client.get(reverse("matching:offer_search"), {"plz": "10115", "radius": 25})
    assert search.status_code == 200
    assert "Hausverwaltung Demir GmbH" in search.content.decode()
    # the company page is the office's that looks after it (contact data): not Jena's
    page = client.get(reverse("workspace:company_detail", args=[offer.company_id]))
    assert page.status_code == 404


def test_a_full_feed_of_one_office_keeps_what_the_other_still_lists(berlin, jena, tmp_path):
    import json

    path = tmp_path / "ba.json"
    path.write_bytes(BERLIN_FILE.read_bytes())
    run(path, "ls-berlin")
    run(path, "ss-jena")
    payload = json.loads(path.read_text())
    payload["stellenangebote"] = payload["stellenangebote"][1:]  # the first one is gone
    path.write_text(json.dumps(payload))
    gone = "10000-1184867201-S"
    assert "0 withdrawn" in run(path, "ss-jena", "--full")  # Berlin's feed still lists it
    assert Offer.objects.get(external_id=gone).status == "open"
    assert "1 withdrawn" in run(path, "ls-berlin", "--full")  # now no feed lists it
    assert Offer.objects.get(external_id=gone).status == "withdrawn"
    assert Offer.objects.filter(status="open").count() == 28
