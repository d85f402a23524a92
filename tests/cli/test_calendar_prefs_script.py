"""Calendars (issue 19 item 17), on a real store: the export uses the calendar preferences like the feed
does (one place turns them into IcsOptions), and an overdue open reminder is shown on today's date,
marked overdue, in the file the real CLI writes; a closed one stays on its own day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import icalendar

from netdesk.services import calendar, contacts, recording


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _events(path) -> list:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_overdue_open_reminders_are_on_today_marked_overdue(cli, tmp_path):
    today = dt.date.today()
    ana = json.loads(_ok(cli("contact", "add", "Ana Lima", "--json")))["id"]
    bob = json.loads(_ok(cli("contact", "add", "Bob Smith", "--json")))["id"]
    _ok(cli("favour", str(ana), "introduced me to Dan", "--on", (today - dt.timedelta(days=10)).isoformat()))
    _ok(cli("favour", str(bob), "lent me a book", "--on", (today - dt.timedelta(days=9)).isoformat()))
    _ok(cli("thank", str(bob)))  # closed: it stays on its own day
    _ok(cli("favour", str(bob), "a second favour", "--on", today.isoformat()))  # due ahead: as it was

    path = tmp_path / "cal.ics"
    _ok(cli("export-ics", str(path)))

    by_summary = {str(e["SUMMARY"]): e for e in _events(path) if "CANCELLED" not in str(e.get("STATUS"))}
    overdue = by_summary["Overdue: Thank Ana Lima"]
    assert overdue["DTSTART"].dt == today and overdue["DTEND"].dt == today + dt.timedelta(days=1)
    assert f"it was due on {(today - dt.timedelta(days=8)).isoformat()}" in str(overdue["DESCRIPTION"])
    (alarm,) = overdue.walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == "Overdue: Thank Ana Lima"
    bobs = sorted((e["DTSTART"].dt, str(e["STATUS"])) for e in _events(path) if str(e["SUMMARY"]) == "Thank Bob Smith")
    # thanked: done (a VEVENT says CANCELLED) on its own day; the new one ahead, as it was
    assert bobs == [(today - dt.timedelta(days=7), "CANCELLED"), (today + dt.timedelta(days=2), "CONFIRMED")]

    _ok(cli("export-ics", str(path), "--todo"))
    todo = next(t for t in icalendar.Calendar.from_ical(path.read_bytes()).walk("VTODO")
                if str(t["SUMMARY"]) == "Overdue: Thank Ana Lima")
    assert todo["DUE"].dt == today


def test_the_export_uses_the_stored_calendar_preferences(store, today, tmp_path):
    ana = contacts.add_contact("Ana Lima", today=today).id
    recording.record_favour(ana, "a favour", on=today, today=today)
    calendar.save_settings(dataclasses.replace(calendar.load_settings(), todo=True, alarm=dt.time(7, 30),
                                               birthday_alarm=dt.time(8, 0)))

    options = calendar.export_options()
    assert (options.todo, options.alarm, options.birthday_alarm, options.with_notes) == \
        (True, dt.time(7, 30), dt.time(8, 0), False)
    assert options == calendar.load_settings().options  # the feed's and the automatic export's options
    assert calendar.export_options(todo=False, alarm=dt.time(6, 0)).todo is False

    path = tmp_path / "window.ics"
    calendar.export_ics(path, calendar.export_options(), today)
    (todo,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VTODO")
    (alarm,) = todo.walk("VALARM")
    assert alarm["TRIGGER"].dt == dt.timedelta(hours=7, minutes=30)
    assert path.read_bytes() == calendar.render(calendar.load_settings().options, today).data
