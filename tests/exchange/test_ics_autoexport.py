"""Auto-export: the calendar file follows every change, and a reader never sees half of it."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import icalendar
import pytest

from netdesk.domain.kinds import ReminderKind
from netdesk.services import autoexport, calendar
from netdesk.store.models import Reminder
from tests.exchange import ics_data


def _turn_on(path) -> None:
    calendar.save_settings(replace(calendar.load_settings(), export_path=str(path), auto_export=True))


def test_off_by_default_and_on_after_the_setting(store, today, tmp_path):
    ics_data.populate(today)
    target = tmp_path / "auto" / "netdesk.ics"
    target.parent.mkdir()
    assert autoexport.after_change(today) is None and not target.exists()
    _turn_on(target)
    assert autoexport.after_change(today) == target
    first = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(first.walk("VEVENT")) == len(ReminderKind) + 2
    Reminder.update(title="Changed title", sequence=Reminder.sequence + 1).where(
        Reminder.uid == ics_data.uid_for(ReminderKind.FOLLOW_UP, 1)).execute()
    autoexport.after_change(today)
    assert b"Changed title" in target.read_bytes()


def test_settings_refuse_auto_export_without_a_file(store):
    from netdesk.errors import InvalidValue

    with pytest.raises(InvalidValue, match="needs a file"):
        calendar.save_settings(replace(calendar.load_settings(), auto_export=True, export_path=" "))


def test_a_failing_auto_export_is_a_warning_not_an_error(store, today, tmp_path):
    _turn_on(tmp_path / "gone" / "netdesk.ics")
    ics_data.populate(today)
    warning = autoexport.after_command("contact", today)
    assert warning and "automatic calendar export failed" in warning


def test_a_reader_never_sees_a_partial_file(store, today, tmp_path):
    data = ics_data.populate(today)
    zoe = data["contact"]
    for n in range(300):  # a file of a few hundred kB, so a torn write would show
        ics_data.add_reminder(zoe, ReminderKind.KEEP_IN_TOUCH, today + dt.timedelta(days=n), n=1000 + n,
                              detail="x" * 200)
    target = tmp_path / "live.ics"
    _turn_on(target)
    autoexport.after_change(today)
    stop = threading.Event()
    seen: list[int] = []
    bad: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            raw = target.read_bytes()
            if not (raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")):
                bad.append(f"torn file of {len(raw)} bytes")
                continue
            seen.append(raw.count(b"BEGIN:VEVENT"))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(25):
            Reminder.update(title=f"Keep in touch, round {n}", sequence=Reminder.sequence + 1).where(
                Reminder.source_id == 1000 + n).execute()
            autoexport.after_change(today)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not bad
    assert seen and set(seen) == {len(ReminderKind) + 2 + 300}
    assert b"round 24" in target.read_bytes()
