"""Fields of work young people choose interests by: never military, every occupation reachable."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from django.db.models import Q

from kausa.reference.loaders import (
    BUNDLED_DIR,
    OCCUPATION_GROUPS,
    ReferenceDataError,
    load_reference,
)
from kausa.reference.models import Occupation, OccupationGroup
from kausa.reference.occupation_names import TEXT_LANGUAGES
from kausa.reference.selectors import (
    occupation_group_choices,
    occupation_group_prefixes,
    occupations_in_groups,
)

pytestmark = pytest.mark.django_db

SCRIPT = {"ar": "ARABIC", "fa": "ARABIC", "uk": "CYRILLIC", "ru": "CYRILLIC"}


def test_between_twelve_and_fifteen_groups_with_a_name_in_every_language():
    groups = list(OccupationGroup.objects.all())
    assert 12 <= len(groups) <= 15
    for group in groups:
        assert set(group.names) == set(TEXT_LANGUAGES), group.key
        for code, name in group.names.items():
            letters = re.sub(r"\b[A-Z]{2,}\b", "", name)  # acronyms: IT
            scripts = {unicodedata.name(ch).split()[0] for ch in letters if ch.isalpha()}
            assert scripts == {SCRIPT.get(code, "LATIN")}, (group.key, code, name)


def test_no_group_leads_to_the_military():
    for group in OccupationGroup.objects.all():
        assert group.kldb_prefixes, group.key
        assert not any(prefix.startswith("0") for prefix in group.kldb_prefixes), group.key
        assert not occupations_in_groups([group.key]).filter(kldb__code__startswith="0").exists()


def test_every_recognised_occupation_is_in_some_group():
    covered = Q()
    for group in OccupationGroup.objects.all():
        for prefix in group.kldb_prefixes:
            covered |= Q(kldb__code__startswith=prefix)
    outside = Occupation.objects.exclude(covered).values_list("short_name", flat=True)
    assert list(outside) == []


def test_every_group_covers_some_occupation():
    for group in OccupationGroup.objects.all():
        assert occupations_in_groups([group.key]).exists(), group.key


@pytest.mark.parametrize(
    ("key", "member", "stranger"),
    [
        ("vehicles", "Kfz-Mechatroniker/in", "Koch/Köchin"),
        ("hospitality", "Koch/Köchin", "Tischler/in"),
        ("health", "Pflegefachmann/-frau", "Verkäufer/in"),
        ("electronics_it", "Fachinformatiker/in", "Friseur/in"),
        ("beauty_fashion", "Friseur/in", "Fachinformatiker/in"),
    ],
)
def test_a_group_covers_the_occupations_a_young_person_expects(key, member, stranger):
    names = set(occupations_in_groups([key]).values_list("short_name", flat=True))
    assert member in names and stranger not in names


def test_choices_are_named_in_the_language_asked_for_else_german():
    choices = dict(occupation_group_choices("ar"))
    assert choices["vehicles"] == "السيارات والمركبات"
    assert dict(occupation_group_choices("pt"))["vehicles"] == "Autos & Fahrzeuge"


def test_unknown_group_keys_are_left_out():
    assert occupation_group_prefixes(["nope"]) == []
    assert not occupations_in_groups(["nope"]).exists()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(BUNDLED_DIR, target)
    return target


def test_loader_refuses_a_group_in_the_military(data_copy):
    path = data_copy / OCCUPATION_GROUPS
    text = path.read_text(encoding="utf-8").replace("vehicles,22112 ", "vehicles,01104 22112 ")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="military"):
        load_reference(data_copy)
