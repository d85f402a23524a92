"""History rows as plain values, and written back (or removed) with their own ids: what undo replays.

A `RowState` is a row's columns as peewee's `dicts()` names them (a foreign key by its field, `contact`),
or None when the row did not exist. Of a reminder only the user's decision is ever written back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import peewee as pw

from netdesk.errors import InvalidValue
from netdesk.store.contacts import now_stamp
from netdesk.store.models import Ask, Favour, Give, Interaction, Lead, Meeting, Referral, Reminder, Thanks
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

# Of a reminder only the user's decision is restored; the rest belongs to the rules (see `write_reminder`).
_REMINDER_USER_FIELDS = ("status", "due", "user_status", "closed_on")
_CONTACT_COLUMNS = ("contact", "seeker", "target", "referred_by")


@dataclass(frozen=True)
class RowState:
    """One row as it was at some moment. `values` is None when the row did not exist."""

    table: str
    id: int
    values: dict | None = field(default=None, compare=False)

    def contact_ids(self) -> set[int]:
        if self.values is None:
            return set()
        return {int(self.values[c]) for c in _CONTACT_COLUMNS if self.values.get(c) is not None}


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


def write(state: RowState) -> RowState:
    """Write one record's state (insert, update or delete); returns the row as it was before."""
    model = _model(state.table)
    key = model._meta.primary_key
    (previous,) = capture(state.table, [state.id])
    if state.values is None:
        model.delete().where(key == state.id).execute()
        return previous
    values = {k: v for k, v in state.values.items() if k != "id"}
    if previous.values is not None:
        model.update(**values).where(key == state.id).execute()
    else:
        model.insert(id=state.id, **values).execute()
    return previous


def write_reminder(state: RowState) -> bool:
    """Reminders are never deleted or re-created: put back the user's decision and bump SEQUENCE.

    The bump tells calendar clients that the event changed again, even though it returns to an
    earlier state. Returns whether the reminder still exists.
    """
    if state.values is None:
        return False
    values = {name: state.values[name] for name in _REMINDER_USER_FIELDS}
    updated = Reminder.update(
        **values, sequence=Reminder.sequence + 1, updated_at=now_stamp(),
    ).where(Reminder.id == state.id).execute()
    if updated and state.values.get("contact"):
        refresh_next_due([state.values["contact"]])
    return bool(updated)


def unthanked(contact_id: int) -> list[RowState]:
    """The favours and leads that thanking `contact_id` now would mark thanked."""
    favours = [fid for (fid,) in Favour.select(Favour.id).where(
        (Favour.contact == contact_id) & Favour.thanked_on.is_null()).tuples()]
    leads = [lid for (lid,) in Lead.select(Lead.id).where(
        (Lead.contact == contact_id) & Lead.thanked_on.is_null()).tuples()]
    return capture("favour", favours) + capture("lead", leads)
