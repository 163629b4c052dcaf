"""The duplicate finder for companies (kausa.companies.duplicates): no database."""

from __future__ import annotations

from kausa.companies.duplicates import (
    EMAIL_SAME,
    NAME_VARIANT,
    PHONE_SAME,
    POSTAL_CODE_DIFFERS,
    THRESHOLD,
    CompanyRecord,
    find_duplicates,
    name_parts,
    score_companies,
    street_key,
)


def test_the_legal_form_and_umlauts_do_not_count():
    assert name_parts("Bäckerei Yılmaz GmbH") == name_parts("Baeckerei Yilmaz")
    assert name_parts("Yilmaz & Kaya GmbH & Co. KG") == name_parts("Yilmaz und Kaya")
    assert name_parts("Friseursalon Şahin e.K.") == name_parts("Friseursalon Şahin")
    assert name_parts("Demir Bau UG (haftungsbeschränkt)") == name_parts("Demir Bau")


def test_street_spellings():
    assert street_key("Hauptstraße 5") == street_key("Hauptstr. 5") == street_key("Hauptstrasse 5")


def test_same_company_with_and_without_legal_form_at_one_postal_code():
    match = score_companies(
        CompanyRecord(1, "Bäckerei Yılmaz GmbH", "10115", phone="030 1234567"),
        CompanyRecord(2, "Baeckerei Yilmaz", "10115", phone="+49 30 1234567"),
    )
    assert match.score > 0.95
    assert NAME_VARIANT in match.reasons and PHONE_SAME in match.reasons


def test_a_branch_at_another_postal_code_is_another_record():
    match = score_companies(
        CompanyRecord(1, "Bäckerei Yılmaz GmbH", "10115"),
        CompanyRecord(2, "Bäckerei Yılmaz GmbH", "12043"),
    )
    assert match.score < THRESHOLD
    assert POSTAL_CODE_DIFFERS in match.reasons


def test_other_owner_same_trade_same_place_is_another_company():
    match = score_companies(
        CompanyRecord(1, "Friseursalon Kaya", "10115"),
        CompanyRecord(2, "Friseursalon Demir", "10115"),
    )
    assert match.score < 0.2


def test_same_mailbox_and_place_outweigh_a_typo():
    match = score_companies(
        CompanyRecord(1, "Pflegedienst Hosseini", "10115", email="info@hosseini-pflege.de"),
        CompanyRecord(2, "Pflegedienst Hoseini OHG", "10115", email="INFO@hosseini-pflege.de"),
    )
    assert match.score > 0.95
    assert EMAIL_SAME in match.reasons


def test_find_duplicates_in_a_list():
    records = [
        CompanyRecord(1, "Kfz-Service Karimi", "10115"),
        CompanyRecord(2, "Karimi Kfz Service GmbH", "10115"),
        CompanyRecord(3, "Reisebüro Haddad", "10117"),
    ]
    assert [(m.a, m.b) for m in find_duplicates(records).matches] == [(1, 2)]
