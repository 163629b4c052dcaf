"""The duplicate finder for young people (kausa.people.duplicates): no database."""

from __future__ import annotations

import datetime as dt

import pytest

from kausa.people.duplicates import (
    BIRTH_DATE_DIFFERS,
    BIRTH_DATE_SAME,
    BIRTH_DATE_SWAPPED,
    EMAIL_SAME,
    FIRST_NAME_DIFFERS,
    NAME_SAME,
    NAME_SIMILAR,
    NAME_SWAPPED,
    NAME_VARIANT,
    PHONE_SAME,
    THRESHOLD,
    PersonRecord,
    candidates_for,
    find_duplicates,
    name_key,
    name_tokens,
    score_people,
)

BORN = dt.date(2005, 3, 7)


def person(pk: int, first: str, last: str, born: dt.date | None = BORN, **contact: str):
    return PersonRecord(pk, first, last, born, contact.get("phone", ""), contact.get("email", ""))


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"),
        ("Ahmad", "Ahmed"),
        ("Yousef", "Yusuf", "Youssef", "Jussuf"),
        ("Hussein", "Husain", "Hussain"),
        ("Abdul Rahman", "Abdulrahman", "Abdel-Rahman", "Abd al-Rahman"),
        ("Al-Hassan", "El Hassan", "Hassan"),
        ("Khaled", "Haled"),
        ("Shevchenko", "Schewtschenko", "Шевченко"),
        ("Oleksandr", "Олександр", "Alexander"),
        ("Müller", "Mueller", "Muller"),
        ("Şahin", "Schahin"),
        ("Zainab", "Zeinab"),
        ("Fatima", "Fatemeh"),
    ],
)
def test_spellings_of_one_name_fold_to_one_form(spellings):
    forms = {tuple(t.folded for t in name_tokens(s)) for s in spellings}
    assert len(forms) == 1, forms


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Mohammed Ali", "محمد علي"),
        ("Yousef Al-Hassan", "يوسف الحسن"),
        ("Mustafa Othman", "مصطفى عثمان"),
        ("Fatemeh Karimi", "فاطمه کریمی"),  # Persian letters
        ("Abdullah Saleh", "عبدالله صالح"),
    ],
)
def test_a_name_in_arabic_letters_matches_its_latin_spelling(latin, arabic):
    first, last = latin.split(" ", 1)
    a_first, a_last = arabic.split(" ", 1)
    match = score_people(person(1, first, last), person(2, a_first, a_last))
    assert match.score >= 0.9
    assert NAME_VARIANT in match.reasons
    assert BIRTH_DATE_SAME in match.reasons


def test_transliteration_variants_with_the_same_birth_date_are_the_same_person():
    match = score_people(person(1, "Mohammed", "Ali"), person(2, "Muhammad", "Ali"))
    assert match.score > 0.95
    assert match.reasons == (NAME_VARIANT, BIRTH_DATE_SAME)


def test_two_people_named_mohammed_ali_with_different_birth_dates_are_not():
    match = score_people(
        person(1, "Mohammed", "Ali"), person(2, "Mohammed", "Ali", dt.date(2003, 11, 2))
    )
    assert match.score < 0.1
    assert NAME_SAME in match.reasons
    assert BIRTH_DATE_DIFFERS in match.reasons


def test_first_and_last_name_swapped():
    match = score_people(person(1, "Ali", "Hassan"), person(2, "Hassan", "Ali"))
    assert match.score > 0.95
    assert NAME_SWAPPED in match.reasons


def test_day_and_month_swapped_in_the_birth_date():
    match = score_people(
        person(1, "Ahmad", "Karimi"), person(2, "Ahmad", "Karimi", dt.date(2005, 7, 3))
    )
    assert match.score > THRESHOLD
    assert BIRTH_DATE_SWAPPED in match.reasons


def test_a_typo_in_the_last_name():
    match = score_people(person(1, "Ahmad", "Karimi"), person(2, "Ahmad", "Karmii"))
    assert match.score > 0.9
    assert NAME_SIMILAR in match.reasons


def test_phone_in_another_format_and_email_in_capitals_agree():
    match = score_people(
        person(1, "Olena", "Melnyk", None, phone="0151 2345678", email="olena.m@mail.example"),
        person(
            2, "Olena", "Melnyk", None, phone="+49 (0)151 234-56-78", email="OLENA.M@mail.example"
        ),
    )
    assert PHONE_SAME in match.reasons and EMAIL_SAME in match.reasons
    assert match.score > 0.99


def test_siblings_sharing_phone_and_last_name_are_not_the_same_person():
    match = score_people(
        person(1, "Ahmad", "Karimi", dt.date(2004, 1, 5), phone="0151 2345678"),
        person(2, "Fatima", "Karimi", dt.date(2007, 9, 1), phone="0151 2345678"),
    )
    assert match.score < 0.05
    assert FIRST_NAME_DIFFERS in match.reasons


def test_twins_with_everything_shared_but_the_first_name_stay_below_the_threshold():
    contact = {"phone": "0151 2345678", "email": "family.karimi@mail.example"}
    match = score_people(
        person(1, "Hassan", "Karimi", **contact), person(2, "Hussein", "Karimi", **contact)
    )
    assert match.score < THRESHOLD


def test_a_name_alone_is_a_maybe_not_a_certainty():
    match = score_people(person(1, "Mohammed", "Ali", None), person(2, "Mohammed", "Ali", None))
    assert 0.5 < match.score < 0.9


def test_the_name_key_ignores_order_and_spelling():
    assert name_key("Mohammed", "Ali") == name_key("Ali", "Muhammad") == name_key("محمد", "علي")
    assert name_key("Mohammed", "Ali") != name_key("Mohammed", "Hassan")


def test_find_duplicates_compares_only_records_that_share_a_key():
    records = [
        person(1, "Mohammed", "Ali"),
        person(2, "Muhammad", "Ali", phone="0151 1111111"),
        person(3, "Olena", "Melnyk", dt.date(2001, 1, 1)),
        person(4, "Iryna", "Kovalenko", dt.date(2002, 2, 2)),
    ]
    found = find_duplicates(records)
    assert [(m.a, m.b) for m in found.matches] == [(1, 2)]
    assert found.compared == 1  # 3 and 4 share nothing with anyone


def test_candidates_for_a_new_record():
    new = person(0, "Yusuf", "Al-Hassan")
    others = [person(7, "Youssef", "Hassan"), person(8, "Yusuf", "Schmidt")]
    found = candidates_for(new, others)
    assert [(m.a, m.b) for m in found] == [(0, 7)]
