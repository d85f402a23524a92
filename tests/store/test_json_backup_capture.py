"""The JSON backup carries capture's state (issue 18): how far each source was read, the Maildir files read,
the (message, contact) keys logged, the exchanges behind the suggestions, the capture settings and the
window's sources. Through the CLI: export from one store, import into a new one, and capture again there:
nothing is logged twice, an undone capture stays undone, the suggestions are the same."""

from __future__ import annotations

import json
import sqlite3

from tests.capture.mail_kit import ME, add_contact, captured, message, rows, write_maildir, write_mbox

TABLES = ("capture_source", "capture_item", "capture_log", "capture_exchange")


def _table(db, table: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        return sorted(conn.execute(f'SELECT {", ".join(columns)} FROM "{table}"').fetchall(), key=repr)
    finally:
        conn.close()


def test_capture_state_round_trips_through_the_json_backup(cli, db_path, tmp_path):
    ana = add_contact(cli, "Ana Lima", "ana@example.org")
    add_contact(cli, "Bob Smith", "bob@example.org")
    assert cli("capture", "settings", "--me", ME, "--skip", "example.net", "--subjects", "off").returncode == 0
    box = write_mbox(tmp_path / "Sent.mbox", [
        message(ME, "ana@example.org", days_ago=6, subject="Lunch?"),
        message(ME, "bob@example.org", days_ago=5, subject="Slides"),
        *[message(ME, "Dana Park <dana@new.example>", days_ago=d) for d in (9, 8, 7)],
    ])
    maildir = write_maildir(tmp_path / "Mail" / "INBOX", [message("ana@example.org", ME, days_ago=2)])
    first = captured(cli("capture", "mail", str(box), str(maildir), "--json"))
    assert first["logged"] == 3 and [s["email"] for s in first["suggested"]] == ["dana@new.example"]
    # Undo one captured interaction (as the window's Edit ▸ Undo does): its key stays, so it is not re-logged.
    (bob_mail,) = rows(db_path, "SELECT i.id FROM interaction i JOIN contact c ON c.id = i.contact_id"
                                " WHERE c.name = 'Bob Smith'")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM interaction WHERE id = ?", bob_mail)
    conn.close()
    conn = sqlite3.connect(db_path)
    with conn:  # the window's remembered sources are settings too
        conn.execute("INSERT INTO setting (key, value) VALUES ('capture.sources', ?)",
                     (json.dumps([{"kind": "mail", "location": str(box)}]),))
    conn.close()
    backup = tmp_path / "backup.json"
    assert cli("export", str(backup), "--format", "json").returncode == 0
    document = json.loads(backup.read_text())
    assert all(document["tables"][t]["rows"] for t in TABLES)  # every capture table, none empty

    restored = tmp_path / "restored.sqlite3"
    result = cli("--db", str(restored), "import", str(backup), "--json")
    assert result.returncode == 0, result.stderr
    for table in TABLES:
        assert _table(restored, table) == _table(db_path, table), table
    settings = dict(rows(restored, "SELECT key, value FROM setting WHERE key LIKE 'capture.%'"))
    assert json.loads(settings["capture.me"]) == [ME] and json.loads(settings["capture.subjects"]) is False
    assert json.loads(settings["capture.sources"]) == [{"kind": "mail", "location": str(box)}]

    # Capture again in the restored store, with one new message: only that one is read and logged.
    write_mbox(box, [message("bob@example.org", ME, days_ago=1, subject="Re: Slides")])
    again = captured(cli("--db", str(restored), "capture", "mail", str(box), str(maildir), "--json"))
    assert (again["messages"], again["logged"], again["already_logged"]) == (1, 1, 0)
    assert [s["email"] for s in again["suggested"]] == ["dana@new.example"]
    notes = rows(restored, "SELECT note FROM interaction WHERE contact_id = ? ORDER BY on_date", ana)
    assert notes == [("Captured from mail (sent)",), ("Captured from mail (received)",)]  # subjects off
    bob = rows(restored, "SELECT count(*) FROM interaction i JOIN contact c ON c.id = i.contact_id"
                         " WHERE c.name = 'Bob Smith'")
    assert bob == [(1,)]  # the undone one stays undone; the new reply is logged
