"""Small helpers the network and award pages share: the page language, service errors put
back on a form, the per-address limit on public forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kausa.network import spam

FORM_LIMIT_PER_HOUR = 5


def lang() -> str:
    return (get_language() or "de").split("-")[0]


def add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def too_many(request: HttpRequest, form: Any, scope: str) -> bool:
    if spam.rate_limited(request, scope, limit=FORM_LIMIT_PER_HOUR):
        form.add_error(None, _("Too many requests from your address. Please try again later."))
        return True
    return False
