"""Text of one direction inside a page of the other: a German name on an Arabic page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bdi(value: Any) -> SafeString:
    """The value (escaped) isolated in <bdi>, so that its own direction decides where its
    punctuation goes ("Autohaus Yilmaz GmbH & Co. KG" keeps its full stop at its right end
    in a right-to-left sentence). For values put into {% blocktranslate %}."""
    return format_html("<bdi>{}</bdi>", value)
