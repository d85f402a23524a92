"""One place where a bug reaches the user: a dialog with the traceback and a button to copy it.

A UserFacingError that escapes a slot is not a bug: it gets the plain message it was written for.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import UserFacingError
from netdesk.ui.form_dialog import copy_close_buttons
from netdesk.ui.messages import Messages


class BugDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("netdesk hit a bug")
        intro = QLabel("Something went wrong inside netdesk. Your data was not changed by the step that failed.<br>"
                       "Please copy the details below into a bug report.")
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Error details")
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setMinimumSize(560, 220)
        self.buttons, self.copy_button = copy_close_buttons(self, self.details, "Copy details", "Copy error details")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)


_showing = False


def show_bug(parent: QWidget | None, text: str) -> None:
    global _showing
    if _showing:  # a bug while the dialog is up (e.g. in a paint handler) must not stack dialogs
        sys.stderr.write(text)
        return
    _showing = True
    try:
        BugDialog(text, parent).exec()
    finally:
        _showing = False


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    parent = QApplication.activeWindow()
    if isinstance(exc, UserFacingError):
        Messages.tell(parent, "netdesk", str(exc), error=True)
        return
    from netdesk.store.db import environment_message  # disk full, locked, damaged: not bugs (issue 9)

    if (message := environment_message(exc)) is not None:
        Messages.tell(parent, "netdesk", message, error=True)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(text)
    show_bug(parent, text)


def install() -> None:
    sys.excepthook = handle
