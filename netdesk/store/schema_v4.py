"""Schema version 4: CalDAV accounts, what each one holds, and the outbox (SYNC.md).

The outbox is filled by triggers, so every write to a reminder or a meeting queues it in the same
transaction as the write itself: no use case can forget to, and a crash after the commit loses nothing.
Meetings are queued as `meeting/<id>` (they have no calendar UID column); reminders by their UID. A
write replaces its entry, so an entry newer than what a running sync read stays queued.
Passwords are never here: they live in the system keyring.
"""

V4 = [
    """
    CREATE TABLE sync_account (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        username TEXT NOT NULL,
        calendar TEXT NOT NULL DEFAULT 'netdesk',
        calendar_url TEXT NOT NULL DEFAULT '',
        reminders_as TEXT NOT NULL DEFAULT 'events' CHECK (reminders_as IN ('events','tasks')),
        ca_cert TEXT NOT NULL DEFAULT '',
        addressbook TEXT NOT NULL DEFAULT '',
        contacts INTEGER NOT NULL DEFAULT 1,
        history INTEGER NOT NULL DEFAULT 1,
        sync_token TEXT,
        last_synced TEXT,
        created_at TEXT NOT NULL
    )
    """,
    # One row per calendar object netdesk put on the account's server: where, which ETag, which bytes.
    """
    CREATE TABLE sync_item (
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        href TEXT NOT NULL,
        etag TEXT,
        digest TEXT,
        PRIMARY KEY (account_id, uid)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX sync_item_href ON sync_item(account_id, href)",
    """
    CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        UNIQUE (account_id, key)
    )
    """,
    """
    CREATE TRIGGER sync_outbox_reminder_insert AFTER INSERT ON reminder BEGIN
        INSERT OR REPLACE INTO sync_outbox(account_id, key) SELECT id, NEW.uid FROM sync_account;
    END
    """,
    """
    CREATE TRIGGER sync_outbox_reminder_update AFTER UPDATE ON reminder BEGIN
        INSERT OR REPLACE INTO sync_outbox(account_id, key) SELECT id, NEW.uid FROM sync_account;
    END
    """,
    """
    CREATE TRIGGER sync_outbox_meeting_insert AFTER INSERT ON meeting BEGIN
        INSERT OR REPLACE INTO sync_outbox(account_id, key) SELECT id, 'meeting/' || NEW.id FROM sync_account;
    END
    """,
    """
    CREATE TRIGGER sync_outbox_meeting_update AFTER UPDATE ON meeting BEGIN
        INSERT OR REPLACE INTO sync_outbox(account_id, key) SELECT id, 'meeting/' || NEW.id FROM sync_account;
    END
    """,
    """
    CREATE TRIGGER sync_outbox_meeting_delete AFTER DELETE ON meeting BEGIN
        INSERT OR REPLACE INTO sync_outbox(account_id, key) SELECT id, 'meeting/' || OLD.id FROM sync_account;
    END
    """,
]
