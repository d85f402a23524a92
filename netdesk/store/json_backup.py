"""The database side of netdesk's JSON backup: every table's rows out, and rows back into an empty store.

Tables are found from `sqlite_master`, not from a list, so a table a later migration adds is backed up
without anyone remembering to add it here. Full-text index tables are left out: their triggers rebuild
them as contacts are inserted. The document itself is `exchange/jsonbackup.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from netdesk.errors import ImportRefused
from netdesk.store.contacts import search_text_for
from netdesk.store.models import database


def _tables() -> list[str]:
    c = database.connection()
    virtual = [name for (name,) in c.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
    names = []
    for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if name.startswith("sqlite_") or name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        names.append(name)
    return names


def _columns(table: str) -> list[str]:
    return [row[1] for row in database.connection().execute(f'PRAGMA table_info("{table}")')]


def schema() -> int:
    (version,) = database.connection().execute("PRAGMA user_version").fetchone()
    return version


def snapshot() -> tuple[int, dict[str, tuple[list[str], list[tuple]]]]:
    """(schema version, table → (columns, rows)): the whole store, read in one transaction."""
    c = database.connection()
    with database.atomic():
        tables = {}
        for table in _tables():
            columns = _columns(table)
            quoted = ", ".join(f'"{col}"' for col in columns)
            tables[table] = (columns, c.execute(f'SELECT {quoted} FROM "{table}" ORDER BY 1').fetchall())
        return schema(), tables


def restore(source: str, backup_schema: object, batches: Iterable[tuple[str, list[str], list[list]]]) -> int:
    """Load a backup's rows into this (empty) store inside the caller's transaction; returns the contacts.

    `batches` is (table, columns, rows), a table's first batch possibly empty; `source` names the file
    in refusals.
    """
    c = database.connection()
    current = schema()
    if not isinstance(backup_schema, int) or isinstance(backup_schema, bool) or backup_schema > current:
        raise ImportRefused(f"{source}: written by a newer netdesk (schema {backup_schema}, "
                            f"this one has {current}); update netdesk first")
    (existing,) = c.execute("SELECT count(*) FROM contact").fetchone()
    if existing:
        raise ImportRefused(f"{source}: a netdesk backup is read into an empty store only, and this one has "
                            f"{existing} contacts; use a new --db, or `netdesk restore` for a store copy")
    # Foreign keys are checked at the end, so tables can be loaded in any order (contacts refer to contacts).
    c.execute("PRAGMA defer_foreign_keys = ON")
    known = set(_tables())
    present: dict[str, set[str]] = {}
    for table, columns, rows in batches:
        if table not in known:
            raise ImportRefused(f"{source}: table {table!r} does not exist in this store")
        if rows:
            _insert(source, table, columns, rows, present.setdefault(table, set(_columns(table))))
    # Deferred keys would only fail at COMMIT, as a crash; check them here so a backup with dangling
    # references is refused like any other bad file (the caller's savepoint then undoes the rows).
    dangling = c.execute("PRAGMA foreign_key_check").fetchmany(3)
    if dangling:
        where = "; ".join(f"{table} row {rowid} refers to a missing {parent}" for table, rowid, parent, _ in dangling)
        raise ImportRefused(f"{source}: the backup refers to rows it does not contain ({where})")
    # A backup edited by hand or written before a column existed may lack the search text: rebuild it there.
    missing = [cid for (cid,) in c.execute("SELECT id FROM contact WHERE search_text = '' OR sort_name = ''")]
    if missing:
        search_text_for(missing)
    (restored,) = c.execute("SELECT count(*) FROM contact").fetchone()
    return restored


def _insert(source: str, table: str, columns: list[str], rows: list[list], present: set[str]) -> None:
    keep = [i for i, col in enumerate(columns) if col in present]
    names = ", ".join(f'"{columns[i]}"' for i in keep)
    marks = ", ".join("?" * len(keep))
    try:
        # Rows a new store writes on creation (its id, rule defaults) give way to the backed-up ones.
        database.connection().executemany(f'INSERT OR REPLACE INTO "{table}" ({names}) VALUES ({marks})',
                                          ([row[i] for i in keep] for row in rows))
    except Exception as exc:  # sqlite3.IntegrityError, wrong row shapes, unbindable values
        raise ImportRefused(f"{source}: table {table!r} cannot be restored ({exc})") from None
