"""iCalendar output through the icalendar package: one all-day event (or to-do) per reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

from netdesk import __version__
from netdesk.domain.kinds import ReminderStatus
from netdesk.domain.model import Reminder

PRODID = f"-//netdesk//netdesk {__version__}//EN"
CALNAME = "netdesk reminders"


@dataclass(frozen=True)
class IcsOptions:
    todo: bool = False
    alarm: dt.time = dt.time(9, 0)
    with_notes: bool = False


def _event_status(status: ReminderStatus, todo: bool) -> str:
    if todo:
        return {ReminderStatus.DONE: "COMPLETED", ReminderStatus.CANCELLED: "CANCELLED"}.get(status, "NEEDS-ACTION")
    return "CANCELLED" if status in (ReminderStatus.DONE, ReminderStatus.CANCELLED) else "CONFIRMED"


def reminder_component(reminder: Reminder, options: IcsOptions, stamp: dt.datetime) -> icalendar.cal.Component:
    """One reminder as a VEVENT (all-day) or VTODO, with an alarm at the configured time of day."""
    component = icalendar.Todo() if options.todo else icalendar.Event()
    component.add("uid", reminder.uid)
    component.add("dtstamp", stamp)
    if reminder.created_at:
        component.add("created", reminder.created_at)
    if reminder.updated_at:
        component.add("last-modified", reminder.updated_at)
    component.add("sequence", reminder.sequence)
    component.add("summary", reminder.title if reminder.contact in reminder.title else f"{reminder.title} ({reminder.contact})")
    if reminder.detail:
        component.add("description", reminder.detail)
    component.add("categories", [reminder.kind.value])
    if options.todo:
        component.add("due", reminder.due)
        component.add("dtstart", reminder.due)
    else:
        component.add("dtstart", reminder.due)
        component.add("dtend", reminder.due + dt.timedelta(days=1))
        component.add("transp", "TRANSPARENT")
    component.add("status", _event_status(reminder.status, options.todo))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder.title)
    # Relative to the all-day start (local midnight), like Nextcloud's birthday calendar.
    alarm.add("trigger", dt.timedelta(hours=options.alarm.hour, minutes=options.alarm.minute))
    component.add_component(alarm)
    return component


def calendar_bytes(reminders: Iterable[Reminder], options: IcsOptions, stamp: dt.datetime) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", CALNAME)
    for reminder in reminders:
        cal.add_component(reminder_component(reminder, options, stamp))
    return cal.to_ical()
