"""netdesk's JSON backup format: every table, row by row, tagged with the format and schema versions.

This module only writes and reads the document; which tables there are and how rows go in and out of
the store is `store/json_backup.py`. BLOBs (photos, cached calendar components) are base64 under
`{"$b64": …}`.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import ijson
from ijson.common import ObjectBuilder

from netdesk.errors import ImportRefused
from netdesk.exchange import encoding as enc

FORMAT = "netdesk-backup"
VERSION = 1
_SNIFF = re.compile(rb'^\s*\{\s*"format"\s*:\s*"netdesk-backup"')


def sniff(sample: bytes) -> bool:
    return bool(_SNIFF.match(sample.removeprefix(b"\xef\xbb\xbf")))


def _encode(value):
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    return value


def _decode(value):
    if isinstance(value, dict) and "$b64" in value:
        return base64.b64decode(value["$b64"])
    return value


Tables = dict[str, tuple[list[str], Iterable[Sequence]]]  # table → (column names, rows)


def encode(schema: int, tables: Tables) -> bytes:
    """The backup document of a store at schema version `schema`."""
    document = {
        "format": FORMAT, "version": VERSION, "schema": schema,
        "tables": {name: {"columns": columns, "rows": [[_encode(v) for v in row] for row in rows]}
                   for name, (columns, rows) in tables.items()},
    }
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


def read_header(path: Path) -> dict:
    """The backup's `format`, `version` and `schema`, or ImportRefused when it is not a backup this reads."""
    enc.check_size(path)
    head = _header(path)
    if head.get("format") != FORMAT:
        raise ImportRefused(f"{path}: not a netdesk backup (no \"format\": \"{FORMAT}\")")
    if head.get("version") != VERSION:
        raise ImportRefused(f"{path}: backup format version {head.get('version')!r}; "
                            f"this netdesk reads version {VERSION}")
    return head


Batch = tuple[str, list[str], list[list]]  # (table, columns, rows)


def read_tables(path: Path) -> Iterator[Batch]:
    """The backup's rows, streamed (ijson) a batch at a time, so a backup of any size costs memory for
    one batch, not for the whole document. Each table first comes once with no rows (and no columns
    yet), so a table the store lacks is refused before any of its rows are read."""
    return _TableReader(path).run()


class _TableReader:
    """Turns ijson events for `tables.<name>.columns` and `tables.<name>.rows` into batches of rows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.table: str | None = None
        self.columns: list[str] | None = None
        self.rows: list[list] = []
        self.seen_tables = False

    def refuse(self, why: str) -> ImportRefused:
        where = f"table {self.table!r} " if self.table else ""
        return ImportRefused(f"{self.path}: {where}{why}")

    def run(self) -> Iterator[Batch]:
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
                        yield from self.flush()
                continue
            if prefix == "tables" and event != "map_key":
                if event not in ("start_map", "end_map"):
                    raise ImportRefused(f"{self.path}: the backup has no tables")
                self.seen_tables = True
            elif prefix == "tables" and event == "map_key":
                yield from self.flush()
                self.table, self.columns = value, None
                yield value, [], []
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
        yield from self.flush()

    def flush(self) -> Iterator[Batch]:
        rows, self.rows = self.rows, []
        if rows and self.table is not None and self.columns is not None:
            try:
                decoded = [[_decode(v) for v in row] for row in rows]
            except (ValueError, TypeError) as exc:  # bad base64 (binascii.Error is a ValueError)
                raise self.refuse(f"cannot be restored ({exc})") from None
            yield self.table, self.columns, decoded
