"""The occupation names and descriptions files: complete, in the right script, consistent.

Read straight from the bundled files (no database): a mistake here shows the file and row.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from kausa.reference.loaders import (
    BUNDLED_DIR,
    OCCUPATION_DESCRIPTION_FACTS,
    OCCUPATION_DESCRIPTIONS,
    OCCUPATION_NAMES,
    ReferenceDataError,
    occupation_texts,
    parse_kldb,
    parse_occupations,
)
from kausa.reference.models import Occupation
from kausa.reference.occupation_names import LANGUAGES, TEXT_LANGUAGES

SCRIPT = {"en": "LATIN", "tr": "LATIN", "ar": "ARABIC", "fa": "ARABIC", "uk": "CYRILLIC"}
SCRIPT["ru"] = "CYRILLIC"
ACRONYM = re.compile(r"\b[A-Z]{2,}\b")  # IT, CNC
# Letters of one language that must not turn up in its neighbour.
FOREIGN_LETTERS = {
    "ar": "یکگچپژ",  # Persian letters
    "fa": "يكة",  # Arabic yeh, kaf, teh marbuta
    "ru": "іїєґ",  # Ukrainian letters
    "uk": "ыэъё",  # Russian letters
}
# Occupations that may share a name in a language because the German names are variants of
# one occupation. None so far: every name is told apart.
SHARED_NAMES: dict[str, set[frozenset[str]]] = {code: set() for code in LANGUAGES}


def _rows(name: str) -> list[dict[str, str]]:
    with (BUNDLED_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _fresh_catalogue() -> list[Occupation]:
    codes = {k.code for k in parse_kldb(BUNDLED_DIR / "kldb2010_v2020.csv")}
    occupations = parse_occupations(BUNDLED_DIR / "ausbildungsberufe.csv", "bbig", codes)
    return occupations + parse_occupations(BUNDLED_DIR / "health_professions.csv", "health", codes)


@cache
def _catalogue() -> dict[str, Occupation]:
    occupations = _fresh_catalogue()
    occupation_texts(BUNDLED_DIR, occupations)
    return {o.short_name: o for o in occupations}


NAMES = _rows(OCCUPATION_NAMES)


def test_every_recognised_occupation_has_one_row_of_names():
    keys = [row["occupation"] for row in NAMES]
    assert len(keys) == len(set(keys)) == 323
    assert set(keys) == set(_catalogue())


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_are_not_empty_and_written_in_the_languages_script(language):
    for row in NAMES:
        name = row[language]
        assert name.strip() == name and name, row["occupation"]
        scripts = {unicodedata.name(ch).split()[0] for ch in name if ch.isalpha()}
        if SCRIPT[language] != "LATIN":
            # no Latin letters except acronyms (IT, CNC)
            assert not re.search("[A-Za-z]", ACRONYM.sub("", name)), (row["occupation"], name)
            scripts.discard("LATIN")
        assert scripts == {SCRIPT[language]}, (row["occupation"], name)
        foreign = FOREIGN_LETTERS.get(language, "")
        assert not any(ch in foreign for ch in name), (row["occupation"], name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_occupations_share_a_name_in_one_language(language):
    counts = Counter(row[language].casefold() for row in NAMES)
    for name, count in counts.items():
        if count > 1:
            sharing = frozenset(r["occupation"] for r in NAMES if r[language].casefold() == name)
            assert sharing in SHARED_NAMES[language], (language, name, sharing)


def _family(part: str) -> list[dict[str, str]]:
    return [row for row in NAMES if part in row["occupation"].casefold()]


def test_the_kaufleute_follow_one_pattern_in_every_language():
    family = _family("kaufleute")
    assert len(family) >= 30
    for row in family:
        assert row["en"].endswith(" clerk"), row
        assert row["ar"].startswith("موظف"), row
        assert row["fa"].startswith("کارمند"), row
        assert row["tr"].endswith(" elemanı"), row
        assert row["uk"].startswith("Фахівець"), row
        assert row["ru"].startswith("Специалист"), row


def test_the_technologists_follow_one_pattern_in_every_language():
    family = _family("technologe/-technologin")
    assert len(family) >= 20
    for row in family:
        assert "technologist" in row["en"].casefold(), row
        assert "تقني" in row["ar"], row
        assert "تکنولوژیست" in row["fa"], row
        assert "teknoloğu" in row["tr"], row
        assert "Технолог" in row["uk"] and "Технолог" in row["ru"], row


def test_the_mechatronics_technicians_follow_one_pattern():
    family = [
        row for row in _family("mechatroniker") if row["occupation"] != "Kfz-Mechatroniker/in"
    ]
    assert len(family) == 5
    for row in family:
        assert "mechatronics technician" in row["en"].casefold(), row
        assert "ميكاترونكس" in row["ar"] and "مکاترونیک" in row["fa"], row
        assert "mekatronik teknisyeni" in row["tr"].casefold(), row
        assert "Мехатронік" in row["uk"] and "Мехатроник" in row["ru"], row


def test_practice_staff_are_assistants_and_public_service_staff_clerks():
    practice = [
        "Medizinische Fachangestellte (MFA)",
        "Zahnmedizinische Fachangestellte (ZFA)",
        "Tiermedizinische Fachangestellte (TFA)",
        "Steuerfachangestellte/r",
        "Rechtsanwaltsfachangestellte/r",
        "Notarfachangestellte/r",
        "Patentanwaltsfachangestellte/r",
        "Rechtsanwalts- und Notarfachangestellte/r",
    ]
    public = [
        "Verwaltungsfachangestellte/r",
        "Sozialversicherungsfachangestellte/r",
        "Justizfachangestellte/r",
        "Fachangestellte/r für Arbeitsmarktdienstleistungen",
    ]
    by_key = {row["occupation"]: row for row in NAMES}
    for key in practice:
        assert "assistant" in by_key[key]["en"].casefold(), key
        assert by_key[key]["ar"].startswith("مساعد"), key
    for key in public:
        assert by_key[key]["en"].endswith(" clerk"), key
        assert by_key[key]["ar"].startswith("موظف"), key
        assert by_key[key]["tr"].endswith(" memuru"), key
        assert by_key[key]["uk"].startswith("Службовець"), key
        assert by_key[key]["ru"].startswith("Служащий"), key


# --- descriptions --------------------------------------------------------------------------

DESCRIBED = {short: o for short, o in _catalogue().items() if o.descriptions}
CERTIFICATE_TERMS = {
    "first": "Hauptschulabschluss",
    "intermediate": "Realschulabschluss",
    "abitur": "Abitur",
}
YEARS = {24: ("2 Jahre", "2 years"), 36: ("3 Jahre", "3 years"), 42: ("3,5 Jahre", "3.5 years")}


def test_the_hundred_most_common_occupations_are_described_in_seven_languages():
    assert len(DESCRIBED) == 100
    assert all(set(o.descriptions) == set(TEXT_LANGUAGES) for o in DESCRIBED.values())
    common = {short for short, o in _catalogue().items() if o.is_common}
    assert common <= set(DESCRIBED)
    assert {"Pflegefachmann/-frau", "Notfallsanitäter/in", "Physiotherapeut/in"} <= set(DESCRIBED)


def test_descriptions_say_how_long_which_certificate_and_which_german_level():
    rows = {row["occupation"]: row for row in _rows(OCCUPATION_DESCRIPTIONS)}
    for short_name, occupation in DESCRIBED.items():
        german, english = YEARS[occupation.duration_months]
        assert f"dauert {german}." in occupation.descriptions["de"], short_name
        assert f"takes {english}." in occupation.descriptions["en"], short_name
        level = rows[short_name]["german"]
        certificate = CERTIFICATE_TERMS[rows[short_name]["certificate"]]
        for code in TEXT_LANGUAGES:
            text = occupation.descriptions[code]
            assert f"{level} " in text or f"{level}." in text, (short_name, code)
            assert certificate in text, (short_name, code)


@pytest.mark.parametrize("language", TEXT_LANGUAGES)
def test_descriptions_are_short_plain_and_in_the_languages_script(language):
    script = SCRIPT.get(language, "LATIN")
    for short_name, occupation in DESCRIBED.items():
        text = occupation.descriptions[language]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
        assert 3 <= len(sentences) <= 4, (short_name, language, sentences)
        assert len(text) <= 600, (short_name, language)
        # the German terms of the certificates (Hauptschulabschluss, ...) are kept in Latin
        letters = {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()}
        letters.discard("LATIN")
        assert letters <= {script}, (short_name, language, letters)
        foreign = FOREIGN_LETTERS.get(language, "")
        assert not any(ch in foreign for ch in text), (short_name, language)


def test_description_facts_exist_for_every_duration_of_the_catalogue():
    keys = {row["key"] for row in _rows(OCCUPATION_DESCRIPTION_FACTS)}
    durations = {o.duration_months for o in _catalogue().values()}
    assert {f"months_{d}" for d in durations} <= keys


# --- the loader says what is wrong ---------------------------------------------------------


def _copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (BUNDLED_DIR / name).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_a_description_with_an_unknown_certificate_names_file_and_line(tmp_path):
    base = _copy(tmp_path, OCCUPATION_DESCRIPTIONS, "Verkäufer/in,first,", "Verkäufer/in,none,")
    with pytest.raises(ReferenceDataError, match=r"occupation_descriptions\.csv, line \d+: cert"):
        occupation_texts(base, _fresh_catalogue())


def test_a_missing_name_is_reported(tmp_path):
    base = _copy(tmp_path, OCCUPATION_NAMES, "Koch/Köchin,Cook,", "Koch/Köchin,,")
    with pytest.raises(ReferenceDataError, match="no name in en"):
        occupation_texts(base, _fresh_catalogue())
