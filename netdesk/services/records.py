"""Undoable writes: history rows captured as plain values, and written back (or removed) with their ids.

Undo of "record a favour" deletes the favour; redo inserts it again *with the same id*. Reminder uids are
derived from (rule, source, source id), so the thank-you that the favour calls for keeps its uid: calendar
subscribers see the same event cancelled and reopened, never a new one.

Every write here re-derives the reminders in the same transaction, as the history services do, and
returns the `Change` it made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import peewee as pw

from netdesk.domain.change import Change
from netdesk.errors import InvalidValue
from netdesk.services import reminders
from netdesk.store import record_rows
from netdesk.store.db import transaction
from netdesk.store.record_rows import TABLES, RowState

__all__ = ["TABLES", "RowState", "apply", "capture", "delete", "open_favours_and_leads", "restore"]


def capture(table: str, ids: Iterable[int]) -> list[RowState]:
    """The current state of rows `ids` of `table` (absent rows included, as `values=None`)."""
    return record_rows.capture(table, ids)


def open_favours_and_leads(contact_id: int) -> list[RowState]:
    """The favours and leads that thanking `contact_id` now would mark thanked (for undo of thanks)."""
    return record_rows.unthanked(contact_id)


def apply(states: Sequence[RowState], *, today: dt.date) -> Change:
    """Write every state back (insert, update or delete), then re-derive reminders. One transaction."""
    try:
        return _apply(states, today)
    except pw.IntegrityError:
        # The person the record belongs to was deleted since (from the window, or the CLI meanwhile).
        raise InvalidValue("this change cannot be replayed: a contact it belongs to no longer exists") from None


def _apply(states: Sequence[RowState], today: dt.date) -> Change:
    with transaction():
        touched: set[int] = set()
        written: set[tuple[str, int]] = set()
        restored: set[int] = set()
        for state in states:
            touched |= state.contact_ids()
            if state.table == "reminder":
                if record_rows.write_reminder(state):
                    restored.add(state.id)
            else:
                touched |= record_rows.write(state).contact_ids()
                written.add((state.table, state.id))
        # Only these contacts' reminders can change, so a big store is not re-derived whole on every undo.
        derived = reminders.derive(today, contact_ids=touched)
    return Change.of(contacts=touched, records=written, reminders=restored) | reminders.change_of(derived)


def delete(table: str, row_id: int, *, today: dt.date) -> RowState:
    """Delete one record and re-derive; returns what it was, so `restore` can put it back."""
    (state,) = capture(table, [row_id])
    if state.values is None:
        raise InvalidValue(f"no {table} with id {row_id}")
    apply([RowState(table, row_id, None)], today=today)
    return state


def restore(state: RowState, *, today: dt.date) -> Change:
    """Put a deleted record back with its own id, and re-derive."""
    return apply([state], today=today)
