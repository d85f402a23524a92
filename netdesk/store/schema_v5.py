"""Schema version 5: capture of interactions from the user's own mail and calendars (issue 18).

`capture_source` remembers how far each source was read, so a second run reads only what was added:
an mbox by its size, mtime and the offset scanned (with a digest of the bytes just before it, so a file
that was rewritten, as Thunderbird's compaction does, is read again from the start); an IMAP folder by
its UIDVALIDITY and the last UID. `capture_item` holds the Maildir files already read (their unique
name, which survives flag renames). `capture_log` keeps each (message or event occurrence, contact) that
became an interaction, so nothing is logged twice whatever the source; the key stays when the interaction
is undone, so an undo is not undone by the next capture. `capture_exchange` keeps the last 90 days of mail
with people who are not contacts yet, for the suggestions. Bodies are never stored: only these keys.
"""

V5 = [
    """
    CREATE TABLE capture_source (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('mbox','maildir','imap','ics','caldav')),
        location TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL DEFAULT 0,
        mtime_ns INTEGER NOT NULL DEFAULT 0,
        scanned_to INTEGER NOT NULL DEFAULT 0,
        tail_digest TEXT NOT NULL DEFAULT '',
        uidvalidity INTEGER,
        since DATE,
        scanned_at TEXT
    )
    """,
    """
    CREATE TABLE capture_item (
        source_id INTEGER NOT NULL REFERENCES capture_source(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        PRIMARY KEY (source_id, name)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE capture_log (
        key TEXT NOT NULL,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
        source TEXT NOT NULL CHECK (source IN ('mail','calendar')),
        PRIMARY KEY (key, contact_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX capture_log_interaction ON capture_log(interaction_id) WHERE interaction_id IS NOT NULL",
    "CREATE INDEX capture_log_contact ON capture_log(contact_id)",
    """
    CREATE TABLE capture_exchange (
        email TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        on_date DATE NOT NULL,
        sent INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (email, key)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX capture_exchange_date ON capture_exchange(on_date)",
]
