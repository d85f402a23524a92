"""Archive, restore and delete a contact from the window (issue 19 item 1), each undoable.

Archiving keeps the history and takes the contact out of every list and reminder; deleting for good asks
twice and stays undoable until netdesk is closed (the undo stack holds what was deleted). The actions sit
in the Contact menu and the list's context menu; the Delete key on the list deletes, after asking.
`install(window)` adds them; the services are `services.contact_archive`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.change import Change
from netdesk.errors import UserFacingError
from netdesk.services import contact_archive, contact_edit
from netdesk.ui.context import AppContext


class _Command(QUndoCommand):
    """Runs its service once before it is pushed (a refusal never reaches the stack); redo runs it again."""

    def __init__(self, context: AppContext, contact_id: int, text: str) -> None:
        super().__init__(text)
        self._context = context
        self.contact_id = contact_id
        self._first = True
        self.change = Change()

    def run_first(self) -> None:
        self.change = self._do()

    def redo(self) -> None:
        """Override QUndoCommand.redo."""
        if self._first:
            self._first = False
        else:
            self._replay(self._do)
        self._context.bus.announce(self.change)

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        self._replay(self._undo)
        self._context.bus.announce(self.change)

    def _replay(self, step) -> None:
        try:
            self.change = step()
        except UserFacingError as exc:  # the store changed under it (the CLI restored or deleted meanwhile)
            self.setObsolete(True)
            self._context.messages.tell(None, self.text(), str(exc), error=True)

    def _do(self) -> Change:
        raise NotImplementedError

    def _undo(self) -> Change:
        raise NotImplementedError


class ArchiveCommand(_Command):
    def _do(self) -> Change:
        # Named as removed: it leaves every list (the contact list re-reads its ids), though its rows stay.
        return contact_archive.archive(self.contact_id, today=self._context.today) | Change.of(
            removed_contacts=[self.contact_id])

    def _undo(self) -> Change:
        return contact_archive.restore(self.contact_id, today=self._context.today)


class RestoreCommand(ArchiveCommand):
    def _do(self) -> Change:
        return ArchiveCommand._undo(self)

    def _undo(self) -> Change:
        return ArchiveCommand._do(self)


class DeleteCommand(_Command):
    """Delete for good; the undo stack keeps the deleted rows, so undo works until netdesk is closed."""

    deleted: contact_archive.Deleted | None = None

    def _do(self) -> Change:
        self.deleted = contact_archive.delete_for_good(self.contact_id, today=self._context.today)
        return self.deleted.change

    def _undo(self) -> Change:
        assert self.deleted is not None
        return contact_archive.undo_delete(self.deleted, today=self._context.today)


def _push(context: AppContext, parent: QWidget | None, command: _Command) -> bool:
    try:
        command.run_first()
    except UserFacingError as exc:
        context.messages.tell(parent, command.text(), str(exc), error=True)
        return False
    context.undo_stack.push(command)
    return True


def _who(contact_id: int) -> tuple[str, int] | None:
    """The contact's name and how many history records it has, or None when it is gone."""
    try:
        detail = contact_edit.detail(contact_id)
    except UserFacingError:
        return None
    return detail.contact.name, len(detail.timeline)


def archive(context: AppContext, parent: QWidget | None, contact_id: int) -> bool:
    found = _who(contact_id)
    if found is None:
        return False
    name, _records = found
    return _push(context, parent, ArchiveCommand(context, contact_id, f"Archive {name}"))


def restore(context: AppContext, parent: QWidget | None, contact_id: int, name: str) -> bool:
    return _push(context, parent, RestoreCommand(context, contact_id, f"Restore {name}"))


def delete(context: AppContext, parent: QWidget | None, contact_id: int) -> bool:
    """Ask twice (the second time naming what goes with them), then delete for good, undoably."""
    found = _who(contact_id)
    if found is None:
        return False
    name, records = found
    history = f" and {records} history record{'s' if records != 1 else ''}" if records else ""
    if not context.messages.ask(parent, "Delete contact",
                                f"Delete {name}{history}? To keep the history, choose Archive instead "
                                "(Contact ▸ Archive contact)."):
        return False
    if not context.messages.ask(parent, "Delete for good",
                                f"Really delete {name} for good? Edit ▸ Undo brings them back until you "
                                "close netdesk; after that they are gone."):
        return False
    return _push(context, parent, DeleteCommand(context, contact_id, f"Delete {name}"))


class ArchivedDialog(QDialog):
    """The archived contacts, each restorable (Contact ▸ Archived contacts…)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Archived contacts")
        self.list = QListWidget()
        self.list.setAccessibleName("Archived contacts")
        self.empty = QLabel("No archived contacts. Archive someone to keep their history out of the way.")
        self.empty.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.restore_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.resize(420, 360)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        for contact in contact_archive.archived_contacts():
            extra = " · ".join(p for p in (contact.organisation, contact.emails[0] if contact.emails else "") if p)
            item = QListWidgetItem(f"{contact.name}" + (f" — {extra}" if extra else ""))
            item.setData(Qt.ItemDataRole.UserRole, (contact.id, contact.name))
            self.list.addItem(item)
        self.list.setVisible(self.list.count() > 0)
        self.empty.setVisible(self.list.count() == 0)
        self.restore_button.setEnabled(self.list.count() > 0)
        if self.list.count():
            self.list.setCurrentRow(0)

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            contact_id, name = item.data(Qt.ItemDataRole.UserRole)
            if restore(self.context, self, int(contact_id), str(name)):
                self.context.open_contact(int(contact_id))
            self.fill()


def install(window) -> dict[str, QAction]:
    """Archive contact, Delete contact… and Archived contacts… in the Contact menu, the first two in the
    contact list's context menu too; Delete on the list deletes (after asking)."""
    context = window.context

    def selected() -> int | None:
        cid = window.contacts.selected_contact_id()
        if cid is None:
            context.messages.tell(window, "Contact", "Select a contact in the list first.")
        return cid

    def run(action) -> None:
        cid = selected()
        if cid is not None and action(context, window, cid):
            window.statusBar().showMessage("Done. Edit ▸ Undo takes it back.", 5000)

    actions = {
        "archive": QAction("&Archive contact", window),
        "delete": QAction("&Delete contact…", window),
        "archived": QAction("Archived &contacts…", window),
    }
    actions["archive"].setStatusTip("Keep the history, take them out of the lists and reminders (undoable)")
    actions["delete"].setStatusTip("Delete them and their history for good (asks twice; undoable until you quit)")
    actions["delete"].setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    actions["delete"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # only on the list, not in a field
    actions["archive"].triggered.connect(lambda _=False: run(archive))
    actions["delete"].triggered.connect(lambda _=False: run(delete))
    actions["archived"].triggered.connect(lambda _=False: ArchivedDialog(context, window).exec())
    menu = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Contact"), None)
    if menu is not None:
        menu.addSeparator()
        for key in ("archive", "delete", "archived"):
            menu.addAction(actions[key])
    window.contacts.table.addActions([actions["archive"], actions["delete"]])
    window.removal_actions = actions
    return actions
