"""iCalendar output through the icalendar package: one all-day event (or to-do) per reminder, timed
events for meetings, and the calendar assembled from components that were serialised once.

Why DTSTAMP is not "now": a published calendar has no METHOD, and for such a calendar RFC 5545
(3.8.7.2) says DTSTAMP is "the date and time that the information associated with the calendar
component was last revised in the calendar store". So DTSTAMP = LAST-MODIFIED = the reminder's
`updated_at`. That is what the RFC asks for, and it makes a component's bytes a pure function of its
row, so they can be cached and the feed's ETag only moves when something really changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from netdesk import __version__
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.exchange import vtimezone

PRODID = f"-//netdesk//netdesk {__version__}//EN"
CALNAME = "netdesk reminders"
REFRESH = dt.timedelta(hours=1)
# Bump when the shape of a component changes, so every cached body is rebuilt once.
FORMAT_VERSION = "5"
CALENDAR_END = b"END:VCALENDAR\r\n"

# The one-line "why" when the rule gave no detail of its own.
WHY = {
    ReminderKind.THANK_YOU: "They did you a favour: thank them, and offer to return it.",
    ReminderKind.FOLLOW_UP: "They gave you a lead: pursue it.",
    ReminderKind.CLOSE_THE_LOOP: "Tell them how their lead turned out.",
    ReminderKind.EXPECT_CALL: "You referred someone to them: tell them to expect a call.",
    ReminderKind.CHECK_BACK: "Ask the person you referred whether the contact helped.",
    ReminderKind.KEEP_IN_TOUCH: "Time to keep in touch: say hello, share news or a career update.",
    ReminderKind.PREPARE: "Prepare for tomorrow's meeting.",
    ReminderKind.BIRTHDAY: "Their birthday: send them a short greeting.",
    ReminderKind.ANNIVERSARY: "The anniversary of working together: send them a short note.",
}


@dataclass(frozen=True)
class IcsOptions:
    todo: bool = False
    alarm: dt.time = dt.time(9, 0)
    with_notes: bool = False
    birthday_alarm: dt.time | None = None  # birthdays' own alarm time; None: the same as the others'

    @property
    def key(self) -> str:
        """What, besides the row itself, decides a reminder's bytes (the cache's variant prefix)."""
        kind = "VTODO" if self.todo else "VEVENT"
        birthday = "" if self.birthday_alarm is None else f"b{self.birthday_alarm:%H%M}"
        return f"v{FORMAT_VERSION}/{kind}/{self.alarm:%H%M}{birthday}/{'notes' if self.with_notes else '-'}"

    def alarm_for(self, kind: ReminderKind) -> dt.time:
        if kind in (ReminderKind.BIRTHDAY, ReminderKind.ANNIVERSARY) and self.birthday_alarm is not None:
            return self.birthday_alarm
        return self.alarm


@dataclass(frozen=True, slots=True)
class ReminderEntry:
    """One reminder row as the calendar needs it (contact notes only filled in with --with-notes)."""

    uid: str
    kind: ReminderKind
    contact: str
    due: dt.date
    title: str
    detail: str
    status: ReminderStatus
    sequence: int
    created_at: dt.datetime
    updated_at: dt.datetime
    notes: str = ""
    overdue_on: dt.date | None = None  # an open reminder past its due date is shown on this day (today)


@dataclass(frozen=True, slots=True)
class MeetingEntry:
    uid: str
    contact: str
    start: dt.datetime  # aware, in the meeting's own zone
    tzid: str
    duration: dt.timedelta
    purpose: str
    location: str
    description: str
    notes: str = ""

    def digest(self) -> str:
        # FORMAT_VERSION is inside: a new shape of the event is a new revision (SEQUENCE grows).
        return digest((FORMAT_VERSION, self.uid, self.contact, self.start.isoformat(), self.tzid, self.duration,
                       self.purpose, self.location, self.description, self.notes))


def digest(values: tuple) -> str:
    """A short fingerprint of every input of a component; a cached body is valid while it matches.

    SEQUENCE alone is not enough: a contact rename changes SUMMARY without a new sequence.
    """
    return hashlib.blake2b(repr(values).encode(), digest_size=8).hexdigest()


def _status(status: ReminderStatus, todo: bool) -> str:
    if todo:
        return {ReminderStatus.DONE: "COMPLETED", ReminderStatus.CANCELLED: "CANCELLED"}.get(status, "NEEDS-ACTION")
    return "CANCELLED" if status in (ReminderStatus.DONE, ReminderStatus.CANCELLED) else "CONFIRMED"


def one_line(text: str) -> str:
    return " ".join(text.split())


def multi_line(text: str) -> str:
    """Line breaks as LF only: a bare CR is not text in iCalendar and readers disagree about it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def summary(entry: ReminderEntry) -> str:
    title, contact = one_line(entry.title), one_line(entry.contact)
    if contact and contact not in title:
        title = f"{title} ({contact})"
    return f"Overdue: {title}" if entry.overdue_on is not None else title


def reminder_description(entry: ReminderEntry, options: IcsOptions) -> str:
    """The one-line why; private notes only with --with-notes."""
    if entry.kind is ReminderKind.PREPARE:
        # The prepare brief lists recent interactions with their (private) notes, so only the
        # --with-notes export carries it whole; the meeting's own event has a brief without them.
        if options.with_notes and entry.detail.strip():
            return multi_line(entry.detail)
        return WHY[ReminderKind.PREPARE] + " The brief is in the meeting's event."
    description = one_line(entry.detail) or WHY.get(entry.kind, "")
    if entry.overdue_on is not None:
        description = f"Overdue: it was due on {entry.due.isoformat()}. {description}".rstrip()
    if options.with_notes and entry.notes.strip():
        description += f"\n\nNotes: {multi_line(entry.notes.strip())}"
    return description


def reminder_component(entry: ReminderEntry, options: IcsOptions) -> icalendar.cal.Component:
    """One reminder as an all-day VEVENT, or a VTODO, with an alarm at the configured time of day."""
    component = icalendar.Todo() if options.todo else icalendar.Event()
    component.add("uid", entry.uid)
    component.add("dtstamp", entry.updated_at)  # see the module docstring
    component.add("created", entry.created_at)
    component.add("last-modified", entry.updated_at)
    component.add("sequence", entry.sequence)
    component.add("summary", summary(entry))
    component.add("description", reminder_description(entry, options))
    component.add("categories", [entry.kind.value])
    day = entry.overdue_on or entry.due  # overdue and still open: on today, so the phone shows it
    if options.todo:
        # RFC 5545 wants DUE after DTSTART, so a one-day to-do carries DUE only; the alarm follows it.
        component.add("due", day)
        if entry.status is ReminderStatus.DONE:
            component.add("completed", entry.updated_at)
            component.add("percent-complete", 100)
    else:
        component.add("dtstart", day)
        component.add("dtend", day + dt.timedelta(days=1))
        component.add("transp", "TRANSPARENT")
    component.add("status", _status(entry.status, options.todo))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary(entry))
    # Relative to the all-day start (local midnight), like Nextcloud's birthday calendar.
    at = options.alarm_for(entry.kind)
    offset = dt.timedelta(hours=at.hour, minutes=at.minute)
    alarm.add("trigger", offset, parameters={"RELATED": "END"} if options.todo else None)
    component.add_component(alarm)
    return component


def reminder_bytes(entry: ReminderEntry, options: IcsOptions) -> bytes:
    return reminder_component(entry, options).to_ical()


def meeting_component(entry: MeetingEntry, sequence: int, stamp: dt.datetime,
                      options: IcsOptions) -> icalendar.cal.Component:
    """A timed VEVENT in the meeting's own zone (TZID; the calendar carries the VTIMEZONE)."""
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", sequence)
    title = f"Meeting with {entry.contact}" if entry.contact else "Meeting"
    title = one_line(title)
    event.add("summary", f"{title}: {one_line(entry.purpose)}" if entry.purpose.strip() else title)
    event.add("dtstart", nameable(entry.start))
    # Elapsed time, not wall-clock arithmetic (which zoneinfo does): a meeting across a change lasts as long.
    event.add("dtend", nameable((entry.start.astimezone(dt.UTC) + entry.duration).astimezone(entry.start.tzinfo)))
    if entry.location.strip():
        event.add("location", one_line(entry.location))
    description = multi_line(entry.description)
    if options.with_notes and entry.notes.strip():
        description += f"\n\nNotes: {multi_line(entry.notes.strip())}"
    event.add("description", description)
    event.add("categories", ["meeting"])
    event.add("status", "CONFIRMED")
    return event


def nameable(when: dt.datetime) -> dt.datetime:
    """`when` as every calendar reads it: local time with its TZID, except in the hour a change back
    repeats. RFC 5545 3.3.5 says such a time is the first occurrence; libical and ical.js take the
    second. Both occurrences are therefore written in UTC."""
    if when.replace(fold=1 - when.fold).utcoffset() != when.utcoffset():
        return when.astimezone(dt.UTC)
    return when


def zone(tzid: str) -> dt.tzinfo:
    """The meeting's zone; UTC (written as ...Z, no VTIMEZONE) when it is UTC or unknown."""
    if tzid.upper() in ("UTC", "ETC/UTC", "Z", ""):
        return dt.UTC
    try:
        return ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


@functools.lru_cache(maxsize=64)
def vtimezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    """The zone's VTIMEZONE (exchange/vtimezone.py), exact for the years in use.

    Not kept in the component cache: it is rebuilt per process, and the feed's ETag covers it."""
    return vtimezone.vtimezone(tzid, first_year, last_year).to_ical()


def vtimezones(meetings: Sequence[MeetingEntry]) -> list[bytes]:
    years: dict[str, list[int]] = {}
    for meeting in meetings:
        if meeting.start.tzinfo is not dt.UTC:
            years.setdefault(meeting.tzid, []).append(meeting.start.year)
    return [vtimezone_bytes(tzid, min(ys) - 1, max(ys) + 1) for tzid, ys in sorted(years.items())]


def calendar_header(name: str = CALNAME) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    return cal.to_ical()


@functools.lru_cache(maxsize=4)
def calendar_head(name: str = CALNAME) -> bytes:
    """The calendar's own properties, serialised by icalendar, without the closing line: already
    serialised components (each folded and CRLF-terminated by icalendar) follow, then CALENDAR_END."""
    header = calendar_header(name)
    assert header.endswith(CALENDAR_END)
    return header[: -len(CALENDAR_END)]


def assemble(parts: Iterable[bytes], name: str = CALNAME) -> bytes:
    return b"".join([calendar_head(name), *parts, CALENDAR_END])


@functools.lru_cache(maxsize=1)
def object_head() -> bytes:
    """The head of one calendar object resource (CalDAV): no calendar name or refresh interval, which
    belong to a whole published calendar, not to each of its objects."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    return cal.to_ical()[: -len(CALENDAR_END)]


@functools.lru_cache(maxsize=1 << 14)  # a meeting's body rarely changes: its UID is read back once
def uid_of(component: bytes) -> str:
    """The UID of one serialised component (icalendar orders properties its own way)."""
    return str(icalendar.Event.from_ical(component)["UID"])
