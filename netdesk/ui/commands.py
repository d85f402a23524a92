"""Every edit from the window as a QUndoCommand on the shared undo stack.

A command runs its service call once (before it is pushed, so a refused value never reaches the stack),
capturing the rows it touched before and after. Undo writes the "before" rows back, redo the "after" rows,
both through `services.records`, which keeps record ids (and so reminder uids) stable and re-derives the
reminders in the same transaction. Do, undo and redo all announce the one `Change` the service returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QWidget

from netdesk.domain.change import Change, RecordKind
from netdesk.errors import UserFacingError
from netdesk.services import asks, leads, meetings, recording, records, reminders
from netdesk.services.records import RowState
from netdesk.ui.context import AppContext, change_of

_RECORD_TABLES = frozenset(RecordKind)
# The columns of a captured row that name a contact (peewee's dicts() name a foreign key by its field).
_CONTACT_FIELDS = ("contact", "contact_id", "seeker", "target", "referred_by")


class RecordCommand(QUndoCommand):
    """One write through a service, undoable by rows.

    Args:
        context: the app context (clock, bus).
        text: the undo text ("Record favour from Zoë").
        do: calls the service; returns its result (with an `id` when it creates a row).
        creates: the table of the row `do` creates, if any.
        touches: rows `do` will change besides the created one, captured before it runs.
        contacts: the contacts the write is about, when known before it runs.
    """

    def __init__(self, context: AppContext, text: str, do: Callable[[], object], *, creates: str | None = None,
                 touches: Callable[[], Sequence[RowState]] = tuple, contacts: Sequence[int] = ()) -> None:
        super().__init__(text)
        self._context = context
        self._do = do
        self._creates = creates
        self._touches = touches
        self._before: list[RowState] = []
        self._after: list[RowState] = []
        self._first = True
        self._contacts = tuple(contacts)
        self.result: object = None
        self.change: Change = Change()

    def run_first(self) -> object:
        """Run the service once; raises UserFacingError (and nothing is written) if it refuses."""
        before = list(self._touches())
        self.result = self._do()
        after = [*self._recapture(before)]
        if self._creates is not None:
            created_id = int(self.result.id)  # type: ignore[attr-defined]
            before.append(RowState(self._creates, created_id, None))
            after.extend(records.capture(self._creates, [created_id]))
        self._before, self._after = before, after
        self.change = change_of(self.result, self._rows_change(before + after))
        return self.result

    def _rows_change(self, states: Sequence[RowState]) -> Change:
        """What the captured rows say was written, for a service that does not return a `Change` yet."""
        contacts = {int(cid) for cid in self._contacts if cid is not None}
        contacts.update(int(s.values[key]) for s in states if s.values
                        for key in _CONTACT_FIELDS if s.values.get(key) is not None)
        return Change.of(contacts=contacts,
                         records={(s.table, s.id) for s in states if s.table in _RECORD_TABLES},
                         reminders={s.id for s in states if s.table == "reminder"})

    @staticmethod
    def _recapture(states: Sequence[RowState]) -> list[RowState]:
        out: list[RowState] = []
        for table in dict.fromkeys(s.table for s in states):
            out.extend(records.capture(table, [s.id for s in states if s.table == table]))
        return out

    def redo(self) -> None:
        """Override QUndoCommand.redo; the first call only announces what `run_first` wrote."""
        if self._first:
            self._first = False
        else:
            self._replay(self._after)
        self._context.bus.announce(self.change)

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        # The created row goes first so that nothing points at it while older rows are restored.
        self._replay(list(reversed(self._before)))
        self._context.bus.announce(self.change)

    def _replay(self, states: list[RowState]) -> None:
        """Write `states` back; if the store changed under the command (its contact was deleted), say so
        and drop the command from the stack instead of failing on every later undo or redo."""
        try:
            records.apply(states, today=self._context.today)
        except UserFacingError as exc:
            self.setObsolete(True)
            self._context.messages.tell(None, self.text(), str(exc), error=True)


def prepare(context: AppContext, parent: QWidget | None, command: QUndoCommand) -> object | None:
    """Run `command`'s write (its `run_first`, which every netdesk command has) without pushing it, or show
    why the service refused it (then None: nothing was written)."""
    try:
        return command.run_first()
    except UserFacingError as exc:
        context.messages.tell(parent, command.text(), str(exc), error=True)
        return None


def push(context: AppContext, parent: QWidget | None, command: QUndoCommand) -> object | None:
    """Run `command` and push it on the undo stack, or show why the service refused it. Returns the service's
    result. One entry point for record and contact commands alike."""
    result = prepare(context, parent, command)
    if result is not None:
        context.undo_stack.push(command)
    return result


# -- one factory per kind of edit ---------------------------------------------------------------------
def _today(context: AppContext) -> dt.date:
    return context.today


def favour(context: AppContext, contact_id: int, name: str, text: str, on: dt.date) -> RecordCommand:
    return RecordCommand(
        context, f"Record favour from {name}",
        lambda: recording.record_favour(contact_id, text, on=on, today=_today(context)), creates="favour",
        contacts=(contact_id,))


def thanks(context: AppContext, contact_id: int, name: str, on: dt.date, note: str = "") -> RecordCommand:
    return RecordCommand(
        context, f"Thank {name}",
        lambda: recording.record_thanks(contact_id, on=on, today=_today(context), note=note),
        creates="thanks", contacts=(contact_id,), touches=lambda: records.open_favours_and_leads(contact_id))


def interaction(context: AppContext, contact_id: int, name: str, kind: str, on: dt.date,
                note: str = "") -> RecordCommand:
    return RecordCommand(
        context, f"Log {kind} with {name}",
        lambda: recording.log_interaction(contact_id, kind, on=on, today=_today(context), note=note),
        creates="interaction", contacts=(contact_id,))


def lead(context: AppContext, contact_id: int, name: str, text: str, on: dt.date) -> RecordCommand:
    return RecordCommand(
        context, f"Record lead from {name}",
        lambda: leads.add_lead(contact_id, text, on=on, today=_today(context)), creates="lead",
        contacts=(contact_id,))


def lead_outcome(context: AppContext, lead_id: int, text: str, on: dt.date) -> RecordCommand:
    return RecordCommand(
        context, "Set lead outcome",
        lambda: leads.set_outcome(lead_id, text, on=on, today=_today(context)),
        touches=lambda: records.capture("lead", [lead_id]))


def lead_reported(context: AppContext, lead_id: int, on: dt.date) -> RecordCommand:
    return RecordCommand(
        context, "Mark lead outcome reported",
        lambda: leads.mark_reported(lead_id, on=on, today=_today(context)),
        touches=lambda: records.capture("lead", [lead_id]))


def referral(context: AppContext, seeker_id: int, target_id: int, text: str, on: dt.date,
             note: str = "") -> RecordCommand:
    return RecordCommand(
        context, text,
        lambda: recording.record_referral(seeker_id, target_id, on=on, today=_today(context), note=note),
        creates="referral", contacts=(seeker_id, target_id))


def ask(context: AppContext, contact_id: int, name: str, purpose: str, effort: str, on: dt.date) -> RecordCommand:
    return RecordCommand(
        context, f"Ask {name}",
        lambda: asks.record_ask(contact_id, purpose, effort=effort, on=on, today=_today(context)),
        creates="ask", contacts=(contact_id,))


def ask_resolved(context: AppContext, ask_id: int, status: str, on: dt.date) -> RecordCommand:
    return RecordCommand(
        context, f"Mark ask {status}",
        lambda: asks.resolve_ask(ask_id, status, on=on, today=_today(context)),
        touches=lambda: records.capture("ask", [ask_id]))


def give(context: AppContext, contact_id: int, name: str, text: str, kind: str, link: str | None,
         on: dt.date) -> RecordCommand:
    return RecordCommand(
        context, f"Give {name} {kind}",
        lambda: recording.record_give(contact_id, text, kind=kind, link=link, on=on, today=_today(context)),
        creates="give", contacts=(contact_id,))


def meeting(context: AppContext, contact_id: int, name: str, at: dt.datetime, *,
            referred_by: int | None, purpose: str, duration_minutes: int = 60, location: str = "") -> RecordCommand:
    return RecordCommand(
        context, f"Meeting with {name}",
        lambda: meetings.add_meeting(contact_id, at, referred_by=referred_by, purpose=purpose,
                                     duration_minutes=duration_minutes, location=location, today=_today(context)),
        creates="meeting", contacts=(contact_id, referred_by))


def reminder_done(context: AppContext, reminder_id: int, title: str) -> RecordCommand:
    return RecordCommand(
        context, f"Done: {title}",
        lambda: reminders.mark_done(reminder_id, today=_today(context)),
        touches=lambda: records.capture("reminder", [reminder_id]))


def reminder_snoozed(context: AppContext, reminder_id: int, title: str, until: dt.date) -> RecordCommand:
    return RecordCommand(
        context, f"Snooze: {title}",
        lambda: reminders.snooze(reminder_id, until, today=_today(context)),
        touches=lambda: records.capture("reminder", [reminder_id]))


# -- corrections of the history -------------------------------------------------------------------------
def record_edited(context: AppContext, table: str, record_id: int, changes: dict, text: str) -> RecordCommand:
    """Edit one record's columns (`services.record_edit.edit`); undo writes the old row back."""
    from netdesk.services import record_edit  # on first use: not needed for the first paint

    return RecordCommand(
        context, text, lambda: record_edit.edit(table, record_id, changes, today=_today(context)),
        touches=lambda: record_edit.rows_for_edit(table, record_id))


def record_deleted(context: AppContext, table: str, record_id: int, text: str) -> RecordCommand:
    """Delete one record (and for thanks, re-open what it closed); undo puts it back with its id."""
    from netdesk.services import record_edit

    return RecordCommand(
        context, text, lambda: record_edit.delete(table, record_id, today=_today(context)),
        touches=lambda: record_edit.rows_for_delete(table, record_id))
