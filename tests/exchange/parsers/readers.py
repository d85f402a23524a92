"""Independent iCalendar readers, each asked the same question: at which instant does every VEVENT start?

icalendar and vobject are in the venv; ical.js (npm, run by node) and libical (Debian's gir1.2-ical-3.0,
run by the system python through PyGObject) come from install.sh beside this file. A reader that is not
installed skips its tests, except under CI=true, where CI must really check: then it fails them.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest
import vobject

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
READERS = ("icalendar", "vobject", "ical.js", "libical")


def _missing(why: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why}; CI must check every reader (tests/exchange/parsers/install.sh installs them)")
    pytest.skip(f"{why} (run tests/exchange/parsers/install.sh)")


@functools.cache
def _absent(reader: str) -> str:
    """Why `reader` cannot run here, or '' when it can."""
    if reader == "ical.js":
        if shutil.which("node") is None:
            return "node is not installed"
        if not (HERE / "node_modules" / "ical.js" / "package.json").exists():
            return "ical.js is not installed under tests/exchange/parsers/node_modules"
    if reader == "libical":
        if not Path(SYSTEM_PYTHON).exists():
            return f"{SYSTEM_PYTHON} is not there"
        probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
                               capture_output=True, text=True, timeout=60)
        if probe.returncode != 0:
            return "libical's GObject bindings (python3-gi, gir1.2-ical-3.0) are not installed"
    return ""


def require(reader: str) -> None:
    why = _absent(reader)
    if why:
        _missing(why)


def _run(command: list[str]) -> dict[str, int]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=HERE)
    assert done.returncode == 0, f"{command[0]} failed: {done.stderr[-2000:]}"
    return {uid: int(start) for uid, start in json.loads(done.stdout).items()}


def starts(reader: str, path: Path) -> dict[str, int]:
    """UID -> DTSTART as Unix seconds, as `reader` understands the file at `path`."""
    require(reader)
    if reader == "icalendar":
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        return {str(e["uid"]): int(e.decoded("dtstart").timestamp()) for e in calendar.walk("VEVENT")}
    if reader == "vobject":
        calendar = vobject.readOne(path.read_text(encoding="utf-8"))
        return {e.uid.value: int(e.dtstart.value.timestamp()) for e in calendar.vevent_list}
    if reader == "ical.js":
        return _run(["node", str(HERE / "icaljs_times.mjs"), str(path)])
    if reader == "libical":
        return _run([SYSTEM_PYTHON, str(HERE / "libical_times.py"), str(path)])
    raise ValueError(reader)


def as_radicale_stores_it(data: bytes) -> bytes:
    """vobject's re-serialisation (Radicale keeps that, and every CalDAV client then reads it)."""
    return vobject.readOne(data.decode("utf-8")).serialize().encode("utf-8")
