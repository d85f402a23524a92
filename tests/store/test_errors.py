"""store/errors.py classifies real faults by SQLite's result code and the kernel's errno.

The user's disk or store (busy, read-only, damaged, full, unopenable) is a message; netdesk's own
mistakes (a constraint, a missing column, misuse of a closed connection) are bugs.
"""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from netdesk.errors import FileError, StoreError
from netdesk.store import errors
from netdesk.store.errors import StoreDamaged
from tests.conftest import run_netdesk
from tests.store import faults


@pytest.mark.parametrize(("make", "code", "words"), [
    (faults.not_a_database, sqlite3.SQLITE_NOTADB, "damaged"),
    (faults.corrupt, sqlite3.SQLITE_CORRUPT, "damaged"),
    (faults.read_only, sqlite3.SQLITE_READONLY, "read-only"),
    (faults.busy, sqlite3.SQLITE_BUSY, "locked"),
    (faults.cannot_open, sqlite3.SQLITE_CANTOPEN, "cannot open"),
])
def test_faults_of_the_users_store_are_environment_errors(tmp_path, make, code, words):
    exc = make(tmp_path)
    assert errors.sqlite_code(exc) == code
    assert errors.is_environment_error(exc)
    error = errors.user_error(exc, tmp_path / "netdesk.sqlite3")
    assert isinstance(error, StoreError)
    assert words in str(error) and str(tmp_path / "netdesk.sqlite3") in str(error)
    assert isinstance(error, StoreDamaged) == (code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT))


def test_a_full_store_is_an_environment_error_through_peewees_wrapper(store, db_path):
    exc = faults.full(store)
    assert isinstance(exc, peewee.OperationalError)  # peewee's class; SQLite's code is on `orig`
    assert errors.sqlite_code(exc) == sqlite3.SQLITE_FULL
    assert str(errors.user_error(exc, db_path)) == f"the disk holding {db_path} is full; nothing was written"


@pytest.mark.parametrize("make", [faults.integrity, faults.no_such_column])
def test_netdesks_own_sql_mistakes_are_bugs(store, db_path, make):
    exc = make(store)
    assert isinstance(exc, peewee.DatabaseError)
    assert errors.sqlite_code(exc) is not None  # SQLite did raise it; its code says whose fault it is
    assert not errors.is_environment_error(exc)
    assert errors.user_error(exc, db_path) is None


def test_misuse_of_a_closed_connection_is_a_bug(tmp_path):
    exc = faults.misuse(tmp_path)
    assert errors.sqlite_code(exc) is None
    assert errors.user_error(exc, tmp_path / "closed.sqlite3") is None


def test_an_extended_code_counts_as_its_primary_code(tmp_path):
    exc = faults.read_only(tmp_path)
    assert exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_READONLY
    assert errors.sqlite_code(exc) == sqlite3.SQLITE_READONLY


def test_a_bug_raised_while_handling_a_sqlite_error_stays_a_bug(tmp_path):
    try:
        try:
            raise faults.busy(tmp_path)
        except sqlite3.OperationalError:
            raise KeyError("a bug in the handler")  # noqa: B904  (the chain is what is tested)
    except KeyError as exc:
        assert isinstance(exc.__context__, sqlite3.OperationalError)
        assert errors.user_error(exc, tmp_path / "s.sqlite3") is None


def test_a_full_disk_names_the_disk_not_a_bug(tmp_path):
    with faults.tiny_disk(tmp_path / "disk") as disk:
        exc = faults.disk_full(disk)
    assert isinstance(exc, OSError)
    error = errors.user_error(exc, tmp_path / "netdesk.sqlite3")
    assert isinstance(error, FileError) and "full" in str(error)


def test_a_permission_refused_on_a_users_file_names_the_file_not_the_store(tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    exc, verb = faults.permission_refused(photo)
    assert isinstance(exc, PermissionError)
    error = errors.user_error(exc, tmp_path / "netdesk.sqlite3")
    assert isinstance(error, FileError)
    assert str(error) == f"cannot {verb} {photo}: permission denied"


def test_a_permission_refused_on_the_store_is_a_store_error(tmp_path):
    db = tmp_path / "netdesk.sqlite3"
    exc = PermissionError(13, "Permission denied", f"{db}-wal")
    error = errors.user_error(exc, db)
    assert isinstance(error, StoreError) and not isinstance(error, FileError)
    assert str(db) in str(error)


def test_cli_reports_a_full_store_and_exits_1(tmp_path):
    with faults.tiny_disk(tmp_path / "disk", 2048) as disk:  # room for a new store (~350 KB) and its WAL
        db = disk / "netdesk.sqlite3"
        assert run_netdesk("contact", "add", "Ada Lovelace", db=db).returncode == 0
        filler = disk / "filler"
        try:
            with open(filler, "wb") as handle:
                handle.write(b"\0" * (4 * 1024 * 1024))
        except OSError:
            pass
        result = run_netdesk("contact", "add", "Grace Hopper", "--note", "n" * 100_000, db=db)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("error: ") and "full" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_shows_a_bug_in_netdesks_sql_as_a_traceback_not_as_the_users_disk(cli, db_path):
    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    conn = sqlite3.connect(db_path)
    try:  # a constraint netdesk does not expect: SQLite reports SQLITE_CONSTRAINT
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON contact BEGIN SELECT RAISE(ABORT, 'no'); END")
        conn.commit()
    finally:
        conn.close()
    result = cli("contact", "add", "Grace Hopper")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "IntegrityError" in result.stderr
    assert not result.stderr.startswith("error: ")


def test_cli_reports_a_locked_store_by_its_code(cli, db_path):
    assert cli("contact", "add", "Ada Lovelace").returncode == 0
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = cli("contact", "add", "Grace Hopper", env={"NETDESK_BUSY_TIMEOUT_MS": "100"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "locked" in result.stderr, result.stderr
