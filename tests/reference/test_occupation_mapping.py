"""Occupation names as the BA writes them (issue 12, item 2): rules, alias file, staff
aliases, KldB code, closest three, and the figure on our own list of BA-style names."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from kausa.reference.models import Occupation, OccupationAlias
from kausa.reference.occupation_matching import OccupationIndex, readings
from kausa.reference.occupation_report import mapping_report, read_expected_names
from kausa.reference.selectors import (
    closest_occupations,
    occupation_alias_file_rows,
    occupation_for_name,
    occupation_matcher,
    occupation_matcher_clear,
)
from kausa.reference.services import occupation_alias_delete, occupation_alias_save
from tests.conftest import login

pytestmark = pytest.mark.django_db

BA_NAMES = Path(__file__).parent / "ba_occupation_names.csv"
BUNDLED = Path(__file__).resolve().parents[2] / "src/kausa/reference/data"


@pytest.fixture(autouse=True)
def _fresh_matcher():
    occupation_matcher_clear()
    yield
    occupation_matcher_clear()


@pytest.mark.parametrize(
    ("name", "short_name"),
    [
        ("Kaufmann/-frau - Büromanagement", "Kaufleute für Büromanagement"),
        ("Medizinische/r Fachangestellte/r", "Medizinische Fachangestellte (MFA)"),
        ("Fachkraft - Lagerlogistik", "Fachkraft für Lagerlogistik"),
        ("Elektroniker/in - Energie- und Gebäudetechnik", "Elektroniker/in"),
        ("Anlagenmechaniker/in - Sanitär-, Heizungs- und Klimatechnik", "Anlagenmechaniker/in SHK"),
        (
            "Kaufmann/-frau - Groß- und Außenhandelsmanagement",
            "Kaufleute für Groß- und Außenhandelsmanagement",
        ),
        ("Fachinformatiker/in - Anwendungsentwicklung", "Fachinformatiker/in"),
        ("Fachinformatiker*in Fachrichtung Systemintegration (w/m/d)", "Fachinformatiker/in"),
        ("Ausbildung zum/zur Koch/Köchin (m/w/d)", "Koch/Köchin"),
        ("  FRISEUR:IN  ", "Friseur/in"),
        (
            "Ausbildung zur Zahnmedizinischen Fachangestellten 2025",
            "Zahnmedizinische Fachangestellte (ZFA)",
        ),
        (
            "Verwaltungsfachangestellte/r, Schwerpunkt Kommunalverwaltung",
            "Verwaltungsfachangestellte/r",
        ),
        (
            "Kaufmann/-frau im Groß- und Außenhandel",
            "Kaufleute für Groß- und Außenhandelsmanagement",
        ),
        ("Elektroinstallateur/in", "Elektroniker/in"),
    ],
)
def test_ba_names_map_to_their_occupation(name, short_name):
    occupation = occupation_for_name(name)
    assert occupation is not None, (name, [o.short_name for o in closest_occupations(name)])
    assert occupation.short_name == short_name


def test_at_least_95_percent_of_our_ba_style_names_map_to_the_right_occupation():
    rows = read_expected_names(BA_NAMES)
    report = mapping_report(rows)
    print("\n".join(report.lines()))  # the figure, with -s
    bbig = set(Occupation.objects.filter(regulation="bbig").values_list("short_name", flat=True))
    assert len(bbig) == 309
    assert bbig <= {row.expected for row in rows}, "every recognised occupation is in the list"
    assert len(rows) >= 300
    assert report.percent >= 95.0, report.lines()


def test_the_report_command_prints_the_figure_and_the_misses():
    out = StringIO()
    call_command("occupation_mapping_report", str(BA_NAMES), stdout=out)
    text = out.getvalue()
    assert "names mapped to the expected occupation" in text
    assert "closest:" in text  # the one miss of the blind list, with suggestions


def test_a_name_that_does_not_map_gets_the_three_closest_occupations():
    name = "Servicekaufmann/-frau - Flughafenbetrieb und Bodenverkehrsdienste"
    assert occupation_for_name(name) is None
    closest = [o.short_name for o in closest_occupations(name)]
    assert len(closest) == 3
    assert "Servicekaufleute im Luftverkehr" in closest
    assert occupation_for_name("Pilot/in") is None
    assert len(closest_occupations("Pilot/in", n=5)) == 5


def test_a_staff_alias_maps_the_name_at_once(advisor):
    occupation = Occupation.objects.get(short_name="Servicekaufleute im Luftverkehr")
    name = "Servicekaufmann/-frau - Flughafenbetrieb und Bodenverkehrsdienste"
    assert occupation_for_name(name) is None  # builds and caches the lookup
    alias = occupation_alias_save(
        user=advisor,
        alias=OccupationAlias(alias=f"  {name} ", occupation=occupation, note="BA file 2025"),
    )
    assert alias.created_by == advisor
    assert occupation_for_name(name) == occupation
    assert occupation_for_name(f"Ausbildung {name} (m/w/d)") == occupation
    assert occupation_matcher().match(name) == (occupation, "staff alias")
    occupation_alias_delete(user=advisor, alias=alias)
    assert occupation_for_name(name) is None


def test_staff_aliases_are_checked(advisor, partner):
    occupation = Occupation.objects.get(short_name="Koch/Köchin")
    with pytest.raises(ValidationError):  # the rules know it already
        occupation_alias_save(
            user=advisor, alias=OccupationAlias(alias="Koch (m/w/d)", occupation=occupation)
        )
    occupation_alias_save(
        user=advisor, alias=OccupationAlias(alias="Jungkoch", occupation=occupation)
    )
    with pytest.raises(ValidationError):  # the same alias twice
        occupation_alias_save(
            user=advisor, alias=OccupationAlias(alias="JUNGKOCH (m/w/d)", occupation=occupation)
        )
    with pytest.raises(PermissionDenied):
        occupation_alias_save(
            user=partner, alias=OccupationAlias(alias="Küchenhilfe", occupation=occupation)
        )


def test_staff_add_an_alias_in_the_admin(advisor, partner):
    occupation = Occupation.objects.get(short_name="Fachkraft Küche")
    client = login(advisor)
    assert client.get("/de/admin/reference/occupationalias/add/").status_code == 200
    response = client.post(
        "/de/admin/reference/occupationalias/add/",
        {"alias": "Küchenfachkraft", "occupation": occupation.pk, "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert occupation_for_name("Küchenfachkraft (m/w/d)") == occupation
    refused = client.post(
        "/de/admin/reference/occupationalias/add/",
        {"alias": "Fachkraft - Küche (m/w/d)", "occupation": occupation.pk, "note": ""},
    )
    assert refused.status_code == 200
    assert "eine alternative Bezeichnung ist nicht nötig" in refused.content.decode()
    assert OccupationAlias.objects.count() == 1
    # partners are not office staff: the admin lets them in neither to add nor to look
    assert login(partner).get("/de/admin/reference/occupationalias/add/").status_code in (302, 403)


def test_the_kldb_code_decides_when_the_name_does_not():
    fachinformatiker = Occupation.objects.get(short_name="Fachinformatiker/in")
    # the name wins over the Fachrichtung's own code (43412 is Anwendungsentwicklung)
    assert occupation_for_name("Fachinformatiker/in - Anwendungsentwicklung", "43412") == (
        fachinformatiker
    )
    unique = Occupation.objects.get(short_name="Zahntechniker/in")
    assert occupation_for_name("Zahntechnik-Azubi", unique.kldb_id) == unique
    assert occupation_for_name("", f"{unique.kldb_id}-101") == unique
    # a code several occupations share: the one spelt most like the name
    shared = Occupation.objects.get(short_name="Notarfachangestellte/r")
    assert Occupation.objects.filter(kldb_id=shared.kldb_id).count() > 1
    assert occupation_for_name("Notariatsangestellte/r", shared.kldb_id) == shared


def test_every_alias_in_the_file_names_an_occupation_and_is_needed():
    rows = occupation_alias_file_rows(BUNDLED / "occupation_aliases.csv")
    assert len(rows) >= 50
    matcher = occupation_matcher()
    known = {o.short_name for o in matcher.occupations.values()}
    for line, alias, target in rows:
        assert target in known, (line, target)
        assert readings(alias), (line, alias)
        rules_only = matcher.index.match(alias)
        assert rules_only is not None and rules_only.method == "alias file", (line, alias)


def test_the_catalogue_names_are_unambiguous_and_map_to_themselves():
    matcher = occupation_matcher()
    assert matcher.index.ambiguous_keys() == {}
    for occupation in matcher.occupations.values():
        for name in (occupation.name, occupation.short_name, *occupation.name.split(" / ")):
            assert occupation_for_name(name) == occupation, name


def test_the_engine_needs_no_database():
    index = OccupationIndex.build(
        [
            (1, "Koch / Köchin", "Koch/Köchin", "29302"),
            (2, "Bäcker / Bäckerin", "Bäcker/in", "29222"),
        ],
        [("alias file", "Beikoch/Beiköchin", 1)],
    )
    assert index.match("Ausbildung zur Köchin (m/w/d)").occupation_id == 1
    assert index.match("Beikoch (m/w/d)").method == "alias file"
    assert index.match("Baecker*in").occupation_id == 2
    assert index.match("Schornsteinfeger/in") is None
    assert [i for i, _ in index.closest("Bäckerei", n=1)] == [2]


def test_the_list_file_is_well_formed():
    with BA_NAMES.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert header == ["ba_name", "expected"]
