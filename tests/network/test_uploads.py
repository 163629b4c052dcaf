"""Uploads: size limit, type by content, served only after a permission check as attachments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from kausa.network.models import MaterialDownload
from kausa.network.services.network import profile_logo_set
from kausa.network.uploads import MAX_IMAGE_BYTES, check_document, check_image
from tests.conftest import login
from tests.network.factories import PDF_BYTES, ProfileFactory, material, png_bytes, png_upload

pytestmark = pytest.mark.django_db


def test_real_png_is_accepted():
    assert check_image(png_upload()) == "image/png"


def test_script_named_png_is_refused():
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError):
        check_image(fake)


def test_pdf_is_not_an_image_and_html_is_not_a_pdf():
    with pytest.raises(ValidationError):
        check_image(SimpleUploadedFile("x.jpg", PDF_BYTES, content_type="image/jpeg"))
    assert check_document(SimpleUploadedFile("x.pdf", PDF_BYTES)) == "application/pdf"
    with pytest.raises(ValidationError):
        check_document(
            SimpleUploadedFile("x.pdf", b"<html>hi</html>", content_type="application/pdf")
        )


def test_too_large_upload_is_refused():
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (MAX_IMAGE_BYTES + 1))
    with translation.override("en"), pytest.raises(ValidationError, match="too large"):
        check_image(big)


def test_logo_upload_page_rejects_bad_file_and_saves_nothing(office, advisor):
    profile = ProfileFactory(company__organisation=office)
    client = login(advisor)
    bad = SimpleUploadedFile("logo.png", b"GIF89a not really", content_type="image/png")
    response = client.post(f"/en/staff/network/{profile.pk}/", {"logo": bad, "logo_alt": "Logo"})
    assert response.status_code == 200
    profile.refresh_from_db()
    assert not profile.logo
    good = client.post(
        f"/en/staff/network/{profile.pk}/", {"logo": png_upload(), "logo_alt": "Logo"}
    )
    assert good.status_code == 302
    profile.refresh_from_db()
    assert profile.logo and profile.logo_type == "image/png"


def test_logo_needs_alt_text(office):
    profile = ProfileFactory(company__organisation=office)
    with pytest.raises(ValidationError):
        profile_logo_set(user=None, profile=profile, upload=png_upload(), alt_text=" ")


def test_logo_is_served_as_attachment_with_checked_type(office):
    profile = ProfileFactory(company__organisation=office)
    profile_logo_set(user=None, profile=profile, upload=png_upload(), alt_text="Logo")
    response = Client().get(f"/en/network/companies/{profile.pk}/logo")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "/media/" not in Client().get(f"/en/network/companies/{profile.pk}/").content.decode()


def test_restricted_material_only_for_multipliers_and_staff(office, partner, advisor):
    _m, version = material(office, public=False)
    url = f"/en/toolkit/files/{version.pk}/"
    assert Client().get(url).status_code == 404
    assert "Elternbrief" not in Client().get("/en/toolkit/").content.decode()
    response = login(partner).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert "Elternbrief" in login(partner).get("/en/toolkit/").content.decode()
    assert login(advisor).get(url).status_code == 200


def test_downloads_are_counted_per_language(office, coordinator):
    _m, german = material(office, public=True, language="de")
    _m2, arabic = material(office, public=True, language="ar", title="Elternbrief AR")
    client = Client()
    for _ in range(3):
        client.get(f"/en/toolkit/files/{german.pk}/")
    client.get(f"/en/toolkit/files/{arabic.pk}/")
    assert MaterialDownload.objects.get(version=german).count == 3
    from kausa.network.selectors import download_counts

    counts = {row["version__language_id"]: row["downloads"] for row in download_counts(coordinator)}
    assert counts == {"ar": 1, "de": 3}
    assert download_counts(None) == []


def test_toolkit_filters_by_language_and_topic(office):
    from kausa.network.models import Topic

    _german, _v = material(office, language="de", title="Deutsch Material")
    arabic, _v2 = material(office, language="ar", title="Arabisch Material")
    topic = Topic.objects.create(slug="bewerbung", name="Bewerbung")
    arabic.topics.add(topic)
    client = Client()
    page = client.get("/en/toolkit/?language=ar").content.decode()
    assert "Arabisch Material" in page and "Deutsch Material" not in page
    page = client.get("/en/toolkit/?topic=bewerbung").content.decode()
    assert "Arabisch Material" in page and "Deutsch Material" not in page
    api = client.get("/api/v1/toolkit/materials?language=de").json()
    assert [m["title"] for m in api] == ["Deutsch Material"]
    assert client.get("/api/v1/toolkit/materials?audience=aliens").status_code == 400


def test_admin_of_other_office_profile_is_404_and_files_are_read_only(
    office, advisor, other_office_advisor
):
    profile = ProfileFactory(company__organisation=office)
    url = f"/de/admin/network/networkprofile/{profile.pk}/change/"
    assert login(other_office_advisor).get(url).status_code == 404
    page = login(advisor).get(url)
    assert page.status_code == 200
    assert 'type="file"' not in page.content.decode()
