"""Opening the one SQLite file: permissions, pragmas, migrations, and the errors that can happen."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import peewee

from netdesk.errors import StoreError
from netdesk.store import migrations

# One database object for the process; `open_store` points it at a file. Models bind to it.
database = peewee.SqliteDatabase(None)

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",  # safe with WAL: a crash loses at most the last commit, never integrity
    "busy_timeout": 5000,  # a CLI write while the window holds a transaction waits instead of failing
    "cache_size": -32 * 1024,
    "temp_store": "memory",
}


def _create_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite does, so it is never readable by others."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _check_parent(path: Path) -> None:
    parent = path.parent
    if not parent.exists():
        try:
            parent.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for the store {parent}: {exc.strerror}") from None
    if not os.access(parent, os.W_OK | os.X_OK):
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
    database.init(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        database.connect()
        migrations.migrate(database)
    except StoreError:
        database.close()
        raise
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        if fresh:
            path.unlink(missing_ok=True)
        raise StoreError(describe_sqlite_error(exc, path)) from None
    return database


def close_store() -> None:
    if not database.is_closed():
        database.close()


def describe_sqlite_error(exc: BaseException, path: Path | str) -> str:
    """Turn SQLite's terse messages into what the user can do about them."""
    text = str(exc)
    lowered = text.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        return f"{path} is not a netdesk store or is damaged ({text}); restore a backup with `netdesk restore FILE`"
    if "readonly" in lowered or "read-only" in lowered:
        return f"the store {path} is read-only; check its permissions"
    if "locked" in lowered or "busy" in lowered:
        return f"the store {path} is locked by another program; close it and try again"
    if "disk is full" in lowered or "full" in lowered:
        return f"the disk holding {path} is full; nothing was written"
    if "unable to open" in lowered:
        return f"cannot open the store {path}"
    return f"the store {path} could not be used: {text}"


def is_environment_error(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT)
    return isinstance(exc, (peewee.OperationalError, sqlite3.OperationalError, peewee.DatabaseError))
