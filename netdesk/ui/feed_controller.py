"""Runs the calendar feed (services/feed.py) on a background thread for the window's toggle.

The server binds on the GUI thread, so a port in use is reported at once through `failed`; it then
serves from a plain Python thread (it never touches Qt) and renders on its own store connections.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from netdesk.errors import UserFacingError


class FeedController(QObject):
    """Starts and stops the subscription feed.

    Signals:
        started(str): the feed is serving at this http:// URL.
        stopped(): the feed stopped.
        failed(str): the feed could not start (the message is for the user).
    """

    started = Signal(str)
    stopped = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, head_deadline: float | None = None) -> None:
        super().__init__(parent)
        self._server = None
        self._thread: threading.Thread | None = None
        self._head_deadline = head_deadline

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def url(self) -> str:
        """The http:// URL while serving, else ''."""
        return self._server.url if self._server is not None else ""

    @property
    def webcal_url(self) -> str:
        return self._server.webcal_url if self._server is not None else ""

    def start(self, port: int | None = None) -> bool:
        """Serve on `port` (default: the setting). Emits `started` or `failed`; returns whether it serves."""
        if self._server is not None:
            return True
        from netdesk.services import calendar, feed

        try:
            chosen = calendar.load_settings().feed_port if port is None else port
            kwargs = {} if self._head_deadline is None else {"head_deadline": self._head_deadline}
            server = feed.start(chosen, **kwargs)
        except UserFacingError as exc:
            self.failed.emit(str(exc))
            return False
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="netdesk-feed-accept", daemon=True)
        self._thread.start()
        calendar.set_feed_enabled(True)
        self.started.emit(server.url)
        return True

    def stop(self, *, remember: bool = True) -> None:
        """Stop serving. `remember=False` (quitting the app) keeps the feed on for the next start."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()  # returns once serve_forever has left its loop (≤ poll_interval)
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if remember:
            from netdesk.services import calendar

            calendar.set_feed_enabled(False)
        self.stopped.emit()

    def start_if_enabled(self) -> bool:
        """At window start-up: serve again if the feed was on when the window last closed."""
        from netdesk.services import feed_setting  # not services.calendar: it loads the iCalendar writer

        return self.start() if feed_setting.feed_enabled() else False

    def set_running(self, running: bool) -> None:
        if running:
            self.start()
        else:
            self.stop()

    def toggle(self) -> None:
        self.set_running(not self.running)

    def use_token(self, token: str) -> None:
        """A regenerated token takes effect at once: the old URL answers 404 from now on."""
        if self._server is not None:
            self._server.token = token
            self.started.emit(self._server.url)
