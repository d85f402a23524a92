"""A thread that runs the newest of a stream of read-only queries on its own connection.

Search as you type asks for a new full id list on every keystroke; only the last one matters. A newer
request replaces a waiting one and stops a running one (a progress handler aborts its statement), so a
fast typist never queues up work, and the thread that asked (the window's) never waits for any of it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netdesk.store.db import reader_connection


@dataclass(frozen=True, slots=True)
class _Job:
    path: Path
    work: Callable[[sqlite3.Connection], Any]
    done: Callable[[Any], None]


class LatestReader:
    """Runs `work(connection)` for the newest submitted job, then `done(result)` on this thread.

    `result` is whatever `work` returned, or the exception it raised (other than the interruption a
    newer job causes, which is silent): the caller decides how to recover, usually by reading in the
    foreground. A job superseded before it finishes never calls `done`.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._cond = threading.Condition()
        self._pending: _Job | None = None
        self._running: _Job | None = None
        self._conn: sqlite3.Connection | None = None
        self._conn_path: Path | None = None
        self._thread: threading.Thread | None = None
        # Read by the connection's progress handler: sqlite3_interrupt would be lost if it arrived just
        # before the statement started, this flag is not.
        self._stop_running = False

    def submit(self, path: Path, work: Callable[[sqlite3.Connection], Any], done: Callable[[Any], None]) -> None:
        with self._cond:
            self._pending = _Job(path, work, done)
            self._interrupt()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name=f"netdesk {self._name}", daemon=True)
                self._thread.start()
            self._cond.notify()

    def cancel(self) -> None:
        """Forget the waiting job and stop the running one; neither calls `done`."""
        with self._cond:
            self._pending = None
            self._interrupt()
            self._running = None  # so that the job, interrupted or not, is dropped when it returns

    def _interrupt(self) -> None:
        # Called with the lock held.
        if self._running is not None:
            self._stop_running = True

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._pending is not None or self._running is not None

    def _superseded(self, job: _Job) -> bool:
        return self._pending is not None or self._running is not job

    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._pending is None:
                    if not self._cond.wait(timeout=30):
                        self._close()  # idle: give the file back (a restore or a test may remove it)
                        self._thread = None
                        return
                job, self._pending = self._pending, None
                self._running = job
                self._stop_running = False
            try:
                result = job.work(self._connection(job.path))
            except sqlite3.OperationalError as exc:
                result = exc
            except Exception as exc:  # noqa: BLE001  (handed to the caller, who reads in the foreground instead)
                result = exc
            with self._cond:
                current = not self._superseded(job)
                self._running = None
            if current:
                try:
                    job.done(result)
                except RuntimeError:
                    pass  # the receiver is gone (a window closed while its list loaded)

    def _connection(self, path: Path) -> sqlite3.Connection:
        if self._conn is None or self._conn_path != path:
            self._close()
            conn = reader_connection(path)
            # Every ~1,000 virtual-machine steps (well under a millisecond): a non-zero return aborts
            # the statement with "interrupted".
            conn.set_progress_handler(lambda: self._stop_running, 1000)
            with self._cond:
                self._conn, self._conn_path = conn, path
        return self._conn

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn, self._conn_path = None, None
