"""Conflicts waiting for the user (CLI.md `conflicts`, `conflict resolve ID local|remote|both`; the window's
Conflicts dialog, ui/conflicts_page.py, calls the same functions).

A conflict is one field changed differently in netdesk and on the server since the last sync. Until it is
resolved the local value stays and the server keeps its own. `local` queues the contact, so the next sync
writes netdesk's value to the server; `remote` writes the server's value into the contact (the outbox
trigger queues it, and the next sync finds nothing left to send); `both` keeps the two values where a
field can hold both (a list field as the union of both sides, notes as both texts), and the next sync
writes that to the server.

A resolution is undoable (`resolve_undoable` / `unresolve`): undo writes the contact's synced fields back
as they were and opens the conflict again, with the same two values. This module imports no DAV client,
so the window can count conflicts at any time without loading caldav.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from netdesk.domain.change import Change
from netdesk.errors import InvalidValue, NotFound
from netdesk.exchange.card import ContactRecord
from netdesk.services.carddav.fields import LISTS, Card, merge_list, of_record, to_record
from netdesk.store import card_sync as state
from netdesk.store import card_write, export_reads
from netdesk.store.db import transaction

SIDES = ("local", "remote", "both")
BOTH_TEXT = ("notes",)  # text fields that can hold both values, one after the other


def _record(contact_id: int) -> ContactRecord | None:
    if not state.contact_exists(contact_id):
        return None
    return next(iter(export_reads.records([contact_id])))


def _shown(field: str, value):
    if field == "photo" and isinstance(value, dict):
        return f"photo ({len(base64.b64decode(value['base64']))} bytes, {value['mime']})"
    if field == "photo" and value:
        return "photo"
    return value


def can_keep_both(field: str) -> bool:
    """Whether `both` means something for the field: a list, or a text that can hold two."""
    return field in LISTS or field in BOTH_TEXT


def count() -> int:
    return state.conflict_count_all()


def list_conflicts() -> list[dict]:
    return [{"id": c.id, "contact_id": c.contact_id, "field": c.field, "local": _shown(c.field, c.local),
             "remote": _shown(c.field, c.remote)} for c in state.conflicts()]


@dataclass(frozen=True)
class Row:
    """One conflict as the window shows it."""

    id: int
    contact_id: int
    contact: str  # the contact's name
    field: str
    local: str
    remote: str
    both: bool  # "keep both" makes sense for it


def text_of(field: str, value) -> str:
    """A value as a person reads it: a list one item a line, a photo by its size, nothing as '(empty)'."""
    value = _shown(field, value)
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if field == "n" or not value or not isinstance(value[0], list):
            return " ".join(str(v) for v in value if v) or "(empty)"
        return "\n".join(", ".join(str(p) for p in item if p) for item in value)
    return str(value)


def rows() -> list[Row]:
    names = state.contact_names({c.contact_id for c in state.conflicts()})
    return [Row(c.id, c.contact_id, names.get(c.contact_id, f"contact {c.contact_id}"), c.field,
                text_of(c.field, c.local), text_of(c.field, c.remote), can_keep_both(c.field))
            for c in state.conflicts()]


@dataclass(frozen=True)
class Resolved:
    """What undo needs: the conflict as it was, and the contact's synced fields before the resolution."""

    conflict: state.Conflict
    side: str
    before: ContactRecord | None
    change: Change


def _both(field: str, mine, theirs):
    if field in LISTS:
        return merge_list(field, list(mine or []), None, list(theirs or []))
    parts = [str(v).strip() for v in (mine, theirs) if v and str(v).strip()]
    return "\n\n".join(dict.fromkeys(parts)) or None


def _apply(found: state.Conflict, side: str) -> Change:
    state.drop_conflict(found.account_id, found.contact_id, found.field)
    if side == "local":
        state.queue(found.account_id, found.contact_id)
        return Change.of(contacts=[found.contact_id])
    record = _record(found.contact_id)
    if record is None:
        return Change()
    card = of_record(record)
    value = found.remote
    if found.field == "photo" and isinstance(value, dict):
        card.photo = (base64.b64decode(value["base64"]), value["mime"])
        value = value["digest"]
    if side == "both":
        value = _both(found.field, card.fields[found.field], found.remote)
    card.fields[found.field] = value
    updated = to_record(Card(card.fields, card.photo, card.uids), record.extra)
    card_write.replace(found.contact_id, updated, updated.name or record.name, photo=found.field == "photo")
    state.queue(found.account_id, found.contact_id)
    return Change.of(contacts=[found.contact_id])


def _check(found: state.Conflict | None, side: str, what: str) -> state.Conflict:
    if side not in SIDES:
        raise InvalidValue(f"a conflict is resolved with local, remote or both, not {side!r}")
    if found is None:
        raise NotFound(f"no conflict with id {what} (conflicts lists them)")
    if side == "both" and not can_keep_both(found.field):
        raise InvalidValue(f"the {found.field} field holds one value: keep local or remote")
    return found


def resolve(conflict_id: int, side: str) -> Change:
    return resolve_undoable(conflict_id, side).change


def resolve_undoable(conflict_id: int, side: str) -> Resolved:
    with transaction():
        found = _check(state.conflict(conflict_id), side, str(conflict_id))
        before = _record(found.contact_id)
        change = _apply(found, side)
    return Resolved(found, side, before, change)


def redo(resolved: Resolved) -> Resolved:
    """The same resolution again after an undo (the conflict's row has a new id by then)."""
    c = resolved.conflict
    with transaction():
        found = state.open_conflicts(c.account_id, c.contact_id).get(c.field)
        found = _check(found, resolved.side, f"{c.field} of contact {c.contact_id}")
        before = _record(found.contact_id)
        change = _apply(found, resolved.side)
    return Resolved(found, resolved.side, before, change)


def unresolve(resolved: Resolved) -> Change:
    """Undo a resolution: the contact's synced fields as they were, the conflict open again."""
    c = resolved.conflict
    with transaction():
        if not state.contact_exists(c.contact_id):
            raise NotFound("the contact was deleted since; the conflict cannot be opened again")
        if resolved.before is not None and resolved.side != "local":
            card_write.replace(c.contact_id, resolved.before, resolved.before.name, photo=True)
        state.set_conflict(c.account_id, c.contact_id, c.field, c.local, c.remote)
    return Change.of(contacts=[c.contact_id])
