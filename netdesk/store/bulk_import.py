"""Writing imported `ContactRecord`s into the store in batches: create a contact, or merge one into an existing one.

This is the import's hot path (10k records per file), so it talks to SQLite through the raw connection
instead of building peewee queries per row; the SQL is plain and parameterised. The caller holds the
transaction. Helpers for finding exact and likely duplicates live here too, for the same reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Iterable

from netdesk.domain.text import fold
from netdesk.exchange.card import Address, ContactRecord
from netdesk.store import contacts as q
from netdesk.store.models import database

_SCALARS = ("given_name", "family_name", "phonetic_given", "phonetic_family", "organisation", "department",
            "title", "how_met", "birthday", "anniversary")


def conn() -> sqlite3.Connection:
    return database.connection()


def fast_fold(text: str) -> str:
    """`fold`, with a shortcut for ASCII text (most emails and many names), where it is lower-casing and
    collapsing spaces. Tests check that the two agree (hypothesis included)."""
    if text.isascii():
        return " ".join(text.lower().split())
    return fold(text)


@functools.lru_cache(maxsize=4096)
def _fold_repeated(text: str) -> str:
    """Organisations, titles and tags repeat across a file: each is folded once."""
    return fast_fold(text)


def search_text(name: str, org: str, dept: str, title: str, pg: str, pf: str, emails: Iterable[str],
                tags: Iterable[str], notes: str, folded_name: str | None = None) -> str:
    """The same folded text as `store.contacts.search_text_for` (tests keep the two equal).

    Folding part by part and then collapsing spaces equals folding the joined text, because the
    separators are ASCII (nothing composes across them); it lets repeated parts be folded once.
    """
    parts = [fast_fold(name) if folded_name is None else folded_name, _fold_repeated(org), _fold_repeated(dept),
             _fold_repeated(title), fast_fold(pg), fast_fold(pf), *map(fast_fold, emails),
             *map(_fold_repeated, tags), fast_fold(notes) if notes else ""]
    return " ".join(" | ".join(parts).split())


class LikelyIndex:
    """Names of contacts by organisation, for spotting likely duplicates without a query per record.

    A similar name means the same words in any order ("John Doe", "Doe John"), or the same last word with
    the same first initial ("J. Doe"); it counts only within the same organisation (case ignored). Names
    are compared folded (`sort_name`), so accents and case do not matter. A shared phone number (its last
    nine digits) counts on its own, and is looked up in SQL through the `phone_digits` index.
    """

    def __init__(self) -> None:
        self.by_words: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self.by_initial: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
        self.keys: dict[int, tuple] = {}  # the keys each contact was filed under, reused by `similar`
        rows = conn().execute("SELECT id, name, sort_name, organisation FROM contact WHERE organisation != ''")
        for cid, name, folded, organisation in rows:
            self.add(cid, name, folded, organisation)

    @staticmethod
    @functools.lru_cache(maxsize=8192)
    def _org_key(organisation: str) -> str:
        return " ".join(organisation.split()).casefold()

    def _keys(self, folded: str, organisation: str) -> tuple[tuple[str, str], tuple[str, str, str] | None] | None:
        org = self._org_key(organisation)
        words = folded.replace(".", " ").split()
        if not org or not words:
            return None
        initial = (org, words[-1], words[0][:1]) if len(words) > 1 else None
        return (org, " ".join(sorted(words))), initial

    def add(self, cid: int, name: str, folded: str, organisation: str) -> None:
        keys = self._keys(folded, organisation)
        if keys:
            self.keys[cid] = keys
            self.by_words.setdefault(keys[0], []).append((cid, name))
            if keys[1]:
                self.by_initial.setdefault(keys[1], []).append((cid, name))

    def similar(self, cid: int, folded: str, organisation: str) -> list[tuple[int, str]]:
        keys = self.keys.get(cid) or self._keys(folded, organisation)
        if not keys:
            return []
        found = dict(self.by_words.get(keys[0], []))
        if keys[1]:
            found.update(self.by_initial.get(keys[1], []))
        found.pop(cid, None)
        return list(found.items())[:20]


def find_likely(index: LikelyIndex, contact_id: int, name: str, folded: str, organisation: str,
                phones: Iterable[str]) -> list[tuple[int, str, str]]:
    """(id, name, reason) of contacts that are probably the same person (see `LikelyIndex`)."""
    found: dict[int, tuple[int, str, str]] = {}
    for cid, other in index.similar(contact_id, folded, organisation):
        found[cid] = (cid, other, f"similar name and the same organisation ({organisation.strip()})")
    c = conn()
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


_CONTACT_COLUMNS = ("id", "name", "given_name", "family_name", "phonetic_given", "phonetic_family", "organisation",
                    "department", "title", "how_met", "met_on", "created_on", "notes", "birthday", "linkedin_url",
                    "photo", "photo_mime", "extra", "search_text", "sort_name", "updated_at", "every_days", "name_ok",
                    "strength", "anniversary")


class BatchWriter:
    """Creates contacts a batch at a time.

    The full-text index is fed by a trigger on `contact`, and FTS5 flushes its pending terms at every
    statement boundary: one INSERT per contact costs ~8× more than one INSERT … SELECT per batch. So new
    contacts get their ids up front, wait in a TEMP staging table, and enter `contact` together. Lookups
    for exact duplicates see the waiting contacts through in-memory keys.
    """

    BATCH = 5000  # contacts; FTS5 work per batch shrinks as batches grow
    BATCH_BYTES = 16 * 1024 * 1024  # but photos are held in memory until the batch is written

    def __init__(self, today: dt.date, stamp: str) -> None:
        self.today, self.stamp = today, stamp
        c = conn()
        cols = ", ".join(_CONTACT_COLUMNS)
        c.execute(f"CREATE TEMP TABLE IF NOT EXISTS import_staging AS SELECT {cols} FROM main.contact WHERE 0")
        c.execute("DELETE FROM temp.import_staging")
        (top,) = c.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()
        self.next_id = top + 1
        self.rows: list[tuple] = []
        self.photo_bytes = 0
        self.children: list[tuple[int, ContactRecord, dict[str, int]]] = []
        # Every email key and LinkedIn profile of the store, so exact duplicates are found without a query
        # per record (two lookups per record were a third of a 10k CSV import).
        self.emails: dict[str, int] = {}
        for key, cid in c.execute("SELECT value_key, contact_id FROM email ORDER BY contact_id DESC"):
            self.emails[key] = cid  # descending, so the lowest id wins
        self.linkedin: dict[str, int] = dict(c.execute(
            "SELECT linkedin_url, id FROM contact WHERE linkedin_url IS NOT NULL"))
        self.likely = LikelyIndex()
        self.tag_cache: dict[str, tuple[int, str]] = {}
        self.flushed: list[tuple[int, str, str, ContactRecord]] = []  # written, not yet checked for duplicates

    def find_exact(self, record: ContactRecord) -> int | None:
        """A contact with the same LinkedIn profile, else the lowest-id one sharing an email address."""
        if record.linkedin_url and record.linkedin_url in self.linkedin:
            return self.linkedin[record.linkedin_url]
        found = [self.emails[k] for k in (q.email_key(v) for v, _ in record.emails) if k in self.emails]
        return min(found) if found else None

    def merged(self, cid: int, record: ContactRecord) -> None:
        """Keys a merge gave contact `cid`."""
        if record.linkedin_url:
            self.linkedin.setdefault(record.linkedin_url, cid)
        for value, _ in record.emails:
            self.emails.setdefault(q.email_key(value), cid)

    def is_pending(self, cid: int) -> bool:
        return cid >= self.next_id - len(self.rows)

    def create(self, record: ContactRecord, name: str) -> int:
        cid = self.next_id
        self.next_id += 1
        tags = _tag_ids(record.tags, self.tag_cache)
        folded = fast_fold(name)
        self.rows.append((
            cid, name, record.given_name, record.family_name, record.phonetic_given, record.phonetic_family,
            record.organisation, record.department, record.title, record.how_met,
            record.met_on.isoformat() if record.met_on else None, self.today.isoformat(), record.notes,
            record.birthday, record.linkedin_url, record.photo, record.photo_mime,
            json.dumps(record.extra, ensure_ascii=False) if record.extra else "{}",
            search_text(name, record.organisation, record.department, record.title, record.phonetic_given,
                        record.phonetic_family, [e for e, _ in record.emails], list(tags), record.notes,
                        folded_name=folded),
            folded, self.stamp, record.every_days, bool(record.name_ok), record.strength or 0, record.anniversary,
        ))
        self.children.append((cid, record, tags))
        self.photo_bytes += len(record.photo or b"")
        self.likely.add(cid, name, folded, record.organisation)
        if record.linkedin_url:
            self.linkedin[record.linkedin_url] = cid
        for value, _ in record.emails:
            self.emails.setdefault(q.email_key(value), cid)
        return cid

    def full(self) -> bool:
        return len(self.rows) >= self.BATCH or self.photo_bytes >= self.BATCH_BYTES

    def flush(self) -> None:
        """Write the waiting contacts; they are kept in `flushed` as (id, name, folded name, record)."""
        c = conn()
        if not self.rows:
            return
        cols = ", ".join(_CONTACT_COLUMNS)
        c.executemany(f"INSERT INTO temp.import_staging ({cols}) VALUES ({', '.join('?' * len(_CONTACT_COLUMNS))})",
                      self.rows)
        c.execute(f"INSERT INTO main.contact ({cols}) SELECT {cols} FROM temp.import_staging ORDER BY id")
        c.execute("DELETE FROM temp.import_staging")
        _add_children_many(self.children)
        self.flushed += [(row[0], row[1], row[19], record)
                         for row, (_, record, _) in zip(self.rows, self.children, strict=True)]
        self.rows, self.children, self.photo_bytes = [], [], 0


def _tag_ids(names: Iterable[str], cache: dict[str, tuple[int, str]] | None = None) -> dict[str, int]:
    """Tag ids by name (the stored spelling wins: tag names are case-insensitive), creating missing tags."""
    c = conn()
    out: dict[str, int] = {}
    for tag in names:
        row = cache.get(tag) if cache is not None else None
        if row is None:
            row = c.execute("SELECT id, name FROM tag WHERE name = ?", (tag,)).fetchone()
            if row is None:
                row = (c.execute("INSERT INTO tag (name) VALUES (?)", (tag,)).lastrowid, tag)
            if cache is not None:
                cache[tag] = row
        out[row[1]] = row[0]
    return out


def _add_children(cid: int, record: ContactRecord, tags: dict[str, int], start: int = 0) -> None:
    _add_children_many([(cid, record, tags)], start)


def _add_children_many(items: list[tuple[int, ContactRecord, dict[str, int]]], start: int = 0) -> None:
    """Emails, phones, urls, addresses and tags of many contacts, one statement per table."""
    c = conn()
    c.executemany("INSERT INTO email (contact_id, value, value_key, label, position) VALUES (?,?,?,?,?)",
                  [(cid, v, q.email_key(v), lab, start + i)
                   for cid, record, _ in items for i, (v, lab) in enumerate(record.emails)])
    c.executemany("INSERT INTO phone (contact_id, value, digits, label, position) VALUES (?,?,?,?,?)",
                  [(cid, v, q.phone_digits(v), lab, start + i)
                   for cid, record, _ in items for i, (v, lab) in enumerate(record.phones)])
    c.executemany("INSERT INTO url (contact_id, value, label, position) VALUES (?,?,?,?)",
                  [(cid, v, lab, start + i) for cid, record, _ in items for i, (v, lab) in enumerate(record.urls)])
    c.executemany(
        "INSERT INTO address (contact_id, label, street, locality, region, postcode, country, position)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(cid, a.label, a.street, a.locality, a.region, a.postcode, a.country, start + i)
         for cid, record, _ in items for i, a in enumerate(record.addresses)],
    )
    c.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)",
                  [(cid, tid) for cid, _, tags in items for tid in tags.values()])


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
    # netdesk's own fields from its vCard export: a cadence or strength fills an empty one; the permission to
    # use a name is never granted by a merged file
    have = c.execute("SELECT every_days, strength FROM contact WHERE id = ?", (cid,)).fetchone()
    if record.every_days and have[0] is None:
        updates["every_days"] = record.every_days
    if record.strength and not have[1]:
        updates["strength"] = record.strength
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


def name_of(cid: int) -> str:
    (name,) = conn().execute("SELECT name FROM contact WHERE id = ?", (cid,)).fetchone()
    return name


def link_introducer(cid: int, introducer_id: int) -> None:
    """An imported 'Referred By' that names exactly one contact; an introducer already set stays."""
    conn().execute("UPDATE contact SET introduced_by_id = ? WHERE id = ? AND introduced_by_id IS NULL",
                   (introducer_id, cid))


def keep_referred_by(cid: int, name: str) -> None:
    """An imported 'Referred By' that names no one (or several): kept as text in the contact's extra data."""
    c = conn()
    (extra,) = c.execute("SELECT extra FROM contact WHERE id = ?", (cid,)).fetchone()
    data = json.loads(extra or "{}")
    data["referred_by"] = name
    c.execute("UPDATE contact SET extra = ? WHERE id = ?", (json.dumps(data, ensure_ascii=False), cid))
