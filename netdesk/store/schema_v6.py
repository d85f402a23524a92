"""Schema version 6: the `birthday` reminder kind (issue 20).

SQLite cannot change a CHECK constraint in place, so the reminder table is rebuilt the documented way
(https://www.sqlite.org/lang_altertable.html#otheralter): a new table with the wider CHECK, every row
copied with its id, the old one dropped, the new one renamed, then the indexes and triggers that went
with the old table (read from sqlite_master before, so v3's index and v4's outbox triggers come back as
they were) made again. Nothing references reminder(id).
"""

KINDS = ("'thank-you','follow-up','close-the-loop','expect-call','check-back','keep-in-touch','prepare',"
         "'birthday'")

V6 = [
    f"""
    CREATE TABLE reminder_v6 (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ({KINDS})),
        contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
        contact_name TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        source_id INTEGER NOT NULL,
        rule_due DATE NOT NULL,
        due DATE NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','snoozed','cancelled')),
        title TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        sequence INTEGER NOT NULL DEFAULT 0,
        user_status TEXT,
        closed_on DATE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "INSERT INTO reminder_v6 (id, uid, kind, contact_id, contact_name, source, source_id, rule_due, due, status, "
    "title, detail, sequence, user_status, closed_on, created_at, updated_at) "
    "SELECT id, uid, kind, contact_id, contact_name, source, source_id, rule_due, due, status, "
    "title, detail, sequence, user_status, closed_on, created_at, updated_at FROM reminder",
    "DROP TABLE reminder",
    "ALTER TABLE reminder_v6 RENAME TO reminder",
]


def reminder_schema(db) -> list[str]:
    """The CREATE statements of the reminder table's own indexes and triggers (not the UNIQUE autoindex)."""
    return [sql for (sql,) in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'reminder' AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type, name").fetchall()]
