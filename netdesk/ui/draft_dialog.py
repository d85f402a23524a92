"""Write…: a reminder's draft in a dialog, to edit and send from the user's own mail program.

"Open in mail app" hands a mailto: URL to the desktop (QDesktopServices); a body too long for one is put
on the clipboard instead, with a note, and the URL carries the address and subject only. "Mark sent"
closes the loop through an undoable command (services.messages.sent). netdesk never sends mail itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import drafts
from netdesk.domain.change import RecordKind
from netdesk.errors import UserFacingError
from netdesk.services import capture_hints, messages, records, reminders
from netdesk.services.records import RowState
from netdesk.ui import commands
from netdesk.ui.context import AppContext
from netdesk.ui.ctrl_enter import ctrl_enter

# What `sent` may create: captured after it ran, so undo removes them and redo writes them back.
_CREATED = (RecordKind.INTERACTION, RecordKind.THANKS)


class SentCommand(commands.RecordCommand):
    """Mark sent, undoable: the email interaction and any thanks it created are removed on undo, the
    favours, the lead and the reminder written back as they were."""

    def __init__(self, context: AppContext, reminder_id: int, title: str, contact_id: int | None, *,
                 on: dt.date | None = None, logged: int | None = None) -> None:
        """`on` and `logged`: the mail capture saw (its day, its interaction), which stays on undo."""
        super().__init__(
            context, f"Sent: {title}",
            lambda: messages.sent(reminder_id, on=on or context.today, today=context.today, logged=logged),
            touches=lambda: messages.sent_touches(reminder_id),
            contacts=(contact_id,) if contact_id else ())

    def run_first(self) -> object:
        result = super().run_first()
        for kind in _CREATED:
            ids = sorted(self.change.records_of(kind))
            self._before.extend(RowState(kind.value, rid, None) for rid in ids)
            self._after.extend(records.capture(kind.value, ids))
        return result


def sent_command(context: AppContext, reminder_id: int, title: str, contact_id: int | None,
                 seen: capture_hints.CapturedMail | None = None) -> SentCommand:
    """Mark sent now, or with the mail capture saw (`seen`: its day, and no second email logged)."""
    if seen is None:
        return SentCommand(context, reminder_id, title, contact_id)
    return SentCommand(context, reminder_id, title, contact_id, on=seen.on, logged=seen.interaction_id)


def split_addresses(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class DraftDialog(QDialog):
    """The draft of one reminder: To, Subject and the body, all editable."""

    def __init__(self, context: AppContext, reminder_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.reminder_id = reminder_id
        self.draft = messages.draft(reminder_id, today=context.today)
        reminder = reminders.get(reminder_id)
        self._title, self._contact_id = reminder.title, reminder.contact_id
        self.setWindowTitle(f"Write: {reminder.title}")
        self.to = QLineEdit(", ".join(self.draft.to))
        self.to.setAccessibleName("To")
        self.to.setPlaceholderText("their email address")
        self.subject = QLineEdit(self.draft.subject)
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit(self.draft.body)
        self.body.setAccessibleName("Message")
        self.body.setMinimumSize(480, 260)
        self.note = QLabel("\n".join(self.draft.warnings))
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Notes on this draft")
        self.note.setVisible(bool(self.draft.warnings))
        self.captured = capture_hints.captured_mail(reminder_id)
        self.captured_label = QLabel(self.captured.text(reminder.contact) if self.captured else "")
        self.captured_label.setWordWrap(True)
        self.captured_label.setAccessibleName("Mail capture has seen")
        self.captured_button = QPushButton("&Yes, mark sent")
        self.captured_button.setAccessibleName("Yes, that was it: mark sent")
        self.captured_button.setToolTip("Close the loop with that mail (no second email is logged)")
        self.captured_button.setAutoDefault(False)
        self.captured_button.clicked.connect(lambda: self.mark_sent(self.captured))
        captured_row = QHBoxLayout()
        captured_row.addWidget(self.captured_label, 1)
        captured_row.addWidget(self.captured_button)
        for widget in (self.captured_label, self.captured_button):
            widget.setVisible(self.captured is not None)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&To:", self.to)
        form.addRow("&Subject:", self.subject)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = self._button("&Open in mail app", self.open_in_mail_app)
        self.copy_button = self._button("&Copy", self.copy)
        self.sent_button = self._button("Mark &sent", self.mark_sent)
        self.open_button.setDefault(True)
        ctrl_enter(self, self.open_button.click)  # from the body too, where Enter is a new line
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.note)
        layout.addLayout(captured_row)
        layout.addWidget(self.buttons)

    def _button(self, label: str, slot) -> QPushButton:
        button = QPushButton(label)
        button.setAccessibleName(label.replace("&", ""))
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    def addresses(self) -> Sequence[str]:
        return split_addresses(self.to.text())

    def mailto(self) -> str:
        return drafts.mailto(self.addresses(), self.subject.text(), self.body.toPlainText())

    def open_in_mail_app(self) -> str:
        """Hand the draft to the desktop's mail handler; returns the URL handed over."""
        url = self.mailto()
        if len(url) > drafts.MAILTO_LIMIT:
            QGuiApplication.clipboard().setText(self.body.toPlainText())
            url = drafts.mailto(self.addresses(), self.subject.text(), "")
            self._say("The message is too long for a mail link, so it is on the clipboard: paste it into the "
                      "new message.")
        if not QDesktopServices.openUrl(QUrl(url, QUrl.ParsingMode.StrictMode)):
            QGuiApplication.clipboard().setText(self.body.toPlainText())
            self._say("No mail program answered; the message is on the clipboard.")
        return url

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(f"Subject: {self.subject.text()}\n\n{self.body.toPlainText()}")
        self.copy_button.setText("Copied")

    def mark_sent(self, seen: capture_hints.CapturedMail | None = None) -> None:
        """Close the loop (undoable), then the dialog; `seen`: with the mail capture saw, not a new one."""
        if commands.push(self._context, self, sent_command(self._context, self.reminder_id, self._title,
                                                              self._contact_id, seen)) is not None:
            self.accept()

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()


def write(context: AppContext, reminder_id: int, parent: QWidget | None = None) -> DraftDialog | None:
    """The Write… action: open the reminder's draft (or say why there is none). The dialog is modeless."""
    try:
        dialog = DraftDialog(context, reminder_id, parent)
    except UserFacingError as exc:
        context.messages.tell(parent, "Write", str(exc), error=True)
        return None
    dialog.setModal(False)
    dialog.show()
    return dialog
