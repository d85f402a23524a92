"""File ▸ Serve calendar feed: the checkable action and the window's feed controller behind it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from netdesk.ui.feed_controller import FeedController
from netdesk.ui.messages import Messages


class FeedToggle(QObject):
    """`action` turns the feed on and off and shows whether it serves; `feed` is the controller (the
    Calendar preferences page drives the same one)."""

    def __init__(self, window: QWidget, show_status: Callable[[str], None], messages: type[Messages]) -> None:
        super().__init__(window)
        self._window = window
        self._show_status = show_status
        self._messages = messages
        self.action = QAction("Serve calendar &feed", window)
        self.action.setCheckable(True)
        self.action.setStatusTip("Serve calendar feed")
        self.action.triggered.connect(lambda _checked=False: self.toggle())
        window.addAction(self.action)
        self.feed = FeedController(window)  # its server starts only when asked
        self.feed.started.connect(self._started)
        self.feed.stopped.connect(self._stopped)
        self.feed.failed.connect(self._failed)

    def toggle(self) -> None:
        self.feed.set_running(self.action.isChecked())
        self.action.setChecked(self.feed.running)

    def start_if_enabled(self) -> None:
        """After the first paint: serve the feed again if it was on when the window last closed."""
        self.feed.start_if_enabled()

    def stop(self) -> None:
        self.feed.stop(remember=False)  # quitting: the feed comes back on next start

    def _started(self, url: str) -> None:
        self.action.setChecked(True)
        self.action.setToolTip(f"Serving your reminders at {url}")
        self._show_status("Serving the calendar feed; copy its address from Preferences ▸ Calendar")

    def _stopped(self) -> None:
        self.action.setChecked(False)
        self._show_status("The calendar feed stopped")

    def _failed(self, message: str) -> None:
        self.action.setChecked(False)
        self._messages.tell(self._window, "Calendar feed", message, error=True)
