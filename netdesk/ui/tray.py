"""A tray icon that says when reminders fall due, where the desktop has a tray.

It notifies at most once a day (remembered in the options), and again only when more fall due later
that day; clicking the message brings the window to the Today section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from netdesk.services import contact_list
from netdesk.ui import options

CHECK_EVERY_MS = 15 * 60 * 1000  # the date turns over while the app stays open; catch it within 15 minutes


def due_summary(today: dt.date) -> tuple[int, str]:
    count, titles = contact_list.reminders_due(today, limit=3)
    more = f" and {count - len(titles)} more" if count > len(titles) else ""
    return count, "; ".join(titles) + more


class ReminderNotifier(QObject):
    """Signals:
        activated: the user clicked the tray icon or its message; show the window.
        quit_requested: "Quit" from the tray menu.
    """

    activated = Signal()
    quit_requested = Signal()

    def __init__(self, today_fn: Callable[[], dt.date], icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today_fn = today_fn
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        self.last_message: tuple[str, str] | None = None
        self._notified_count = 0
        if self.available:
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("netdesk")
            menu = QMenu()
            menu.addAction("Show netdesk", self.activated.emit)
            menu.addSeparator()
            menu.addAction("Quit", self.quit_requested.emit)
            self._menu = menu  # the tray does not take ownership of its menu
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(lambda _reason: self.activated.emit())
            self.tray.messageClicked.connect(self.activated.emit)
            self.tray.show()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> bool:
        """Notify if reminders are due and the user has not been told today; returns True if it notified."""
        if not options.TRAY_NOTIFICATIONS.get():
            return False
        today = self._today_fn()
        count, summary = due_summary(today)
        if self.tray is not None:
            self.tray.setToolTip(f"netdesk — {count} due" if count else "netdesk — nothing due")
        told_today = options.NOTIFIED_ON.get() == today.isoformat()
        if count == 0 or (told_today and count <= self._notified_count):
            return False
        title = f"{count} reminder{'s' if count != 1 else ''} due"
        self.last_message = (title, summary)
        options.NOTIFIED_ON.set(today.isoformat())
        self._notified_count = count
        if self.tray is not None:
            self.tray.showMessage(title, summary, QSystemTrayIcon.MessageIcon.Information, 10_000)
        return True
