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


@register.inclusion_tag("reference/occupation_description.html")
def occupation_description(occupation: Any, css_class: str = "") -> dict[str, Any]:
    """The occupation's plain-language description in the active language, else in German
    (marked lang="de"); nothing if it has none."""
    text, language = occupation_names.occupation_description(occupation, get_language())
    return {
        "text": text,
        "language": language,
        "foreign": language != occupation_names.base_language(get_language()),
        "css_class": css_class,
    }


@register.inclusion_tag("reference/occupation_item.html")
def occupation_item(occupation: Any) -> dict[str, Any]:
    """The occupation's name in the active language; with its description, if it has one,
    to open below the name."""
    language = get_language()
    label = occupation_names.occupation_label(occupation, language)
    text, text_language = occupation_names.occupation_description(occupation, language)
    return {
        "label": label,
        "label_german": label == occupation_names.occupation_label(occupation, "de")
        and occupation_names.base_language(language) != "de",
        "text": text,
        "language": text_language,
        "foreign": text_language != occupation_names.base_language(language),
    }


@register.filter
def language_names(codes: Any) -> list[str]:
    """The names of ISO language codes in the page's language (German or English)."""
    from kausa.reference.selectors import all_language_names

    german = (get_language() or "de").startswith("de")
    table = all_language_names()
    return [table.get(str(code), (str(code), str(code)))[0 if german else 1] for code in codes]
