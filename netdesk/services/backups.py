"""Backup use cases: a copy on demand, the automatic daily copy, and restoring a copy.

Every function takes the store's path (not the open peewee database): restore must work on a store that
will not open, and a backup must not disturb the window's connection.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from netdesk import paths
from netdesk.errors import StoreError, UserFacingError
from netdesk.store import backup as b
from netdesk.store.db import busy_timeout_ms
from netdesk.store.errors import describe_sqlite_error
from netdesk.store.migrations import LATEST

KEEP_SETTING = "backup.keep"
AUTO_EVERY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Restored:
    source: Path
    kept: Path | None  # the copy of the store as it was before (None: there was no store)
    schema: int


def _busy_timeout_s() -> float:
    return busy_timeout_ms() / 1000


def backup(db_path: Path, dest: Path | None, *, now: dt.datetime) -> Path:
    """`netdesk backup [FILE]`: an online copy of the store, mode 0600. Returns where it went."""
    if not db_path.is_file():
        raise StoreError(f"no store at {db_path}")
    try:
        if dest is None:
            return b.take(db_path, paths.backups_dir(db_path), prefix=b.MANUAL_PREFIX, now=now)
        dest = dest.expanduser()
        if dest.is_dir():
            return b.take(db_path, dest, prefix=b.MANUAL_PREFIX, now=now)
        if dest.resolve() == db_path.resolve():
            raise StoreError("the backup must not overwrite the store itself")
        if not dest.parent.is_dir():
            raise StoreError(f"the folder {dest.parent} does not exist")
        b.copy_database(db_path, dest)
        return dest
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(_describe(exc, db_path, "back up", dest)) from None


def keep_count(db_path: Path) -> int:
    """How many automatic backups to keep: the store's `backup.keep` setting, else 7."""
    try:
        stored = b.read_setting(db_path, KEEP_SETTING)
        keep = int(json.loads(stored)) if stored is not None else b.KEEP_DEFAULT
    except (sqlite3.Error, ValueError, TypeError):
        keep = b.KEEP_DEFAULT
    return max(keep, 1)


def auto_backup(db_path: Path, *, now: dt.datetime, keep: int | None = None) -> Path | None:
    """The window's automatic backup: at most one a day, rotated. Returns the new file, or None if not due."""
    folder = paths.backups_dir(db_path)
    last = b.newest_auto(folder)
    if last is not None:
        taken = dt.datetime.fromtimestamp(last.stat().st_mtime, dt.UTC)
        if now.astimezone(dt.UTC) - taken < AUTO_EVERY:
            return None
    try:
        made = b.take(db_path, folder, prefix=b.AUTO_PREFIX, now=now)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(_describe(exc, db_path, "back up")) from None
    b.rotate(folder, keep if keep is not None else keep_count(db_path), now=now)
    return made


def newest_good_backup(db_path: Path) -> Path | None:
    return b.newest_good(paths.backups_dir(db_path), LATEST)


def restore(db_path: Path, source: Path, *, now: dt.datetime) -> Restored:
    """`netdesk restore FILE`: check FILE, keep a copy of the current store, then replace it atomically."""
    source = source.expanduser()
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise StoreError("that file is the store itself; name a backup")
    folder = paths.backups_dir(db_path)
    if not db_path.parent.is_dir():
        raise StoreError(f"the folder for the store {db_path.parent} does not exist")
    try:
        staged = b.stage(source, db_path.parent, LATEST)
    except OSError as exc:
        raise StoreError(f"cannot read {source}: {exc.strerror}; nothing was changed") from None
    try:
        schema = b.check_file(staged, LATEST).schema
        if not db_path.exists():
            kept = None
            b.replace_damaged(staged, db_path, folder / f"{b.DAMAGED_PREFIX}{b.stamp(now)}{b.SUFFIX}")
        elif b.opens_cleanly(db_path):
            kept = b.take(db_path, folder, prefix=b.BEFORE_RESTORE_PREFIX, now=now)
            b.restore_into_live(staged, db_path, _busy_timeout_s())
        else:
            kept = folder / f"{b.DAMAGED_PREFIX}{b.stamp(now)}{b.SUFFIX}"
            b.replace_damaged(staged, db_path, kept)
    except UserFacingError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(_describe(exc, db_path, "restore")) from None
    finally:
        staged.unlink(missing_ok=True)
    return Restored(source=source, kept=kept, schema=schema)


def _describe(exc: BaseException, db_path: Path, verb: str, dest: Path | None = None) -> str:
    where = dest if dest is not None else paths.backups_dir(db_path)
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "full" in text:
        return f"the disk holding {where} is full; no backup was written"
    if isinstance(exc, OSError):
        return f"cannot {verb} {db_path}: {exc.strerror or exc}"
    return describe_sqlite_error(exc, db_path)
