"""The window's capture: "Capture now" (File menu), a run soon after start and every 30 minutes, always on a
worker thread (services/capture_sources.run_all), never the GUI's.

The status bar shows a progress bar while a run reads (mail files and sources counted), then what it
logged. A run that logged something is one command on the undo stack: Edit ▸ Undo removes those
interactions (capture remembers them, so the next run does not log them again). A source that cannot be
read is named in the status bar; "Capture now" also says it in a message.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QProgressBar

from netdesk.domain.change import Change, RecordKind
from netdesk.services import capture_sources, records
from netdesk.services.local_zone import local_zone
from netdesk.services.records import RowState
from netdesk.ui import commands
from netdesk.ui.context import AppContext
from netdesk.ui.menu_places import insert_in_file_menu
from netdesk.ui.workers import Worker

INTERVAL_MS = 30 * 60_000
START_DELAY_MS = 5_000
SETTINGS = {capture_sources.SOURCES, capture_sources.AUTO}


class CaptureCommand(commands.RecordCommand):
    """A run that logged interactions, undoable: undo deletes them, redo writes them back with their ids."""

    def __init__(self, context: AppContext, report: capture_sources.Report) -> None:
        n = report.logged
        super().__init__(context, f"Capture {n} interaction{'s' if n != 1 else ''}", lambda: report)

    def run_first(self) -> object:
        result = super().run_first()
        ids = sorted(self.change.records_of(RecordKind.INTERACTION))
        self._before.extend(RowState(RecordKind.INTERACTION.value, i, None) for i in ids)
        self._after.extend(records.capture(RecordKind.INTERACTION.value, ids))
        self._links = capture_sources.links(ids)
        return result

    def _replay(self, states: list[RowState]) -> None:
        """Override RecordCommand._replay: a redo also ties the interactions to their mail again."""
        super()._replay(states)
        if states is self._after:
            capture_sources.relink(self._links)


class CaptureController(QObject):
    """Signals:
        captured(object): a run ended; its capture_sources.Report.
        state_changed(str): the status text changed.
    """

    captured = Signal(object)
    state_changed = Signal(str)

    def __init__(self, window: QMainWindow, context: AppContext, *, pool: QThreadPool | None = None,
                 interval_ms: int = INTERVAL_MS, start_delay_ms: int | None = START_DELAY_MS,
                 now=lambda: dt.datetime.now(dt.UTC), tz: dt.tzinfo | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.pool = pool or QThreadPool.globalInstance()
        self._now = now
        self._tz = tz
        self.running = False
        self.last_report: capture_sources.Report | None = None
        self._tell = False  # "Capture now" says the result in a message too
        self.action = QAction("Ca&pture mail and calendars now", window)
        self.action.setStatusTip("Log interactions from the mail and calendars added in Preferences › Capture")
        self.action.triggered.connect(lambda _checked=False: self.capture_now(tell=True))
        window.addAction(self.action)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.setAccessibleName("Capture progress")
        self.progress.hide()
        window.statusBar().addPermanentWidget(self.progress)
        self.status = ""
        self.periodic = QTimer(self)
        self.periodic.setInterval(interval_ms)
        self.periodic.timeout.connect(lambda: self.capture_now(automatic=True))
        self.starter = QTimer(self)
        self.starter.setSingleShot(True)
        self.starter.timeout.connect(self.start)
        context.bus.data_changed.connect(self._after_change)
        self._place_in_file_menu()
        if start_delay_ms is not None:
            self.starter.start(start_delay_ms)

    def _place_in_file_menu(self) -> None:
        insert_in_file_menu(self.window, self.action)

    def start(self) -> None:
        """The run on start, and every 30 minutes from now on (when capture runs by itself)."""
        self.periodic.start()
        self.capture_now(automatic=True)

    def _after_change(self, change: Change) -> None:
        if SETTINGS & set(change.settings) and not self.running:
            self.starter.start(0)  # a source added: read it now

    # -- a run ---------------------------------------------------------------------------------
    def capture_now(self, *, tell: bool = False, automatic: bool = False) -> Worker | None:
        """Start a run on a worker; None when one runs already, there is nothing to capture, or capture
        is off and this is the automatic run."""
        if self.running:
            return None
        chosen = capture_sources.sources()
        if not chosen or (automatic and not capture_sources.auto()):
            if tell:
                self.context.messages.tell(self.window, "Capture", capture_sources.Report().summary())
            return None
        self.running, self._tell = True, tell
        self.action.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setFormat("Capturing…")
        self.progress.show()
        self._set_status("Capturing mail and calendars…")
        today, tz, now = self.context.today, self._tz or local_zone(), self._now()

        def job(progress):
            return capture_sources.run_all(today=today, tz=tz, now=now, chosen=chosen, progress=progress)

        worker = Worker(job)
        signals = worker.signals
        signals.setParent(self)
        signals.progressed.connect(self._progressed)
        signals.succeeded.connect(self._finished)
        signals.failed.connect(lambda exc: self._set_status(f"Capture failed: {exc}"))
        signals.crashed.connect(self._crashed)
        signals.ended.connect(self._ended)
        self.pool.start(worker)
        return worker

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat("Capturing… %p%")

    def _finished(self, report: capture_sources.Report) -> None:
        self._ended()  # before the news: a page told of the result may start the next run
        self.last_report = report
        if report.logged:
            commands.push(self.context, self.window, CaptureCommand(self.context, report))
        elif report.change:
            self.context.bus.announce(report.change)
        failed = report.failed
        text = report.summary()
        if failed:
            text += f" ({failed[0].source.label}: {failed[0].error})"
        self._set_status(text)
        if self._tell:
            self.context.messages.tell(self.window, "Capture", report.details(), error=bool(failed))
        self.captured.emit(report)

    def _crashed(self, text: str) -> None:
        from netdesk.ui.excepthook import show_bug

        self._set_status("Capture stopped on a bug")
        show_bug(self.window, text)

    def _ended(self) -> None:
        self.running = False
        self.action.setEnabled(True)
        self.progress.hide()

    def _set_status(self, text: str) -> None:
        self.status = text
        show = getattr(self.window, "show_status", None)
        if callable(show):
            show(text)
        self.state_changed.emit(text)


def find(widget) -> CaptureController | None:
    """The window's capture controller, for a page inside the window's dialogs."""
    while widget is not None:
        found = getattr(widget, "capture", None)
        if isinstance(found, CaptureController):
            return found
        widget = widget.parentWidget()
    return None
