"""A list edit keeps the labels of the values that stay: an address book's "work" and "cell" survive netdesk."""

import sqlite3

CARD = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0b6f0c4e-4d4c-4a55-9d6b-6d3c0f1a2b3c\r\nFN:Ana Lima\r\n"
    "N:Lima;Ana;;;\r\nEMAIL;TYPE=work:ana@acme.example\r\nEMAIL;TYPE=home:ana@home.example\r\n"
    "TEL;TYPE=cell:+44 20 7946 0018\r\nEND:VCARD\r\n"
)


def _labels(db_path, table: str) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"SELECT value, label FROM {table} ORDER BY position, id").fetchall()
    finally:
        conn.close()


def test_adding_an_email_keeps_the_labels_of_the_others(cli, db_path, tmp_path):
    card = tmp_path / "ana.vcf"
    card.write_text(CARD, encoding="utf-8", newline="")
    assert cli("import", str(card)).returncode == 0
    before = _labels(db_path, "email")
    assert [label for _, label in before] != ["", ""], before  # the import kept them (the premise)
    done = cli("contact", "set", "Ana Lima", "--email", "ana@new.example")
    assert done.returncode == 0, done.stderr
    after = _labels(db_path, "email")
    assert after[:2] == before and after[2] == ("ana@new.example", "")
    assert _labels(db_path, "phone")[0][1] != ""


def test_an_edit_through_the_service_keeps_labels_and_its_undo_too(store, tmp_path):
    from netdesk.services import contact_edit, contacts
    from netdesk.store.db import database
    from tests.conftest import TODAY

    added = contacts.add_contact("Bo Chen", emails=["bo@acme.example", "bo@home.example"], today=TODAY)
    database.execute_sql("UPDATE email SET label = 'work' WHERE value = 'bo@acme.example'")
    edited = contact_edit.update_fields(added.id, {"emails": ["bo@home.example", "bo@acme.example"]}, today=TODAY)
    rows = database.execute_sql("SELECT value, label FROM email ORDER BY position").fetchall()
    assert rows == [("bo@home.example", ""), ("bo@acme.example", "work")]
    contact_edit.update_fields(added.id, edited.previous, today=TODAY)
    rows = database.execute_sql("SELECT value, label FROM email ORDER BY position").fetchall()
    assert rows == [("bo@acme.example", "work"), ("bo@home.example", "")]
