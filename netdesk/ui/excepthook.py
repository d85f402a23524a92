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
    record(text)
    show_bug(parent, text)


def install() -> None:
    sys.excepthook = handle


# -- a crash of any kind leaves a message for the next start (issue 19 item 19) -------------------------
CRASH_TITLE = "netdesk closed unexpectedly last time"


class CrashLog:
    """While the window runs, `<store>.crash-log` beside the store is open for faulthandler (a fatal signal
    writes every thread's Python stack there) and for the tracebacks `handle` shows; a clean exit removes it.
    Found at the next start, it is what that start shows, once."""

    def __init__(self, db_path) -> None:
        import faulthandler
        import os
        from pathlib import Path

        self.path = Path(db_path).expanduser().resolve().with_name(Path(db_path).name + ".crash-log")
        self.previous: str | None = None
        try:
            old = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            old = None
        if old is not None:
            self.previous = old.strip() or "netdesk stopped without saying why (it was killed, or the machine stopped)."
        self._file = None
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(fd, 0o600)
            self._file = os.fdopen(fd, "w", encoding="utf-8", buffering=1)
            faulthandler.enable(self._file, all_threads=True)
        except OSError:
            self._file = None  # a read-only folder: no log, the window still opens
        global _crash_log
        _crash_log = self

    def write(self, text: str) -> None:
        if self._file is not None:
            try:
                self._file.write(text)
                self._file.flush()
            except (OSError, ValueError):
                pass

    def close_cleanly(self) -> None:
        """A normal exit: nothing to report next time."""
        import faulthandler
        import os

        global _crash_log
        if _crash_log is self:
            _crash_log = None
        if self._file is not None:
            faulthandler.disable()
            self._file.close()
            self._file = None
            try:
                os.unlink(self.path)
            except OSError:
                pass


_crash_log: CrashLog | None = None


def record(text: str) -> None:
    """Keep a traceback in the crash log, in case the process does not survive it."""
    if _crash_log is not None:
        _crash_log.write(text)


def show_previous_crash(parent: QWidget | None, text: str) -> None:
    dialog = BugDialog(text, parent)
    dialog.setWindowTitle(CRASH_TITLE)
    intro = dialog.findChild(QLabel)
    if intro is not None:
        intro.setText(f"<b>{CRASH_TITLE}.</b><br>Your data is safe up to the last change you made. "
                      "If it happens again, please copy the details below into a bug report.")
    dialog.exec()
