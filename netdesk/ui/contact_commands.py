"""Contact edits as QUndoCommands on the shared stack: new contact, field edits, photo.

Like the record commands (ui/commands.py), each runs its service call once before it is pushed, so a
refused value shows a message and never reaches the stack. Undo writes back exactly what the service
said it replaced. Do, undo and redo announce the same `Change` (the contact's id).
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from netdesk.domain.change import Change
from netdesk.services import contact_edit
from netdesk.ui.context import AppContext, change_of

FIELD_LABELS = {
    "name": "name", "organisation": "organisation", "title": "title", "department": "department",
    "how_met": "how we met", "met_on": "when we met", "notes": "notes", "offer": "standing offer",
    "every_days": "cadence", "strength": "strength", "name_ok": "name permission", "linkedin_url": "LinkedIn",
    "introduced_by": "introduced by", "emails": "emails", "phones": "phones", "tags": "tags",
}


class _ContactCommand(QUndoCommand):
    def __init__(self, context: AppContext, text: str) -> None:
        super().__init__(text)
        self._context = context
        self._first = True
        self.change = Change()

    def run_first(self) -> object:
        raise NotImplementedError

    def _announce(self) -> None:
        self._context.bus.announce(self.change)

    def _again(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        """Override QUndoCommand.redo; the first call only announces what `run_first` wrote."""
        if self._first:
            self._first = False
        else:
            self._again()
        self._announce()


class EditContactCommand(_ContactCommand):
    """Change some fields of one contact (see contact_edit.EDITABLE)."""

    def __init__(self, context: AppContext, contact_id: int, contact_name: str, changes: dict) -> None:
        labels = ", ".join(FIELD_LABELS.get(key, key) for key in changes)
        super().__init__(context, f"Edit {labels} of {contact_name}")
        self.contact_id = contact_id
        self._changes = dict(changes)
        self._previous: dict = {}

    def run_first(self) -> dict:
        edited = contact_edit.update_fields(self.contact_id, self._changes, today=self._context.today)
        self._previous = edited.previous
        self.change = change_of(edited, Change.of(contacts=[self.contact_id]))
        return self._previous

    def _again(self) -> None:
        contact_edit.update_fields(self.contact_id, self._changes, today=self._context.today)

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        contact_edit.update_fields(self.contact_id, self._previous, today=self._context.today)
        self._announce()


class AddContactCommand(_ContactCommand):
    """Create a contact; undo removes it, redo re-creates it with the same id (later commands refer to it)."""

    def __init__(self, context: AppContext, values: dict) -> None:
        super().__init__(context, f"New contact {values.get('name', '').strip()}")
        self._values = dict(values)
        self.contact_id: int | None = None

    def run_first(self):
        created = contact_edit.create_contact(self._values, today=self._context.today)
        self.contact_id = created.id
        # Undo announces the same ids: the list finds the row gone and re-reads its ids.
        self.change = change_of(created, Change.of(contacts=[created.id]))
        return created

    def _again(self) -> None:
        contact_edit.create_contact(self._values, today=self._context.today, contact_id=self.contact_id)

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        if self.contact_id is not None:
            self._values = contact_edit.delete_contact(self.contact_id, today=self._context.today).values
        self._announce()


class SetPhotoCommand(_ContactCommand):
    def __init__(self, context: AppContext, contact_id: int, contact_name: str, data: bytes | None,
                 mime: str | None) -> None:
        super().__init__(context, f"{'Set' if data else 'Remove'} photo of {contact_name}")
        self.contact_id = contact_id
        self._new = (data, mime)
        self._old: tuple[bytes | None, str | None] = (None, None)

    def run_first(self):
        done = contact_edit.set_photo(self.contact_id, *self._new)
        self._old = done.previous
        self.change = change_of(done, Change.of(contacts=[self.contact_id]))
        return self._old

    def _again(self) -> None:
        contact_edit.set_photo(self.contact_id, *self._new)

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        contact_edit.set_photo(self.contact_id, *self._old)
        self._announce()

