"""Ctrl+Enter runs a multi-line dialog's main action (issue 19 item 15): Enter in a text box is a new line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

KEYS = ("Ctrl+Return", "Ctrl+Enter")  # the main keyboard's Enter and the keypad's


def ctrl_enter(dialog: QWidget, action: Callable[[], object]) -> list[QShortcut]:
    """Ctrl+Enter anywhere in `dialog` (its text boxes included) calls `action`."""
    shortcuts = []
    for key in KEYS:
        shortcut = QShortcut(QKeySequence(key), dialog)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)
        shortcuts.append(shortcut)
    return shortcuts


def ctrl_enter_accepts(dialog: QDialog) -> list[QShortcut]:
    return ctrl_enter(dialog, dialog.accept)
