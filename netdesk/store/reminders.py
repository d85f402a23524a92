"""Reminder rows: reconciliation against what the rules want, and listing.

A reminder is never deleted. When its reason goes away it is closed (done or cancelled) and its
SEQUENCE grows, so calendar subscribers see the change instead of an event that silently vanishes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from netdesk.domain.ids import ContactId, ReminderId
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.domain.model import DesiredReminder
from netdesk.domain.model import Reminder as ReminderRecord
from netdesk.domain.rules import reminder_uid
from netdesk.store.contacts import now_stamp
from netdesk.store.models import Contact, Reminder, database

ACTIVE = (ReminderStatus.OPEN.value, ReminderStatus.SNOOZED.value)


@dataclass
class ReconcileResult:
    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.closed


def reconcile(desired: Iterable[DesiredReminder], store_id: str, today: dt.date,
              *, scope_sources: set[str] | None = None) -> ReconcileResult:
    """Make the reminder table match `desired`, in one transaction.

    `scope_sources` limits which existing reminders may be cancelled for lack of a reason (None: all).
    """
    result = ReconcileResult()
    stamp = now_stamp()
    with database.atomic():
        existing = {
            row[0]: row
            for row in Reminder.select(
                Reminder.uid, Reminder.id, Reminder.due, Reminder.rule_due, Reminder.status, Reminder.title,
                Reminder.detail, Reminder.contact, Reminder.user_status, Reminder.sequence, Reminder.source,
            ).tuples()
        }
        wanted_uids: set[str] = set()
        inserts: list[dict] = []
        for want in desired:
            uid = reminder_uid(store_id, want.kind, want.source, want.source_id)
            wanted_uids.add(uid)
            old = existing.get(uid)
            if old is None:
                status = want.closed or ReminderStatus.OPEN
                inserts.append(dict(
                    uid=uid, kind=want.kind.value, contact=want.contact_id, source=want.source,
                    source_id=want.source_id, rule_due=want.due, due=want.due, status=status.value,
                    title=want.title, detail=want.detail, sequence=0, user_status=None,
                    closed_on=today if want.closed else None, created_at=stamp, updated_at=stamp,
                ))
                continue
            _, rid, due, rule_due, status, title, detail, contact_id, user_status, sequence, _src = old
            if rule_due != want.due:
                user_status = None  # a new occurrence: the user's done/snooze was for the old one
                due = want.due
            if want.closed is not None:
                new_status, new_due = want.closed.value, want.due if user_status is None else due
                if status in (ReminderStatus.DONE.value, ReminderStatus.CANCELLED.value):
                    new_status = status  # already closed: keep how it ended
            elif user_status == ReminderStatus.DONE.value:
                new_status, new_due = ReminderStatus.DONE.value, due
            elif user_status == ReminderStatus.SNOOZED.value:
                new_status, new_due = ReminderStatus.SNOOZED.value, due
            else:
                new_status, new_due = ReminderStatus.OPEN.value, want.due
            if (new_status, new_due, want.due, want.title, want.detail, want.contact_id) == (
                status, _date(due), _date(rule_due), title, detail, contact_id
            ) and user_status == old[8]:
                result.unchanged += 1
                continue
            closing = new_status not in ACTIVE and status in ACTIVE
            Reminder.update(
                status=new_status, due=new_due, rule_due=want.due, title=want.title, detail=want.detail,
                contact=want.contact_id, user_status=user_status, sequence=sequence + 1, updated_at=stamp,
                closed_on=today if closing else (None if new_status in ACTIVE else Reminder.closed_on),
            ).where(Reminder.id == rid).execute()
            if closing:
                result.closed += 1
            else:
                result.updated += 1
        for start in range(0, len(inserts), 500):
            Reminder.insert_many(inserts[start:start + 500]).execute()
        result.created += len(inserts)
        orphans = [
            row[1] for uid, row in existing.items()
            if uid not in wanted_uids and row[4] in ACTIVE and (scope_sources is None or row[10] in scope_sources)
        ]
        for start in range(0, len(orphans), 500):
            chunk = orphans[start:start + 500]
            Reminder.update(
                status=ReminderStatus.CANCELLED.value, sequence=Reminder.sequence + 1, updated_at=stamp, closed_on=today,
            ).where(Reminder.id.in_(chunk)).execute()
        result.closed += len(orphans)
        _fill_contact_names()
        refresh_next_due()
    return result


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _fill_contact_names() -> None:
    database.execute_sql(
        "UPDATE reminder SET contact_name = (SELECT name FROM contact WHERE contact.id = reminder.contact_id) "
        "WHERE contact_id IS NOT NULL AND contact_name IS NOT "
        "(SELECT name FROM contact WHERE contact.id = reminder.contact_id)"
    )


def refresh_next_due(contact_ids: Iterable[int] | None = None) -> None:
    """Keep contact.next_due (the earliest active reminder) true; the list sorts on it."""
    sql = (
        "UPDATE contact SET next_due = (SELECT min(due) FROM reminder "
        "WHERE reminder.contact_id = contact.id AND status IN ('open','snoozed'))"
    )
    if contact_ids is None:
        database.execute_sql(sql + " WHERE next_due IS NOT (SELECT min(due) FROM reminder "
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
    refresh_next_due([row.contact_id] if row.contact_id else [])


__all__ = ["reconcile", "select", "get", "set_user_status", "refresh_next_due", "Contact"]
