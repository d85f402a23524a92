"""What the user did with a reminder on the phone, applied through the same use cases as the window.

Only three things travel back (SYNC.md): a completed to-do (done: for a thank-you the thanks are
recorded, for a close-the-loop the lead is reported), a moved date (snoozed) and a deletion (dismissed).
Everything else in an object is netdesk's and is overwritten by the next push.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from netdesk.domain.change import Change
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.domain.model import Reminder
from netdesk.errors import UserFacingError
from netdesk.services import leads, recording, reminders
from netdesk.store import reminders as rq
from netdesk.store.db import transaction

FROM_CALENDAR = "from the calendar"


@dataclass(frozen=True)
class Seen:
    """The fields netdesk reads back from one object on the server."""

    completed: bool
    due: dt.date | None


def _day(value) -> dt.date | None:
    if value is None:
        return None
    when = value.dt
    return when.date() if isinstance(when, dt.datetime) else when


def read(data: bytes | str) -> Seen | None:
    """The completion and the date of the object's first event or to-do; None when it cannot be read."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        return None
    for component in calendar.walk():
        if component.name == "VTODO":
            completed = str(component.get("status", "")).upper() == "COMPLETED" or "COMPLETED" in component
            return Seen(completed, _day(component.get("due") or component.get("dtstart")))
        if component.name == "VEVENT":
            return Seen(False, _day(component.get("dtstart")))
    return None


def complete(reminder: Reminder, today: dt.date) -> Change:
    """Done from the calendar, as the window does it for this kind."""
    with transaction():
        change = Change()
        if reminder.kind is ReminderKind.THANK_YOU and reminder.contact_id:
            change |= recording.record_thanks(reminder.contact_id, on=today, today=today, note=FROM_CALENDAR).change
        elif reminder.kind is ReminderKind.CLOSE_THE_LOOP and reminder.source == "lead":
            try:
                change |= leads.mark_reported(reminder.source_id, on=today, today=today).change
            except UserFacingError:
                pass  # no outcome recorded yet: the reminder is still closed below
        return change | reminders.mark_done(reminder.id, today=today)


def dismiss(reminder: Reminder, today: dt.date) -> Change:
    """Deleted on the phone: the reminder is cancelled (kept, like every closed one, never erased)."""
    with transaction():
        current = reminders.get(reminder.id)
        if not current.status.is_active:
            return Change()
        rq.set_user_status(reminder.id, ReminderStatus.CANCELLED, None, today)
    return Change.of(contacts=[reminder.contact_id] if reminder.contact_id else [], reminders=[reminder.id])


def apply(reminder: Reminder, seen: Seen, today: dt.date) -> Change:
    """A changed object of an active reminder: done, or snoozed to its new date, or nothing of netdesk's."""
    if not reminder.status.is_active:
        return Change()
    if seen.completed:
        return complete(reminder, today)
    if seen.due is not None and seen.due != reminder.due:
        try:
            return reminders.snooze(reminder.id, seen.due, today=today)
        except UserFacingError:
            return Change()  # moved earlier than netdesk allows: the next push puts it back
    return Change()
