"""Reminder rows: listing and the user's own decisions. Reconciliation is set-wise, in `derive_sql`.

A reminder is never deleted. When its reason goes away it is closed (done or cancelled) and its
SEQUENCE grows, so calendar subscribers see the change instead of an event that silently vanishes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from netdesk.domain.ids import ContactId, ReminderId
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.domain.model import Reminder as ReminderRecord
from netdesk.store.contacts import now_stamp
from netdesk.store.derive_sql import ReconcileResult
from netdesk.store.models import Reminder, ReminderAction, database

ACTIVE = (ReminderStatus.OPEN.value, ReminderStatus.SNOOZED.value)


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def refresh_next_due(contact_ids: Iterable[int] | None = None) -> None:
    """Keep contact.next_due (the earliest active reminder) true; the list sorts on it.

    INDEXED BY: left alone, SQLite answers min(due) by walking reminder_status_due, once per contact.
    """
    sql = (
        "UPDATE contact SET next_due = (SELECT min(due) FROM reminder INDEXED BY reminder_contact "
        "WHERE reminder.contact_id = contact.id AND status IN ('open','snoozed'))"
    )
    if contact_ids is None:
        database.execute_sql(sql + " WHERE next_due IS NOT (SELECT min(due) FROM reminder INDEXED BY reminder_contact "
                             "WHERE reminder.contact_id = contact.id AND status IN ('open','snoozed'))")
        return
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        database.execute_sql(sql + f" WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def to_domain(row: Reminder) -> ReminderRecord:
    return ReminderRecord(
        id=ReminderId(row.id),
        uid=row.uid,
        kind=ReminderKind(row.kind),
        contact_id=ContactId(row.contact_id) if row.contact_id else None,
        contact=row.contact_name,
        due=_date(row.due),
        title=row.title,
        status=ReminderStatus(row.status),
        detail=row.detail,
        sequence=row.sequence,
        source=row.source,
        source_id=row.source_id,
        created_at=dt.datetime.fromisoformat(row.created_at.replace("Z", "+00:00")),
        updated_at=dt.datetime.fromisoformat(row.updated_at.replace("Z", "+00:00")),
    )


def select(*, statuses: Iterable[str] | None = ACTIVE, due_by: dt.date | None = None,
           contact_id: int | None = None) -> list[ReminderRecord]:
    query = Reminder.select()
    if statuses is not None:
        query = query.where(Reminder.status.in_(list(statuses)))
    if due_by is not None:
        query = query.where(Reminder.due <= due_by)
    if contact_id is not None:
        query = query.where(Reminder.contact == contact_id)
    return [to_domain(row) for row in query.order_by(Reminder.due, Reminder.id)]


def get(reminder_id: int) -> ReminderRecord | None:
    row = Reminder.get_or_none(Reminder.id == reminder_id)
    return to_domain(row) if row else None


def set_user_status(reminder_id: int, status: ReminderStatus, due: dt.date | None, today: dt.date) -> None:
    row = Reminder.get_by_id(reminder_id)
    values = dict(user_status=status.value, status=status.value, sequence=row.sequence + 1, updated_at=now_stamp())
    if due is not None:
        values["due"] = due
    if status is ReminderStatus.DONE:
        values["closed_on"] = today
    Reminder.update(**values).where(Reminder.id == reminder_id).execute()
    # The decision is a record of its own (by the reminder's UID), so it travels to the user's other computers.
    ReminderAction.create(reminder_uid=row.uid, action=status.value,
                          due=due if status is ReminderStatus.SNOOZED else None, on_date=today,
                          created_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    refresh_next_due([row.contact_id] if row.contact_id else [])


__all__ = ["ReconcileResult", "select", "get", "set_user_status", "refresh_next_due"]
