"""Schema version 7: CardDAV contact sync (issue 16, SYNC.md).

`card_book` is the address book of an account (its URL and sync token). `card_item` is one card netdesk
knows on that server: its UID (the identity), href, ETag, the contact it stands for, and `base`, the fields
of the card as last synced (JSON, a photo by its digest): the base of the three-way merge, so a card
whose ETag moved but whose content did not is no change, and no conflict. `contact_id` has no foreign
key on purpose: a contact deleted in netdesk must still be found to be deleted on the server.

`card_outbox` is filled by triggers, so every write of a contact's synced fields (its row, emails,
phones, URLs, addresses, tags, a renamed tag) queues it in the same
transaction as the write itself (archiving and restoring write `extra`, so they queue it too). Writes of
derived columns (last contacted, next due, search text) do not queue anything. `card_conflict` holds a
field changed differently on both sides: the local value stays, the server's is kept beside it until the
user chooses.
"""

_SYNCED = ("name, given_name, family_name, phonetic_given, phonetic_family, organisation, department, title, "
           "how_met, met_on, every_days, name_ok, notes, strength, birthday, linkedin_url, photo, photo_mime, extra")
_ACCOUNTS = "SELECT id, {cid} FROM sync_account WHERE contacts = 1 AND addressbook != ''"


def _queue(name: str, event: str, cid: str) -> str:
    return (f"CREATE TRIGGER card_outbox_{name} AFTER {event} BEGIN "
            f"INSERT OR REPLACE INTO card_outbox(account_id, contact_id) {_ACCOUNTS.format(cid=cid)}; END")


V7 = [
    """
    CREATE TABLE card_book (
        account_id INTEGER PRIMARY KEY REFERENCES sync_account(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        sync_token TEXT,
        first_done INTEGER NOT NULL DEFAULT 0
    )
    """,
    """
    CREATE TABLE card_item (
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        contact_id INTEGER,
        href TEXT NOT NULL,
        etag TEXT,
        base TEXT NOT NULL,
        PRIMARY KEY (account_id, uid)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX card_item_contact ON card_item(account_id, contact_id)",
    "CREATE INDEX card_item_href ON card_item(account_id, href)",
    """
    CREATE TABLE card_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL,
        UNIQUE (account_id, contact_id)
    )
    """,
    """
    CREATE TABLE card_conflict (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES sync_account(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        local TEXT NOT NULL,
        remote TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, contact_id, field)
    )
    """,
    "CREATE INDEX card_conflict_contact ON card_conflict(contact_id)",
    _queue("contact_insert", "INSERT ON contact", "NEW.id"),
    _queue("contact_update", f"UPDATE OF {_SYNCED} ON contact", "NEW.id"),
    _queue("contact_delete", "DELETE ON contact", "OLD.id"),
    *[_queue(f"{table}_{event.lower()}", f"{event} ON {table}", f"{row}.contact_id")
      for table in ("email", "phone", "url", "address", "contact_tag")
      for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))],
    "CREATE TRIGGER card_outbox_tag_rename AFTER UPDATE OF name ON tag BEGIN "
    "INSERT OR REPLACE INTO card_outbox(account_id, contact_id) SELECT a.id, ct.contact_id FROM sync_account a "
    "JOIN contact_tag ct ON ct.tag_id = NEW.id WHERE a.contacts = 1 AND a.addressbook != ''; END",
]
