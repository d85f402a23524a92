"""A tray icon that says when reminders fall due, where the desktop has a tray.

It notifies at most once a day (remembered in the options), and again only when more fall due later
that day; clicking the message brings the window to the Today section. The tray's menu lists the first
reminders due, each as "Write: …", which opens that reminder's draft (`write_requested`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from netdesk.domain.kinds import ReminderKind
from netdesk.domain.model import Reminder
from netdesk.services import contact_list, overview
from netdesk.ui import options

CHECK_EVERY_MS = 15 * 60 * 1000  # the date turns over while the app stays open; catch it within 15 minutes
WRITE_LIMIT = 5  # reminders offered in the tray menu


def first_due(today: dt.date, limit: int = WRITE_LIMIT) -> list[Reminder]:
    """The earliest due reminders with a contact to write to (at most `limit` of each kind are read)."""
    due, _counts = overview.due_reminders(today, [kind.value for kind in ReminderKind], per_kind=limit)
    return sorted((r for r in due if r.contact_id is not None), key=lambda r: (r.due, r.id))[:limit]


def due_summary(today: dt.date) -> tuple[int, str]:
    count, titles = contact_list.reminders_due(today, limit=3)
    more = f" and {count - len(titles)} more" if count > len(titles) else ""
    return count, "; ".join(titles) + more


class ReminderNotifier(QObject):
    """Signals:
        activated: the user clicked the tray icon or its message; show the window.
        quit_requested: "Quit" from the tray menu.
        write_requested(int): "Write: …" from the tray menu; open that reminder's draft.
    """

    activated = Signal()
    quit_requested = Signal()
    write_requested = Signal(int)
    caught_up = Signal(object)  # the Change of the day's first full derivation (reminders.catch_up)

    def __init__(self, today_fn: Callable[[], dt.date], icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today_fn = today_fn
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        self.last_message: tuple[str, str] | None = None
        self._notified_count = 0
        # Built where there is no tray too (the same actions; tests read it); the tray does not own its menu.
        self.menu = QMenu()
        self.menu.addAction("Show netdesk", self.activated.emit)
        self._write_separator = self.menu.addSeparator()
        self._write_actions: list = []
        self.menu.addSeparator()
        self.menu.addAction("Quit", self.quit_requested.emit)
        self.menu.aboutToShow.connect(lambda: self.offer_writing(self._today_fn()))  # read only when opened
        if self.available:
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("netdesk")
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(lambda _reason: self.activated.emit())
            self.tray.messageClicked.connect(self.activated.emit)
            self.tray.show()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> bool:
        """Notify if reminders are due and the user has not been told today; returns True if it notified.

        First, once a day (at start and when the day changes with the window open), the full derivation
        of what the day alone changes (a prepare reminder whose meeting is over, a birthday's next year)."""
        today = self._today_fn()
        self.catch_up(today)
        if not options.TRAY_NOTIFICATIONS.get():
            return False
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

    def catch_up(self, today: dt.date) -> None:
        from netdesk.services import reminders

        try:
            change = reminders.catch_up(today)
        except sqlite3.OperationalError:
            return  # the store is busy (a long import): the next check tries again
        if change:
            self.caught_up.emit(change)

    def offer_writing(self, today: dt.date | None) -> None:
        """The menu's "Write: …" entries, one per reminder among the first due by `today` (None: none)."""
        for action in self._write_actions:
            self.menu.removeAction(action)
            action.deleteLater()
        self._write_actions = []
        for reminder in first_due(today) if today is not None else ():
            action = self.menu.addAction(f"Write: {reminder.title}…")
            action.triggered.connect(lambda _=False, rid=int(reminder.id): self.write_requested.emit(rid))
            self.menu.insertAction(self._write_separator, action)
            self._write_actions.append(action)


def write_reminder(window, reminder_id: int):
    """"Write: …" from the tray: the window comes forward with the reminder's draft on top of it."""
    from netdesk.ui import draft_dialog  # on first use, as from the card and Today

    window.showNormal()
    window.raise_()
    window.activateWindow()
    return draft_dialog.write(window.context, reminder_id, window)
