"""Long work off the GUI thread: a QRunnable that runs one service call, and a progress dialog around it.

The job runs on `QThreadPool.globalInstance()`; the window keeps painting. SQLite connections are per
thread in peewee, so the job opens its own on first use and closes it when done. A job may report
progress by accepting a `progress(done, total)` callable; it cannot be interrupted midway (a service call
is one transaction), so Cancel only hides the dialog and the result still arrives.
"""

from __future__ import annotations

import inspect
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from netdesk.errors import UserFacingError
from netdesk.ui.messages import Messages

Progress = Callable[[int, int], None]


class WorkerSignals(QObject):
    """Signals:
        progressed(int, int): done and total so far (total 0 when unknown).
        succeeded(object): the job's return value.
        failed(object): the UserFacingError the job raised, or the one store/errors.py made of a full disk,
            a locked store or a file it may not read (nothing was written).
        crashed(str): a bug: the formatted traceback.
        ended(): after any of the three above.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    crashed = Signal(str)
    ended = Signal()


class Worker(QRunnable):
    def __init__(self, job: Callable[..., Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = WorkerSignals()
        # Signals cross threads queued; keep the QObject alive until the GUI thread has handled them.
        self.setAutoDelete(True)

    def run(self) -> None:
        """Override QRunnable.run (on a pool thread)."""
        from netdesk.store.db import database, store_path
        from netdesk.store.errors import user_error

        try:
            if "progress" in inspect.signature(self.job).parameters:
                result = self.job(progress=self.signals.progressed.emit)
            else:
                result = self.job()
        except Exception as exc:  # noqa: BLE001  (classified: the user's disk or file is a message, else a bug)
            if (error := user_error(exc, store_path())) is not None:
                self.signals.failed.emit(error)
            else:  # a bug: reported to the GUI thread, which shows the excepthook dialog
                self.signals.crashed.emit(traceback.format_exc())
        else:
            self.signals.succeeded.emit(result)
        finally:
            if not database.is_closed():
                database.close()  # this thread's connection only
            self.signals.ended.emit()


def run_in_background(
    parent: QWidget | None,
    title: str,
    job: Callable[..., Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[UserFacingError], None] | None = None,
    *,
    label: str = "",
    pool: QThreadPool | None = None,
) -> Worker:
    """Start `job` on the pool with a progress dialog (shown only if it takes more than ~half a second)."""
    dialog = QProgressDialog(label or f"{title}…", "Hide", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setAccessibleName(title)
    worker = Worker(job)
    signals = worker.signals
    signals.setParent(dialog)  # the dialog outlives the runnable and owns the signal object

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done if total else 0)

    def crashed(text: str) -> None:
        from netdesk.ui.excepthook import show_bug

        show_bug(parent, text)

    signals.progressed.connect(progressed)
    if on_success is not None:
        signals.succeeded.connect(on_success)
    signals.failed.connect(on_failure or (lambda exc: Messages.tell(parent, title, str(exc), error=True)))
    signals.crashed.connect(crashed)
    signals.ended.connect(dialog.close)
    signals.ended.connect(dialog.deleteLater)
    dialog.setValue(0)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker
