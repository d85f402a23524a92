"""The window's automatic backup: once at start-up, then re-checked hourly, so a window left open for
days still gets its daily copy. The service decides whether one is due and rotates old ones."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from netdesk.errors import UserFacingError

CHECK_EVERY_MS = 60 * 60 * 1000


class AutoBackup(QObject):
    """Signals:
        backed_up(str): a new automatic backup was written to this path.
        failed(str): the backup could not be written (disk full, ...); the window carries on.
    """

    backed_up = Signal(str)
    failed = Signal(str)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.run)

    def start(self, first_delay_ms: int = 0) -> None:
        QTimer.singleShot(first_delay_ms, self.run_in_background)
        self._timer.timeout.disconnect(self.run)
        self._timer.timeout.connect(self.run_in_background)
        self._timer.start()

    def run_in_background(self) -> None:
        """Copying a big store takes a second or two: not on the GUI thread. The backup API reads a
        consistent snapshot through its own connection, so the window can keep writing meanwhile. The
        signals reach their receivers on the GUI thread (queued). A daemon thread: quitting mid-copy
        leaves only a hidden temp file, which the next rotation removes."""
        threading.Thread(target=self.run, name="netdesk-auto-backup", daemon=True).start()

    def run(self, now: dt.datetime | None = None) -> Path | None:
        from netdesk.services import backups

        try:
            made = backups.auto_backup(self.db_path, now=now or dt.datetime.now(dt.UTC))
        except UserFacingError as exc:
            # A backup that fails must not stop the user working; it is reported, not raised.
            print(f"warning: automatic backup failed: {exc}", file=sys.stderr)
            self.failed.emit(str(exc))
            return None
        if made is not None:
            self.backed_up.emit(str(made))
        return made
