"""Archiving, restoring and deleting a contact for good, each with its undo (issue 19, CLI.md).

- `archive` hides a contact: it leaves every list and its reminders are cancelled (calendars see them go),
  its history stays. `restore` brings it back; the reminders come back with the user's decisions on them.
  Each is the other's undo.
- `delete_for_good` removes the contact and its history, and returns a `Deleted` holding all of it;
  `undo_delete(deleted)` puts it back exactly (same ids), for as long as the caller keeps it (the window
  keeps it on its undo stack until netdesk is closed).

Every writer returns the `Change` to announce.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain import model
from netdesk.domain.change import Change
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import contact_flags, contact_snapshot, referrals
from netdesk.store import contacts as q
from netdesk.store.db import transaction


@dataclass(frozen=True, slots=True)
class Deleted:
    """A contact deleted for good: what `undo_delete` needs to put it back, and what the delete touched."""

    contact_id: int
    name: str
    snapshot: contact_snapshot.ContactSnapshot
    change: Change

    def counts(self) -> dict[str, int]:
        """History rows that went with it, by table (for "deleted Ana Lima and 12 history records")."""
        return {table: len(rows) for table, _cols, rows in self.snapshot.rows[1:] if rows}


def _name(contact_id: int) -> str:
    name = q.values(contact_id, ["name"])
    if name is None:
        raise NotFound(f"no contact with id {contact_id}")
    return name["name"]


def is_archived(contact_id: int) -> bool:
    _name(contact_id)
    return contact_flags.archived_on(contact_id) is not None


def archive(contact_id: int, *, today: dt.date) -> Change:
    """Archive the contact (refused when it already is); its open reminders are cancelled."""
    with transaction():
        name = _name(contact_id)
        if contact_flags.archived_on(contact_id) is not None:
            raise InvalidValue(f"{name} is already archived")
        contact_flags.set_archived(contact_id, today)
        derived = reminders.derive(today, contact_ids=[contact_id, *referrals.partners(contact_id)])
    return Change.of(contacts=[contact_id, *derived.contact_ids], reminders=derived.reminder_ids)


def restore(contact_id: int, *, today: dt.date) -> Change:
    """Bring an archived contact back (refused when it is not archived); its reminders are derived again."""
    with transaction():
        name = _name(contact_id)
        if contact_flags.archived_on(contact_id) is None:
            raise InvalidValue(f"{name} is not archived")
        contact_flags.set_archived(contact_id, None)
        derived = reminders.derive(today, contact_ids=[contact_id, *referrals.partners(contact_id)])
    return Change.of(contacts=[contact_id, *derived.contact_ids], reminders=derived.reminder_ids)


def archived_contacts() -> list[model.Contact]:
    """Every archived contact, in name order (`contact list --archived`)."""
    return q.load(contact_flags.archived_ids())


def delete_for_good(contact_id: int, *, today: dt.date) -> Deleted:
    """Delete the contact and its history in one transaction; the result can put them back."""
    with transaction():
        snapshot = contact_snapshot.take(contact_id)
        if snapshot is None:
            raise NotFound(f"no contact with id {contact_id}")
        name = _name(contact_id)
        partners = sorted(snapshot.related)
        # Its reminders are cancelled while they still name it (a scoped derivation finds them by contact),
        # then the rows go; the other side of a referral loses the reminders that referral gave it.
        archived = contact_flags.archived_on(contact_id) is not None  # an archived one stays so on undo
        if not archived:
            contact_flags.set_archived(contact_id, today)
        first = reminders.derive(today, contact_ids=[contact_id])
        if not archived:
            contact_flags.set_archived(contact_id, None)
        q.delete(contact_id)
        second = reminders.derive(today, contact_ids=partners) if partners else reminders.ReconcileResult()
    touched = [cid for cid in (*first.contact_ids, *second.contact_ids) if cid != contact_id]
    change = Change.of(contacts=touched, removed_contacts=[contact_id],
                       reminders=first.reminder_ids | second.reminder_ids)
    return Deleted(contact_id, name, snapshot, change)


def undo_delete(deleted: Deleted, *, today: dt.date) -> Change:
    """Put a contact deleted by `delete_for_good` back, with its history, ids and reminders."""
    with transaction():
        if q.exists(deleted.contact_id):
            raise InvalidValue(f"a contact with id {deleted.contact_id} exists again; {deleted.name} was not put back")
        contact_snapshot.put_back(deleted.snapshot)
        derived = reminders.derive(today, contact_ids=[deleted.contact_id, *sorted(deleted.snapshot.related)])
    return Change.of(contacts=[deleted.contact_id, *derived.contact_ids], reminders=derived.reminder_ids)
