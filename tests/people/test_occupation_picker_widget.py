"""The occupation picker's server side (core.widgets.PickerSelect on the person form): the
options name occupations in the page's language and keep the German name for the search."""

from __future__ import annotations

import pytest
from django.utils import translation

from kausa.people.forms import YoungPersonFieldsForm
from kausa.reference.occupation_names import occupation_label
from tests.factories import occupation

pytestmark = pytest.mark.django_db


def _html(language: str, **initial) -> str:
    with translation.override(language):
        return str(YoungPersonFieldsForm(initial=initial)["occupations"])


def test_in_german_the_options_are_the_short_names():
    hairdresser = occupation("Friseur/in")
    html = _html("de", occupations=[hairdresser.pk])
    assert f'<option value="{hairdresser.pk}" selected>Friseur/in</option>' in html
    assert "data-alt" not in html
    assert 'data-picker=""' in html and "multiple" in html


def test_in_another_language_a_translated_name_keeps_the_german_one_for_the_search():
    hairdresser = occupation("Friseur/in")
    arabic = occupation_label("Friseur/in", "ar")
    html = _html("ar")
    if arabic == "Friseur/in":  # the catalogue has no Arabic name for it (yet)
        assert f'<option value="{hairdresser.pk}">Friseur/in</option>' in html
    else:
        assert f'data-alt="Friseur/in">{arabic}</option>' in html


def test_the_picker_brings_its_script_and_stylesheet():
    media = str(YoungPersonFieldsForm().media)
    assert "kausa/js/picker.js" in media and "kausa/css/picker.css" in media


def test_the_texts_for_the_script_are_in_the_page_language():
    html = _html("de")
    assert 'data-picker-remove="' in html and "%(name)s" in html
