"""The result cards of the public offer search, drawn in Python.

The search page shows up to 20 cards on every visit; through the template each card cost
about 17 variable lookups and escapes (1 ms of the page's 5-6 ms, issue 17). Here a card is
one format string with every value escaped. The markup is the template's: tests/matching/
test_public_search_page.py renders the template version next to this one and compares.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kausa.core.html import text as _text


def public_card(hit: dict[str, Any], start_word: str, save_word: str) -> str:
    """One <li> of the result list (hit: matching.views._public_hit_view)."""
    label = _text(hit["label"])
    company = _text(hit["company_name"])
    place = _text(hit["place"])
    lang = ' lang="de"' if hit["label_is_german"] else ""
    title_lang = ' data-title-lang="de"' if hit["label_is_german"] else ""
    return (
        '<li class="card mt-hit">\n'
        f'      <h3 dir="auto"><a href="{_text(hit["url"])}"{lang}>'
        f"{label}</a></h3>\n"
        f'      <p class="mt-company"><bdi>{company}</bdi> · <bdi>{place}</bdi> · '
        f"<strong>{_text(hit['km_text'])}</strong></p>\n"
        f'      <p class="mt-start">{start_word}: {_text(hit["start"])}</p>\n'
        f'      <ul class="mt-reasons">{_text(hit["reasons_html"])}</ul>\n'
        '      <button type="button" class="button button-secondary button-small mt-save" '
        f'data-save-offer hidden aria-pressed="false" data-id="{_text(hit["offer_id"])}" '
        f'data-title="{label}"{title_lang} '
        f'data-company="{company}" data-place="{place}" data-start="{_text(hit["start_iso"])}">'
        f'<span class="mt-save-icon" aria-hidden="true"></span> {save_word}'
        f'<span class="visually-hidden">: {label}</span></button>\n'
        "    </li>"
    )


def public_cards(hits: list[dict[str, Any]]) -> SafeString:
    """The cards of a result page, in the active language."""
    start_word, save_word = _text(_("Start")), _text(_("Save"))
    return mark_safe(  # noqa: S308  (every value is escaped in public_card)
        "\n    ".join(public_card(hit, start_word, save_word) for hit in hits)
    )
