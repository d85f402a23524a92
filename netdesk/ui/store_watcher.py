"""Noticing writes made outside the window (a `netdesk` command while the window is open).

SQLite's `PRAGMA data_version` on the window's own connection changes only when another connection
commits, so polling it is cheap (no I/O beyond the shared-memory index) and never fires for the window's
own writes. A QFileSystemWatcher on the -wal file makes the check immediate where inotify works; the
timer covers the rest (network disks, a checkpoint that empties the WAL).

The window's own workers (the sync) write on their own connection, so their commits look foreign too.
A worker whose result is announced as a precise Change brackets its run with `hold()` and `absorb()`:
checks in between announce nothing, and `absorb` takes the store as it is then as already seen, unless
the worker saw another connection commit meanwhile (`foreign=True`), which is then announced as usual.
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
        self._held = 0
        self._foreign = False  # a write from outside seen by a worker still held by another

    def hold(self) -> None:
        """A worker of the window's starts writing: checks announce nothing until its `absorb()`."""
        self._held += 1

    def absorb(self, *, foreign: bool = False) -> bool:
        """The worker's writes are announced by the window itself: take the store as it is now as seen.

        `foreign`: the worker saw another connection commit during its run (its own `data_version`
        moved), so that write is announced as one from outside. Returns whether it was."""
        self._held = max(0, self._held - 1)
        current = self._probe()
        self._foreign = self._foreign or (foreign and current is not None and current != self._last)
        self._last = current
        if self._foreign and not self._held:
            self._foreign = False
            self.changed_externally.emit()
            return True
        return False

    def check(self) -> bool:
        """Probe now; emits `changed_externally` and returns True if the store changed."""
        if self._held:
            return False  # a worker's writes: absorb() decides
        current = self._probe()
        if current is None or current == self._last:
            return False
        self._last = current
        self.changed_externally.emit()
        return True

    def stop(self) -> None:
        self._timer.stop()
