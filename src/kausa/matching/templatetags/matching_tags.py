from __future__ import annotations

from django import template

from kausa.matching.selectors import small_count

register = template.Library()


@register.filter
def small(value: int) -> str:
    """Counts under 5 (above 0) as '<5'."""
    return small_count(int(value))
