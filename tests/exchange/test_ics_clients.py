"""Real calendar programs read the exported file: khal lists each reminder on its day, the meeting at its time."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk.domain.kinds import ReminderKind
from netdesk.exchange.ics import IcsOptions
from netdesk.services import calendar
from tests.exchange import ics_data


def _khal() -> str:
    khal = shutil.which("khal") or str(Path(sys.executable).parent / "khal")
    if not Path(khal).exists():
        pytest.skip("khal is not installed (it comes with the test extra)")
    return khal


def _khal_env(tmp_path: Path) -> tuple[Path, dict]:
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
    return config, env


def test_khal_lists_every_kind_on_its_day_and_the_meeting_at_its_time(store, today, tmp_path):
    khal = _khal()
    data = ics_data.populate(today)
    ics = tmp_path / "netdesk.ics"
    # Rendered on the first due day: none is overdue yet (an overdue one would be shown on that day).
    calendar.export_ics(ics, IcsOptions(), today=ics_data.BASE_DAY)
    config, env = _khal_env(tmp_path)
    imported = subprocess.run([khal, "-c", str(config), "import", "--batch", "-a", "netdesk", str(ics)],
                              capture_output=True, text=True, env=env, timeout=60)
    assert imported.returncode == 0, imported.stderr
    listed = subprocess.run(
        [khal, "-c", str(config), "list", "--format", "{start-date} {start-time} {title}", "--day-format", "",
         "2026-03-01", "2026-03-20"],
        capture_output=True, text=True, env=env, timeout=60)
    assert listed.returncode == 0, listed.stderr
    lines = [" ".join(line.split()) for line in listed.stdout.splitlines() if line.strip()]
    for kind in ReminderKind:
        assert f"{data['due'][kind].isoformat()} {kind.value} Zoë Ångström" in lines, (kind, lines)
    # 14:30 in Paris (UTC+1 in March) is 13:30 UTC: the VTIMEZONE was understood.
    assert "2026-03-12 13:30 Meeting with Zoë Ångström: talk about the data team" in lines, lines
    assert all(not line.startswith(dt.date(2026, 3, 1).isoformat()) for line in lines)
