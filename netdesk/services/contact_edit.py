"""What the contact card shows and edits: one call for the card, one per edit, and their undos.

Every writer returns what it replaced beside its `Change`, so a QUndoCommand can put it back exactly
and the window refreshes only what was touched. A new contact is made by `contacts.add_contact`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain.change import Change
from netdesk.domain.contact_views import ContactDetail
from netdesk.domain.ids import ContactId
from netdesk.errors import NotFound
from netdesk.services import reminders
from netdesk.services.contacts import Added, add_contact, check_fields, derived_change
from netdesk.store import contact_card, contact_flags
from netdesk.store import contacts as q
from netdesk.store.db import transaction

# What "New contact" writes and its undo puts back.
ADD_FORM_FIELDS = ["name", "organisation", "title", "how_met", "met_on", "notes", "every_days", "strength",
                   "name_ok", "emails", "phones", "tags", "created_on"]
# Edits that feed the rules: cadences, tag cadences and the names in reminder titles.
_DERIVING = frozenset({"every_days", "tags", "name"})


@dataclass(frozen=True, slots=True)
class Edited:
    """The values an edit replaced (keyed like the edit), and what it touched."""

    previous: dict
    change: Change


@dataclass(frozen=True, slots=True)
class PhotoSet:
    previous: tuple[bytes | None, str | None]  # (photo, MIME type) before
    change: Change


@dataclass(frozen=True, slots=True)
class Deleted:
    values: dict  # the add-form values, to re-create the contact on redo
    change: Change


def detail(contact_id: int) -> ContactDetail:
    found = contact_card.detail(contact_id)
    if found is None:
        raise NotFound(f"no contact with id {contact_id}")
    return found


def current_values(contact_id: int, keys: list[str]) -> dict:
    found = q.values(contact_id, keys)
    if found is None:
        raise NotFound(f"no contact with id {contact_id}")
    return found


def update_fields(contact_id: int, changes: dict, *, today: dt.date) -> Edited:
    """Apply `changes` in one transaction; returns the values they replaced (for undo)."""
    clean = check_fields(contact_id, changes)
    with transaction():
        previous = current_values(contact_id, list(clean))
        before = contact_flags.cadences([contact_id])
        q.update(contact_id, clean)
        contact_flags.start_new_cadences(before, today)  # a new cadence counts from today
        if _DERIVING & set(clean):
            return Edited(previous, derived_change([contact_id], reminders.derive(today, contact_ids=[contact_id])))
    return Edited(previous, Change.of(contacts=[contact_id]))


def create_contact(values: dict, *, today: dt.date, contact_id: int | None = None) -> Added:
    """A new contact from the add-contact form's values; `contact_id` re-creates an undone one in place."""
    fields = {k: v for k, v in values.items() if k != "name"}
    return add_contact(str(values.get("name", "")), today=today, contact_id=contact_id, **fields)


def delete_contact(contact_id: int, *, today: dt.date) -> Deleted:
    """Remove a contact (and, by cascade, its history); returns its add-form values for undo.

    Meant for undoing "New contact", when there is no history yet to lose.
    """
    with transaction():
        previous = current_values(contact_id, ADD_FORM_FIELDS)
        q.delete(contact_id)
        derived = reminders.derive(today)
    change = Change.of(contacts=derived.contact_ids, removed_contacts=[contact_id], reminders=derived.reminder_ids)
    return Deleted(previous, change)


def set_photo(contact_id: int, data: bytes | None, mime: str | None = None) -> PhotoSet:
    with transaction():
        old = q.photo(contact_id)
        if old is None:
            raise NotFound(f"no contact with id {contact_id}")
        q.set_photo(contact_id, data, mime)
    return PhotoSet(old, Change.of(contacts=[contact_id]))


__all__ = ["ContactId", "ContactDetail", "Edited", "PhotoSet", "Deleted", "detail", "update_fields",
           "create_contact", "delete_contact", "set_photo"]
