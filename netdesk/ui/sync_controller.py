"""The window's CalDAV sync: "Sync now" (F5), a sync soon after start, after changes (debounced) and every
few minutes while the window is open, always on a worker thread (services/sync/run.py), never the GUI's.

The status bar says when the last sync ended and what went wrong, in the service's words; offline it
says how many changes wait and retries with back-off. What the phone did (a reminder done, snoozed or
dismissed) comes back as the pull's Change, pushed on the undo stack as one command (Edit ▸ Undo reopens
what the phone closed, and the next sync puts it back on the server), so the views re-read it. The store
watcher absorbs the sync's own commits (they arrive as the precise Change, not as a foreign write). A
first upload of many items shows a progress bar with Cancel; what was not sent stays waiting.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMainWindow, QProgressBar, QToolButton

from netdesk.domain.change import Change
from netdesk.ui import commands
from netdesk.ui.context import AppContext
from netdesk.ui.menu_places import insert_in_file_menu
from netdesk.ui.workers import Worker

SETTING = "sync.accounts"  # services/sync/accounts.SETTING: an account was added or removed
INTERVAL_MS = 5 * 60_000
DEBOUNCE_MS = 20_000
START_DELAY_MS = 3_000
BACKOFF_MS = (60_000, 120_000, 300_000, 600_000, 1_800_000)
PROGRESS_FROM = 20  # items: a smaller upload shows no progress bar


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class PulledCommand(commands.RecordCommand):
    """What one sync took back from the calendar (done, snoozed, dismissed), undoable like any edit: undo
    writes the rows back as they were before the sync, redo as the sync left them. Either way the outbox
    queues the reminders, so the next sync makes the server say the same."""

    def __init__(self, context: AppContext, journals: list, change: Change) -> None:
        titles = [title for j in journals for title in j.done]
        text = (f"From the calendar: {titles[0]}" if len(titles) == 1
                else f"From the calendar: {len(titles)} reminders")
        super().__init__(context, text, lambda: change)
        self._journals = journals

    def run_first(self) -> object:
        """Override RecordCommand.run_first: the sync already wrote; only its journal is taken."""
        self.result = self._do()
        for journal in self._journals:
            self._before.extend(journal.before.values())
            self._after.extend(journal.later)
        self.change = change_of_pull(self.result, self._rows_change(self._before + self._after))
        return self.result


def change_of_pull(result: object, rows: Change) -> Change:
    """The sync's Change with the rows the journal names (the thanks it recorded, the favours it closed)."""
    return (result if isinstance(result, Change) else Change()) | rows


class SyncController(QObject):
    """Signals:
        synced(list): a sync ended; its services.sync.run.Result list (empty: no account).
        state_changed(str): the status text changed.
    """

    synced = Signal(list)
    state_changed = Signal(str)

    def __init__(self, window: QMainWindow, context: AppContext, *, pool: QThreadPool | None = None,
                 interval_ms: int = INTERVAL_MS, debounce_ms: int = DEBOUNCE_MS,
                 start_delay_ms: int | None = START_DELAY_MS, backoff_ms: tuple[int, ...] = BACKOFF_MS,
                 ask_password: Callable[[str], str | None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.pool = pool or QThreadPool.globalInstance()
        self.backoff_ms = backoff_ms
        self.ask_password = ask_password or self._ask_password
        self.passwords: dict[str, str] = {}  # typed this session where no keyring works; memory only
        self.running = False
        self.failures = 0
        self.last_results: list = []
        self._cancel = threading.Event()
        self._announcing = False
        self._seen: dict = {}
        self.action = QAction("S&ync now", window)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.setStatusTip("Sync reminders and meetings with your calendar accounts now")
        self.action.triggered.connect(lambda _checked=False: self.sync_now())
        window.addAction(self.action)
        self.label = QLabel()
        self.label.setAccessibleName("Sync status")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Upload progress")
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the upload; the rest stays waiting for the next sync")
        self.cancel_button.clicked.connect(self.cancel)
        bar = window.statusBar()
        for widget in (self.progress, self.cancel_button, self.label):
            bar.addPermanentWidget(widget)
        self.progress.hide()
        self.cancel_button.hide()
        self.periodic = self._timer(interval_ms, self.sync_now, repeat=True)
        self.debounce = self._timer(debounce_ms, self.sync_if_waiting)
        self.retry = self._timer(backoff_ms[0], self.sync_now)
        context.bus.data_changed.connect(self._after_change)
        window.installEventFilter(self)
        self._place_in_file_menu()
        self.starter = QTimer(self)  # a child: gone with the window, never fires into a deleted one
        self.starter.setSingleShot(True)
        self.starter.timeout.connect(self.start)
        if start_delay_ms is not None:  # after the first paint: nothing of sync delays the window
            self.starter.start(start_delay_ms)

    def _place_in_file_menu(self) -> None:
        insert_in_file_menu(self.window, self.action)

    def start(self) -> None:
        """The first sync, and the periodic one from now on."""
        self.periodic.start()
        self.show_idle()
        self.sync_now()

    def _timer(self, interval: int, slot: Callable[[], object], *, repeat: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval)
        timer.setSingleShot(not repeat)
        timer.timeout.connect(slot)
        return timer

    # -- what starts a sync ------------------------------------------------------------------
    def _after_change(self, change: Change) -> None:
        if self._announcing:
            return  # the sync's own news
        if SETTING in change.settings:
            self.starter.start(0)  # a new account: its first upload now (and the periodic sync from now on)
        elif change:
            self.debounce.start()  # restarts: a burst of edits costs one sync

    def accounts_changed(self, change: Change) -> None:
        """The Accounts page added or removed an account."""
        self._after_change(change)

    def sync_if_waiting(self) -> Worker | None:
        """After changes: sync only when some change waits for an account. (The sync's own commits are
        absorbed by the store watcher and announced as the sync's Change; they leave nothing waiting, so
        they start no further sync.)"""
        from netdesk.services.sync import status

        if not any(waiting for _account, waiting in status.accounts_waiting()):
            return None
        return self.sync_now()

    def sync_now(self) -> Worker | None:
        """Start a sync of every account on a worker; None when one runs already or there is no account."""
        from netdesk.services.sync import status

        if self.running:
            return None
        chosen = [a for a, _pending in status.accounts_waiting()]
        if not chosen:
            self.last_results = []
            self.show_idle()
            return None
        self.running = True
        self.retry.stop()
        self.debounce.stop()
        self._cancel.clear()
        self.action.setEnabled(False)
        self._set_text("Syncing…", "")
        if (watcher := self._watcher()) is not None:
            watcher.check()  # a write from outside before the sync is announced as such, then held
            watcher.hold()
        today = self.context.today
        passwords = dict(self.passwords)
        cancel = self._cancel

        seen = {"foreign": True}  # until the job says otherwise: a failed run may hide a write from outside
        self._seen = seen

        def job(progress):
            from netdesk.services.sync import run
            from netdesk.store.db import data_version, database

            def step(done: int, total: int) -> bool:
                progress(done, total)
                return not cancel.is_set()

            database.connect(reuse_if_open=True)
            before = data_version()  # this thread's connection: it moves only for another's commit
            results = [run.sync_account(a, passwords.get(a.name), today=today, progress=step) for a in chosen]
            seen["foreign"] = before is None or data_version() != before
            return results

        worker = Worker(job)
        signals = worker.signals
        signals.setParent(self)
        signals.progressed.connect(self._progressed)
        signals.succeeded.connect(self._finished)
        signals.failed.connect(lambda exc: self._finished_with_error(str(exc)))
        signals.crashed.connect(self._crashed)
        signals.ended.connect(self._ended)
        self.pool.start(worker)
        return worker

    def cancel(self) -> None:
        """Stop between two uploads; what was not sent stays waiting."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override QObject.eventFilter: closing the window stops an upload between two writes."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            self._cancel.set()
            self.periodic.stop()
            self.retry.stop()
            self.debounce.stop()
        return False

    # -- what a sync says --------------------------------------------------------------------
    def _progressed(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setFormat(f"Uploading {done:,} of {total:,}")
        if self.progress.isHidden():
            self.progress.show()
            self.cancel_button.setEnabled(True)
            self.cancel_button.show()

    def _finished(self, results: list) -> None:
        self.last_results = results
        change = Change()
        for result in results:
            change |= result.change
        missing = [r.name for r in results if r.needs_password and r.name not in self.passwords]
        failed = [r for r in results if r.errors]
        if failed and not missing:
            self.failures += 1
            self.retry.setInterval(self.backoff_ms[min(self.failures, len(self.backoff_ms)) - 1])
            self.retry.start()
        else:
            self.failures = 0
        self._set_text(*self.describe(results, dt.datetime.now()))
        journals = [r.journal for r in results if getattr(r, "journal", None)]
        self._announcing = True
        try:
            if journals:
                command = PulledCommand(self.context, journals, change)
                if commands.push(self.context, self.window, command) is not None:
                    change = command.change
            elif change:
                self.context.bus.announce(change)
        finally:
            self._announcing = False
        self.synced.emit(results)
        if missing:
            QTimer.singleShot(0, lambda: self._ask_and_sync(missing))

    def describe(self, results: list, now: dt.datetime) -> tuple[str, str]:
        """(status text, tooltip) for what a sync returned."""
        waiting = sum(r.pending for r in results)
        failed = [r for r in results if r.errors]
        details = "\n".join(f"{r.name}: {'; '.join(r.errors) or 'synced'}" for r in results)
        if not failed:
            done = f"Synced at {now:%H:%M}"
            pushed, pulled = sum(r.pushed for r in results), sum(r.pulled for r in results)
            if pushed or pulled:
                done += f" ({pushed} sent, {pulled} from the calendar)"
            return (done + (f"; {_plural(waiting, 'change')} waiting" if waiting else ""), details)
        ms = self.retry.interval()
        again = f"{round(ms / 60_000)} min" if ms >= 60_000 else f"{max(1, round(ms / 1000))} s"
        retry = f"; trying again in {again}" if self.retry.isActive() else ""
        if all(r.offline for r in failed):
            return (f"Sync: offline, {_plural(waiting, 'change')} waiting{retry}", details)
        first = failed[0]
        return (f"Sync of {first.name} failed: {first.errors[0]} ({_plural(waiting, 'change')} waiting{retry})",
                details)

    def _finished_with_error(self, text: str) -> None:
        self._set_text(f"Sync failed: {text}", text)

    def _crashed(self, text: str) -> None:
        from netdesk.ui.excepthook import show_bug

        self._set_text("Sync failed (a bug in netdesk)", "")
        show_bug(self.window, text)

    def _watcher(self):
        from netdesk.ui.store_watcher import StoreWatcher

        found = getattr(self.window, "store_watcher", None)
        return found if isinstance(found, StoreWatcher) else None

    def _ended(self) -> None:
        # The sync's own commits were announced as its Change (_finished); the watcher takes them as seen.
        # Another connection's commit during the run (the CLI, another worker, an edit in the window
        # meanwhile) moved the worker's data_version too: then it is announced as a write from outside.
        if (watcher := self._watcher()) is not None:
            watcher.absorb(foreign=self._seen.get("foreign", True))
        self.running = False
        self.action.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()

    def _set_text(self, text: str, tip: str) -> None:
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.state_changed.emit(text)

    def show_idle(self) -> None:
        from netdesk.services.sync import status

        found = status.accounts_waiting()
        if not found:
            self._set_text("", "No sync account (Preferences ▸ Accounts)")
            return
        last = max((a.last_synced or "" for a, _p in found), default="")
        waiting = sum(p for _a, p in found)
        text = f"Last synced {last[:16].replace('T', ' ')}" if last else "Not synced yet"
        self._set_text(text + (f"; {_plural(waiting, 'change')} waiting" if waiting else ""), "")

    # -- a password where no keyring works -----------------------------------------------------
    def _ask_and_sync(self, names: list[str]) -> None:
        for name in names:
            typed = self.ask_password(name)
            if not typed:
                return
            self.passwords[name] = typed
        self.sync_now()

    def _ask_password(self, name: str) -> str | None:
        typed, ok = QInputDialog.getText(self.window, "Sync password",
                                         f"No keyring holds the password of {name}. Type it for this session "
                                         "(it is kept in memory only):", QLineEdit.EchoMode.Password)
        return typed if ok and typed else None
