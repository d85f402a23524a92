"""Times typed into a zone: a time the clocks skip is moved forward and warned about, a repeated one is
the first (or the second, with fold=1) and warned about, a plain one passes silently."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz

from netdesk.domain.zones import resolve, resolve_local

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_time_in_the_spring_gap_is_the_time_the_clocks_show_then_with_a_warning():
    at, warning = resolve_local(dt.datetime(2026, 3, 29, 2, 30), BERLIN)
    assert at == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
    assert at.isoformat() == "2026-03-29T03:30:00+02:00"  # what is stored says what it means
    assert "02:30 does not exist in Europe/Berlin" in warning and "03:30 (+0200)" in warning


def test_a_repeated_time_is_the_first_unless_fold_says_the_second():
    at, warning = resolve_local(dt.datetime(2026, 10, 25, 2, 30), BERLIN)
    assert at.isoformat() == "2026-10-25T02:30:00+02:00"
    assert "happens twice" in warning and "the first, 02:30 (+0200)" in warning
    assert "2026-10-25T02:30+01:00" in warning  # how to say the other one
    second, warning = resolve_local(dt.datetime(2026, 10, 25, 2, 30, fold=1), BERLIN)
    assert second.timestamp() - at.timestamp() == 3600 and "the second" in warning


@pytest.mark.parametrize("naive", [dt.datetime(2026, 3, 29, 1, 59), dt.datetime(2026, 3, 29, 3, 0),
                                   dt.datetime(2026, 10, 25, 1, 59), dt.datetime(2026, 10, 25, 3, 0),
                                   dt.datetime(2026, 7, 1, 10, 0)])
def test_ordinary_times_pass_unchanged_and_silently(naive):
    at, warning = resolve_local(naive, BERLIN)
    assert warning is None and at.replace(tzinfo=None) == naive and at.tzinfo is BERLIN


def test_a_posix_rule_zone_and_a_half_hour_change_are_understood():
    eastern = tz.tzstr("EST5EDT,M3.2.0,M11.1.0", posix_offset=True)
    at, warning = resolve_local(dt.datetime(2026, 3, 8, 2, 30), eastern)
    assert at == dt.datetime(2026, 3, 8, 7, 30, tzinfo=dt.UTC) and "does not exist" in warning
    at, warning = resolve_local(dt.datetime(2026, 4, 5, 1, 45), ZoneInfo("Australia/Lord_Howe"))
    assert "back 30 minutes" in warning and at.utcoffset() == dt.timedelta(hours=11)


def test_a_fixed_offset_names_its_instant_exactly():
    typed = dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert resolve(typed) == (typed, None)
    at, warning = resolve(dt.datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN))
    assert at.isoformat() == "2026-03-29T03:30:00+02:00" and warning
