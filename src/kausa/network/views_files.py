"""Uploaded files, served only after a permission check, as attachments (never MEDIA_URL)."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from kausa.network import selectors
from kausa.network.services.toolkit import download_count


def _attachment(
    field: FieldFile, content_type: str, name: str, *, private: bool = False
) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = mimetypes.guess_extension(content_type) or ""
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}{extension}", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    return response


def profile_logo(request: HttpRequest, pk: int) -> HttpResponseBase:
    profile = selectors.public_profile_get(pk=pk)
    return _attachment(profile.logo, profile.logo_type, f"logo-{profile.pk}")


def ambassador_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    ambassador = selectors.public_ambassador_get(pk=pk)
    if not ambassador.scope_photo:
        raise Http404
    return _attachment(ambassador.photo, ambassador.photo_type, f"ambassador-{ambassador.pk}")


def story_image(request: HttpRequest, pk: int) -> HttpResponseBase:
    image = selectors.story_image_get(user=request.user, pk=pk)
    private = image.story.status != image.story.Status.PUBLISHED
    return _attachment(image.file, image.file_type, f"story-{image.pk}", private=private)


def material_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    version = selectors.material_version_get(user=request.user, pk=pk)
    download_count(version=version)
    if not version.file:
        return redirect(version.link)
    stem = PurePath(version.material.title).stem[:60] or "material"
    safe = "".join(ch if ch.isalnum() else "-" for ch in stem).strip("-") or "material"
    return _attachment(
        version.file,
        version.file_type,
        f"{safe}-{version.language_id}",
        private=not version.material.is_public,
    )
