"""The cache of serialised calendar components (table `ics_component`) and the rows the calendar reads.

A row's variant is `<options key>|<digest>` (meetings add `|<stamp>`): the options key says which
export it belongs to, the digest says which inputs its bytes were made from. A component is
re-serialised only when its digest moved; there is at most one row per (uid, options key).
Reads use raw tuples: 10k peewee model instances would cost more than the whole re-export budget.
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from netdesk.store.models import database

_REMINDERS = """
SELECT r.uid, r.kind, r.contact_name, r.due, r.title, r.detail, r.status, r.sequence, r.created_at,
       r.updated_at, {notes}, k.variant, k.body
  FROM reminder r
  LEFT JOIN contact c ON c.id = r.contact_id
  LEFT JOIN ics_component k ON k.uid = r.uid AND substr(k.variant, 1, ?) = ?
 ORDER BY r.due, r.id
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


def reminder_rows(prefix: str, with_notes: bool) -> list[tuple]:
    """Every reminder (closed ones too) with its cached body for `prefix`, if any."""
    notes = "coalesce(c.notes, '')" if with_notes else "''"
    cursor = database.execute_sql(_REMINDERS.format(notes=notes), (len(prefix), prefix))
    return cursor.fetchall()


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


def clear(keep_prefix: str = "meeting/") -> None:
    """Drop cached reminder bodies. Meeting rows stay: they are also the only memory of a meeting's
    SEQUENCE and revision time, which must never go backwards for subscribers."""
    database.execute_sql("DELETE FROM ics_component WHERE substr(uid, 1, ?) <> ?", (len(keep_prefix), keep_prefix))
