"""Prints {"UID": unix seconds of DTSTART} for every VEVENT of an .ics file, as libical reads it.

Run by the system python (/usr/bin/python3), which has PyGObject and libical's introspection data
(Debian: python3-gi, gir1.2-ical-3.0); the project's venv has neither.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

with open(sys.argv[1], encoding="utf-8") as handle:
    calendar = ICalGLib.Component.new_from_string(handle.read())
starts = {}
event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
while event is not None:
    start = event.get_dtstart()  # its zone is the VTIMEZONE of the enclosing calendar
    starts[event.get_uid()] = start.as_timet_with_zone(start.get_timezone())
    event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
print(json.dumps(starts))
