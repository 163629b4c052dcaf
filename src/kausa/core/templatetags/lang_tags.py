"""Text that exists only in another language than the page's: marked with its ``lang`` and a
short note, so a reader of the Arabic page knows the event text below is German (and a
screen reader pronounces it as German)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

register = template.Library()

# the names of the languages in their own script: the "only in" note and the language switcher
NATIVE = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "uk": "Українська",
    "fa": "فارسی",
    "ru": "Русский",
}


def text_direction(language: str) -> str:
    return "rtl" if language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"


def is_foreign(language: str | None) -> bool:
    page = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if not language:
        return False
    return language.split("-")[0] != page


@register.simple_tag
def lang_attrs(language: str | None, direction: str = "") -> SafeString:
    """`` lang="de" dir="ltr"`` for an element holding text in another language than the
    page's; else only ``direction`` as its ``dir`` (e.g. "auto"), or nothing."""
    if not language or not is_foreign(language):
        return format_html(' dir="{}"', direction) if direction else SafeString("")
    return format_html(' lang="{}" dir="{}"', language, text_direction(language))


@register.simple_tag
def only_in(language: str | None) -> SafeString:
    """A short note "only in German" when the text is not in the page's language."""
    if not language or not is_foreign(language):
        return SafeString("")
    code = language.split("-")[0]
    if code == "de":
        words = gettext("only in German")
        return format_html('<span class="lang-note">{}</span>', words)
    name = NATIVE.get(code, code)
    return format_html(
        '<span class="lang-note">{} <span lang="{}" dir="{}">{}</span></span>',
        gettext("only in:"),
        code,
        text_direction(code),
        name,
    )


@register.simple_tag
def missing_languages(rows: Iterable[Any], original: str = "de") -> list[tuple[str, str]]:
    """The site's languages (code, own name) that none of ``rows`` (translations with a
    ``language``) covers, leaving out the original's: what staff still have to translate."""
    done = {getattr(row, "language", row) for row in rows} | {original}
    return [
        (code, NATIVE.get(code, code)) for code, _name in settings.LANGUAGES if code not in done
    ]
