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


# The ids that may be archived: a hint kept beside the fact (in `setting`, so the JSON backup carries it).
# A list checks the fact for these few by primary key and then filters by id alone, walking its narrow
# indexes as before (at 100k contacts a condition on `extra` would read every wide row). `set_archived`,
# the one writer of the fact, keeps the hint; an id left over (a contact deleted while archived) costs
# one lookup. A contact archived without the hint (none should be) would be listed, never lost.
_HINT = "contacts.archived_hint"


def _hint() -> list[int]:
    row = database.execute_sql("SELECT value FROM setting WHERE key = ?", (_HINT,)).fetchone()
    return [int(cid) for cid in json.loads(row[0])] if row else []


def _put_hint(ids: set[int]) -> None:
    if not ids:
        database.execute_sql("DELETE FROM setting WHERE key = ?", (_HINT,))
        return
    database.execute_sql("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)", (_HINT, json.dumps(sorted(ids))))


def _archived_now() -> list[int]:
    """The archived contacts, found among the hinted ids by primary key (a few lookups, never a scan)."""
    hinted = _hint()
    if not hinted:
        return []
    return [cid for (cid,) in database.execute_sql(
        f"SELECT id FROM contact WHERE id IN ({','.join(map(str, hinted))})"
        f" AND json_extract(extra, '{_ARCHIVED}') IS NOT NULL ORDER BY id")]


def active_sql(alias: str = "contact") -> str:
    """An SQL condition on `alias` (a contact row): true unless the contact is archived. It names the
    archived ids, so it only needs `id` (a list walks its narrow index); build it when the query is built.
    With nobody archived it is just `1`."""
    ids = _archived_now()
    return f"{alias}.id NOT IN ({','.join(map(str, ids))})" if ids else "1"


def active() -> pw.Expression:
    """`active_sql` as a peewee condition on Contact."""
    ids = _archived_now()
    return Contact.id.not_in(ids) if ids else pw.SQL("1")


def archived() -> pw.Expression:
    """The archived contacts, as a peewee condition on Contact (the complement of `active`)."""
    return Contact.id.in_(_archived_now())


def by_hand_sql(alias: str = "contact") -> str:
    """An SQL condition on `alias`: the contact was added by hand."""
    return f"coalesce(json_extract({alias}.extra, '{_BY_HAND}'), 0) = 1"


def by_hand() -> pw.Expression:
    return pw.fn.coalesce(pw.fn.json_extract(Contact.extra, _BY_HAND), 0) == 1


def set_archived(contact_id: int, on: dt.date | None) -> None:
    """Archive the contact as of `on`, or (None) bring it back. `updated_at` moves, the rest stays."""
    now_stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # as store.contacts stamps a write
    hinted = set(_hint())
    if on is None:
        sql = f"UPDATE contact SET extra = json_remove(extra, '{_ARCHIVED}'), updated_at = ? WHERE id = ?"
        database.execute_sql(sql, (now_stamp, contact_id))
        _put_hint(hinted - {contact_id})
    else:
        sql = f"UPDATE contact SET extra = json_set(extra, '{_ARCHIVED}', ?), updated_at = ? WHERE id = ?"
        database.execute_sql(sql, (on.isoformat(), now_stamp, contact_id))
        _put_hint(hinted | {contact_id})


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
