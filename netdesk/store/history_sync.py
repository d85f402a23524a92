"""The history's sync state (schema 9, issue 17): the account's VJOURNAL collection, the records netdesk
knows there, the outbox the triggers fill, records waiting for their contact, conflicts; and the generic
reads and writes of a history record by its global UID.

A record here is its table (`kind`), its UID, the contacts it refers to by role (`contact`, `seeker`,
`target`, `referred_by`) and every other column as text (None for NULL). SQLite's column affinity turns a
number written as text back into a number, so what a second installation writes is what the first held.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

import peewee

from netdesk.domain.identity import HISTORY_TABLES, contact_default_uid
from netdesk.store.models import database


class RecordRefused(ValueError):
    """A record from another installation that this store's constraints refuse (a CHECK, a missing column)."""

_ROLE_COLUMNS = {"contact_id": "contact", "seeker_id": "seeker", "target_id": "target",
                 "referred_by_id": "referred_by"}
_LOCAL = {"id", "uid"}
_columns_cache: dict[str, list[str]] = {}


def _x(sql: str, params: Iterable = ()):
    return database.execute_sql(sql, tuple(params))


def _check(kind: str) -> str:
    if kind not in HISTORY_TABLES:
        raise ValueError(f"no history table {kind!r}")
    return kind


def columns(kind: str) -> list[str]:
    """The columns that travel (all but the local id and the uid), contacts' as their role columns."""
    if kind not in _columns_cache:
        _columns_cache[kind] = [row[1] for row in _x(f"PRAGMA table_info({_check(kind)})") if row[1] not in _LOCAL]
    return _columns_cache[kind]


@dataclass(frozen=True)
class LocalRecord:
    kind: str
    uid: str
    contact_ids: dict[str, int]  # role -> local contact id
    fields: dict[str, str | None]


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def record(kind: str, uid: str) -> LocalRecord | None:
    cols = columns(kind)
    row = _x(f"SELECT {', '.join(cols)} FROM {kind} WHERE uid = ?", (uid,)).fetchone()
    if row is None:
        return None
    contacts, fields = {}, {}
    for name, value in zip(cols, row, strict=True):
        if name in _ROLE_COLUMNS:
            if value is not None:
                contacts[_ROLE_COLUMNS[name]] = int(value)
        else:
            fields[name] = _text(value)
    return LocalRecord(kind, uid, contacts, fields)


def all_uids(kind: str) -> list[str]:
    return [u for (u,) in _x(f"SELECT uid FROM {_check(kind)} ORDER BY id")]


def write_record(kind: str, uid: str, contact_ids: dict[str, int], fields: dict[str, str | None]) -> list[int]:
    """Insert or update the record with this UID as given (a column not given is NULL); returns the
    contacts concerned (before and after) for the derivation. The caller holds the transaction."""
    cols = columns(kind)
    values: dict[str, object] = {}
    for name in cols:
        role = _ROLE_COLUMNS.get(name)
        values[name] = contact_ids.get(role) if role else fields.get(name)
    roles = [c for c in cols if c in _ROLE_COLUMNS]
    before = _x(f"SELECT {', '.join(roles)} FROM {kind} WHERE uid = ?", (uid,)).fetchone() if roles else None
    exists = _x(f"SELECT 1 FROM {kind} WHERE uid = ?", (uid,)).fetchone() is not None
    try:
        with database.atomic():
            if exists:
                _x(f"UPDATE {kind} SET {', '.join(f'{c} = ?' for c in cols)} WHERE uid = ?", [*values.values(), uid])
            else:
                _x(f"INSERT INTO {kind} (uid, {', '.join(cols)}) VALUES (?{', ?' * len(cols)})",
                   [uid, *values.values()])
    except peewee.IntegrityError as e:
        raise RecordRefused(str(e)) from e
    touched = {int(v) for v in (before or ()) if v is not None}
    touched.update(int(values[c]) for c in roles if values[c] is not None)
    return sorted(touched)


def delete_record(kind: str, uid: str) -> list[int]:
    roles = [c for c in columns(kind) if c in _ROLE_COLUMNS]
    row = _x(f"DELETE FROM {kind} WHERE uid = ? RETURNING {', '.join(roles) or 'id'}", (uid,)).fetchone()
    return sorted({int(v) for v in row if v is not None}) if row and roles else []


# -- contacts by their vCard UID -------------------------------------------------------------------------
def _vcard_uids() -> list[tuple[int, str]]:
    out = []
    for cid, extra in _x("SELECT id, extra FROM contact WHERE extra LIKE '%UID%' ORDER BY id"):
        try:
            entries = json.loads(extra or "{}").get("vcard", [])
        except ValueError:
            continue
        for entry in entries:
            if str(entry[1]).upper() == "UID":
                out.append((cid, str(entry[3]).replace("\\", "")))
                break
    return out


def contact_uids(account_id: int, store_id: str) -> dict[int, str]:
    """contact id -> the UID that names it in history records: its card's on this account's server, else
    the one its vCard brought, else the default its exports use (as the CardDAV sync picks it)."""
    out = {cid: contact_default_uid(store_id, cid) for (cid,) in _x("SELECT id FROM contact")}
    out.update(_vcard_uids())
    out.update({cid: uid for uid, cid in _x("SELECT uid, contact_id FROM card_item WHERE account_id = ? "
                                            "AND contact_id IS NOT NULL", (account_id,))})
    return out


def contacts_by_uid(store_id: str) -> dict[str, int]:
    """Every UID a contact is known by (any card, its vCard's, its default), archived contacts included."""
    out = {contact_default_uid(store_id, cid): cid for (cid,) in _x("SELECT id FROM contact")}
    out.update({uid: cid for cid, uid in _vcard_uids()})
    out.update({uid: cid for uid, cid in _x("SELECT uid, contact_id FROM card_item WHERE contact_id IS NOT NULL "
                                            "AND contact_id IN (SELECT id FROM contact)")})
    return out


# -- the collection ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Book:
    url: str
    supported: bool
    sync_token: str | None
    first_done: bool


def book(account_id: int) -> Book | None:
    row = _x("SELECT url, supported, sync_token, first_done FROM history_book WHERE account_id = ?",
             (account_id,)).fetchone()
    return None if row is None else Book(row[0], bool(row[1]), row[2], bool(row[3]))


def set_book(account_id: int, url: str, supported: bool) -> None:
    """The collection (or that the server keeps no VJOURNAL); a new one queues every record there is."""
    _x("INSERT OR REPLACE INTO history_book(account_id, url, supported) VALUES (?, ?, ?)",
       (account_id, url, int(supported)))
    if supported:
        for kind in HISTORY_TABLES:
            _x(f"INSERT OR REPLACE INTO history_outbox(account_id, uid, kind) SELECT ?, uid, '{kind}' FROM {kind}",
               (account_id,))


def set_token(account_id: int, token: str | None) -> None:
    _x("UPDATE history_book SET sync_token = ?, first_done = 1 WHERE account_id = ?", (token, account_id))


# -- the outbox ---------------------------------------------------------------------------------------------
def high_water(account_id: int) -> int:
    return _x("SELECT coalesce(max(seq), 0) FROM history_outbox WHERE account_id = ?", (account_id,)).fetchone()[0]


def queued(account_id: int, upto: int) -> list[tuple[str, str]]:
    """(kind, uid) waiting, oldest first."""
    return [(k, u) for k, u in _x("SELECT kind, uid FROM history_outbox WHERE account_id = ? AND seq <= ? "
                                  "ORDER BY seq", (account_id, upto))]


def done(account_id: int, uid: str, upto: int) -> None:
    _x("DELETE FROM history_outbox WHERE account_id = ? AND uid = ? AND seq <= ?", (account_id, uid, upto))


def requeue(account_id: int, kind: str, uid: str) -> None:
    _x("INSERT OR REPLACE INTO history_outbox(account_id, uid, kind) VALUES (?, ?, ?)", (account_id, uid, kind))


def waiting(account_id: int) -> int:
    return _x("SELECT (SELECT count(*) FROM history_outbox WHERE account_id = ?) + "
              "(SELECT count(*) FROM history_pending WHERE account_id = ?)", (account_id, account_id)).fetchone()[0]


# -- what netdesk knows on the server -----------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    uid: str
    kind: str
    href: str
    etag: str | None
    base: dict


def items(account_id: int) -> dict[str, Item]:
    return {uid: Item(uid, kind, href, etag, json.loads(base)) for uid, kind, href, etag, base in _x(
        "SELECT uid, kind, href, etag, base FROM history_item WHERE account_id = ?", (account_id,))}


def item(account_id: int, uid: str) -> Item | None:
    row = _x("SELECT uid, kind, href, etag, base FROM history_item WHERE account_id = ? AND uid = ?",
             (account_id, uid)).fetchone()
    return None if row is None else Item(row[0], row[1], row[2], row[3], json.loads(row[4]))


def put_item(account_id: int, held: Item) -> None:
    _x("INSERT OR REPLACE INTO history_item(account_id, uid, kind, href, etag, base) VALUES (?, ?, ?, ?, ?, ?)",
       (account_id, held.uid, held.kind, held.href, held.etag,
        json.dumps(held.base, ensure_ascii=False, sort_keys=True)))


def forget_item(account_id: int, uid: str) -> None:
    _x("DELETE FROM history_item WHERE account_id = ? AND uid = ?", (account_id, uid))


# -- records waiting for their contact -----------------------------------------------------------------------
def put_pending(account_id: int, uid: str, href: str, etag: str | None, body: str, waits_for: str) -> None:
    _x("INSERT OR REPLACE INTO history_pending(account_id, uid, href, etag, body, waits_for) "
       "VALUES (?, ?, ?, ?, ?, ?)", (account_id, uid, href, etag, body, waits_for))


def pending_rows(account_id: int) -> list[tuple[str, str, str | None, str]]:
    """(uid, href, etag, body) of every record waiting for a contact."""
    return list(_x("SELECT uid, href, etag, body FROM history_pending WHERE account_id = ? ORDER BY uid",
                   (account_id,)))


def drop_pending(account_id: int, uid: str) -> None:
    _x("DELETE FROM history_pending WHERE account_id = ? AND uid = ?", (account_id, uid))


# -- conflicts -----------------------------------------------------------------------------------------------
def put_conflict(account_id: int, uid: str, kind: str, field: str, local: str | None, remote: str | None,
                 stamp: str) -> None:
    _x("INSERT OR REPLACE INTO history_conflict(account_id, uid, kind, field, local, remote, created_at) "
       "VALUES (?, ?, ?, ?, ?, ?, ?)", (account_id, uid, kind, field, local, remote, stamp))


def conflict_count(account_id: int) -> int:
    return _x("SELECT count(*) FROM history_conflict WHERE account_id = ?", (account_id,)).fetchone()[0]


# -- reminder actions ---------------------------------------------------------------------------------------
def apply_actions(action_uids: Iterable[str]) -> list[int]:
    """Bring each reminder the actions name to its latest action (by time, then UID, the same order on every
    installation), without recording a new action; returns the contacts whose reminders moved."""
    touched: set[int] = set()
    ids = list(action_uids)
    reminder_uids: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        reminder_uids.update(r for (r,) in _x(
            f"SELECT DISTINCT reminder_uid FROM reminder_action WHERE uid IN ({','.join('?' * len(chunk))})", chunk))
    for reminder_uid in sorted(reminder_uids):
        latest = _x("SELECT action, due, on_date FROM reminder_action WHERE reminder_uid = ? "
                    "ORDER BY created_at DESC, uid DESC LIMIT 1", (reminder_uid,)).fetchone()
        row = _x("SELECT id, contact_id, user_status, status, due FROM reminder WHERE uid = ?",
                 (reminder_uid,)).fetchone()
        if latest is None or row is None:
            continue
        action, due, on = latest
        rid, cid, user_status, status, current_due = row
        new_due = due if action == "snoozed" and due else current_due
        if user_status == action and status == action and str(current_due) == str(new_due):
            continue
        _x("UPDATE reminder SET user_status = ?, status = ?, due = ?, sequence = sequence + 1, "
           "closed_on = CASE WHEN ? = 'snoozed' THEN NULL ELSE ? END, "
           "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", (action, action, new_due, action, on, rid))
        if cid is not None:
            touched.add(int(cid))
    return sorted(touched)
