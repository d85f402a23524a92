"""Prepare reminders end when the meeting is over, and say what it is about (issue 19 item 12).

On a real store, with fixed days: the reminder is open the day before and on the day, cancelled by the
first derivation after the meeting's day (also `catch_up`, the once-a-day derivation a reader runs);
the brief stays on the meeting; the title carries the purpose.
"""

from __future__ import annotations

import datetime as dt

from netdesk.domain.change import NOTHING
from netdesk.services import contacts, meetings, reminders
from netdesk.store.models import Reminder

D = dt.date(2026, 3, 10)


def _prepare() -> Reminder:
    return Reminder.get(Reminder.kind == "prepare")


def test_prepare_reminder_ends_after_the_meeting_and_names_its_purpose(store):
    ana = contacts.add_contact("Ana Lima", today=D).id
    at = dt.datetime(2026, 3, 12, 10, tzinfo=dt.UTC)
    meeting = meetings.add_meeting(ana, at, today=D, purpose="  advice on the Lisbon job ")
    row = _prepare()
    assert row.title == "Prepare for your meeting with Ana Lima: advice on the Lisbon job"
    assert (row.status, row.due) == ("open", dt.date(2026, 3, 11))
    assert reminders.derive(dt.date(2026, 3, 12)).changed == 0  # the day itself: still open

    change = reminders.catch_up(dt.date(2026, 3, 13))
    row = _prepare()
    assert row.status == "cancelled" and row.id in change.reminders
    assert row.detail  # the brief it had is kept
    assert "Ana Lima" in meetings.meeting_brief(meeting.id, dt.date(2026, 3, 13))
    assert reminders.catch_up(dt.date(2026, 3, 13)) == NOTHING  # once a day
    assert not [r for r in reminders.list_reminders() if r.kind == "prepare"]


def test_a_meeting_without_purpose_and_one_already_past(store):
    bob = contacts.add_contact("Bob Smith", today=D).id
    meetings.add_meeting(bob, dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC), today=D)
    assert _prepare().title == "Prepare for your meeting with Bob Smith"
    meetings.add_meeting(bob, dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), today=D, purpose="coffee")
    assert Reminder.select().where(Reminder.kind == "prepare").count() == 1  # a past one never opens
