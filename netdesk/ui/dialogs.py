"""The new-contact dialog, and the plain favour dialog (used when the record dialogs are absent).

Each validates before it accepts."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from netdesk.domain.contact_values import EMAIL_RULE, is_email
from netdesk.ui import shortcuts_keys
from netdesk.ui.form_dialog import FormDialog


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def from_date(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class _FormDialog(FormDialog):
    """The skeleton's dialogs: OK/Cancel; Ctrl+Enter saves from any field."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        shortcuts_keys.ctrl_enter_accepts(self)


class AddContactDialog(_FormDialog):
    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__("New contact", parent)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.email = QLineEdit()
        self.email.setAccessibleName("Email")
        self.email.setPlaceholderText("name@example.org")
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName("Organisation")
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Title")
        self.how_met = QLineEdit()
        self.how_met.setAccessibleName("How we met")
        self.how_met.setPlaceholderText("e.g. spoke after her talk at PyCon")
        self.tags = QLineEdit()
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("comma-separated")
        self.every = QSpinBox()
        self.every.setAccessibleName("Keep in touch every (days)")
        self.every.setRange(0, 3650)
        self.every.setSpecialValueText("never")
        self.every.setSuffix(" days")
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Email:", self.email)
        self.form.addRow("&Organisation:", self.organisation)
        self.form.addRow("&Title:", self.title_edit)
        self.form.addRow("&How we met:", self.how_met)
        self.form.addRow("T&ags:", self.tags)
        self.form.addRow("&Keep in touch every:", self.every)
        self.name.setFocus()

    def problem(self) -> str | None:
        if not self.name.text().strip():
            return "A contact needs a name."
        email = self.email.text().strip()
        if email and not is_email(email):  # the one email rule of the CLI and the importer
            return f"{email!r} is not an email address ({EMAIL_RULE})."
        return None

    def values(self) -> dict:
        email = self.email.text().strip()
        return {
            "name": self.name.text().strip(),
            "emails": [email] if email else [],
            "organisation": self.organisation.text().strip(),
            "title": self.title_edit.text().strip(),
            "how_met": self.how_met.text().strip(),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
            "every_days": self.every.value() or None,
        }


class FavourDialog(_FormDialog):
    def __init__(self, contact_name: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(f"Favour from {contact_name}", parent)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("What they did")
        self.text.setPlaceholderText("What did they do for you?")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        self.on = QDateEdit(from_date(today))
        self.on.setAccessibleName("Date")
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setMaximumDate(from_date(today))
        self.form.addRow("&What:", self.text)
        self.form.addRow("&On:", self.on)
        self.text.setFocus()

    def problem(self) -> str | None:
        return None if self.text.toPlainText().strip() else "Say what the favour was."

    def values(self) -> dict:
        return {"text": self.text.toPlainText().strip(), "on": to_date(self.on.date())}
