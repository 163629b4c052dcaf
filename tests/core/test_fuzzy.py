"""Text comparison without Django (kausa.core.fuzzy)."""

from __future__ import annotations

import pytest

from kausa.core.fuzzy import (
    email_key,
    fold_spelling,
    jaro_winkler,
    pairs_from_blocks,
    phone_key,
    to_latin,
    vowel_similarity,
)


@pytest.mark.parametrize(
    "phone",
    ["0151 2345678", "+49 151 2345678", "0049 151 2345678", "+49 (0)151 234-56-78", "0151/2345678"],
)
def test_phone_numbers_in_every_format_give_one_key(phone):
    assert phone_key(phone) == "01512345678"


def test_short_phone_numbers_are_no_key():
    assert phone_key("112") == ""


def test_email_key():
    assert email_key(" Max.Mustermann+kausa@GoogleMail.com ") == "maxmustermann@gmail.com"
    assert email_key("not an address") == ""


def test_scripts_to_latin():
    assert to_latin("Шевченко") == "shevchenko"
    assert to_latin("Yılmaz") == "yilmaz"
    assert to_latin("محمد") == "mhmd"
    assert to_latin("الحسن") == "hsn"  # the article goes


def test_spelling_habits():
    assert fold_spelling("youssef") == fold_spelling("jussef") == "yusef"
    assert fold_spelling("schewtschenko") == fold_spelling("shevchenko")


def test_vowels_count_less_than_consonants():
    assert vowel_similarity("mohamed", "muhamad") > vowel_similarity("rania", "laila")
    assert vowel_similarity("mhmd", "muhamad", unwritten_a=True) > 0.95
    assert vowel_similarity("karimi", "karmii") > 0.85  # two letters swapped: one slip


def test_jaro_winkler_bounds():
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.961, abs=0.001)
    assert jaro_winkler("", "a") == 0.0


def test_blocks_give_pairs_and_skip_blocks_that_are_too_large():
    pairs, skipped = pairs_from_blocks({1: {"a"}, 2: {"a", "b"}, 3: {"b"}, 4: {"c"}}, max_block=2)
    assert pairs == {(1, 2), (2, 3)}
    pairs, skipped = pairs_from_blocks({1: {"a"}, 2: {"a"}, 3: {"a"}}, max_block=2)
    assert pairs == set() and skipped == ["a"]
