"""Template tags other apps may use: ambassadors next to offers / JOBWALK stations, and the
network companies of a showcase event. Usage:

    {% load network_tags %}
    {% ambassadors_for_occupation offer.occupation_id %}
    {% ambassadors_list station.ambassadors %}
    {% showcase_companies event.pk %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from kausa.network import selectors

register = template.Library()


@register.inclusion_tag("network/_ambassadors_for_occupation.html")
def ambassadors_for_occupation(occupation_id: int | None, limit: int = 3) -> dict[str, Any]:
    language = (get_language() or "de").split("-")[0]
    shown = selectors.ambassadors_shown_for([occupation_id], language=language, limit=limit)
    return {"ambassadors": shown.get(occupation_id or 0, [])}


@register.inclusion_tag("network/_ambassadors_for_occupation.html")
def ambassadors_list(ambassadors: list[Any]) -> dict[str, Any]:
    """The same box for ambassadors looked up beforehand (``ambassadors_shown_for``: one
    query for a page with many stations)."""
    return {"ambassadors": ambassadors}


@register.inclusion_tag("network/_event_companies.html")
def showcase_companies(event_id: int) -> dict[str, Any]:
    return {"profiles": list(selectors.event_companies(event_id)[:100])}
