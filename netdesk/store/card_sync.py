"""CardDAV sync state (schema_v7): each account's address book, the cards netdesk knows there with their
merge base, the contact outbox, conflicts, and the archive of contacts deleted on the server."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from netdesk.store.contact_flags import archived_ids, archived_on
from netdesk.store.contacts import email_key, now_stamp, phone_digits
from netdesk.store.models import database


@dataclass(frozen=True, slots=True)
class Book:
    url: str
    sync_token: str | None
    first_done: bool


@dataclass(frozen=True, slots=True)
class CardItem:
    uid: str
    contact_id: int | None
    href: str  # a path on the server
    etag: str | None
    base: dict  # the card's fields as last synced (services/carddav/fields.py)


@dataclass(frozen=True, slots=True)
class Conflict:
    id: int
    account_id: int
    contact_id: int
    field: str
    local: object
    remote: object


def _x(sql: str, params: Iterable = ()):
    return database.execute_sql(sql, tuple(params))


# -- the address book ---------------------------------------------------------------------------------
def book(account_id: int) -> Book | None:
    row = _x("SELECT url, sync_token, first_done FROM card_book WHERE account_id = ?", (account_id,)).fetchone()
    return None if row is None else Book(row[0], row[1], bool(row[2]))


def set_book(account_id: int, url: str) -> None:
    _x("INSERT INTO card_book(account_id, url) VALUES (?, ?) ON CONFLICT(account_id) DO UPDATE SET url = excluded.url",
       (account_id, url))


def set_addressbook(account_id: int, name: str, contacts: bool) -> None:
    """The account's address book (by name, as `account add --addressbook` takes it), or contacts off."""
    _x("UPDATE sync_account SET addressbook = ?, contacts = ? WHERE id = ?", (name, int(contacts), account_id))


def forget_book(account_id: int) -> None:
    """Everything netdesk knew of the account's address book (another one is chosen): its URL and token,
    the cards, the conflicts and the outbox. Nothing on either side is touched; the next sync is a first one,
    which matches before it creates."""
    for table in ("card_book", "card_item", "card_conflict", "card_outbox"):
        _x(f"DELETE FROM {table} WHERE account_id = ?", (account_id,))


def set_token(account_id: int, token: str | None) -> None:
    _x("UPDATE card_book SET sync_token = ? WHERE account_id = ?", (token, account_id))


def set_first_done(account_id: int, done: bool = True) -> None:
    """`done` False: the next sync looks at every contact again (contacts were off, edits were not queued)."""
    _x("UPDATE card_book SET first_done = ? WHERE account_id = ?", (int(done), account_id))


# -- cards --------------------------------------------------------------------------------------------
_ITEM = "SELECT uid, contact_id, href, etag, base FROM card_item WHERE account_id = ?"


def _item(row) -> CardItem:
    return CardItem(row[0], row[1], row[2], row[3], json.loads(row[4]))


def items(account_id: int) -> dict[str, CardItem]:
    """uid → card, every card netdesk knows on the account's server."""
    return {r[0]: _item(r) for r in _x(_ITEM, (account_id,))}


def item(account_id: int, uid: str) -> CardItem | None:
    row = _x(_ITEM + " AND uid = ?", (account_id, uid)).fetchone()
    return None if row is None else _item(row)


def item_of_contact(account_id: int, contact_id: int) -> CardItem | None:
    row = _x(_ITEM + " AND contact_id = ?", (account_id, contact_id)).fetchone()
    return None if row is None else _item(row)


def item_at(account_id: int, href: str) -> CardItem | None:
    row = _x(_ITEM + " AND href = ?", (account_id, href)).fetchone()
    return None if row is None else _item(row)


def put_item(account_id: int, card: CardItem) -> None:
    _x("INSERT OR REPLACE INTO card_item(account_id, uid, contact_id, href, etag, base) VALUES (?, ?, ?, ?, ?, ?)",
       (account_id, card.uid, card.contact_id, card.href, card.etag, json.dumps(card.base, ensure_ascii=False,
                                                                                  sort_keys=True)))


def forget_item(account_id: int, uid: str) -> None:
    _x("DELETE FROM card_item WHERE account_id = ? AND uid = ?", (account_id, uid))


def item_count(account_id: int) -> int:
    return _x("SELECT count(*) FROM card_item WHERE account_id = ?", (account_id,)).fetchone()[0]


# -- the outbox ---------------------------------------------------------------------------------------
def queued(account_id: int, upto: int) -> list[int]:
    return [cid for (cid,) in _x("SELECT contact_id FROM card_outbox WHERE account_id = ? AND seq <= ? ORDER BY seq",
                                 (account_id, upto))]


def high_water(account_id: int) -> int:
    return _x("SELECT coalesce(max(seq), 0) FROM card_outbox WHERE account_id = ?", (account_id,)).fetchone()[0]


def pending(account_id: int) -> int:
    return _x("SELECT count(*) FROM card_outbox WHERE account_id = ?", (account_id,)).fetchone()[0]


def done(account_id: int, contact_id: int, upto: int | None = None) -> None:
    """The server has the contact as read; a later write of it (a newer entry) stays queued unless `upto`
    is None (the sync itself just wrote the contact, and the server has that too)."""
    if upto is None:
        _x("DELETE FROM card_outbox WHERE account_id = ? AND contact_id = ?", (account_id, contact_id))
    else:
        _x("DELETE FROM card_outbox WHERE account_id = ? AND contact_id = ? AND seq <= ?",
           (account_id, contact_id, upto))


def queue(account_id: int, contact_id: int) -> None:
    _x("INSERT OR REPLACE INTO card_outbox(account_id, contact_id) VALUES (?, ?)", (account_id, contact_id))


def keep_queued(account_id: int, contact_id: int) -> None:
    """Queued, unless it already is (no write then: a held contact costs nothing per sync)."""
    _x("INSERT OR IGNORE INTO card_outbox(account_id, contact_id) VALUES (?, ?)", (account_id, contact_id))


# -- conflicts ----------------------------------------------------------------------------------------
_CONFLICT = "SELECT id, account_id, contact_id, field, local, remote FROM card_conflict"


def _conflict(row) -> Conflict:
    return Conflict(row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5]))


def conflicts(account_id: int | None = None) -> list[Conflict]:
    if account_id is None:
        return [_conflict(r) for r in _x(_CONFLICT + " ORDER BY id")]
    return [_conflict(r) for r in _x(_CONFLICT + " WHERE account_id = ? ORDER BY id", (account_id,))]


def conflict(conflict_id: int) -> Conflict | None:
    row = _x(_CONFLICT + " WHERE id = ?", (conflict_id,)).fetchone()
    return None if row is None else _conflict(row)


def open_conflicts(account_id: int, contact_id: int) -> dict[str, Conflict]:
    rows = _x(_CONFLICT + " WHERE account_id = ? AND contact_id = ?", (account_id, contact_id))
    return {c.field: c for c in map(_conflict, rows)}


def set_conflict(account_id: int, contact_id: int, field: str, local: object, remote: object) -> None:
    _x("INSERT INTO card_conflict(account_id, contact_id, field, local, remote, created_at) VALUES (?, ?, ?, ?, ?, ?)"
       " ON CONFLICT(account_id, contact_id, field) DO UPDATE SET local = excluded.local, remote = excluded.remote",
       (account_id, contact_id, field, json.dumps(local, ensure_ascii=False), json.dumps(remote, ensure_ascii=False),
        now_stamp()))


def drop_conflict(account_id: int, contact_id: int, field: str) -> None:
    _x("DELETE FROM card_conflict WHERE account_id = ? AND contact_id = ? AND field = ?",
       (account_id, contact_id, field))


def conflict_count(account_id: int) -> int:
    return _x("SELECT count(*) FROM card_conflict WHERE account_id = ?", (account_id,)).fetchone()[0]


def conflict_count_all() -> int:
    return _x("SELECT count(*) FROM card_conflict").fetchone()[0]


def contact_names(contact_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(contact_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(_x(f"SELECT id, name FROM contact WHERE id IN ({marks})", ids).fetchall())


# -- matching a server card to a contact (first sync) -------------------------------------------------
def all_contact_ids() -> list[int]:
    return [cid for (cid,) in _x("SELECT id FROM contact ORDER BY id")]


def contact_exists(contact_id: int) -> bool:
    return _x("SELECT 1 FROM contact WHERE id = ?", (contact_id,)).fetchone() is not None


def kept_uids() -> dict[str, int]:
    """UIDs that contacts brought from a vCard (their own, and those of contacts merged into them)."""
    out: dict[str, int] = {}
    for cid, extra in _x("SELECT id, extra FROM contact WHERE extra LIKE '%UID%' ORDER BY id DESC"):
        for entry in json.loads(extra or "{}").get("vcard", []):
            if str(entry[1]).upper() in ("UID", "X-NETDESK-OTHER-UID"):
                out[str(entry[3]).replace("\\", "")] = cid
    return out


def ids_by_emails(values: Iterable[str]) -> set[int]:
    keys = list({email_key(v) for v in values})
    if not keys:
        return set()
    marks = ",".join("?" * len(keys))
    return {cid for (cid,) in _x(f"SELECT DISTINCT contact_id FROM email WHERE value_key IN ({marks})", keys)}


def id_by_linkedin(url: str | None) -> int | None:
    if not url:
        return None
    row = _x("SELECT id FROM contact WHERE linkedin_url = ?", (url,)).fetchone()
    return None if row is None else row[0]


def is_archived(contact_id: int) -> bool:
    return archived_on(contact_id) is not None


def unavailable(account_id: int) -> set[int]:
    """Contacts a new server card must not be matched to: paired with another card, or archived."""
    return paired_contacts(account_id) | set(archived_ids())


def paired_contacts(account_id: int) -> set[int]:
    return {cid for (cid,) in _x("SELECT contact_id FROM card_item WHERE account_id = ? AND contact_id IS NOT NULL",
                                 (account_id,))}


# -- likely duplicates offered on a first sync (a card_item without a contact, its base an "offer") --------
def likely_contacts(folded_name: str, phones: Iterable[str]) -> list[tuple[int, str, str]]:
    """(id, name, reason) of contacts that are probably the person of a server card: the same name (folded:
    case and accents ignored), or the same phone number (its digits, seven or more)."""
    found: dict[int, tuple[int, str, str]] = {}
    if folded_name:
        for cid, name in _x("SELECT id, name FROM contact WHERE sort_name = ? ORDER BY id LIMIT 20", (folded_name,)):
            found[cid] = (cid, name, "the same name")
    for number in phones:
        digits = phone_digits(number)
        if len(digits) < 7:
            continue
        for cid, name in _x("SELECT DISTINCT p.contact_id, c.name FROM phone p JOIN contact c ON c.id = p.contact_id"
                            " WHERE p.digits = ? LIMIT 20", (digits,)):
            found.setdefault(cid, (cid, name, f"the same phone number ({number})"))
    return list(found.values())


def offers(account_id: int | None = None) -> list[tuple[int, CardItem]]:
    """(account id, card) of every card offered as a likely duplicate, oldest first."""
    where = "contact_id IS NULL AND json_extract(base, '$.offer') IS NOT NULL"
    if account_id is None:
        rows = _x(f"SELECT account_id, uid, contact_id, href, etag, base FROM card_item WHERE {where} ORDER BY uid")
    else:
        rows = _x(f"SELECT account_id, uid, contact_id, href, etag, base FROM card_item WHERE account_id = ? AND"
                  f" {where} ORDER BY uid", (account_id,))
    return [(r[0], _item(r[1:])) for r in rows]


def offered_contacts(account_id: int) -> set[int]:
    """Contacts an undecided offer holds back: not sent to the server until the user says who they are."""
    return {cid for _a, card in offers(account_id) if card.base.get("decided") is None for cid in card.base["offer"]}


def emails_of(contact_id: int) -> list[str]:
    return [v for (v,) in _x("SELECT value FROM email WHERE contact_id = ? ORDER BY position, id", (contact_id,))]
