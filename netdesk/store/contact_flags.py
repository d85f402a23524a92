"""Facts about a contact kept in its `extra` document: archived (since when), and added by hand.

Schema 6 has no column for either, and `extra` is where a contact's facts without a column live (it
travels in the JSON backup). Every reader of these facts asks this module, so if a later schema gives
them columns only this module changes.

- `archived_on`: the day the contact was archived. An archived contact keeps its history, leaves every
  list and every reminder (CLI.md), and is still found by id, name or email (to restore it).
- `added_by_hand`: the contact was created in the window or with `contact add`, not by an import, a
  restore or the sample network; the new-contacts goal counts its creation day when it has no met-on date.
- `cadence_from`: the day a contact without a keep-in-touch cadence got one (its own, or a tag's). The
  cadence counts from the later of that day and the last touch-point, so a new cadence on someone last
  seen two years ago is first due a cadence from the day it was set, not two years overdue.
"""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw

from netdesk.store.models import Contact, database

_ARCHIVED = "$.archived_on"
_BY_HAND = "$.added_by_hand"
_CADENCE_FROM = "$.cadence_from"
_EFFECTIVE = ("coalesce(c.every_days, (SELECT min(t.every_days) FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
              " WHERE ct.contact_id = c.id AND t.every_days IS NOT NULL))")


def active_sql(alias: str = "contact") -> str:
    """An SQL condition on `alias` (a contact row): true unless the contact is archived."""
    return f"json_extract({alias}.extra, '{_ARCHIVED}') IS NULL"


def active() -> pw.Expression:
    """`active_sql` as a peewee condition on Contact."""
    return pw.fn.json_extract(Contact.extra, _ARCHIVED).is_null()


def archived() -> pw.Expression:
    return pw.fn.json_extract(Contact.extra, _ARCHIVED).is_null(False)


def by_hand_sql(alias: str = "contact") -> str:
    """An SQL condition on `alias`: the contact was added by hand."""
    return f"coalesce(json_extract({alias}.extra, '{_BY_HAND}'), 0) = 1"


def by_hand() -> pw.Expression:
    return pw.fn.coalesce(pw.fn.json_extract(Contact.extra, _BY_HAND), 0) == 1


def set_archived(contact_id: int, on: dt.date | None) -> None:
    """Archive the contact as of `on`, or (None) bring it back. `updated_at` moves, the rest stays."""
    now_stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # as store.contacts stamps a write
    if on is None:
        sql = f"UPDATE contact SET extra = json_remove(extra, '{_ARCHIVED}'), updated_at = ? WHERE id = ?"
        database.execute_sql(sql, (now_stamp, contact_id))
    else:
        sql = f"UPDATE contact SET extra = json_set(extra, '{_ARCHIVED}', ?), updated_at = ? WHERE id = ?"
        database.execute_sql(sql, (on.isoformat(), now_stamp, contact_id))


def archived_on(contact_id: int) -> dt.date | None:
    row = database.execute_sql(f"SELECT json_extract(extra, '{_ARCHIVED}') FROM contact WHERE id = ?",
                               (contact_id,)).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def archived_from_extra(extra: str | None) -> dt.date | None:
    """The archived day in a stored `extra` document (a row already read)."""
    try:
        value = json.loads(extra or "{}").get("archived_on")
    except (ValueError, AttributeError):
        return None
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def archived_among(contact_ids) -> set[int]:
    """Those of `contact_ids` that are archived."""
    ids = [int(c) for c in contact_ids]
    found: set[int] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        found.update(cid for (cid,) in Contact.select(Contact.id).where(Contact.id.in_(chunk) & archived()).tuples())
    return found


def archived_ids() -> list[int]:
    """Every archived contact, in name order."""
    query = Contact.select(Contact.id).where(archived()).order_by(Contact.sort_name, Contact.id)
    return [cid for (cid,) in query.tuples()]


def mark_by_hand(contact_id: int) -> None:
    database.execute_sql(f"UPDATE contact SET extra = json_set(extra, '{_BY_HAND}', json('true')) WHERE id = ?",
                         (contact_id,))


def cadence_from_sql(alias: str = "contact") -> str:
    """The day `alias`'s cadence was set ('' when it has always had one, or never had)."""
    return f"coalesce(json_extract({alias}.extra, '{_CADENCE_FROM}'), '')"


def cadence_from() -> pw.Expression:
    """`cadence_from` as a peewee expression on Contact (NULL when not set)."""
    return pw.fn.json_extract(Contact.extra, _CADENCE_FROM)


def cadences(contact_ids) -> dict[int, int | None]:
    """Each contact's keep-in-touch cadence in days (its own, else its tags' shortest), or None."""
    ids = [int(c) for c in contact_ids]
    found: dict[int, int | None] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        found.update(database.execute_sql(
            f"SELECT c.id, {_EFFECTIVE} FROM contact c WHERE c.id IN ({','.join('?' * len(chunk))})", chunk))
    return found


def start_new_cadences(before: dict[int, int | None], today: dt.date) -> list[int]:
    """After an edit: the contacts of `before` (their cadences before it) that had none and have one now
    start counting it from `today`; returns them."""
    started = [cid for cid, days in cadences(before).items() if days is not None and before.get(cid) is None]
    for start in range(0, len(started), 900):
        chunk = started[start:start + 900]
        database.execute_sql(f"UPDATE contact SET extra = json_set(extra, '{_CADENCE_FROM}', ?) "
                             f"WHERE id IN ({','.join('?' * len(chunk))})", (today.isoformat(), *chunk))
    return started


def without_flags(extra: dict) -> dict:
    """`extra` without the facts of this module: what a merge may carry from one contact to another."""
    return {k: v for k, v in extra.items() if k not in ("archived_on", "added_by_hand", "cadence_from")}
