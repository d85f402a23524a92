"""What an import wrote, kept so it can be taken back (issue 19 item 4), and taking it back.

No schema change: the record of the last import is one JSON setting (`import.last`), written in the
import's own transaction. It holds the ids of the contacts the import created, and for each existing
contact it merged into: every column it changed (value before, value after), the ids of the email,
phone, url and address rows it added, and the tags it linked; plus the tags it created.

Undo (`revert`) deletes the created contacts (their history and reminders go with them), and on each merged contact
puts back a column only where it still holds the import's value (an edit made since is kept), deletes
the rows the import added, and unlinks its tags; a tag the import created goes when no contact has it.
The caller holds the transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from netdesk.store import contact_flags, settings
from netdesk.store import contacts as q
from netdesk.store.models import Setting, database

KEY = "import.last"
CHILD_TABLES = ("email", "phone", "url", "address")
# The contact columns a merge or a referral link can change (store/bulk_import.merge_into, link_introducer,
# keep_referred_by); the photo is compared by its hash.
COLUMNS = ("given_name", "family_name", "phonetic_given", "phonetic_family", "organisation", "department", "title",
           "how_met", "birthday", "anniversary", "notes", "met_on", "linkedin_url", "every_days", "strength", "photo_mime",
           "extra", "introduced_by_id")


def watermarks() -> dict[str, int]:
    """The highest id of each table an import adds rows to, before it starts."""
    c = database.connection()
    return {table: c.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
            for table in (*CHILD_TABLES, "tag", "contact")}


def _state(cid: int) -> dict | None:
    c = database.connection()
    row = c.execute(f"SELECT {', '.join(COLUMNS)}, photo FROM contact WHERE id = ?", (cid,)).fetchone()
    if row is None:
        return None
    state = dict(zip(COLUMNS, row[:-1], strict=True))
    state["photo"] = hashlib.sha256(bytes(row[-1])).hexdigest() if row[-1] is not None else None
    state["tags"] = sorted(t for (t,) in c.execute("SELECT tag_id FROM contact_tag WHERE contact_id = ?", (cid,)))
    return state


def before(cid: int) -> dict:
    """The state of an existing contact, read before the import first merges into it."""
    state = _state(cid)
    assert state is not None, cid
    return state


def record(*, stamp: str, created_on: str, files: list[str], created: list[int], created_names: list[str],
           merged: dict[int, dict], names: dict[int, str], marks: dict[str, int]) -> dict:
    """The undo record of an import that has written everything (`merged`: the `before` state per contact)."""
    c = database.connection()
    entries = []
    for cid, old in merged.items():
        new = _state(cid)
        if new is None:
            continue
        columns = {col: [old[col], new[col]] for col in (*COLUMNS, "photo") if old[col] != new[col]}
        rows = {table: [rid for (rid,) in c.execute(
            f'SELECT id FROM "{table}" WHERE contact_id = ? AND id > ? ORDER BY id', (cid, marks[table]))]
            for table in CHILD_TABLES}
        tags = sorted(set(new["tags"]) - set(old["tags"]))
        if not (columns or any(rows.values()) or tags):
            continue  # the file told this contact nothing new: nothing to take back
        entries.append({"id": cid, "name": names.get(cid, ""), "columns": columns,
                        "rows": {t: ids for t, ids in rows.items() if ids}, "tags": tags})
    tags_created = [t for (t,) in c.execute("SELECT id FROM tag WHERE id > ? ORDER BY id", (marks["tag"],))]
    return {"version": 1, "stamp": stamp, "created_on": created_on, "files": files, "created": created, "created_names": created_names,
            "merged": entries, "tags_created": tags_created}


def save(undo: dict | None) -> None:
    if undo is None:  # nothing to take back: no key at all, so a restored backup reads like the store it came from
        Setting.delete().where(Setting.key == KEY).execute()
    else:
        settings.put(KEY, undo)


def last() -> dict | None:
    found = settings.get(KEY)
    return found if isinstance(found, dict) and found.get("version") == 1 else None


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def revert(undo: dict, stamp: str) -> tuple[int, list[int], list[str]]:
    """Take back what `undo` says an import wrote: (contacts deleted, contacts reverted, notes on what was
    kept because it was edited since)."""
    c = database.connection()
    kept: list[str] = []
    created = [int(i) for i in undo.get("created", [])]
    deleted = 0
    # SQLite gives the id of a deleted last contact out again: a contact added since with an id the import
    # had used (by hand, or on another day) is not the import's, and stays
    theirs = f"created_on = ? AND NOT {contact_flags.by_hand_sql('contact')}"
    for chunk in _chunks(created):
        marks = ",".join("?" * len(chunk))
        ids = [cid for (cid,) in c.execute(f"SELECT id FROM contact WHERE id IN ({marks}) AND {theirs}",
                                            (*chunk, undo.get("created_on")))]
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        # their reminders go with them (as the sample's removal does): a reminder's UID comes from its
        # contact's id, which the next import may give out again
        c.execute(f"DELETE FROM reminder WHERE contact_id IN ({marks})", ids)
        deleted += c.execute(f"DELETE FROM contact WHERE id IN ({marks})", ids).rowcount
    reverted: list[int] = []
    changed: list[int] = []
    for entry in undo.get("merged", []):
        cid = int(entry["id"])
        now = _state(cid)
        if now is None:
            continue
        reverted.append(cid)
        updates: dict[str, object] = {}
        for col, (old, new) in entry["columns"].items():
            if col == "tags":
                continue
            if now.get(col) != new:
                kept.append(f"{entry.get('name') or cid}: {col.replace('_id', '').replace('_', ' ')} was "
                            "changed since the import; kept")
                continue
            if col == "photo":
                updates["photo"] = None  # a merge only adds a photo to a contact that had none
            else:
                updates[col] = old
        if updates or entry.get("rows") or entry.get("tags"):
            changed.append(cid)
        if updates:
            updates["updated_at"] = stamp
            c.execute(f"UPDATE contact SET {', '.join(f'{k} = ?' for k in updates)} WHERE id = ?",
                      [*updates.values(), cid])
        for table, ids in entry.get("rows", {}).items():
            if table not in CHILD_TABLES:
                continue
            for chunk in _chunks([int(i) for i in ids]):
                c.execute(f'DELETE FROM "{table}" WHERE contact_id = ? AND id IN ({",".join("?" * len(chunk))})',
                          (cid, *chunk))
        for tag in entry.get("tags", []):
            c.execute("DELETE FROM contact_tag WHERE contact_id = ? AND tag_id = ?", (cid, int(tag)))
    for tag in undo.get("tags_created", []):
        c.execute("DELETE FROM tag WHERE id = ? AND NOT EXISTS (SELECT 1 FROM contact_tag WHERE tag_id = ?)",
                  (int(tag), int(tag)))
    if changed:
        q.search_text_for(changed)
    return deleted, reverted, kept
