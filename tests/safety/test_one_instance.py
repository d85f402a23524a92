"""One window per store, and CLI writes while the window is open: safe, and noticed by the window."""

from __future__ import annotations

import os
import subprocess
import sys

from netdesk.ui.single_instance import SingleInstance, key_for, lock_path
from netdesk.ui.store_watcher import StoreWatcher
from tests.conftest import run_netdesk


def test_key_is_the_same_for_every_spelling_of_the_path(tmp_path):
    db = tmp_path / "netdesk.sqlite3"
    other = tmp_path / "sub" / ".." / "netdesk.sqlite3"
    (tmp_path / "sub").mkdir()
    assert key_for(db) == key_for(other)
    assert key_for(db) != key_for(tmp_path / "other.sqlite3")


def test_second_window_on_the_same_store_raises_the_first(qtbot, qapp, tmp_path):
    db = tmp_path / "netdesk.sqlite3"
    first = SingleInstance(db)
    assert first.claim()
    second = None
    try:
        assert lock_path(db).exists()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        with qtbot.waitSignal(first.activation_requested, timeout=20_000):
            second = subprocess.Popen([sys.executable, "-m", "netdesk", "--db", str(db)], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = second.communicate(timeout=30)
        assert second.returncode == 0, err
        assert "already open" in err
        assert not db.exists(), "the second window must not have opened the store"
    finally:
        if second is not None and second.poll() is None:  # a failed run must not leave a window behind
            second.kill()
            second.wait()
        first.release()


def test_a_window_on_another_store_is_not_blocked(qapp, tmp_path):
    first = SingleInstance(tmp_path / "a.sqlite3")
    other = SingleInstance(tmp_path / "b.sqlite3")
    try:
        assert first.claim()
        assert other.claim()
    finally:
        first.release()
        other.release()


def test_a_crashed_windows_lock_is_taken_over(qapp, tmp_path):
    db = tmp_path / "netdesk.sqlite3"
    # A lock file left by a process that no longer exists (SIGKILLed window).
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock_path(db).write_text(f"{dead.stdout.strip()}\nnetdesk\n{os.uname().nodename}\n")
    instance = SingleInstance(db)
    try:
        assert instance.claim()
    finally:
        instance.release()


def test_release_lets_the_next_window_in(qapp, tmp_path):
    db = tmp_path / "netdesk.sqlite3"
    first = SingleInstance(db)
    assert first.claim()
    first.release()
    again = SingleInstance(db)
    try:
        assert again.claim()
    finally:
        again.release()


def test_cli_writes_while_the_window_is_open_are_seen(qtbot, store, db_path, today):
    """The window's connection stays open; a CLI write commits beside it (WAL) and the watcher fires."""
    from netdesk.services import contacts

    watcher = StoreWatcher(interval_ms=50)
    try:
        contacts.add_contact("Window Write", today=today)
        assert not watcher.check(), "the window's own writes are not 'external'"
        with qtbot.waitSignal(watcher.changed_externally, timeout=10_000):
            added = run_netdesk("contact", "add", "Cli Write", db=db_path)
            assert added.returncode == 0, added.stderr
        assert [c.name for c in contacts.list_contacts()] == ["Cli Write", "Window Write"]
    finally:
        watcher.stop()


def test_cli_write_waits_for_the_windows_transaction(qtbot, store, db_path, today):
    """A window mid-transaction (busy_timeout): the CLI waits, then commits; nothing is lost on either side."""
    from netdesk.services import contacts
    from netdesk.store.models import database

    with database.atomic():
        contacts.add_contact("In Window Transaction", today=today)
        proc = subprocess.Popen([sys.executable, "-m", "netdesk", "--db", str(db_path), "contact", "add", "Waiting"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        qtbot.wait(700)  # the CLI is now blocked on the window's write lock
        assert proc.poll() is None
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert sorted(c.name for c in contacts.list_contacts()) == ["In Window Transaction", "Waiting"]


def test_watcher_ignores_a_closed_store(qapp):
    watcher = StoreWatcher(probe=lambda: None, interval_ms=10_000)
    assert not watcher.check()
    watcher.stop()


def test_the_open_window_shows_a_contact_added_by_the_cli(qtbot, monkeypatch, tmp_path, store, db_path):
    """End to end: the real window is open on the store, `netdesk contact add` runs, the list shows it."""
    import datetime as dt

    from netdesk.ui import options
    from netdesk.ui.main_window import MainWindow
    from netdesk.ui.messages import Messages

    monkeypatch.setattr(Messages, "ask", classmethod(lambda cls, *a, **k: False))
    monkeypatch.setattr(Messages, "tell", classmethod(lambda cls, *a, **k: None))
    options.use_file(tmp_path / "options.ini")
    try:
        window = MainWindow(today_fn=lambda: dt.date(2026, 3, 10), db_path=db_path)
        qtbot.addWidget(window)
        window.show()
        assert window.contacts.model.rowCount() == 0
        added = run_netdesk("contact", "add", "Added From Cli", db=db_path)
        assert added.returncode == 0, added.stderr
        qtbot.waitUntil(lambda: window.contacts.model.rowCount() == 1, timeout=10_000)
    finally:
        options.use_file(None)


def test_restore_from_the_cli_while_the_window_is_open(qtbot, store, db_path, today, tmp_path):
    """`netdesk restore` writes through SQLite into the open store: the window's connection sees the restored
    data at once (no file swapped under it) and the watcher tells it to refresh."""
    from netdesk.services import contacts

    contacts.add_contact("Before Backup", today=today)
    assert run_netdesk("backup", str(tmp_path / "b.sqlite3"), db=db_path).returncode == 0
    contacts.add_contact("After Backup", today=today)
    watcher = StoreWatcher(interval_ms=50)
    try:
        with qtbot.waitSignal(watcher.changed_externally, timeout=10_000):
            done = run_netdesk("restore", str(tmp_path / "b.sqlite3"), db=db_path)
            assert done.returncode == 0, done.stderr
        assert [c.name for c in contacts.list_contacts()] == ["Before Backup"]
        contacts.add_contact("Written After Restore", today=today)  # the window can keep writing
        assert store.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        watcher.stop()
