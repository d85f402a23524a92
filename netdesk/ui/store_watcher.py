"""Noticing writes made outside the window (a `netdesk` command while the window is open).

SQLite's `PRAGMA data_version` on the window's own connection changes only when another connection
commits, so polling it is cheap (no I/O beyond the shared-memory index) and never fires for the window's
own writes. A QFileSystemWatcher on the -wal file makes the check immediate where inotify works; the
timer covers the rest (network disks, a checkpoint that empties the WAL).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

POLL_MS = 1000


class StoreWatcher(QObject):
    """Signals:
        changed_externally: another connection committed to the store since the last check.
    """

    changed_externally = Signal()

    def __init__(self, parent: QObject | None = None, *, db_path: Path | None = None,
                 probe: Callable[[], int | None] | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        if probe is None:
            from netdesk.store.db import data_version

            probe = data_version
        self._probe = probe
        self._last = probe()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self._files: QFileSystemWatcher | None = None
        if db_path is not None:
            wal = Path(f"{db_path}-wal")
            self._files = QFileSystemWatcher(self)
            if wal.exists():
                self._files.addPath(str(wal))
            self._files.fileChanged.connect(lambda _path: self.check())

    def check(self) -> bool:
        """Probe now; emits `changed_externally` and returns True if the store changed."""
        current = self._probe()
        if current is None or current == self._last:
            return False
        self._last = current
        self.changed_externally.emit()
        return True

    def stop(self) -> None:
        self._timer.stop()
