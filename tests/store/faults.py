"""Real SQLite and disk faults, raised by SQLite and the kernel themselves (nothing is constructed by hand).

Each helper returns the exception that the failing call raised, for the classification tests and for the
worker and window tests that show it to the user.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

BIG = "x" * 200_000


def caught(call: Callable[[], object]) -> Exception:
    try:
        call()
    except Exception as exc:  # noqa: BLE001  (the fault under test, whatever its class)
        return exc
    raise AssertionError(f"{call} did not fail")


def _small_db(path: Path, rows: int = 10) -> Path:
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        conn.executemany("INSERT INTO t (v) VALUES (?)", [("v" * 400,) for _ in range(rows)])
        conn.commit()
    finally:
        conn.close()
    return path


def _query_fails(database: str | Path, sql: str, **connect) -> sqlite3.Error:
    conn = sqlite3.connect(database, **connect)
    try:
        return caught(lambda: conn.execute(sql).fetchone())
    finally:
        conn.close()


def not_a_database(folder: Path) -> sqlite3.DatabaseError:
    path = folder / "notes.txt"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    return _query_fails(path, "SELECT count(*) FROM sqlite_master")


def corrupt(folder: Path) -> sqlite3.DatabaseError:
    """A valid header and schema, with pages in the middle of the table overwritten by a bad disk."""
    path = _small_db(folder / "corrupt.sqlite3", rows=400)
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 3, pages // 3 + 5):
        data[page * 4096:(page + 1) * 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    return _query_fails(path, "SELECT sum(length(v)) FROM t")


def read_only(folder: Path) -> sqlite3.OperationalError:
    """A write through a connection SQLite opened read-only (as it does a file it may not write)."""
    path = _small_db(folder / "ro.sqlite3")
    return _query_fails(f"{path.as_uri()}?mode=ro", "INSERT INTO t (v) VALUES ('new')", uri=True)


def busy(folder: Path) -> sqlite3.OperationalError:
    """Another connection holds an exclusive lock; this one's busy_timeout (50 ms) runs out."""
    path = _small_db(folder / "busy.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    other = sqlite3.connect(path, timeout=0.05)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        return caught(lambda: other.execute("INSERT INTO t (v) VALUES ('new')"))
    finally:
        other.close()
        holder.execute("ROLLBACK")
        holder.close()


def cannot_open(folder: Path) -> sqlite3.OperationalError:
    return caught(lambda: sqlite3.connect(folder / "no such folder" / "x.sqlite3"))


def full(database) -> Exception:
    """SQLITE_FULL for real: the store may not grow past its current size (per connection)."""
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")
    try:
        return caught(lambda: database.execute_sql("INSERT INTO tag (name) VALUES (?)", (BIG,)))
    finally:
        database.execute_sql("PRAGMA max_page_count = 1073741823")


def integrity(database) -> Exception:
    database.execute_sql("INSERT INTO tag (name) VALUES ('twice')")
    return caught(lambda: database.execute_sql("INSERT INTO tag (name) VALUES ('twice')"))


def no_such_column(database) -> Exception:
    return caught(lambda: database.execute_sql("SELECT no_such_column FROM contact"))


def misuse(folder: Path) -> sqlite3.ProgrammingError:
    conn = sqlite3.connect(folder / "closed.sqlite3")
    conn.close()
    return caught(lambda: conn.execute("SELECT 1"))


@contextlib.contextmanager
def tiny_disk(folder: Path, size_kib: int = 64) -> Iterator[Path]:
    """A real tmpfs of `size_kib` KiB mounted on `folder` (root only; skipped where mounting is refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def permission_refused(path: Path) -> tuple[OSError, str]:
    """A real refusal by the kernel and the access it refused: reading a mode-000 file as a normal
    user; as root (who may read anything), writing a file made immutable (`chattr +i`)."""
    path.chmod(0)
    if os.geteuid() != 0:
        return caught(path.read_bytes), "read"
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        return caught(lambda: path.write_bytes(b"new")), "write"
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def disk_full(folder: Path) -> OSError:
    """ENOSPC from the kernel: a file bigger than the tiny disk it is written to."""
    target = folder / "photo.png"

    def write() -> None:
        with open(target, "wb") as handle:
            handle.write(b"\0" * (1024 * 1024))

    return caught(write)
