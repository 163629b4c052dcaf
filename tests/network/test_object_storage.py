"""Uploaded files in S3-compatible object storage (moto stands in for the service)."""

from __future__ import annotations

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto import mock_aws

from kausa.core.file_storage import S3_BACKEND
from kausa.network.models import MaterialVersion
from kausa.network.services.network import profile_logo_set
from kausa.network.services.toolkit import material_create
from tests.conftest import login
from tests.network.factories import PDF_BYTES, ProfileFactory, png_bytes, png_upload

pytestmark = pytest.mark.django_db

BUCKET = "kausa-test-uploads"


@pytest.fixture
def bucket(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="eu-central-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        settings.STORAGES = settings.STORAGES | {
            "default": {
                "BACKEND": S3_BACKEND,
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "access_key": "testing",
                    "secret_key": "testing",
                    "region_name": "eu-central-1",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            }
        }
        yield client


def _keys(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_restricted_toolkit_file_goes_to_the_bucket_and_is_served_from_it(bucket, office, advisor):
    material = material_create(
        user=advisor,
        organisation=office,
        title="Elternbrief",
        description="Für Eltern",
        format="handout",
        audience="parents",
        is_public=False,
    )
    client = login(advisor)
    upload = SimpleUploadedFile("brief.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(f"/en/staff/toolkit/{material.pk}/", {"language": "de", "file": upload})
    assert response.status_code == 302
    version = MaterialVersion.objects.get(material=material)
    assert _keys(bucket) == [version.file.name]
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=version.file.name)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]  # owner only

    download = client.get(f"/en/toolkit/files/{version.pk}/")
    assert download.status_code == 200
    assert _body(download) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Length"] == str(len(PDF_BYTES))
    assert Client().get(f"/en/toolkit/files/{version.pk}/").status_code == 404


def test_file_missing_from_the_bucket_answers_404(bucket, office):
    profile = ProfileFactory(company__organisation=office)
    profile_logo_set(user=None, profile=profile, upload=png_upload(), alt_text="Logo")
    assert Client().get(f"/en/network/companies/{profile.pk}/logo").status_code == 200
    bucket.delete_object(Bucket=BUCKET, Key=profile.logo.name)
    assert Client().get(f"/en/network/companies/{profile.pk}/logo").status_code == 404


def test_a_new_logo_replaces_the_old_object_in_the_bucket(bucket, office):
    profile = ProfileFactory(company__organisation=office)
    profile_logo_set(user=None, profile=profile, upload=png_upload(), alt_text="Logo")
    second = png_bytes((16, 16))
    profile_logo_set(
        user=None, profile=profile, upload=SimpleUploadedFile("b.png", second), alt_text="Logo"
    )
    assert _keys(bucket) == [profile.logo.name]  # the first logo's object is gone
    stored = bucket.get_object(Bucket=BUCKET, Key=profile.logo.name)["Body"].read()
    assert stored == second
