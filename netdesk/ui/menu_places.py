"""Where an action that a controller adds after start-up goes in the window's menus."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu


def insert_in_file_menu(window: QMainWindow, action: QAction) -> None:
    """Put `action` in the File menu above its last group (Quit), as Capture now and Sync now are."""
    for menu in window.menuBar().findChildren(QMenu):
        if menu.title().replace("&", "") == "File":
            separators = [a for a in menu.actions() if a.isSeparator()]
            menu.insertAction(separators[-1] if separators else None, action)
            return
