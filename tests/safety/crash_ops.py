"""Operations for the crash harness that have no single CLI command, run as a script in a subprocess.

`python tests/safety/crash_ops.py bulk-add DB N` adds N contacts through the contacts service in ONE
transaction, the way an import does, so a kill leaves none or all of them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path


def _open(db: Path) -> None:
    """Open the store with a tiny page cache, so a big transaction spills into the WAL before it commits:
    a kill then leaves uncommitted frames on disk, the case that atomicity must survive."""
    from netdesk.store.db import open_store

    open_store(db).execute_sql("PRAGMA cache_size = -128")


def bulk_add(db: Path, count: int) -> None:
    from netdesk.services.contacts import add_contact
    from netdesk.store.db import close_store
    from netdesk.store.models import database

    _open(db)
    today = dt.date(2026, 3, 10)
    try:
        with database.atomic():
            for i in range(count):
                add_contact(f"Crash Test {i}", today=today, emails=[f"crash{i}@example.org"],
                            phones=[f"+44 20 7946 {i:04d}"], organisation="Harness Ltd", tags=["crash", f"batch{i % 7}"])
    finally:
        close_store()


def build_base(db: Path, size: int) -> None:
    """A store with a sample network whose reminders are NOT derived yet, so a re-derivation has work."""
    from netdesk.sample import generate, write_store
    from netdesk.store.db import close_store, open_store

    open_store(db)
    try:
        write_store(generate(size, dt.date(2026, 3, 10)))
    finally:
        close_store()


def derive(db: Path) -> None:
    from netdesk.services.reminders import derive as run
    from netdesk.store.db import close_store

    _open(db)
    try:
        run(dt.date(2026, 3, 10))
    finally:
        close_store()


def prepare_merge(db: Path) -> None:
    """Give contact 2 a long history (half of everyone's), so merging it into contact 1 moves many rows."""
    import sqlite3

    conn = sqlite3.connect(db)
    with conn:
        for table in ("interaction", "favour", "thanks", "lead", "ask", "give", "meeting"):
            conn.execute(f"UPDATE {table} SET contact_id = 2 WHERE id % 2 = 0 AND contact_id NOT IN (1, 2)")
    conn.close()


def write_vcard(path: Path, size: int, seed: int) -> None:
    """A vCard file of a sample network that does not overlap the base store's (another seed)."""
    from netdesk.sample import generate
    from netdesk.sample import write_vcard as write

    write(generate(size, dt.date(2026, 3, 10), seed=seed), path)


if __name__ == "__main__":
    verb, path = sys.argv[1], Path(sys.argv[2])
    if verb == "bulk-add":
        bulk_add(path, int(sys.argv[3]))
    elif verb == "build-base":
        build_base(path, int(sys.argv[3]))
    elif verb == "derive":
        derive(path)
    elif verb == "prepare-merge":
        prepare_merge(path)
    elif verb == "write-vcard":
        write_vcard(path, int(sys.argv[3]), int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown verb {verb}")
