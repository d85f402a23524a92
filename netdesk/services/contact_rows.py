"""Writing an imported `ContactRecord` into the store: create a contact, or merge it into an existing one.

This is the import's hot path (10k records per file), so it talks to SQLite through the raw connection
instead of building peewee queries per row; the SQL is plain and parameterised. The caller holds the
transaction. Helpers for finding exact and likely duplicates live here too, for the same reason.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable

from netdesk.domain.text import fold
from netdesk.exchange.card import Address, ContactRecord
from netdesk.store import contacts as q
from netdesk.store.models import database

_SCALARS = ("given_name", "family_name", "phonetic_given", "phonetic_family", "organisation", "department",
            "title", "how_met", "birthday")


def conn() -> sqlite3.Connection:
    return database.connection()


def search_text(name: str, org: str, dept: str, title: str, pg: str, pf: str, emails: Iterable[str],
                tags: Iterable[str], notes: str) -> str:
    """The same folded text as `store.contacts.search_text_for` (a test keeps the two equal)."""
    return fold(" | ".join([name, org, dept, title, pg, pf, *emails, *tags, notes]))


def find_exact(record: ContactRecord) -> int | None:
    """An existing contact with the same LinkedIn profile or one of the same email addresses."""
    c = conn()
    if record.linkedin_url:
        row = c.execute("SELECT id FROM contact WHERE linkedin_url = ?", (record.linkedin_url,)).fetchone()
        if row:
            return row[0]
    keys = [q.email_key(value) for value, _ in record.emails]
    if keys:
        marks = ",".join("?" * len(keys))
        row = c.execute(f"SELECT contact_id FROM email WHERE value_key IN ({marks}) ORDER BY contact_id LIMIT 1",
                        keys).fetchone()
        if row:
            return row[0]
    return None


def find_likely(contact_id: int, name: str, given: str, family: str, organisation: str,
                phones: Iterable[str]) -> list[tuple[int, str, str]]:
    """(id, name, reason) of contacts that are probably the same person.

    A similar name means the same folded name, the same words in another order ("Doe John"), or the same
    family name with the same first initial ("J. Doe"); it counts only within the same organisation.
    A shared phone number (its last nine digits) counts on its own.
    """
    c = conn()
    found: dict[int, tuple[int, str, str]] = {}
    if organisation.strip():
        folded = fold(name)
        reversed_name = " ".join(reversed(folded.split()))
        fam, giv = fold(family), fold(given)
        pattern = (giv[:1] + "%" + " " + fam).replace("_", "\\_") if fam and giv else folded
        rows = c.execute(
            "SELECT id, name FROM contact WHERE id != ? AND organisation = ? COLLATE NOCASE"
            " AND (sort_name = ? OR sort_name = ? OR sort_name LIKE ? ESCAPE '\\') LIMIT 20",
            (contact_id, organisation.strip(), folded, reversed_name, pattern),
        ).fetchall()
        for cid, other in rows:
            found[cid] = (cid, other, f"similar name and the same organisation ({organisation.strip()})")
    for number in phones:
        digits = q.phone_digits(number)
        if len(digits) < 7:
            continue
        rows = c.execute(
            "SELECT DISTINCT p.contact_id, c.name FROM phone p JOIN contact c ON c.id = p.contact_id"
            " WHERE p.digits = ? AND p.contact_id != ? LIMIT 20", (digits, contact_id),
        ).fetchall()
        for cid, other in rows:
            found.setdefault(cid, (cid, other, f"the same phone number ({number})"))
    return list(found.values())


def create(record: ContactRecord, name: str, today: dt.date, stamp: str) -> int:
    c = conn()
    tags = _tag_ids(record.tags)
    cursor = c.execute(
        "INSERT INTO contact (name, given_name, family_name, phonetic_given, phonetic_family, organisation,"
        " department, title, how_met, met_on, created_on, notes, birthday, linkedin_url, photo, photo_mime,"
        " extra, search_text, sort_name, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (name, record.given_name, record.family_name, record.phonetic_given, record.phonetic_family,
         record.organisation, record.department, record.title, record.how_met,
         record.met_on.isoformat() if record.met_on else None, today.isoformat(), record.notes,
         record.birthday, record.linkedin_url, record.photo, record.photo_mime,
         json.dumps(record.extra, ensure_ascii=False) if record.extra else "{}",
         search_text(name, record.organisation, record.department, record.title, record.phonetic_given,
                     record.phonetic_family, [e for e, _ in record.emails], list(tags), record.notes),
         fold(name), stamp),
    )
    cid = cursor.lastrowid
    _add_children(cid, record, tags)
    return cid


def _tag_ids(names: Iterable[str]) -> dict[str, int]:
    c = conn()
    out: dict[str, int] = {}
    for tag in names:
        row = c.execute("SELECT id, name FROM tag WHERE name = ?", (tag,)).fetchone()
        if row is None:
            row = (c.execute("INSERT INTO tag (name) VALUES (?)", (tag,)).lastrowid, tag)
        out[row[1]] = row[0]
    return out


def _add_children(cid: int, record: ContactRecord, tags: dict[str, int], start: int = 0) -> None:
    c = conn()
    c.executemany("INSERT INTO email (contact_id, value, value_key, label, position) VALUES (?,?,?,?,?)",
                  [(cid, v, q.email_key(v), lab, start + i) for i, (v, lab) in enumerate(record.emails)])
    c.executemany("INSERT INTO phone (contact_id, value, digits, label, position) VALUES (?,?,?,?,?)",
                  [(cid, v, q.phone_digits(v), lab, start + i) for i, (v, lab) in enumerate(record.phones)])
    c.executemany("INSERT INTO url (contact_id, value, label, position) VALUES (?,?,?,?)",
                  [(cid, v, lab, start + i) for i, (v, lab) in enumerate(record.urls)])
    c.executemany(
        "INSERT INTO address (contact_id, label, street, locality, region, postcode, country, position)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(cid, a.label, a.street, a.locality, a.region, a.postcode, a.country, start + i)
         for i, a in enumerate(record.addresses)],
    )
    c.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)",
                  [(cid, tid) for tid in tags.values()])


def merge_extra(mine: dict, theirs: dict) -> dict:
    """Union of two `extra` documents: lists are concatenated without repeats, other keys fill gaps."""
    out = dict(mine)
    for key, value in theirs.items():
        if key not in out:
            out[key] = value
        elif isinstance(out[key], list) and isinstance(value, list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        elif isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = {**value, **out[key]}
    return out


def merge_into(cid: int, record: ContactRecord, stamp: str) -> None:
    """Add what `record` knows that contact `cid` does not; nothing the contact has is replaced."""
    c = conn()
    cols = ", ".join(_SCALARS)
    row = c.execute(f"SELECT {cols}, notes, met_on, linkedin_url, photo IS NOT NULL, extra, introduced_by_id"
                    " FROM contact WHERE id = ?", (cid,)).fetchone()
    current = dict(zip(_SCALARS, row[: len(_SCALARS)], strict=True))
    notes, met_on, linkedin, has_photo, extra, _ = row[len(_SCALARS):]
    updates: dict[str, object] = {}
    for field in _SCALARS:
        value = getattr(record, field)
        if value and not current[field]:
            updates[field] = value
    if record.notes and record.notes not in notes:
        updates["notes"] = f"{notes}\n\n{record.notes}" if notes else record.notes
    if record.met_on and (met_on is None or record.met_on.isoformat() < met_on):
        updates["met_on"] = record.met_on.isoformat()  # the earlier meeting is when you met
    if record.linkedin_url and not linkedin:
        taken = c.execute("SELECT 1 FROM contact WHERE linkedin_url = ?", (record.linkedin_url,)).fetchone()
        if not taken:
            updates["linkedin_url"] = record.linkedin_url
    if record.photo and not has_photo:
        updates["photo"], updates["photo_mime"] = record.photo, record.photo_mime
    if record.extra:
        updates["extra"] = json.dumps(merge_extra(json.loads(extra or "{}"), record.extra), ensure_ascii=False)
    updates["updated_at"] = stamp
    c.execute(f"UPDATE contact SET {', '.join(k + ' = ?' for k in updates)} WHERE id = ?", [*updates.values(), cid])
    _add_missing_children(cid, record)


def _add_missing_children(cid: int, record: ContactRecord) -> None:
    c = conn()
    have_emails = {k for (k,) in c.execute("SELECT value_key FROM email WHERE contact_id = ?", (cid,))}
    have_phones = {v for (v,) in c.execute("SELECT value FROM phone WHERE contact_id = ?", (cid,))}
    have_digits = {d for (d,) in c.execute("SELECT digits FROM phone WHERE contact_id = ?", (cid,)) if d}
    have_urls = {v for (v,) in c.execute("SELECT value FROM url WHERE contact_id = ?", (cid,))}
    have_addresses = {Address("", *r).key() for r in c.execute(
        "SELECT street, locality, region, postcode, country FROM address WHERE contact_id = ?", (cid,))}
    extra = ContactRecord(
        emails=[(v, lab) for v, lab in record.emails if q.email_key(v) not in have_emails],
        phones=[(v, lab) for v, lab in record.phones
                if v not in have_phones and (not q.phone_digits(v) or q.phone_digits(v) not in have_digits)],
        urls=[(v, lab) for v, lab in record.urls if v not in have_urls],
        addresses=[a for a in record.addresses if a.key() not in have_addresses],
    )
    (position,) = c.execute(
        "SELECT 1 + max(coalesce((SELECT max(position) FROM email WHERE contact_id = :c), -1),"
        " coalesce((SELECT max(position) FROM phone WHERE contact_id = :c), -1),"
        " coalesce((SELECT max(position) FROM url WHERE contact_id = :c), -1),"
        " coalesce((SELECT max(position) FROM address WHERE contact_id = :c), -1))", {"c": cid}).fetchone()
    _add_children(cid, extra, _tag_ids(record.tags), start=position)
