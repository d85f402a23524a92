"""Schema version 1, frozen as SQL.

Migrations are plain SQL, never `create_tables()` from the current models, so that a later change to a
model cannot silently change what an old migration does.
"""

V1 = [
    """
    CREATE TABLE contact (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        given_name TEXT NOT NULL DEFAULT '',
        family_name TEXT NOT NULL DEFAULT '',
        phonetic_given TEXT NOT NULL DEFAULT '',
        phonetic_family TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        how_met TEXT NOT NULL DEFAULT '',
        met_on DATE,
        created_on DATE NOT NULL,
        every_days INTEGER CHECK (every_days IS NULL OR every_days > 0),
        name_ok INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        offer TEXT NOT NULL DEFAULT '',
        strength INTEGER NOT NULL DEFAULT 0 CHECK (strength BETWEEN 0 AND 5),
        birthday TEXT,
        linkedin_url TEXT,
        introduced_by_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
        photo BLOB,
        photo_mime TEXT,
        extra TEXT NOT NULL DEFAULT '{}',
        last_contacted DATE,
        next_due DATE,
        search_text TEXT NOT NULL DEFAULT '',
        sort_name TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX contact_sort_name ON contact(sort_name, id)",
    "CREATE INDEX contact_organisation ON contact(organisation COLLATE NOCASE, id)",
    "CREATE INDEX contact_last_contacted ON contact(last_contacted, id)",
    "CREATE INDEX contact_next_due ON contact(next_due, id)",
    "CREATE INDEX contact_strength ON contact(strength, id)",
    "CREATE UNIQUE INDEX contact_linkedin ON contact(linkedin_url) WHERE linkedin_url IS NOT NULL",
    "CREATE INDEX contact_introduced_by ON contact(introduced_by_id)",
    """
    CREATE TABLE email (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        value TEXT NOT NULL,
        value_key TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX email_contact ON email(contact_id)",
    "CREATE INDEX email_key ON email(value_key)",
    """
    CREATE TABLE phone (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        value TEXT NOT NULL,
        digits TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX phone_contact ON phone(contact_id)",
    "CREATE INDEX phone_digits ON phone(digits)",
    """
    CREATE TABLE url (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        value TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX url_contact ON url(contact_id)",
    """
    CREATE TABLE address (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        label TEXT NOT NULL DEFAULT '',
        street TEXT NOT NULL DEFAULT '',
        locality TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT '',
        postcode TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX address_contact ON address(contact_id)",
    """
    CREATE TABLE tag (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
        every_days INTEGER CHECK (every_days IS NULL OR every_days > 0)
    )
    """,
    """
    CREATE TABLE contact_tag (
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
        PRIMARY KEY (contact_id, tag_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX contact_tag_tag ON contact_tag(tag_id, contact_id)",
    """
    CREATE TABLE interaction (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('call','meeting','email','message','event','social')),
        on_date DATE NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX interaction_contact_date ON interaction(contact_id, on_date)",
    """
    CREATE TABLE favour (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        on_date DATE NOT NULL,
        thanked_on DATE
    )
    """,
    "CREATE INDEX favour_contact ON favour(contact_id)",
    """
    CREATE TABLE thanks (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        on_date DATE NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX thanks_contact ON thanks(contact_id)",
    """
    CREATE TABLE lead (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        on_date DATE NOT NULL,
        thanked_on DATE,
        outcome TEXT,
        outcome_on DATE,
        reported_on DATE
    )
    """,
    "CREATE INDEX lead_contact ON lead(contact_id)",
    """
    CREATE TABLE referral (
        id INTEGER PRIMARY KEY,
        seeker_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        target_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        on_date DATE NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        CHECK (seeker_id <> target_id)
    )
    """,
    "CREATE INDEX referral_seeker ON referral(seeker_id)",
    "CREATE INDEX referral_target ON referral(target_id)",
    """
    CREATE TABLE ask (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        purpose TEXT NOT NULL CHECK (length(trim(purpose)) > 0),
        effort TEXT NOT NULL DEFAULT 'small' CHECK (effort IN ('small','medium','large')),
        on_date DATE NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','granted','declined','withdrawn')),
        resolved_on DATE
    )
    """,
    "CREATE INDEX ask_contact ON ask(contact_id, on_date)",
    """
    CREATE TABLE give (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'article'
            CHECK (kind IN ('article','event','introduction','advice','alternative')),
        link TEXT,
        on_date DATE NOT NULL
    )
    """,
    "CREATE INDEX give_contact ON give(contact_id, on_date)",
    """
    CREATE TABLE meeting (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        tzid TEXT NOT NULL DEFAULT 'UTC',
        duration_minutes INTEGER NOT NULL DEFAULT 60 CHECK (duration_minutes > 0),
        referred_by_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
        purpose TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX meeting_contact ON meeting(contact_id)",
    "CREATE INDEX meeting_at ON meeting(at)",
    """
    CREATE TABLE reminder (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN
            ('thank-you','follow-up','close-the-loop','expect-call','check-back','keep-in-touch','prepare')),
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
    "CREATE INDEX reminder_status_due ON reminder(status, due)",
    "CREATE INDEX reminder_contact ON reminder(contact_id, status)",
    "CREATE INDEX reminder_source ON reminder(source, source_id)",
    """
    CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE ics_component (
        uid TEXT NOT NULL,
        variant TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        body BLOB NOT NULL,
        PRIMARY KEY (uid, variant)
    ) WITHOUT ROWID
    """,
    # Text search: trigram FTS5 over text that was already folded (case, accents) in Python,
    # so substrings in any script match and no tokenizer option newer than SQLite 3.34 is needed.
    "CREATE VIRTUAL TABLE contact_fts USING fts5(search_text, content='contact', content_rowid='id', tokenize='trigram')",
    """
    CREATE TRIGGER contact_fts_ai AFTER INSERT ON contact BEGIN
        INSERT INTO contact_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
    """
    CREATE TRIGGER contact_fts_ad AFTER DELETE ON contact BEGIN
        INSERT INTO contact_fts(contact_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END
    """,
    """
    CREATE TRIGGER contact_fts_au AFTER UPDATE OF search_text ON contact BEGIN
        INSERT INTO contact_fts(contact_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO contact_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
    # last_contacted is denormalised so the 100k list can sort on an index; triggers keep it true
    # whichever code path writes interactions.
    """
    CREATE TRIGGER interaction_ai AFTER INSERT ON interaction BEGIN
        UPDATE contact SET last_contacted = new.on_date
         WHERE id = new.contact_id AND (last_contacted IS NULL OR last_contacted < new.on_date);
    END
    """,
    """
    CREATE TRIGGER interaction_ad AFTER DELETE ON interaction BEGIN
        UPDATE contact SET last_contacted =
            (SELECT max(on_date) FROM interaction WHERE contact_id = old.contact_id)
         WHERE id = old.contact_id;
    END
    """,
    """
    CREATE TRIGGER interaction_au AFTER UPDATE OF on_date, contact_id ON interaction BEGIN
        UPDATE contact SET last_contacted =
            (SELECT max(on_date) FROM interaction WHERE contact_id = contact.id)
         WHERE id IN (old.contact_id, new.contact_id);
    END
    """,
]
