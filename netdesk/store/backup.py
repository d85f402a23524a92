"""Copies of the store through SQLite's online backup API: taking them, checking them, rotating them.

Works on paths with plain `sqlite3` connections, never on the peewee `database`, so it can run while the
window holds the store open and when the store itself is too damaged to open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from netdesk.errors import StoreError

SUFFIX = ".sqlite3"
AUTO_PREFIX = "auto-"  # only these are rotated; a backup the user asked for is never deleted
MANUAL_PREFIX = "netdesk-"
BEFORE_RESTORE_PREFIX = "before-restore-"
DAMAGED_PREFIX = "damaged-"
KEEP_DEFAULT = 7
# Tables without which a file is not a netdesk store, whatever its user_version says.
REQUIRED_TABLES = frozenset({"contact", "email", "phone", "tag", "reminder", "setting"})


@dataclass(frozen=True)
class Verdict:
    """What `check_file` found. `ok` is True only for an intact netdesk store this version can open."""

    ok: bool
    reason: str = ""
    schema: int = 0


def stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def ensure_private_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError(f"cannot create the backups folder {folder}: {exc.strerror}") from None


def _private_temp(folder: Path, name: str) -> Path:
    """A new empty file with mode 0600 beside its final place, so a rename publishes it."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StoreError(f"cannot write in {folder}: {exc.strerror}") from None
    os.close(fd)
    os.chmod(tmp, 0o600)
    return Path(tmp)


def _connect(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions around PRAGMAs; the backup API makes its own.
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)


def copy_database(source: Path, dest: Path) -> None:
    """Copy `source` (which may be in use) to a new file `dest` with mode 0600, atomically.

    The copy is switched to rollback-journal mode so that it is one self-contained file.
    """
    tmp = _private_temp(dest.parent, dest.name)
    try:
        src = _connect(source)
        try:
            dst = _connect(tmp)
            try:
                src.backup(dst)  # all pages in one step: a consistent snapshot even while others write
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except BaseException:
        # With the disk full SQLite cannot roll its journal back: the temp file's side files go too.
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{tmp}{suffix}")
        raise
    _fsync_dir(dest.parent)


def take(source: Path, folder: Path, *, prefix: str, now: dt.datetime) -> Path:
    """An online backup of `source` into `folder`, named by prefix and UTC time."""
    if not source.is_file():
        raise StoreError(f"no store at {source}")
    ensure_private_dir(folder)
    dest = folder / f"{prefix}{stamp(now)}{SUFFIX}"
    counter = 1
    while dest.exists():  # two backups in one second: never overwrite the earlier one
        dest = folder / f"{prefix}{stamp(now)}-{counter}{SUFFIX}"
        counter += 1
    copy_database(source, dest)
    return dest


def check_file(path: Path, latest: int) -> Verdict:
    """Is `path` an intact netdesk store, no newer than schema `latest`? Never modifies the file."""
    if not path.exists():
        return Verdict(False, f"{path} does not exist")
    if not path.is_file():
        return Verdict(False, f"{path} is not a file")
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        return Verdict(False, f"cannot read {path}: {exc.strerror}")
    if header != b"SQLite format 3\x00":
        if header.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return Verdict(False, f"{path} looks like a JSON backup, not a store copy: read it into a new store "
                                  f"with `netdesk --db NEW.sqlite3 import {path}`")
        return Verdict(False, f"{path} is not a netdesk store (not an SQLite database)")
    # Checking a file must never change it. Without a -wal beside it, immutable=1 reads it without locks or a
    # -shm file, so a backup on read-only media (or in a WAL-mode copy) can be checked too.
    has_wal = Path(f"{path}-wal").exists()
    query = "mode=ro" if has_wal else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        return Verdict(False, f"cannot open {path}: {exc}")
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            return Verdict(False, f"{path} is damaged ({result[0][0]})")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        missing = REQUIRED_TABLES - tables
        if version < 1 or missing:
            return Verdict(False, f"{path} is an SQLite database but not a netdesk store")
        if version > latest:
            return Verdict(False, f"{path} was written by a newer netdesk (schema {version}, this version "
                                  f"knows {latest}); upgrade netdesk to use it", version)
        return Verdict(True, "", version)
    except sqlite3.Error as exc:
        return Verdict(False, f"{path} is damaged or not a netdesk store ({exc})")
    finally:
        conn.close()


def listing(folder: Path) -> list[Path]:
    """Every backup in `folder`, newest first (by the time in the name, then by mtime)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix == SUFFIX and p.is_file() and not p.name.startswith(".")]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def newest_good(folder: Path, latest: int) -> Path | None:
    """The newest backup in `folder` that passes `check_file`; a damaged copy is never offered."""
    for candidate in listing(folder):
        if candidate.name.startswith(DAMAGED_PREFIX):
            continue
        if check_file(candidate, latest).ok:
            return candidate
    return None


def newest_auto(folder: Path) -> Path | None:
    autos = [p for p in listing(folder) if p.name.startswith(AUTO_PREFIX)]
    return autos[0] if autos else None


def rotate(folder: Path, keep: int, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete automatic backups beyond the newest `keep`, and temp files a killed copy left a day ago or
    more; returns what was deleted."""
    autos = [p for p in listing(folder) if p.name.startswith(AUTO_PREFIX)]
    removed = []
    if now is not None and folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if now.timestamp() - tmp.stat().st_mtime > 86400:
                    tmp.unlink()
                    removed.append(tmp)
    for old in autos[max(keep, 1):]:
        with contextlib.suppress(OSError):
            old.unlink()
            removed.append(old)
    return removed


def stage(source: Path, folder: Path, latest: int) -> Path:
    """A checked private copy of the backup `source` in `folder`, ready to be swapped in. Raises StoreError."""
    verdict = check_file(source, latest)
    if not verdict.ok:
        raise StoreError(f"{verdict.reason}; nothing was changed")
    staged = _private_temp(folder, "restore")
    try:
        # A byte copy (with its -wal, if any) rather than opening the source with SQLite, which a WAL-mode
        # file on read-only media would refuse; the copy is then made one self-contained file.
        shutil.copyfile(source, staged)
        if Path(f"{source}-wal").exists():
            shutil.copyfile(f"{source}-wal", f"{staged}-wal")
            os.chmod(f"{staged}-wal", 0o600)
        conn = _connect(staged)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        # The copy is what will be swapped in: check it, not only the source.
        again = check_file(staged, latest)
        if not again.ok:
            raise StoreError(f"{again.reason}; nothing was changed")
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{staged}{suffix}")
        raise
    return staged


def restore_into_live(staged: Path, live: Path, timeout: float) -> None:
    """Replace the contents of the openable store `live` by `staged`, in one SQLite transaction.

    The backup API writing into the live file is atomic for every other connection (the window, a CLI
    run): they see the old store or the new one. Swapping the file underneath them would not be.
    """
    src = _connect(staged)
    try:
        dst = _connect(live, timeout=timeout)
        try:
            src.backup(dst)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


def replace_damaged(staged: Path, live: Path, keep_as: Path) -> None:
    """Move a store that cannot be opened aside (with its WAL) and rename `staged` into its place."""
    ensure_private_dir(keep_as.parent)
    for suffix in ("", "-wal"):
        old = Path(f"{live}{suffix}")
        if old.exists():
            shutil.copyfile(old, f"{keep_as}{suffix}")
            os.chmod(f"{keep_as}{suffix}", 0o600)
    # A stale -wal would be replayed onto the restored file: it must go before the rename.
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{live}{suffix}")
    os.replace(staged, live)
    _fsync_dir(live.parent)


def opens_cleanly(path: Path) -> bool:
    """Can SQLite read `path`'s schema and header? (A quick test, not an integrity check.)"""
    try:
        conn = _connect(path, timeout=0.5)
    except sqlite3.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
    except sqlite3.OperationalError as exc:
        # Locked or busy means it is fine but in use: restore must go through SQLite, not a rename.
        return "locked" in str(exc) or "busy" in str(exc)
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def read_setting(db_path: Path, key: str) -> str | None:
    """A setting's stored (JSON) text, read from the file without opening the store: the automatic
    backup reads its `backup.keep` beside the window's connection, and on a store that may not open."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None
