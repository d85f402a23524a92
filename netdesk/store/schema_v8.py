"""Schema version 8: anniversaries of working together (issue 20 item 5).

`contact.anniversary` holds the date a vCard's ANNIVERSARY (4.0) or X-ANNIVERSARY / X-EVOLUTION-ANNIVERSARY /
X-MS-ANNIVERSARY / X-ABDATE labelled anniversary (3.0) brought in, or the user typed on the card, in the
birthday's form (YYYY-MM-DD, or --MM-DD without a year). It gives a yearly `anniversary` reminder, so the
reminder table's CHECK on kind is widened the way schema v6 did it (a new table, rows copied with their
ids, the old one dropped, the new one renamed, its indexes and triggers made again from sqlite_master).

The column is one of the card's synced fields, so v7's trigger that queues a contact for CardDAV when a
synced column changes is made again with `anniversary` in its list.
"""

from netdesk.store.schema_v6 import reminder_schema

KINDS = ("'thank-you','follow-up','close-the-loop','expect-call','check-back','keep-in-touch','prepare',"
         "'birthday','anniversary'")

_SYNCED = ("name, given_name, family_name, phonetic_given, phonetic_family, organisation, department, title, "
           "how_met, met_on, every_days, name_ok, notes, strength, birthday, anniversary, linkedin_url, photo, "
           "photo_mime, extra")

_COLUMNS = ("id, uid, kind, contact_id, contact_name, source, source_id, rule_due, due, status, title, detail, "
            "sequence, user_status, closed_on, created_at, updated_at")

V8 = [
    "ALTER TABLE contact ADD COLUMN anniversary TEXT",
    "DROP TRIGGER IF EXISTS card_outbox_contact_update",
    f"CREATE TRIGGER card_outbox_contact_update AFTER UPDATE OF {_SYNCED} ON contact BEGIN "
    "INSERT OR REPLACE INTO card_outbox(account_id, contact_id) SELECT id, NEW.id FROM sync_account "
    "WHERE contacts = 1 AND addressbook != ''; END",
    f"""
    CREATE TABLE reminder_v8 (
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
    f"INSERT INTO reminder_v8 ({_COLUMNS}) SELECT {_COLUMNS} FROM reminder",
    "DROP TABLE reminder",
    "ALTER TABLE reminder_v8 RENAME TO reminder",
]

__all__ = ["KINDS", "V8", "reminder_schema"]
