"""Conflicts waiting for the user (CLI.md `conflicts`, `conflict resolve ID local|remote`).

A conflict is one field changed differently in netdesk and on the server since the last sync. Until it is
resolved the local value stays and the server keeps its own. `local` queues the contact, so the next sync
writes netdesk's value to the server; `remote` writes the server's value into the contact (the outbox
trigger queues it, and the next sync finds nothing left to send).
"""

from __future__ import annotations

import base64

from netdesk.domain.change import Change
from netdesk.errors import InvalidValue, NotFound
from netdesk.services.carddav.cards import local_record
from netdesk.services.carddav.fields import Card, of_record, to_record
from netdesk.store import card_sync as state
from netdesk.store import card_write
from netdesk.store.db import transaction


def _shown(field: str, value):
    if field == "photo" and isinstance(value, dict):
        return f"photo ({len(base64.b64decode(value['base64']))} bytes, {value['mime']})"
    if field == "photo" and value:
        return "photo"
    return value


def list_conflicts() -> list[dict]:
    return [{"id": c.id, "contact_id": c.contact_id, "field": c.field, "local": _shown(c.field, c.local),
             "remote": _shown(c.field, c.remote)} for c in state.conflicts()]


def resolve(conflict_id: int, side: str) -> Change:
    if side not in ("local", "remote"):
        raise InvalidValue(f"a conflict is resolved with local or remote, not {side!r}")
    with transaction():
        found = state.conflict(conflict_id)
        if found is None:
            raise NotFound(f"no conflict with id {conflict_id} (conflicts lists them)")
        state.drop_conflict(found.account_id, found.contact_id, found.field)
        if side == "local":
            state.queue(found.account_id, found.contact_id)
            return Change.of(contacts=[found.contact_id])
        record = local_record(found.contact_id)
        if record is None:
            return Change()
        card = of_record(record)
        value = found.remote
        if found.field == "photo" and isinstance(value, dict):
            card.photo = (base64.b64decode(value["base64"]), value["mime"])
            value = value["digest"]
        card.fields[found.field] = value
        updated = to_record(Card(card.fields, card.photo, card.uids), record.extra)
        card_write.replace(found.contact_id, updated, updated.name or record.name, photo=found.field == "photo")
    return Change.of(contacts=[found.contact_id])
