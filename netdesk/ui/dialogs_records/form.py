"""The shared shape of the record dialogs: a form with labelled, accessible fields, an error line and
Save/Cancel; and a contact field that completes names from the store as you type."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QCompleter,
    QDateEdit,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from netdesk.errors import UserFacingError
from netdesk.services import contacts
from netdesk.ui import shortcuts_keys
from netdesk.ui.form_dialog import FormDialog

COMPLETION_LIMIT = 12
COMPLETION_DEBOUNCE_MS = 120


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def from_date(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class ContactPicker(QLineEdit):
    """A contact by name, email or id, with completion from the store (a handful of matches, not 100k)."""

    def __init__(self, contact: tuple[int, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Type a name or email")
        self.setClearButtonEnabled(True)
        self._ids: dict[str, int] = {}
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        # The store already filtered by the typed words; let the popup show every match it returned.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMPLETION_DEBOUNCE_MS)
        self._timer.timeout.connect(self.update_completions)
        self.textEdited.connect(self._timer.start)
        if contact is not None:
            self.set_contact(*contact)

    def set_contact(self, contact_id: int, name: str) -> None:
        self._ids[name] = contact_id
        self.setText(name)

    def update_completions(self) -> None:
        text = self.text().strip()
        found = contacts.list_contacts(search=text, limit=COMPLETION_LIMIT) if text else []
        names = [c.name for c in found]
        labels = []
        for c in found:
            # Two people of the same name are told apart by organisation, else by id.
            label = c.name if names.count(c.name) == 1 else f"{c.name} ({c.organisation or f'id {c.id}'})"
            self._ids[label] = c.id
            labels.append(label)
        self._names.setStringList(labels)
        if labels and self.hasFocus():
            self.completer().complete()

    def contact_id(self) -> int | None:
        text = self.text().strip()
        if not text:
            return None
        if text in self._ids:
            return self._ids[text]
        try:
            return int(contacts.resolve(text))
        except UserFacingError:
            return None

    def contact_name(self) -> str:
        contact_id = self.contact_id()
        return contacts.get(contact_id).name if contact_id is not None else self.text().strip()

    def problem(self, what: str = "contact") -> str | None:
        text = self.text().strip()
        if not text:
            return f"Choose the {what}."
        if text in self._ids:
            return None
        try:
            contacts.resolve(text)
        except UserFacingError as exc:
            return f"{str(exc)[:1].upper()}{str(exc)[1:]}."
        return None


class RecordDialog(FormDialog):
    """A form with Save/Cancel and an error line; subclasses add rows and implement `problem()`."""

    def __init__(self, title: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(title, parent, QDialogButtonBox.StandardButton.Save)
        self.today = today
        shortcuts_keys.ctrl_enter_accepts(self)  # Enter makes a new line in a note; Ctrl+Enter saves

    @property
    def save_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def add_row(self, label: str, widget: QWidget, accessible: str) -> QWidget:
        """A labelled row; `label` carries the mnemonic (&) and the label becomes the widget's buddy."""
        widget.setAccessibleName(accessible)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        return widget

    def date_edit(self, value: dt.date, *, latest: dt.date | None = None) -> QDateEdit:
        edit = QDateEdit(from_date(value))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        if latest is not None:
            edit.setMaximumDate(from_date(latest))
        return edit
