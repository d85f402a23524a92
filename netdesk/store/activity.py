"""Counts over time for the goal and the activity charts, counted in SQL: a big store has a million
interactions, which Python should not see.

A contact is new on the day it was met, else on the day it was added by hand (the window, `contact add`);
an imported, restored or sample contact without a met-on date is not new in any month (issue 19 item 9).
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from netdesk.store import contact_flags
from netdesk.store.models import Contact, database


def _counted_day() -> pw.Expression:
    """The day a contact counts as new: met then, else added by hand then (never the day it was imported)."""
    return pw.fn.coalesce(Contact.met_on, pw.Case(None, [(contact_flags.by_hand(), Contact.created_on)], None))


def new_contacts_between(start: dt.date, end: dt.date) -> int:
    """Contacts new in [start, end): met then, or added by hand then when the meeting date is unknown."""
    day = _counted_day()
    return Contact.select().where((day >= start) & (day < end)).count()


def new_contacts_by_month(since: dt.date) -> dict[str, int]:
    """New contacts per month ("YYYY-MM") from `since` on, counted as `new_contacts_between` counts."""
    day = _counted_day()
    month = pw.fn.substr(day, 1, 7)
    return {key: int(count) for key, count in
            Contact.select(month, pw.fn.count(Contact.id)).where(day >= since).group_by(month).tuples()}


def interactions_by_week(first: dt.date, last: dt.date) -> dict[int, int]:
    """Interactions per week from `first` to `last` (both included), keyed by weeks since `first`."""
    cursor = database.execute_sql(
        "SELECT CAST((julianday(on_date) - julianday(?)) / 7 AS INTEGER) AS week, count(*) FROM interaction"
        " WHERE on_date >= ? AND on_date <= ? GROUP BY week",
        (first.isoformat(), first.isoformat(), last.isoformat()))
    return {int(week): int(count) for week, count in cursor.fetchall()}
