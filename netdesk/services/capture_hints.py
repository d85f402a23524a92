"""Mail that capture saw, shown on an open reminder: "You wrote to them on D: was this it?".

It never closes a reminder by itself: the user's Mark sent does, with `messages.sent(..., logged=id)`,
which logs no second email. Light on purpose (Today asks it for the selected reminder at start-up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain.kinds import ReminderKind
from netdesk.services import reminders
from netdesk.store import capture_hints as store

# The notes capture writes (domain/capture.Tally._note).
SENT = "Captured from mail (sent)"
RECEIVED = "Captured from mail (received)"
UNKNOWN = "Captured from mail"  # the user's own addresses were not known


@dataclass(frozen=True)
class CapturedMail:
    """An email to the reminder's contact that capture logged since the reminder's cause."""

    reminder_id: int
    interaction_id: int
    on: dt.date
    subject: str
    sent: bool | None  # True: the user wrote it; None: capture did not know the user's own addresses

    def text(self, name: str) -> str:
        who = name or "them"
        about = f" (\u201c{self.subject}\u201d)" if self.subject else ""
        day = f"{self.on:%a} {self.on.day} {self.on:%b %Y}"
        if self.sent:
            return f"You wrote to {who} on {day}{about}: was this it?"
        return f"Mail with {who} on {day}{about}: was this it?"


def captured_mail(reminder_id: int) -> CapturedMail | None:
    """The newest captured mail to an open reminder's contact since what caused the reminder (the favour,
    lead, ask or referral's day, the birthday itself, else the day the reminder was made). Mail the user
    received is not it; a meeting brief is mail to yourself, so it has none."""
    reminder = reminders.get(reminder_id)
    if reminder.contact_id is None or not reminder.status.is_active or reminder.kind is ReminderKind.PREPARE:
        return None
    since = reminder.created_at.date() if reminder.created_at else reminder.due
    if reminder.kind in (ReminderKind.BIRTHDAY, ReminderKind.ANNIVERSARY):
        since = reminder.due
    elif (cause := store.cause_day(reminder_id)) is not None:
        since = min(since, cause)
    found = store.captured_mail(reminder.contact_id, since, not_noted=RECEIVED)
    if found is None:
        return None
    interaction_id, on, note = found
    if note.startswith(SENT):
        sent, rest = True, note[len(SENT):]
    elif note == UNKNOWN or note.startswith(UNKNOWN + ":"):
        sent, rest = None, note[len(UNKNOWN):]
    else:
        return None
    return CapturedMail(int(reminder_id), interaction_id, on, rest.removeprefix(":").strip(), sent)
