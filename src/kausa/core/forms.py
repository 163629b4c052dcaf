"""Helpers for forms."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from kausa.core.converters import MAX_ID

F = TypeVar("F", bound=forms.Field)

_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _beyond_64_bits(text: str) -> bool:
    if not _WHOLE_NUMBER.fullmatch(text):
        return False  # not a number at all: Django answers "not a valid value" itself
    digits = text.removeprefix("-").lstrip("0")
    limit = MAX_ID + 1 if text.startswith("-") else MAX_ID  # a bigint: -2**63 … 2**63-1
    return len(digits) > len(str(limit)) or int(digits or "0") > limit


def form_field(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """``form.fields[name]`` as the field class it was declared with, e.g. to set its choices
    or queryset in ``__init__`` (``form.fields`` only promises a plain ``Field``)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name!r} is a {type(field).__name__}, not a {kind.__name__}")
    return field


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses an id no column holds as a wrong choice.

    Django looks the ids up with ``pk__in``, which (unlike ``pk=``) sends a number beyond
    64 bits to the database: ``OverflowError`` on SQLite, a 500 instead of a form error.
    """

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple) and self._by_integer_pk():
            for pk in value:
                if _beyond_64_bits(str(pk).strip()):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super().clean(value)

    def _by_integer_pk(self) -> bool:
        queryset = self.queryset
        return (
            self.to_field_name is None
            and queryset is not None
            and isinstance(queryset.model._meta.pk, models.IntegerField)
        )


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, fields: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message on the field of that name
    (or the one ``fields`` maps a model field to), the rest above the form. Django's own
    ``add_error`` raises for a name the form does not have, which would be a 500."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, errors)
