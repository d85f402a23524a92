"""netdesk's JSON backup: every table, row by row, tagged with the format and schema versions.

Tables are found from `sqlite_master`, not from a list, so a table a later migration adds is backed up
without anyone remembering to add it here. Full-text index tables are left out: their triggers rebuild
them as contacts are inserted. BLOBs (photos, cached calendar components) are base64 under `{"$b64": …}`.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from netdesk.errors import ImportRefused
from netdesk.exchange import encoding as enc
from netdesk.store.models import database

FORMAT = "netdesk-backup"
VERSION = 1
_SNIFF = re.compile(rb'^\s*\{\s*"format"\s*:\s*"netdesk-backup"')


def sniff(sample: bytes) -> bool:
    return bool(_SNIFF.match(sample.removeprefix(b"\xef\xbb\xbf")))


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


def _encode(value):
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    return value


def _decode(value):
    if isinstance(value, dict) and "$b64" in value:
        return base64.b64decode(value["$b64"])
    return value


def dump() -> bytes:
    """The whole store as a JSON document (read in one transaction, so it is consistent)."""
    c = database.connection()
    with database.atomic():
        (schema,) = c.execute("PRAGMA user_version").fetchone()
        tables = {}
        for table in _tables():
            columns = _columns(table)
            quoted = ", ".join(f'"{col}"' for col in columns)
            tables[table] = {
                "columns": columns,
                "rows": [[_encode(v) for v in row] for row in c.execute(f'SELECT {quoted} FROM "{table}" ORDER BY 1')],
            }
    document = {"format": FORMAT, "version": VERSION, "schema": schema, "tables": tables}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def restore(path: Path) -> int:
    """Load a backup into this (empty) store inside the caller's transaction; returns the contacts restored."""
    enc.check_size(path)
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ImportRefused(f"{path}: not a readable netdesk backup" + (f" (line {line}: {exc.msg})" if line else "")
                            ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(f"{path}: not a netdesk backup (no \"format\": \"{FORMAT}\")")
    if document.get("version") != VERSION:
        raise ImportRefused(f"{path}: backup format version {document.get('version')!r}; "
                            f"this netdesk reads version {VERSION}")
    c = database.connection()
    (schema,) = c.execute("PRAGMA user_version").fetchone()
    if not isinstance(document.get("schema"), int) or document["schema"] > schema:
        raise ImportRefused(f"{path}: written by a newer netdesk (schema {document.get('schema')}, "
                            f"this one has {schema}); update netdesk first")
    (existing,) = c.execute("SELECT count(*) FROM contact").fetchone()
    if existing:
        raise ImportRefused(f"{path}: a netdesk backup is read into an empty store only, and this one has "
                            f"{existing} contacts; use a new --db, or `netdesk restore` for a store copy")
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise ImportRefused(f"{path}: the backup has no tables")
    known = set(_tables())
    # Foreign keys are checked at commit, so tables can be loaded in any order (contacts refer to contacts).
    c.execute("PRAGMA defer_foreign_keys = ON")
    for table, content in tables.items():
        if table not in known:
            raise ImportRefused(f"{path}: table {table!r} does not exist in this store")
        try:
            columns, data = content["columns"], content["rows"]
            if not (isinstance(columns, list) and all(isinstance(col, str) for col in columns)
                    and isinstance(data, list)):
                raise TypeError
        except (KeyError, TypeError):
            raise ImportRefused(f"{path}: table {table!r} is malformed") from None
        present = set(_columns(table))
        keep = [i for i, col in enumerate(columns) if col in present]
        names = ", ".join(f'"{columns[i]}"' for i in keep)
        marks = ", ".join("?" * len(keep))
        # Rows a new store writes on creation (its id, rule defaults) give way to the backed-up ones.
        verb = "INSERT OR REPLACE"
        try:
            c.executemany(f'{verb} INTO "{table}" ({names}) VALUES ({marks})',
                          ([_decode(row[i]) for i in keep] for row in data))
        except Exception as exc:  # sqlite3.IntegrityError, wrong row shapes
            raise ImportRefused(f"{path}: table {table!r} cannot be restored ({exc})") from None
    # Deferred keys would only fail at COMMIT, as a crash; check them here so a backup with dangling
    # references is refused like any other bad file (the caller's savepoint then undoes the rows).
    dangling = c.execute("PRAGMA foreign_key_check").fetchmany(3)
    if dangling:
        where = "; ".join(f"{table} row {rowid} refers to a missing {parent}" for table, rowid, parent, _ in dangling)
        raise ImportRefused(f"{path}: the backup refers to rows it does not contain ({where})")
    # A backup edited by hand or written before a column existed may lack the search text: rebuild it there.
    missing = [cid for (cid,) in c.execute("SELECT id FROM contact WHERE search_text = '' OR sort_name = ''")]
    if missing:
        from netdesk.store.contacts import search_text_for

        search_text_for(missing)
    (restored,) = c.execute("SELECT count(*) FROM contact").fetchone()
    return restored
