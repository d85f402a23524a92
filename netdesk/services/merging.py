"""Merging two contacts into one, in one transaction, losing nothing (the rows move in `store.merge`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain.change import Change
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import contacts as q
from netdesk.store import merge
from netdesk.store.db import transaction


@dataclass(frozen=True)
class MergeResult:
    kept_id: int
    removed_id: int
    moved: dict[str, int]  # table → rows re-pointed
    change: Change


def merge_contacts(keep_id: int, other_id: int, *, today: dt.date) -> MergeResult:
    """Merge contact `other_id` into `keep_id`; the other contact is removed afterwards."""
    if keep_id == other_id:
        raise InvalidValue("a contact cannot be merged into itself")
    for cid in (keep_id, other_id):
        if not q.exists(cid):
            raise NotFound(f"no contact with id {cid}")
    with transaction():
        moved = merge.merge(keep_id, other_id)
        # Whole-store: the moved history may feed reminders of other contacts (referrals, meetings).
        derived = reminders.derive(today)
    change = Change.of(contacts=[keep_id, *derived.contact_ids], removed_contacts=[other_id],
                       reminders=derived.reminder_ids)
    return MergeResult(keep_id, other_id, moved, change)
