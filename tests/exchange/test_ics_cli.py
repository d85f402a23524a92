"""`export-ics` from the outside, as CLI.md promises it."""

from __future__ import annotations

import icalendar

from netdesk.domain.kinds import ReminderKind


def _events(path):
    return {str(c["UID"]): c for c in icalendar.Calendar.from_ical(path.read_bytes()).walk()
            if c.name in ("VEVENT", "VTODO")}


def test_export_ics_with_options(cli, tmp_path):
    assert cli("contact", "add", "Zoë Ångström").returncode == 0
    assert cli("favour", "Zoë Ångström", "an intro", "--on", "2026-03-01").returncode == 0
    target = tmp_path / "out.ics"
    done = cli("export-ics", str(target), "--todo", "--alarm", "07:45")
    assert done.returncode == 0, done.stderr
    [todo] = _events(target).values()
    assert todo.name == "VTODO" and "Zoë Ångström" in str(todo["SUMMARY"])
    assert [str(c) for c in todo["CATEGORIES"].cats] == [ReminderKind.THANK_YOU.value]
    assert todo.subcomponents[0].decoded("TRIGGER").total_seconds() == 7 * 3600 + 45 * 60


def test_a_bad_alarm_is_refused_and_nothing_written(cli, tmp_path):
    target = tmp_path / "out.ics"
    for bad in ("25:00", "9", "noon", "09:60"):
        result = cli("export-ics", str(target), "--alarm", bad)
        assert result.returncode == 1 and result.stderr.startswith("error:"), (bad, result.stderr)
    assert not target.exists()


def test_keep_updated_rewrites_the_file_after_each_write_command(cli, tmp_path):
    target = tmp_path / "live.ics"
    assert cli("export-ics", str(target), "--keep-updated").returncode == 0
    assert _events(target) == {}
    assert cli("contact", "add", "Zoë Ångström").returncode == 0
    added = cli("favour", "Zoë Ångström", "an intro", "--on", "2026-03-01")
    assert added.returncode == 0, added.stderr
    [event] = _events(target).values()
    assert "Zoë Ångström" in str(event["SUMMARY"]) and event["STATUS"] == "CONFIRMED"
    assert cli("thank", "Zoë Ångström", "--on", "2026-03-02").returncode == 0
    [closed] = _events(target).values()
    assert closed["UID"] == event["UID"] and closed["STATUS"] == "CANCELLED"
    assert int(closed["SEQUENCE"]) > int(event["SEQUENCE"])
    assert cli("export-ics", str(tmp_path / "x.ics"), "--keep-updated", "--with-notes").returncode == 1
