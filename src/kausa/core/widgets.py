"""Form widgets that render long option lists without one template per option.

Django renders each <option> through a template, which costs milliseconds for the
occupation list (300+ entries) on every page that shows it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = "".join(
                f'<option value="{escape(o["value"])}"{" selected" if o["selected"] else ""}>'
                f"{escape(o['label'])}</option>"
                for o in options
            )
            parts.append(
                f'<optgroup label="{escape(group_name)}">{rendered}</optgroup>'
                if group_name
                else rendered
            )
        attributes = dict(widget["attrs"])
        if widget.get("required"):
            attributes.setdefault("required", True)
        if self.allow_multiple_selected:
            attributes["multiple"] = True
        options = mark_safe("".join(parts))  # noqa: S308 - every label and value is escaped above
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attributes), options)


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    allow_multiple_selected = True
