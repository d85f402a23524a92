"""Schema v8 (issue 20 item 5): a store at v7 with reminders upgrades with every reminder row, index and
trigger kept, takes the `anniversary` kind, and queues a contact for CardDAV when its anniversary changes."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from netdesk.store import migrations
from netdesk.store.schema_v6 import reminder_schema

NOW = "2026-12-02T10:00:00"


def _at_v7(path) -> peewee.SqliteDatabase:
    db = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    migrations.migrate(db, migrations.MIGRATIONS[:7])
    db.execute_sql("INSERT INTO contact(name, created_on, updated_at) VALUES ('Chloé Martin', '2026-01-01', ?)", (NOW,))
    db.execute_sql(
        "INSERT INTO reminder(uid, kind, contact_id, contact_name, source, source_id, rule_due, due, title, "
        "created_at, updated_at) VALUES ('r-1', 'birthday', 1, 'Chloé Martin', 'birthday', 1, '2026-12-05', "
        "'2026-12-05', 'Birthday of Chloé Martin', ?, ?)", (NOW, NOW))
    return db


def test_v8_keeps_reminders_and_their_indexes_and_triggers(tmp_path):
    db = _at_v7(tmp_path / "s.sqlite3")
    before = reminder_schema(db)
    rows = db.execute_sql("SELECT * FROM reminder").fetchall()
    migrations.migrate(db, migrations.MIGRATIONS[:8])
    assert migrations.user_version(db) == 8
    assert db.execute_sql("SELECT * FROM reminder").fetchall() == rows
    assert reminder_schema(db) == before
    db.execute_sql(
        "INSERT INTO reminder(uid, kind, contact_id, contact_name, source, source_id, rule_due, due, title, "
        "created_at, updated_at) VALUES ('r-2', 'anniversary', 1, 'Chloé Martin', 'anniversary', 1, "
        "'2027-03-01', '2027-03-01', 'Anniversary', ?, ?)", (NOW, NOW))
    with pytest.raises(peewee.IntegrityError):
        db.execute_sql(
            "INSERT INTO reminder(uid, kind, source, source_id, rule_due, due, title, created_at, updated_at) "
            "VALUES ('r-3', 'no-such-kind', 'x', 1, '2027-03-01', '2027-03-01', 'x', ?, ?)", (NOW, NOW))
    db.close()


def test_v8_anniversary_change_queues_the_card(tmp_path):
    path = tmp_path / "s.sqlite3"
    db = _at_v7(path)
    migrations.migrate(db)
    db.execute_sql("INSERT INTO sync_account(name, url, username, contacts, addressbook, created_at) "
                   "VALUES ('phone', 'http://127.0.0.1:1/', 'u', 1, 'http://127.0.0.1:1/book/', ?)", (NOW,))
    db.execute_sql("DELETE FROM card_outbox")
    db.execute_sql("UPDATE contact SET anniversary = '2019-03-01' WHERE id = 1")
    assert db.execute_sql("SELECT contact_id FROM card_outbox").fetchall() == [(1,)]
    db.execute_sql("DELETE FROM card_outbox")
    db.execute_sql("UPDATE contact SET last_contacted = '2026-12-01' WHERE id = 1")
    assert db.execute_sql("SELECT count(*) FROM card_outbox").fetchone() == (0,)
    db.close()
    conn = sqlite3.connect(path)
    assert "anniversary" in [r[1] for r in conn.execute("PRAGMA table_info(contact)")]
    conn.close()
