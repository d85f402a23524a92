"""An undoable merge (issue 19 item 3): both contacts are read whole before `merging.merge_contacts`, and
undo puts both back exactly as they were (same ids, history, tags, reminders pointing at them again).

Undo removes the merged contact (and by cascade what it held, moved rows included), then re-inserts the
two snapshots (`store.contact_snapshot`, the same rows the delete-for-good undo uses) and re-derives
both contacts' reminders. One transaction each way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain.change import Change
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import merging, reminders
from netdesk.store import contact_snapshot
from netdesk.store import contacts as q
from netdesk.store.db import transaction


@dataclass(frozen=True, slots=True)
class Merged:
    result: merging.MergeResult
    keep: contact_snapshot.ContactSnapshot
    other: contact_snapshot.ContactSnapshot

    @property
    def change(self) -> Change:
        return self.result.change


def merge(keep_id: int, other_id: int, *, today: dt.date) -> Merged:
    """`merging.merge_contacts`, with what undo needs to put both contacts back."""
    with transaction():
        keep, other = contact_snapshot.take(keep_id), contact_snapshot.take(other_id)
        if keep is None or other is None:
            raise NotFound(f"no contact with id {keep_id if keep is None else other_id}")
        result = merging.merge_contacts(keep_id, other_id, today=today)
    return Merged(result, keep, other)


def undo(merged: Merged, *, today: dt.date) -> Change:
    """Split a merge again: both contacts as they were before it."""
    keep_id, other_id = merged.keep.contact_id, merged.other.contact_id
    with transaction():
        if q.exists(other_id):
            raise InvalidValue(f"a contact with id {other_id} exists again; the merge was not undone")
        if not q.exists(keep_id):
            raise NotFound("the merged contact was deleted since; the merge cannot be undone")
        q.delete(keep_id)
        contact_snapshot.put_back(merged.keep)
        contact_snapshot.put_back(merged.other)
        related = sorted(merged.keep.related | merged.other.related)
        derived = reminders.derive(today, contact_ids=[keep_id, other_id, *related])
    return Change.of(contacts=[keep_id, other_id, *derived.contact_ids], reminders=derived.reminder_ids)
