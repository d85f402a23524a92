"""Opening the one SQLite file: permissions, pragmas, migrations. Which errors are whose: store/errors.py."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee

from netdesk.errors import StoreError
from netdesk.store import migrations
from netdesk.store.errors import (
    StoreDamaged,
    is_environment_error,
    newest_good_backup,
    read_only_disk,
    restore_hint,
    store_error,
)

# One database object for the process; `open_store` points it at a file. Models bind to it.
# Transactions BEGIN IMMEDIATE: a deferred one that reads first and then writes, while another process
# (the window, a CLI run) commits, fails at once with SQLITE_BUSY (a stale WAL snapshot) instead of
# waiting busy_timeout; taking the write lock up front makes concurrent writers queue politely.
database = peewee.SqliteDatabase(None, lock_type="IMMEDIATE")

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",  # safe with WAL: a crash loses at most the last commit, never integrity
    "busy_timeout": 5000,  # a CLI write while the window holds a transaction waits instead of failing
    "cache_size": -32 * 1024,
    "temp_store": "memory",
}


def transaction():
    """One use case's transaction (nested calls become savepoints). Services use this, never SQL."""
    return database.atomic()


def busy_timeout_ms() -> int:
    """How long a write waits for another writer. `$NETDESK_BUSY_TIMEOUT_MS` lets tests shorten it."""
    try:
        return max(0, int(os.environ.get("NETDESK_BUSY_TIMEOUT_MS", PRAGMAS["busy_timeout"])))
    except ValueError:
        return PRAGMAS["busy_timeout"]


def _create_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite does, so it is never readable by others."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _check_parent(path: Path) -> None:
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise StoreError(f"cannot create the folder for the store: {parent} is a file, not a folder")
    if not parent.exists():
        try:
            parent.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for the store {parent}: {exc.strerror}") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        if read_only_disk(parent):
            raise StoreError(f"cannot create a store in {parent}: the disk is read-only")
        raise StoreError(f"cannot write to {parent}: permission denied")


def open_store(path: Path | str, *, create: bool = True) -> peewee.SqliteDatabase:
    """Open (creating and migrating if needed) the store at `path` and bind the models to it."""
    path = Path(path).expanduser()
    fresh = not path.exists()
    if fresh:
        if not create:
            raise StoreError(f"no store at {path}")
        _check_parent(path)
        try:
            _create_private(path)
        except FileExistsError:
            fresh = False
        except OSError as exc:
            raise StoreError(f"cannot create the store {path}: {exc.strerror}") from None
    elif path.is_dir():
        raise StoreError(f"{path} is a folder, not a store")
    if not database.is_closed():
        database.close()
    if not fresh:
        try:
            _precheck(path)
        except sqlite3.DatabaseError as exc:
            if not is_environment_error(exc):
                raise  # a bug in netdesk's own SQL, not the user's file
            raise store_error(exc, path) from None
    database.init(str(path), pragmas={**PRAGMAS, "busy_timeout": busy_timeout_ms()}, check_same_thread=False)
    try:
        database.connect()
        _refuse_foreign(database, path)
        migrations.migrate(database)
    except StoreError:
        database.close()
        raise
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        if not is_environment_error(exc):
            raise
        raise store_error(exc, path) from None
    return database


def _refuse_foreign(db: peewee.SqliteDatabase | sqlite3.Connection, path: Path) -> None:
    """Never add netdesk's tables to some other program's SQLite file that was named by mistake."""
    run = db.execute_sql if isinstance(db, peewee.Database) else db.execute
    if run("PRAGMA user_version").fetchone()[0] != 0:
        return
    if run("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreDamaged(f"{path} is an SQLite database but not a netdesk store; nothing was changed; "
                           f"{restore_hint(path)}", path, newest_good_backup(path))


def _precheck(path: Path) -> None:
    """Refuse a file we must not touch before peewee's pragmas switch it to WAL (which rewrites its header)."""
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms() / 1000, isolation_level=None)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.LATEST:
            raise StoreError(
                f"the store {path} was written by a newer netdesk (schema {version}, this version knows "
                f"{migrations.LATEST}); upgrade netdesk to open it; nothing was changed")
        _refuse_foreign(conn, path)
    finally:
        conn.close()


def close_store() -> None:
    if not database.is_closed():
        database.close()


def data_version() -> int | None:
    """SQLite's `data_version` for this thread's connection: it changes when ANOTHER connection commits
    (a CLI run, a worker thread), not when this one does. None when the store is closed."""
    if database.is_closed():
        return None
    try:
        return database.execute_sql("PRAGMA data_version").fetchone()[0]
    except (peewee.DatabaseError, sqlite3.Error):
        return None


def change_signature() -> tuple[int, int] | None:
    """Changes when any connection commits: another one (data_version) or this thread's own
    (total_changes). Something computed from the store at one signature is still true at the same one."""
    version = data_version()
    if version is None:
        return None
    return version, database.connection().total_changes


def store_path() -> Path | None:
    """The open store's file, or None when no store is open."""
    if database.database is None or database.is_closed():
        return None
    return Path(database.database).resolve()


def reader_connection(path: Path) -> sqlite3.Connection:
    """A read-only connection to the store at `path`, for a background reader thread.

    WAL lets it read while the window writes; it sees whole transactions only. It is plain sqlite3:
    peewee's connection belongs to the thread that opened it.
    """
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    return conn
