"""Template helpers for reference data: {% load reference_tags %}."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from kausa.reference import occupation_names

register = template.Library()


@register.filter
def occupation_label(occupation: Any) -> str:
    """The occupation's name in the active language, else its German short name.

    Takes an Occupation, a public offer dict's occupation or a short name."""
    return occupation_names.occupation_label(occupation, get_language())
