"""Exporting contacts: vCard 4.0 and 3.0, Google-compatible CSV, and the JSON full backup. Files are written atomically."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from netdesk.errors import InvalidValue
from netdesk.exchange import jsonbackup, writers
from netdesk.exchange.atomic import write_atomic
from netdesk.exchange.card import ContactRecord
from netdesk.store import export_reads, json_backup, settings
from netdesk.store.db import transaction

# vcard: RFC 6350 (4.0); vcard3: RFC 2426, for older address books and vobject-based servers
EXPORT_FORMATS = ("vcard", "vcard3", "csv", "json")


def records(contact_ids: Sequence[int] | None = None) -> Iterator[ContactRecord]:
    """Contacts as neutral records, in name order (or the order of `contact_ids`), a chunk at a time."""
    yield from export_reads.records(export_ids(contact_ids))


def export_ids(contact_ids: Sequence[int] | None = None) -> list[int]:
    return export_reads.export_ids(contact_ids)


def export(path: Path, fmt: str = "vcard", contact_ids: Sequence[int] | None = None) -> int:
    """Write contacts (all, or `contact_ids`) to `path`; returns how many. JSON always holds the whole store."""
    path = Path(path)
    if fmt not in EXPORT_FORMATS:
        raise InvalidValue(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "json":
        if contact_ids is not None:
            raise InvalidValue("a JSON backup holds the whole store; it cannot be limited to some contacts")
        with transaction():
            data = jsonbackup.encode(*json_backup.snapshot())
            count = export_reads.contact_count()
        write_atomic(path, data, mode=0o600)  # a backup holds private notes
        return count
    with transaction():
        found = list(records(contact_ids))
        store_id = settings.store_id() or "netdesk"
    if fmt in ("vcard", "vcard3"):
        version = "3.0" if fmt == "vcard3" else "4.0"
        data = "".join(writers.vcard(r, version, default_uid(store_id, r.contact_id)) for r in found).encode("utf-8")
    else:
        # With a BOM, Excel opens the file as UTF-8 too; Google Contacts and netdesk read it either way.
        data = writers.google_csv(found).encode("utf-8-sig")
    write_atomic(path, data, mode=0o600)
    return len(found)


def default_uid(store_id: str, contact_id: int | None) -> str:
    """The UID of a card that brought none (from CSV, or typed in): address books such as khard need one,
    and the same contact exported twice must keep the same UID so that a sync updates it."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'netdesk:{store_id}:{contact_id}')}"
