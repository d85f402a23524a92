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
from typing import BinaryIO

import ijson
from ijson.common import ObjectBuilder

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


def _open(path: Path) -> BinaryIO:
    handle = open(path, "rb")  # noqa: SIM115 (closed by the caller's with-block)
    if handle.read(3) != b"\xef\xbb\xbf":
        handle.seek(0)
    return handle


def _events(path: Path):
    """ijson's event stream over the file, with parse errors turned into a refusal naming the file."""
    with _open(path) as handle:
        try:
            yield from ijson.parse(handle, use_float=True)
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            raise ImportRefused(f"{path}: not a readable netdesk backup ({exc})") from None


def _header(path: Path) -> dict:
    """The top-level `format`, `version` and `schema` values, read without building the tables."""
    head: dict = {}
    for number, (prefix, event, value) in enumerate(_events(path)):
        if number == 0 and (prefix, event) != ("", "start_map"):
            break
        if prefix in HEADER and event in ("string", "number", "boolean", "null"):
            head[prefix] = value
            if len(head) == len(HEADER):
                break
    return head


HEADER = ("format", "version", "schema")
BATCH = 500


def restore(path: Path) -> int:
    """Load a backup into this (empty) store inside the caller's transaction; returns the contacts restored.

    The file is streamed (ijson), row by row, so a backup of any size costs memory for one batch of rows,
    not for the whole document.
    """
    enc.check_size(path)
    head = _header(path)
    if head.get("format") != FORMAT:
        raise ImportRefused(f"{path}: not a netdesk backup (no \"format\": \"{FORMAT}\")")
    if head.get("version") != VERSION:
        raise ImportRefused(f"{path}: backup format version {head.get('version')!r}; "
                            f"this netdesk reads version {VERSION}")
    c = database.connection()
    (schema,) = c.execute("PRAGMA user_version").fetchone()
    if not isinstance(head.get("schema"), int) or isinstance(head["schema"], bool) or head["schema"] > schema:
        raise ImportRefused(f"{path}: written by a newer netdesk (schema {head.get('schema')}, "
                            f"this one has {schema}); update netdesk first")
    (existing,) = c.execute("SELECT count(*) FROM contact").fetchone()
    if existing:
        raise ImportRefused(f"{path}: a netdesk backup is read into an empty store only, and this one has "
                            f"{existing} contacts; use a new --db, or `netdesk restore` for a store copy")
    # Foreign keys are checked at the end, so tables can be loaded in any order (contacts refer to contacts).
    c.execute("PRAGMA defer_foreign_keys = ON")
    _TableLoader(path, c, set(_tables())).run()
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


class _TableLoader:
    """Feeds ijson events for `tables.<name>.columns` and `tables.<name>.rows` into batched INSERTs."""

    def __init__(self, path: Path, connection, known: set[str]) -> None:
        self.path, self.c, self.known = path, connection, known
        self.table: str | None = None
        self.columns: list[str] | None = None
        self.rows: list[list] = []
        self.seen_tables = False

    def refuse(self, why: str) -> ImportRefused:
        where = f"table {self.table!r} " if self.table else ""
        return ImportRefused(f"{self.path}: {where}{why}")

    def run(self) -> None:
        builder: ObjectBuilder | None = None
        depth = 0
        for prefix, event, value in _events(self.path):
            if builder is not None:  # inside one row
                builder.event(event, value)
                depth += {"start_array": 1, "start_map": 1, "end_array": -1, "end_map": -1}.get(event, 0)
                if depth == 0:
                    self.rows.append(builder.value)
                    builder = None
                    if len(self.rows) >= BATCH:
                        self.flush()
                continue
            if prefix == "tables" and event != "map_key":
                if event not in ("start_map", "end_map"):
                    raise ImportRefused(f"{self.path}: the backup has no tables")
                self.seen_tables = True
            elif prefix == "tables" and event == "map_key":
                self.flush()
                self.table, self.columns = value, None
                if value not in self.known:
                    raise self.refuse("does not exist in this store")
            elif self.table is None:
                continue
            elif prefix == f"tables.{self.table}":
                if event not in ("start_map", "end_map", "map_key"):
                    raise self.refuse("is malformed")
                if event == "map_key" and value not in ("columns", "rows"):
                    raise self.refuse(f"has an unknown part {value!r}")
            elif prefix == f"tables.{self.table}.columns":
                if event == "start_array":
                    self.columns = []
                elif event != "end_array":
                    raise self.refuse("is malformed (columns is not a list)")
            elif prefix == f"tables.{self.table}.columns.item":
                if event != "string" or self.columns is None:
                    raise self.refuse("is malformed (a column name is not text)")
                self.columns.append(value)
            elif prefix == f"tables.{self.table}.rows":
                if event not in ("start_array", "end_array"):
                    raise self.refuse("is malformed (rows is not a list)")
                if self.columns is None:
                    raise self.refuse("is malformed (its rows come before its columns)")
            elif prefix == f"tables.{self.table}.rows.item":
                if event != "start_array":
                    raise self.refuse("is malformed (a row is not a list)")
                builder, depth = ObjectBuilder(), 1
                builder.event(event, value)
        if not self.seen_tables:
            raise ImportRefused(f"{self.path}: the backup has no tables")
        self.flush()

    def flush(self) -> None:
        if not self.rows or self.table is None or self.columns is None:
            self.rows = []
            return
        present = set(_columns(self.table))
        keep = [i for i, col in enumerate(self.columns) if col in present]
        names = ", ".join(f'"{self.columns[i]}"' for i in keep)
        marks = ", ".join("?" * len(keep))
        try:
            # Rows a new store writes on creation (its id, rule defaults) give way to the backed-up ones.
            self.c.executemany(f'INSERT OR REPLACE INTO "{self.table}" ({names}) VALUES ({marks})',
                               ([_decode(row[i]) for i in keep] for row in self.rows))
        except Exception as exc:  # sqlite3.IntegrityError, wrong row shapes, undecodable values
            raise self.refuse(f"cannot be restored ({exc})") from None
        self.rows = []
