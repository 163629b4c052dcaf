"""The landing page leads parents to what is for them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "heading", "label"),
    [
        ("en", "For parents", "Toolkit for parent work"),
        ("de", "Für Eltern", "Toolkit für die Elternarbeit"),
    ],
)
def test_the_parents_section_links_the_parent_work_toolkit(lang, heading, label):
    with translation.override(lang):
        toolkit = reverse("network:toolkit")
    page = Client().get(f"/{lang}/").content.decode()
    sections = re.findall(r'<article class="card audience">.*?</article>', page, re.S)
    [parents] = [s for s in sections if f"<h3>{heading}</h3>" in s]
    assert f'<a class="button button-secondary" href="{toolkit}">{label}</a>' in parents
    assert Client().get(toolkit).status_code == 200
