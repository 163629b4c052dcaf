"""kausa.core.html escapes as Django does (conditional_escape, flatatt), only faster."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from kausa.core import html


class _Form(forms.Form):
    name = forms.CharField()


VALUES = [
    'Koch/Köchin "Küche" <neu> & O\'Brien',
    "طباخ <b>",
    mark_safe("<li>kept</li>"),
    gettext_lazy("Search"),
    12345,
    3.5,
    None,
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_text_escapes_as_conditional_escape(value):
    with override("de"):
        assert html.text(value) == str(conditional_escape(value))


def test_a_bound_field_is_drawn_not_escaped():
    field = _Form({"name": "<x>"})["name"]
    assert html.text(field) == str(conditional_escape(field))
    assert html.text(field).startswith("<input")


@pytest.mark.parametrize(
    "attributes",
    [
        {},
        {"id": "id_q", "maxlength": 80, "required": True, "disabled": False, "list": None},
        {"title": 'a "quoted" <title>', "data-x": "1 & 2", "autofocus": True, "hidden": True},
        {"z": "last", "a": "first", "m": True, "b": True},
    ],
)
def test_attrs_writes_what_flatatt_writes(attributes):
    assert html.attrs(attributes) == str(flatatt(attributes))
