"""Every reader places every meeting at the same instant: icalendar, vobject, Mozilla's ical.js and libical,
on the file as exported, with its TZIDs renamed (so no reader can look the zone up by name instead of
reading the VTIMEZONE), and as Radicale stores it (vobject's re-serialisation).

Meetings: the 15th of every month at 10:00 over several years, and around every change of offset (the
local times of the change day, a minute and an hour either side of the instant) in zones north and
south, without DST, with a rule that changed (America/Nuuk, America/Sao_Paulo), with a rule that is no
nth-weekday (Asia/Jerusalem's Friday before the last Sunday) and with no rule at all (Africa/Casablanca).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from netdesk.exchange import ics
from netdesk.exchange.ics import IcsOptions, MeetingEntry
from tests.exchange.parsers import readers

YEARS = range(2026, 2031)
ZONES = {
    "Europe/Berlin": YEARS,
    "America/New_York": YEARS,
    "Australia/Sydney": YEARS,
    "Asia/Kolkata": YEARS,
    "Asia/Jerusalem": YEARS,
    "Africa/Casablanca": YEARS,
    "America/Nuuk": range(2021, 2027),
    "America/Sao_Paulo": range(2017, 2021),
}
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HOUR = 3600


def _changes(zone: ZoneInfo, year: int) -> list[int]:
    """The first second of each hour in which the zone's offset changes (an hourly walk, independent of
    the exporter's own search)."""
    ts = int(dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC).timestamp())
    found, offset = [], dt.datetime.fromtimestamp(ts, zone).utcoffset()
    while ts < end:
        ts += HOUR
        now = dt.datetime.fromtimestamp(ts, zone).utcoffset()
        if now != offset:
            found.append(ts - HOUR)
            offset = now
    return found


def _instants(tzid: str, years: range) -> set[int]:
    zone = ZoneInfo(tzid)
    instants = {int(dt.datetime(y, m, 15, 10, tzinfo=zone).timestamp()) for y in years for m in range(1, 13)}
    for year in years:
        for hour in _changes(zone, year):
            instants |= {hour + delta for delta in (-HOUR - 60, -60, 0, 60, 30 * 60, HOUR, HOUR + 60, 2 * HOUR)}
            day = dt.datetime.fromtimestamp(hour, zone).date()
            for local in (dt.time(0, 0), dt.time(1, 30), dt.time(2, 0), dt.time(2, 30), dt.time(3, 0),
                          dt.time(12, 0), dt.time(23, 59)):
                instants.add(int(dt.datetime.combine(day, local, tzinfo=zone).timestamp()))
    return instants


def _meetings() -> list[MeetingEntry]:
    entries = []
    for tzid, years in ZONES.items():
        for ts in sorted(_instants(tzid, years)):
            start = dt.datetime.fromtimestamp(ts, ZoneInfo(tzid))
            entries.append(MeetingEntry(uid=f"{ts}-{tzid}@test", contact="Ada", start=start, tzid=tzid,
                                        duration=dt.timedelta(minutes=45), purpose="", location="", description=""))
    return entries


def _calendar(entries: list[MeetingEntry]) -> bytes:
    """The calendar as services/calendar.py assembles it: the VTIMEZONEs, then the events."""
    events = [ics.meeting_component(entry, 0, STAMP, IcsOptions()).to_ical() for entry in entries]
    return ics.assemble([*ics.vtimezones(entries), *events])


@functools.cache
def _exported() -> tuple[bytes, dict[str, int]]:
    entries = _meetings()
    return _calendar(entries), {entry.uid: int(entry.start.timestamp()) for entry in entries}


def _renamed(data: bytes) -> bytes:
    for tzid in ZONES:
        for sep in (b":", b"="):
            data = data.replace(b"TZID" + sep + tzid.encode(), b"TZID" + sep + f"X-Renamed-{tzid}".encode())
    return data


VARIANTS = {
    "as exported": lambda data: data,
    "TZIDs renamed": _renamed,
    "as Radicale stores it": readers.as_radicale_stores_it,
    "renamed, as Radicale stores it": lambda data: readers.as_radicale_stores_it(_renamed(data)),
}


@functools.cache
def _variant(name: str) -> bytes:
    return VARIANTS[name](_exported()[0])


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("reader", readers.READERS)
def test_every_reader_places_every_meeting_at_its_instant(reader, variant, tmp_path: Path):
    expected = _exported()[1]
    path = tmp_path / "meetings.ics"
    path.write_bytes(_variant(variant))
    got = readers.starts(reader, path)
    wrong = {uid: (dt.datetime.fromtimestamp(got.get(uid, 0), dt.UTC).isoformat(),
                   dt.datetime.fromtimestamp(want, dt.UTC).isoformat())
             for uid, want in expected.items() if got.get(uid) != want}
    assert not wrong, f"{len(wrong)} of {len(expected)} misplaced (got, wanted): {list(wrong.items())[:8]}"


def test_the_issues_meeting_is_at_08_utc_in_every_reader(tmp_path: Path):
    # 2027-07-01 10:00 in Berlin: vobject used to keep only the first RDATE and said 09:00Z.
    start = dt.datetime(2027, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    entry = MeetingEntry(uid="issue@test", contact="Ada", start=start, tzid="Europe/Berlin",
                         duration=dt.timedelta(hours=1), purpose="", location="", description="")
    path = tmp_path / "one.ics"
    path.write_bytes(readers.as_radicale_stores_it(_calendar([entry])))
    want = int(dt.datetime(2027, 7, 1, 8, 0, tzinfo=dt.UTC).timestamp())
    for reader in readers.READERS:
        assert readers.starts(reader, path) == {"issue@test": want}, reader


def _vtimezone(tzid: str, first: int, last: int) -> icalendar.Timezone:
    return icalendar.Calendar.from_ical(ics.assemble([ics.vtimezone_bytes(tzid, first, last)])).walk("VTIMEZONE")[0]


def test_berlin_changes_at_the_local_time_before_the_change_by_the_eu_rule():
    zone = _vtimezone("Europe/Berlin", 2025, 2028)
    daylight, = zone.walk("DAYLIGHT")
    assert daylight.decoded("dtstart").time() == dt.time(2, 0)
    assert daylight["rrule"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    standard = [s for s in zone.walk("STANDARD") if "RRULE" in s]
    assert [s.decoded("dtstart").time() for s in standard] == [dt.time(3, 0)]
    assert standard[0]["rrule"] == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}


def test_new_york_and_jerusalem_rules():
    daylight, = _vtimezone("America/New_York", 2025, 2028).walk("DAYLIGHT")
    assert daylight["rrule"]["BYDAY"] == ["2SU"] and daylight.decoded("dtstart").time() == dt.time(2, 0)
    daylight, = _vtimezone("Asia/Jerusalem", 2025, 2028).walk("DAYLIGHT")
    # Friday on or after the 23rd, as the tz database says it: no nth weekday fits every year.
    assert daylight["rrule"]["BYDAY"] == ["FR"] and daylight["rrule"]["BYMONTHDAY"] == list(range(23, 30))


@pytest.mark.parametrize("tzid", ["Europe/Berlin", "Africa/Casablanca", "America/Sao_Paulo", "America/Nuuk",
                                  "Asia/Kolkata", "Australia/Sydney"])
def test_no_comment_in_vtimezone_and_one_rdate_per_line(tzid):
    text = ics.vtimezone_bytes(tzid, 2016, 2031).decode()
    assert "COMMENT" not in text
    rdates = [line for line in text.splitlines() if line.startswith("RDATE")]
    assert all("," not in line for line in rdates), rdates
    if tzid == "Africa/Casablanca":  # Ramadan moves: no yearly rule, every change dated
        assert "RRULE" not in text and len(rdates) > 20


def test_both_occurrences_of_a_repeated_hour_are_written_in_utc():
    # 02:30 comes twice on 2026-10-25 in Berlin; readers disagree which one a TZID time means.
    first = dt.datetime(2026, 10, 25, 2, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert ics.nameable(first) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    assert ics.nameable(first.replace(fold=1)) == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
    usual = dt.datetime(2026, 10, 25, 3, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert ics.nameable(usual) is usual
