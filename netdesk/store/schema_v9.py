"""Schema version 9: global identity of every history record, and the history's sync (issue 17, SYNC.md).

Every history table gets `uid` (unique, never '' once a row is written): existing rows get fresh random
(version 4) UUIDs here; a new row gets one from its model's default, and a trigger gives one to a row that
raw SQL wrote without it. `reminder_action` records what the user decided about a reminder (done, snoozed,
dismissed) by the reminder's UID, so the decision travels to a second installation like any record.

The history's sync mirrors schema 7's contacts: `history_book` is the account's VJOURNAL collection (or a
note that the server stores none), `history_item` each record netdesk knows on that server with its fields
as last synced (`base`, JSON), `history_outbox` is filled by triggers in the same transaction as the
write, `history_pending` holds a record that arrived before its contact, and `history_conflict` a field
edited differently on both sides (the local value stays, the server's is kept beside it).
"""

from __future__ import annotations

from netdesk.domain.identity import HISTORY_TABLES

# A version 4 UUID in SQL, lower case, as uuid.uuid4() writes it.
UUID4_SQL = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)
RECORD_TABLES = HISTORY_TABLES[:-1]  # the tables that existed before; reminder_action is made here

_QUEUE = ("INSERT OR REPLACE INTO history_outbox(account_id, uid, kind) "
          "SELECT account_id, {row}.uid, '{table}' FROM history_book WHERE supported = 1 AND {row}.uid != ''")


def _identity(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN uid TEXT NOT NULL DEFAULT ''",
        f"UPDATE {table} SET uid = {UUID4_SQL}",
        f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)",
    ]


def _triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_uid_new AFTER INSERT ON {table} WHEN NEW.uid = '' BEGIN "
        f"UPDATE {table} SET uid = {UUID4_SQL} WHERE rowid = NEW.rowid; END",
        f"CREATE TRIGGER history_outbox_{table}_insert AFTER INSERT ON {table} BEGIN "
        f"{_QUEUE.format(row='NEW', table=table)}; END",
        f"CREATE TRIGGER history_outbox_{table}_update AFTER UPDATE ON {table} BEGIN "
        f"{_QUEUE.format(row='NEW', table=table)}; END",
        f"CREATE TRIGGER history_outbox_{table}_delete AFTER DELETE ON {table} BEGIN "
        f"{_QUEUE.format(row='OLD', table=table)}; END",
    ]


V9 = [
    *[s for table in RECORD_TABLES for s in _identity(table)],
    """
    CREATE TABLE reminder_action (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL DEFAULT '',
        reminder_uid TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('done','snoozed','cancelled')),
        due DATE,
        on_date DATE NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX reminder_action_uid ON reminder_action(uid)",
    "CREATE INDEX reminder_action_reminder ON reminder_action(reminder_uid, created_at)",
    # The decisions users already made become actions, so a second installation learns them too.
    "INSERT INTO reminder_action(uid, reminder_uid, action, due, on_date, created_at) "
    f"SELECT {UUID4_SQL}, uid, user_status, CASE WHEN user_status = 'snoozed' THEN due END, "
    "coalesce(closed_on, substr(updated_at, 1, 10)), updated_at FROM reminder WHERE user_status IS NOT NULL",
    """
    CREATE TABLE history_book (
        account_id INTEGER PRIMARY KEY REFERENCES sync_account(id) ON DELETE CASCADE,
        url TEXT NOT NULL DEFAULT '',
        supported INTEGER NOT NULL DEFAULT 1,
        sync_token TEXT,
        first_done INTEGER NOT NULL DEFAULT 0
    )
    """,
    """
    CREATE TABLE history_item (
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        kind TEXT NOT NULL,
        href TEXT NOT NULL,
        etag TEXT,
        base TEXT NOT NULL,
        PRIMARY KEY (account_id, uid)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX history_item_href ON history_item(account_id, href)",
    """
    CREATE TABLE history_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        kind TEXT NOT NULL,
        UNIQUE (account_id, uid)
    )
    """,
    """
    CREATE TABLE history_pending (
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        href TEXT NOT NULL,
        etag TEXT,
        body TEXT NOT NULL,
        waits_for TEXT NOT NULL,
        PRIMARY KEY (account_id, uid)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE history_conflict (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        kind TEXT NOT NULL,
        field TEXT NOT NULL,
        local TEXT,
        remote TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, uid, field)
    )
    """,
    *[s for table in HISTORY_TABLES for s in _triggers(table)],
]
