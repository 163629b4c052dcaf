from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kausa.reference.loaders import BUNDLED_DIR, ReferenceDataError, load_reference
from kausa.reference.models import District, KldbGroup, Language, Occupation, PostalCode
from kausa.reference.selectors import occupation_search

pytestmark = pytest.mark.django_db


def test_every_bundled_row_is_loaded():
    assert PostalCode.objects.count() == 8310
    assert District.objects.count() == 400
    assert KldbGroup.objects.count() == 2195
    assert Occupation.objects.filter(regulation="bbig").count() == 309
    assert Occupation.objects.filter(regulation="health").count() == 14
    assert Language.objects.count() == 184


def test_postal_code_keeps_leading_zero_and_district():
    dresden = PostalCode.objects.get(code="01067")
    assert dresden.place == "Dresden"
    assert dresden.district_ags == "14612"
    assert dresden.state_code == "SN"
    assert 51.0 < dresden.lat < 51.1


def test_kldb_hierarchy_links_occupation_to_its_berufsbereich():
    kfz = Occupation.objects.get(short_name="Kfz-Mechatroniker/in")
    assert kfz.kldb_id == "25212"
    assert kfz.kldb.parent.parent.parent.parent.code == "2"
    assert kfz.kldb_group_code == "252"


def test_arabic_and_farsi_are_right_to_left():
    assert Language.objects.get(code="ar").rtl
    assert Language.objects.get(code="fa").native_name == "فارسی"
    assert not Language.objects.get(code="tr").rtl


def test_loading_twice_duplicates_nothing():
    before = (PostalCode.objects.count(), Occupation.objects.count(), District.objects.count())
    load_reference()
    after = (PostalCode.objects.count(), Occupation.objects.count(), District.objects.count())
    assert before == after


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(BUNDLED_DIR, target)
    return target


def _replace_line(path: Path, line_number: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line_number - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_malformed_postal_code_names_file_and_line_and_changes_nothing(data_copy):
    # A valid change in one file and a broken line in another: neither may land.
    _replace_line(
        data_copy / "kreise_from_plz_de.csv",
        2,
        "01001,Umbenannt,Schleswig-Holstein,SH,5,5,54.7901,9.4398",
    )
    _replace_line(data_copy / "plz_centroids_de.csv", 5, "1234x,Nirgendwo,,1,,,,,51.0,13.0")
    with pytest.raises(ReferenceDataError) as error:
        load_reference(data_copy)
    assert error.value.path.name == "plz_centroids_de.csv"
    assert error.value.line == 5
    assert "1234x" in str(error.value)
    assert District.objects.get(ags="01001").name == "Kreisfreie Stadt Flensburg"


def test_unknown_kldb_code_in_occupations_is_reported(data_copy):
    _replace_line(
        data_copy / "ausbildungsberufe.csv",
        3,
        "Anlagenmechaniker / Anlagenmechanikerin,Anlagenmechaniker/in,42,IHK,Metall,99999,no",
    )
    with pytest.raises(ReferenceDataError, match=r"ausbildungsberufe.csv, line 3: unknown KldB"):
        load_reference(data_copy)


def test_out_of_range_coordinate_is_reported(data_copy):
    _replace_line(
        data_copy / "kreise_from_plz_de.csv",
        4,
        "01003,Kreisfreie Stadt Lübeck,Schleswig-Holstein,SH,5,5,91.0,10.0",
    )
    with pytest.raises(ReferenceDataError, match=r"line 4: lat 91.0 is outside"):
        load_reference(data_copy)


def test_missing_column_is_reported(data_copy):
    path = data_copy / "languages.csv"
    path.write_text("code,name_en\nde,German\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"languages.csv, line 1: missing column"):
        load_reference(data_copy)


def test_command_reports_problem_and_changes_nothing(data_copy):
    renamed = "Pflegefachperson"
    _replace_line(
        data_copy / "health_professions.csv", 2, f"{renamed},Pflege,36,Land,Gesundheit,81302,no"
    )
    _replace_line(data_copy / "languages.csv", 3, "xx1,Broken,Kaputt,Broken,no")
    with pytest.raises(CommandError, match=r"nothing changed: languages.csv, line 3"):
        call_command("load_reference", dir=data_copy)
    assert not Occupation.objects.filter(name=renamed).exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mechatroniker", "Kfz-Mechatroniker/in"),
        ("MECHATRONIKER", "Kfz-Mechatroniker/in"),
        ("backer", "Bäcker/in"),
        ("bäcker", "Bäcker/in"),
        ("Kauffrau für Büromanagement", "Kaufleute für Büromanagement"),
        ("pflegefach", "Pflegefachmann/-frau"),
    ],
)
def test_occupation_search_ignores_case_and_accents(query, expected):
    assert expected in [o.short_name for o in occupation_search(query)]


def test_occupation_search_puts_prefix_matches_first():
    results = [o.short_name for o in occupation_search("elektroniker")[:3]]
    assert all(name.lower().startswith("elektroniker") for name in results)
