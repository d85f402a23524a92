"""Deriving reminders from the records, and the user's own decisions on them (done, snooze)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from netdesk.domain import rules
from netdesk.domain.ids import ContactId, FavourId, ReminderId
from netdesk.domain.kinds import ReminderStatus
from netdesk.domain.model import DesiredReminder, Reminder
from netdesk.domain.model import Favour as FavourRecord
from netdesk.errors import InvalidValue, NotFound
from netdesk.store import reminders as rq
from netdesk.store import settings
from netdesk.store.models import Contact, Favour, database
from netdesk.store.reminders import ReconcileResult


def desired(today: dt.date) -> Iterator[DesiredReminder]:
    """Every reminder the rules call for, given the records as they are now."""
    config = settings.rule_settings()
    query = (
        Favour.select(Favour.id, Favour.contact, Favour.text, Favour.on_date, Favour.thanked_on, Contact.name)
        .join(Contact).tuples()
    )
    for fid, cid, text, on, thanked_on, name in query:
        favour = FavourRecord(FavourId(fid), ContactId(cid), text, on, thanked_on)
        yield rules.thank_you_for_favour(favour, name, config, today)


def derive(today: dt.date) -> ReconcileResult:
    """Reconcile the reminder table with the rules, idempotently, in one transaction."""
    with database.atomic():
        return rq.reconcile(desired(today), settings.store_id(), today)


def list_reminders(*, due_by: dt.date | None = None, include_closed: bool = False) -> list[Reminder]:
    return rq.select(statuses=None if include_closed else rq.ACTIVE, due_by=due_by)


def _existing(reminder_id: int) -> Reminder:
    found = rq.get(reminder_id)
    if found is None:
        raise NotFound(f"no reminder with id {reminder_id}")
    return found


def mark_done(reminder_id: ReminderId, *, today: dt.date) -> Reminder:
    _existing(reminder_id)
    with database.atomic():
        rq.set_user_status(reminder_id, ReminderStatus.DONE, None, today)
    return _existing(reminder_id)


def snooze(reminder_id: ReminderId, until: dt.date, *, today: dt.date) -> Reminder:
    current = _existing(reminder_id)
    if not current.status.is_active:
        raise InvalidValue(f"reminder {reminder_id} is {current.status.value}; only open reminders can be snoozed")
    if until <= today:
        raise InvalidValue(f"snooze until a day after today ({today.isoformat()}), not {until.isoformat()}")
    with database.atomic():
        rq.set_user_status(reminder_id, ReminderStatus.SNOOZED, until, today)
    return _existing(reminder_id)
