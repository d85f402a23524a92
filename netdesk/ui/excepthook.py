"""One place where a bug reaches the user: a dialog with the traceback and a button to copy it.

A UserFacingError that escapes a slot is not a bug: it gets the plain message it was written for, and so
does an environment error (a full disk, a locked store) as store/errors.py classifies it.
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
    # Disk full, locked, damaged, a file we may not read: a message, not a bug.
    from netdesk.store.db import store_path
    from netdesk.store.errors import user_error

    if (error := user_error(exc, store_path())) is not None:
        Messages.tell(parent, "netdesk", str(error), error=True)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(text)
    show_bug(parent, text)


def install() -> None:
    sys.excepthook = handle
