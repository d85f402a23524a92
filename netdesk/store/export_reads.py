"""The contact export's reads: whole contacts as `ContactRecord`s (the neutral record every writer takes).

A chunk of contacts costs a fixed number of queries (the contact rows, each child table, the tags), so an
export of 100k contacts reads in seconds and holds one chunk in memory at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence

from netdesk.errors import NotFound
from netdesk.exchange.card import Address, ContactRecord
from netdesk.store.models import database

_CHUNK = 500
_CHILDREN = (("email", "value, label"), ("phone", "value, label"), ("url", "value, label"),
             ("address", "label, street, locality, region, postcode, country"))
_COLUMNS = ("id, name, given_name, family_name, phonetic_given, phonetic_family, organisation, department,"
            " title, how_met, met_on, notes, birthday, linkedin_url, photo, photo_mime, extra, every_days, name_ok,"
            " strength, anniversary")


def contact_count() -> int:
    (count,) = database.connection().execute("SELECT count(*) FROM contact").fetchone()
    return count


def export_ids(contact_ids: Sequence[int] | None = None) -> list[int]:
    """Every contact id in name order, or `contact_ids` checked to exist (NotFound names the first missing)."""
    c = database.connection()
    if contact_ids is None:
        return [cid for (cid,) in c.execute("SELECT id FROM contact ORDER BY sort_name, id")]
    ids = list(contact_ids)
    found: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        found |= {cid for (cid,) in c.execute(
            f"SELECT id FROM contact WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
    missing = [cid for cid in ids if cid not in found]
    if missing:
        raise NotFound(f"no contact with id {missing[0]}")
    return ids


def records(ids: Sequence[int]) -> Iterator[ContactRecord]:
    """The contacts `ids` as records, in that order, a chunk at a time."""
    c = database.connection()
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        children: dict[str, dict[int, list]] = {}
        for table, cols in _CHILDREN:
            grouped: dict[int, list] = {}
            for row in c.execute(f"SELECT contact_id, {cols} FROM {table} WHERE contact_id IN ({marks})"
                                 " ORDER BY position, id", chunk):
                grouped.setdefault(row[0], []).append(row[1:])
            children[table] = grouped
        tags: dict[int, list[str]] = {}
        for cid, name in c.execute(f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
                                   f" WHERE ct.contact_id IN ({marks}) ORDER BY t.name", chunk):
            tags.setdefault(cid, []).append(name)
        rows = {row[0]: row for row in c.execute(f"SELECT {_COLUMNS} FROM contact WHERE id IN ({marks})", chunk)}
        for cid in chunk:
            (_, name, given, family, pg, pf, org, dept, title, how_met, met_on, notes, birthday, linkedin,
             photo, mime, extra, every_days, name_ok, strength, anniversary) = rows[cid]
            yield ContactRecord(
                contact_id=cid, name=name, given_name=given, family_name=family, phonetic_given=pg, phonetic_family=pf,
                organisation=org, department=dept, title=title, how_met=how_met,
                met_on=dt.date.fromisoformat(met_on) if met_on else None, notes=notes, birthday=birthday,
                anniversary=anniversary,
                linkedin_url=linkedin, photo=photo, photo_mime=mime, extra=json.loads(extra or "{}"),
                emails=[tuple(r) for r in children["email"].get(cid, [])],
                phones=[tuple(r) for r in children["phone"].get(cid, [])],
                urls=[tuple(r) for r in children["url"].get(cid, [])],
                addresses=[Address(*r) for r in children["address"].get(cid, [])],
                tags=tags.get(cid, []), every_days=every_days, name_ok=bool(name_ok), strength=strength,
            )
