"""Counts over time for the goal and the activity charts, counted in SQL: a big store has a million
interactions, which Python should not see."""

from __future__ import annotations

import datetime as dt

import peewee as pw

from netdesk.store.models import Contact, database


def new_contacts_between(start: dt.date, end: dt.date) -> int:
    """Contacts new in [start, end): met then, or created then when the meeting date is unknown."""
    return Contact.select().where(
        (Contact.met_on.is_null(False) & (Contact.met_on >= start) & (Contact.met_on < end))
        | (Contact.met_on.is_null() & (Contact.created_on >= start) & (Contact.created_on < end))
    ).count()


def new_contacts_by_month(since: dt.date) -> dict[str, int]:
    """New contacts per month ("YYYY-MM") from `since` on, counted as `new_contacts_between` counts."""
    day = pw.fn.coalesce(Contact.met_on, Contact.created_on)
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
