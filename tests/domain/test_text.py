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
