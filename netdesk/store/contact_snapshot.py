"""A contact with everything that refers to it, read before it is deleted for good, to put it back exactly.

The referring rows are found from SQLite's foreign-key list (as `merge.py` does), so a table a later
migration adds with `REFERENCES contact(id)` is kept too: rows that the delete would cascade away are
copied whole (every column, their ids included), and for references the delete sets to NULL (reminders,
the contacts it introduced, the meetings it referred) the ids of the rows are kept, to point them back.
The caller holds the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.store.models import database

Rows = tuple[str, tuple[str, ...], tuple[tuple, ...]]  # (table, columns, rows)


@dataclass(frozen=True, slots=True)
class ContactSnapshot:
    contact_id: int
    rows: tuple[Rows, ...]  # the contact's own row first, then every row its delete cascades to
    nulled: tuple[tuple[str, str, tuple[int, ...]], ...]  # (table, column, rowids) its delete sets NULL
    related: frozenset[int]  # the other contacts these rows name (a referral's other side): theirs change too

    def count(self, table: str) -> int:
        return sum(len(rows) for name, _cols, rows in self.rows if name == table)


def _references() -> list[tuple[str, str, str]]:
    """(table, column, ON DELETE action) for every column that refers to contact(id)."""
    c = database.connection()
    found = []
    for (table,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        for fk in c.execute(f'PRAGMA foreign_key_list("{table}")'):
            if fk[2] == "contact":
                found.append((table, fk[3], fk[6].upper()))
    return found


def _columns(table: str) -> tuple[str, ...]:
    return tuple(row[1] for row in database.connection().execute(f'PRAGMA table_info("{table}")'))


def _select(table: str, where: str, params: tuple) -> Rows:
    columns = _columns(table)
    quoted = ", ".join(f'"{col}"' for col in columns)
    rows = database.connection().execute(f'SELECT {quoted} FROM "{table}" WHERE {where}', params).fetchall()
    return table, columns, tuple(rows)


def take(contact_id: int) -> ContactSnapshot | None:
    """Everything of the contact that a delete would remove or unlink; None when there is no such contact."""
    own = _select("contact", "id = ?", (contact_id,))
    if not own[2]:
        return None
    rows: list[Rows] = [own]
    nulled: list[tuple[str, str, tuple[int, ...]]] = []
    related: set[int] = set()
    c = database.connection()
    references = _references()
    for table, column, action in references:
        if action == "CASCADE":
            kept = _select(table, f'"{column}" = ?', (contact_id,))
            rows.append(kept)
            others = [kept[1].index(col) for name, col, _ in references if name == table and col != column]
            related.update(row[i] for row in kept[2] for i in others if row[i] is not None)
        elif action == "SET NULL":
            ids = tuple(rid for (rid,) in c.execute(f'SELECT rowid FROM "{table}" WHERE "{column}" = ?',
                                                    (contact_id,)))
            if ids:
                nulled.append((table, column, ids))
    related.discard(contact_id)
    return ContactSnapshot(contact_id, tuple(rows), tuple(nulled), frozenset(related))


def put_back(snapshot: ContactSnapshot) -> None:
    """Re-insert what `take` read and point the unlinked rows back at the contact.

    What refers to something deleted since (a referral to a contact deleted later, an introducer that is
    gone) follows the foreign key's own rule: a cascading row is left out, a SET NULL column stays empty.
    """
    c = database.connection()
    c.execute("PRAGMA defer_foreign_keys = ON")  # rows go in table by table; they agree at commit
    for table, columns, rows in snapshot.rows:
        if rows:
            quoted = ", ".join(f'"{col}"' for col in columns)
            marks = ", ".join("?" * len(columns))
            c.executemany(f'INSERT OR IGNORE INTO "{table}" ({quoted}) VALUES ({marks})', rows)
    for table, column, ids in snapshot.nulled:
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            c.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" IS NULL AND rowid IN '
                      f'({",".join("?" * len(chunk))})', (snapshot.contact_id, *chunk))
    _settle_dangling()


def _settle_dangling() -> None:
    """Apply ON DELETE to the rows that refer to a contact that no longer exists (foreign_key_check)."""
    c = database.connection()
    for table, rowid, parent, fkid in c.execute("PRAGMA foreign_key_check").fetchall():
        if parent != "contact" or rowid is None:
            continue
        fk = [row for row in c.execute(f'PRAGMA foreign_key_list("{table}")') if row[0] == fkid][0]
        if fk[6].upper() == "SET NULL":
            c.execute(f'UPDATE "{table}" SET "{fk[3]}" = NULL WHERE rowid = ?', (rowid,))
        else:
            c.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
