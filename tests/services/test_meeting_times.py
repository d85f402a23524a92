"""A meeting typed at a time the clocks skip or repeat is stored at one instant, its brief and calendar
event say that instant, and the user is warned; TZ as a POSIX rule is the zone a bare time is in."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import icalendar

from netdesk.services import contacts, meetings
from tests.conftest import TODAY

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_meeting_in_the_spring_gap_is_stored_as_the_clocks_show_it_and_warned_about(store):
    ana = contacts.add_contact("Ana Lima", today=TODAY)
    done = meetings.add_meeting(ana.id, dt.datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN), today=TODAY,
                                purpose="coffee")
    assert len(done.warnings) == 1 and "does not exist in Europe/Berlin" in done.warnings[0]
    brief = meetings.meeting_brief(done.id, TODAY)
    assert "2026-03-29 03:30 (+0200)" in brief.splitlines()[0], brief


def test_an_ordinary_meeting_has_no_warning(store):
    ana = contacts.add_contact("Ana Lima", today=TODAY)
    done = meetings.add_meeting(ana.id, dt.datetime(2026, 7, 1, 10, 0, tzinfo=BERLIN), today=TODAY, purpose="x")
    assert done.warnings == ()


def _meeting_start(cli, tmp_path, env) -> dt.datetime:
    out = tmp_path / "cal.ics"
    assert cli("export-ics", str(out), env=env).returncode == 0
    event = next(iter(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")))
    return event.decoded("dtstart")


def test_cli_warns_about_a_skipped_time_and_stores_what_it_says(cli, tmp_path):
    env = {"TZ": "Europe/Berlin"}
    assert cli("contact", "add", "Ana Lima", env=env).returncode == 0
    made = cli("meeting", "add", "Ana Lima", "--at", "2026-03-29T02:30", "--purpose", "coffee", "--json", env=env)
    assert made.returncode == 0, made.stderr
    assert "warning: 2026-03-29 02:30 does not exist in Europe/Berlin" in made.stderr
    assert json.loads(made.stdout)["warnings"]
    start = _meeting_start(cli, tmp_path, env)
    assert start == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC) and start.strftime("%H:%M") == "03:30"


def test_cli_honours_tz_as_a_posix_rule(cli, tmp_path):
    env = {"TZ": "EST5EDT,M3.2.0,M11.1.0"}
    assert cli("contact", "add", "Ana Lima", env=env).returncode == 0
    made = cli("meeting", "add", "Ana Lima", "--at", "2026-07-01T10:00", "--purpose", "lunch", env=env)
    assert made.returncode == 0, made.stderr
    assert _meeting_start(cli, tmp_path, env) == dt.datetime(2026, 7, 1, 14, 0, tzinfo=dt.UTC)  # EDT, not UTC
