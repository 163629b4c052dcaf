"""Upload checks: size limit and type by content (Pillow for images, magic bytes for PDF)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000


def _check_size(upload: UploadedFile, limit: int) -> None:
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        )


def check_image(upload: UploadedFile, *, limit: int = MAX_IMAGE_BYTES) -> str:
    """Return the image's content type, or raise ValidationError. The name does not count."""
    from PIL import Image, UnidentifiedImageError

    _check_size(upload, limit)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This is not a picture (JPEG, PNG or WebP).")) from None
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES:
        raise ValidationError(_("This is not a picture (JPEG, PNG or WebP)."))
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The picture has too many pixels."))
    return IMAGE_TYPES[kind]


def check_document(upload: UploadedFile, *, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """Toolkit files: PDF (by its magic bytes) or a picture; return the content type."""
    _check_size(upload, limit)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "application/pdf"
    try:
        return check_image(upload, limit=limit)
    except ValidationError:
        raise ValidationError(_("Only PDF files and pictures can be uploaded.")) from None
