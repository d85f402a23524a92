"""Merging two contacts: both side by side, a choice of which one to keep, then one merge.

The merge itself is one short transaction (`services.merging`), so it runs on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import html
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.change import Change
from netdesk.errors import UserFacingError
from netdesk.ui.context import change_of
from netdesk.ui.messages import Messages

_Index = QModelIndex | QPersistentModelIndex
_FIELDS = [("Name", "name"), ("Emails", "emails"), ("Phones", "phones"), ("Organisation", "organisation"),
           ("Title", "title"), ("Tags", "tags"), ("How we met", "how_met"), ("Met on", "met_on"),
           ("LinkedIn", "linkedin_url"), ("Notes", "notes"), ("History", "history")]


PICK_LIMIT = 50  # matches shown in the merge picker; typing narrows them


class Role(IntEnum):
    DIFFERS = Qt.ItemDataRole.UserRole + 1  # bool: the two contacts disagree on this field


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def describe(contact_id: int) -> dict[str, str]:
    """What the dialog shows of one contact, as text (no store objects reach the UI)."""
    from netdesk.services import contacts

    data = contacts.show(contact_id)
    counts = [f"{len(v)} {k}" for k, v in data.items() if isinstance(v, list) and v
              and k not in ("emails", "phones", "tags", "reminders")]
    fields = {key: _text(data.get(key)) for _, key in _FIELDS if key != "history"}
    fields["history"] = ", ".join(counts) or "none"
    return fields


def side_label(this: dict[str, str], other: dict[str, str]) -> str:
    """A side named by what tells it apart: its name, and when the names agree (a duplicate), the first
    of email, organisation, phone, title or history on which the two differ."""
    if this["name"] != other["name"]:
        return this["name"]
    for key in ("emails", "organisation", "phones", "title", "history"):
        if this.get(key, "") != other.get(key, ""):
            value = this.get(key, "") or f"no {dict((k, label.lower()) for label, k in _FIELDS)[key]}"
            return f"{this['name']} ({value.split(', ')[0] if key != 'history' else value})"
    return this["name"]


class ComparisonModel(QAbstractTableModel):
    """Rows are fields; column 0 is the first contact, column 1 the second."""

    def __init__(self, left: dict[str, str], right: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.columns = [left, right]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(_FIELDS)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.columnCount
        return 0 if parent.isValid() else 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # overrides QAbstractItemModel.data
        if not index.isValid() or not (0 <= index.row() < len(_FIELDS) and 0 <= index.column() < 2):
            return None
        key = _FIELDS[index.row()][1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()].get(key, "")
        if role == Role.DIFFERS:
            return self.columns[0].get(key, "") != self.columns[1].get(key, "")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):  # overrides QAbstractItemModel.headerData
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return _FIELDS[section][0] if 0 <= section < len(_FIELDS) else None
        return side_label(self.columns[section], self.columns[1 - section]) if 0 <= section < 2 else None


class MergeDialog(QDialog):
    """Shows both contacts; the one picked is kept, the other's details and history move into it."""

    def __init__(self, first_id: int, second_id: int, today: dt.date, parent: QWidget | None = None,
                 position: str = "") -> None:
        super().__init__(parent)
        self.ids = (first_id, second_id)
        self.today = today
        self.merged: int | None = None
        self.change = Change()
        self.stopped = False  # "Stop reviewing" when going through an import's possible duplicates
        self.setWindowTitle(f"Possible duplicate {position}" if position else "Merge contacts")
        left, right = describe(first_id), describe(second_id)
        self.model = ComparisonModel(left, right, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("The two contacts side by side")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.keep_first = QRadioButton(f"Keep &{side_label(left, right)}")
        self.keep_second = QRadioButton(f"Keep {side_label(right, left)}")
        self.keep_first.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keep_first)
        group.addButton(self.keep_second)
        choice = QHBoxLayout()
        choice.addWidget(self.keep_first)
        choice.addWidget(self.keep_second)
        explain = QLabel("Every email, phone, tag, note and all history of the other contact move to the one "
                         "you keep; the other is then removed.")
        explain.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.clicked.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        if position:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Not the same")
            self.stop_button = self.buttons.addButton("&Stop reviewing", QDialogButtonBox.ButtonRole.DestructiveRole)
            self.stop_button.clicked.connect(self._stop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(choice)
        layout.addWidget(explain)
        layout.addWidget(self.buttons)
        self.resize(720, 480)

    def _stop(self) -> None:
        self.stopped = True
        self.reject()

    def keep_and_other(self) -> tuple[int, int]:
        return self.ids if self.keep_first.isChecked() else (self.ids[1], self.ids[0])

    def merge(self) -> None:
        from netdesk.services import merge_undo

        keep, other = self.keep_and_other()
        try:
            done = merge_undo.merge(keep, other, today=self.today)
        except UserFacingError as exc:
            Messages.tell(self, "Merge", str(exc), error=True)
            return
        self.merged = keep
        self.record = done  # what an undo needs (MergeCommand)
        self.change = change_of(done.result, Change.of(contacts=[keep], removed_contacts=[other]))
        self.accept()


class MergeCommand(QUndoCommand):
    """A merge already made by the dialog, on the undo stack: undo splits the two contacts again."""

    def __init__(self, context, done, text: str) -> None:
        super().__init__(text)
        self._context = context
        self._done = done
        self._first = True
        self.change = done.change

    def redo(self) -> None:
        """Override QUndoCommand.redo; the first call only announces the dialog's merge."""
        from netdesk.services import merge_undo

        if not self._first:
            keep, other = self._done.keep.contact_id, self._done.other.contact_id
            try:
                self._done = merge_undo.merge(keep, other, today=self._context.today)
            except UserFacingError as exc:
                self._obsolete(exc)
                return
            self.change = self._done.change
        self._first = False
        self._context.bus.announce(self.change)

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        from netdesk.services import merge_undo

        try:
            split = merge_undo.undo(self._done, today=self._context.today)
        except UserFacingError as exc:
            self._obsolete(exc)
            return
        # Named as removed too: that makes the contact list re-read its ids, and the split-off one reappears.
        self._context.bus.announce(split | Change.of(removed_contacts=[self._done.other.contact_id]))

    def _obsolete(self, exc: Exception) -> None:
        self.setObsolete(True)
        self._context.messages.tell(None, self.text(), str(exc), error=True)


def open_merge_dialog(parent: QWidget | None, keep_id: int, other_id: int, today: dt.date,
                      context=None) -> Change | None:
    """Show both contacts (`keep_id` picked by default); the merge's `Change`, or None when not merged.

    With the window's `context`, the merge goes on its undo stack (which announces it; the `Change`
    returned is then empty)."""
    try:
        dialog = MergeDialog(keep_id, other_id, today, parent)
    except UserFacingError as exc:
        Messages.tell(parent, "Merge", str(exc), error=True)
        return None
    try:
        merged = dialog.exec() == QDialog.DialogCode.Accepted and dialog.merged is not None
        if merged and context is not None:
            kept = dialog.keep_first.text() if dialog.merged == dialog.ids[0] else dialog.keep_second.text()
            gone = dialog.keep_second.text() if dialog.merged == dialog.ids[0] else dialog.keep_first.text()
            text = f"Merge {gone.replace('&', '')[5:]} into {kept.replace('&', '')[5:]}"
            context.undo_stack.push(MergeCommand(context, dialog.record, text))
            return Change()
        return dialog.change if merged else None
    finally:
        dialog.deleteLater()


def review_duplicates(parent: QWidget | None, pairs: list[tuple[int, int]], today: dt.date) -> int:
    """Offer each (existing, imported) pair for merging, in turn, until the user stops; returns merges done."""
    from netdesk.services import contacts

    merged = 0
    for number, (first, second) in enumerate(pairs, start=1):
        try:
            contacts.get(first), contacts.get(second)
        except UserFacingError:
            continue  # one of the two was merged away earlier in this review
        dialog = MergeDialog(first, second, today, parent, position=f"{number} of {len(pairs)}")
        try:
            dialog.exec()
            merged += dialog.merged is not None
            if dialog.stopped:
                break
        finally:
            dialog.deleteLater()
    return merged


class MergePicker(QDialog):
    """Pick the contact to merge into `keep`: type to search, each match with its email and organisation."""

    def __init__(self, keep_id: int, keep_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keep_id = keep_id
        self.setWindowTitle(f"Merge into {keep_name}")
        about = QLabel(f"Which contact is the same person as <b>{html.escape(keep_name)}</b>? "
                       "You compare the two before anything is merged.")
        about.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search contacts to merge")
        self.search.setPlaceholderText("Type a name, email or organisation")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName("Contacts to merge")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.compare_button = self.buttons.addButton("&Compare…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.compare_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.results.itemActivated.connect(lambda _item: self.accept())
        self.results.currentRowChanged.connect(lambda row: self.compare_button.setEnabled(row >= 0))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.update_results)
        self.search.textChanged.connect(self._timer.start)
        self.search.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.buttons)
        self.resize(480, 420)
        self.search.setText(keep_name.split()[0] if keep_name.split() else "")  # duplicates share a name
        self.update_results()

    def update_results(self) -> None:
        from netdesk.services import contacts

        text = self.search.text().strip()
        found = [c for c in contacts.list_contacts(search=text or None, limit=PICK_LIMIT + 1) if c.id != self.keep_id]
        self.results.clear()
        for contact in found[:PICK_LIMIT]:
            extra = " · ".join(p for p in (", ".join(contact.emails[:2]), contact.organisation) if p)
            item = QListWidgetItem(contact.name + (f" — {extra}" if extra else ""))
            item.setData(Qt.ItemDataRole.UserRole, contact.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.compare_button.setEnabled(self.results.count() > 0)

    def eventFilter(self, watched, event) -> bool:
        """Override QObject.eventFilter: Down and Up in the search box move in the results."""
        if watched is self.search and event.type() == event.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, self.results.currentRow() + step)))
            return True
        return super().eventFilter(watched, event)

    def picked(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


def pick_other(parent: QWidget | None, keep_id: int, keep_name: str) -> int | None:
    """The contact the user picks to merge into `keep_id`, or None."""
    picker = MergePicker(keep_id, keep_name, parent)
    try:
        return picker.picked() if exec_picker(picker) else None
    finally:
        picker.deleteLater()


def exec_picker(picker: MergePicker) -> bool:
    """Run the picker modally (tests replace this)."""
    return picker.exec() == QDialog.DialogCode.Accepted
