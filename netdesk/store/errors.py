"""Which failures are the user's disk or files (a plain message) and which are bugs (the bug dialog).

Classified by SQLite's result code, as qutebrowser's misc/sql.py does: a busy, locked, read-only,
unreadable, damaged, full or unopenable store is the environment's doing; anything else SQLite reports
(a constraint, "no such column", misuse) is netdesk's own bug. An OSError is the environment's when its
errno says so (a full or read-only disk, a permission the user's system refused). The CLI, the worker
threads and the window's excepthook all ask `user_error`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import peewee

from netdesk.errors import FileError, StoreError, UserFacingError

# Primary result codes; an extended code (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT...) is `code & 0xff`.
ENVIRONMENT_CODES = frozenset({
    sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_NOTADB,
})
DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO})
_STORE_SUFFIXES = ("", "-wal", "-shm", "-journal")


class StoreDamaged(StoreError):
    """The store is not a database or is corrupt. `backup` is the newest good backup, if any."""

    def __init__(self, message: str, path: Path, backup: Path | None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


def _sqlite_chain(exc: BaseException | None):
    """The sqlite3 errors behind `exc` and behind the database errors it was raised while handling.

    peewee wraps each one (the original is `orig`). The chain stops at anything else: a bug raised while
    handling a SQLite error is still a bug.
    """
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, sqlite3.Error):
            yield exc
        elif isinstance(exc, peewee.PeeweeException):
            inner = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
            if isinstance(inner, sqlite3.Error):
                yield inner
        else:
            return
        exc, seen = exc.__context__, seen + 1


def sqlite_cause(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error that explains `exc`: the first of its chain with an environment code (the full
    disk behind the "cannot rollback" that peewee's ROLLBACK meets after a failed COMMIT), else its own."""
    chain = list(_sqlite_chain(exc))
    for inner in chain:
        if _code(inner) in ENVIRONMENT_CODES:
            return inner
    return chain[0] if chain else None


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code for `exc`, or None when SQLite did not raise it."""
    cause = sqlite_cause(exc)
    return None if cause is None else _code(cause)


def is_damage(exc: BaseException) -> bool:
    return sqlite_code(exc) in DAMAGE_CODES


def is_environment_error(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in ENVIRONMENT_ERRNOS
    return sqlite_code(exc) in ENVIRONMENT_CODES


def read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _nearly_full(path: Path) -> bool:
    try:
        stat = os.statvfs(_folder(path))
    except OSError:
        return False
    return stat.f_bavail * stat.f_frsize < 256 * 1024


def _read_only(path: Path) -> bool:
    """The store (or its folder, where SQLite keeps the -wal and -shm files) cannot be written."""
    folder = _folder(path)
    if read_only_disk(folder):
        return True
    return (path.exists() and not os.access(path, os.W_OK)) or not os.access(folder, os.W_OK | os.X_OK)


def newest_good_backup(path: Path) -> Path | None:
    # Imported here: only a damaged store needs them, and every start-up imports this module.
    from netdesk import paths
    from netdesk.store import backup, migrations

    try:
        return backup.newest_good(paths.backups_dir(path), migrations.LATEST)
    except OSError:
        return None


def restore_hint(path: Path | str) -> str:
    """How to get the data back, naming the newest good backup when there is one."""
    good = newest_good_backup(Path(path))
    if good is None:
        return "no good backup was found; restore one you kept with `netdesk restore FILE`"
    return f"the newest good backup is {good}; restore it with `netdesk --db {path} restore {good}`"


def describe_sqlite_error(exc: BaseException, path: Path | str) -> str:
    """What the user can do about a SQLite failure of the store at `path`, chosen by its result code."""
    code = sqlite_code(exc)
    text = str(sqlite_cause(exc) or exc)
    path = Path(path)
    if code in DAMAGE_CODES:
        return f"{path} is not a netdesk store or is damaged ({text}); {restore_hint(path)}"
    if code == sqlite3.SQLITE_READONLY:
        return f"the store {path} is read-only (check its permissions and the disk); nothing was written"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return (f"the store {path} is locked by another program (another netdesk?); "
                "nothing was written; close it and try again")
    if code == sqlite3.SQLITE_FULL:
        return f"the disk holding {path} is full; nothing was written"
    if code == sqlite3.SQLITE_CANTOPEN:
        if not path.parent.is_dir():
            return f"the folder for the store {path.parent} does not exist"
        if _read_only(path):
            return f"the store {path} is read-only (its file, folder or disk); nothing was written"
        return f"cannot open the store {path}"
    if code == sqlite3.SQLITE_IOERR:
        if _nearly_full(path):  # SQLite reports a failed WAL or -shm extension as I/O, not as FULL
            return f"the disk holding {path} is full; nothing was written"
        return f"the disk holding {path} could not be read or written (I/O error); nothing was written"
    return f"the store {path} could not be used: {text}"


def store_error(exc: BaseException, path: Path | str) -> StoreError:
    """The StoreError for `exc`: a StoreDamaged naming the newest good backup when the file is damaged."""
    message = describe_sqlite_error(exc, path)
    if is_damage(exc):
        return StoreDamaged(message, Path(path), newest_good_backup(Path(path)))
    return StoreError(message)


def _is_store_file(filename: str | os.PathLike | None, store: Path | None) -> bool:
    if filename is None or store is None:
        return False
    try:
        name = Path(os.fsdecode(filename)).resolve()
        return any(name == Path(f"{store.resolve()}{suffix}") for suffix in _STORE_SUFFIXES)
    except (OSError, ValueError):
        return False


def _refused_verb(filename: str | os.PathLike | None) -> str:
    """Which access was refused: an existing file we may not read, else a write (or creation)."""
    if filename is None:
        return "read or write"
    if os.path.exists(filename) and not os.access(filename, os.R_OK):
        return "read"
    return "write"


def describe_os_error(exc: OSError, store: Path | str | None = None) -> str:
    """What the user can do about an OSError: a full or read-only disk, a file they may not use."""
    store = None if store is None else Path(store)
    is_store = _is_store_file(exc.filename, store)
    what = f"the store {store}" if is_store else (os.fsdecode(exc.filename) if exc.filename else "a file")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        place = f"the disk holding {what}" if exc.filename else "the disk"
        return f"{place} is full; nothing was written"
    if exc.errno == errno.EROFS:
        return f"{what} is on a read-only disk; nothing was written"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot {_refused_verb(exc.filename)} {what}: permission denied"
    if exc.errno == errno.EIO:
        return f"{what} could not be read or written (I/O error)"
    return f"cannot use {what}: {exc.strerror or exc}"


def user_error(exc: BaseException, store: Path | str | None) -> UserFacingError | None:
    """The message-bearing error to show for `exc`, or None when `exc` is a bug (show the bug dialog).

    `store` is the open store's file (None when none is open): a SQLite failure names it, and an OSError
    on one of its files is a StoreError rather than a problem with a file the user chose.
    """
    if isinstance(exc, UserFacingError):
        return exc
    if not is_environment_error(exc):
        return None
    if isinstance(exc, OSError):
        message = describe_os_error(exc, store)
        on_store = _is_store_file(exc.filename, None if store is None else Path(store))
        return StoreError(message) if on_store else FileError(message)
    if store is None:
        return StoreError(f"the store could not be used: {sqlite_cause(exc)}; nothing was written")
    return store_error(exc, store)
