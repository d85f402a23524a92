"""Today's Write…: the draft of the selected reminder (due, or someone to reach out to), and the mail capture
has seen: "You wrote to them on D: was this it?", with Mark sent one click away. Capture never closes a
reminder by itself; the user says so.

TodayView builds one `TodayWrite(view)`, puts `button` with its reminder buttons, `reach_button` with its
reach-out buttons and `hint` under the due list.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from netdesk.errors import UserFacingError
from netdesk.services import capture_hints
from netdesk.ui import commands
from netdesk.ui.views.common import button


def _draft_dialog():
    # Imported on first use: the dialog pulls in the templates and name rules, which start-up does not need.
    from netdesk.ui import draft_dialog

    return draft_dialog


class CapturedHint(QFrame):
    """One line under the due list: the mail capture saw since the reminder's cause, and Mark sent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capturedHint")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Mail capture has seen")
        self.sent_button = QPushButton("Yes, &mark sent")
        self.sent_button.setAccessibleName("Yes, that was it: mark sent")
        self.sent_button.setToolTip("Close the loop with that mail (no second email is logged)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.sent_button)
        self.seen: capture_hints.CapturedMail | None = None
        self.hide()


class TodayWrite(QObject):
    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.button = button("&Write…", "Draft the message this reminder calls for, for your mail app", self.write)
        self.reach_button = button("Wr&ite…", "Draft a hello that offers something, for your mail app",
                                   self.write_suggested)
        self.reach_button.setAccessibleName("Write to them")
        self.hint = CapturedHint()
        self.hint.sent_button.clicked.connect(lambda _=False: self.mark_sent())
        self.dialog = None
        view.due_list.selectionModel().currentChanged.connect(lambda *_: self.show_hint())
        view.due_model.modelReset.connect(self.show_hint)
        # The reach-out list is built after this (its model already exists); it always keeps a row selected.
        view.reach_model.modelReset.connect(lambda: self.reach_button.setEnabled(view.reach_model.rowCount() > 0))
        self.reach_button.setEnabled(False)

    def write(self) -> None:
        reminder = self.view.selected_reminder()
        if reminder is not None:
            self.dialog = _draft_dialog().write(self.view.context, reminder.id, self.view)

    def write_suggested(self) -> None:
        suggestion = self.view.selected_suggestion()
        if suggestion is not None:
            self.dialog = _draft_dialog().write(self.view.context, suggestion.reminder_id, self.view)

    def show_hint(self) -> None:
        reminder = self.view.selected_reminder()
        try:
            seen = capture_hints.captured_mail(reminder.id) if reminder is not None else None
        except UserFacingError:  # the reminder went since the list was read
            seen = None
        self.hint.seen = seen
        if seen is not None and reminder is not None:
            self.hint.label.setText(seen.text(reminder.contact))
        self.hint.setVisible(seen is not None)

    def mark_sent(self) -> None:
        reminder, seen = self.view.selected_reminder(), self.hint.seen
        if reminder is None or seen is None or seen.reminder_id != reminder.id:
            return
        command = _draft_dialog().sent_command(self.view.context, reminder.id, reminder.title, reminder.contact_id, seen)
        commands.push(self.view.context, self.view, command)
