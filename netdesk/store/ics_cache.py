"""The cache of serialised calendar components (table `ics_component`) and the rows the calendar reads.

A reminder's row is keyed by (uid, options key) and valid while its `sequence` and the rest of its
variant (`<options key>|<updated_at>|<contact name>[|o<shown on>][|<notes digest>]`) still match the
reminder; `shown on` is the day an overdue open reminder is shown on (today), so it moves daily.
Meetings' variants are `<options key>|<digest of every input>|<stamp>`. There is at most one row
per (uid, options key).
Reads use raw tuples: 10k peewee model instances would cost more than the whole re-export budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import peewee

from netdesk.store.models import database

_KEYS = """
SELECT r.id, r.uid, r.sequence, r.updated_at, r.contact_name, {notes},
       CASE WHEN r.status IN ('open','snoozed') AND r.due < :today THEN :today ELSE '' END
  FROM reminder r {join} ORDER BY r.id
"""
_DETAILS = """
SELECT r.id, r.kind, r.due, r.title, r.detail, r.status, r.created_at FROM reminder r
"""

_MEETINGS = """
SELECT m.id, m.at, m.tzid, m.duration_minutes, m.purpose, m.location, m.notes, c.name, c.notes,
       rb.name, k.variant, k.sequence, k.body
  FROM meeting m
  JOIN contact c ON c.id = m.contact_id
  LEFT JOIN contact rb ON rb.id = m.referred_by_id
  LEFT JOIN ics_component k ON k.uid = ? || m.id AND substr(k.variant, 1, ?) = ?
 ORDER BY m.at, m.id
"""


def reminder_keys(with_notes: bool, today: dt.date) -> list[tuple]:
    """(id, uid, sequence, updated_at, contact name, contact notes or '', shown on) of every reminder, closed
    ones too. `shown on` is `today` for an open reminder that is overdue (the calendar puts it on today),
    else ''."""
    notes, join = ("coalesce(c.notes, '')", "LEFT JOIN contact c ON c.id = r.contact_id") if with_notes else ("''", "")
    return database.execute_sql(_KEYS.format(notes=notes, join=join), {"today": today.isoformat()}).fetchall()


def cached_bodies(prefix: str, uids: list[str] | None) -> dict[str, tuple[str, int, bytes]]:
    """uid → (variant, sequence, body) of the rows for one options key, for these uids (None: all).

    Many uids: one scan of the table (two plain scans joined in a dict beat one SQL join here); rows of
    other uids come along, which costs less than filtering them out in Python.
    """
    sql = "SELECT uid, variant, sequence, body FROM ics_component WHERE substr(variant, 1, ?) = ?"
    if uids is None or len(uids) > 400:
        rows = database.execute_sql(sql, (len(prefix), prefix)).fetchall()
    else:
        rows = (row for uid in uids
                for row in database.execute_sql(sql + " AND uid = ?", (len(prefix), prefix, uid)))
    return {uid: (variant, sequence, body) for uid, variant, sequence, body in rows}


def reminder_details(ids: list[int]) -> dict[int, tuple]:
    """id → (kind, due, title, detail, status, created_at), for the reminders that must be serialised."""
    if len(ids) > 400:  # a cold cache: one scan beats many lookups
        wanted = set(ids)
        rows = (row for row in database.execute_sql(_DETAILS) if row[0] in wanted)
    else:
        rows = (database.execute_sql(_DETAILS + " WHERE r.id = ?", (rid,)).fetchone() for rid in ids)
    return {row[0]: row[1:] for row in rows if row is not None}


def meeting_rows(uid_prefix: str, prefix: str) -> list[tuple]:
    """Meetings with their contact, who referred them, and the cached body. Cache uids are `uid_prefix + id`."""
    return database.execute_sql(_MEETINGS, (uid_prefix, len(prefix), prefix)).fetchall()


def store(rows: Iterable[tuple[str, str, str, int, bytes]]) -> bool:
    """Replace cached bodies: rows of (uid, options key, variant, sequence, body).

    Best effort: a cache that cannot be written (read-only store, a writer holding the lock) only
    costs speed next time, so it never fails an export or a feed request.
    """
    rows = list(rows)
    if not rows:
        return True
    try:
        with database.atomic():
            database.connection().executemany(
                "DELETE FROM ics_component WHERE uid = ? AND substr(variant, 1, ?) = ?",
                [(uid, len(key), key) for uid, key, _v, _s, _b in rows],
            )
            database.connection().executemany(
                "INSERT OR REPLACE INTO ics_component(uid, variant, sequence, body) VALUES (?, ?, ?, ?)",
                [(uid, variant, seq, body) for uid, _k, variant, seq, body in rows],
            )
        return True
    except peewee.OperationalError:
        return False


def store_path() -> str:
    return str(database.database)


def clear(keep_prefix: str = "meeting/") -> None:
    """Drop cached reminder bodies. Meeting rows stay: they are also the only memory of a meeting's
    SEQUENCE and revision time, which must never go backwards for subscribers."""
    database.execute_sql("DELETE FROM ics_component WHERE substr(uid, 1, ?) <> ?", (len(keep_prefix), keep_prefix))
