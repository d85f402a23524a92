"""Backups through the SQLite online backup API: taking, rotating, checking and restoring them."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from netdesk import paths
from netdesk.errors import StoreError
from netdesk.services import backups
from netdesk.services.contacts import add_contact
from netdesk.store import backup as b
from netdesk.store.db import close_store, open_store
from netdesk.store.errors import StoreDamaged
from netdesk.store.migrations import LATEST

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM contact ORDER BY id")]
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_online_backup_is_a_private_self_contained_store(store, db_path, today):
    add_contact("Ada Lovelace", today=today, emails=["ada@example.org"])
    made = backups.backup(db_path, None, now=NOW)
    assert made.parent == paths.backups_dir(db_path)
    assert mode(made) == 0o600
    assert mode(made.parent) == 0o700
    assert names(made) == ["Ada Lovelace"]
    assert b.check_file(made, LATEST).ok
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no -wal beside it
    conn.close()


def test_backup_sees_committed_data_while_the_store_is_open(store, db_path, today):
    """The window keeps its connection open; the copy still has everything committed."""
    for i in range(50):
        add_contact(f"Person {i}", today=today)
    made = backups.backup(db_path, db_path.parent / "copy.sqlite3", now=NOW)
    assert len(names(made)) == 50


def test_automatic_backup_at_most_daily_and_rotated(store, db_path):
    first = backups.auto_backup(db_path, now=NOW)
    assert first is not None and first.name.startswith(b.AUTO_PREFIX)
    os.utime(first, (NOW.timestamp(), NOW.timestamp()))
    assert backups.auto_backup(db_path, now=NOW + dt.timedelta(hours=23)) is None
    made = []
    for day in range(1, 10):
        when = NOW + dt.timedelta(days=day)
        new = backups.auto_backup(db_path, now=when)
        assert new is not None
        os.utime(new, (when.timestamp(), when.timestamp()))
        made.append(new)
    autos = [p for p in b.listing(paths.backups_dir(db_path)) if p.name.startswith(b.AUTO_PREFIX)]
    assert len(autos) == b.KEEP_DEFAULT
    assert autos[0] == made[-1]


def test_rotation_never_deletes_a_backup_the_user_asked_for(store, db_path):
    manual = backups.backup(db_path, None, now=NOW)
    for day in range(1, 12):
        when = NOW + dt.timedelta(days=day)
        new = backups.auto_backup(db_path, now=when, keep=2)
        os.utime(new, (when.timestamp(), when.timestamp()))
    assert manual.exists()


def test_restore_keeps_the_current_store_and_replaces_it_for_open_connections(store, db_path, today):
    add_contact("Ada Lovelace", today=today)
    saved = backups.backup(db_path, None, now=NOW)
    add_contact("Grace Hopper", today=today)
    done = backups.restore(db_path, saved, now=NOW + dt.timedelta(minutes=1))
    assert names(done.kept) == ["Ada Lovelace", "Grace Hopper"]
    # The peewee connection that stayed open sees the restored data: nothing swapped underneath it.
    assert [r[0] for r in store.execute_sql("SELECT name FROM contact")] == ["Ada Lovelace"]
    assert store.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert mode(db_path) == 0o600


@pytest.mark.parametrize("content, message", [
    (b"just text\n" * 100, "not an SQLite database"),
    (b"", "not an SQLite database"),
])
def test_restore_refuses_a_file_that_is_not_a_store_and_changes_nothing(store, db_path, tmp_path, today,
                                                                        content, message):
    add_contact("Ada Lovelace", today=today)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        backups.restore(db_path, bad, now=NOW)
    assert names(db_path) == ["Ada Lovelace"]
    assert not paths.backups_dir(db_path).exists() or not list(paths.backups_dir(db_path).iterdir())


def test_restore_refuses_another_programs_database(store, db_path, tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a netdesk store"):
        backups.restore(db_path, other, now=NOW)


def test_restore_refuses_a_store_from_a_newer_netdesk(store, db_path, tmp_path):
    newer = backups.backup(db_path, tmp_path / "newer.sqlite3", now=NOW)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer netdesk"):
        backups.restore(db_path, newer, now=NOW)


def test_restore_refuses_a_damaged_backup(store, db_path, tmp_path, today):
    for i in range(300):
        add_contact(f"Person {i} " + "x" * 200, today=today)
    copy = backups.backup(db_path, tmp_path / "copy.sqlite3", now=NOW)
    data = bytearray(copy.read_bytes())
    # Scribble over pages in the middle (not the header): SQLite opens it, integrity_check fails.
    for offset in range(len(data) // 2, len(data) // 2 + 8192):
        data[offset] = 0xA5
    copy.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged|not a netdesk store"):
        backups.restore(db_path, copy, now=NOW)
    assert len(names(db_path)) == 300


def test_damaged_store_names_the_newest_good_backup_and_restore_recovers(db_path, today):
    open_store(db_path)
    add_contact("Ada Lovelace", today=today)
    good = backups.backup(db_path, None, now=NOW)
    close_store()
    db_path.write_bytes(b"\x00garbage" * 2048)
    with pytest.raises(StoreDamaged) as caught:
        open_store(db_path)
    assert caught.value.backup == good
    assert str(good) in str(caught.value) and "restore" in str(caught.value)
    done = backups.restore(db_path, good, now=NOW + dt.timedelta(minutes=5))
    assert done.kept.read_bytes().startswith(b"\x00garbage")  # the damaged file is kept, not destroyed
    open_store(db_path)
    try:
        assert names(db_path) == ["Ada Lovelace"]
    finally:
        close_store()


def test_another_programs_database_is_never_migrated(tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.close()
    with pytest.raises(StoreDamaged, match="not a netdesk store"):
        open_store(other)
    conn = sqlite3.connect(other)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["things"]
    conn.close()


def test_backup_and_restore_through_the_cli(cli, db_path, tmp_path):
    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    made = cli("backup", str(tmp_path / "b.sqlite3"))
    assert made.returncode == 0, made.stderr
    assert mode(tmp_path / "b.sqlite3") == 0o600
    assert cli("contact", "add", "Grace Hopper").returncode == 0
    restored = cli("restore", str(tmp_path / "b.sqlite3"), "--json")
    assert restored.returncode == 0, restored.stderr
    assert names(db_path) == ["Ada Lovelace"]
    refused = cli("restore", str(tmp_path / "missing.sqlite3"))
    assert refused.returncode == 1 and refused.stderr.startswith("error: ") and "does not exist" in refused.stderr


def test_rotation_removes_temp_files_a_killed_copy_left_behind(store, db_path):
    folder = paths.backups_dir(db_path)
    folder.mkdir(mode=0o700)
    stale, fresh = folder / ".auto-x.sqlite3.abc.tmp", folder / ".auto-y.sqlite3.def.tmp"
    stale.write_bytes(b"half a copy")
    fresh.write_bytes(b"a copy under way")
    old = (NOW - dt.timedelta(days=2)).timestamp()
    os.utime(stale, (old, old))
    os.utime(fresh, (NOW.timestamp(), NOW.timestamp()))
    backups.auto_backup(db_path, now=NOW)
    assert not stale.exists()
    assert fresh.exists()


def test_restore_of_a_json_backup_points_to_import(cli, tmp_path):
    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    assert cli("export", str(tmp_path / "backup.json")).returncode == 0
    refused = cli("restore", str(tmp_path / "backup.json"))
    assert refused.returncode == 1 and "JSON backup" in refused.stderr and "import" in refused.stderr
