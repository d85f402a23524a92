"""Exporting contacts: vCard 4.0, Google-compatible CSV, and the JSON full backup. Files are written atomically."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from netdesk.errors import InvalidValue, NotFound
from netdesk.exchange import jsonbackup, writers
from netdesk.exchange.atomic import write_atomic
from netdesk.exchange.card import Address, ContactRecord
from netdesk.store import settings
from netdesk.store.models import database

EXPORT_FORMATS = ("vcard", "csv", "json")
_CHUNK = 500


def records(contact_ids: Sequence[int] | None = None) -> Iterator[ContactRecord]:
    """Contacts as neutral records, in name order (or the order of `contact_ids`), a chunk at a time."""
    c = database.connection()
    if contact_ids is None:
        ids = [cid for (cid,) in c.execute("SELECT id FROM contact ORDER BY sort_name, id")]
    else:
        ids = list(contact_ids)
        found = {cid for (cid,) in c.execute(
            f"SELECT id FROM contact WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else set()
        missing = [cid for cid in ids if cid not in found]
        if missing:
            raise NotFound(f"no contact with id {missing[0]}")
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        children: dict[str, dict[int, list]] = {}
        for table, cols in (("email", "value, label"), ("phone", "value, label"), ("url", "value, label"),
                            ("address", "label, street, locality, region, postcode, country")):
            grouped: dict[int, list] = {}
            for row in c.execute(f"SELECT contact_id, {cols} FROM {table} WHERE contact_id IN ({marks})"
                                 " ORDER BY position, id", chunk):
                grouped.setdefault(row[0], []).append(row[1:])
            children[table] = grouped
        tags: dict[int, list[str]] = {}
        for cid, name in c.execute(f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
                                   f" WHERE ct.contact_id IN ({marks}) ORDER BY t.name", chunk):
            tags.setdefault(cid, []).append(name)
        rows = {row[0]: row for row in c.execute(
            "SELECT id, name, given_name, family_name, phonetic_given, phonetic_family, organisation, department,"
            " title, how_met, met_on, notes, birthday, linkedin_url, photo, photo_mime, extra"
            f" FROM contact WHERE id IN ({marks})", chunk)}
        for cid in chunk:
            (_, name, given, family, pg, pf, org, dept, title, how_met, met_on, notes, birthday, linkedin,
             photo, mime, extra) = rows[cid]
            yield ContactRecord(
                contact_id=cid, name=name, given_name=given, family_name=family, phonetic_given=pg, phonetic_family=pf,
                organisation=org, department=dept, title=title, how_met=how_met,
                met_on=dt.date.fromisoformat(met_on) if met_on else None, notes=notes, birthday=birthday,
                linkedin_url=linkedin, photo=photo, photo_mime=mime, extra=json.loads(extra or "{}"),
                emails=[tuple(r) for r in children["email"].get(cid, [])],
                phones=[tuple(r) for r in children["phone"].get(cid, [])],
                urls=[tuple(r) for r in children["url"].get(cid, [])],
                addresses=[Address(*r) for r in children["address"].get(cid, [])],
                tags=tags.get(cid, []),
            )


def export(path: Path, fmt: str = "vcard", contact_ids: Sequence[int] | None = None) -> int:
    """Write contacts (all, or `contact_ids`) to `path`; returns how many. JSON always holds the whole store."""
    path = Path(path)
    if fmt not in EXPORT_FORMATS:
        raise InvalidValue(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "json":
        if contact_ids is not None:
            raise InvalidValue("a JSON backup holds the whole store; it cannot be limited to some contacts")
        data = jsonbackup.dump()
        (count,) = database.connection().execute("SELECT count(*) FROM contact").fetchone()
        write_atomic(path, data, mode=0o600)  # a backup holds private notes
        return count
    with database.atomic():
        found = list(records(contact_ids))
    if fmt == "vcard":
        store_id = settings.store_id() or "netdesk"
        data = "".join(writers.vcard(_with_uid(r, store_id)) for r in found).encode("utf-8")
    else:
        # With a BOM, Excel opens the file as UTF-8 too; Google Contacts and netdesk read it either way.
        data = writers.google_csv(found).encode("utf-8-sig")
    write_atomic(path, data, mode=0o600)
    return len(found)


def _with_uid(record: ContactRecord, store_id: str) -> ContactRecord:
    """Give a card without a UID (from CSV, or typed in) a stable one: address books such as khard need it,
    and the same contact exported twice must keep the same UID so that a sync updates it."""
    kept = record.extra.get("vcard", [])
    if not any(name.upper() == "UID" for _, name, _, _ in kept):
        uid = uuid.uuid5(uuid.NAMESPACE_URL, f"netdesk:{store_id}:{record.contact_id}")
        record.extra = {**record.extra, "vcard": [*kept, [None, "UID", {}, f"urn:uuid:{uid}"]]}
    return record
