"""Every BA field the descriptions name is read or ignored on purpose (docs/offer-import.md);
occupation names as the BA writes them; CSV files as German Excel saves them (issue 12)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kausa.companies.models import Company, Offer
from kausa.matching import ba_api
from kausa.matching.imports import ImportFileError, decode_csv, offers_import

DOC = Path(__file__).parents[2] / "docs" / "offer-import.md"
# The field names of the BA Jobsuche descriptions in /work/shared/data/jobsuche_api (search
# answer and job details of bundesAPI/jobsuche-api's and wunderfrucht/jobsuche's
# openapi.yaml, and wunderfrucht's baseline of real answers), nested ones as paths.
SPEC_FIELDS = re.findall(
    r"\S+",
    """
aenderungsdatum aktuelleVeroeffentlichungsdatum allianzpartner allianzpartnerName
allianzpartnerUrl angebotsart anzahlOffeneStellen anzeigeAnonym arbeitgeber arbeitgeberAdresse
arbeitgeberAdresse.land arbeitgeberAdresse.ort arbeitgeberAdresse.plz arbeitgeberAdresse.region
arbeitgeberAdresse.strasse arbeitgeberAdresse.strasseHausnummer arbeitgeberHashId
arbeitgeberKundennummerHash arbeitgeberdarstellung arbeitgeberdarstellungUrl arbeitsort
arbeitsort.entfernung arbeitsort.koordinaten arbeitsort.koordinaten.lat arbeitsort.koordinaten.lon
arbeitsort.land arbeitsort.ort arbeitsort.plz arbeitsort.region arbeitsort.strasse arbeitsorte
arbeitsorte[].koordinaten arbeitsorte[].koordinaten.lat arbeitsorte[].koordinaten.lon
arbeitsorte[].land arbeitsorte[].ort arbeitsorte[].plz arbeitsorte[].region arbeitsorte[].strasse
arbeitszeitSchichtNachtWochenende arbeitszeitTeilzeitAbend arbeitszeitTeilzeitFlexibel
arbeitszeitTeilzeitNachmittag arbeitszeitTeilzeitVormittag arbeitszeitVollzeit arbeitszeitmodelle
ausbildungsart befristung beruf betriebsgroesse branche branchengruppe chiffrenummer
datumErsteVeroeffentlichung eintrittsdatum eintrittszeitraum eintrittszeitraum.bis
eintrittszeitraum.von ersteVeroeffentlichungsdatum externeURL externeUrl facetten
facetten[].arbeitgeber.counts facetten[].beruf.maxCount fertigkeiten fertigkeiten[].auspraegungen
fertigkeiten[].hierarchieName firma fuehrungskompetenzen fuehrungskompetenzen.hatBudgetverantwortung
fuehrungskompetenzen.hatVollmacht fuerFluechtlingeGeeignet geforderterBildungsabschluss hashId
hauptDkz hauptberuf istArbeitnehmerUeberlassung istBehinderungGefordert istBetreut
istGeringfuegigeBeschaeftigung istGoogleJobsRelevant istPrivateArbeitsvermittlung
kundennummerHash maxErgebnisse mobilitaet mobilitaet.reisebereitschaft modifikationsTimestamp
nurFuerSchwerbehinderte page quereinstiegGeeignet referenznummer refnr size stellenangebote
stellenangebotsBeschreibung stellenangebotsTitel stellenangebotsart stellenbeschreibung
stellenlokationen stellenlokationen[].adresse stellenlokationen[].adresse.hausnummer
stellenlokationen[].adresse.land stellenlokationen[].adresse.ort stellenlokationen[].adresse.plz
stellenlokationen[].adresse.region stellenlokationen[].adresse.strasse stellenlokationen[].breite
stellenlokationen[].laenge studienform studiengang titel uebernahme verguetung verguetungsangabe
veroeffentlichungszeitraum veroeffentlichungszeitraum.bis veroeffentlichungszeitraum.von
vertragsdauer
""",
)


def _doc_table() -> dict[str, str]:
    """BA field -> what Kausa does, from the table in docs/offer-import.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## BA fields: read or deliberately ignored", 1)[1].split("\n## ", 1)[0]
    table: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for name in re.findall(r"`([^`]+)`", cells[0]):
                table[name] = cells[2]
    return table


def test_the_doc_names_every_field_of_the_ba_descriptions_as_read_or_ignored():
    table = _doc_table()
    assert all(does.startswith(("read", "ignored")) for does in table.values()), table

    def documented(field: str) -> bool:
        # named, or a container whose parts are named, or a part of a container named
        return any(
            name == field
            or name.startswith((f"{field}.", f"{field}[]"))
            or field.startswith((f"{name}.", f"{name}[]"))
            for name in table
        )

    assert [f for f in SPEC_FIELDS if not documented(f)] == []
    # and no misspelt name: each is a field of the descriptions (kldb: see the table)
    assert [name for name in table if name not in {*SPEC_FIELDS, "kldb"}] == []


# --- what one BA item means (no database) -------------------------------------------------


def test_places_take_the_first_german_postal_code_with_its_own_coordinates():
    item = {
        "arbeitsorte": [
            {"land": "Deutschland", "plz": "", "ort": "Berlin"},
            {"land": "Österreich", "plz": "1010", "ort": "Wien"},
            {
                "land": "Deutschland",
                "plz": "12459",
                "strasse": "Wilhelminenhofstraße 76",
                "koordinaten": {"lat": "52,46", "lon": "13,515"},
            },
        ]
    }
    fields = ba_api.offer_fields(item)
    assert isinstance(fields, dict)
    assert fields["postal_code"] == "12459" and fields["street"] == "Wilhelminenhofstraße 76"
    assert (fields["lat"], fields["lon"]) == ("52,46", "13,515")
    locations = {
        "stellenlokationen": [
            {"adresse": {"ort": "Jena"}},
            {"adresse": {"plz": 7743, "strasse": "Markt", "hausnummer": "1"}, "breite": 50.9},
        ]
    }
    fields = ba_api.offer_fields(locations)
    assert isinstance(fields, dict)
    assert (fields["postal_code"], fields["street"], fields["lat"]) == ("07743", "Markt 1", 50.9)
    employer = ba_api.offer_fields(
        {"arbeitsort": {"ort": "Jena"}, "arbeitgeberAdresse": {"plz": "07745", "strasse": "A"}}
    )
    assert isinstance(employer, dict) and employer["postal_code"] == "07745"


def test_the_other_fields_of_a_job_detail():
    fields = ba_api.offer_fields(
        {
            "referenznummer": "R-1",
            "firma": "Bäckerei Nowak",
            "stellenangebotsart": "AUSBILDUNG",
            "hauptberuf": "Bäcker/in",
            "stellenangebotsTitel": "Ausbildung Bäcker (m/w/d)",
            "eintrittszeitraum": {"von": "2027-08-01", "bis": "2027-10-01"},
            "anzahlOffeneStellen": 3,
            "geforderterBildungsabschluss": "Fachhochschulreife",
            "stellenangebotsBeschreibung": "<p>Backen &amp; mehr</p><ul><li>früh</li></ul>",
            "externeURL": "https://baeckerei.example/azubi",
        }
    )
    assert isinstance(fields, dict)
    assert fields["external_id"] == "R-1" and fields["company_name"] == "Bäckerei Nowak"
    assert fields["occupation_names"] == ["Bäcker/in", "Ausbildung Bäcker (m/w/d)"]
    assert fields["start_date"] == "2027-08-01" and fields["places"] == 3
    assert fields["required_certificate"] == "fhr"
    assert fields["description"] == "Backen & mehr\n• früh"
    assert fields["website"] == "https://baeckerei.example/azubi"
    spec_spelling = ba_api.offer_fields(
        {"externeUrl": "https://a.example", "stellenbeschreibung": "x"}
    )
    assert isinstance(spec_spelling, dict)
    assert spec_spelling["website"] == "https://a.example" and spec_spelling["description"] == "x"
    assert ba_api.offer_fields({"angebotsart": "ARBEIT"}) == ba_api.Skip("not an apprenticeship")
    long = ba_api.offer_fields({"stellenbeschreibung": "x" * 5000})
    assert isinstance(long, dict) and len(long["description"]) == ba_api.DESCRIPTION_LENGTH


# --- through the importer -------------------------------------------------------------------


def _ba(*items: dict[str, Any], office: Any, **options: Any):
    data = json.dumps({"stellenangebote": list(items)}).encode()
    return offers_import(data=data, file_format="ba-jobsuche", organisation=office, **options)


def _item(refnr: str, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "refnr": refnr,
        "beruf": "Kaufmann/-frau - Büromanagement",
        "arbeitgeber": "Hausverwaltung Demir GmbH",
        "eintrittsdatum": "2027-08-01",
        "arbeitsort": {"plz": "10115", "ort": "Berlin", "land": "Deutschland"},
    }
    item.update(fields)
    return item


ISSUE_NAMES = (
    ("Kaufmann/-frau - Büromanagement", "Kaufleute für Büromanagement"),
    ("Medizinische/r Fachangestellte/r", "Medizinische Fachangestellte (MFA)"),
    ("Fachkraft - Lagerlogistik", "Fachkraft für Lagerlogistik"),
    ("Elektroniker/in - Energie- und Gebäudetechnik", "Elektroniker/in"),
    ("Anlagenmechaniker/in - Sanitär-, Heizungs- und Klimatechnik", "Anlagenmechaniker/in SHK"),
    (
        "Kaufmann/-frau - Groß- und Außenhandelsmanagement",
        "Kaufleute für Groß- und Außenhandelsmanagement",
    ),
)


@pytest.mark.django_db
def test_the_occupation_names_of_the_issue_import(office):
    items = [_item(f"R-{n}", beruf=name) for n, (name, _) in enumerate(ISSUE_NAMES)]
    report = _ba(*items, office=office)
    assert report.created == len(ISSUE_NAMES) and not report.problems
    got = dict(Offer.objects.values_list("external_id", "occupation__short_name"))
    assert got == {f"R-{n}": short for n, (_, short) in enumerate(ISSUE_NAMES)}


@pytest.mark.django_db
def test_titel_and_the_kldb_code_help_when_beruf_does_not_map(office):
    no_beruf = _item("R-1", titel="Ausbildung zum Verkäufer (m/w/d) 2027")
    del no_beruf["beruf"]
    by_code = _item("R-2", beruf="Azubi 2027", titel="Ausbildung 2027", kldb="25212")
    report = _ba(no_beruf, by_code, office=office)
    assert not report.problems
    got = dict(Offer.objects.values_list("external_id", "occupation__short_name"))
    assert got == {"R-1": "Verkäufer/in", "R-2": "Kfz-Mechatroniker/in"}
    assert report.mapped_by == {"rules": 1, "KldB code": 1}


@pytest.mark.django_db
def test_a_name_that_does_not_map_is_reported_with_the_three_closest(office, tmp_path):
    items = [
        _item("R-1", beruf="Kaufmann/-frau - Bueromanagment mit Extras"),
        _item("R-2", beruf="Kaufmann/-frau - Bueromanagment mit Extras"),
        _item("R-3", beruf="Duales Studium BWL", studiengang="BWL"),
    ]
    path = tmp_path / "ba.json"
    path.write_text(json.dumps({"stellenangebote": items}))
    out = io.StringIO()
    call_command(
        "import_offers",
        str(path),
        "--format",
        "ba-jobsuche",
        "--organisation",
        office.slug,
        stdout=out,
        stderr=io.StringIO(),
    )
    text = out.getvalue()
    assert "Occupation names not recognised (1):" in text
    line = next(x for x in text.splitlines() if "Bueromanagment mit Extras" in x)
    assert "(2 rows): closest Kaufleute für Büromanagement | " in line
    assert len(line.split("closest ", 1)[1].split(" | ")) == 3
    assert "1 skipped (1 dual study)" in text  # a degree course, not a bad row
    report = (tmp_path / "ba.json.report.csv").read_text(encoding="utf-8-sig")
    assert report.splitlines()[0] == "line;external_id;problem;closest_occupations"
    assert "item 1;R-1;unknown occupation 'Kaufmann/-frau - Bueromanagment mit Extras';" in report
    assert "Kaufleute für Büromanagement | " in report


@pytest.mark.django_db
def test_ba_fields_reach_the_offer(office):
    detail = {
        "referenznummer": "R-1",
        "firma": "Stadtwerke Spree GmbH",
        "stellenangebotsart": "AUSBILDUNG",
        "beruf": "Elektroniker/in - Betriebstechnik",
        "arbeitsorte": [
            {"land": "Deutschland", "plz": "", "ort": "Berlin"},
            {"land": "Deutschland", "plz": "12459", "koordinaten": {"lat": "52,46", "lon": "13,5"}},
        ],
        "eintrittsdatum": "2027-09-01",
        "anzahlOffeneStellen": 3,
        "stellenbeschreibung": "Deine Aufgaben:\n- Wartung",
        "externeUrl": "https://stadtwerke.example/azubi",
    }
    report = _ba(detail, office=office)
    assert report.created == 1 and not report.problems, report.problems
    offer = Offer.objects.select_related("company", "occupation").get()
    assert offer.places == 3 and offer.description == "Deine Aufgaben:\n- Wartung"
    assert offer.occupation.short_name == "Elektroniker/in für Betriebstechnik"
    company = offer.company
    assert company.postal_code_id == "12459"
    assert (company.lat, company.lon) == (52.46, 13.5)
    assert company.website == "https://stadtwerke.example/azubi"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("coordinates", "problem"),
    [
        ({"lat": "52,5,2", "lon": "13,4"}, "latitude '52,5,2' is not a number (decimal degrees)"),
        ({"lat": "13,4", "lon": "52,5"}, "latitude '13,4' is not in Germany"),
        ({"lat": 52.5}, "latitude and longitude go together"),
        ({"lat": True, "lon": 13.4}, "latitude True is not a number"),
    ],
)
def test_coordinates_that_are_no_coordinates_are_a_clear_row_error(office, coordinates, problem):
    item = _item("R-1", arbeitsort={"plz": "10115", "koordinaten": coordinates})
    report = _ba(item, office=office)
    assert report.created == 0
    assert report.problems[0][:2] == ("item 1", "R-1")
    assert report.problems[0][2].startswith(problem)


@pytest.mark.django_db
def test_no_postal_code_anywhere_is_one_clear_error(office):
    report = _ba(_item("R-1", arbeitsort={"ort": "Berlin"}), office=office)
    assert report.problems == [
        (
            "item 1",
            "R-1",
            "no German postal code in arbeitsort, arbeitsorte, stellenlokationen or "
            "arbeitgeberAdresse",
        )
    ]


@pytest.mark.django_db
def test_ba_offers_always_go_to_the_shared_catalogue(office):
    with pytest.raises(ImportFileError, match="shared catalogue"):
        _ba(_item("R-1"), office=office, source="my-ba")
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_a_write_refused_midway_changes_nothing(office, monkeypatch):
    from django.core.exceptions import ValidationError

    calls = {"n": 0}
    original = Offer.full_clean

    def refuse_the_third(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValidationError("refused")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Offer, "full_clean", refuse_the_third)
    with pytest.raises(ValidationError):
        _ba(*[_item(f"R-{n}") for n in range(5)], office=office)
    assert not Offer.objects.exists() and not Company.objects.exists()


# --- CSV as offices save it ------------------------------------------------------------------

HEADER = "external_id;company_name;street;postal_code;occupation;start_date;places;lat;lon"
ROW = "X-1;Bäckerei Müller;Straße des 17. Juni 1;10115;Bäcker/in;01.08.2027;2;52,52;13,40"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + "\r\n" + ROW + "\r\n").encode("cp1252"), "Windows-1252"),
        ((HEADER + "\n" + ROW + "\n").encode("utf-8"), "UTF-8"),
        ((HEADER + "\n" + ROW + "\n").encode("utf-8-sig"), "UTF-8 with BOM"),
        ((HEADER + "\n" + ROW + "\n").replace(";", "\t").encode("utf-16"), "UTF-16"),
    ],
)
@pytest.mark.django_db
def test_csv_encodings_and_separators_are_detected_and_named(office, tmp_path, data, encoding):
    path = tmp_path / "offers.csv"
    path.write_bytes(data)
    out = io.StringIO()
    call_command(
        "import_offers", str(path), "--format", "csv", "--organisation", office.slug, stdout=out
    )
    assert f"read as {encoding}, separated by " in out.getvalue()
    assert "1 created" in out.getvalue()
    offer = Offer.objects.select_related("company").get()
    assert offer.company.name == "Bäckerei Müller"
    assert offer.company.street == "Straße des 17. Juni 1"
    assert (offer.company.lat, offer.company.lon, offer.places) == (52.52, 13.4, 2)


def test_german_excel_is_read_as_windows_1252():
    text, encoding = decode_csv("Bäcker;€".encode("cp1252"))
    assert (text, encoding) == ("Bäcker;€", "Windows-1252")
    with pytest.raises(ImportFileError, match="neither UTF-8 nor Windows-1252"):
        decode_csv(b"B\xe4cker \x81\x8d")  # bytes Windows-1252 does not define


@pytest.mark.django_db
def test_an_unreadable_csv_changes_nothing(office, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_bytes(HEADER.encode() + b"\n\x81\x8d\n")
    with pytest.raises(CommandError, match="neither UTF-8 nor Windows-1252"):
        call_command("import_offers", str(path), "--format", "csv", "--organisation", office.slug)
    assert not Offer.objects.exists()
