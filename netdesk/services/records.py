"""Undoable writes: history rows captured as plain values, and written back (or removed) with their ids.

Undo of "record a favour" deletes the favour; redo inserts it again *with the same id*. Reminder uids are
derived from (rule, source, source id), so the thank-you that the favour calls for keeps its uid: calendar
subscribers see the same event cancelled and reopened, never a new one.

Every write here re-derives the reminders in the same transaction, as the history services do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import peewee as pw

from netdesk.errors import InvalidValue
from netdesk.services import reminders
from netdesk.store.contacts import now_stamp
from netdesk.store.models import (
    Ask,
    Favour,
    Give,
    Interaction,
    Lead,
    Meeting,
    Referral,
    Reminder,
    Thanks,
    database,
)
from netdesk.store.reminders import refresh_next_due

# The record tables an undo may touch, by the name a command uses for them.
TABLES: dict[str, type[pw.Model]] = {
    "interaction": Interaction,
    "favour": Favour,
    "thanks": Thanks,
    "lead": Lead,
    "referral": Referral,
    "ask": Ask,
    "give": Give,
    "meeting": Meeting,
    "reminder": Reminder,
}

# Of a reminder only the user's decision is restored; the rest belongs to the rules (see `_write_reminder`).
_REMINDER_USER_FIELDS = ("status", "due", "user_status", "closed_on")


@dataclass(frozen=True)
class RowState:
    """One row as it was at some moment. `values` is None when the row did not exist."""

    table: str
    id: int
    values: dict | None = field(default=None, compare=False)


def _model(table: str) -> type[pw.Model]:
    try:
        return TABLES[table]
    except KeyError:
        raise InvalidValue(f"no record type {table!r}") from None


def capture(table: str, ids: Iterable[int]) -> list[RowState]:
    """The current state of rows `ids` of `table` (absent rows included, as `values=None`)."""
    model = _model(table)
    wanted = list(dict.fromkeys(ids))
    found: dict[int, dict] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in model.select().where(model._meta.primary_key.in_(chunk)).dicts():
            found[row["id"]] = dict(row)
    return [RowState(table, row_id, found.get(row_id)) for row_id in wanted]


def apply(states: Sequence[RowState], *, today: dt.date) -> int:
    """Write every state back (insert, update or delete), then re-derive reminders. One transaction.

    Returns how many reminders changed.
    """
    try:
        return _apply(states, today)
    except pw.IntegrityError:
        # The person the record belongs to was deleted since (from the window, or the CLI meanwhile).
        raise InvalidValue("this change cannot be replayed: a contact it belongs to no longer exists") from None


def _apply(states: Sequence[RowState], today: dt.date) -> int:
    with database.atomic():
        touched: set[int] = set()
        for state in states:
            touched |= _contacts_of(state)
            if state.table == "reminder":
                _write_reminder(state)
            else:
                touched |= _contacts_of(_write(state))
        # Only these contacts' reminders can change, so a big store is not re-derived whole on every undo.
        return reminders.derive(today, contact_ids=touched).changed


_CONTACT_COLUMNS = ("contact", "seeker", "target", "referred_by")


def _contacts_of(state: RowState | None) -> set[int]:
    if state is None or state.values is None:
        return set()
    return {int(state.values[c]) for c in _CONTACT_COLUMNS if state.values.get(c) is not None}


def _write(state: RowState) -> RowState | None:
    """Write one state; returns the row as it was before, whose contacts need re-deriving too."""
    model = _model(state.table)
    key = model._meta.primary_key
    (previous,) = capture(state.table, [state.id])
    if state.values is None:
        model.delete().where(key == state.id).execute()
        return previous
    values = {k: v for k, v in state.values.items() if k != "id"}
    if model.select().where(key == state.id).exists():
        model.update(**values).where(key == state.id).execute()
    else:
        model.insert(id=state.id, **values).execute()
    return previous


def _write_reminder(state: RowState) -> None:
    """Reminders are never deleted or re-created: put back the user's decision and bump SEQUENCE.

    The bump tells calendar clients that the event changed again, even though it returns to an
    earlier state.
    """
    if state.values is None:
        return
    values = {name: state.values[name] for name in _REMINDER_USER_FIELDS}
    updated = Reminder.update(
        **values, sequence=Reminder.sequence + 1, updated_at=now_stamp(),
    ).where(Reminder.id == state.id).execute()
    if updated and state.values.get("contact"):
        refresh_next_due([state.values["contact"]])


def open_favours_and_leads(contact_id: int) -> list[RowState]:
    """The favours and leads that thanking `contact_id` now would mark thanked (for undo of thanks)."""
    favours = [fid for (fid,) in Favour.select(Favour.id).where(
        (Favour.contact == contact_id) & Favour.thanked_on.is_null()).tuples()]
    leads = [lid for (lid,) in Lead.select(Lead.id).where(
        (Lead.contact == contact_id) & Lead.thanked_on.is_null()).tuples()]
    return capture("favour", favours) + capture("lead", leads)


def delete(table: str, row_id: int, *, today: dt.date) -> RowState:
    """Delete one record and re-derive; returns what it was, so `restore` can put it back."""
    (state,) = capture(table, [row_id])
    if state.values is None:
        raise InvalidValue(f"no {table} with id {row_id}")
    apply([RowState(table, row_id, None)], today=today)
    return state


def restore(state: RowState, *, today: dt.date) -> None:
    """Put a deleted record back with its own id, and re-derive."""
    apply([state], today=today)
