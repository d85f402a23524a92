import pytest

from netdesk.domain.dates import parse_date
from netdesk.domain.text import fold, initials
from netdesk.errors import InvalidValue


@pytest.mark.parametrize(
    ("raw", "folded"),
    [("Ångström", "angstrom"), ("ZOË  Müller", "zoe muller"), ("Łukasz Żółw", "lukasz zolw"), ("山田太郎", "山田太郎"),
     ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"), ("Straße", "strasse"), ("Ørsted", "orsted")],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_initials():
    assert initials("Zoë Ångström") == "ZÅ"
    assert initials("山田太郎") == "山"
    assert initials("") == "?"


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-2-3", "tomorrow", "", "2026-13-01"])
def test_bad_dates_are_refused(bad):
    with pytest.raises(InvalidValue):
        parse_date(bad)


def test_initials_in_other_scripts():
    # Arabic: two letters kept apart (a ZWNJ) so they do not join into a word.
    assert initials("محمد علي") == "م\u200cع"
    assert initials("דוד כהן") == "דכ"  # Hebrew: reading order, rendered right to left
    assert initials("山田 太郎") == "山"  # Japanese written with a space: still the family name
    assert initials("김민준") == "김"
    assert initials("王小明") == "王"
    assert initials("प्रिया शर्मा") == "प्रिश"  # whole conjuncts with their vowel signs
    assert initials("เอก ชัย") == "อช"  # Thai: the consonant, not the leading vowel
    assert initials("(Bob) Smith") == "BS"
    assert initials("Ann & Bob") == "AB"
    assert initials("Cher") == "CH"
    assert initials("E\u0301mile Zola") == "ÉZ"  # decomposed accents stay on their letter
