"""Staff pages for ambassadors and toolkit materials: uploads checked, own office only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kausa.network.models import Ambassador, Material, MaterialVersion
from tests.conftest import login
from tests.factories import occupation
from tests.network.factories import PDF_BYTES, material, png_upload

pytestmark = pytest.mark.django_db


def _ambassador_data(**overrides):
    return {
        "first_name": "Nour",
        "occupation": occupation().pk,
        "status": "trainee",
        "languages": ["ar", "de"],
        "story_de": "Meine Geschichte",
        "scope_photo": "on",
        "scope_next_to_offers": "on",
        "consent_language": "ar",
        "consent": "on",
    } | overrides


def test_advisor_creates_ambassador_with_photo_and_consent(office, advisor):
    response = login(advisor).post(
        "/en/staff/ambassadors/new/", _ambassador_data(photo=png_upload())
    )
    assert response.status_code == 302
    ambassador = Ambassador.objects.get(first_name="Nour")
    assert ambassador.organisation == office and ambassador.has_consent
    assert ambassador.consent_language == "ar" and ambassador.photo_type == "image/png"


def test_bad_photo_saves_no_ambassador(office, advisor):
    fake = SimpleUploadedFile("p.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    response = login(advisor).post("/en/staff/ambassadors/new/", _ambassador_data(photo=fake))
    assert response.status_code == 200
    assert not Ambassador.objects.exists()


def test_advisor_creates_material_and_uploads_pdf(office, advisor):
    client = login(advisor)
    response = client.post(
        "/en/staff/toolkit/new/",
        {
            "title": "Elternbrief",
            "description": "D",
            "format": "handout",
            "audience": "parents",
            "is_public": "on",
        },
    )
    created = Material.objects.get(title="Elternbrief")
    assert response.status_code == 302 and created.organisation == office
    url = f"/en/staff/toolkit/{created.pk}/"
    html = SimpleUploadedFile("x.pdf", b"<html><script>1</script>", content_type="application/pdf")
    assert client.post(url, {"language": "tr", "file": html}).status_code == 200
    assert not MaterialVersion.objects.exists()
    pdf = SimpleUploadedFile("x.pdf", PDF_BYTES, content_type="application/pdf")
    assert client.post(url, {"language": "tr", "file": pdf}).status_code == 302
    assert MaterialVersion.objects.get().file_type == "application/pdf"
    assert client.post(url, {"language": "ar"}).status_code == 200  # neither file nor link


def test_other_office_cannot_open_material(office, other_office_advisor):
    item, _version = material(office)
    assert login(other_office_advisor).get(f"/en/staff/toolkit/{item.pk}/").status_code == 404
