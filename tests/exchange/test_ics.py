import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from netdesk.exchange.ics import IcsOptions
from netdesk.services import calendar, contacts, recording


def _events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]


def test_export_parses_back_with_stable_uid_and_alarm(store, today, tmp_path):
    zoe = contacts.add_contact("Zoë Ångström", today=today)
    recording.record_favour(zoe.id, "intro", on=dt.date(2026, 3, 1), today=today)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    before = dt.date(2026, 3, 2)  # rendered before the due day (an overdue one is shown on the day of export)
    calendar.export_ics(first, IcsOptions(), before)
    calendar.export_ics(second, IcsOptions(), before)
    [a], [b] = _events(first), _events(second)
    assert a["UID"] == b["UID"]
    assert a.decoded("DTSTART") == dt.date(2026, 3, 3)
    assert not isinstance(a.decoded("DTSTART"), dt.datetime)
    assert "Zoë Ångström" in str(a["SUMMARY"])
    assert a["STATUS"] == "CONFIRMED"
    assert [c.name for c in a.subcomponents] == ["VALARM"]
    assert a.subcomponents[0].decoded("TRIGGER") == dt.timedelta(hours=9)

    recording.record_thanks(zoe.id, on=dt.date(2026, 3, 2), today=today)
    calendar.export_ics(first, IcsOptions(), before)
    [done] = _events(first)
    assert done["UID"] == a["UID"]
    assert done["STATUS"] == "CANCELLED"
    assert int(done["SEQUENCE"]) > int(a["SEQUENCE"])


def test_export_to_unwritable_place_is_a_clear_error_and_leaves_old_file(store, today, tmp_path):
    from netdesk.errors import UserFacingError

    target = tmp_path / "missing-folder" / "x.ics"
    with pytest.raises(UserFacingError, match="cannot write"):
        calendar.export_ics(target, IcsOptions())


def test_khal_lists_the_thank_you(store, tmp_path):
    khal = shutil.which("khal") or str(Path(sys.executable).parent / "khal")
    if not Path(khal).exists():
        pytest.skip("khal is not installed (it comes with the test extra)")
    today = dt.date(2026, 3, 1)
    zoe = contacts.add_contact("Zoë Ångström", today=today)
    recording.record_favour(zoe.id, "intro", on=today, today=today)
    ics = tmp_path / "netdesk.ics"
    calendar.export_ics(ics, IcsOptions(), today)
    caldir = tmp_path / "cal"
    caldir.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[netdesk]]\npath = {caldir}\n[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "default_timezone = UTC\nlocal_timezone = UTC\n[default]\ndefault_calendar = netdesk\n"
    )
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC"}
    imported = subprocess.run([khal, "-c", str(config), "import", "--batch", "-a", "netdesk", str(ics)],
                              capture_output=True, text=True, env=env, timeout=60)
    assert imported.returncode == 0, imported.stderr
    listed = subprocess.run([khal, "-c", str(config), "list", "2026-03-01", "2026-03-05"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert "Thank Zoë Ångström" in listed.stdout
    assert "2026-03-03" in listed.stdout
