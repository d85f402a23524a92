"""A store that will not open: the CLI names the newest good backup; the window offers to restore it."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time

import pytest

from netdesk.services import backups
from netdesk.store.db import close_store, open_store
from netdesk.store.errors import StoreDamaged
from netdesk.ui.messages import Messages
from tests.ui.conftest import MessageLog

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def messages(monkeypatch) -> MessageLog:
    log = MessageLog()
    monkeypatch.setattr(Messages, "ask", classmethod(lambda cls, *a, **k: log.ask(*a, **k)))
    monkeypatch.setattr(Messages, "tell", classmethod(lambda cls, *a, **k: log.tell(*a, **k)))
    return log


@pytest.fixture
def damaged_with_backups(db_path, today):
    """A store with two good backups (an older and a newer one) and a damaged backup newer still, then wrecked."""
    from netdesk.services.contacts import add_contact

    open_store(db_path)
    add_contact("Ada Lovelace", today=today)
    older = backups.backup(db_path, None, now=NOW)
    add_contact("Grace Hopper", today=today)
    newer = backups.backup(db_path, None, now=NOW + dt.timedelta(hours=1))
    close_store()
    broken = db_path.parent / "backups" / "netdesk-20260310T120000Z.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    stamp = time.time()
    for age, path in ((300, older), (200, newer), (100, broken)):
        os.utime(path, (stamp - age, stamp - age))
    db_path.write_bytes(b"\x00" * 4096 + b"wrecked by a bad disk" * 100)
    for suffix in ("-wal", "-shm"):
        (db_path.parent / f"{db_path.name}{suffix}").unlink(missing_ok=True)
    return newer


def test_cli_names_the_newest_good_backup_and_the_restore_command(cli, db_path, damaged_with_backups):
    result = cli("contact", "list")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert "damaged" in result.stderr
    assert str(damaged_with_backups) in result.stderr  # the damaged, newer file is skipped
    assert f"restore {damaged_with_backups}" in result.stderr
    restored = cli("restore", str(damaged_with_backups))
    assert restored.returncode == 0, restored.stderr
    assert "Grace Hopper" in cli("contact", "list").stdout


def test_window_offers_the_newest_good_backup_and_restores_it(qapp, messages, db_path, damaged_with_backups):
    from netdesk.ui.store_recovery import offer_recovery

    with pytest.raises(StoreDamaged) as caught:
        open_store(db_path)
    messages.answers = [True]
    try:
        assert offer_recovery(None, caught.value, db_path, now=NOW + dt.timedelta(days=1))
        (title, question, _), (_, told, error) = messages.shown
        assert damaged_with_backups.name in question
        assert "kept" in told and not error
        conn = sqlite3.connect(db_path)
        assert [r[0] for r in conn.execute("SELECT name FROM contact ORDER BY id")] == ["Ada Lovelace", "Grace Hopper"]
        conn.close()
    finally:
        close_store()


def test_window_declined_recovery_changes_nothing(qapp, messages, db_path, damaged_with_backups):
    from netdesk.ui.store_recovery import offer_recovery

    wrecked = db_path.read_bytes()
    with pytest.raises(StoreDamaged) as caught:
        open_store(db_path)
    messages.answers = [False]
    assert not offer_recovery(None, caught.value, db_path)
    assert db_path.read_bytes() == wrecked


def test_window_without_any_backup_says_so(qapp, messages, tmp_path):
    from netdesk.ui.store_recovery import offer_recovery

    db = tmp_path / "netdesk.sqlite3"
    db.write_bytes(b"not a database at all" * 200)
    with pytest.raises(StoreDamaged) as caught:
        open_store(db)
    assert not offer_recovery(None, caught.value, db)
    [(_, text, error)] = messages.shown
    assert error and "No good backup" in text


def test_app_start_on_a_damaged_store_shows_the_recovery_dialog(qapp, messages, db_path, damaged_with_backups):
    from netdesk import app

    messages.answers = [False]
    assert app.main(db_path=db_path) == 1
    [(_, question, _)] = messages.shown
    assert damaged_with_backups.name in question


def test_automatic_backup_runs_from_the_window_helper(qapp, store, db_path):
    from netdesk.ui.auto_backup import AutoBackup

    helper = AutoBackup(db_path)
    made = helper.run(now=NOW)
    assert made is not None and made.name.startswith("auto-")
    assert oct(made.stat().st_mode & 0o777) == oct(0o600)
    assert helper.run(now=NOW + dt.timedelta(hours=1)) is None  # at most daily


def test_automatic_backup_runs_off_the_gui_thread_and_reports_back(qtbot, store, db_path):
    from netdesk.ui.auto_backup import AutoBackup

    helper = AutoBackup(db_path)
    with qtbot.waitSignal(helper.backed_up, timeout=20_000) as blocker:
        helper.run_in_background()
    made = blocker.args[0]
    assert os.path.basename(made).startswith("auto-") and os.path.exists(made)


def test_damage_met_mid_query_is_reported_with_the_newest_good_backup(cli, db_path, today):
    """The header is fine, so the store opens; a page read later is garbage. Still a message, not a traceback."""
    from netdesk.services.contacts import add_contact
    from netdesk.store.models import database

    open_store(db_path)
    with database.atomic():
        for i in range(1500):
            add_contact(f"Person {i}", today=today, notes="x" * 300)
    good = backups.backup(db_path, None, now=NOW)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_store()
    data = bytearray(db_path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 3, pages // 3 + 5):
        data[page * 4096:(page + 1) * 4096] = b"\xa5" * 4096
    db_path.write_bytes(bytes(data))
    result = cli("contact", "list")
    assert result.returncode == 1, result.stdout[-200:]
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr, result.stderr
    assert "damaged" in result.stderr and f"restore {good}" in result.stderr


def test_window_reports_an_environment_error_met_mid_use_as_a_message(qapp, messages, store, db_path, tmp_path,
                                                                      monkeypatch):
    """A full disk or a damaged page met by a slot is not a bug: a plain message, not the traceback dialog."""
    from netdesk.ui import excepthook
    from tests.store import faults

    shown_bugs = []
    monkeypatch.setattr(excepthook, "show_bug", lambda parent, text: shown_bugs.append(text))
    for exc in (faults.full(store), faults.corrupt(tmp_path), faults.integrity(store)):
        excepthook.handle(type(exc), exc, exc.__traceback__)
    (_, full, error1), (_, damaged, error2) = messages.shown
    assert error1 and error2
    assert "full" in full and str(db_path) in full
    assert "damaged" in damaged and "restore" in damaged
    assert len(shown_bugs) == 1 and "IntegrityError" in shown_bugs[0]
