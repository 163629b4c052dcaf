"""Parent-work toolkit: materials with language versions, download counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.network.models import Material, MaterialDownload, MaterialVersion, Topic
from kausa.network.uploads import check_document

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation, User


@transaction.atomic
def material_create(
    *,
    user: User | None,
    organisation: Organisation,
    title: str,
    description: str,
    format: str,
    audience: str,
    is_public: bool,
    topic_slugs: tuple[str, ...] = (),
) -> Material:
    require_edit_access(user, organisation.pk)
    material = Material(
        organisation=organisation,
        title=title.strip(),
        description=description.strip(),
        format=format,
        audience=audience,
        is_public=is_public,
    )
    material.full_clean()
    material.save()
    material.topics.set(Topic.objects.filter(slug__in=topic_slugs))
    audit(actor=user, action="create", obj=material)
    return material


@transaction.atomic
def material_version_set(
    *,
    user: User | None,
    material: Material,
    language_code: str,
    title: str = "",
    upload: UploadedFile | None = None,
    link: str = "",
) -> MaterialVersion:
    require_edit_access(user, material.organisation_id)
    if upload is None and not link:
        raise ValidationError(_("Upload a file or give a link."))
    version = MaterialVersion.objects.filter(
        material=material, language_id=language_code
    ).first() or MaterialVersion(material=material, language_id=language_code)
    version.title = title.strip()
    version.link = link
    if upload is not None:
        content_type = check_document(upload)
        if version.file:
            version.file.delete(save=False)
        version.file.save(
            f"{material.pk}-{language_code}-{timezone.now():%Y%m%d%H%M%S}", upload, save=False
        )
        version.file_type = content_type
    version.save()
    return version


def download_count(*, version: MaterialVersion) -> None:
    """One more download of this language version today (atomic under concurrency)."""
    today = timezone.localdate()
    updated = MaterialDownload.objects.filter(version=version, day=today).update(
        count=F("count") + 1
    )
    if not updated:
        with transaction.atomic():
            row, created = MaterialDownload.objects.select_for_update().get_or_create(
                version=version, day=today, defaults={"count": 1}
            )
            if not created:
                MaterialDownload.objects.filter(pk=row.pk).update(count=F("count") + 1)
