"""The widgets drawn in Python (core.widgets) give the same HTML as Django's templates: the
page keeps its labels, values, selection, error state and escaping."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django import forms

from kausa.core.widgets import FastDateInput, FastHiddenInput, FastSelect, FastTextInput
from kausa.matching.forms import OfferSearchForm


def _plain(widget: forms.Widget) -> forms.Widget:
    """Django's own widget of the same kind, with the same attributes and format."""
    for fast, plain in (
        (FastSelect, forms.Select),
        (FastDateInput, forms.DateInput),
        (FastHiddenInput, forms.HiddenInput),
        (FastTextInput, forms.TextInput),
    ):
        if isinstance(widget, fast):
            copy = plain(attrs=dict(widget.attrs))
            if isinstance(widget, forms.widgets.Input):
                copy.input_type = widget.input_type  # type: ignore[attr-defined]
            if isinstance(widget, forms.DateInput):
                copy.format = widget.format  # type: ignore[attr-defined]
            if isinstance(widget, forms.Select):
                copy.choices = widget.choices  # type: ignore[attr-defined]
            return copy
    raise AssertionError(f"not a fast widget: {widget!r}")


class _Parts(HTMLParser):
    """Tags with their attributes (in any order), and texts: what a browser makes of it."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[object] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append((tag, sorted(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(f"/{tag}")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(data)


def _normalised(html: str) -> list[object]:
    parser = _Parts()
    parser.feed(html)
    return parser.parts


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plz": "10711", "radius_km": "50", "q": 'Koch "&" <b>', "german_level": "B1"},
        {"plz": "1", "lat": "52.5", "lon": "13.4", "sort": "start", "start_from": "2027-08-01"},
        {"certificate": "first", "start_until": "kein Datum", "radius_km": "7"},
    ],
)
def test_the_offer_search_form_draws_as_with_djangos_templates(db, data):
    form = OfferSearchForm(data or None, initial={"start_from": date(2027, 8, 1)})
    if data:
        form.is_valid()  # errors mark the fields (aria-invalid)
    drawn = {}
    for bound in form:
        drawn[bound.name] = fast = str(bound)
        bound.field.widget = _plain(bound.field.widget)
        plain = str(bound)
        assert _normalised(fast) == _normalised(plain), bound.name
    if "q" in data:  # what a visitor typed comes back escaped
        assert 'value="Koch &quot;&amp;&quot; &lt;b&gt;"' in drawn["q"]


@pytest.mark.parametrize("data", [{}, {"plz": "1", "start_from": "2027-09-01", "start_until": "x"}])
def test_field_group_draws_as_the_field_include(db, data):
    from django.template.loader import render_to_string

    from kausa.core.templatetags.form_tags import field_group

    form = OfferSearchForm(data or None)
    if data:
        assert not form.is_valid()
    for bound in form.visible_fields():
        included = render_to_string("includes/field.html", {"field": bound})
        assert _normalised(field_group(bound)) == _normalised(included), bound.name
    if data:  # the errors are there, marked for screen readers
        assert 'class="field-error" role="alert"' in field_group(form["plz"])
        assert "has-error" in field_group(form["start_until"])
