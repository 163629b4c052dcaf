"""``{{ form.field|field_group }}``: a field with its label, help text and errors, drawn in
Python as ``includes/field.html`` draws it (for pages that show a form on every visit: the
public offer search drew eight fields through that include, each a template render)."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def field_group(field: BoundField) -> SafeString:
    field_id = field.id_for_label
    required = format_html(' <span aria-hidden="true">*</span>') if field.field.required else ""
    help_text = (
        format_html('<p class="help" id="{}_helptext">{}</p>', field_id, field.help_text)
        if field.help_text
        else ""
    )
    errors = format_html_join(
        "", '<p class="field-error" role="alert">{}</p>', ((e,) for e in field.errors)
    )
    return format_html(
        '<div class="field{}"><label for="{}">{}{}</label>{}{}{}</div>',
        " has-error" if field.errors else "",
        field_id,
        field.label,
        required,
        field,
        help_text,
        errors,
    )
