"""Form widgets that render long option lists without one template per option.

Django renders each <option> through a template, which costs milliseconds for the
occupation list (300+ entries) on every page that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kausa.core.html import attrs as html_attrs
from kausa.core.html import text as escape


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = "".join(self.option_html(o) for o in options)
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
        options = "".join(parts)
        return mark_safe(  # noqa: S308 - every label, value and attribute is escaped
            f'<select name="{escape(name)}"{html_attrs(attributes)}>{options}</select>'
        )

    def option_html(self, option: dict[str, Any]) -> str:
        """One <option>, every value and label escaped."""
        return (
            f'<option value="{escape(option["value"])}"{" selected" if option["selected"] else ""}>'
            f"{escape(option['label'])}</option>"
        )


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    allow_multiple_selected = True


class PickerSelect(FastSelect):
    """A <select> that kausa/js/picker.js turns into a searchable, keyboard-friendly picker
    (an ARIA 1.2 combobox with a list box, the chosen items as removable buttons); without
    JavaScript it stays a plain select that works on its own.

    ``label_of(label, language)`` names each option in the page's language (the option keeps
    its original label in ``data-alt``, so that typing either finds it)."""

    class Media:
        css = {"all": ("kausa/css/picker.css",)}
        js = ("kausa/js/picker.js",)

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        label_of: Callable[[str, str | None], str] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.label_of = label_of

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        texts = {
            "data-picker": "",
            "data-picker-help": _("Type to search, choose with the arrow keys and Enter."),
            "data-picker-none": _("Nothing found."),
            "data-picker-count": _("Results: %(count)s"),
            "data-picker-chosen": _("Chosen"),
            "data-picker-added": _("%(name)s chosen."),
            "data-picker-removed": _("%(name)s removed."),
            "data-picker-remove": _("Remove %(name)s"),
        }
        return super().render(name, value, {**(attrs or {}), **texts}, renderer)

    def option_html(self, option: dict[str, Any]) -> str:
        label = str(option["label"])
        shown = self.label_of(label, get_language()) if self.label_of and option["value"] else label
        if shown == label:
            return super().option_html(option)
        selected = " selected" if option["selected"] else ""
        return (
            f'<option value="{escape(option["value"])}"{selected} data-alt="{escape(label)}">'
            f"{escape(shown)}</option>"
        )


class PickerSelectMultiple(PickerSelect, forms.SelectMultiple):
    allow_multiple_selected = True


class FastInputMixin:
    """An <input> drawn in Python, as Django's input.html draws it (the page that shows a
    form on every visit, the public offer search, drew eight through templates)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = widget["value"]
        value_attr = f' value="{escape(shown)}"' if shown is not None else ""
        return mark_safe(  # noqa: S308 - type, name, value and attributes are escaped
            f'<input type="{escape(widget["type"])}" name="{escape(name)}"{value_attr}'
            f"{html_attrs(widget['attrs'])}>"
        )


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastDateInput(FastInputMixin, forms.DateInput):
    pass


class FastHiddenInput(FastInputMixin, forms.HiddenInput):
    pass
