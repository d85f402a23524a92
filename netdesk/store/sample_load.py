"""The sample network's bulk SQL: rows straight into the tables, and removal of exactly the sample.

`netdesk.sample` builds the rows (pure data); this module only writes them, in the caller's
transaction. Rows go in with `executemany` on the raw connection: 100k contacts and 1M interactions
take seconds, not the minutes that a peewee query (or a service call) per record would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from netdesk.domain.change import RecordKind
from netdesk.store.contacts import ensure_tags
from netdesk.store.models import Contact, Setting, Tag, database

# A contact row holds these columns in this order.
CONTACT_COLUMNS = (
    "id", "name", "given_name", "family_name", "phonetic_given", "phonetic_family", "organisation", "department",
    "title", "how_met", "met_on", "created_on", "every_days", "name_ok", "notes", "strength", "birthday",
    "linkedin_url", "introduced_by_id", "search_text", "sort_name", "updated_at",
)
_CONTACT_SQL = f"INSERT INTO contact ({', '.join(CONTACT_COLUMNS)}) VALUES ({','.join('?' * len(CONTACT_COLUMNS))})"
# Each record row holds its table's columns in this order (without the record's own id).
_RECORD_SQL = {
    RecordKind.INTERACTION: "INSERT INTO interaction (contact_id, kind, on_date, note) VALUES (?,?,?,?)",
    RecordKind.FAVOUR: "INSERT INTO favour (contact_id, text, on_date, thanked_on) VALUES (?,?,?,?)",
    RecordKind.THANKS: "INSERT INTO thanks (contact_id, on_date, note) VALUES (?,?,?)",
    RecordKind.LEAD: "INSERT INTO lead (contact_id, text, on_date, thanked_on, outcome, outcome_on, reported_on)"
                     " VALUES (?,?,?,?,?,?,?)",
    RecordKind.REFERRAL: "INSERT INTO referral (seeker_id, target_id, on_date, note) VALUES (?,?,?,?)",
    RecordKind.ASK: "INSERT INTO ask (contact_id, purpose, effort, on_date, status, resolved_on)"
                    " VALUES (?,?,?,?,?,?)",
    RecordKind.GIVE: "INSERT INTO give (contact_id, text, kind, link, on_date) VALUES (?,?,?,?,?)",
    RecordKind.MEETING: "INSERT INTO meeting (contact_id, at, tzid, duration_minutes, referred_by_id, purpose,"
                        " location, notes) VALUES (?,?,?,?,?,?,?,?)",
}
_BATCH = 50_000  # rows per executemany, so 1M generated rows never sit in memory at once
_FTS_REBUILD_FROM = 2_000
_CHUNK = 900  # ids per IN (...), under SQLite's old 999-variable limit


def max_contact_id() -> int:
    """The highest contact id in use (0 in an empty store): new contacts go after it."""
    return database.connection().execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]


def tag_ids(names: Iterable[str], cadences: Mapping[str, int]) -> dict[str, int]:
    """Ids of the tags by case-folded name, creating the missing ones. A tag created here gets its
    cadence from `cadences`; an existing tag keeps the user's."""
    names = list(names)
    existing = {name.casefold() for (name,) in Tag.select(Tag.name).tuples()}
    ids = {name.casefold(): tid for name, tid in ensure_tags(names).items()}
    for name, days in cadences.items():
        if name in names and name.casefold() not in existing:
            Tag.update(every_days=days).where(Tag.id == ids[name.casefold()]).execute()
    return ids


def insert_contacts(contacts: Sequence[Sequence], emails: Sequence[Sequence], phones: Sequence[Sequence],
                    tags: Sequence[tuple[int, int]]) -> None:
    """Insert contact rows (`CONTACT_COLUMNS`), their (contact_id, value, value_key, label, position)
    emails and (contact_id, value, digits, label, position) phones, and (contact_id, tag_id) pairs."""
    conn = database.connection()
    _insert_contact_rows(conn, contacts)
    conn.executemany("INSERT INTO email (contact_id, value, value_key, label, position) VALUES (?,?,?,?,?)", emails)
    conn.executemany("INSERT INTO phone (contact_id, value, digits, label, position) VALUES (?,?,?,?,?)", phones)
    conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)", tags)


def _insert_contact_rows(conn, rows: Sequence[Sequence]) -> None:
    """For big batches, index the contacts for search in one FTS 'rebuild' at the end.

    The per-row FTS trigger costs about four times a rebuild at 10k+ rows. The trigger is dropped and
    re-created from its own stored SQL inside the caller's transaction, so whatever a later migration
    made of it comes back unchanged, and a failure rolls the drop back too.
    """
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'contact_fts_ai'").fetchone()
    if len(rows) < _FTS_REBUILD_FROM or found is None:
        conn.executemany(_CONTACT_SQL, rows)
        return
    conn.execute("DROP TRIGGER contact_fts_ai")
    conn.executemany(_CONTACT_SQL, rows)
    conn.execute(found[0])
    conn.execute("INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')")


def insert_records(kind: RecordKind, rows: Iterable[Sequence]) -> int:
    """Insert a stream of one kind's rows in batches; returns how many went in."""
    conn, sql = database.connection(), _RECORD_SQL[kind]
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            conn.executemany(sql, batch)
            total, batch = total + len(batch), []
    if batch:
        conn.executemany(sql, batch)
        total += len(batch)
    return total


def remove_tagged(tag: str, first_id: int, last_id: int, setting_key: str) -> list[int]:
    """Delete the contacts in [first_id, last_id] that still carry `tag` (their records go by cascade, their
    reminders here), the tag once nobody carries it, and the setting that recorded them. Returns the ids."""
    conn = database.connection()
    row = Tag.get_or_none(Tag.name == tag)
    ids: list[int] = []
    if row is not None:
        ids = [cid for (cid,) in conn.execute(
            "SELECT contact_id FROM contact_tag WHERE tag_id = ? AND contact_id BETWEEN ? AND ?",
            (row.id, first_id, last_id))]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        conn.execute(f"DELETE FROM reminder WHERE contact_id IN ({','.join('?' * len(chunk))})", chunk)
        Contact.delete().where(Contact.id.in_(chunk)).execute()
    if row is not None and not conn.execute("SELECT 1 FROM contact_tag WHERE tag_id = ?", (row.id,)).fetchone():
        row.delete_instance()
    Setting.delete().where(Setting.key == setting_key).execute()
    return ids
