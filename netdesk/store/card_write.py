"""A contact written whole from a synced card (CardDAV): its columns, emails, phones, URLs, addresses and
tags replaced by the merged record's. History (interactions, favours, ...) is never touched. The caller
holds the transaction."""

from __future__ import annotations

import datetime as dt
import json

from netdesk.domain.text import fold
from netdesk.exchange.card import ContactRecord
from netdesk.store import contacts as q
from netdesk.store.bulk_import import search_text
from netdesk.store.models import database

_COLUMNS = ("given_name", "family_name", "phonetic_given", "phonetic_family", "organisation", "department", "title",
            "how_met", "met_on", "notes", "birthday", "linkedin_url", "every_days", "name_ok", "strength",
            "anniversary")


def _values(record: ContactRecord) -> list:
    return [record.given_name, record.family_name, record.phonetic_given, record.phonetic_family,
            record.organisation, record.department, record.title, record.how_met,
            record.met_on.isoformat() if record.met_on else None, record.notes, record.birthday,
            record.linkedin_url, record.every_days, int(bool(record.name_ok)), record.strength or 0,
            record.anniversary]


def _search(record: ContactRecord, name: str) -> tuple[str, str]:
    folded = fold(name)
    return (search_text(name, record.organisation, record.department, record.title, record.phonetic_given,
                        record.phonetic_family, [e for e, _ in record.emails], record.tags, record.notes), folded)


def create(record: ContactRecord, name: str, today: dt.date) -> int:
    c = database.connection()
    text, folded = _search(record, name)
    cols = ", ".join(("name", *_COLUMNS, "photo", "photo_mime", "extra", "created_on", "search_text", "sort_name",
                      "updated_at"))
    cursor = c.execute(
        f"INSERT INTO contact ({cols}) VALUES ({', '.join('?' * (len(_COLUMNS) + 8))})",
        [name, *_values(record), record.photo, record.photo_mime, json.dumps(record.extra, ensure_ascii=False),
         today.isoformat(), text, folded, q.now_stamp()])
    contact_id = cursor.lastrowid
    _children(contact_id, record)
    return contact_id


def replace(contact_id: int, record: ContactRecord, name: str, *, photo: bool) -> None:
    """Every synced field of the contact becomes the record's (`photo`: the photo too)."""
    c = database.connection()
    text, folded = _search(record, name)
    sets = ", ".join(f"{col} = ?" for col in ("name", *_COLUMNS, "extra", "search_text", "sort_name", "updated_at"))
    c.execute(f"UPDATE contact SET {sets} WHERE id = ?",
              [name, *_values(record), json.dumps(record.extra, ensure_ascii=False), text, folded, q.now_stamp(),
               contact_id])
    if photo:
        c.execute("UPDATE contact SET photo = ?, photo_mime = ? WHERE id = ?",
                  (record.photo, record.photo_mime, contact_id))
    for table in ("email", "phone", "url", "address", "contact_tag"):
        c.execute(f"DELETE FROM {table} WHERE contact_id = ?", (contact_id,))
    _children(contact_id, record)


def _children(cid: int, record: ContactRecord) -> None:
    c = database.connection()
    c.executemany("INSERT INTO email (contact_id, value, value_key, label, position) VALUES (?,?,?,?,?)",
                  [(cid, v, q.email_key(v), label, i) for i, (v, label) in enumerate(record.emails)])
    c.executemany("INSERT INTO phone (contact_id, value, digits, label, position) VALUES (?,?,?,?,?)",
                  [(cid, v, q.phone_digits(v), label, i) for i, (v, label) in enumerate(record.phones)])
    c.executemany("INSERT INTO url (contact_id, value, label, position) VALUES (?,?,?,?)",
                  [(cid, v, label, i) for i, (v, label) in enumerate(record.urls)])
    c.executemany("INSERT INTO address (contact_id, label, street, locality, region, postcode, country, position)"
                  " VALUES (?,?,?,?,?,?,?,?)",
                  [(cid, a.label, a.street, a.locality, a.region, a.postcode, a.country, i)
                   for i, a in enumerate(record.addresses)])
    tags = q.ensure_tags(record.tags)
    c.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)",
                  [(cid, tag_id) for tag_id in tags.values()])
