"""iCalendar data (an exported .ics, or a CalDAV server's objects) as capture `Event`s, one per occurrence.

Parsed with `icalendar`; recurring events are expanded with `recurring-ical-events`, which also applies
the moved and cancelled occurrences (RECURRENCE-ID, EXDATE) of the series. An occurrence's key is its UID
and its RECURRENCE-ID (its original start), so a moved meeting is the same occurrence it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import icalendar
import recurring_ical_events

from netdesk.domain.capture import Event, Person, email_key

EARLIEST = dt.date(1970, 1, 1)


class NotCalendar(ValueError):
    """Bytes that are not iCalendar data."""


def _person(value) -> tuple[Person | None, str]:
    text = str(value or "").strip()
    address = text[7:] if text.lower().startswith("mailto:") else text
    if "@" not in address:
        return None, ""
    params = getattr(value, "params", {}) or {}
    return Person(email_key(address), str(params.get("CN", "")).strip()), str(params.get("PARTSTAT", "")).upper()


def _attendees(component) -> tuple[list[Person], set[str]]:
    raw = component.get("ATTENDEE") or []
    attending, declined = [], set()
    for value in raw if isinstance(raw, list) else [raw]:
        person, status = _person(value)
        if person is None:
            continue
        if status == "DECLINED":
            declined.add(person.email)
        else:
            attending.append(person)
    return attending, declined


def _iso(value) -> str:
    when = getattr(value, "dt", value)
    return when.isoformat() if hasattr(when, "isoformat") else str(when)


def parse(data: bytes) -> list[icalendar.Calendar]:
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError) as e:
        raise NotCalendar(f"not iCalendar data ({e})") from None
    if not calendars:
        raise NotCalendar("not iCalendar data (no VCALENDAR)")
    return calendars


def events(calendars: list[icalendar.Calendar], start: dt.date, end: dt.date) -> Iterator[Event]:
    """Every occurrence starting in [start, end) of every VEVENT."""
    for calendar in calendars:
        try:
            occurrences = recurring_ical_events.of(calendar).between(start, end)
        except (ValueError, TypeError) as e:
            raise NotCalendar(f"an event cannot be expanded ({e})") from None
        for component in occurrences:
            if component.name != "VEVENT" or "DTSTART" not in component:
                continue
            uid = str(component.get("UID", "")) or _iso(component["DTSTART"]) + str(component.get("SUMMARY", ""))
            rid = component.get("RECURRENCE-ID")
            attendees, declined = _attendees(component)
            organiser, _ = _person(component.get("ORGANIZER"))
            yield Event(f"ics:{uid}/{_iso(rid if rid is not None else component['DTSTART'])}",
                        component["DTSTART"].dt, " ".join(str(component.get("SUMMARY", "")).split()), organiser,
                        tuple(attendees), frozenset(declined), str(component.get("STATUS", "")).upper() == "CANCELLED")
