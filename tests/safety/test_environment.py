"""Environment errors through the real CLI: read-only store, full disk, locked database, missing data dir.

Each is reported as what it is (`error: ...`, exit 1) and nothing is half-written. Read-only and full
disks are real mounts (a read-only bind mount, a tiny tmpfs) when the test may mount, else skipped.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import threading
from pathlib import Path

import peewee
import pytest

from tests.conftest import run_netdesk


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only(folder: Path):
    """Make `folder` a read-only bind mount of itself (root ignores chmod, not a read-only mount)."""
    if not _mount("--bind", str(folder), str(folder)):
        pytest.skip("cannot bind-mount here")
    try:
        if not _mount("-o", "remount,bind,ro", str(folder)):
            pytest.skip("cannot remount read-only here")
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


@contextlib.contextmanager
def tiny_disk(folder: Path, size_kib: int):
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [r[0] for r in conn.execute("SELECT name FROM contact ORDER BY id")]
    finally:
        conn.close()


def refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert result.stderr.startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_read_only_store_is_reported_and_unchanged(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    db = data / "netdesk.sqlite3"
    assert run_netdesk("contact", "add", "Ada Lovelace", db=db).returncode == 0
    with read_only(data):
        refused(run_netdesk("contact", "add", "Grace Hopper", db=db), "read-only")
        refused(run_netdesk("favour", "1", "help", db=db), "read-only")
        refused(run_netdesk("--db", str(data / "new.sqlite3"), "contact", "list"), "read-only")
    assert names(db) == ["Ada Lovelace"]
    assert not (data / "new.sqlite3").exists()


def test_immutable_store_file_is_reported(tmp_path, cli, db_path):
    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    if subprocess.run(["chattr", "+i", str(db_path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        refused(cli("contact", "add", "Grace Hopper"), "read-only")
    finally:
        subprocess.run(["chattr", "-i", str(db_path)], capture_output=True)
    assert names(db_path) == ["Ada Lovelace"]


def _fill(folder: Path, leave_kib: int) -> Path:
    """Fill the disk under `folder` until about `leave_kib` KiB are free."""
    filler = folder / "filler"
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(free - leave_kib * 1024, 0))
    return filler


def test_full_disk_is_reported_and_nothing_is_half_written(tmp_path):
    with tiny_disk(tmp_path / "disk", 2048) as disk:
        db = disk / "netdesk.sqlite3"
        assert run_netdesk("contact", "add", "Ada Lovelace", db=db).returncode == 0
        old_ics = disk / "out.ics"
        assert run_netdesk("export-ics", str(old_ics), db=db).returncode == 0
        before = old_ics.read_bytes()
        filler = _fill(disk, 24)
        # A note bigger than the space left: the insert cannot complete, so none of it may stay.
        big_note = "lorem ipsum " * 8_000  # 96 KB: under the 128 KB limit of one argument
        refused(run_netdesk("contact", "add", "Grace Hopper", "--note", big_note, db=db), "full")
        for i in range(3):
            assert run_netdesk("favour", "1", f"help {i} " + "x" * 5000, db=db).returncode in (0, 1)
        filler.unlink()
        assert names(db) == ["Ada Lovelace"]
        assert old_ics.read_bytes() == before
        _fill(disk, 2)
        # A calendar that does not fit leaves the old file whole (atomic replace) and says why.
        result = run_netdesk("export-ics", str(old_ics), "--with-notes", db=db)
        if result.returncode != 0:
            refused(result)
            assert "full" in result.stderr or "No space left" in result.stderr, result.stderr
        assert old_ics.read_bytes() == before or result.returncode == 0
        assert not [p for p in disk.iterdir() if p.name.startswith(".out.ics")]


def test_injected_sqlite_full_rolls_back_the_service_call(store, today):
    """The same failure without a mount: the store may not grow past its current size."""
    from netdesk.services.contacts import add_contact
    from netdesk.store.errors import describe_sqlite_error

    add_contact("Ada Lovelace", today=today)
    pages = store.execute_sql("PRAGMA page_count").fetchone()[0]
    store.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(peewee.OperationalError) as caught:
        add_contact("Grace Hopper", today=today, notes="x" * 200_000)
    assert "full" in describe_sqlite_error(caught.value, "s.sqlite3")
    assert [r[0] for r in store.execute_sql("SELECT name FROM contact")] == ["Ada Lovelace"]


def test_locked_database_is_reported_after_the_busy_timeout(cli, db_path):
    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO tag(name) VALUES ('held')")
        result = cli("contact", "add", "Grace Hopper", env={"NETDESK_BUSY_TIMEOUT_MS": "300"})
        refused(result, "locked")
        # Reading still works while another program writes (WAL).
        listed = cli("contact", "list", env={"NETDESK_BUSY_TIMEOUT_MS": "300"})
        assert listed.returncode == 0 and "Ada Lovelace" in listed.stdout
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert names(db_path) == ["Ada Lovelace"]


def test_a_write_waits_for_a_short_lock_instead_of_failing(cli, db_path):
    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    timer = threading.Timer(0.5, lambda: (holder.execute("ROLLBACK"), holder.close()))
    timer.start()
    try:
        assert cli("contact", "add", "Grace Hopper").returncode == 0
    finally:
        timer.join()
    assert names(db_path) == ["Ada Lovelace", "Grace Hopper"]


def test_missing_data_dir_is_created_private_on_first_use(tmp_path):
    db = tmp_path / "missing" / "deeper" / "netdesk.sqlite3"
    result = run_netdesk("contact", "list", env={"NETDESK_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists()
    assert oct(db.parent.stat().st_mode & 0o777) == oct(0o700)


def test_data_dir_that_cannot_exist_is_reported(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_netdesk("contact", "add", "Ada", env={"NETDESK_DB": str(blocker / "netdesk.sqlite3")})
    refused(result, "cannot create the folder")
    assert blocker.read_text() == "not a folder"


def test_data_dir_that_vanished_for_export_is_reported(tmp_path, cli):
    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    refused(cli("export-ics", str(tmp_path / "gone" / "out.ics")), "cannot write")
    assert not (tmp_path / "gone").exists()


def test_restore_from_read_only_media_of_a_wal_mode_copy(tmp_path, cli, db_path):
    """A store file copied as-is (WAL mode in its header) onto a read-only disk can still be checked and restored."""
    import shutil

    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    media = tmp_path / "usb"
    media.mkdir()
    shutil.copyfile(db_path, media / "copy.sqlite3")
    assert cli("contact", "add", "Grace Hopper").returncode == 0
    with read_only(media):
        done = cli("restore", str(media / "copy.sqlite3"))
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in media.iterdir()) == ["copy.sqlite3"]
    assert names(db_path) == ["Ada Lovelace"]


def test_backup_onto_a_full_disk_is_reported_and_leaves_no_partial_file(tmp_path, cli, db_path):
    assert cli("contact", "add", "Person 0").returncode == 0
    conn = sqlite3.connect(db_path)
    conn.executemany("INSERT INTO tag(name) VALUES (?)", [(f"tag {i} " + "x" * 500,) for i in range(2000)])
    conn.commit()
    conn.close()
    with tiny_disk(tmp_path / "disk", 512) as disk:
        result = cli("backup", str(disk / "copy.sqlite3"))
        refused(result, "full")
        assert list(disk.iterdir()) == []
    assert names(db_path)[:1] == ["Person 0"]
