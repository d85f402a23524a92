"""Due reminders for the Today dashboard, answered from the (kind, status, due) index (schema v3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import peewee as pw

from netdesk.domain.model import Reminder as ReminderRecord
from netdesk.store.models import Reminder
from netdesk.store.reminders import ACTIVE, to_domain


def overdue_count(today: dt.date, kinds: Sequence[str]) -> int:
    return Reminder.select().where(Reminder.status.in_(list(ACTIVE)) & (Reminder.due < today)
                                   & Reminder.kind.in_(list(kinds))).count()


def due_by_kind(due_by: dt.date, kinds: Sequence[str], *, per_kind: int,
                after: dt.date | None = None) -> tuple[list[ReminderRecord], dict[str, int]]:
    """Active reminders of `kinds` due by `due_by` (and after `after`, if given: what is coming up), earliest
    first, at most `per_kind` of each kind, with how many there are of each kind in all: one count query,
    then one query per kind that has any."""
    due = (Reminder.status.in_(list(ACTIVE))) & (Reminder.due <= due_by)
    if after is not None:
        due &= Reminder.due > after
    counts = {kind: int(count) for kind, count in Reminder.select(Reminder.kind, pw.fn.count(Reminder.id))
              .where(due & Reminder.kind.in_(list(kinds))).group_by(Reminder.kind).tuples()}
    rows: list[ReminderRecord] = []
    for kind in kinds:
        if counts.get(kind):
            query = Reminder.select().where(due & (Reminder.kind == kind)).order_by(Reminder.due, Reminder.id)
            rows.extend(to_domain(row) for row in query.limit(per_kind))
    return rows, counts
