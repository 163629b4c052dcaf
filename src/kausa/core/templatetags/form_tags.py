"""``{{ form.field|field_group }}``: a field with its label, help text and errors, drawn in
Python as ``includes/field.html`` draws it (for pages that show a form on every visit: the
public offer search drew eight fields through that include, each a template render)."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

from kausa.core.html import text

register = template.Library()


@register.filter
def field_group(field: BoundField) -> SafeString:
    field_id = text(field.id_for_label)
    required = ' <span aria-hidden="true">*</span>' if field.field.required else ""
    help_text = (
        f'<p class="help" id="{field_id}_helptext">{text(field.help_text)}</p>'
        if field.help_text
        else ""
    )
    errors = "".join(f'<p class="field-error" role="alert">{text(e)}</p>' for e in field.errors)
    return mark_safe(  # noqa: S308 - every value is escaped (the widget escapes its own)
        f'<div class="field{" has-error" if field.errors else ""}"><label for="{field_id}">'
        f"{text(field.label)}{required}</label>{text(field)}{help_text}{errors}</div>"
    )
